import * as assert from 'assert';
import { ruleTester } from '../../helpers/ruleTester';

/** rustls 0.23 with `ring` on top of its default aws-lc-rs. */
const RING_ON_DEFAULTS = `
  //- Cargo.toml
  [package]
  name = "svc"
  version = "0.1.0"

  [dependencies]
  rustls = { version = "0.23", features = ["ring"] }
  #^^^^^ warning: rustls enables both crypto providers (\`ring\`, and \`aws-lc-rs\` through its default features)
`;

/** Both providers listed explicitly, in a [dependencies.rustls] table. */
const BOTH_LISTED = `
  //- Cargo.toml
  [package]
  name = "svc"
  version = "0.1.0"

  [dependencies.rustls]
  #             ^^^^^^ warning: rustls enables both crypto providers (\`ring\` and \`aws-lc-rs\`)
  version = "0.23.12"
  default-features = false
  features = ["ring", "aws-lc-rs", "std"]
`;

/** Default features off and neither provider. */
const NO_PROVIDER = `
  //- Cargo.toml
  [package]
  name = "svc"
  version = "0.1.0"

  [dependencies]
  rustls = { version = "0.23", default-features = false, features = ["std"] }
  #^^^^^ warning: enables no crypto provider
`;

/** An ambiguous [workspace.dependencies] entry, inherited by a member. */
const AMBIGUOUS_IN_WORKSPACE = `
  //- Cargo.toml
  [workspace]
  members = ["a"]

  [workspace.dependencies]
  rustls = { version = "0.23", features = ["ring"] }
  #^^^^^ warning: rustls enables both crypto providers
  //- a/Cargo.toml
  [package]
  name = "a"
  version = "0.1.0"

  [dependencies]
  rustls = { workspace = true }
`;

const DOTTED = `
  //- Cargo.toml
  dependencies.rustls.version = "0.23"
  #            ^^^^^^ warning: rustls enables both crypto providers
  dependencies.rustls.features = ["ring"]

  [package]
  name = "svc"
  version = "0.1.0"
`;

const MULTI_LINE_ARRAY = `
  //- Cargo.toml
  [workspace]
  members = []

  [workspace.dependencies]
  rustls = { version = "0.23", features = [
  #^^^^^ warning: rustls enables both crypto providers
      "ring",
      "tls12",
  ] }
`;

/** A one-crate manifest depending on `dep` alone. */
const alone = (dep: string): string => `
  //- Cargo.toml
  [package]
  name = "svc"
  version = "0.1.0"

  [dependencies]
  ${dep}
`;

/**
 * A sozu-like workspace: the `[workspace.dependencies]` rustls turns default features off and names
 * no provider; the library picks one through its own features and the binary forwards its choice.
 * `libDefault` / `binDefault` are their `default` features; `annotation` marks the workspace entry.
 */
const providerByFeatures = (libDefault: string, binDefault: string, annotation = ''): string => `
  //- Cargo.toml
  [workspace]
  members = ["lib", "bin"]

  [workspace.dependencies]
  rustls = { version = "0.23", default-features = false, features = ["std", "tls12"] }${annotation ? `\n  ${annotation}` : ''}
  proxy-lib = { path = "lib", default-features = false }
  //- lib/Cargo.toml
  [package]
  name = "proxy-lib"
  version = "0.1.0"

  [dependencies]
  rustls = { workspace = true }

  [features]
  default = [${libDefault}]
  crypto-ring = ["rustls/ring"]
  crypto-aws-lc-rs = ["rustls/aws-lc-rs"]
  //- bin/Cargo.toml
  [package]
  name = "proxy"
  version = "0.1.0"

  [dependencies]
  proxy-lib = { workspace = true }

  [features]
  default = [${binDefault}]
  crypto-ring = ["proxy-lib/crypto-ring"]
  crypto-aws-lc-rs = ["proxy-lib/crypto-aws-lc-rs"]
`;

