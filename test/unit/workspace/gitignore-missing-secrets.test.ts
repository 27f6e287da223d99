import * as assert from 'assert';
import { pkg } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import { applyFix, findingsOf } from '../../helpers/workspace';

const ID = 'gitignore-missing-secrets';
/** A config naming a data directory three times (`data/`); cases write `.gitignore` (or not). */
const CONFIG = 'listen = "0.0.0.0:7000"\ndb_path = "data/chat.db"\ncert_path = "data/server-cert.der"\nkey_path = "data/server-key.der"\n';

/** Git's own semantics (the `ignore` package): each of these covers `data/chat.db` and a bare `data_dir = "data"`. */
const COVERING = ['data/', '/data', 'data/**', 'data', '**/data/'];

ruleTester(ID, {
  path: '.gitignore',
  files: { 'Cargo.toml': pkg('svc', ''), 'config.toml': CONFIG },
  invalid: [
    {
      name: 'the seed: data/ named in config.toml, .gitignore has only /target; on its first line, the fix appends data/',
      code: `
        /target
        #^^^^^^ error: \`.gitignore\` does not cover \`data/\`, which holds secrets or data (named in config.toml)
        *.swp
      `,
      fixes: ['Add `data/` to .gitignore (preferred)'],
      output: `
        /target
        *.swp
        data/
      `,
      check: ([d]) => assert.deepStrictEqual(
        d.related.map((r) => `${r.path}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`),
        ['config.toml:2:11 `data/chat.db` is named here', 'config.toml:3:13 `data/server-cert.der` is named here', 'config.toml:4:12 `data/server-key.der` is named here'],
      ),
    },
    {
      name: 'key files by extension, .env files in the tree, env and Rust string paths: one finding per pattern',
      code: `
        //- .gitignore
        /target
        #^^^^^^ error: does not cover \`.env\`, which holds secrets or data (named in .env)
        #^^^^^^ error: does not cover \`*.key\`, which holds secrets or data (named in config.toml)
        #^^^^^^ error: does not cover \`data/\`, which holds secrets or data (named in .env)
        #^^^^^^ error: does not cover \`keys/\`, which holds secrets or data (named in src/main.rs)
        //- config.toml
        tls_key = "certs.d/server.key"
        //- .env
        APP_DATA_DIR=data
        API_TOKEN=Zq81-kd0Lp2-Vx7m
        //- src/main.rs
        fn main() { let _ = std::fs::read("keys/signing.pem"); }
      `,
      // Reported in pattern order.
      check: (_, files) => assert.deepStrictEqual(findingsOf(files, ID).map((d) => /cover `([^`]+)`/.exec(d.message)![1]), ['.env', '*.key', 'data/', 'keys/']),
    },
    {
      name: 'no .gitignore: on the value naming the path; each fix creates .gitignore with every pattern',
      code: `
        //- config.toml
        listen = "0.0.0.0:7000"
        db_path = "data/chat.db"
        #         ^^^^^^^^^^^^^^ error: does not cover \`data/\`
        cert_path = "data/server-cert.der"
        key_path = "data/server-key.der"
        //- src/main.rs
        fn main() { let _ = "keys/a.pem"; }
        //                  ^^^^^^^^^^^^ error: does not cover \`keys/\`
      `,
      fixes: ['Create .gitignore ignoring `data/`, `keys/` (preferred)'],
      output: `
        //- .gitignore
        /target/
        data/
        keys/
      `,
      check: (found) => assert.deepStrictEqual(found.map((d) => d.fixes.map((f) => f.creates?.[0]?.content)), [['/target/\ndata/\nkeys/\n'], ['/target/\ndata/\nkeys/\n']]),
    },
    {
      name: 'a negated pattern re-includes: !data/chat.db is reported',
      code: `
        *.der
        #^^^^ error: does not cover \`data/\`, which holds secrets or data (named in config.toml)
        data/*
        !data/chat.db
      `,
    },
    {
      name: 'nested .gitignore files: a deeper negation re-includes what the root ignores; a path under an excluded directory stays excluded',
      code: `
        //- .gitignore
        /target
        #^^^^^^ error: does not cover \`*.pem\`
        *.pem
        //- certs.d/.gitignore
        !server.pem
        //- config.toml
        tls_cert = "certs.d/server.pem"
        ca = "vendor/ca.pem"
      `,
    },
    {
      name: 'audit profile: a tracked .env that sets no secret (a compose template with an empty AUTH_TOKEN) is hygiene',
      files: { '.readiness.toml': 'profile = "audit"\n', 'config.toml': 'listen = "0.0.0.0:7000"\n' },
      code: `
        //- .gitignore
        /target
        #^^^^^^ error: [hygiene] \`.gitignore\` does not cover \`.env\`
        //- .env
        AUTH_TOKEN=
        LOG_LEVEL=info
      `,
    },
  ],
  valid: [
    ...COVERING.map((pattern) => ({
      name: `"${pattern}" covers data/chat.db and a bare data_dir = "data"`,
      code: `//- .gitignore\n/target\n${pattern}\n//- app.toml\ndata_dir = "data"\n`,
    })),
    {
      name: 'a nested data/.gitignore ignoring everything covers data/ (git semantics: any .gitignore, last match wins)',
      code: `
        //- .gitignore
        /target
        //- data/.gitignore
        *
        !.gitignore
        //- app.toml
        data_dir = "data"
        db_path = "data/app.db"
      `,
    },
    {
      name: 'files read by include_bytes!/include_str! are committed build inputs (public CA certificates), not runtime data',
      files: { 'config.toml': 'listen = "0.0.0.0:7000"\n' },
      code: `
        //- .gitignore
        /target
        //- src/certs.rs
        pub static ISRG_ROOT_X1: &[u8] = include_bytes!("./isrg-root-x1.pem");
        pub static CA: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "certs/ca.pem"));
      `,
    },
    {
      name: 'files joined onto a directory chosen at run time (data, home, config dirs) and suffix tests are not repository paths',
      files: { 'config.toml': 'listen = "0.0.0.0:7000"\n' },
      code: `
        //- .gitignore
        /target
        //- src/settings.rs
        pub fn paths(data_dir: &Path, home: &Path) -> Vec<PathBuf> {
            let mut p = PathBuf::from(home);
            p.push("xonsh-history.sqlite");
            vec![data_dir.join("history.db"), home.join(".histdb/zsh-history.db"), p]
        }
        pub fn url(c: &Config) -> String { format!("sqlite://{}", storage::join_path(&c.data_folder, "db.sqlite3")) }
        pub fn is_sqlite(name: &str) -> bool { name.to_lowercase().ends_with(".sqlite") }
        pub fn temp_db() -> PathBuf { PathBuf::from("/tmp").join(generate_rand_string(8).add(".db")) }
        pub fn label(key: &str) -> &str { match key { "postgresql.db" => "Database", _ => key } }
        pub fn is_main(name: &str) -> bool { name == "main.db" }
      `,
    },
    {
      name: 'default profile: a tracked .env template that sets no secret is not reported',
      files: { 'config.toml': 'listen = "0.0.0.0:7000"\n' },
      code: `
        //- .gitignore
        /target
        //- .env
        AUTH_TOKEN=
        LOG_LEVEL=info
      `,
    },
    {
      name: 'default profile: a tracked .env that sets no secret, read by the code too (defaults kept in git on purpose); a key named by CI configuration',
      files: { 'config.toml': 'listen = "0.0.0.0:7000"\n', '.circleci/pgcat.toml': 'tls_private_key = ".circleci/server.key"\n' },
      code: `
        //- .gitignore
        /target
        //- .env
        DATABASE_URL=sqlite://./db_v2.sqlite3
        //- src/main.rs
        fn main() { dotenvy::from_filename(".env").ok(); }
      `,
    },
    {
      name: '"*.der" and "*.db" cover the files even without data/',
      code: `
        *.der
        *.db
      `,
    },
    {
      name: 'bare words that are not paths: a "data" JSON field in Rust, mode = "keys", URLs, test code, .env.example',
      code: `
        //- .gitignore
        data/
        //- src/lib.rs
        fn f(v: &serde_json::Value) -> Option<&serde_json::Value> { v.get("data").or(v.get("keys")) }
        #[cfg(test)]
        mod t { const P: &str = "secrets/test.pem"; }
        //- app.toml
        mode = "keys"
        url = "sqlite://var/app.db"
        //- .env.example
        TOKEN=
        //- tests/it.rs
        const K: &str = "keys/k.pem";
      `,
    },
  ],
});

describe('gitignore-missing-secrets and lone-CR line endings', () => {
  it('a .gitignore broken only by CRs is one line to git: flagged; the fix adds the pattern on a line of its own, with LF, and a second run finds nothing', () => {
    const files = { 'Cargo.toml': pkg('svc', ''), 'config.toml': CONFIG, '.gitignore': '/target\r*.swp\r' };
    const [d] = findingsOf(files, ID);
    assert.ok(d, 'flagged');
    const fixed = applyFix(files, d.fixes[0]);
    assert.strictEqual(fixed['.gitignore'], '/target\r*.swp\r\ndata/\n');
    assert.deepStrictEqual(findingsOf(fixed, ID), []);
  });
});
