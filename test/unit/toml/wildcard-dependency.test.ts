import * as assert from 'assert';
import { lock } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

const REG = 'registry+https://github.com/rust-lang/crates.io-index';

const SERDE_TOKIO = `
  //- Cargo.toml
  [package]
  name = "svc"
  version = "0.1.0"

  [dependencies]
  serde = "*"
  #       ^^^ warning: \`serde\` accepts any version (\`"*"\`): an update or a build without Cargo.lock can pull a breaking or compromised release. Require the version you build with (1.0.210 in Cargo.lock)
  tokio = { version = "*", features = ["full"] }
  #                   ^^^ warning: \`tokio\` accepts any version
`;
const SERDE_TOKIO_LOCK = {
  'Cargo.lock': lock([
    { name: 'svc', version: '0.1.0', dependencies: ['serde', 'tokio'] },
    { name: 'serde', version: '1.0.210', source: REG },
    { name: 'tokio', version: '1.40.0', source: REG },
  ]),
};

/** `"*"` in [workspace.dependencies], in a member under a rename, and in a [dependencies.x] table (rand is not locked). */
const WORKSPACE = `
  //- Cargo.toml
  [workspace]
  members = ["a"]

  [workspace.dependencies]
  log = "*"
  #     ^^^ warning: \`log\` accepts any version
  //- a/Cargo.toml
  [package]
  name = "a"
  version = "0.1.0"

  [dependencies]
  ser = { package = "serde", version = "*" }
  #                                    ^^^ warning: \`ser\` accepts any version

  [dependencies.rand]
  version = "*"
  #         ^^^ warning: \`rand\` accepts any version
`;
const WORKSPACE_LOCK = {
  'Cargo.lock': lock([{ name: 'serde', version: '1.0.1', source: REG }, { name: 'log', version: '0.4.22', source: REG }]),
};

ruleTester('wildcard-dependency', {
  invalid: [
    {
      name: 'audit profile: a wildcard dev-dependency is hygiene; a build-dependency stays a finding',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dev-dependencies]
        serial_test = "*"
        #             ^^^ warning: [hygiene] \`serial_test\` accepts any version (\`"*"\`): an update or a build without Cargo.lock can pull a breaking or compromised release into the test build

        [build-dependencies]
        cc = "*"
        #    ^^^ warning: \`cc\` accepts any version
      `,
    },
    {
      name: 'x = "*" and version = "*", on the value; fix: the locked version',
      files: SERDE_TOKIO_LOCK,
      code: SERDE_TOKIO,
      fixes: ['Use the locked version "1.0.210" (preferred)'],
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        serde = "1.0.210"
        tokio = { version = "*", features = ["full"] }
      `,
    },
    {
      name: 'fix: the locked version inside an inline table',
      files: SERDE_TOKIO_LOCK,
      code: SERDE_TOKIO,
      fix: '"1.40.0"',
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        serde = "*"
        tokio = { version = "1.40.0", features = ["full"] }
      `,
    },
    {
      name: 'several locked versions: the fix takes the one the crate\'s lock entry names',
      files: {
        'Cargo.lock': lock([
          { name: 'svc', version: '0.1.0', dependencies: ['aead 0.5.2'] },
          { name: 'aead', version: '0.4.3', source: REG },
          { name: 'aead', version: '0.5.2', source: REG },
        ]),
      },
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        aead = "*"
        #      ^^^ warning: (0.5.2 in Cargo.lock)
      `,
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        aead = "0.5.2"
      `,
    },
    {
      name: '[workspace.dependencies] and a [dependencies.x] table; an unlocked crate gets no fix; fix: the root entry',
      files: WORKSPACE_LOCK,
      code: WORKSPACE,
      fixes: ['Use the locked version "0.4.22" (preferred)'],
      check: (found) => assert.deepStrictEqual(found[2].fixes, []),
      output: `
        //- Cargo.toml
        [workspace]
        members = ["a"]

        [workspace.dependencies]
        log = "0.4.22"
      `,
    },
    {
      name: 'a renamed package resolves by its package name',
      files: WORKSPACE_LOCK,
      code: WORKSPACE,
      fix: 'Use the locked version "1.0.1"',
      output: `
        //- a/Cargo.toml
        [package]
        name = "a"
        version = "0.1.0"

        [dependencies]
        ser = { package = "serde", version = "1.0.1" }

        [dependencies.rand]
        version = "*"
      `,
    },
    {
      name: 'no lock: reported without a fix',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        serde = "*"
        #       ^^^ warning: Require the version you build with.
      `,
      fixes: [],
    },
  ],
  valid: [
    {
      name: 'default profile: a wildcard dev-dependency (tests only, never shipped)',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dev-dependencies]
        serial_test = "*"

        [target.'cfg(unix)'.dev-dependencies]
        tempfile = { version = "*" }
      `,
    },
    {
      name: 'ranges and exact versions, "*" in features or other keys, non-manifest TOML',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        serde = "1"
        log = ">=0.4, <0.5"
        x = { version = "0.1", features = ["*"] }
        //- app.toml
        [dependencies]
        serde = "*"
      `,
    },
  ],
});
