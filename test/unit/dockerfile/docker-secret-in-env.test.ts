import * as assert from 'assert';
import { dockerWorkspace, findingsOf, spans } from '../../helpers/dockerfile';

const ID = 'docker-secret-in-env';
const found = (df: string, extra = {}) => findingsOf(dockerWorkspace(df, extra), ID, 'Dockerfile');

describe(ID, () => {
  describe('flags', () => {
    it('ENV JWT_SECRET=changeme (seed 004), on the key=value', () => {
      const f = found('FROM debian:12\nENV RUST_LOG=info JWT_SECRET=changeme\n');
      assert.deepStrictEqual(spans(f), [[1, 18, 37]]);
      assert.match(f[0].message, /`ENV JWT_SECRET`.*docker inspect/);
      assert.strictEqual(f[0].severity, 'error');
    });
    it('legacy ENV form, quoted values, ARG defaults, initial ARGs', () => {
      const df = 'ARG NPM_TOKEN=npm_abc\nFROM debian:12\nENV DB_PASSWORD hunter2\nENV API_KEY="abc def"\nARG GITHUB_TOKEN=ghp_x\n';
      const f = found(df);
      assert.deepStrictEqual(f.map((d) => d.message.split('`')[1]), ['ARG NPM_TOKEN', 'ENV DB_PASSWORD', 'ENV API_KEY', 'ARG GITHUB_TOKEN']);
      assert.match(f[0].message, /docker history/);
    });
    it('a ${X:-default} fallback bakes the default in', () => {
      assert.strictEqual(found('FROM debian:12\nARG SECRET\nENV APP_SECRET=${SECRET:-devsecret}\n').length, 1);
    });
    it('extra names from [rules.docker-secret-in-env] names', () => {
      const extra = { '.readiness.toml': '[rules.docker-secret-in-env]\nnames = ["pin"]\n' };
      assert.strictEqual(found('FROM debian:12\nENV ADMIN_PIN=1234\n', extra).length, 1);
    });
  });
  describe('does not flag', () => {
    it('ARG without default, empty values, variable references, secrets-file paths', () => {
      const df = [
        'FROM debian:12',
        'ARG TOKEN',
        'ARG PASSWORD=""',
        'ENV JWT_SECRET=$JWT_SECRET',
        'ENV API_TOKEN=${API_TOKEN}',
        'ENV DB_PASSWORD=${DB_PASSWORD:?required}',
        'ENV SESSION_SECRET=/run/secrets/session',
      ].join('\n');
      assert.deepStrictEqual(found(df), []);
    });
    it('names that are not secrets: *_FILE, *_PATH, token counts, tokenizer', () => {
      const df = 'FROM debian:12\nENV JWT_SECRET_FILE=/etc/jwt JWT_SECRET_PATH=/etc/x MAX_TOKENS=100 TOKENIZER=bpe TOKEN_TTL=3600\n';
      assert.deepStrictEqual(found(df), []);
    });
  });
});
