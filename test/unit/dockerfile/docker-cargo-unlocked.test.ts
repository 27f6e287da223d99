import * as assert from 'assert';
import { RUST_REPO, lock } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import { assertFixedWorkflows } from '../../helpers/workflowShape';

ruleTester('docker-cargo-unlocked', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'CI: cargo build --release in a release job, across a continuation, cross and a custom profile, on the command words',
      code: `
        //- .github/workflows/release.yml
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo build --release --bin app
        #            ^^^^^^^^^^^ info: \`cargo build\` builds release binaries in job \`release\` without \`--locked\`
              - run: |
                  cargo fetch && cross build \\
        #                        ^^^^^^^^^^^ info: \`cross build\`
                    --target aarch64-unknown-linux-musl -r
          dist:
            runs-on: ubuntu-latest
            steps:
              - run: cargo +1.82 build --profile dist
        #            ^^^^^^^^^^^^^^^^^ info: in job \`dist\`
      `,
    },
    {
      name: 'CI: a release build in a job that uploads its output, and any job of a tag-push workflow',
      code: `
        //- .github/workflows/build.yml
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build -r
        #            ^^^^^^^^^^^ info: which ships its output with \`actions/upload-artifact\`
              - uses: actions/upload-artifact@v4
                with: {name: app, path: target/release/app}
        //- .github/workflows/tag.yml
        on:
          push:
            tags: ["v*"]
        jobs:
          binaries:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build --release
        #            ^^^^^^^^^^^ info: a release workflow
        //- .gitlab-ci.yml
        publish-binary:
          script:
            - cargo build --release
        #     ^^^^^^^^^^^ info: job \`publish-binary\`
      `,
    },
    {
      name: 'CI fix: inserts --locked after the build words (preferred: Cargo.lock is committed)',
      files: { ...RUST_REPO, 'Cargo.lock': lock([{ name: 'app', version: '0.1.0' }]) },
      code: `
        //- .github/workflows/release.yml
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  cargo build --release --target x86_64-unknown-linux-musl
        #         ^^^^^^^^^^^ info
                  strip target/release/app
      `,
      fixes: ['Add `--locked` (preferred)'],
      output: `
        //- .github/workflows/release.yml
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  cargo build --locked --release --target x86_64-unknown-linux-musl
                  strip target/release/app
      `,
      check: (found, files) => { assertFixedWorkflows(files, found[0]); },
    },
    {
      name: 'CI: no Cargo.lock committed: the fix is offered only; a folded scalar gets no fix',
      files: { 'Cargo.toml': '[package]\nname = "app"\nversion = "0.1.0"\n', 'src/main.rs': 'fn main() {}\n' },
      code: `
        //- .github/workflows/release.yml
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build --release
        #            ^^^^^^^^^^^ info: no \`Cargo.lock\` is committed
              - run: >
        #            ^… info
                  cargo build
                  --release --bin other
      `,
      fixes: ['Add `--locked` (not preferred)'],
      check: (found) => assert.deepStrictEqual(found[1].fixes, []),
    },
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
      name: 'CI look-alikes: release builds in test/check/bench jobs, debug builds, --locked/--frozen, cargo install --locked and of tools, never-run steps',
      code: `
        //- .github/workflows/ci.yml
        on:
          push:
            tags: ["v*"]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build --release && cargo test --release
          check:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build --release --all-targets
          bench:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build --profile bench
          release:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build
              - run: cargo build --release --locked
              - run: cargo zigbuild --frozen --release
              - run: cargo install --locked cargo-dist
              - run: cargo install cargo-audit
              - run: cargo build --profile dev
              - if: false
                run: cargo build --release
        //- .github/workflows/nightly.yml
        on: schedule
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build --release
              - run: ./target/release/app --self-test
      `,
    },
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
