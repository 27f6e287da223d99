import { lock, manifest, pkg, type LockEntry } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

const REG = 'registry+https://github.com/rust-lang/crates.io-index';
const AUDIT = { '.readiness.toml': 'profile = "audit"\n' };

/** A lock where `svc` reaches rustls 0.23 (through `deps` of its own) built with `providers`. */
function lockWith(providers: string[], svcDeps: string[], extra: LockEntry[] = []): string {
  return lock([
    { name: 'aws-lc-rs', version: '1.12.0', source: REG },
    { name: 'ring', version: '0.17.8', source: REG },
    { name: 'rustls', version: '0.23.20', source: REG, dependencies: ['log', ...providers, 'rustls-pki-types'] },
    { name: 'log', version: '0.4.22', source: REG },
    { name: 'rustls-pki-types', version: '1.10.0', source: REG },
    { name: 'svc', version: '0.1.0', dependencies: svcDeps },
    ...extra,
  ]);
}
/** A database client pulling rustls in (`sqlx` → `sqlx-core` → `rustls`). */
const SQLX: LockEntry[] = [
  { name: 'sqlx', version: '0.8.2', source: REG, dependencies: ['sqlx-core'] },
  { name: 'sqlx-core', version: '0.8.2', source: REG, dependencies: ['rustls'] },
];

/** A binary `cli` using a workspace crate `auth` whose optional sqlx (rustls, both providers in the lock) is behind `[features]`. */
function authWorkspace(features: string, cliFeature: string): Record<string, string> {
  return {
    'Cargo.toml': '[workspace]\nmembers = ["auth", "cli"]\n',
    'auth/Cargo.toml': pkg('auth', 'sqlx = { version = "0.8", optional = true }') + `\n[features]\n${features}`,
    'cli/Cargo.toml': pkg('cli', `auth = { path = "../auth", features = ["${cliFeature}"] }`),
    'Cargo.lock': lock([
      { name: 'cli', version: '0.1.0', dependencies: ['auth'] },
      { name: 'auth', version: '0.1.0', dependencies: ['sqlx'] },
      ...SQLX,
      { name: 'rustls', version: '0.23.20', source: REG, dependencies: ['aws-lc-rs', 'ring'] },
      { name: 'ring', version: '0.17.8', source: REG },
      { name: 'aws-lc-rs', version: '1.12.0', source: REG },
    ]),
  };
}

/**
 * A sozu-like workspace: the `[workspace.dependencies]` rustls turns default features off and names no
 * provider; `proxy-lib` picks one through its features, the binary `proxy` and the `proxy-e2e` tests
 * forward their choice (`crypto-ring = ["proxy-lib/crypto-ring", "hyper-rustls/ring"]`). The lock,
 * resolved for every feature, lists both providers under rustls.
 */