ruleTester('rustls-provider-ambiguous', {
  invalid: [
    {
      name: 'a [workspace.dependencies] base with no provider that no member\'s default features extend: reported on the entry',
      code: providerByFeatures('', '', '#^^^^^ warning: rustls has default features off and enables no crypto provider'),
    },
    {
      name: 'ring on top of the default aws-lc-rs, on the dependency name; two fixes, neither preferred; fix: keep ring',
      code: RING_ON_DEFAULTS,
      fixes: ['Keep aws-lc-rs: remove the `ring` feature', 'Keep ring: turn off default features (aws-lc-rs) and list the others'],
      check: (found) => assert.deepStrictEqual(found[0].fixes.map((f) => f.preferred), [false, false]),
      fix: 'Keep ring',
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        rustls = { version = "0.23", features = ["ring", "logging", "std", "tls12"], default-features = false }
      `,
    },
    {
      name: 'fix: keep aws-lc-rs (drops ring)',
      code: RING_ON_DEFAULTS,
      fix: 'Keep aws-lc-rs',
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        rustls = { version = "0.23", features = [] }
      `,
    },
    {
      name: 'both features listed explicitly, in a [dependencies.rustls] table, on the table name; fix: keep ring',
      code: BOTH_LISTED,
      fix: 'Keep ring',
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies.rustls]
        version = "0.23.12"
        default-features = false
        features = ["ring", "std"]
      `,
    },
    {
      name: 'fix: keep aws-lc-rs in a [dependencies.rustls] table',
      code: BOTH_LISTED,
      fix: 'Keep aws-lc-rs: remove the `ring` feature',
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies.rustls]
        version = "0.23.12"
        default-features = false
        features = ["aws-lc-rs", "std"]
      `,
    },
    {
      name: 'default features off and neither provider; fix: use ring',
      code: NO_PROVIDER,
      fixes: ['Use ring: add the `ring` feature', 'Use aws-lc-rs: add the `aws-lc-rs` feature'],
      fix: 'Use ring',
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        rustls = { version = "0.23", default-features = false, features = ["std", "ring"] }
      `,
    },
    {
      name: 'fix: use aws-lc-rs',
      code: NO_PROVIDER,
      fix: 'Use aws-lc-rs',
      output: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        rustls = { version = "0.23", default-features = false, features = ["std", "aws-lc-rs"] }
      `,
    },
    {
      name: 'inherited from [workspace.dependencies] with ring added by the member: reported on the member, which can only drop ring',
      code: `
        //- Cargo.toml
        [workspace]
        members = ["a"]

        [workspace.dependencies]
        rustls = "0.23"
        //- a/Cargo.toml
        [package]
        name = "a"
        version = "0.1.0"

        [dependencies]
        rustls = { workspace = true, features = ["ring"] }
        #^^^^^ warning: rustls enables both crypto providers
      `,
      fixes: ['Keep aws-lc-rs: remove the `ring` feature'],
      output: `
        //- a/Cargo.toml
        [package]
        name = "a"
        version = "0.1.0"

        [dependencies]
        rustls = { workspace = true, features = [] }
      `,
    },
    {
      name: 'an ambiguous [workspace.dependencies] entry is reported there, not again on members inheriting it; fix: keep ring',
      code: AMBIGUOUS_IN_WORKSPACE,
      fix: 'Keep ring: turn off default features (aws-lc-rs) and list the others',
      output: `
        //- Cargo.toml
        [workspace]
        members = ["a"]

        [workspace.dependencies]
        rustls = { version = "0.23", features = ["ring", "logging", "std", "tls12"], default-features = false }
      `,
    },
    {
      name: 'fix: keep aws-lc-rs in [workspace.dependencies]',
      code: AMBIGUOUS_IN_WORKSPACE,
      fix: 'Keep aws-lc-rs',
      output: `
        //- Cargo.toml
        [workspace]
        members = ["a"]

        [workspace.dependencies]
        rustls = { version = "0.23", features = [] }
      `,
    },
    {
      name: 'a renamed package, on the key',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        tls = { package = "rustls", version = "^0.23.5", features = ["ring"] }
        #^^ warning: rustls enables both crypto providers
      `,
    },
    {
      name: 'dotted keys: on the dependency-name segment; fix: keep ring adds a dotted default-features key',
      code: DOTTED,
      fix: 'Keep ring',
      output: `
        //- Cargo.toml
        dependencies.rustls.version = "0.23"
        dependencies.rustls.features = ["ring", "logging", "std", "tls12"]
        dependencies.rustls.default-features = false

        [package]
        name = "svc"
        version = "0.1.0"
      `,
    },
    {
      name: 'dotted keys: fix: keep aws-lc-rs',
      code: DOTTED,
      fix: 'Keep aws-lc-rs',
      output: `
        //- Cargo.toml
        dependencies.rustls.version = "0.23"
        dependencies.rustls.features = []

        [package]
        name = "svc"
        version = "0.1.0"
      `,
    },
    {
      name: 'a multi-line features array in [workspace.dependencies]: fix: keep ring rewrites it on one line',
      code: MULTI_LINE_ARRAY,
      fix: 'Keep ring: turn off default features (aws-lc-rs) and list the others',
      output: `
        //- Cargo.toml
        [workspace]
        members = []

        [workspace.dependencies]
        rustls = { version = "0.23", features = ["ring", "tls12", "logging", "std"], default-features = false }
      `,
    },
    {
      name: 'a multi-line features array: fix: keep aws-lc-rs',
      code: MULTI_LINE_ARRAY,
      fix: 'Keep aws-lc-rs',
      output: `
        //- Cargo.toml
        [workspace]
        members = []

        [workspace.dependencies]
        rustls = { version = "0.23", features = ["tls12"] }
      `,
    },
    {
      name: 'unified from different dependencies: quinn 0.11 defaults (ring) next to rustls defaults (aws-lc-rs), both reported, no fix',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        quinn = "0.11"
        #^^^^ warning: \`quinn\` turns on rustls's \`ring\` (default features) while \`rustls\` turns on \`aws-lc-rs\` (default features): Cargo unifies features, so this crate's build
        rustls = "0.23"
        #^^^^^ warning: \`rustls\` turns on rustls's \`aws-lc-rs\` (default features) while \`quinn\` turns on \`ring\`
      `,
      fixes: [],
      check: (found) => assert.deepStrictEqual(found.map((d) => d.related.map((r) => `${r.range.start.line + 1}: ${r.message}`)), [
        ['7: `rustls` turns on aws-lc-rs'],
        ['6: `quinn` turns on ring'],
      ]),
    },
    {
      name: 'unified across workspace members: a ring-only rustls and tokio-rustls 0.26 defaults: once, on the defaults (the accident), pointing at the choice',
      code: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"

        [dependencies]
        rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }
        //- crates/client/Cargo.toml
        [package]
        name = "client"
        version = "0.1.0"

        [dependencies]
        tokio-rustls = "0.26"
        #^^^^^^^^^^^ warning: \`rustls\` in crates/server/Cargo.toml turns on \`ring\`
      `,
      check: (found) => assert.deepStrictEqual(found.map((d) => d.related.map((r) => r.path)), [['crates/server/Cargo.toml']]),
    },
    {
      name: 'reqwest 0.12 rustls-tls (ring, chosen) with hyper-rustls defaults (aws-lc-rs): once, on the defaults',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "json"] }
        hyper-rustls = "0.27"
        #^^^^^^^^^^^ warning: \`hyper-rustls\` turns on rustls's \`aws-lc-rs\` (default features)
      `,
    },
    {
      name: 'not again when one dependency is ambiguous by itself: that one is reported alone, with its fixes',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        quinn = "0.11"
        rustls = { version = "0.23", features = ["ring"] }
        #^^^^^ warning: rustls enables both crypto providers
      `,
      fixes: ['Keep aws-lc-rs', 'Keep ring'],
    },
    {
      name: 'sqlx tls-rustls-ring (chosen) next to rustls defaults (aws-lc-rs): on rustls',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        sqlx = { version = "0.8", features = ["runtime-tokio", "tls-rustls-ring", "postgres"] }
        rustls = "0.23"
        #^^^^^ warning: \`rustls\` turns on rustls's \`aws-lc-rs\` (default features) while \`sqlx\` turns on \`ring\`
      `,
    },
  ],
  valid: [
    {
      name: 'sozu-like: a [workspace.dependencies] base with defaults off, extended into one provider by the crates\' default features',
      code: providerByFeatures('"crypto-ring"', '"crypto-ring"'),
    },
    {
      name: 'the library\'s defaults choose nothing, but the binary built with it asks for ring (crypto-aws-lc-rs only when asked)',
      code: providerByFeatures('', '"crypto-ring"'),
    },
    { name: 'the default provider alone', code: alone('rustls = "0.23"') },
    { name: 'ring alone, default features off (renamed)', code: alone('a = { package = "rustls", version = "0.23", default-features = false, features = ["ring", "std"] }') },
    { name: 'aws_lc_rs alone, default features off (renamed)', code: alone('b = { package = "rustls", version = "0.23", default-features = false, features = ["aws_lc_rs"] }') },
    { name: 'rustls before 0.23', code: alone('c = { package = "rustls", version = "0.21", features = ["dangerous_configuration"] }') },
    { name: 'another crate with a ring feature', code: alone('quinn = { version = "0.11", features = ["ring"] }') },
    {
      name: 'every dependency selects the same provider; older majors of reqwest and hyper-rustls',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"

        [dependencies]
        quinn = { version = "0.11", default-features = false, features = ["runtime-tokio", "rustls-ring"] }
        rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }
        tokio-rustls = { version = "0.26", default-features = false, features = ["ring"] }
        reqwest = { version = "0.11", features = ["rustls-tls"] }
        hyper-rustls = "0.24"
      `,
    },
    {
      name: 'SyncTV-style: rustls with defaults off and no provider, the provider chosen through sqlx/lettre features',
      code: `
        //- Cargo.toml
        [workspace]
        members = ["core"]

        [workspace.dependencies]
        sqlx = { version = "0.8", features = [
            "runtime-tokio",
            "tls-rustls-aws-lc-rs",
        ] }
        tokio-rustls = { version = "0.26.4", default-features = false, features = ["logging", "tls12"] }
        rustls = { version = "0.23.38", default-features = false, features = ["std", "logging", "tls12"] }
        lettre = { version = "0.11", default-features = false, features = ["rustls-no-provider", "aws-lc-rs"] }
        //- core/Cargo.toml
        [package]
        name = "core"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        sqlx.workspace = true
        rustls.workspace = true
        tokio-rustls.workspace = true
        lettre.workspace = true
      `,
    },
  ],
});
