import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('secret-in-log', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'a token logged inside #[cfg(debug_assertions)] or if cfg!(debug_assertions): audit profile (non-production), no fix',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            #[cfg(debug_assertions)]
            tracing::debug!("DEV ONLY - verification token for {}: {}", req.email, token);
            //                                                                     ^^^^^ info: [non-production] \`token\` is a secret and \`tracing::debug!\` writes it to the logs, in code compiled only into debug builds
            if cfg!(debug_assertions) {
                tracing::debug!("reset token {}", token);
                //                                ^^^^^ info: [non-production] \`token\`
            }
        }
        #[cfg(debug_assertions)]
        fn dump(password: &str) {
            println!("{}", password);
            //             ^^^^^^^^ info: [non-production] \`password\`
        }
      `,
      fixes: [],
    },
    {
      name: 'a log in debug-only code is not in the default profile; release code next to it is',
      code: `
        fn f(req: Req, token: String) {
            #[cfg(debug_assertions)]
            tracing::debug!("DEV ONLY - verification token for {}: {}", req.email, token);
            #[cfg(not(debug_assertions))]
            tracing::debug!("verification token for {}: {}", req.email, token);
            //                                                          ^^^^^ error: \`token\` is a secret
        }
      `,
    },
    {
      name: 'oauth2 .secret() and secrecy .expose_secret(), whatever the value is called',
      code: `
        fn f(resp: TokenResponse, creds: Creds) {
            tracing::info!("got {}", resp.access_token().secret());
            //                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`resp.access_token()\` is a secret
            debug!(value = %creds.value.expose_secret(), "loaded");
            //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`creds.value\` is a secret
            info!("{}", refresh.secret().as_str());
            //          ^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`refresh\` is a secret
        }
      `,
    },
    {
      name: 'a CLI subcommand printing the token it generated: hygiene (audit profile)',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        fn main() {
            match cli.command {
                Command::Token => match generate_token(&cfg) {
                    Ok(token) => println!("Token: {token}"),
                    //                             ^^^^^ error: [hygiene] \`token\` is a secret and \`println!\` prints it to standard output
                    Err(e) => eprintln!("{e}"),
                },
            }
            tracing::info!("token {}", token);
            //                         ^^^^^ error: \`token\` is a secret and \`tracing::info!\` writes it
        }
      `,
    },
    {
      name: 'a subcommand\'s own module printing the key it created: hygiene; the same print in the serve module is a finding',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        //- src/cmd/create_api_key.rs
        pub async fn run(name: &str) -> anyhow::Result<()> {
            let token = api_keys::create(name).await?;
            println!("token: {}", token);
            //                    ^^^^^ error: [hygiene] \`token\` is a secret and \`println!\` prints it to standard output
            Ok(())
        }
        //- src/cmd/serve.rs
        pub async fn run(token: &str) { println!("serving with {}", token); }
        //                                                          ^^^^^ error: \`token\` is a secret and \`println!\` writes it
        //- src/main.rs
        mod cmd { pub mod create_api_key; pub mod serve; }
        fn main() {}
      `,
    },
    {
      name: 'behind an explicit switch for logging secrets (`if CONFIG.sso_debug_tokens()`), or a TLS key setting (a file path by convention): hygiene; behind a plain debug flag: a finding',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        fn exchange(token: &TokenResponse, cfg: &Config) {
            if CONFIG.sso_debug_tokens() {
                debug!("Id token: {}", token.id_token);
                //                     ^^^^^^^^^^^^^^ error: [hygiene] \`token.id_token\` is a secret and \`debug!\` writes it to the logs, behind \`CONFIG.sso_debug_tokens()\`, an explicit switch
            }
            if let Some(tls_private_key) = cfg.tls_private_key.clone() { info!("TLS private key: {}", tls_private_key); }
            //                                                                                        ^^^^^^^^^^^^^^^ error: [hygiene] \`tls_private_key\` is a TLS key setting
            if cfg.log_secrets && cfg.verbose { info!("access token {}", token.access_token) }
            //                                                           ^^^^^^^^^^^^^^^^^^ error: [hygiene]
            if cfg.debug {
                debug!("access token {}", token.access_token);
                //                        ^^^^^^^^^^^^^^^^^^ error: \`token.access_token\` is a secret and \`debug!\` writes it to the logs: log files
            }
        }
      `,
    },
    {
      name: 'a command-line tool printing a key: hygiene; its log of the key stays a finding',
      files: { 'Cargo.toml': '[package]\nname = "keytool-cli"\nversion = "0.1.0"\n\n[dependencies]\nclap = "4"\n', '.readiness.toml': 'profile = "audit"\n' },
      code: `
        fn show(key: &Key) {
            println!("{}", key.to_base64());
            let secret_key = key.export();
            println!("{secret_key}");
            //         ^^^^^^^^^^ error: [hygiene] \`secret_key\` is a secret and \`println!\` prints it to standard output in a command-line tool
            tracing::info!("exported {secret_key}");
            //                        ^^^^^^^^^^ error: \`secret_key\` is a secret and \`tracing::info!\` writes it
        }
      `,
    },
    {
      name: 'named fields, sigil shorthand and inline format args',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            info!(token = %t, "issued");
            //    ^^^^^^^^^^ error: \`token\` is a secret and \`info!\`
            warn!(?token, user = %req.user);
            //    ^^^^^^ error: \`token\` is a secret and \`warn!\`
            println!("{password}");
            //         ^^^^^^^^ error: \`password\` is a secret and \`println!\`
            eprintln!("pw={password:?} user={}", req.user);
            //             ^^^^^^^^ error: \`password\` is a secret and \`eprintln!\`
            log::error!("{}", req.api_key);
            //                ^^^^^^^^^^^ error: \`req.api_key\` is a secret and \`log::error!\`
            error!(%self.jwt_secret);
            //     ^^^^^^^^^^^^^^^^ error: \`self.jwt_secret\` is a secret and \`error!\`
        }
      `,
    },
    {
      name: 'borrowed, pass-through methods, nested format! and dbg!',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            info!("{}", &token);
            //          ^^^^^^ error: \`token\`
            debug!("{}", token.as_str());
            //           ^^^^^^^^^^^^^^ error: \`token\`
            info!("{}", format!("t={}", token));
            //                          ^^^^^ error: \`token\` is a secret and \`info!\`
            dbg!(password);
            //   ^^^^^^^^ error: \`password\` is a secret and \`dbg!\`
        }
      `,
    },
    {
      name: 'log macros nested in other macros (tokio::select!)',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            tokio::select! { _ = a => { tracing::info!("token {}", token); } }
            //                                                     ^^^^^ error: \`token\` is a secret and \`tracing::info!\`
        }
      `,
    },
    {
      name: 'extra names from [rules.secret-in-log] names',
      files: { '.readiness.toml': '[rules.secret-in-log]\nnames = ["pin"]\n' },
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            info!("{}", pin);
            //          ^^^ error: \`pin\` is a secret
        }
      `,
    },
    {
      name: 'fix: a positional argument → "[redacted]" (preferred)',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            tracing::debug!("verification token for {}: {}", req.email, token);
            //                                                          ^^^^^ error
        }
      `,
      fixes: ['Replace the secret with "[redacted]" (preferred)'],
      output: `
        fn f(req: Req, token: String, t: String, password: &str) {
            tracing::debug!("verification token for {}: {}", req.email, "[redacted]");
        }
      `,
    },
    {
      name: 'fix: a named field value',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            info!(token = %t, "issued");
            //    ^^^^^^^^^^ error
        }
      `,
      output: `
        fn f(req: Req, token: String, t: String, password: &str) {
            info!(token = "[redacted]", "issued");
        }
      `,
    },
    {
      name: 'fix: a ?shorthand field becomes a named field',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            warn!(?token, "x");
            //    ^^^^^^ error
        }
      `,
      output: `
        fn f(req: Req, token: String, t: String, password: &str) {
            warn!(token = "[redacted]", "x");
        }
      `,
    },
    {
      name: 'fix: inline {password:?} → the text [redacted]',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            println!("pw={password:?}!");
            //            ^^^^^^^^ error
        }
      `,
      output: `
        fn f(req: Req, token: String, t: String, password: &str) {
            println!("pw=[redacted]!");
        }
      `,
    },
    {
      name: 'no fix where a hex spec would not accept a string',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            info!("{:x}", token);
            //            ^^^^^ error
        }
      `,
      fixes: [],
    },
    {
      name: 'in a mio crate, an auth token is still a secret',
      files: { 'Cargo.toml': '[package]\nname = "proxy"\nversion = "0.1.0"\n\n[dependencies]\nmio = "1"\n' },
      code: `
        use mio::Token;
        fn login(slot: Token, auth_token: &str) {
            info!("slot {:?} logged in with {}", slot, auth_token);
            //                                         ^^^^^^^^^^ error: \`auth_token\` is a secret
        }
      `,
    },
    {
      name: 'a session id where web sessions are handed out: a session or cookie crate, or a cookie in the file',
      files: { 'Cargo.toml': '[package]\nname = "web"\nversion = "0.1.0"\n\n[dependencies]\naxum = "0.7"\ntower-sessions = "0.12"\n' },
      code: `
        fn f(req: Req) {
            info!(target: "auth", "{}", req.session_id);
            //                          ^^^^^^^^^^^^^^ error: \`req.session_id\` is a secret and \`info!\`
        }
      `,
    },
    {
      name: 'a session id next to a cookie in the file (no session crate)',
      code: `
        fn login(jar: CookieJar, session_id: String) -> CookieJar {
            tracing::info!(%session_id, "logged in");
            //             ^^^^^^^^^^^ error: \`session_id\` is a secret
            jar.add(Cookie::new("sid", session_id))
        }
      `,
    },
    {
      name: 'the audit profile keeps a session id where no web session is handed out, as hygiene',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        fn resume(stored: StoredSession) {
            debug!(session_id = %stored.id, "resuming AI session");
            //     ^^^^^^^^^^^^^^^^^^^^^^^ error: [hygiene] \`session_id\` is a session id and \`debug!\` writes it to the logs. A web session's id is a credential, but this crate hands out no web sessions (no session store or cookie crate, no cookie in this file), so it is likely a correlation id (a shell, chat or stream session): fine to log unless it authenticates something.
        }
      `,
    },
  ],
  valid: [
    {
      name: 'mio event-loop tokens in a crate built on mio (socket slot numbers)',
      files: { 'Cargo.toml': '[package]\nname = "proxy"\nversion = "0.1.0"\n\n[dependencies]\nmio = "1"\n' },
      code: `
        use mio::{Poll, Token};
        fn accept(&mut self, client: &Client, back_token: Token) {
            info!("client {:?} registered with token {:?}", client.id, client.token);
            error!("could not register back_token {:?}", back_token);
        }
      `,
    },
    {
      name: 'a session id (a shell, chat or gRPC session) where no web session is handed out; a session token still counts elsewhere',
      files: { 'Cargo.toml': '[package]\nname = "daemon"\nversion = "0.1.0"\n\n[dependencies]\ntonic = "0.12"\ntokio = "1"\n' },
      code: `
        fn record(capture: &Capture, stored: StoredSession) {
            let session_id = capture.session_id.as_deref();
            tracing::debug!(session_id = ?session_id, bytes = capture.output.len(), "captured");
            debug!(session_id = %stored.id, "resuming AI session");
            info!("shell session {}", capture.sessionId);
        }
      `,
    },
    {
      name: 'a lexical token of a search engine or parser (the function works on a lexer or tokenizer)',
      code: `
        fn search(&self, lexer: TokenLexer) {
            let tokens: Vec<(NormalizedToken, u32)> = lexer.collect();
            for (token, hash) in tokens.iter() { tracing::debug!("got iids for term: {token:?}"); }
        }
        fn suggest(mut lexer: TokenLexer) { if let Some((token, _h)) = lexer.next() { debug!("running suggest on word: {token:?}"); } }
      `,
    },
    {
      name: 'derived values and masking calls',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            info!("{}", token.len());
            debug!("{}", mask_secret(token));
            debug!(has = token.is_some());
            info!("{}", req.email);
            info!(token_count = n, "x");
            info!("{tokenizer}");
        }
      `,
    },
    {
      name: 'hashes, masks and flags of a secret',
      code: `
        fn f(req: Req, token: String, hashed_cookie: Option<String>) {
            event!(Level::INFO, http.request.headers.hashed_cookie = hashed_cookie.unwrap_or_default(), status = 200);
            info!(has_token = token.is_some(), masked_token = %mask(&token));
            info!("{hashed_cookie:?}");
        }
      `,
    },
    {
      name: 'non-logging macros and look-alike names',
      code: `
        fn f(req: Req, token: String, t: String, password: &str) {
            let s = format!("{}", token);
            assert_eq!(token, t);
            myapp::info!("{}", token);
            info!("tokens: {}", max_tokens);
        }
      `,
    },
  ],
});
