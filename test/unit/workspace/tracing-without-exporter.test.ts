import * as assert from 'assert';
import { ruleTester } from '../../helpers/ruleTester';
import type { Files } from '../../helpers/workspace';

/** The member `server` is a binary that creates spans. */
const BIN: Files = { 'crates/server/src/main.rs': '#[tracing::instrument]\nfn handle() {}\nfn main() { tracing::info!("up"); handle(); }\n' };
/** The member `server` emits events through tracing, no spans. */
const EVENTS_ONLY: Files = { 'crates/server/src/main.rs': 'use tracing::info;\nfn main() { info!("up"); }\n' };
/** The member `server` logs through `log`; tracing is there only for the subscriber's log bridge. */
const LOG_ONLY: Files = { 'crates/server/src/main.rs': 'use log::info;\nfn main() { tracing_subscriber::fmt().init(); tracing_log::LogTracer::init().ok(); info!("up"); }\n' };
const MEMBER = `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        tracing = "0.1"
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = { workspace = true }
`;

ruleTester('tracing-without-exporter', {
  invalid: [
    {
      name: 'a binary using tracing with no exporter: on `tracing` in [workspace.dependencies], related to the member',
      files: BIN,
      code: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        tracing = "0.1"
        #^^^^^^ info: server uses tracing, but the workspace has no trace exporter
        tracing-subscriber = "0.3"
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = { workspace = true }
      `,
      check: ([d]) => assert.deepStrictEqual(
        d.related.map((r) => `${r.path}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`),
        ['crates/server/Cargo.toml:7:1 server uses tracing'],
      ),
    },
    {
      name: 'tracing declared only in the member: on the first line of the root Cargo.toml',
      files: BIN,
      code: `
        //- Cargo.toml
        [workspace]
        #^^^^^^^^^^ info: server uses tracing
        members = ["crates/*"]

        [workspace.dependencies]
        serde = "1"
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = "0.1"
      `,
    },
    {
      name: 'audit profile: events only (no #[instrument], no *_span!, no TraceLayer) is hygiene',
      files: { ...EVENTS_ONLY, '.readiness.toml': 'profile = "audit"\n' },
      code: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        tracing = "0.1"
        #^^^^^^ info: [hygiene] server uses tracing for events only
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = { workspace = true }
      `,
    },
    {
      name: 'tower-http TraceLayer creates spans through tracing',
      files: { 'crates/server/src/main.rs': 'use tower_http::trace::TraceLayer;\nfn main() { let _ = TraceLayer::new_for_http(); }\n' },
      code: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        tracing = "0.1"
        #^^^^^^ info: spans never leave the process
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = { workspace = true }
        tower-http = { version = "0.6", features = ["trace"] }
      `,
    },
  ],
  valid: [
    {
      name: 'opentelemetry-otlp in [workspace.dependencies]',
      files: BIN,
      code: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        tracing = "0.1"
        opentelemetry-otlp = "0.27"
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = { workspace = true }
      `,
    },
    {
      name: 'tracing-opentelemetry in the member',
      files: BIN,
      code: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        tracing = "0.1"
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = "0.1"
        tracing-opentelemetry = "0.28"
      `,
    },
    {
      name: 'an exporter configured with [rules.tracing-without-exporter] exporters',
      files: { ...BIN, '.readiness.toml': '[rules.tracing-without-exporter]\nexporters = ["acme-trace-shipper"]\n' },
      code: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        tracing = "0.1"
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = "0.1"
        acme-trace-shipper = "0.34"
      `,
    },
    {
      name: 'default profile: a binary emitting events only',
      files: EVENTS_ONLY,
      code: MEMBER,
    },
    {
      name: 'tracing only for its log bridge: the code logs through log',
      files: LOG_ONLY,
      code: MEMBER,
    },
    {
      name: 'tracing in Cargo.toml but no production code emits (only tests do)',
      files: { 'crates/server/src/main.rs': 'fn main() {}\n#[cfg(test)]\nmod t { #[tracing::instrument] fn f() { tracing::info!("x"); } }\n', 'crates/server/tests/it.rs': '#[tracing::instrument]\nfn f() {}\n' },
      code: MEMBER,
    },
    {
      name: 'Sentry\'s tracing integration is an exporter (sentry with the tracing feature, or sentry-tracing)',
      files: BIN,
      code: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        tracing = "0.1"
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = { workspace = true }
        sentry = { version = "0.34", features = ["tracing", "tower"] }
      `,
    },
    {
      name: 'a library-only workspace',
      code: `
        //- Cargo.toml
        [package]
        name = "lib"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        tracing = "0.1"
        //- src/lib.rs
      `,
    },
    {
      name: 'a binary without tracing',
      files: BIN,
      code: `
        //- Cargo.toml
        [workspace]
        members = ["crates/*"]

        [workspace.dependencies]
        serde = "1"
        //- crates/server/Cargo.toml
        [package]
        name = "server"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        serde = "1"
      `,
    },
  ],
});
