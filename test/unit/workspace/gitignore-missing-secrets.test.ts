import * as assert from 'assert';
import { assertFixWorks, findingsOf, type Files } from '../../helpers/workspace';
import { pkg } from '../../helpers/toml';

const ID = 'gitignore-missing-secrets';
const CONFIG = 'listen = "0.0.0.0:7000"\ndb_path = "data/chat.db"\ncert_path = "data/server-cert.der"\nkey_path = "data/server-key.der"\n';
const ws = (gitignore: string | undefined, extra: Files = {}): Files => ({
  'Cargo.toml': pkg('svc', ''), 'config.toml': CONFIG, ...(gitignore === undefined ? {} : { '.gitignore': gitignore }), ...extra,
});

describe(ID, () => {
  describe('flags', () => {
    it('the seed: data/ named in config.toml, .gitignore has only /target; the fix appends data/', () => {
      const found = findingsOf(ws('/target\n*.swp\n'), ID);
      assert.strictEqual(found.length, 1);
      assert.strictEqual(found[0].path, '.gitignore');
      assert.match(found[0].message, /does not cover `data\/`.*config\.toml/);
      assert.strictEqual(found[0].related.length, 3);
      const after = assertFixWorks(ws('/target\n*.swp\n'), ID, '.gitignore');
      assert.strictEqual(after['.gitignore'], '/target\n*.swp\ndata/\n');
      assert.deepStrictEqual(findingsOf(after, ID), []);
    });
    it('key files by extension, .env files in the tree, env and Rust string paths', () => {
      const files = ws('/target\n', {
        'config.toml': 'tls_key = "certs.d/server.key"\n',
        '.env': 'APP_DATA_DIR=data\n',
        'src/main.rs': 'fn main() { let _ = std::fs::read("keys/signing.pem"); }\n',
      });
      const patterns = findingsOf(files, ID).map((d) => /cover `([^`]+)`/.exec(d.message)![1]);
      assert.deepStrictEqual(patterns, ['.env', '*.key', 'data/', 'keys/']);
    });
    it('no .gitignore: reported on the config value; one fix creates .gitignore with every pattern', () => {
      const files = ws(undefined, { 'src/main.rs': 'fn main() { let _ = "keys/a.pem"; }\n' });
      const found = findingsOf(files, ID);
      assert.deepStrictEqual(found.map((d) => d.path).sort(), ['config.toml', 'src/main.rs']);
      const fix = found[0].fixes[0];
      assert.strictEqual(fix.creates![0].content, '/target/\ndata/\nkeys/\n');
    });
  });
  describe('does not flag: git semantics from the ignore package', () => {
    for (const pattern of ['data/', '/data', 'data/**', 'data', '**/data/']) {
      it(`"${pattern}" covers data/chat.db and a bare data_dir = "data"`, () => {
        assert.deepStrictEqual(findingsOf(ws(`/target\n${pattern}\n`, { 'app.toml': 'data_dir = "data"\n' }), ID), []);
      });
    }
    it('"*.der" and "*.db" cover the files even without data/', () => {
      assert.deepStrictEqual(findingsOf(ws('*.der\n*.db\n'), ID), []);
    });
    it('a negated pattern re-includes: !data/chat.db is still reported', () => {
      assert.strictEqual(findingsOf(ws('*.der\ndata/*\n!data/chat.db\n'), ID).length, 1);
    });
    it('bare words that are not paths: a "data" JSON field in Rust, mode = "keys", URLs, test code, .env.example', () => {
      const files = ws('data/\n', {
        'src/lib.rs': 'fn f(v: &serde_json::Value) -> Option<&serde_json::Value> { v.get("data").or(v.get("keys")) }\n#[cfg(test)]\nmod t { const P: &str = "secrets/test.pem"; }\n',
        'app.toml': 'mode = "keys"\nurl = "sqlite://var/app.db"\n',
        '.env.example': 'TOKEN=\n',
        'tests/it.rs': 'const K: &str = "keys/k.pem";\n',
      });
      assert.deepStrictEqual(findingsOf(files, ID), []);
    });
  });
});
