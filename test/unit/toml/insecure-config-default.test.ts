import * as assert from 'assert';
import { findingsOf, type Files } from '../../helpers/workspace';
import { covered, pkg } from '../../helpers/toml';

const ID = 'insecure-config-default';
const ws = (files: Files): Files => ({ 'Cargo.toml': pkg('svc', ''), ...files });

describe(ID, () => {
  describe('flags', () => {
    it('the seed config: auth_token = "devtoken" and db_key = "" (encryption-at-rest message), on the value', () => {
      const config = '# Example server configuration\nlisten = "0.0.0.0:7000"\nauth_token = "devtoken"\ndb_key = ""\ndb_path = "data/chat.db"\n';
      const found = findingsOf(ws({ 'config.toml': config }), ID, 'config.toml');
      assert.deepStrictEqual(found.map((d) => covered(config, d)), ['"devtoken"', '""']);
      assert.match(found[0].message, /placeholder "devtoken"/);
      assert.match(found[1].message, /empty key disables encryption at rest/);
      assert.strictEqual(found[0].severity, 'error');
    });
    it('nested tables, inline tables, any app config name and placeholder forms', () => {
      const config = '[database]\npassword = "changeme"\n\n[auth]\njwt = { secret = "your_jwt_secret_here" }\napi_key = "xxxxxx"\nadmin_password = "admin"\nclient_secret = "<client-secret>"\n';
      const found = findingsOf(ws({ 'deploy/settings.toml': config }), ID);
      assert.deepStrictEqual(found.map((d) => covered(config, d)), ['"changeme"', '"your_jwt_secret_here"', '"xxxxxx"', '"admin"', '"<client-secret>"']);
    });
    it('.env, *.env and .env.example files; empty values only outside templates', () => {
      const files = ws({
        '.env': 'AUTH_TOKEN=devtoken\nDB_PASSWORD=\n',
        'deploy/prod.env': 'export API_KEY="changeme"\n',
        '.env.example': 'SESSION_SECRET=changeme\nDATABASE_PASSWORD=\n',
      });
      const found = findingsOf(files, ID);
      assert.deepStrictEqual(found.map((d) => `${d.path}:${d.range.start.line}`).sort(), ['.env.example:0', '.env:0', '.env:1', 'deploy/prod.env:0']);
      // An empty .env value has no width: the key is reported.
      const empty = found.find((d) => d.path === '.env' && d.range.start.line === 1)!;
      assert.deepStrictEqual([empty.range.start.character, empty.range.end.character], [0, 11]);
    });
    it('extra secret names from [rules.insecure-config-default] names', () => {
      const files = ws({ 'app.toml': 'pin = "0000"\nunlock_code = "test"\n', '.readiness.toml': '[rules.insecure-config-default]\nnames = ["unlock_code"]\n' });
      assert.strictEqual(findingsOf(files, ID).length, 1);
    });
  });
  describe('does not flag', () => {
    it('real-looking values, non-secret keys, ${VAR} references', () => {
      const config = 'auth_token = "k8J2mQ9x-Lw3pZr7"\ntoken_ttl = "test"\npassword_file = ""\nmode = "test"\nsecret = "${APP_SECRET}"\nname = "admin"\n';
      assert.deepStrictEqual(findingsOf(ws({ 'config.toml': config }), ID), []);
    });
    it('tool manifests: Cargo.toml, deny.toml, rustfmt.toml, clippy.toml, .cargo/config.toml; tests and fixtures', () => {
      const bad = 'password = "changeme"\n';
      const files: Files = {
        'Cargo.toml': pkg('svc', '') + '\n[package.metadata.x]\npassword = "changeme"\n',
        'deny.toml': bad, 'rustfmt.toml': bad, 'clippy.toml': bad, 'rust-toolchain.toml': bad, '.cargo/config.toml': bad,
        'tests/fixtures/config.toml': bad, 'crates/a/tests/app.toml': bad, 'testdata/.env': 'TOKEN=devtoken\n',
      };
      assert.deepStrictEqual(findingsOf(files, ID), []);
    });
  });
});
