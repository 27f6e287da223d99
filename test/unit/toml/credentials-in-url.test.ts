import * as assert from 'assert';
import { findingsOf, type Files } from '../../helpers/workspace';
import { covered, pkg } from '../../helpers/toml';

const ID = 'credentials-in-url';
const ws = (files: Files): Files => ({ 'Cargo.toml': pkg('svc', ''), ...files });

describe(ID, () => {
  describe('flags', () => {
    it('TOML: a database URL with user:password, on the user:password part', () => {
      const config = '[database]\nurl = "postgres://synctv:hunter2@db:5432/synctv"\nreplicas = ["redis://:s3cret@cache:6379/0"]\n';
      const found = findingsOf(ws({ 'config.toml': config }), ID);
      assert.deepStrictEqual(found.map((d) => covered(config, d)), ['synctv:hunter2', ':s3cret']);
      assert.match(found[0].message, /postgres URL embeds the password of `synctv`/);
      assert.strictEqual(found[0].severity, 'warning');
    });
    it('YAML: compose environment (map and list forms) and k8s env values', () => {
      const compose = 'services:\n  app:\n    environment:\n      DATABASE_URL: "postgres://app:app_pw@postgres:5432/app"\n      REDIS_URL: redis://default:pw@redis:6379\n';
      const k8s = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      env:\n        - name: AMQP_URL\n          value: "amqp://guest:guest@rabbit:5672/"\n';
      const found = findingsOf(ws({ 'docker-compose.yml': compose, 'k8s/pod.yaml': k8s }), ID);
      assert.deepStrictEqual(found.map((d) => `${d.path}:${d.range.start.line}`), ['docker-compose.yml:3', 'docker-compose.yml:4', 'k8s/pod.yaml:7']);
      assert.strictEqual(covered(compose, found[0]), 'app:app_pw');
      const list = 'services:\n  app:\n    environment:\n      - "REDIS_URL=redis://default:pw@redis:6379"\n';
      assert.strictEqual(findingsOf(ws({ 'compose.yaml': list }), ID).length, 1);
    });
    it('.env files', () => {
      const found = findingsOf(ws({ '.env': 'DATABASE_URL=mysql://root:root@localhost/app\n' }), ID);
      assert.strictEqual(found.length, 1);
      assert.deepStrictEqual([found[0].range.start.character, found[0].range.end.character], [21, 30]);
    });
  });
  describe('does not flag', () => {
    it('${VAR} and other placeholders, user@host without password, plain URLs', () => {
      const config = [
        'a = "postgres://app:${DB_PASSWORD}@db/app"',
        'b = "postgres://app@db/app"',
        'c = "https://example.com/path?x=1"',
        'd = "postgres://app:$PGPASSWORD@db/app"',
        'e = "postgres://user:<password>@host/db"',
        'f = "ssh://git@github.com/acme/x"',
        'g = "postgres://u:{{ .Values.pw }}@db/app"',
        'h = "not a url: user:pw@host"',
      ].join('\n') + '\n';
      assert.deepStrictEqual(findingsOf(ws({ 'config.toml': config }), ID), []);
    });
    it('CI workflows, test fixtures and Cargo.lock', () => {
      const wf = 'jobs:\n  t:\n    env:\n      DATABASE_URL: postgres://postgres:postgres@localhost:5432/test\n';
      const files = ws({ '.github/workflows/ci.yml': wf, '.gitlab-ci.yml': wf, 'tests/fixtures/app.toml': 'u = "postgres://a:b@c/d"\n' });
      assert.deepStrictEqual(findingsOf(files, ID), []);
    });
  });
});
