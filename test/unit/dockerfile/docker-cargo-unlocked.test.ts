import * as assert from 'assert';
import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('docker-cargo-unlocked', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'cargo build and cargo install, on the command words',
      code: `
        FROM rust:1.82
        RUN cargo install cargo-audit
        #   ^^^^^^^^^^^^^ info: ignores the lock file
        COPY . .
        RUN cargo build --release --bin app
        #   ^^^^^^^^^^^ info: \`cargo build\` without \`--locked\`
      `,
    },
    {
      name: 'inside && chains, across line continuations, in heredocs, with +toolchain',
      code: `
        FROM rust:1.82
        COPY . .
        RUN apt-get update && \\
            cargo \\
        #   ^^^^^^^… info
              build --release
        RUN <<EOT
        set -e
        cargo +nightly build -Z unstable-options
        #^^^^^^^^^^^^^^^^^^^ info
        EOT
        RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release --locked && cargo install --path crates/cli
        #                                                                                         ^^^^^^^^^^^^^ info
      `,
      // The continued command ends on the subcommand of the next line.
      check: (found) => assert.deepStrictEqual(found[0].range.end, { line: 4, character: 11 }),
    },
    {
      name: 'fix: adds --locked after the subcommand; preferred when Cargo.lock is copied',
      code: `
        FROM rust:1.82
        COPY Cargo.toml Cargo.lock ./
        RUN cargo build --release
        #   ^^^^^^^^^^^ info
      `,
      fixes: ['Add `--locked` (preferred)'],
      output: `
        FROM rust:1.82
        COPY Cargo.toml Cargo.lock ./
        RUN cargo build --locked --release
      `,
    },
    {
      name: 'fix: across a continuation; not preferred when the lock file is not copied',
      code: `
        FROM rust:1.82
        COPY src src
        RUN cargo \\
        #   ^^^^^^^… info: does not copy \`Cargo.lock\`
            build --release
      `,
      fixes: ['Add `--locked`'],
      check: (found) => assert.strictEqual(found[0].fixes[0].preferred, false),
      output: `
        FROM rust:1.82
        COPY src src
        RUN cargo \\
            build --locked --release
      `,
    },
    {
      name: 'fix: cargo install from the registry is preferred',
      code: `
        FROM rust:1.82
        RUN cargo install cargo-chef
        #   ^^^^^^^^^^^^^ info
      `,
      fixes: ['Add `--locked` (preferred)'],
      output: `
        FROM rust:1.82
        RUN cargo install --locked cargo-chef
      `,
    },
    {
      name: 'cargo chef cook without --locked, like cargo build; the fix is preferred when the recipe carries the lock file',
      files: { ...RUST_REPO, 'Cargo.lock': 'version = 4\n' },
      code: `
        FROM rust:1.82 AS chef
        RUN cargo install --locked cargo-chef
        WORKDIR /app
        FROM chef AS planner
        COPY . .
        RUN cargo chef prepare --recipe-path recipe.json
        FROM chef AS builder
        COPY --from=planner /app/recipe.json recipe.json
        RUN cargo chef cook --release --recipe-path recipe.json
        #   ^^^^^^^^^^^^^^^ info: \`cargo chef cook\` without \`--locked\`
        COPY . .
        RUN cargo build --release --locked
      `,
      fixes: ['Add `--locked` (preferred)'],
      output: `
        FROM rust:1.82 AS chef
        RUN cargo install --locked cargo-chef
        WORKDIR /app
        FROM chef AS planner
        COPY . .
        RUN cargo chef prepare --recipe-path recipe.json
        FROM chef AS builder
        COPY --from=planner /app/recipe.json recipe.json
        RUN cargo chef cook --locked --release --recipe-path recipe.json
        COPY . .
        RUN cargo build --release --locked
      `,
    },
    {
      name: 'cargo chef cook without a committed Cargo.lock: offered only',
      code: `
        FROM rust:1.82
        COPY recipe.json recipe.json
        RUN cargo   chef  cook --release --recipe-path recipe.json
        #   ^^^^^^^^^^^^^^^^^^ info: the recipe carries a \`Cargo.lock\` only when
      `,
      check: (found) => assert.strictEqual(found[0].fixes[0].preferred, false),
    },
  ],
  valid: [
    {
      name: 'cargo chef cook with --locked or --frozen, cargo chef prepare',
      code: `
        FROM rust:1.82
        RUN cargo chef prepare --recipe-path recipe.json
        RUN cargo chef cook --release --locked --recipe-path recipe.json
        RUN cargo chef cook --frozen --recipe-path recipe.json
      `,
    },
    {
      name: '--locked or --frozen anywhere in the same command, other cargo commands, look-alikes, exec form',
      code: `
        FROM rust:1.82
        RUN cargo build --release --locked
        RUN cargo install --frozen --path .
        RUN cargo fetch && cargo test --locked
        RUN echo cargo-build && cargo-build-helper x
        RUN ["cargo", "build"]
      `,
    },
  ],
});