function providerByFeatures(defaults: { lib: string; bin: string; e2e: string }, extraMember?: { name: string; manifest: string }): Record<string, string> {
  const features = (forward: (p: string) => string) => `\n[features]\ncrypto-ring = [${forward('ring')}]\ncrypto-aws-lc-rs = [${forward('aws-lc-rs')}]\n`;
  return {
    'Cargo.toml': `[workspace]\nmembers = ["lib", "bin", "e2e"${extraMember ? `, "${extraMember.name}"` : ''}]\n[workspace.dependencies]\n`
      + 'rustls = { version = "0.23", default-features = false, features = ["std"] }\nhyper-rustls = { version = "0.27", default-features = false }\n'
      + 'proxy-lib = { path = "lib", default-features = false }\n',
    'lib/Cargo.toml': pkg('proxy-lib', 'rustls = { workspace = true }') + features((p) => `"rustls/${p}"`) + `default = [${defaults.lib}]\ne2e-hooks = []\n`,
    'bin/Cargo.toml': pkg('proxy', `proxy-lib = { workspace = true }${extraMember ? `\n${extraMember.name} = { path = "../${extraMember.name}" }` : ''}`)
      + features((p) => `"proxy-lib/crypto-${p}"`) + `default = [${defaults.bin}]\n`,
    'e2e/Cargo.toml': pkg('proxy-e2e', 'proxy-lib = { workspace = true, features = ["e2e-hooks"] }\nhyper-rustls = { workspace = true, features = ["http1"] }\nrustls = { workspace = true }')
      + features((p) => `"proxy-lib/crypto-${p}", "hyper-rustls/${p}"`) + `default = [${defaults.e2e}]\n`,
    ...(extraMember ? { [`${extraMember.name}/Cargo.toml`]: extraMember.manifest } : {}),
    'Cargo.lock': lock([
      { name: 'proxy', version: '0.1.0', dependencies: ['proxy-lib', ...(extraMember ? [extraMember.name] : [])] },
      { name: 'proxy-lib', version: '0.1.0', dependencies: ['rustls'] },
      { name: 'proxy-e2e', version: '0.1.0', dependencies: ['hyper-rustls', 'proxy-lib', 'rustls'] },
      ...(extraMember ? [{ name: extraMember.name, version: '0.1.0', dependencies: ['rustls'] }] : []),
      { name: 'hyper-rustls', version: '0.27.5', source: REG, dependencies: ['rustls', 'tokio-rustls'] },
      { name: 'tokio-rustls', version: '0.26.1', source: REG, dependencies: ['rustls'] },
      { name: 'rustls', version: '0.23.20', source: REG, dependencies: ['aws-lc-rs', 'ring'] },
      { name: 'ring', version: '0.17.8', source: REG },
      { name: 'aws-lc-rs', version: '1.12.0', source: REG },
    ]),
  };
}
/** A member turning rustls's `provider` on through its default features (`tls = ["rustls/<provider>"]`), or only when asked. */
const providerMember = (name: string, provider: string, byDefault: boolean) => ({
  name,
  manifest: pkg(name, 'rustls = { workspace = true }') + `\n[features]\ndefault = [${byDefault ? '"tls"' : ''}]\ntls = ["rustls/${provider}"]\n`,
});
const PROXY_SITES = `
        //- bin/src/main.rs
        fn main() { proxy_lib::serve(); }
        //- e2e/tests/tls.rs
        #[test]
        fn tls_roundtrip() { let config = rustls::ClientConfig::builder(); }
      `;

/** rustls 0.23 through sqlx; the lock builds both providers. */
const BOTH_VIA_SQLX = {
  'Cargo.toml': manifest('sqlx = { version = "0.8", features = ["postgres"] }'),
  'Cargo.lock': lockWith(['aws-lc-rs', 'ring'], ['sqlx'], SQLX),
};
/** rustls 0.23 directly with ring and the default aws-lc-rs, and quinn: ambiguous, no lock. */
const BOTH_DIRECT = {
  'Cargo.toml': manifest('rustls = { version = "0.23", features = ["ring"] }\nquinn = "0.11"'),
};

/** A crate offering ring (default) or FIPS aws-lc-rs by feature; the lock resolves every feature, so it shows both. */
const FEATURE_GATED_FIPS = (defaults: string) => ({
  'Cargo.toml': manifest('tokio-rustls = { version = "0.26", optional = true, default-features = false }\naws-lc-rs = { version = "1", optional = true, default-features = false }')
    + `\n[features]\ndefault = [${defaults}]\ntls = ["tokio-rustls"]\ntls-ring = ["tls", "tokio-rustls/ring"]\ntls-fips = ["tls", "tokio-rustls/fips", "aws-lc-rs"]\n`,
  'Cargo.lock': lockWith(['aws-lc-rs', 'ring'], ['tokio-rustls', 'aws-lc-rs'], [{ name: 'tokio-rustls', version: '0.26.1', source: REG, dependencies: ['rustls'] }]),
});

