import { RUST_CRATE, manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

const AUDIT = { '.readiness.toml': 'profile = "audit"\n' };

ruleTester('panic-in-production', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'an HTTP request and its body read at run time (the network fails)',
      code: `
        async fn fetch_instances() -> String {
            CLIENT.get(URL).send().await.expect("request").text().await.expect("body")
            //                           ^^^^^^ warning: \`.expect("request")\` panics when \`CLIENT.get(URL).send().await\` fails (it makes an HTTP request)
            //                                                          ^^^^^^ warning
        }
      `,
    },
    {
      name: 'path segments of a URL the caller gives (a mailto: base URL has none)',
      code: `
        fn register_url(mut url: Url) -> Url {
            let _home = Url::parse("https://example.org/").unwrap();
            url.path_segments_mut().unwrap().push("register");
            //                      ^^^^^^ warning
            url
        }
      `,
    },
    {
      name: 'a comment that does not say why it cannot fail, or doubts it, explains nothing',
      code: `
        fn load(path: &str) -> Config {
            // Load the configuration file.
            let text = std::fs::read_to_string(path).unwrap();
            //                                       ^^^^^^ warning
            // TODO: this cannot fail in practice, but handle the error anyway
            let port = std::env::var("PORT").unwrap();
            //                               ^^^^^^ warning
            parse(text, port)
        }
      `,
    },
    {
      name: 'audit profile: an explained unwrap is listed, acknowledged',
      files: { ...RUST_CRATE, '.readiness.toml': 'profile = "audit"\n' },
      code: `
        fn port() -> String {
            std::env::var("PORT").unwrap() // safe to unwrap: the launcher always sets PORT
            //                    ^^^^^^ warning: [acknowledged] \`.unwrap()\` on \`std::env::var("PORT")\` is explained as unable to fail (\u201csafe to unwrap\u201d)
        }
      `,
    },
    {
      name: 'a password hashed with a salt read from the request is not ruled out',
      code: `
        fn rehash(password: &str, salt_b64: &str) -> String {
            let salt = SaltString::from_b64(salt_b64).unwrap();
            //                                        ^^^^^^ warning
            Argon2::default().hash_password(password.as_bytes(), &salt).unwrap().to_string()
            //                                                          ^^^^^^ warning
        }
      `,
    },
    {
      name: '.expect and .unwrap in production code, on the method name, naming what is unwrapped',
      code: `
        fn main() {
            let a: u16 = cfg.port.parse().expect("port");
            //                            ^^^^^^ warning: \`.expect("port")\` panics when \`cfg.port.parse()\` fails
            let b = std::env::var("X").unwrap();
            //                         ^^^^^^ warning: \`.unwrap()\` panics when \`std::env::var("X")\` fails
        }
      `,
    },
    {
      name: 'message: "crashes the task" inside tokio::spawn, "crashes the process" on the main path; `?` only where possible',
      code: `
        async fn serve(http_address: String) -> anyhow::Result<()> {
            let handle = tokio::spawn(async move {
                let http_addr: std::net::SocketAddr = http_address.parse().expect("Invalid HTTP address");
                //                                                         ^^^^^^ warning: \`.expect("Invalid HTTP address")\` panics when \`http_address.parse()\` fails (it parses \`http_address\`, which the caller passes in), and crashes the task
                let listener = tokio::net::TcpListener::bind(http_addr).await.expect("Failed to bind HTTP address");
                //                                                            ^^^^^^ warning: Handle the error
            });
            let cfg = std::fs::read_to_string(path).unwrap();
            //                                      ^^^^^^ warning: crashes the process instead of returning an error. Propagate the error with \`?\`
            Ok(())
        }
      `,
    },
    {
      name: 'startup paths that bind, listen, connect or install signal handlers stay warnings',
      code: `
        async fn shutdown_signal() {
            tokio::signal::ctrl_c().await.expect("Failed to install Ctrl+C handler");
            //                            ^^^^^^ warning
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("Failed to install SIGTERM handler").recv().await;
            //                                                                        ^^^^^^ warning
            let l = std::net::TcpListener::bind("0.0.0.0:8080").unwrap();
            //                                                  ^^^^^^ warning
            let c = redis::Client::open(std::env::var("REDIS_URL").unwrap()).unwrap();
            //                                                     ^^^^^^ warning
            //                                                               ^^^^^^ warning
            let f = std::fs::File::open("config.toml").unwrap();
            //                                         ^^^^^^ warning
            let re = Regex::new(&cfg.pattern).unwrap();
            //                                ^^^^^^ warning
            let t = Instant::now().checked_sub(retention).unwrap();
            //                                            ^^^^^^ warning
        }
      `,
    },
    {
      name: 'evidence: the environment, files read through locals and loops, configuration read into locals, settings bound by patterns',
      code: `
        fn from_environment(config: &Server) -> Self {
            let server = dotenvy::var("SMTP_SERVER");
            let relay = SmtpTransport::relay(&server.unwrap_or_default()).unwrap();
            //                                                            ^^^^^^ warning: (it connects over the network)
            let bucket = required_var("S3_BUCKET").unwrap();
            //                                     ^^^^^^ warning: (it reads the environment)
            let entries = std::fs::read_dir("templates");
            let entries = entries.expect("templates directory");
            //                    ^^^^^^ warning: \`entries\` does file I/O
            for entry in entries {
                let entry = entry.expect("directory entry");
                //                ^^^^^^ warning: (\`entry\` comes from \`entries\`, which comes from \`entries\`, which does file I/O)
            }
            let addr = self.config.http_address();
            let a: SocketAddr = addr.parse().expect("Invalid HTTP address");
            //                               ^^^^^^ warning: (it parses \`addr\`, from \`self.config\`)
            match backend {
                Backend::Redis(dsn) => redis::Client::open(dsn).expect("redis client"),
                //                                              ^^^^^^ warning: (it is built from \`dsn\`, by its name a configured value)
                Backend::Webhook { endpoint_secret } => Webhook::new(endpoint_secret).expect("secret"),
                //                                                                    ^^^^^^ warning: (it is built from \`endpoint_secret\`, by its name a configured value)
            }
        }
      `,
    },
    {
      name: 'evidence: connection handles, pools that connect, secrets decoded from the environment, URLs built from parameters, a clock moved by a caller\'s duration',
      code: `
        async fn run(pool: RedisPool, dsn: &str, issuer: &str, older_than: Duration) {
            let mut conn = pool.get().await.expect("redis connection");
            //                              ^^^^^^ warning: (it awaits \`pool.get()\` on \`pool\`, a connection handle)
            let mgr = RedisConnectionManager::new(dsn).expect("manager");
            //                                         ^^^^^^ warning: (it is built from \`dsn\`, which the caller passes in)
            let p = bb8::Pool::builder().max_size(8).build(mgr).await.expect("pool");
            //                                                        ^^^^^^ warning: (it connects over the network)
            let ssh_key = SecretString::from(env::var("GIT_SSH_KEY").unwrap_or_default());
            let key = STANDARD.decode(ssh_key.expose_secret()).expect("base64 ssh key");
            //                                                 ^^^^^^ warning: (it parses \`ssh_key\`, which reads the environment)
            let text = String::from_utf8(key).expect("utf-8 ssh key");
            //                                ^^^^^^ warning: (it parses \`key\`, derived from \`ssh_key\`, which reads the environment)
            let issuer = issuer.trim_end_matches('/');
            let auth = AuthUrl::new(format!("{issuer}/authorize")).unwrap();
            //                                                     ^^^^^^ warning: (it is built from \`issuer\`, which the caller passes in)
            let cutoff = Instant::now().checked_sub(older_than).unwrap();
            //                                                  ^^^^^^ warning: (it subtracts \`older_than\` from the monotonic clock
            let level = Level::try_from(issuer).unwrap();
            //                                  ^^^^^^ warning: (it parses \`issuer\`, which the caller passes in)
            let n = sqlx::query("INSERT INTO migrations VALUES ($1)").bind(issuer).execute(&mut conn).await.unwrap();
            //                                                                                              ^^^^^^ warning: (it queries the database)
            let rows = users.filter(active.eq(true)).load::<User>(&mut conn).expect("Error loading users");
            //                                                               ^^^^^^ warning: (it queries the database)
        }
      `,
    },
    {
      name: 'calls after await and in chains',
      code: `
        async fn f() { let l = tokio::net::TcpListener::bind("x").await.expect("bind"); l.accept().await.unwrap().0; }
        //                                                              ^^^^^^ warning
        //                                                                                               ^^^^^^ warning
      `,
    },
    {
      name: 'a #[cfg(not(test))] item is production code',
      code: `
        #[cfg(not(test))]
        fn f() { env::var("X").unwrap(); }
        //                     ^^^^^^ warning
      `,
    },
    {
      name: 'unwraps inside tokio::select!, json!, vec![], assert! and nested format!',
      code: `
        async fn a() {
            tokio::select! {
                r = rx.recv() => { handle(cfg.port.parse::<u16>().unwrap()); }
                //                                                ^^^^^^ warning
                _ = tokio::signal::ctrl_c() => {}
            }
            let j = serde_json::json!({ "port": cfg.cfg.cfg.cfg.cfg.cfg.cfg.cfg.cfg.cfg.port.parse::<u16>().unwrap() });
            //                                                                                              ^^^^^^ warning
            let v = vec![env::var("A").unwrap(), env::var("B").expect("b")];
            //                         ^^^^^^ warning
            //                                                 ^^^^^^ warning
            assert!(cfg.validate().unwrap());
            //                     ^^^^^^ warning
            tracing::info!("{}", format!("{}", env::var("X").unwrap()));
            //                                               ^^^^^^ warning
        }
      `,
    },
    {
      name: 'inside a macro once, not twice',
      code: `
        fn a() { println!("{}", env::var("X").unwrap()); }
        //                                    ^^^^^^ warning
      `,
    },
    {
      name: 'the production branch next to a development one stays a warning',
      code: `
        fn build(backend: StorageBackend) -> Store {
            match backend {
                StorageBackend::S3 { bucket } => S3::connect(&bucket).expect("s3 client"),
                //                                                    ^^^^^^ warning
                StorageBackend::LocalFileSystem { path } => Local::new_with_prefix(path).unwrap(),
            }
        }
      `,
    },
    {
      name: 'a crate with an argument parser and an async runtime (mini-redis style server) and the service binary beside a tool binary stay services',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["kv", "server"]\n',
        'kv/Cargo.toml': '[package]\nname = "kv"\nversion = "0.1.0"\n\n[dependencies]\nclap = "4"\ntokio = { version = "1", features = ["full"] }\n',
        'server/Cargo.toml': '[package]\nname = "relay"\nversion = "0.1.0"\n\n[[bin]]\nname = "relay"\npath = "src/main.rs"\n\n[[bin]]\nname = "relay-utils"\npath = "src/utils.rs"\n\n[dependencies]\ntokio = "1"\nclap = "4"\n',
      },
      code: `
        //- kv/src/main.rs
        async fn main() { let listener = TcpListener::bind("0.0.0.0:6379").await.unwrap(); }
        //                                                                       ^^^^^^ warning: (it binds a socket)
        //- server/src/main.rs
        async fn main() { let listener = TcpListener::bind("0.0.0.0:21117").await.unwrap(); }
        //                                                                        ^^^^^^ warning: (it binds a socket)
      `,
    },
    {
      name: 'a NonZero of a configured value without a guard that makes it positive stays a finding',
      code: `
        fn limiter(settings: &Settings) {
            if let Some(rps) = settings.limits.messages_per_sec { if rps >= 0 { let q = NonZeroU32::new(rps * 60).unwrap(); } }
            //                                                                                                    ^^^^^^ warning: (it is built from
        }
      `,
    },
    {
      name: 'a subcommand that starts the service is not one-shot',
      code: `
        fn main() {
            match args.command {
                Some(Commands::Serve) => { let l = std::net::TcpListener::bind(&cfg.listen).unwrap(); }
                //                                                                          ^^^^^^ warning
                _ => {}
            }
        }
        //- src/cmd/serve.rs
        pub fn run(cfg: &Config) { let l = std::net::TcpListener::bind(&cfg.listen).unwrap(); }
        //                                                                          ^^^^^^ warning
      `,
    },
    {
      name: 'an invalid literal panics on every run: error in the default profile',
      code: `
        use std::net::SocketAddr;
        fn f() {
            let a = "0.0.0.0:99999".parse::<SocketAddr>().unwrap();
            //                                            ^^^^^^ error: is not a valid socket address
            let b: SocketAddr = "localhost:80".parse().expect("addr");
            //                                         ^^^^^^ error: "localhost:80" is not a valid socket address
            let c = "abc".parse::<u16>().unwrap();
            //                           ^^^^^^ error: is not a valid \`u16\`
            let d = url::Url::parse("not a url").unwrap();
            //                                   ^^^^^^ error: is not a valid URL
            let e = std::num::NonZeroUsize::new(0).unwrap();
            //                                     ^^^^^^ error: is always \`None\`
            let g = Regex::new(r"(?<=a)b").unwrap();
            //                             ^^^^^^ error: look-around
            let h = StatusCode::from_u16(42).unwrap();
            //                               ^^^^^^ error: not a valid status code
        }
      `,
    },
    {
      name: 'an invalid literal in a LazyLock is an error too (it panics on first use)',
      code: `
        static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(unclosed").unwrap());
        //                                                                     ^^^^^^ error: unclosed group
      `,
    },
    {
      name: 'audit profile: constant inputs are hygiene (literal parses, regexes, URLs, NonZero, TimeDelta, metrics in lazy statics, Default)',
      files: AUDIT,
      code: `
        static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"BV[a-zA-Z0-9]+").expect("invalid regex"));
        //                                                                          ^^^^^^ warning: [hygiene]
        static REQUESTS: Lazy<IntCounterVec> = Lazy::new(|| {
            IntCounterVec::new(Opts::new("requests_total", "Requests"), &["method"]).expect("metric")
            //                                                                       ^^^^^^ warning: [hygiene]
        });
        static DURATION: Lazy<HistogramVec> = Lazy::new(|| {
            register_histogram_vec_with_registry!("d_seconds", "Duration", &["path"], REGISTRY.clone()).expect("register")
            //                                                                                          ^^^^^^ warning: [hygiene]
        });
        lazy_static! {
            static ref ID: Regex = Regex::new("^[a-z]+$").unwrap();
            //                                            ^^^^^^ warning: [hygiene]
        }
        impl Default for Config {
            fn default() -> Self {
                Self {
                    listen_addr: "0.0.0.0:1935".parse().unwrap(),
                    //                                  ^^^^^^ warning: [hygiene] \`.unwrap()\` on \`"0.0.0.0:1935".parse()\` cannot fail at run time: "0.0.0.0:1935" is a valid socket address
                    workers: NonZeroUsize::new(4).expect("4 > 0"),
                    //                            ^^^^^^ warning: [hygiene]
                }
            }
        }
        impl Default for Mailer {
            fn default() -> Self { Self::new(None).expect("templates") }
            //                                     ^^^^^^ warning: [hygiene]
        }
        fn f() {
            let u = Url::parse("https://api.github.com").expect("base URL");
            //                                           ^^^^^^ warning: [hygiene]
            let a = AuthUrl::new("https://github.com/login/oauth/authorize".to_string()).unwrap();
            //                                                                           ^^^^^^ warning: [hygiene]
            let w = chrono::Utc::now() - chrono::TimeDelta::try_weeks(1).unwrap();
            //                                                           ^^^^^^ warning: [hygiene]
            let p: u16 = "8080".parse().unwrap();
            //                          ^^^^^^ warning: [hygiene]
            let c = toml::from_str::<Cfg>(include_str!("dump.toml")).unwrap();
            //                                                       ^^^^^^ warning: [hygiene]
            let n = serde_json::from_str::<Value>("null").unwrap();
            //                                            ^^^^^^ warning: [hygiene]
            let cert = Certificate::from_pem(certs::ROOT_X1).unwrap();
            //                                               ^^^^^^ warning: [hygiene]
        }
      `,
    },
    {
      name: 'audit profile: metric registration in a fn called only from a lazy static is hygiene',
      files: AUDIT,
      code: `
        static REGISTRY: Lazy<Registry> = Lazy::new(|| { let r = Registry::new(); register_metrics(&r); r });
        fn register_metrics(registry: &Registry) {
            registry.register(Box::new(HTTP_REQUESTS.clone())).expect("register");
            //                                                 ^^^^^^ warning: [hygiene]
        }
      `,
    },
    {
      name: 'audit profile: metric registration in a fn called from elsewhere reads no outside input: hygiene, not "a metric in a lazy static"',
      files: AUDIT,
      code: `
        fn main() { register_metrics(&registry); }
        fn register_metrics(registry: &Registry) {
            registry.register(Box::new(HTTP_REQUESTS.clone())).expect("register");
            //                                                 ^^^^^^ warning: [hygiene] \`.expect("register")\` on \`registry.register(Box::new(HTTP_REQUESTS.clone()))\`: nothing shows it can fail at run time
        }
      `,
    },
    {
      name: 'audit profile: guarded unwraps are hygiene',
      files: AUDIT,
      code: `
        fn f(video: Option<Frame>, query: Query, errors: Vec<E>, recent: Option<u64>, total: u64) -> Result<(), E> {
            if video.is_none() {
                return Ok(());
            }
            let v = video.unwrap();
            //            ^^^^^^ warning: [hygiene]
            let has_search = query.search.is_some();
            if has_search {
                let p = format!("%{}%", query.search.as_ref().unwrap());
                //                                            ^^^^^^ warning: [hygiene]
            }
            if errors.is_empty() {
                return Ok(());
            } else if errors.len() == 1 {
                return Err(errors.into_iter().next().unwrap());
                //                                   ^^^^^^ warning: [hygiene]
            }
            let ok = recent.is_some() && recent.unwrap() > 3;
            //                                  ^^^^^^ warning: [hygiene]
            let d = if matches!(recent, Some(x) if x > total) { recent.unwrap() } else { total };
            //                                                         ^^^^^^ warning: [hygiene]
            if let Some(_) = recent { let r = recent.unwrap(); }
            //                                       ^^^^^^ warning: [hygiene]
            match recent { Some(_) => recent.unwrap(), None => 0 };
            //                               ^^^^^^ warning: [hygiene]
            if items.len() < per_page {
                return Ok(());
            }
            let last = items.last().unwrap();
            //                      ^^^^^^ warning: [hygiene]
            Ok(())
        }
        impl Server {
            async fn start(&mut self) -> anyhow::Result<()> {
                self.grpc = Some(start_grpc().await?);
                let grpc = self.grpc.take().unwrap();
                //                          ^^^^^^ warning: [hygiene]
                let mut child = Command::new("git").stdin(Stdio::piped()).spawn()?;
                let stdin = child.stdin.take().unwrap();
                //                             ^^^^^^ warning: [hygiene]
                Ok(())
            }
        }
      `,
    },
    {
      name: 'not guarded: a check of another value, a check that does not leave',
      code: `
        fn f(path: &Path) {
            let (a, b, c) = (env::var("A").ok(), env::var("B").ok(), env::var("C").ok());
            if a.is_none() { return; }
            let x = b.unwrap();
            //        ^^^^^^ warning
            if c.is_none() { log(); }
            let y = c.unwrap();
            //        ^^^^^^ warning
            let items = std::fs::read(path).unwrap_or_default();
            if items.len() > 10 { return; }
            let z = items.first().unwrap();
            //                    ^^^^^^ warning
            if Path::new(CONFIG_DIR).exists() {
                let other = fs::canonicalize(DATA_DIR).unwrap();
                //                                     ^^^^^^ warning
                let text = fs::read_to_string(CONFIG_DIR).unwrap();
                //                                        ^^^^^^ warning
            }
            if !path.exists() { log(); }
            let meta = path.metadata().unwrap();
            //                         ^^^^^^ warning
        }
      `,
    },
    {
      name: 'audit profile: clock arithmetic and infallible APIs are hygiene',
      files: AUDIT,
      code: `
        fn f(s: &str, v: &Value) -> String {
            let secs = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
            //                                                      ^^^^^^ warning: [hygiene]
            let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("Time went backwards");
            //                                                                             ^^^^^^ warning: [hygiene]
            let cutoff = Instant::now().checked_sub(Duration::from_secs(60)).unwrap();
            //                                                               ^^^^^^ warning: [hygiene]
            let name = s.split('/').last().expect("split yields one item");
            //                             ^^^^^^ warning: [hygiene]
            let body = serde_json::to_string(v).expect("serialise state");
            //                                  ^^^^^^ warning: [hygiene]
            let app = serde_json::to_value(s).unwrap();
            //                                ^^^^^^ warning: [hygiene]
            let mac = HmacSha256::new_from_slice(s.as_bytes()).expect("hmac key");
            //                                                 ^^^^^^ warning: [hygiene]
            let mac2 = <Hmac<Sha256> as Mac>::new_from_slice(s.as_bytes()).unwrap();
            //                                                             ^^^^^^ warning: [hygiene]
            let templates: String = Path::new(s).canonicalize().unwrap().join("templates").to_str().unwrap().into();
            //                                                                                      ^^^^^^ warning: [hygiene]
            //                                                  ^^^^^^ warning: \`.unwrap()\` panics when
            let name = config_path.to_str().unwrap();
            //                              ^^^^^^ warning: [hygiene]
            let len = u32::from_be_bytes(s.as_bytes()[4..8].try_into().unwrap());
            //                                                         ^^^^^^ warning: [hygiene] \`.unwrap()\` on \`s.as_bytes()[4..8].try_into()\` cannot fail at run time: a slice of 4 elements
            let mut out = String::new();
            write!(out, "{}", name).unwrap();
            //                      ^^^^^^ warning: [hygiene]
            out
        }
      `,
    },
    {
      name: 'a workspace function that can return an error (a `?`, an `Err`, a `bail!`), one defined twice, and a dependency\'s are still fallible',
      code: `
        //- src/logging.rs
        pub fn init_logging(json: &str) -> Result<(), Error> { let l = build(json)?; set(l); Ok(()) }
        pub fn init_metrics(host: &str) -> Result<(), Error> { if host.is_empty() { return Err(Error::NoHost); } Ok(()) }
        pub fn init_tracing(json: &str) -> anyhow::Result<()> { if json.is_empty() { anyhow::bail!("no json"); } Ok(()) }
        pub fn setup(dir: &str) -> Result<(), Error> { Ok(()) }
        //- src/other.rs
        pub fn setup(dir: &str) -> Result<(), Error> { std::fs::create_dir_all(dir)?; Ok(()) }
        //- src/main.rs
        mod logging;
        mod other;
        use logging::{init_logging, init_metrics, init_tracing};
        fn run(json: &str, host: &str, dir: &str) {
            init_logging(json).expect("logging");
            //                 ^^^^^^ warning: \`.expect("logging")\` panics when
            init_metrics(host).unwrap();
            //                 ^^^^^^ warning: \`.unwrap()\` panics when
            init_tracing(json).unwrap();
            //                 ^^^^^^ warning: \`.unwrap()\` panics when
            logging::setup(dir).unwrap();
            //                  ^^^^^^ warning: \`.unwrap()\` panics when
            tracing_subscriber::fmt::try_init_with(json).unwrap();
            //                                           ^^^^^^ warning: \`.unwrap()\` panics when
        }
        fn main() {}
      `,
    },
    {
      name: 'a parameter one production caller passes from input, or a method\'s parameter, is still a finding',
      code: `
        //- src/cron.rs
        pub fn schedule(cron_expression: &str) -> Schedule { Schedule::from_str(cron_expression).unwrap() }
        //                                                                                       ^^^^^^ warning: \`.unwrap()\` panics when
        pub struct Jobs;
        impl Jobs { pub fn add(&self, expr: &str) -> Schedule { expr.parse::<Schedule>().unwrap() } }
        //                                                                               ^^^^^^ warning: \`.unwrap()\` panics when
        //- src/main.rs
        mod cron;
        fn main() {
            let a = cron::schedule("0 0 * * * * *");
            let b = cron::schedule(&std::env::var("CRON").unwrap_or_default());
            cron::Jobs.add("0 0 * * * * *");
        }
      `,
    },
    {
      name: 'a slice whose length differs from the array, or is not a constant, can fail',
      code: `
        fn header(path: &str, n: usize) -> (u32, [u8; 8]) {
            let b = std::fs::read(path).unwrap_or_default();
            let kind = u32::from_be_bytes(b[..2].try_into().unwrap());
            //                                              ^^^^^^ warning: \`.unwrap()\` panics when
            let id: [u8; 8] = b[..n].try_into().unwrap();
            //                                  ^^^^^^ warning: \`.unwrap()\` panics when
            (kind, id)
        }
      `,
    },
    {
      name: 'a cipher key of the wrong length fails: AES new_from_slice is not HMAC\'s',
      code: `
        fn cipher(key: &[u8]) -> Aes256Gcm { Aes256Gcm::new_from_slice(key).unwrap() }
        //                                                                  ^^^^^^ warning: \`.unwrap()\` panics when \`Aes256Gcm::new_from_slice(key)\` fails
      `,
    },
    {
      name: 'audit profile: a type with its own unwrap that panics is still an unwrap',
      files: AUDIT,
      code: `
        struct Cell(Option<u8>);
        impl Cell { fn unwrap(self) -> u8 { self.0.unwrap() } }
        //                                         ^^^^^^ warning: [hygiene]
        fn f(c: Cell) -> u8 { c.unwrap() }
        //                      ^^^^^^ warning: [hygiene]
      `,
    },
    {
      name: 'fix: .expect("m") → .context("m")? and adds use anyhow::Context; after the existing uses',
      code: `
        use std::net::SocketAddr;
        use anyhow::Result;

        fn main() -> Result<()> {
            let a: SocketAddr = addr.parse().expect("Invalid HTTP address");
            //                               ^^^^^^ warning
            Ok(())
        }
      `,
      fixes: ['(preferred)'],
      output: `
        use std::net::SocketAddr;
        use anyhow::Result;
        use anyhow::Context;

        fn main() -> Result<()> {
            let a: SocketAddr = addr.parse().context("Invalid HTTP address")?;
            Ok(())
        }
      `,
    },
    {
      name: 'fix: .unwrap() → .context("<what failed>")? and does not add the import twice',
      code: `
        use anyhow::{Context, Result};

        fn f(port: &str) -> Result<u16> {
            Ok(port.parse().unwrap())
            //              ^^^^^^ warning
        }
      `,
      output: `
        use anyhow::{Context, Result};

        fn f(port: &str) -> Result<u16> {
            Ok(port.parse().context("failed to parse port")?)
        }
      `,
    },
    {
      name: 'fix: imports into the enclosing module, not the file, and is preferred for anyhow::Result',
      code: `
        mod net {
            pub fn f() -> anyhow::Result<()> {
                cfg.x.parse::<u8>().expect("x");
              //                    ^^^^^^ warning
                Ok(())
            }
        }
      `,
      fixes: ['(preferred)'],
      output: `
        mod net {
            use anyhow::Context;

            pub fn f() -> anyhow::Result<()> {
                cfg.x.parse::<u8>().context("x")?;
                Ok(())
            }
        }
      `,
    },
    {
      name: 'fix: works inside a macro and imports at the file scope',
      code: `
        fn a() -> anyhow::Result<()> {
            println!("{}", cfg.x.parse::<u8>().expect("x"));
            //                                 ^^^^^^ warning
            Ok(())
        }
      `,
      output: `
        use anyhow::Context;

        fn a() -> anyhow::Result<()> {
            println!("{}", cfg.x.parse::<u8>().context("x")?);
            Ok(())
        }
      `,
    },
    {
      name: 'fix: Result<T, anyhow::Error>',
      code: `
        fn f() -> Result<(), anyhow::Error> { cfg.x.parse::<u8>().unwrap(); Ok(()) }
        //                                                        ^^^^^^ warning
      `,
      output: `
        use anyhow::Context;

        fn f() -> Result<(), anyhow::Error> { cfg.x.parse::<u8>().context("failed to parse cfg.x")?; Ok(()) }
      `,
    },
    {
      name: 'fix: Result<T, Box<dyn Error + Send + Sync>>',
      code: `
        fn f() -> Result<(), Box<dyn std::error::Error + Send + Sync>> { cfg.x.parse::<u8>().expect("x"); Ok(()) }
        //                                                                                   ^^^^^^ warning
      `,
      fixes: ['(preferred)'],
      output: `
        use anyhow::Context;

        fn f() -> Result<(), Box<dyn std::error::Error + Send + Sync>> { cfg.x.parse::<u8>().context("x")?; Ok(()) }
      `,
    },
    {
      name: 'fix: an error type of the crate with impl From<anyhow::Error> or #[from] anyhow::Error',
      code: `
        enum AppError { Other(#[from] anyhow::Error) }
        struct ApiError;
        impl From<anyhow::Error> for ApiError { fn from(_: anyhow::Error) -> Self { ApiError } }
        fn f() -> Result<(), AppError> { cfg.x.parse::<u8>().expect("x"); Ok(()) }
        //                                                   ^^^^^^ warning
        fn g() -> Result<(), ApiError> { cfg.y.parse::<u8>().expect("y"); Ok(()) }
        //                                                   ^^^^^^ warning
      `,
      fixes: ['(preferred)'],
      output: `
        use anyhow::Context;

        enum AppError { Other(#[from] anyhow::Error) }
        struct ApiError;
        impl From<anyhow::Error> for ApiError { fn from(_: anyhow::Error) -> Self { ApiError } }
        fn f() -> Result<(), AppError> { cfg.x.parse::<u8>().context("x")?; Ok(()) }
        fn g() -> Result<(), ApiError> { cfg.y.parse::<u8>().expect("y"); Ok(()) }
      `,
    },
    {
      name: 'fix: a closure returning anyhow::Result',
      code: `
        fn f() { let c = || -> anyhow::Result<u16> { Ok(cfg.p.parse().expect("p")) }; }
        //                                                            ^^^^^^ warning
      `,
      fixes: ['(preferred)'],
    },
    {
      name: 'fix: eyre::Result → .wrap_err(…)?',
      files: { 'Cargo.toml': manifest('eyre = "0.6"') },
      code: `
        fn f() -> eyre::Result<()> { cfg.x.parse::<u8>().expect("x"); Ok(()) }
        //                                               ^^^^^^ warning
      `,
      output: `
        use eyre::WrapErr;

        fn f() -> eyre::Result<()> { cfg.x.parse::<u8>().wrap_err("x")?; Ok(()) }
      `,
    },
    {
      name: 'no fix: a bare Result<T> that is not anyhow\'s (a crate alias), std::io::Result, another error enum',
      code: `
        use synctv_core::Result;
        fn f() -> Result<()> { cfg.x.parse::<u8>().unwrap(); Ok(()) }
        //                                         ^^^^^^ warning
      `,
      fixes: [],
    },
    {
      name: 'no fix: std::io::Result',
      code: `
        fn f() -> std::io::Result<()> { cfg.x.parse::<u8>().unwrap(); Ok(()) }
        //                                                  ^^^^^^ warning
      `,
      fixes: [],
    },
    {
      name: 'no fix: an error enum with no conversion from anyhow::Error',
      code: `
        fn f() -> Result<(), MyError> { cfg.x.parse::<u8>().unwrap(); Ok(()) }
        //                                                  ^^^^^^ warning
      `,
      fixes: [],
    },
    {
      name: 'no fix without anyhow',
      files: { 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde = "1"\n' },
      code: `
        fn f() -> anyhow::Result<()> { cfg.x.parse::<u8>().unwrap(); Ok(()) }
        //                                                 ^^^^^^ warning
      `,
      fixes: [],
    },
    {
      name: 'no fix outside a fn returning Result',
      code: `
        fn f() { env::var("X").unwrap(); }
        //                     ^^^^^^ warning
      `,
      fixes: [],
    },
    {
      name: 'no fix inside a closure without a Result return type, or an async block',
      code: `
        fn f() -> anyhow::Result<()> { let c = || cfg.x.parse::<u8>().unwrap(); let d = async { cfg.y.parse::<u8>().unwrap() }; Ok(()) }
        //                                                            ^^^^^^ warning
        //                                                                                                          ^^^^^^ warning
      `,
      fixes: [],
    },
  ],
  valid: [
    {
      name: 'a channel send with a message is not an HTTP request',
      code: `
        async fn forward(tx: &Sender<Msg>, m: Msg) { tx.send(m).await.expect("the receiver lives as long as the server"); }
      `,
    },
    {
      name: 'path segments of a URL parsed from an http(s):// literal (only a cannot-be-a-base URL has none)',
      code: `
        pub fn url_path_basename(path: &str) -> String {
            match Url::parse(format!("https://example.org/{path}").as_str()) {
                Ok(mut url) => {
                    url.path_segments_mut().unwrap().pop_if_empty();
                    url.path_segments().unwrap().next_back().unwrap().to_string()
                }
                Err(_) => path.to_string(),
            }
        }
      `,
    },
    {
      name: 'an unwrap the code explains cannot fail (a comment above or beside it, or the expect message) is acknowledged',
      code: `
        async fn serve(opts: &Opts) -> std::io::Result<()> {
            let tcp = if opts.fd.is_some() { None } else { Some(bind(&opts.addr).await) };
            // Safe to unwrap: when no UDS listener was created, \`tcp\` is
            // \`Some\` by construction above.
            let listener = tcp.unwrap();
            let port = std::env::var("PORT").unwrap(); // cannot fail: set by the launcher before exec
            let cfg = std::fs::read_to_string(&opts.path).expect("infallible: the path was read and validated at startup");
            run(listener, port, cfg).await
        }
      `,
    },
    {
      name: 'a password hashed with a salt the function just generated (fails only above 4 GiB)',
      code: `
        fn hash_secret(password: &str) -> String {
            let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default());
            let salt = SaltString::generate(&mut OsRng);
            argon.hash_password(password.as_bytes(), &salt).unwrap().to_string()
        }
      `,
    },
    {
      name: 'router invariants and settings-only builders: request extensions, an HTTP client built without certificates, a bound listener\'s address, a std→chrono duration',
      code: `
        async fn handler(req: Request) -> Response {
            let state = req.extensions().get::<AppState>().expect("AppState is inserted by the router");
            let client = reqwest::Client::builder().user_agent("svc").timeout(TIMEOUT).build().unwrap();
            let addr = listener.local_addr().unwrap();
            let retry = chrono::Duration::from_std(cfg.retry_delay).expect("retry delay fits");
            respond(state, client, addr, retry)
        }
      `,
    },
    {
      name: 'constant inputs are not in the default profile: literal regex/URL/address/NonZero/TimeDelta, metrics in lazy statics, Default',
      code: `
        static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"ep(\\d+)").expect("invalid regex"));
        static M: once_cell::sync::Lazy<IntGauge> = once_cell::sync::Lazy::new(|| IntGauge::new("rooms_active", "Rooms").expect("gauge"));
        impl Default for Config {
            fn default() -> Self { Self { listen: "0.0.0.0:5000".parse().expect("default listen address"), n: NonZeroUsize::new(16).unwrap() } }
        }
        fn f() {
            let u = url::Url::from_str("file:///x.js").expect("static string");
            let t = chrono::TimeDelta::try_minutes(5).unwrap();
            let s = StatusCode::from_u16(STATUS).unwrap();
            let h = HeaderValue::from_str("no-cache").unwrap();
        }
      `,
    },
    {
      name: 'no outside input: state the code set itself, typed values, data derived from parameters, a spawned task\'s handle, template text already read, settings-only pools, config options',
      code: `
        impl Transaction { fn tx(&mut self) -> &mut Tx { self.tx.as_mut().expect("Transaction already consumed") } }
        impl Header { fn encode(&self) -> HeaderValue { HeaderValue::from_str(&self.0).unwrap() } }
        impl<'de> Deserialize<'de> for AttemptOut {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw_value: Box<RawValue> = Deserialize::deserialize(deserializer)?;
                let rest: HashMap<&str, &RawValue> = serde_json::from_str(raw_value.get()).unwrap();
                Ok(Self { status: serde_json::from_str(rest.get("status").unwrap().get()).unwrap() })
            }
        }
        fn new(app_id: ApplicationId) -> Model { ActiveModel::new(app_id, None).try_into_model().expect("all fields set") }
        fn serialize(dt: &DateTime<Utc>) -> String { let secs = dt.timestamp(); DateTime::from_timestamp(secs, 0).unwrap().to_rfc3339() }
        async fn serve(addr: &str) {
            let handle = tokio::spawn(async move { TcpListener::bind(addr).await });
            let listener = handle.await.expect("bind task panicked");
        }
        fn templates() -> Environment {
            let mut env = Environment::new();
            let contents = std::fs::read_to_string("t.html").unwrap_or_else(|e| panic!("{e}"));
            env.add_template_owned("t", contents).expect("template syntax");
            env
        }
        fn pool(config: &DbConfig, manager: Manager) -> Pool {
            Pool::builder(manager).max_size(config.pool_size).wait_timeout(Some(config.connection_timeout)).build().unwrap()
        }
        fn queue(cfg: &Configuration) -> Backend { Backend::Redis(cfg.redis_dsn.as_deref().unwrap().to_owned()) }
        async fn memory() -> Pair { InMemoryBackend::builder().build_pair().await.expect("in-memory queue") }
      `,
    },
    {
      name: 'one-shot tools: a blocking crate with an argument parser and no async runtime, a crate described as a CLI, a [[bin]] named as a tool beside the service',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["set-password", "admin", "server"]\n',
        'set-password/Cargo.toml': '[package]\nname = "lldap_set_password"\nversion = "0.1.0"\n\n[dependencies]\nclap = "4"\nreqwest = { version = "0.12", features = ["blocking"] }\n',
        'admin/Cargo.toml': '[package]\nname = "admin"\nversion = "0.1.0"\ndescription = "Command-line tool to manage users"\n\n[dependencies]\nclap = "4"\ntokio = "1"\n',
        'server/Cargo.toml': '[package]\nname = "relay"\nversion = "0.1.0"\n\n[[bin]]\nname = "relay"\npath = "src/main.rs"\n\n[[bin]]\nname = "relay-utils"\npath = "src/utils.rs"\n\n[dependencies]\ntokio = "1"\nclap = "4"\n',
      },
      code: `
        //- set-password/src/main.rs
        fn main() { let url = std::env::var("LLDAP_URL").unwrap(); }
        //- admin/src/main.rs
        fn main() { let token = std::fs::read_to_string("token").unwrap(); }
        //- server/src/utils.rs
        fn main() { let addr = std::env::args().nth(1).unwrap(); let ips = addr.to_socket_addrs().unwrap(); }
      `,
    },
    {
      name: 'a builder with its fields set, a database record named config, a value parsed (and its error handled) before',
      code: `
        async fn add_site(key: &str, mcaptcha: Captcha) -> Site { AddSiteBuilder::default().id(key.into()).mcaptcha(mcaptcha).build().unwrap() }
        async fn edit(data: AppData, username: &str, key: String) -> Result<String, Error> {
            let config = data.db.get_captcha_config(username, &key).await?;
            Ok(EditPage::new(config, key).render_once().unwrap())
        }
        async fn invoice(&self, node: &str) -> Result<Uri, Error> {
            let url = Url::parse(&self.settings.pay_to_relay.node_url)?.join("/api/v1/payments")?;
            Ok(Uri::from_str(url.as_str()).unwrap())
        }
      `,
    },
    {
      name: 'a path as UTF-8 text (to_str) after I/O, and a tool crate the workspace excludes (a migration runner)',
      files: {
        'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\naxum = "0.7"\n\n[workspace]\nexclude = ["db/db-migrations"]\n',
        'db/db-migrations/Cargo.toml': '[package]\nname = "db-migrations"\nversion = "0.1.0"\n\n[dependencies]\nsqlx = "0.8"\ntokio = "1"\n',
      },
      code: `
        //- src/main.rs
        fn static_dir(path: &str) -> String { let absolute = std::fs::canonicalize(path).unwrap_or_default(); absolute.to_str().unwrap().to_owned() }
        fn main() {}
        //- db/db-migrations/src/main.rs
        #[tokio::main]
        async fn main() { let url = std::env::var("DATABASE_URL").expect("set DATABASE_URL"); }
      `,
    },
    {
      name: 'a static initialised once (OnceCell/OnceLock set), an HTTP client whose builder only sets a connect timeout',
      code: `
        pub fn init(config: OidcConfig) { OIDC_CONFIG.set(config).unwrap(); }
        pub async fn init_pool(cfg: &Config) { let pool = PgPool::connect_lazy(&cfg.url).unwrap_or_else(|_| panic!()); PG_POOL.set(pool).expect("init once"); }
        pub fn client() -> reqwest::Client {
            let builder = reqwest::Client::builder().connect_timeout(Duration::from_secs(10)).user_agent("rauthy");
            builder.build().unwrap()
        }
      `,
    },
    {
      name: 'atomics are not a database (`load(Ordering::…)`), and a length converted to another integer type cannot fail in practice',
      code: `
        fn pick(candidates: &mut Vec<Address>) {
            candidates.sort_by(|a, b| b.error_count.load(Ordering::Relaxed).partial_cmp(&a.error_count.load(std::sync::atomic::Ordering::Relaxed)).unwrap());
        }
        fn server_parameter(key: &str, value: &str) -> BytesMut {
            let null_byte_size = 1;
            let len: usize =
                mem::size_of::<i32>() + key.len() + null_byte_size + value.len() + null_byte_size;
            let mut out = BytesMut::new();
            out.put_i32(len.try_into().unwrap());
            out.put_u32(u32::try_from(value.len()).expect("fits"));
            out.put_u16(u16::try_from(key.len() * 2).unwrap());
            out
        }
      `,
    },
    {
      name: 'development branches: a local or in-memory backend arm, an `if env == Env::Development` block, debug builds',
      code: `
        fn build(backend: StorageBackend, env: Env) -> Store {
            if env == Env::Development { std::fs::create_dir_all("local_uploads").unwrap(); }
            if cfg!(debug_assertions) { let s = std::fs::read_to_string("dev.toml").unwrap(); }
            match backend {
                StorageBackend::LocalFileSystem { path } => Local::new_with_prefix(path).expect("local storage"),
                QueueBackend::Memory => InMemory::connect("mem://").expect("in-memory queue"),
                _ => todo!(),
            }
        }
      `,
    },
    {
      name: 'a one-shot CLI subcommand: a panic is its error exit (a command that starts the service is not one)',
      code: `
        fn main() {
            let cfg = Config::load();
            match args.command {
                Some(Commands::GenerateKey) => { let key = Key::generate(&cfg.encryption).unwrap(); println!("{key}"); }
                None => {}
            }
        }
      `,
    },
    {
      name: 'const and static initialisers are evaluated by the compiler: never a run-time panic',
      code: `
        pub const RANGES: &[Ipv4Network] = &[
            Ipv4Network::new_checked(Ipv4Addr::new(3, 10, 17, 128), 25).unwrap(),
        ];
        static N: NonZeroUsize = NonZeroUsize::new(8).unwrap();
      `,
    },
    {
      name: 'a workspace function declared to return a Result that never makes an error (no ?, no Err, ends in Ok): in this crate through a chain of uses, or another workspace crate, awaited',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["server", "common"]\n',
        'server/Cargo.toml': '[package]\nname = "server"\nversion = "0.1.0"\n\n[dependencies]\nmy-common = { path = "../common" }\n',
        'common/Cargo.toml': '[package]\nname = "my-common"\nversion = "0.1.0"\n',
      },
      code: `
        //- server/src/logging.rs
        pub fn init_logging(json: &str) -> ApiResult<()> {
            let logger = if json { json_drain() } else { term_drain() };
            slog_scope::set_global_logger(logger).cancel_reset();
            slog_stdlog::init().ok(); // "?" in a comment or "Err" in a string is no error
            Ok(())
        }
        //- common/src/server.rs
        pub async fn start(addr: &str) -> Result<Server, Error> {
            let server = Server { addr: addr.to_string() };
            return Ok(server);
        }
        //- server/src/main.rs
        mod logging;
        use logging::init_logging;
        use my_common::server;
        async fn run(log_format: &str, addr: &str) {
            init_logging(log_format).expect("Logging failed to initialize");
            let s = server::start(addr).await.unwrap();
        }
        fn main() {}
      `,
    },
    {
      name: 'a parameter every production caller passes as a literal (an associated fn, a free fn called from a closure; test callers do not count)',
      code: `
        //- src/db_cleaner.rs
        pub struct Scheduler { schedule: Schedule }
        impl Scheduler {
            pub fn new(cron_expression: &str, pool: Pool) -> Self {
                let schedule = Schedule::from_str(cron_expression).unwrap();
                Self { schedule }
            }
        }
        //- src/utils.rs
        pub fn get_accepted(req: &HttpRequest, default: &'static str) -> String {
            let candidates = Accept::parse(req).unwrap_or_else(|_| Accept(vec![mime::Mime::from_str(default).expect("accept")]));
            candidates.to_string()
        }
        #[cfg(test)]
        mod tests {
            use super::get_accepted;
            #[test]
            fn picks(req: HttpRequest, s: String) { get_accepted(&req, &s); }
        }
        //- src/main.rs
        mod db_cleaner;
        mod utils;
        fn main() {
            let scheduler = db_cleaner::Scheduler::new("0 0 * * * * *", pool());
            let accept = utils::get_accepted(&request(), "application/json");
        }
      `,
    },
    {
      name: 'a slice of constant length into an array of that length',
      code: `
        fn parse_hex<const N: usize>(buf: &[u8]) -> Option<[u8; N]> {
            let val: [u8; N] = buf.get(..N)?.try_into().unwrap();
            Some(val)
        }
        fn header(path: &str) -> (u16, u64, u32) {
            let b = std::fs::read(path).unwrap_or_default();
            let kind = u16::from_le_bytes(b[..2].try_into().unwrap());
            let at = 2;
            let size = u64::from_be_bytes(b[at..at + 8].try_into().unwrap());
            let crc: &[u8; 4] = b[10..=13].try_into().expect("4 bytes");
            (kind, size, u32::from_be_bytes(*crc))
        }
      `,
    },
    {
      name: 'a subcommand\'s own module (src/cmd/configfile.rs): a panic is the command\'s error exit',
      code: `
        //- src/cmd/configfile.rs
        pub fn run(conf: &Config) { println!("{}", reg.render_template(TEMPLATE, &conf.ui).expect("render configfile error")); }
        //- src/main.rs
        mod cmd { pub mod configfile; }
        fn main() {}
      `,
    },
    {
      name: 'guarded unwraps are not in the default profile',
      code: `
        fn settings(path: Option<String>) {
            if let Some(path) = path { println!("{path}"); }
            else if Path::new(CURRENT_DIR).exists() {
                let absolute_path = fs::canonicalize(CURRENT_DIR).unwrap();
            }
        }
        fn meta(dir: &Path) -> u64 {
            if !dir.is_dir() { return 0; }
            let real = dir.canonicalize().unwrap();
            std::fs::metadata(&real).map(|m| m.len()).unwrap_or(0) + dir.metadata().unwrap().len()
        }
        fn f(v: Option<u8>) -> u8 { if v.is_none() { return 0; } v.unwrap() }
        fn g(xs: &[u8]) -> u8 { if !xs.is_empty() { *xs.first().unwrap() } else { 0 } }
        fn limiter(settings: &Settings) {
            if let Some(rps) = settings.limits.messages_per_sec { if rps > 0 { let q = NonZeroU32::new(rps * 60).unwrap(); } }
            let burst = settings.limits.burst; if burst == 0 { return; } let b = std::num::NonZeroU32::new(burst).unwrap();
        }
      `,
    },
    {
      name: 'a type of the crate with its own non-panicking unwrap (not Option/Result)',
      code: `
        struct Serialized(Vec<u8>);
        impl Serialized { fn unwrap(self) -> Vec<u8> { decode(self.0) } }
        fn f(s: Serialized) -> Vec<u8> { s.unwrap() }
        fn g() -> Vec<u8> { let s: Serialized = load(); s.unwrap() }
        fn h() -> Vec<u8> { Serialized::new(b).unwrap() }
      `,
    },
    {
      name: 'unwrap_or*, unwrap_err look-alikes and lock().unwrap() (another rule)',
      code: `
        fn f() { a.unwrap_or(1); b.unwrap_or_default(); c.unwrap_or_else(|| 2); m.lock().unwrap(); r.read().unwrap(); w.write().expect("w"); }
      `,
    },
    {
      name: 'a method named expect with two arguments, or unwrap with one',
      code: 'fn f() { p.expect(a, b); q.unwrap(x); }',
    },
    {
      name: 'test code: #[cfg(test)] modules, #[test], #[tokio::test], #[rstest] fns, helpers in test modules',
      code: `
        fn prod() {}
        #[cfg(test)]
        mod tests {
            fn helper() -> u8 { "1".parse().unwrap() }
            #[test]
            fn t() { helper(); x.unwrap(); }
        }
        #[test]
        fn top() { y.expect("y"); }
        #[tokio::test]
        async fn a() { z.unwrap(); }
        #[rstest]
        /// doc
        fn r() { w.unwrap(); }
        #[cfg(all(test, feature = "x"))]
        fn q() { v.unwrap(); }
        #[test]
        fn m() { assert!(x.unwrap()); }
      `,
    },
    {
      name: 'files under tests/, benches/, examples/ and build.rs',
      code: `
        //- tests/it.rs
        fn a() { x.unwrap(); }
        //- benches/b.rs
        fn a() { x.unwrap(); }
        //- examples/e.rs
        fn main() { x.unwrap(); }
        //- build.rs
        fn main() { x.unwrap(); }
      `,
    },
  ],
});
