import * as assert from 'assert';
import { ruleTester, splitFixture } from '../../helpers/ruleTester';
import { applyFix, findingsOf, type Files } from '../../helpers/workspace';
import { combinePreferredFixes } from '../../../server/src/core/engine/fixes';

const ID = 'stale-name';
/** The rename under test (`.readiness.toml` is not analysed, so it is a background file). */
const RENAME: Files = { '.readiness.toml': '[rename]\nquicproquo = "quicprochat"\nQPQ_ = "QPC_"\n' };

/** A half-renamed workspace: every occurrence, in every file kind, annotated. */
const HALF_RENAMED = `
  //- Cargo.toml
  [workspace]
  members = ["crates/quicproquo-server"]
  #                  ^^^^^^^^^^ info: \`quicproquo\` is the old name (renamed to \`quicprochat\` in .readiness.toml)
  //- crates/quicproquo-server/Cargo.toml
  [package]
  name = "quicproquo-server"
  #       ^^^^^^^^^^ info: \`quicproquo\` is the old name (renamed to \`quicprochat\`
  version = "0.1.0"
  edition = "2021"

  [dependencies]
  quicproquo-core = { path = "../quicproquo-core" }
  #^^^^^^^^^ info: \`quicproquo\` is the old name (renamed to \`quicprochat\`
  #                              ^^^^^^^^^^ info: \`quicproquo\` is the old name (renamed to \`quicprochat\`
  //- crates/quicproquo-server/src/main.rs
  use quicproquo_core::QuicproquoClient;
  //  ^^^^^^^^^^ info: \`quicproquo\` is the old name (renamed to \`quicprochat\`
  //                   ^^^^^^^^^^ info: \`Quicproquo\` is the old name (renamed to \`Quicprochat\`
  fn main() {
      let dir = std::env::var("QPQ_DATA_DIR").unwrap_or_default();
      //                       ^^^^ info: \`QPQ_\` is the old name (renamed to \`QPC_\`
      println!("QUICPROQUO server in {dir}");
      //        ^^^^^^^^^^ info: \`QUICPROQUO\` is the old name (renamed to \`QUICPROCHAT\`
  }
  //- Dockerfile
  FROM debian:bookworm-slim
  ENV QPQ_DATA_DIR=/var/lib/quicproquo
  #   ^^^^ info: \`QPQ_\` is the old name (renamed to \`QPC_\`
  #                         ^^^^^^^^^^ info: \`quicproquo\` is the old name (renamed to \`quicprochat\`
  CMD ["quicproquo-server"]
  #     ^^^^^^^^^^ info: \`quicproquo\` is the old name (renamed to \`quicprochat\`
  //- .env
  QPQ_AUTH_TOKEN_FILE=/run/secrets/qpq
  #^^^ info: \`QPQ_\` is the old name (renamed to \`QPC_\`
  //- deploy/k8s.yaml
  metadata:
    name: quicproquo
  #       ^^^^^^^^^^ info: \`quicproquo\` is the old name (renamed to \`quicprochat\`
`;

/** Every file after the rename (Cargo.toml stays valid TOML: checked by the tester). */
const RENAMED = `
  //- Cargo.toml
  [workspace]
  members = ["crates/quicprochat-server"]
  //- crates/quicproquo-server/Cargo.toml
  [package]
  name = "quicprochat-server"
  version = "0.1.0"
  edition = "2021"

  [dependencies]
  quicprochat-core = { path = "../quicprochat-core" }
  //- crates/quicproquo-server/src/main.rs
  use quicprochat_core::QuicprochatClient;
  fn main() {
      let dir = std::env::var("QPC_DATA_DIR").unwrap_or_default();
      println!("QUICPROCHAT server in {dir}");
  }
  //- Dockerfile
  FROM debian:bookworm-slim
  ENV QPC_DATA_DIR=/var/lib/quicprochat
  CMD ["quicprochat-server"]
  //- .env
  QPC_AUTH_TOKEN_FILE=/run/secrets/qpq
  //- deploy/k8s.yaml
  metadata:
    name: quicprochat
`;

