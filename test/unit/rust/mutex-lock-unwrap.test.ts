import { RUST_CRATE } from '../../helpers/fixtures';

const AUDIT = { ...RUST_CRATE, '.readiness.toml': 'profile = "audit"\n' };
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('mutex-lock-unwrap', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'audit profile: the explained lock is listed as acknowledged; a comment that doubts it is not an explanation',
      files: AUDIT,
      code: `
        impl Store {
            fn a(&self) {
                // SAFETY: the lock is never poisoned, no section panics.
                let conn = self.conn.lock().unwrap();
                //                          ^^^^^^ warning: [acknowledged] \`.lock().unwrap()\` on \`conn\` is explained as unable to fail
                conn.execute(SQL).unwrap();
                // TODO: cannot be poisoned today, but might panic later
                let again = self.conn.lock().unwrap();
                //                           ^^^^^^ warning: \`.lock().unwrap()\` panics when the lock is poisoned
            }
        }
      `,
    },
    {
      name: 'self.conn.lock().unwrap() and read()/write().expect(…), on the unwrap/expect',
      code: `
        impl Store {
            fn a(&self) { let conn = self.conn.lock().unwrap(); conn.execute(SQL).unwrap(); }
            //                                        ^^^^^^ warning: \`.lock().unwrap()\` panics when the lock is poisoned
            fn b(&self) { let m = self.map.read().expect("map"); self.map.write().unwrap()[0] = 1; }
            //                                    ^^^^^^ warning: \`.read().expect(…)\`
            //                                                                    ^^^^^^ warning: \`.write().unwrap()\` panics when the lock is poisoned (another thread panicked while holding it), so one panic cascades into every later caller. Code under a guard of \`map\` can panic (line 3: \`self.map.write().unwrap()[0]\`)
        }
      `,
    },
    {
      name: 'a local bound to the lock field (if let Some(ref hash) = self.data) is the same lock: a panic under another alias poisons it',
      code: `
        impl Cache {
            fn get(&self, key: &str) -> Option<Addr> {
                if let Some(ref hash) = self.data { if let Some(a) = hash.read().unwrap().get(key) { return Some(a.clone()); } }
                //                                                               ^^^^^^ warning: Code under a guard of \`data\` can panic (line 7
                None
            }
            fn put(&self, host: &str, addr: Addr) {
                if let Some(ref data) = self.data { data.write().unwrap().insert(host.to_string(), addr.parse().unwrap()); }
                //                                               ^^^^^^ warning: Code under a guard of \`data\` can panic
            }
        }
      `,
    },
    {
      name: 'time arithmetic under a guard panics on overflow in every build (Instant + Duration, a deadline minus a ttl)',
      code: `
        impl Db {
            fn set(&self, key: String, expire: Option<Duration>) {
                let mut state = self.state.lock().unwrap();
                //                                ^^^^^^ warning: Code under a guard of \`state\` can panic (line 4: \`Instant::now() + duration\`)
                let when = expire.map(|duration| Instant::now() + duration);
                state.entries.insert(key, when);
            }
            fn renew(&self, ttl: Duration) { let mut s = self.sessions.lock().unwrap(); s.expires_at -= ttl; }
            //                                                                ^^^^^^ warning: Code under a guard of \`sessions\` can panic
        }
      `,
    },
    {
      name: 'inside macros',
      code: `
        fn a() { tokio::select! { _ = x => { let g = m.lock().unwrap(); } } println!("{}", m.lock().unwrap().len()); }
        //                                                    ^^^^^^ warning
        //                                                                                          ^^^^^^ warning
      `,
    },
    {
      name: 'panic-in-production leaves lock().unwrap() to this rule',
      code: `
        fn a() { m.lock().unwrap().push(env::var("X").unwrap()); }
        //                ^^^^^^ warning: \`.lock().unwrap()\`
        //                                            ^^^^^^ warning[panic-in-production]
      `,
    },
    {
      name: 'fix: → unwrap_or_else(std::sync::PoisonError::into_inner), preferred',
      code: `
        fn a(m: &std::sync::Mutex<u8>) -> u8 {
            *m.lock().expect("m")
            //        ^^^^^^ warning
        }
        fn b(m: &std::sync::Mutex<u8>, d: u8) { *m.lock().unwrap_or_else(std::sync::PoisonError::into_inner) /= d; }
      `,
      fixes: ['Recover the guard from a poisoned lock (`unwrap_or_else(PoisonError::into_inner)`) (preferred)'],
      output: `
        fn a(m: &std::sync::Mutex<u8>) -> u8 {
            *m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
        }
        fn b(m: &std::sync::Mutex<u8>, d: u8) { *m.lock().unwrap_or_else(std::sync::PoisonError::into_inner) /= d; }
      `,
    },
    {
      name: 'fix: in an anyhow Result fn, map_err(…)? is also offered, not preferred',
      code: `
        fn a(&self) -> anyhow::Result<()> {
            let c = self.conn.lock().unwrap();
            //                       ^^^^^^ warning
            migrate(&c)?;
            Ok(())
        }
        fn migrate(c: &Connection) -> anyhow::Result<()> { assert!(c.is_open()); Ok(()) }
      `,
      fixes: ['Recover the guard from a poisoned lock (`unwrap_or_else(PoisonError::into_inner)`) (preferred)', 'Return an error on a poisoned lock (`map_err(…)?`) (not preferred)'],
      fix: 'Return an error',
      output: `
        fn a(&self) -> anyhow::Result<()> {
            let c = self.conn.lock().map_err(|_| anyhow::anyhow!("conn lock poisoned"))?;
            migrate(&c)?;
            Ok(())
        }
        fn migrate(c: &Connection) -> anyhow::Result<()> { assert!(c.is_open()); Ok(()) }
      `,
    },
    {
      name: 'a critical section that can panic poisons the lock for every site of it in the file: time arithmetic, a call of this file that panics, an index, a panicking macro, a division',
      code: `
        struct Db { state: Mutex<State>, other: Mutex<u8>, third: Mutex<Vec<u8>>, fourth: Mutex<u64> }
        impl Db {
            fn get(&self, k: &str) -> Option<u8> { self.state.lock().unwrap().entries.get(k).copied() }
            //                                                       ^^^^^^ warning: Code under a guard of \`state\` can panic (line 6: \`Instant::now() + ttl\`)
            fn set(&self, k: String, ttl: Duration) {
                let mut state = self.state.lock().unwrap();
                //                                ^^^^^^ warning
                let when = Instant::now() + ttl;
                state.expirations.insert((when, k));
            }
            fn a(&self) { let g = self.other.lock().unwrap(); notify(&g); }
            //                                      ^^^^^^ warning: (line 9: \`notify(&g)\`)
            fn b(&self, i: usize) -> u8 { self.third.lock().unwrap()[i] }
            //                                              ^^^^^^ warning
            fn c(&self, n: u64) { let mut f = self.fourth.lock().unwrap(); assert!(n > 0); *f /= n; }
            //                                                   ^^^^^^ warning: (line 11: \`assert!(n > 0)\`)
        }
        fn notify(g: &u8) { let _ = LISTENERS[*g as usize]; }
      `,
    },
    {
      name: 'a call of this file that panics, under a guard taken with if let / match (any guard of the same lock counts)',
      code: `
        struct S { m: Mutex<Vec<u8>> }
        impl S {
            fn a(&self) -> usize { self.m.lock().unwrap().len() }
            //                                   ^^^^^^ warning
            fn b(&self) { if let Ok(mut v) = self.m.lock() { v.push(compute()); } }
        }
        fn compute() -> u8 { CACHE.get().copied().expect("initialised at startup") }
      `,
    },
    {
      name: 'a method of this file that panics, called on the guard (a method takes self)',
      code: `
        struct Registry { metrics: Vec<Metric> }
        impl Registry { fn register(&mut self, m: Metric) { self.metrics.push(m); self.metrics.last().unwrap(); } }
        static REGISTRY: LazyLock<RwLock<Registry>> = LazyLock::new(|| RwLock::new(Registry { metrics: vec![] }));
        pub fn add(m: Metric) { let mut r = REGISTRY.write().unwrap(); r.register(m) }
        //                                                   ^^^^^^ warning: (line 4: \`r.register(m)\`)
      `,
    },
    {
      name: 'the audit profile keeps the hygiene cases, marked',
      files: AUDIT,
      code: `
        struct Registry { map: RwLock<HashMap<String, u8>> }
        impl Registry {
            fn put(&self, k: &str, v: u8) { self.map.write().unwrap().insert(k.to_string(), v); }
            //                                               ^^^^^^ warning: [hygiene] \`.write().unwrap()\` panics when the lock is poisoned (another thread panicked while holding it), so one panic cascades into every later caller. No critical section of \`map\` in this file can panic
            fn get(&self, k: &str) -> Option<u8> { self.map.read().unwrap().get(k).copied() }
            //                                                     ^^^^^^ warning: [hygiene]
        }
      `,
    },
  ],
  valid: [
    {
      name: 'a lock the code explains cannot be poisoned (a comment above, or the expect message), though a section can panic: acknowledged',
      code: `
        impl Store {
            fn a(&self) {
                // Cannot be poisoned: every section under this lock is panic-free by construction.
                let conn = self.conn.lock().unwrap();
                conn.execute(SQL).unwrap();
                let m = self.map.lock().expect("never poisoned: writers only insert");
                m.get(0).unwrap();
            }
        }
      `,
    },
    {
      name: 'default profile: integer counters under a guard wrap in release builds, they do not panic',
      code: `
        impl Counter {
            fn add(&self, name: String, count: u64) { let mut c = self.counts.lock().expect("poisoned"); *c.entry(name).or_insert(0) += count; }
            fn total(&self, a: u64) -> u64 { let c = self.counts.lock().expect("poisoned"); c.len() as u64 * a + c.values().sum::<u64>() }
        }
      `,
    },
    {
      name: 'default profile: a local bound to the lock field whose sections (under any alias) cannot panic',
      code: `
        impl Cache {
            fn get(&self, key: &str) -> Option<Addr> {
                if let Some(ref hash) = self.data { if let Some(a) = hash.read().unwrap().get(key) { return Some(a.clone()); } }
                None
            }
            fn put(&self, host: &str, addr: Addr) {
                if let Some(ref data) = self.data { data.write().unwrap().insert(host.to_string(), addr); }
            }
        }
      `,
    },
    {
      name: 'plain unwraps (panic-in-production), lock calls with arguments, tokio locks, recovered guards',
      code: `
        async fn a() { env::var("X").unwrap(); f.read(&mut buf).unwrap(); let g = m.lock().await; m.lock().unwrap_or_else(std::sync::PoisonError::into_inner); }
      `,
    },
    {
      name: 'no critical section of the lock can panic (accessors of the guarded map, counters, time reads): hygiene, not in the default profile',
      code: `
        static REGISTRY: LazyLock<RwLock<HashMap<String, Arc<dyn Provider>>>> = LazyLock::new(|| RwLock::new(HashMap::new()));
        fn register(key: &'static str, p: Arc<dyn Provider>) {
            let mut registry = REGISTRY.write().unwrap();
            registry.insert(key.to_string(), p);
        }
        fn keys() -> Vec<String> { REGISTRY.read().unwrap().keys().cloned().collect() }
        struct Breaker { state: Arc<std::sync::Mutex<BreakerState>>, config: Config }
        impl Breaker {
            fn allow(&self) -> bool {
                let mut state = self.state.lock().unwrap();
                match state.state {
                    Closed => true,
                    Open => if let Some(since) = state.open_since {
                        if since.elapsed() >= self.config.timeout { state.state = HalfOpen; state.successes = 0; true } else { false }
                    } else { false },
                }
            }
            fn failure(&self) {
                let mut state = self.state.lock().unwrap();
                state.failures += 1;
                state.last_failure = Some(Instant::now());
                if state.failures >= self.config.threshold { state.state = Open; }
                tracing::debug!(failures = state.failures, "failure recorded");
            }
        }
      `,
    },
    {
      name: 'calls into libraries or into code of this file that does not panic: failure is reported by value, nothing poisons the lock',
      code: `
        struct Config { inner: RwLock<Inner>, jar: RwLock<CookieJar> }
        impl Config {
            fn shutdown(&self) {
                let mut c = self.inner.write().unwrap();
                if let Some(handle) = c.rocket_shutdown_handle.take() { handle.notify(); }
                c.generation = next_generation(c.generation);
            }
            fn store(&self, val: &HeaderValue) {
                let mut jar = self.jar.write().unwrap();
                let cookie = std::str::from_utf8(val.as_bytes()).map_err(CookieError::from).ok().and_then(|s| Cookie::parse(s).ok());
                if let Some(c) = cookie { jar.store_response_cookies(c); }
            }
        }
        fn next_generation(g: u64) -> u64 { g.wrapping_add(1) }
      `,
    },
    {
      name: 'a library method with the name of a free fn of this file (registry_w.register is not fn register)',
      code: `
        use prometheus_client::registry::{Metric, Registry};
        static REGISTRY: LazyLock<RwLock<Registry>> = LazyLock::new(|| RwLock::new(<Registry>::default()));
        pub fn encode_to_string() -> String { let r = REGISTRY.read().unwrap(); encode(&r) }
        pub fn register(name: &str, help: &str, metric: impl Metric) {
            let mut registry_w = REGISTRY.write().unwrap();
            registry_w.register(name, help, metric)
        }
      `,
    },
    {
      name: 'a guard dropped before the call out, read guards (an RwLock is poisoned only by a writer), a lock only ever read',
      code: `
        struct S {
            m: Mutex<u8>,
            r: RwLock<Vec<u8>>,
            n: RwLock<u8>,
        }
        impl S {
            fn a(&self) { let mut g = self.m.lock().unwrap(); *g += 1; drop(g); notify(); }
            fn b(&self) { let v = self.r.read().unwrap(); process(&v[0]); }
            fn c(&self) { self.r.write().unwrap().push(1); }
            fn d(&self) -> u8 { *self.n.read().unwrap() }
        }
      `,
    },
    {
      name: 'test code',
      code: `
        #[cfg(test)] mod t { fn b() { m.lock().unwrap(); } }
      `,
    },
  ],
});
