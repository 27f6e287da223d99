import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('hardcoded-secret', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'env fallbacks: unwrap_or("devtoken") and unwrap_or_else(|_| "changeme".into())',
      code: `
        fn cfg() {
            let auth_token = std::env::var("QPC_AUTH_TOKEN").unwrap_or_else(|_| "devtoken".into());
            //                                                                  ^^^^^^^^^^ error: \`QPC_AUTH_TOKEN\` falls back to the hard-coded value "devtoken"
            let t = env::var("API_TOKEN").unwrap_or("changeme".to_string());
            //                                      ^^^^^^^^^^ error: \`API_TOKEN\` falls back to the hard-coded value "changeme"
            let db_key = std::env::var("QPC_DB_KEY").unwrap_or_else(|_| String::from("k3y"));
            //                                                                       ^^^^^ error: \`QPC_DB_KEY\` falls back to the hard-coded value "k3y"
        }
      `,
    },
    {
      name: 'let, const, static, field initialisers and assignments',
      code: `
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
      name: 'empty values, env var names, non-secret names, format templates, non-literals',
      code: `
        const TOKEN_ENV: &str = "QPC_AUTH_TOKEN";
        const AUTH_TOKEN_VAR: &str = "QPC_AUTH_TOKEN";
        const TOKEN_HEADER: &str = "x-auth-token";
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
      name: 'test code',
      code: `
        #[test]
        fn t() { let token = "test-token"; }
      `,
    },
  ],
});
