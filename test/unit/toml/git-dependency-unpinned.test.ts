import * as assert from 'assert';
import { COMMIT, COMMIT2, lock } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

const XIU = 'https://github.com/harlanc/xiu.git';
/** xiu and rtmp locked from xiu's tag v0.13.0, `other` from a branch, `plain` from the default branch. */
const LOCKED = {
  'Cargo.lock': lock([
    { name: 'svc', version: '0.1.0', dependencies: ['xiu', 'rtmp'] },
    { name: 'xiu', version: '0.13.0', source: `git+${XIU}?tag=v0.13.0#${COMMIT}` },
    { name: 'rtmp', version: '0.6.0', source: `git+${XIU}?tag=v0.13.0#${COMMIT}` },
    { name: 'other', version: '0.1.0', source: `git+https://github.com/acme/other?branch=main#${COMMIT2}` },
    { name: 'plain', version: '0.1.0', source: `git+https://github.com/acme/plain#${COMMIT2}` },
  ]),
};

/** A workspace pinning xiu by tag in [workspace.dependencies] and rtmp in a member. */
const WORKSPACE = `
  //- Cargo.toml
  [workspace]
  members = ["crates/*"]

  [workspace.dependencies]
  xiu = { git = "https://github.com/harlanc/xiu.git", tag = "v0.13.0" }
  #                                                   ^^^^^^^^^^^^^^^ warning: \`xiu\` is pinned by tag
  //- crates/svc/Cargo.toml
  [package]
  name = "svc"
  version = "0.1.0"
  edition = "2021"

  [dependencies]
  rtmp = { git = "https://github.com/harlanc/xiu.git", tag = "v0.13.0" }
  #                                                    ^^^^^^^^^^^^^^^ warning: \`rtmp\` is pinned by tag
  xiu = { workspace = true }
`;

