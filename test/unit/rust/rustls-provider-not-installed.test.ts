import { manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

/** A crate on rustls 0.23 with only the ring provider. */
const RING = { 'Cargo.toml': manifest('rustls = { version = "0.23", default-features = false, features = ["ring"] }') };

ruleTester('rustls-provider-not-installed', {
  path: 'tests/e2e.rs',
  files: RING,
  invalid: [
    {
      name: 'an e2e test in a crate on rustls 0.23 with ring: on the fn name',
      code: `
        #[tokio::test]
        async fn e2e_happy_path_register_invite_join_send_recv() {
        //       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: runs in a crate using rustls 0.23 but this file never installs a rustls CryptoProvider
            let server = spawn().await;
            server.stop();
        }
      `,
    },
    {
      name: 'main in a crate using quinn 0.11; a test fn through dev-dependencies; workspace-inherited versions',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n[workspace.dependencies]\nquinn = "0.11"\n',
        'a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n[dependencies]\nquinn = { workspace = true }\n',
        'b/Cargo.toml': '[package]\nname = "b"\nversion = "0.1.0"\n[dev-dependencies]\ntokio-rustls = "0.26"\n',
      },
      code: `
        //- a/src/main.rs
        fn main() {
        // ^^^^ warning: \`main\` runs in a crate using quinn 0.11
            run();
        }
        //- b/src/lib.rs
        #[cfg(test)]
        mod tests {
            #[test]
            fn t() { connect(); }
            // ^ warning: \`t\` runs in a crate using tokio-rustls 0.26
        }
      `,
    },
    {
      name: 'fix: inserts the ring provider as the first statement (preferred)',
      files: { 'Cargo.toml': manifest('rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }') },
      code: `
        #[tokio::test]
        async fn e2e_happy_path_register_invite_join_send_recv() {
        //       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning
            let server = spawn().await;
            server.stop();
        }
      `,
      fixes: ['Install the ring CryptoProvider first (preferred)'],
      output: `
        #[tokio::test]
        async fn e2e_happy_path_register_invite_join_send_recv() {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let server = spawn().await;
            server.stop();
        }
      `,
    },
    {
      name: 'fix: aws_lc_rs with default features, into an empty body',
      files: { 'Cargo.toml': manifest('rustls = "0.23"') },
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
      name: 'fix: the quinn::rustls path through quinn',
      files: { 'Cargo.toml': manifest('quinn = "0.11"') },
      code: `
        //- src/main.rs
        fn main() { run(); }
        // ^^^^ warning: quinn::rustls::crypto::ring::default_provider().install_default()
      `,
      output: `
        //- src/main.rs
        fn main() { let _ = quinn::rustls::crypto::ring::default_provider().install_default(); run(); }
      `,
    },
    {
      name: 'ambiguous features (ring + default aws-lc-rs): the fix is offered, not preferred',
      files: { 'Cargo.toml': manifest('rustls = { version = "0.23.5", features = ["ring"] }') },
      code: `
        //- src/main.rs
        fn main() {}
        // ^^^^ warning: rustls 0.23.5
      `,
      fixes: ['Install the ring CryptoProvider first (not preferred)'],
    },
  ],
  valid: [
    {
      name: 'a file calling install_default',
      files: { 'Cargo.toml': manifest('rustls = "0.23"') },
      code: `
        fn setup() { let _ = rustls::crypto::ring::default_provider().install_default(); }
        #[tokio::test]
        async fn e2e_happy_path_register_invite_join_send_recv() {
            let server = spawn().await;
            server.stop();
        }
      `,
    },
    {
      name: 'rustls < 0.23',
      files: { 'Cargo.toml': manifest('rustls = "0.21"') },
      code: `
        #[tokio::test]
        async fn e2e_happy_path_register_invite_join_send_recv() {
            let server = spawn().await;
            server.stop();
        }
      `,
    },
    {
      name: 'a crate without rustls',
      files: { 'Cargo.toml': manifest('tokio = "1"') },
      code: `
        //- tests/e2e.rs
        #[tokio::test]
        async fn e2e_happy_path_register_invite_join_send_recv() {
            let server = spawn().await;
            server.stop();
        }
        //- src/main.rs
        fn main() {}
      `,
    },
    {
      name: 'non-test fns and a method named main',
      files: { 'Cargo.toml': manifest('rustls = "0.23"') },
      code: `
        //- src/lib.rs
        pub fn serve() {}
        impl X { fn main() {} }
      `,
    },
  ],
});
