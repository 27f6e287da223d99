import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('non-constant-time-compare', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'a digest of a buffer holding only the shared token (the same expected value on every try)',
      code: `
        async fn check(conn: &mut Conn, token: &[u8]) -> Result<()> {
            let mut concat = Vec::from(token);
            concat.extend_from_slice(b"rathole");
            let protocol::Auth(d) = read_auth(conn).await?;
            let session_key = protocol::digest(&concat);
            if session_key != d { bail!("authentication failed"); }
            // ^^^^^^^^^^^^^^^^ warning: \`session_key\` is a secret compared
            Ok(())
        }
      `,
    },
    {
      name: 'an authentication check stays flagged when other fields are assigned after it',
      code: `
        fn login(session: &mut Session, user: &User, offered: &str) -> bool {
            if user.api_token != offered { return false; }
            // ^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`api_token\` is a secret compared
            session.user_id = user.id;
            session.api_token_checked = true;
            true
        }
      `,
    },
    {
      name: 'OAuth state, tokens, MACs, signatures, password hashes, CSRF tokens: the whole comparison',
      code: `
        fn a() {
            if received_state == expected_state { ok(); }
            // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`received_state\` is a secret compared with \`==\`
            if req.token != self.config.auth_token { deny(); }
            // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`token\` is a secret compared with \`!=\`
            let v = computed_mac == tag;
            //      ^^^^^^^^^^^^^^^^^^^ warning: \`computed_mac\`
            let w = sig.as_bytes() == signature.as_bytes();
            //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`signature\`
            let x = stored.password_hash == hash(input);
            //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`password_hash\`
            let y = csrf == form.csrf_token;
            //      ^^^^^^^^^^^^^^^^^^^^^^^ warning: \`csrf\`
            let password_hash = hash_password(&config.admin_password);
            if password_hash != password_response { deny(); }
            // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`password_hash\`
        }
      `,
    },
    {
      name: '!= counts as ==: a provided token against Some(configured), and a stored token',
      code: `
        fn metrics(expected_token: &Secret, provided_token: Option<&str>, old_password: &str, user: &User) -> bool {
            if provided_token != Some(expected_token.expose_secret()) { return false; }
            // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`provided_token\` is a secret compared with \`!=\`
            if old_password != user.password { return false; }
            // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`old_password\` is a secret compared with \`!=\`
            let token = read();
            token == API_TOKEN
         // ^^^^^^^^^^^^^^^^^^ warning: \`token\`
        }
      `,
    },
    {
      name: 'inside macros (assert! in production code)',
      code: `
        fn a() { assert!(token == expected); }
        //               ^^^^^^^^^^^^^^^^^ warning: \`token\`
      `,
    },
    {
      name: 'fix: → bool::from(a.as_bytes().ct_eq(b.as_bytes())), adds use subtle::ConstantTimeEq, not preferred',
      code: `
        use std::fmt;

        fn a(received_state: &str, expected_state: &str) -> bool {
            received_state == expected_state
         // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning
        }
      `,
      fixes: ['Compare in constant time with `subtle::ConstantTimeEq` (not preferred)'],
      output: `
        use std::fmt;
        use subtle::ConstantTimeEq;

        fn a(received_state: &str, expected_state: &str) -> bool {
            bool::from(received_state.as_bytes().ct_eq(expected_state.as_bytes()))
        }
      `,
    },
    {
      name: 'fix: != is negated and the import is not repeated',
      code: `
        use subtle::ConstantTimeEq;
        fn a(t: &str, token: &str) -> bool { t != token }
        //                                   ^^^^^^^^^^ warning: \`token\` is a secret compared with \`!=\`
      `,
      output: `
        use subtle::ConstantTimeEq;
        fn a(t: &str, token: &str) -> bool { !bool::from(t.as_bytes().ct_eq(token.as_bytes())) }
      `,
    },
    {
      name: 'a token checked against an HMAC or SHA-256 of a key is a secret check even when the file also uses a checksum elsewhere',
      code: `
        fn verify(token: &str, key: &[u8], body: &[u8]) -> bool {
            let checksum = crc32fast::hash(body);
            let expected_token = hex::encode(hmac_sha256(key, body));
            token == expected_token
            //^^^^^^^^^^^^^^^^^^^^^ warning: \`token\` is a secret compared with \`==\`
        }
      `,
    },
    {
      name: 'in a mio crate, an access token is still a credential',
      files: { 'Cargo.toml': '[package]\nname = "proxy"\nversion = "0.1.0"\n\n[dependencies]\nmio = "1"\n' },
      code: `
        use mio::Token;
        fn auth(access_token: &str, expected: &str, slot: Token) -> bool {
            access_token == expected
            //^^^^^^^^^^^^^^^^^^^^^^ warning: \`access_token\` is a secret compared with \`==\`
        }
      `,
    },
    {
      name: 'without mio a token is a credential, and a literal longer than 4 characters may be a secret',
      code: `
        fn admin(token: &str) -> bool {
            token == "letmein-2024"
            //^^^^^^^^^^^^^^^^^^^^^ warning: \`token\` is a secret compared with \`==\`
        }
      `,
    },
    {
      name: 'a constant read from the environment (a runtime secret) is still a secret check',
      code: `
        static ADMIN_TOKEN: Lazy<String> = Lazy::new(|| std::env::var("ADMIN_TOKEN").expect("ADMIN_TOKEN"));
        fn admin(token: &str) -> bool {
            token == *ADMIN_TOKEN
            //^^^^^^^^^^^^^^^^^^^ warning: \`token\` is a secret compared with \`==\`
        }
      `,
    },
    {
      name: 'the audit profile keeps the secret compare in a PartialEq impl, as hygiene',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        pub struct Password { password: String }
        impl PartialEq<&str> for Password {
            fn eq(&self, other: &&str) -> bool {
                self.password.as_str() == *other
                //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: [hygiene] \`password\` is a secret compared with \`==\` in the type's \`PartialEq\` impl
            }
        }
      `,
    },
  ],
  valid: [
    {
      name: 'a password compared with its confirmation prompt, named by the confirmation alone',
      code: `
        fn new_password() -> anyhow::Result<String> {
            let password = rpassword::prompt_password("New password: ")?;
            let confirm = rpassword::prompt_password("Confirm password: ")?;
            if password != confirm { anyhow::bail!("Passwords do not match"); }
            Ok(password)
        }
      `,
    },
    {
      name: 'mio event-loop tokens, assertions, a header parser\'s short tokens and a macro_rules transcriber',
      files: { 'Cargo.toml': '[package]\nname = "proxy"\nversion = "0.1.0"\n\n[dependencies]\nmio = "1"\n' },
      code: `
        use mio::{Interest, Registry, Token};
        fn ready(&mut self, token: Token, id: u32) -> bool {
            if self.back_token == Some(token) { return true; }
            self.clients.get(&token).is_some_and(|c| c.token == token && c.id == id)
        }
        fn priority(token: &[u8]) -> Option<bool> {
            debug_assert!(token != b"", "empty token");
            assert_eq!(token.len(), 1);
            if token == b"i" || token == b"i=?1" { Some(true) } else { None }
        }
        macro_rules! state { ($t:ident) => { if $t == SessionState { 1 } else { 0 } }; }
      `,
    },
    {
      name: 'the type\'s own PartialEq impl (its callers are not visible there)',
      code: `
        pub struct Password { password: String }
        impl PartialEq for Password { fn eq(&self, other: &Self) -> bool { self.password == other.password } }
        impl std::cmp::PartialEq<str> for Password { fn eq(&self, other: &str) -> bool { self.password.as_str() == other } }
      `,
    },
    {
      name: 'a compile-time constant of the file (a file format\'s magic bytes) and a rotation counter',
      code: `
        static SIGNATURE: Lazy<Vec<u8>> = Lazy::new(|| {
            let mut expected = b"PGCOPY\\n".to_vec();
            expected.push(255);
            expected
        });
        const HMAC_PREFIX: &str = "v1=";
        fn read(buf: &mut Bytes, server: &Server, pool: &Pool) -> bool {
            let signature: Vec<u8> = buf.copy_to_bytes(SIGNATURE.len()).to_vec();
            if signature != *SIGNATURE { return false; }
            let sig_prefix = &signature[..3];
            if sig_prefix == HMAC_PREFIX.as_bytes() { return true; }
            server.credentials_generation() != pool.credentials_generation
        }
      `,
    },
    {
      name: 'a version tag the file makes with a non-cryptographic hash (xxHash, CRC, also one local back): anyone can compute it',
      code: `
        pub struct CapServer { token: String, body: String }
        impl CapServer {
            fn rebake(&mut self, canonical: &[u8]) {
                let token = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(canonical));
                self.token = token;
            }
            pub fn negotiate(&self, known: Option<&str>) -> bool {
                matches!(known, Some(known) if known != self.token)
            }
        }
        fn unchanged(etag_token: &str, body: &[u8]) -> bool {
            let body_token = crc32fast::hash(body).to_string();
            etag_token == body_token
        }
      `,
    },
    {
      name: 'a change check before an update: the stored field is overwritten with the new value after the compare',
      code: `
        async fn put_device_token(data: PushToken, device: &mut Device, conn: &Db) -> Result<(), Error> {
            let token = data.push_token;
            if device.push_token.as_ref() == Some(&token) {
                return Ok(());
            }
            device.push_token = Some(token);
            device.save(conn).await
        }
      `,
    },
    {
      name: 'identifiers compared to find or tell apart records (session ids in an LRU)',
      code: `
        fn touch(&mut self, session_id: &SessionId) {
            if let Some(i) = self.lru.iter().position(|id| id == session_id) { self.lru.remove(i); }
            if entry.session_id == *session_id && entry.key_id != other.key_id { evict(); }
            let hex_digest: String = format!("{:x}", Sha256::digest(self.to_canonical().as_bytes()));
            if hex_digest != self.id { return false; }
        }
      `,
    },
    {
      name: 'a salted challenge-response computed for this exchange (a fresh salt each connection)',
      code: `
        async fn auth(config: &Config, password_response: Vec<u8>) {
            let salt = md5_challenge(&mut write).await?;
            let password_hash = md5_hash_password(&config.admin_username, &config.admin_password, &salt);
            if password_hash != password_response { return Err(invalid()); }
            let new_password_hash = md5_hash_second_pass(&fetched_hash, &salt);
            if new_password_hash == password_response { ok(); }
            let expected_token = hmac_sign(&key, &server_nonce).unwrap();
            if expected_token.as_slice() != received { deny(); }
        }
      `,
    },
    {
      name: 'a digest of a buffer the function filled with a fresh nonce (challenge-response, one step back)',
      code: `
        async fn do_control_channel_handshake(conn: &mut Conn, token: &[u8]) -> Result<()> {
            let mut nonce = vec![0u8; 32];
            rand::thread_rng().fill_bytes(&mut nonce);
            conn.write_all(&nonce).await?;
            let mut concat = Vec::from(token);
            concat.append(&mut nonce);
            let protocol::Auth(d) = read_auth(conn).await?;
            let session_key = protocol::digest(&concat);
            if session_key != d { bail!("authentication failed"); }
            Ok(())
        }
      `,
    },
    {
      name: 'emptiness/None checks, lengths, non-secret names, mac addresses',
      code: `
        fn a() {
            if token == "" { return; }
            if api_key != None {}
            if token.len() == 32 {}
            if token_type == kind {}
            if mac_address == other {}
            if state == State::Ready {}
            if tokens == 3 {}
        }
      `,
    },
    {
      name: 'header-name constants (http::header::COOKIE), not secrets',
      code: `
        fn strip(headers: &mut Vec<(String, String)>) {
            headers.retain(|(name, _)| AUTHORIZATION != name.as_str() && COOKIE != name.as_str());
            let is_cookie = name == header::SET_COOKIE;
        }
      `,
    },
    {
      name: 'two values of the same secret: confirmation fields, change checks, an earlier copy',
      code: `
        fn register(form: Form) -> bool {
            if form.password != form.password_confirm { return false; }
            if confirm_password != password { return false; }
            if password != password2 { return false; }
            if form.new_password == form.old_password { return false; }
            true
        }
        fn relay(client: &mut Client) {
            let orig_token = client.token.clone();
            loop {
                let show_welcome = attempts == 0 || orig_token != client.token;
                client.token = rotate();
            }
        }
      `,
    },
    {
      name: 'test code',
      code: `
        #[test] fn t() { assert!(token == expected); }
      `,
    },
  ],
});
