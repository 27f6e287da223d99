import * as assert from 'assert';
import { ruleTester } from '../../helpers/ruleTester';
import type { Files } from '../../helpers/workspace';

/** The member `server` is a binary. */
const BIN: Files = { 'crates/server/src/main.rs': 'fn main() {}\n' };

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
      files: { ...BIN, '.readiness.toml': '[rules.tracing-without-exporter]\nexporters = ["sentry-tracing"]\n' },
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
        sentry-tracing = "0.34"
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