ruleTester('git-dependency-unpinned', {
  invalid: [
    {
      name: 'someone else\'s repository stays a finding; a generic mailbox (info@) names no account',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"
        authors = ["Team <info@example.com>"]

        [dependencies]
        speed = { git = "https://github.com/open-trade/async-speed-limit" }
        #         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: Git dependency \`speed\` is pinned to nothing
        info = { git = "https://github.com/info/tool", branch = "main" }
        #                                              ^^^^^^^^^^^^^^^ warning: is pinned to branch
      `,
    },
    {
      name: 'the seed: inline tables pinned by tag, on the tag key/value; fix: the lock\'s commit as rev',
      files: LOCKED,
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        xiu = { git = "https://github.com/harlanc/xiu.git", tag = "v0.13.0" }
        #                                                   ^^^^^^^^^^^^^^^ warning: Git dependency \`xiu\` is pinned by tag \`v0.13.0\`
        rtmp = { git = "https://github.com/harlanc/xiu.git", tag = "v0.13.0" }
        #                                                    ^^^^^^^^^^^^^^^ warning: Git dependency \`rtmp\` is pinned by tag \`v0.13.0\`
      `,
      fixes: ['Pin `xiu` to rev dffca6e6b8e0 (from Cargo.lock) (preferred)'],
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        xiu = { git = "https://github.com/harlanc/xiu.git", rev = "${COMMIT}" }
        rtmp = { git = "https://github.com/harlanc/xiu.git", tag = "v0.13.0" }
      `,
    },
    {
      name: 'a branch in a [dependencies.x] table; fix: rev replaces branch',
      files: LOCKED,
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies.other]
        git = "https://github.com/acme/other"
        branch = "main"
        #^^^^^^^^^^^^^^ warning: \`other\` is pinned to branch \`main\`
      `,
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies.other]
        git = "https://github.com/acme/other"
        rev = "${COMMIT2}"
      `,
    },
    {
      name: 'no reference at all: on the git key/value; fix: adds rev after git',
      files: LOCKED,
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        plain = { git = "https://github.com/acme/plain.git", features = ["x"] }
        #         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: it follows the default branch
      `,
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        plain = { git = "https://github.com/acme/plain.git", rev = "${COMMIT2}", features = ["x"] }
      `,
    },
    {
      name: 'dotted keys at the top level, on the whole key/value; the fix keeps their prefix',
      files: LOCKED,
      code: `
        //- Cargo.toml
        dependencies.xiu.git = "https://github.com/harlanc/xiu.git"
        dependencies.xiu.tag = "v0.13.0"
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`xiu\` is pinned by tag

        [package]
        name = "svc"
        version = "0.1.0"
      `,
      output: `
        //- Cargo.toml
        dependencies.xiu.git = "https://github.com/harlanc/xiu.git"
        dependencies.xiu.rev = "${COMMIT}"

        [package]
        name = "svc"
        version = "0.1.0"
      `,
    },
    {
      name: '[workspace.dependencies], and a member manifest that uses the root lock; fix: the root entry',
      files: LOCKED,
      code: WORKSPACE,
      output: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        xiu = { git = "https://github.com/harlanc/xiu.git", rev = "${COMMIT}" }
      `,
    },
    {
      name: 'fix: the member\'s entry, from the root lock',
      files: LOCKED,
      code: WORKSPACE,
      fix: 'Pin `rtmp`',
      output: `
        //- crates/svc/Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        rtmp = { git = "https://github.com/harlanc/xiu.git", rev = "${COMMIT}" }
        xiu = { workspace = true }
      `,
    },
    {
      name: "[target.'cfg(unix)'.dependencies] and dev-dependencies (a quoted name), each with a fix",
      files: LOCKED,
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [target.'cfg(unix)'.dependencies]
        xiu = { git = "https://github.com/harlanc/xiu.git", tag = "v0.13.0" }
        #                                                   ^^^^^^^^^^^^^^^ warning: \`xiu\` is pinned by tag

        [dev-dependencies]
        "other" = { git = "https://github.com/acme/other", branch = "main" }
        #                                                  ^^^^^^^^^^^^^^^ warning: \`other\` is pinned to branch
      `,
      check: (found) => assert.deepStrictEqual(found.map((d) => d.fixes.length), [1, 1]),
    },
    {
      name: '[patch.crates-io] overrides pinned to a branch',
      files: LOCKED,
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        serde = "1"

        [patch.crates-io]
        other = { git = "https://github.com/acme/other", branch = "main" }
        #                                                ^^^^^^^^^^^^^^^ warning: \`other\` is pinned to branch
      `,
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        serde = "1"

        [patch.crates-io]
        other = { git = "https://github.com/acme/other", rev = "${COMMIT2}" }
      `,
    },
    {
      name: 'without a lock: reported, no fix',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        xiu = { git = "https://github.com/harlanc/xiu.git", tag = "v0.14.0" }
        #                                                   ^^^^^^^^^^^^^^^ warning: (no Cargo.lock to take the commit from)
      `,
      fixes: [],
    },
    {
      name: 'a lock entry for another tag: reported, no fix',
      files: LOCKED,
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        xiu = { git = "https://github.com/harlanc/xiu.git", tag = "v0.14.0" }
        #                                                   ^^^^^^^^^^^^^^^ warning: (no matching entry in Cargo.lock to take the commit from)
      `,
      fixes: [],
    },
  ],
  valid: [
    {
      name: 'default profile: the maintainers\' own repositories (an author\'s account, the project org with a suffix, the repository owner)',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"
        authors = ["realaravinth <realaravinth@batsense.net>", "rustdesk <info@rustdesk.com>"]
        repository = "https://github.com/mCaptcha/mCaptcha"

        [dependencies]
        argon2-creds = { branch = "master", git = "https://github.com/realaravinth/argon2-creds" }
        reqwest = { git = "https://github.com/rustdesk-org/reqwest" }
        pow = { git = "https://github.com/mCaptcha/pow_sha256", tag = "v0.5" }
      `,
    },
    {
      name: 'rev pins (full and short), registry and path dependencies, non-manifest TOML',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        xiu = { git = "https://github.com/harlanc/xiu.git", rev = "${COMMIT}" }
        short = { git = "https://github.com/harlanc/xiu.git", rev = "dffca6e" }
        serde = "1"
        core = { path = "../core" }
        //- config.toml
        [dependencies]
        x = { git = "https://github.com/harlanc/xiu.git", tag = "v1" }
      `,
    },
    {
      name: 'a git URL in [package] metadata is not a dependency spec',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"
        repository = "https://github.com/harlanc/xiu.git"

        [dependencies]
        serde = "1"

        [package.metadata.docs]
        git = "https://github.com/harlanc/xiu.git"
        branch = "main"
      `,
    },
  ],
});