ruleTester('rustls-provider-not-installed', {
  path: 'tests/e2e.rs',
  files: BOTH_DIRECT,
  invalid: [
    {
      name: 'two workspace crates each turning on a different provider by default, built together into one binary',
      files: providerByFeatures({ lib: '"crypto-ring"', bin: '"crypto-ring"', e2e: '"crypto-ring"' }, providerMember('metrics', 'aws-lc-rs', true)),
      code: `
        //- bin/src/main.rs
        fn main() { proxy_lib::serve(); }
        // ^^^^ warning: the build enables both \`ring\` and \`aws-lc-rs\` (\`rustls\` in lib/Cargo.toml: ring, \`rustls\` in metrics/Cargo.toml: aws-lc-rs)
      `,
    },
    {
      name: 'the e2e tests forward aws-lc-rs to hyper-rustls while the library defaults to ring: one test binary, both providers',
      files: providerByFeatures({ lib: '"crypto-ring"', bin: '"crypto-ring"', e2e: '"crypto-aws-lc-rs"' }),
      code: `
        //- e2e/tests/tls.rs
        #[test]
        fn tls_roundtrip() { let config = rustls::ClientConfig::builder(); }
        // ^^^^^^^^^^^^^ warning: the build enables both
      `,
    },
    {
      name: 'feature-gated provider: default features turning on both ring and FIPS are ambiguous',
      files: FEATURE_GATED_FIPS('"tls-ring", "tls-fips"'),
      code: `
        //- src/main.rs
        fn main() { serve(tokio_rustls::TlsAcceptor::from(config())); }
        // ^^^^ warning: \`main\` runs a binary linking rustls 0.23.20 (through \`tokio-rustls\`
      `,
      fixes: ['Install the ring CryptoProvider first (not preferred)'],
    },
    {
      name: 'optional-on: the same optional dependency turned on by a feature the binary asks for (through another feature)',
      files: authWorkspace('server = ["db"]\ndb = ["dep:sqlx"]\n', 'server'),
      code: `
        //- cli/src/main.rs
        fn main() { auth::serve(); }
        // ^^^^ warning: \`main\` runs a binary linking rustls 0.23.20 (through \`auth\`)
      `,
      fixes: ['Install the ring CryptoProvider first (not preferred)'],
    },
    {
      name: 'an e2e test file reaching QUIC in an ambiguous build: once per file, on the first test fn',
      code: `
        #[tokio::test]
        async fn e2e_happy_path_register_invite_join_send_recv() {
        //       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: and 1 other test of this file run in a test binary linking rustls
            let endpoint = quinn::Endpoint::client("0.0.0.0:0".parse().unwrap()).unwrap();
            endpoint.close(0u32.into(), b"");
        }

        #[tokio::test]
        async fn e2e_second() {
            let endpoint = quinn::Endpoint::client("0.0.0.0:0".parse().unwrap()).unwrap();
            endpoint.close(0u32.into(), b"");
        }
      `,
      fixes: ['Install the ring CryptoProvider first (preferred)'],
      output: `
        #[tokio::test]
        async fn e2e_happy_path_register_invite_join_send_recv() {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let endpoint = quinn::Endpoint::client("0.0.0.0:0".parse().unwrap()).unwrap();
            endpoint.close(0u32.into(), b"");
        }

        #[tokio::test]
        async fn e2e_second() {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let endpoint = quinn::Endpoint::client("0.0.0.0:0".parse().unwrap()).unwrap();
            endpoint.close(0u32.into(), b"");
        }
      `,
    },
    {
      name: 'lock-graph-reach: main of a crate reaching rustls only through a database client, the lock building both providers',
      files: BOTH_VIA_SQLX,
      code: `
        //- src/main.rs
        #[tokio::main]
        async fn main() {
        //       ^^^^ warning: \`main\` runs a binary linking rustls 0.23.20 (through \`sqlx\`), but Cargo.lock builds rustls 0.23.20 with both \`ring\` and \`aws-lc-rs\`
            let pool = sqlx::PgPool::connect(&std::env::var("DATABASE_URL").unwrap()).await.unwrap();
            serve(pool).await;
        }
      `,
      // The crate cannot name rustls itself: the fix is offered, not preferred.
      fixes: ['Install the ring CryptoProvider first (not preferred)'],
    },
    {
      name: 'lock-neither: rustls locked without any provider (default features off)',
      files: {
        'Cargo.toml': manifest('rustls = { version = "0.23", default-features = false, features = ["std"] }'),
        'Cargo.lock': lockWith([], ['rustls']),
      },
      code: `
        //- src/main.rs
        fn main() { run(); }
        // ^^^^ warning: with neither \`ring\` nor \`aws-lc-rs\`
      `,
      fixes: ['Install the ring CryptoProvider first (not preferred)'],
    },
    {
      name: 'binaries built together: quinn (ring) in one member, rustls (aws-lc-rs) in another',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n[workspace.dependencies]\nquinn = "0.11"\n',
        'a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n[dependencies]\nquinn = { workspace = true }\n',
        'b/Cargo.toml': '[package]\nname = "b"\nversion = "0.1.0"\n[dependencies]\nrustls = "0.23"\n',
      },
      code: `
        //- a/src/main.rs
        fn main() {
        // ^^^^ warning: \`main\` runs a binary linking rustls (through \`quinn\`)
            run();
        }
        //- b/src/main.rs
        fn main() {}
        // ^^^^ warning: the build enables both
      `,
      output: `
        //- a/src/main.rs
        fn main() {
            let _ = quinn::rustls::crypto::ring::default_provider().install_default();
            run();
        }
      `,
    },
    {
      name: 'fix: aws_lc_rs when the crate\'s own rustls has only its default provider (the lock adds ring, through a client whose features the manifests do not say)',
      files: {
        'Cargo.toml': manifest('rustls = "0.23"\nasync-nats = "0.38"'),
        'Cargo.lock': lockWith(['aws-lc-rs', 'ring'], ['rustls', 'async-nats'], [{ name: 'async-nats', version: '0.38.0', source: REG, dependencies: ['rustls'] }]),
      },
      code: `
        //- src/main.rs
        fn main() {}
        // ^^^^ warning: rustls::crypto::aws_lc_rs::default_provider().install_default()
      `,
      fixes: ['Install the aws_lc_rs CryptoProvider first (preferred)'],
      output: `
        //- src/main.rs
        fn main() {
            let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        }
      `,
    },
    {
      name: 'a unit test building a TLS config is reported once for its file',
      code: `
        //- src/tls.rs
        pub fn load() {}
        #[cfg(test)]
        mod tests {
            #[test]
            fn builds_client_config() { let _ = rustls::ClientConfig::builder(); }
            // ^^^^^^^^^^^^^^^^^^^^ warning: and 1 other test of this file run in a test binary
            #[test]
            fn other() { super::load(); }
        }
      `,
    },
    {
      name: 'audit profile: unit tests of a crate using rustls directly, showing no TLS use, are hygiene',
      files: { ...BOTH_DIRECT, ...AUDIT },
      code: `
        //- src/lib.rs
        pub fn bind_address() -> std::net::SocketAddr { "0.0.0.0:0".parse().unwrap() }
        #[cfg(test)]
        mod tests {
            #[test]
            fn binds() { assert_eq!(super::bind_address().port(), 0); }
            // ^^^^^ warning: [hygiene]
        }
      `,
    },
  ],
  valid: [
    {
      name: 'sozu-like: a [workspace.dependencies] rustls with defaults off, one provider by each crate\'s default features (the lock lists both)',
      files: providerByFeatures({ lib: '"crypto-ring"', bin: '"crypto-ring"', e2e: '"crypto-ring"' }),
      code: PROXY_SITES,
    },
    {
      name: 'the library\'s defaults choose nothing; the binary and the e2e crate ask it for ring',
      files: providerByFeatures({ lib: '', bin: '"crypto-ring"', e2e: '"crypto-ring"' }),
      code: PROXY_SITES,
    },
    {
      name: 'a second provider behind a feature nobody turns on by default (aws-lc-rs only when asked): the default build has ring alone',
      files: providerByFeatures({ lib: '"crypto-ring"', bin: '"crypto-ring"', e2e: '"crypto-ring"' }, providerMember('metrics', 'aws-lc-rs', false)),
      code: PROXY_SITES,
    },
    {
      name: 'feature-gated provider: the lock shows both, but the default features pick ring only (tls-fips is off)',
      files: FEATURE_GATED_FIPS('"tls-ring"'),
      code: `
        //- src/main.rs
        fn main() { serve(tokio_rustls::TlsAcceptor::from(config())); }
      `,
    },
    {
      name: 'optional-off: a workspace crate reaches rustls only through an optional dependency the binary does not turn on',
      files: authWorkspace('default = ["client"]\nclient = []\ndb = ["dep:sqlx"]\n', 'client'),
      code: `
        //- cli/src/main.rs
        fn main() { auth::register(std::env::args().nth(1).unwrap()); }
      `,
    },
    {
      name: 'single-provider-lock: the lock builds rustls with ring only (manifest features unknown to the table)',
      files: {
        'Cargo.toml': manifest('reqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }\nrustls = { version = "0.23", default-features = false, features = ["ring", "std"] }'),
        'Cargo.lock': lockWith(['ring'], ['rustls']),
        ...AUDIT,
      },
      code: `
        //- src/main.rs
        fn main() { run(); }
        #[cfg(test)]
        mod tests {
            #[test]
            fn t() { let _ = rustls::ClientConfig::builder(); }
        }
        //- tests/e2e.rs
        #[tokio::test]
        async fn e2e() { let _ = tokio_rustls::TlsConnector::from(config()); }
      `,
    },
    {
      name: 'single-provider-lock: aws-lc-rs only',
      files: { 'Cargo.toml': manifest('sqlx = { version = "0.8", features = ["postgres"] }'), 'Cargo.lock': lockWith(['aws-lc-rs'], ['sqlx'], SQLX) },
      code: `
        //- src/main.rs
        fn main() { run(); }
      `,
    },
    {
      name: 'no-tls-tests: unit and integration tests of a crate reaching rustls only through a client library show no TLS use (not even audit)',
      files: { ...BOTH_VIA_SQLX, ...AUDIT, 'src/main.rs': 'fn main() {\n    let _ = rustls::crypto::ring::default_provider().install_default();\n}\n' },
      code: `
        //- src/cache.rs
        pub fn key(a: &str) -> String { format!("k:{a}") }
        #[cfg(test)]
        mod tests {
            #[test]
            fn keys() { assert_eq!(super::key("a"), "k:a"); }
        }
        //- tests/e2e_health.rs
        #[tokio::test]
        async fn ping() {
            let client = reqwest::Client::new();
            client.get("http://127.0.0.1:8080/health").send().await.unwrap();
        }
      `,
    },
    {
      name: 'install-on-path: a shared test helper installs the provider for the integration tests',
      code: `
        //- tests/common/mod.rs
        pub fn setup() { let _ = rustls::crypto::ring::default_provider().install_default(); }
        //- tests/e2e.rs
        mod common;
        #[tokio::test]
        async fn e2e() {
            common::setup();
            let endpoint = quinn::Endpoint::client("0.0.0.0:0".parse().unwrap()).unwrap();
            endpoint.close(0u32.into(), b"");
        }
      `,
    },
    {
      name: 'install-on-path: the library\'s client builder installs the provider, main and tests use it',
      code: `
        //- src/lib.rs
        pub fn client() -> quinn::Endpoint {
            let _ = rustls::crypto::ring::default_provider().install_default();
            quinn::Endpoint::client("0.0.0.0:0".parse().unwrap()).unwrap()
        }
        //- src/main.rs
        fn main() { svc::client(); }
        //- tests/e2e.rs
        #[tokio::test]
        async fn e2e() { let endpoint = svc::client(); endpoint.close(0u32.into(), b""); }
      `,
    },
    {
      name: 'install-on-path: a workspace crate the binary uses installs the provider',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["net", "app"]\n',
        'net/Cargo.toml': pkg('net', 'rustls = { version = "0.23", features = ["ring"] }'),
        'app/Cargo.toml': pkg('app', 'net = { path = "../net" }'),
        'Cargo.lock': lock([
          { name: 'app', version: '0.1.0', dependencies: ['net'] },
          { name: 'net', version: '0.1.0', dependencies: ['rustls'] },
          { name: 'rustls', version: '0.23.20', source: REG, dependencies: ['aws-lc-rs', 'ring'] },
          { name: 'ring', version: '0.17.8', source: REG },
          { name: 'aws-lc-rs', version: '1.12.0', source: REG },
        ]),
      },
      code: `
        //- net/src/lib.rs
        pub fn init() { let _ = rustls::crypto::ring::default_provider().install_default(); }
        //- app/src/main.rs
        fn main() { net::init(); }
      `,
    },
    {
      name: 'explicit-provider: the crate builds every config with builder_with_provider',
      code: `
        //- src/main.rs
        use std::sync::Arc;
        fn main() {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider).with_safe_default_protocol_versions().unwrap();
            run(config);
        }
      `,
      files: { 'Cargo.toml': manifest('rustls = { version = "0.23", features = ["ring"] }') },
    },
    {
      name: 'build.rs, a method named main, non-test fns',
      code: `
        //- build.rs
        fn main() { println!("cargo:rerun-if-changed=build.rs"); }
        //- src/lib.rs
        pub fn serve() {}
        pub struct X;
        impl X { fn main() {} }
      `,
    },
    {
      name: 'main of a crate with rustls only as a dev-dependency',
      files: { 'Cargo.toml': manifest('anyhow = "1"') + '\n[dev-dependencies]\nrustls = { version = "0.23", features = ["ring"] }\n' },
      code: `
        //- src/main.rs
        fn main() {}
      `,
    },
    {
      name: 'rustls < 0.23, and a crate without rustls',
      files: { 'Cargo.toml': manifest('rustls = "0.21"') },
      code: `
        //- src/main.rs
        fn main() {}
        //- tests/e2e.rs
        #[tokio::test]
        async fn e2e() { let _ = rustls::ClientConfig::builder(); }
      `,
    },
  ],
});
