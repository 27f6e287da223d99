import { manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('insecure-config-default', {
  files: { 'Cargo.toml': manifest('') },
  invalid: [
    {
      name: 'the seed config: auth_token = "devtoken" and db_key = "" (encryption-at-rest message), on the value',
      code: `
        //- config.toml
        # Example server configuration
        listen = "0.0.0.0:7000"
        auth_token = "devtoken"
        #            ^^^^^^^^^^ error: placeholder "devtoken"
        db_key = ""
        #        ^^ error: empty key disables encryption at rest
        db_path = "data/chat.db"
      `,
    },
    {
      name: 'nested tables, inline tables, any app config name and placeholder forms',
      code: `
        //- deploy/settings.toml
        [database]
        password = "changeme"
        #          ^^^^^^^^^^ error: \`password\` is set to the placeholder "changeme"

        [auth]
        jwt = { secret = "your_jwt_secret_here" }
        #                ^^^^^^^^^^^^^^^^^^^^^^ error: \`secret\` is set to the placeholder
        api_key = "xxxxxx"
        #         ^^^^^^^^ error: \`api_key\` is set to the placeholder
        admin_password = "admin"
        #                ^^^^^^^ error: \`admin_password\` is set to the placeholder
        client_secret = "<client-secret>"
        #               ^^^^^^^^^^^^^^^^^ error: \`client_secret\` is set to the placeholder
      `,
    },
    {
      name: '.env, *.env and .env.example files: placeholders (an empty non-encryption value is hygiene, see the audit case)',
      code: `
        //- .env
        AUTH_TOKEN=devtoken
        #          ^^^^^^^^ error: \`AUTH_TOKEN\` is set to the placeholder "devtoken"
        DB_PASSWORD=
        //- deploy/prod.env
        export API_KEY="changeme"
        #              ^^^^^^^^^^ error: \`API_KEY\` is set to the placeholder
        //- .env.example
        SESSION_SECRET=changeme
        #              ^^^^^^^^ error: \`SESSION_SECRET\` is set to the placeholder
        DATABASE_PASSWORD=
      `,
    },
    {
      name: 'placeholder phrases, case-, separator- and leetspeak-insensitive, in a template an entrypoint copies; key_seed is a secret name',
      code: `
        //- config/config.example.toml
        key_seed = "RanD0m STR1ng"
        #          ^^^^^^^^^^^^^^^ error: \`key_seed\` is set to the placeholder "RanD0m STR1ng"
        jwt_secret = "change me please"
        #            ^^^^^^^^^^^^^^^^^^ error: \`jwt_secret\` is set to the placeholder
        api_token = "put your secret here"
        #           ^^^^^^^^^^^^^^^^^^^^^^ error: \`api_token\` is set to the placeholder
        session_secret = "<generate one>"
        #                ^^^^^^^^^^^^^^^^ error: \`session_secret\` is set to the placeholder
        admin_password = "Ch4ngeMe"
        #                ^^^^^^^^^^ error: \`admin_password\` is set to the placeholder
      `,
    },
    {
      name: 'YAML app config, and placeholders compiled into an impl Default for …Config',
      code: `
        //- config.yaml
        auth:
          jwt_secret: "a long random string"
        #             ^^^^^^^^^^^^^^^^^^^^^^ error: \`jwt_secret\` is set to the placeholder
        //- src/config.rs
        pub struct AuthConfig { pub jwt_secret: String, pub issuer: String }
        impl Default for AuthConfig {
            fn default() -> Self {
                Self { jwt_secret: "changeme".to_string(), issuer: "test".to_string() }
        //                          ^^^^^^^^ error: \`jwt_secret\` defaults to the placeholder "changeme" in \`AuthConfig\`
            }
        }
        fn default_api_key() -> String { "your-api-key-here".into() }
        //                                ^^^^^^^^^^^^^^^^^ error: \`api_key\` defaults to the placeholder
        fn main() {}
      `,
    },
    {
      name: 'audit profile: an empty encryption key in a template, and empty non-encryption secrets outside templates, are hygiene',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        //- .env.example
        QPC_DB_KEY=
        #^^^^^^^^^ error: [hygiene] \`QPC_DB_KEY\` is empty: an empty key disables encryption at rest
        QPC_AUTH_TOKEN=
        //- config.sample.toml
        db_key = ""
        #        ^^ error: [hygiene] \`db_key\` is empty: an empty key disables encryption at rest
        //- .env
        AUTH_TOKEN=
        #^^^^^^^^^ error: [hygiene] \`AUTH_TOKEN\` is empty
        //- deploy/app.env
        AUTH_TOKEN=""
        #          ^^ error: [hygiene] \`AUTH_TOKEN\` is empty
      `,
    },
    {
      name: 'extra secret names from [rules.insecure-config-default] names',
      files: { '.readiness.toml': '[rules.insecure-config-default]\nnames = ["unlock_code"]\n' },
      code: `
        //- app.toml
        pin = "0000"
        unlock_code = "test"
        #             ^^^^^^ error: \`unlock_code\` is set to the placeholder "test"
      `,
    },
  ],
  valid: [
    {
      name: 'real-looking values, non-secret keys, ${VAR} references',
      code: `
        //- config.toml
        auth_token = "k8J2mQ9x-Lw3pZr7"
        token_ttl = "test"
        password_file = ""
        mode = "test"
        secret = "\${APP_SECRET}"
        name = "admin"
      `,
    },
    {
      name: 'default profile: empty optional secrets (an opt-in AUTH_TOKEN) and empty template values; real values that contain words',
      code: `
        //- .env
        AUTH_TOKEN=
        //- extra/systemd/app.env
        # To enable basic HTTP auth, set the AUTH_TOKEN
        AUTH_TOKEN=""
        //- .env.example
        DATABASE_PASSWORD=
        //- config.toml
        jwt_secret = "k8J2mQ9x-Lw3pZr7-here"
        api_token = "randomized-ZQ83kd0Lp2"
        session_secret = "correct horse battery staple 42"
      `,
    },
    {
      name: 'Rust: empty defaults (unset), non-config impls, non-secret fields and test code; CI and compose YAML',
      code: `
        //- src/config.rs
        pub struct AuthConfig { pub jwt_secret: String, pub mode: String }
        impl Default for AuthConfig {
            fn default() -> Self { Self { jwt_secret: String::new(), mode: "test".into() } }
        }
        pub struct Session { pub token: String }
        impl Default for Session {
            fn default() -> Self { Self { token: "changeme".into() } }
        }
        #[cfg(test)]
        mod tests {
            struct TestConfig { password: String }
            impl Default for TestConfig {
                fn default() -> Self { Self { password: "changeme".into() } }
            }
        }
        fn main() {}
        //- docker-compose.yml
        services:
          db:
            environment:
              POSTGRES_PASSWORD: changeme
        //- .github/workflows/ci.yml
        jobs:
          t:
            env:
              API_TOKEN: changeme
      `,
    },
    {
      name: 'a name that is not a secret name without [rules.insecure-config-default] names',
      code: `
        //- app.toml
        pin = "0000"
        unlock_code = "test"
      `,
    },
    {
      name: 'tool manifests: Cargo.toml, deny.toml, rustfmt.toml, clippy.toml, rust-toolchain.toml, .cargo/config.toml; tests and fixtures',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"
        edition = "2021"

        [dependencies]

        [package.metadata.x]
        password = "changeme"
        //- deny.toml
        password = "changeme"
        //- rustfmt.toml
        password = "changeme"
        //- clippy.toml
        password = "changeme"
        //- rust-toolchain.toml
        password = "changeme"
        //- .cargo/config.toml
        password = "changeme"
        //- tests/fixtures/config.toml
        password = "changeme"
        //- crates/a/tests/app.toml
        password = "changeme"
        //- testdata/.env
        TOKEN=devtoken
      `,
    },
  ],
});