ruleTester(ID, {
  invalid: [
    {
      name: 'case variants in every file kind, each on the occurrence; the preferred fix renames that occurrence',
      files: RENAME,
      code: HALF_RENAMED,
      fixes: ['Rename `quicproquo` to `quicprochat` (preferred)', 'Rename all in workspace (13 occurrences in 6 files) (not preferred)'],
      output: `
        //- Cargo.toml
        [workspace]
        members = ["crates/quicprochat-server"]
      `,
      // Each finding's preferred fix renames its own spelling.
      check: (found) => assert.deepStrictEqual(
        found.map((d) => d.fixes[0].title),
        found.map((d) => { const [, from, to] = /^`([^`]+)` is the old name \(renamed to `([^`]+)`/.exec(d.message)!; return `Rename \`${from}\` to \`${to}\``; }),
      ),
    },
    {
      name: '"Rename all in workspace" (not preferred) renames every occurrence in every file and leaves nothing',
      files: RENAME,
      code: HALF_RENAMED,
      fix: 'Rename all in workspace',
      output: RENAMED,
      check: (found, files) => {
        const all = found[0].fixes.find((f) => f.title.startsWith('Rename all in workspace'))!;
        assert.strictEqual(all.preferred, false);
        assert.strictEqual(all.edits.length, found.length);
        assert.deepStrictEqual(findingsOf(applyFix(files, all), ID), []);
      },
    },
    {
      name: 'fix-all (the union of the preferred fixes) gives the same result and leaves nothing',
      files: RENAME,
      code: HALF_RENAMED,
      check: (found, files) => {
        const after = applyFix(files, { title: 'all', preferred: true, edits: combinePreferredFixes(found).edits });
        for (const [p, text] of Object.entries(splitFixture(RENAMED, undefined))) assert.strictEqual(after[p], text, p);
        assert.deepStrictEqual(findingsOf(after, ID), []);
      },
    },
    {
      name: 'whole identifiers only: not inside unrelated words',
      files: { '.readiness.toml': '[rename]\nqpq = "qpc"\nchat = "talk"\n' },
      code: `
        //- src/lib.rs
        const A: &str = "qpqx xqpq chatter wechat";
        fn qpq_send() {}
        // ^^^ info: \`qpq\` is the old name (renamed to \`qpc\`
        struct QpqConn;
        //     ^^^ info: \`Qpq\` is the old name (renamed to \`Qpc\`
        fn chat() {}
        // ^^^^ info: \`chat\` is the old name (renamed to \`talk\`
      `,
    },
    {
      name: 'a camelCase boundary counts, an upper-case prefix does not; QPQ_ also matches qpq_ and Qpq_',
      files: RENAME,
      code: `
        //- src/lib.rs
        fn f() {
            let myQuicproquoClient = 1;
            //    ^^^^^^^^^^ info: \`Quicproquo\` is the old name (renamed to \`Quicprochat\`
            let a = "XQPQ_DIR";
            let b = "qpq_dir Qpq_Dir QPQ_DIR";
            //       ^^^^ info: \`qpq_\` is the old name (renamed to \`qpc_\`
            //               ^^^^ info: \`Qpq_\` is the old name (renamed to \`Qpc_\`
            //                       ^^^^ info: \`QPQ_\` is the old name (renamed to \`QPC_\`
        }
      `,
    },
  ],
  valid: [
    {
      name: 'off until [rename] is configured',
      // The same workspace, without .readiness.toml (and so without the annotations).
      code: HALF_RENAMED.replace(/^[ \t]*(#|\/\/)[ \t]*\^.*\n/gm, ''),
    },
    {
      name: 'a new name that contains the old one is not an occurrence of it (the rename is done; --fix stays idempotent)',
      files: { '.readiness.toml': '[rename]\napp = "app_server"\n' },
      code: `
        //- Dockerfile
        FROM debian:12-slim
        COPY --from=build /target/release/app_server /usr/local/bin/app_server
        ENV APP_SERVER_PORT=8080
        CMD ["app_server"]
      `,
    },
  ],
});

describe('stale-name with many occurrences', () => {
  it('past 300 occurrences each finding keeps its own fix, without the rename-all edit set (it rode on every finding: occurrences² edits in JSON)', () => {
    const files = { '.readiness.toml': '[rename]\nold_svc = "new_svc"\n', 'src/main.rs': 'fn main() {}\n' + 'const A: &str = "old_svc";\n'.repeat(301) };
    const found = findingsOf(files, ID);
    assert.strictEqual(found.length, 301);
    assert.ok(found.every((d) => d.fixes.length === 1 && d.fixes[0].preferred));
    const fewer = findingsOf({ ...files, 'src/main.rs': 'fn main() {}\n' + 'const A: &str = "old_svc";\n'.repeat(300) }, ID);
    assert.ok(fewer.every((d) => d.fixes.some((f) => f.title.startsWith('Rename all in workspace (300 occurrences'))));
  });
});
