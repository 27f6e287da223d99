import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('hardcoded-secret', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'a real key in a command-line tool is still a finding',
      files: { 'Cargo.toml': '[package]\nname = "cargo-deploy"\nversion = "0.1.0"\n\n[dependencies]\nclap = "4"\ntokio = "1"\n' },
      code: `
        const API_KEY: &str = "sk_live_51HqLyjWDarjtT1zdp7dcXrNz";
        //                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: The constant \`API_KEY\` is set to a hard-coded string
      `,
    },
    {
      name: 'env fallbacks: unwrap_or("devtoken") and unwrap_or_else(|_| "changeme".into())',
      code: `
        fn cfg() {
            let auth_token = std::env::var("QPC_AUTH_TOKEN").unwrap_or_else(|_| "devtoken".into());
            //                                                                  ^^^^^^^^^^ error: \`QPC_AUTH_TOKEN\` falls back to the hard-coded value "de…" (8 characters)
            let t = env::var("API_TOKEN").unwrap_or("changeme".to_string());
            //                                      ^^^^^^^^^^ error: \`API_TOKEN\` falls back to the hard-coded value "ch…" (8 characters)
            let db_key = std::env::var("QPC_DB_KEY").unwrap_or_else(|_| String::from("k3y"));
            //                                                                       ^^^^^ error: \`QPC_DB_KEY\` falls back to the hard-coded value "k…" (3 characters)
        }
      `,
    },
    {
      name: 'let, const, static, field initialisers and assignments',
      code: `
        const ADMIN_PASSWORD: &str = "super_secret_password";
        //                           ^^^^^^^^^^^^^^^^^^^^^^^ error: The constant \`ADMIN_PASSWORD\` is set to a hard-coded string
        const API_KEY: &str = "sk_live_123";
        //                    ^^^^^^^^^^^^^ error: The constant \`API_KEY\` is set to a hard-coded string
        static JWT_SECRET: &str = r#"s3cr3t"#;
        //                        ^^^^^^^^^^^ error: The static \`JWT_SECRET\`
        fn f() {
            let password = "hunter2";
            //             ^^^^^^^^^ error: The binding \`password\`
            let mut client_secret = "abc".to_owned();
            //                      ^^^^^ error: The binding \`client_secret\`
            let c = Config { auth_token: "devtoken".into(), port: 1 };
            //                           ^^^^^^^^^^ error: The field \`auth_token\`
            cfg.db_password = String::from("pw");
            //                             ^^^^ error: The assignment to \`db_password\`
        }
      `,
    },
    {
      name: 'a configured secret whose fallback closure is a block ending in a literal',
      code: `
        fn turn(cfg: &Config) -> TurnConfig {
            TurnConfig {
                static_secret: cfg.turn.static_secret
                    .clone()
                    .unwrap_or_else(|| {
                        warn!("no TURN secret configured, using the built-in one");
                        "builtin_turn_secret".to_string()
                    //  ^^^^^^^^^^^^^^^^^^^^^ error: \`static_secret\` falls back to the hard-coded value "buil…" (19 characters) when the configuration does not set it
                    }),
                realm: "example.local".to_string(),
            }
        }
        fn env() {
            let api_key = std::env::var("SVC_API_KEY").unwrap_or_else(|_| { "k-123456".into() });
            //                                                              ^^^^^^^^^^ error: \`SVC_API_KEY\` falls back
        }
      `,
    },
    {
      name: 'values that look like secrets: placeholders in value positions, AWS-style ids, URLs with a token parameter',
      code: `
        const AWS_ACCESS_KEY: &str = "AKIAZZZZ7EXAMPLE0000";
        //                           ^^^^^^^^^^^^^^^^^^^^^^ error: The constant \`AWS_ACCESS_KEY\`
        const WEBHOOK_SECRET: &str = "https://hooks.example.com/in?token=9f8e7d6c";
        //                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: The constant \`WEBHOOK_SECRET\`
        fn f() {
            let db = DbConfig { user: "app".into(), password: "password".into() };
            //                                                ^^^^^^^^^^ error: The field \`password\`
            let jwt_secret = "my_super_secret_jwt_key";
            //               ^^^^^^^^^^^^^^^^^^^^^^^^^ error: The binding \`jwt_secret\`
        }
      `,
    },
    {
      name: 'offers no fix',
      code: `
        fn f() { let password = "hunter2"; }
        //                      ^^^^^^^^^ error
      `,
      fixes: [],
    },
  ],
  valid: [
    {
      name: 'a developer CLI (a cargo subcommand) starting a local database container with the image\'s default password',
      files: { 'Cargo.toml': '[package]\nname = "cargo-deploy"\nversion = "0.1.0"\n\n[dependencies]\nclap = "4"\ntokio = "1"\nhyper = "1"\n' },
      code: `
        fn local_postgres(db: &str) -> ContainerSpec {
            ContainerSpec { image: "docker.io/library/postgres:16".to_string(), username: "postgres".to_string(), password: "postgres".to_string().into() }
        }
      `,
    },
    {
      name: 'empty values, env var names, non-secret names, format templates, non-literals',
      code: `
        const TOKEN_ENV: &str = "QPC_AUTH_TOKEN";
        const AUTH_TOKEN_VAR: &str = "QPC_AUTH_TOKEN";
        const TOKEN_HEADER: &str = "x-auth-token";
        // Cookie names with an app prefix: two of the name's words and one more.
        pub const COOKIE_SESSION_ID: &str = "kellnr_session_id";
        pub const COOKIE_SESSION_USER: &str = "kellnr_session_user";
        fn f() {
            let token = "";
            let tokenizer = "bpe";
            let password = read_password()?;
            let secret = format!("{}", x);
            let token = std::env::var("QPC_AUTH_TOKEN").unwrap_or_default();
            let host = std::env::var("HOST").unwrap_or("localhost".into());
            let token = std::env::var("AUTH_TOKEN").unwrap_or_else(|_| String::new());
        }
      `,
    },
    {
      name: 'secret-named constants whose value is not a secret: header names, settings keys, templates, paths, URLs, flags, prefixes',
      code: `
        const X_SVC_TOKEN: &str = "X-Svc-Token";
        const CSRF_HEADER_TOKEN: &str = "x-csrf-token";
        const AUTHORIZATION_TOKEN: &str = "Authorization";
        pub mod keys {
            pub const ROOM_REQUIRE_PASSWORD: &str = "require_password";
            pub const SESSION_COOKIE: &str = "session_id";
            pub const SMTP_PASSWORD: &str = "email.smtp_password";
        }
        const PASSWORD_RESET_TEMPLATE: &str = r#"
        <html><body><p>Reset your password: {{link}}</p></body></html>
        "#;
        const PASSWORD_RESET_MAIL: &str = "Someone asked to reset your password.";
        const INVALID_TOKEN: &str = "invalid token";
        const TOKEN_MSG: &str = "token for {} expires in {}s";
        const JWT_PRIVATE_KEY: &str = "keys/jwt_private.pem";
        const SECRET_DIR: &str = "/run/secrets";
        const TOKEN_ISSUER: &str = "https://auth.example.com/";
        const ALLOW_EMPTY_PASSWORD: &str = "yes";
        const API_TOKEN: &str = "SVC_API_TOKEN";
        const TOKEN_PREFIX_V1: &str = "svc_v1_";
        fn f() {
            let api_key = cfg.api_key.clone().unwrap_or_else(|| String::new());
            let token = headers.get("x-token").unwrap_or("");
        }
      `,
    },
    {
      name: 'items under #[cfg(doc)] (documentation examples, never compiled)',
      code: `
        #[cfg(doc)]
        mod example {
            const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";
        }
      `,
    },
    {
      name: 'test code',
      code: `
        #[test]
        fn t() { let token = "test-token"; }
      `,
    },
  ],
});
