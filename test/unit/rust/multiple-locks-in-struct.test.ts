import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

const AUDIT = { ...RUST_CRATE, '.readiness.toml': 'profile = "audit"\n' };

ruleTester('multiple-locks-in-struct', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'a struct with three RwLocks, two guards bound by let held together in opposite orders (tokio), on the struct name, naming the fields and both functions',
      code: `
        pub struct OAuth2Service {
        //         ^^^^^^^^^^^^^ info: \`OAuth2Service\` holds 3 locks (\`providers\`, \`state_store\`, \`client_cache\`) with no documented lock order: two code paths taking them in different orders deadlock under load. \`register\` (line 8) holds \`providers\` while taking \`state_store\`, and \`expire\` (line 14) holds \`state_store\` while taking \`providers\`: two tasks running them at once can each hold one lock and wait forever for the other.
            providers: RwLock<HashMap<String, OAuth2Provider>>,
            state_store: RwLock<HashMap<String, PendingAuth>>,
            client_cache: RwLock<HashMap<String, BasicClient>>,
        }
        impl OAuth2Service {
            async fn register(&self, name: String, p: OAuth2Provider) {
                let mut providers = self.providers.write().await;
                let mut states = self.state_store.write().await;
                providers.insert(name.clone(), p);
                states.remove(&name);
            }
            async fn expire(&self) {
                let mut states = self.state_store.write().await;
                let providers = self.providers.read().await;
                states.retain(|_, s| providers.contains_key(&s.provider));
            }
        }
      `,
    },
    {
      name: 'std, tokio and parking_lot locks, also inside Arc; a guard still alive in a nested block, two temporaries in one statement',
      code: `
        struct S { a: std::sync::Mutex<u8>, b: Arc<tokio::sync::RwLock<u8>> }
        //     ^ info: holds 2 locks (\`a\`, \`b\`)
        impl S {
            async fn f(&self) {
                let g = self.a.lock().unwrap();
                if *g > 0 { *self.b.write().await += 1; }
            }
            async fn g(&self) { let b = self.b.read().await; let a = self.a.lock().unwrap(); }
        }
        struct T { a: parking_lot::Mutex<u8>, b: parking_lot::RwLock<u8>, c: u8 }
        //     ^ info: \`f\` (line 11) holds \`a\` while taking \`b\`, and \`g\` (line 12) holds \`b\` while taking \`a\`
        impl T {
            fn f(&self) -> u8 { *self.a.lock() + *self.b.read() }
            fn g(&self) -> u8 { *self.b.read() + *self.a.lock() }
        }
      `,
    },
    {
      name: 'a doc that speaks of serializing without naming another lock field states no order',
      code: `
        struct Cache {
        //     ^^^^^ info: \`Cache\` holds 2 locks
            /// Writes are serialized by \`Inner\`'s own mutex.
            map: Mutex<HashMap<u32, u32>>,
            /// Guarded by nothing.
            hits: Mutex<u64>,
        }
        impl Cache {
            fn get(&self, k: u32) { let m = self.map.lock().unwrap(); *self.hits.lock().unwrap() += m.len() as u64; }
            fn reset(&self) { let mut h = self.hits.lock().unwrap(); self.map.lock().unwrap().clear(); *h = 0; }
        }
      `,
    },
    {
      name: 'a drop() in a nested branch does not end the guard; a guard held while calling a method that takes the other lock',
      code: `
        struct Room { mode: RwLock<Mode>, stats: RwLock<Stats> }
        //     ^^^^ info: \`switch\` (line 4) holds \`mode\` while taking \`stats\`, and \`report\` (line 13) holds \`stats\` while taking \`mode\`
        impl Room {
            async fn switch(&self) {
                let mut mode = self.mode.write().await;
                if *mode == Mode::A {
                    *mode = Mode::B;
                    let mut stats = self.stats.write().await;
                    stats.switches += 1;
                    drop(stats);
                    drop(mode);
                }
            }
            async fn report(&self) -> String { let s = self.stats.read().await; format!("{} {:?}", s.switches, *self.mode.read().await) }
        }
        struct Cache { a: Mutex<u8>, b: Mutex<u8> }
        //     ^^^^^ info: \`g\` (line 16) holds \`a\` while taking \`b\`, and \`h\` (line 16) holds \`b\` while taking \`a\`
        impl Cache { fn g(&self) { let Ok(a) = self.a.lock() else { return }; let b = self.b.lock().unwrap(); } fn h(&self) { let b = self.b.lock().unwrap(); let a = self.a.lock().unwrap(); } }
        struct Peer { est: Mutex<Est>, stats: Mutex<Stats> }
        //     ^^^^ info: \`record\` (line 20) holds \`est\` while calling \`bump\`, which takes \`stats\`, and \`snapshot\` (line 25) holds \`stats\` while taking \`est\`
        impl Peer {
            fn record(&self, n: usize) {
                let mut est = self.est.lock().unwrap();
                est.add(n);
                self.bump(n);
            }
            fn bump(&self, n: usize) { self.stats.lock().unwrap().bytes += n; }
            fn snapshot(&self) -> (Stats, Est) { let s = self.stats.lock().unwrap(); (s.clone(), self.est.lock().unwrap().clone()) }
        }
      `,
    },
    {
      name: 'the audit profile keeps a struct whose guards are never held together, as hygiene',
      files: AUDIT,
      code: `
        struct S { a: Mutex<u8>, b: Mutex<u8> }
        //     ^ info: [hygiene] \`S\` holds 2 locks (\`a\`, \`b\`) with no documented lock order: two code paths taking them in different orders deadlock under load. No function in this file holds two of them at once today.
        impl S { fn f(&self) { *self.a.lock().unwrap() += 1; *self.b.lock().unwrap() += 1; } }
      `,
    },
    {
      name: 'the audit profile keeps guards nested in one order only, as hygiene naming where',
      files: AUDIT,
      code: `
        struct Server { services: RwLock<Services>, control_channels: RwLock<Channels> }
        //     ^^^^^^ info: [hygiene] \`Server\` holds 2 locks (\`services\`, \`control_channels\`) with no documented lock order: two code paths taking them in different orders deadlock under load. \`reload\` (line 3) holds \`services\` while taking \`control_channels\`; nothing in this file takes them the other way round today.
        impl Server {
            async fn reload(&self) { let mut s = self.services.write().await; let mut c = self.control_channels.write().await; s.clear(); c.clear(); }
        }
      `,
    },
  ],
  valid: [
    {
      name: 'guards nested in one order only (services before channels), the other paths take one lock at a time: no deadlock, hygiene only',
      code: `
        struct Server { services: RwLock<Services>, control_channels: RwLock<Channels> }
        impl Server {
            async fn reload(&self) {
                let mut services = self.services.write().await;
                let mut channels = self.control_channels.write().await;
                services.clear();
                channels.clear();
            }
            async fn handshake(&self, id: u64) {
                let service = { let services = self.services.read().await; services.get(id).cloned() };
                let mut channels = self.control_channels.write().await;
                channels.insert(id, service);
            }
            async fn data(&self, id: u64) { self.control_channels.read().await.get(id); }
        }
      `,
    },
    {
      name: 'a lock field documented as taken under another lock, named',
      code: `
        pub struct CapClient {
            /// The server's capabilities as last fetched. Cheap concurrent reads; writes are serialized by \`fetching\`.
            server: RwLock<Option<ServerCaps>>,
            /// Serializes capability fetches so a burst of stale callers makes a single network hop.
            fetching: tokio::sync::Mutex<()>,
        }
        impl CapClient {
            async fn refresh(&self) { let _gate = self.fetching.lock().await; let caps = fetch().await; *self.server.write() = Some(caps); }
        }
      `,
    },
    {
      name: 'one lock, a documented lock order (doc or line comment), tuple structs',
      code: `
        struct A { m: Mutex<u8>, n: u8 }
        /// Lock order: \`a\` before \`b\`.
        struct B { a: Mutex<u8>, b: Mutex<u8> }
        impl B { fn f(&self) { let a = self.a.lock().unwrap(); let b = self.b.lock().unwrap(); } }
        struct C {
            // lock ordering: a then b
            a: RwLock<u8>,
            b: RwLock<u8>,
        }
        struct D(Mutex<u8>, Mutex<u8>);
      `,
    },
    {
      name: 'statement-scoped guards (temporaries), a guard scoped to an inner block, an explicit drop() before the next lock, a guard in an if condition',
      code: `
        struct Track { active: RwLock<bool>, layer: RwLock<Layer>, stats: Mutex<u64> }
        impl Track {
            fn start(&self) -> Packet {
                if !*self.active.read() { return Packet::empty(); }
                let layer = *self.layer.read();
                Packet { layer }
            }
            async fn update(&self, v: u8) {
                {
                    let mut layer = self.layer.write();
                    layer.set(v);
                }
                self.notify().await;
            }
            async fn reload(&self) {
                let mut active = self.active.write();
                *active = true;
                drop(active);
                self.notify().await;
            }
            async fn notify(&self) { let mut s = self.stats.lock().unwrap(); *s += 1; }
            fn cond(&self) { if *self.active.read() { *self.stats.lock().unwrap() += 1; } }
        }
      `,
    },
    {
      name: 'no function holds two guards at once: hygiene, not in the default profile',
      code: `
        pub struct OAuth2Service {
            providers: RwLock<HashMap<String, OAuth2Provider>>,
            state_store: RwLock<HashMap<String, PendingAuth>>,
        }
      `,
    },
  ],
});
