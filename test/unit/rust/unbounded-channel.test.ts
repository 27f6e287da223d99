import { RUST_CRATE, manifest } from '../../helpers/fixtures';

const AUDIT = { ...RUST_CRATE, '.readiness.toml': 'profile = "audit"\n' };
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('unbounded-channel', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'the type read from an annotation in the file, not a configuration type: still flagged',
      code: `
        pub async fn serve(conn: Conn) {
            let (frame_tx, frame_rx) = mpsc::unbounded_channel();
            //                         ^^^^^^^^^^^^^^^^^^^^^^^ error
            tokio::spawn(writer(conn, frame_rx));
            read_loop(frame_tx).await;
        }
        async fn writer(conn: Conn, frame_rx: mpsc::UnboundedReceiver<Frame>) {}
      `,
    },
    {
      name: 'mpsc::unbounded_channel::<T>() and the fully qualified path, on the callee with its turbofish',
      code: `
        use tokio::sync::mpsc;
        fn a() { let (tx, rx) = mpsc::unbounded_channel::<ServerMessage>(); }
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`mpsc::unbounded_channel()\` creates an unbounded channel (\`tokio::sync::mpsc::unbounded_channel\`)
        fn b() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<ClientMessage>(); }
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`tokio::sync::mpsc::unbounded_channel()\` creates an unbounded channel
      `,
    },
    {
      name: 'imported bare, aliased, via a glob and in a use list with self',
      code: `
        use tokio::sync::mpsc::unbounded_channel as chan;
        use crossbeam_channel::*;
        use futures::channel::mpsc::{self as fmpsc};
        fn a() { let (t, r) = chan(); }
        //                    ^^^^ error: (\`tokio::sync::mpsc::unbounded_channel\`)
        fn b() { let (t, r) = unbounded::<u8>(); }
        //                    ^^^^^^^^^^^^^^^ error: (\`crossbeam_channel::unbounded\`)
        fn c() { let (t, r) = fmpsc::unbounded::<u8>(); }
        //                    ^^^^^^^^^^^^^^^^^^^^^^ error: (\`futures::channel::mpsc::unbounded\`)
        mod m { use flume::unbounded; fn d() { let (t, r) = unbounded(); } }
        //                                                  ^^^^^^^^^ error: (\`flume::unbounded\`)
      `,
    },
    {
      name: 'through a crate re-exporting tokio: imported module and full path, resolved by the last path segments',
      code: `
        use my_common::tokio::sync::mpsc;
        fn a() { let (tx, rx) = mpsc::unbounded_channel::<Job>(); }
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`mpsc::unbounded_channel()\` creates an unbounded channel (\`tokio::sync::mpsc::unbounded_channel\`)
        fn b() { let (tx, rx) = my_common::tokio::sync::mpsc::unbounded_channel::<Job>(); }
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: (\`tokio::sync::mpsc::unbounded_channel\`)
        fn c() { let (tx, rx) = ::deps::crossbeam_channel::unbounded::<Job>(); }
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: (\`crossbeam_channel::unbounded\`)
      `,
    },
    {
      name: 'fix through a re-export keeps the re-exporting path',
      code: `
        fn a() { let (tx, rx) = my_common::tokio::sync::mpsc::unbounded_channel::<Job>(); }
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error
      `,
      output: `
        fn a() { let (tx, rx) = my_common::tokio::sync::mpsc::channel::<Job>(1024); }
      `,
    },
    {
      name: "std::sync::mpsc::channel (std's channel is unbounded)",
      code: `
        use std::sync::mpsc;
        fn a() { let (t, r) = mpsc::channel::<u8>(); let (u, v) = std::sync::mpsc::channel::<u8>(); }
        //                    ^^^^^^^^^^^^^^^^^^^ error: (\`std::sync::mpsc::channel\`)
        //                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`std::sync::mpsc::sync_channel(capacity)\`
      `,
    },
    {
      name: 'inside macros: tokio::select! and vec![]',
      code: `
        use tokio::sync::mpsc;
        async fn a() { tokio::select! { _ = x => { let (t, r) = mpsc::unbounded_channel::<u8>(); } } let v = vec![mpsc::unbounded_channel::<u8>()]; }
        //                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error
        //                                                                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error
      `,
    },
    {
      name: 'fix: tokio mpsc::unbounded_channel::<T>() → mpsc::channel::<T>(1024), not preferred',
      code: `
        use tokio::sync::mpsc;
        fn a() { let (tx, rx) = mpsc::unbounded_channel::<Msg>(); }
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error
      `,
      fixes: ['Use a bounded channel: `mpsc::channel(1024)` (not preferred)'],
      output: `
        use tokio::sync::mpsc;
        fn a() { let (tx, rx) = mpsc::channel::<Msg>(1024); }
      `,
    },
    {
      name: 'fix: an aliased tokio call gets the full path',
      code: `
        use tokio::sync::mpsc::unbounded_channel as chan;
        fn a() { let (tx, rx) = chan(); }
        //                      ^^^^ error
      `,
      output: `
        use tokio::sync::mpsc::unbounded_channel as chan;
        fn a() { let (tx, rx) = tokio::sync::mpsc::channel(1024); }
      `,
    },
    {
      name: 'no fix for the other crates',
      code: `
        fn a() { let (t, r) = flume::unbounded::<u8>(); }
        //                    ^^^^^^^^^^^^^^^^^^^^^^ error
      `,
      fixes: [],
    },
    {
      name: 'both ends used (an end named `_rx` that is read later counts), a command enum with a fire-and-forget variant',
      code: `
        use tokio::sync::{mpsc, oneshot};
        enum Command { Get { key: String, reply: oneshot::Sender<u8> }, Log(String) }
        fn a() -> mpsc::UnboundedSender<u8> {
            let (tx, _rx) = mpsc::unbounded_channel::<u8>();
            //              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error
            tokio::spawn(drain(_rx));
            tx
        }
        fn b() { let (tx, rx) = mpsc::unbounded_channel::<Command>(); run(tx, rx); }
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error
      `,
    },
    {
      name: 'a command-line tool with a server framework is a service, but a cargo subcommand with a local server is a tool; the audit profile keeps a tool\'s channel as non-production',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["admin-cli", "tool", "cargo-deploy"]\n',
        'admin-cli/Cargo.toml': manifest('tokio = "1"\nclap = "4"\naxum = "0.8"', 'admin-cli'),
        'tool/Cargo.toml': manifest('tokio = "1"\nclap = "4"', 'tool-cli'),
        'cargo-deploy/Cargo.toml': manifest('tokio = "1"\nclap = "4"\nhyper = { version = "1", features = ["server"] }', 'cargo-deploy'),
        '.readiness.toml': 'profile = "audit"\n',
      },
      code: `
        //- admin-cli/src/main.rs
        fn main() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Msg>(); run(tx, rx); }
        //                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error
        //- tool/src/main.rs
        fn main() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Msg>(); run(tx, rx); }
        //                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: [non-production]
        //- cargo-deploy/src/main.rs
        fn main() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Msg>(); run(tx, rx); }
        //                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: [non-production]
      `,
    },
    {
      name: 'the audit profile keeps a dropped or unused end and a request/reply channel, as hygiene',
      files: AUDIT,
      code: `
        use tokio::sync::mpsc;
        fn a() { let (_, rx) = mpsc::unbounded_channel::<u8>(); keep(rx); }
        //                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: [hygiene] \`mpsc::unbounded_channel()\` creates an unbounded channel
        struct Job { input: String, reply: tokio::sync::oneshot::Sender<String> }
        fn b() { let (tx, rx) = std::sync::mpsc::channel::<Job>(); run(tx, rx); }
        //                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: (Each message carries a oneshot reply sender
      `,
    },
    {
      name: 'the audit profile keeps a channel only a file-system watcher sends on, as hygiene',
      files: AUDIT,
      code: `
        fn watch(path: &Path) -> notify::Result<()> {
            let (tx, rx) = std::sync::mpsc::channel();
            //             ^^^^^^^^^^^^^^^^^^^^^^^^ error: [hygiene] \`std::sync::mpsc::channel()\` creates an unbounded channel
            let mut watcher = notify::recommended_watcher(tx)?;
            watcher.watch(path, RecursiveMode::NonRecursive)?;
            for event in rx { reload(event?); }
            Ok(())
        }
      `,
    },
    {
      name: 'a watcher\'s sender that also leaves for other producers is still a finding',
      code: `
        use tokio::sync::mpsc;
        async fn run(path: PathBuf) -> anyhow::Result<()> {
            let (tx, mut rx) = mpsc::unbounded_channel();
            //                 ^^^^^^^^^^^^^^^^^^^^^^^ error: \`mpsc::unbounded_channel()\` creates an unbounded channel (\`tokio::sync::mpsc::unbounded_channel\`): when the consumer falls behind, messages pile up in memory until the process is OOM-killed. Use a bounded channel (\`tokio::sync::mpsc::channel(capacity)\`) so senders get backpressure.
            let fs_tx = tx.clone();
            let _w = notify::recommended_watcher(move |e: notify::Result<notify::Event>| { let _ = fs_tx.send(Msg::Fs(e)); })?;
            tokio::spawn(network_reader(tx));
            while let Some(m) = rx.recv().await { handle(m).await; }
            Ok(())
        }
      `,
    },
  ],
  valid: [
    {
      name: 'a channel only a file-system watcher sends on (the sender passed as the handler, or moved into its closure)',
      code: `
        use tokio::sync::mpsc;
        async fn config_watcher(path: PathBuf, event_tx: mpsc::UnboundedSender<ConfigChange>) -> Result<()> {
            let (fevent_tx, mut fevent_rx) = mpsc::unbounded_channel();
            let path_clone = path.clone();
            let mut watcher = notify::recommended_watcher(move |res: Result<notify::Event, _>| match res {
                Ok(e) => {
                    if e.paths.iter().any(|p| p.file_name() == path_clone.file_name()) {
                        let _ = fevent_tx.send(true);
                    }
                }
                Err(e) => error!("watch error: {:#}", e),
            })?;
            watcher.watch(&path, RecursiveMode::NonRecursive)?;
            while fevent_rx.recv().await.is_some() { reload(&path, &event_tx).await?; }
            Ok(())
        }
        fn debounced(path: &Path) -> anyhow::Result<()> {
            let (tx, rx) = std::sync::mpsc::channel();
            let mut debouncer = new_debouncer(Duration::from_secs(2), None, tx)?;
            debouncer.watch(path, RecursiveMode::Recursive)?;
            for result in rx { apply(result?); }
            Ok(())
        }
      `,
    },
    {
      name: 'bounded channels and look-alike names',
      code: `
        use tokio::sync::mpsc;
        use std::sync::mpsc::sync_channel;
        fn a() { let (t, r) = mpsc::channel::<u8>(100); let (u, v) = sync_channel::<u8>(1); let (w, x) = crossbeam_channel::bounded::<u8>(4); }
        fn unbounded() {} fn b() { unbounded(); my::unbounded_queue(); }
      `,
    },
    {
      name: 'a crate\'s own channel module that is not a re-export of a well-known crate',
      code: `
        use my_common::sync::mpsc;
        use my_common::mytokio::sync::mpsc as other;
        fn a() { let (t, r) = mpsc::unbounded_channel::<u8>(); let (u, v) = other::unbounded_channel::<u8>(); }
        fn b() { let (t, r) = my_common::tokio_compat::mpsc::unbounded_channel::<u8>(); }
      `,
    },
    {
      name: 'an end dropped at once (`_`) or bound to a `_name` never used: nothing can queue (hygiene)',
      code: `
        use tokio::sync::mpsc;
        fn a() -> Session { let (_, data_rx) = mpsc::unbounded_channel(); Session { data_rx } }
        fn b() -> mpsc::UnboundedSender<u8> { let (tx, _) = mpsc::unbounded_channel::<u8>(); tx }
        fn c(hub: Hub) {
            let (event_tx, _event_rx) = mpsc::unbounded_channel::<Event>();
            hub.start(event_tx);
        }
        fn d() -> mpsc::UnboundedReceiver<u8> { let (_tx, mut rx) = mpsc::unbounded_channel::<u8>(); rx }
      `,
    },
    {
      name: 'request/reply channels: every message carries a oneshot reply sender (struct field, type alias, every enum variant)',
      code: `
        use tokio::sync::{mpsc, oneshot};
        type Callback = oneshot::Sender<anyhow::Result<Output>>;
        struct Job { input: Input, script: String, cb: Callback }
        enum Command {
            Get { key: String, resp: oneshot::Sender<Option<u8>> },
            Set { key: String, value: u8, resp: oneshot::Sender<()> },
        }
        fn a() { let (tx, rx) = std::sync::mpsc::channel::<Job>(); run(tx, rx); }
        fn b() { let (tx, rx) = mpsc::unbounded_channel::<Command>(); run(tx, rx); }
      `,
    },
    {
      name: 'a request/reply message type declared in another crate of the workspace (found through its use item)',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["bridge", "types"]\n',
        'bridge/Cargo.toml': manifest('tokio = "1"\nbridge-types = { path = "../types" }', 'bridge'),
        'types/Cargo.toml': manifest('tokio = "1"', 'bridge-types'),
      },
      code: `
        //- types/src/lib.rs
        use tokio::sync::oneshot;
        pub type CallbackTx = oneshot::Sender<Result<Output, ()>>;
        pub struct TransformerJob { pub callback_tx: CallbackTx, pub input: String }
        //- bridge/src/main.rs
        use bridge_types::{PollerInput, TransformerJob};
        fn main() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<TransformerJob>(); run(tx, rx); }
      `,
    },
    {
      name: 'configuration updates: one message per change of the config file',
      code: `
        fn main() { let (config_sender, config_receiver) = std::sync::mpsc::channel::<Config>(); watch(config_sender, config_receiver); }
      `,
    },
    {
      name: 'configuration change events, the type read from an end annotated elsewhere in the file (no turbofish)',
      code: `
        pub struct ConfigWatcherHandle { pub event_rx: mpsc::UnboundedReceiver<ConfigChange> }
        impl ConfigWatcherHandle {
            pub async fn new(path: &Path) -> Result<Self> {
                let (event_tx, event_rx) = mpsc::unbounded_channel();
                tokio::spawn(config_watcher(path.to_owned(), event_tx));
                Ok(ConfigWatcherHandle { event_rx })
            }
        }
        async fn config_watcher(path: PathBuf, event_tx: mpsc::UnboundedSender<ConfigChange>) -> Result<()> { watch(path, event_tx).await }
      `,
    },
    {
      name: 'command-line tools (and libraries only they use), browser front-ends and desktop GUIs are not running services',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["svix-cli", "tui", "web", "share", "desktop"]\n',
        'svix-cli/Cargo.toml': manifest('tokio = "1"\nclap = "4"\nshare = { path = "../share" }', 'svix-cli'),
        'share/Cargo.toml': manifest('tokio = "1"', 'share'),
        'desktop/Cargo.toml': manifest('tokio = "1"\ntauri = "1.2"', 'tray'),
        'tui/Cargo.toml': manifest('tokio = "1"\nclap = "4"\nratatui = "0.30"', 'relay'),
        'web/Cargo.toml': manifest('yew = "0.21"\nfutures = "0.3"', 'web'),
      },
      code: `
        //- svix-cli/src/main.rs
        fn main() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Msg>(); run(tx, rx); }
        //- tui/src/main.rs
        fn main() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Msg>(); run(tx, rx); }
        //- web/src/main.rs
        fn main() { let (tx, rx) = futures::channel::mpsc::unbounded::<Msg>(); run(tx, rx); }
        //- share/src/lib.rs
        pub fn start() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Frame>(); run(tx, rx); }
        //- desktop/src/main.rs
        fn main() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Event>(); run(tx, rx); }
      `,
    },
    {
      name: 'test code: a #[cfg(test)] module and tests/',
      code: `
        //- src/main.rs
        #[cfg(test)]
        mod tests { #[tokio::test] async fn t() { let (a, b) = tokio::sync::mpsc::unbounded_channel::<u8>(); } }
        //- tests/t.rs
        fn t() { let (a, b) = tokio::sync::mpsc::unbounded_channel::<u8>(); }
      `,
    },
  ],
});
