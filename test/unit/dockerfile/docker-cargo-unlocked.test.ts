import * as assert from 'assert';
import { assertDockerFix, dockerWorkspace, findingsOf, spans } from '../../helpers/dockerfile';

const ID = 'docker-cargo-unlocked';
const found = (df: string) => findingsOf(dockerWorkspace(df), ID, 'Dockerfile');

describe(ID, () => {
  describe('flags', () => {
    it('cargo build and cargo install, on the command words', () => {
      const f = found('FROM rust:1.82\nRUN cargo install cargo-audit\nCOPY . .\nRUN cargo build --release --bin app\n');
      assert.deepStrictEqual(spans(f), [[1, 4, 17], [3, 4, 15]]);
      assert.match(f[1].message, /`cargo build` without `--locked`/);
      assert.match(f[0].message, /ignores the lock file/);
      assert.strictEqual(f[0].severity, 'info');
    });
    it('inside && chains, across line continuations, in heredocs, with +toolchain', () => {
      const df = [
        'FROM rust:1.82',
        'COPY . .',
        'RUN apt-get update && \\',
        '    cargo \\',
        '      build --release',
        'RUN <<EOT',
        'set -e',
        'cargo +nightly build -Z unstable-options',
        'EOT',
        'RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release --locked && cargo install --path crates/cli',
      ].join('\n');
      const f = found(df);
      assert.deepStrictEqual(spans(f), [[3, 4, 11], [7, 0, 20], [9, 90, 103]]);
    });
  });
  describe('does not flag', () => {
    it('--locked or --frozen anywhere in the same command, other cargo commands, look-alikes', () => {
      const df = [
        'FROM rust:1.82',
        'RUN cargo build --release --locked',
        'RUN cargo install --frozen --path .',
        'RUN cargo fetch && cargo test --locked',
        'RUN echo cargo-build && cargo-build-helper x',
        'RUN ["cargo", "build"]',
      ].join('\n');
      assert.deepStrictEqual(found(df), []);
    });
  });
  describe('fix', () => {
    it('adds --locked after the subcommand; preferred when Cargo.lock is copied', () => {
      const df = 'FROM rust:1.82\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo build --release\n';
      assert.strictEqual(found(df)[0].fixes[0].preferred, true);
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'COPY', 'RUN']);
      assert.strictEqual(after, 'FROM rust:1.82\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo build --locked --release\n');
    });
    it('across a continuation; not preferred when the lock file is not copied', () => {
      const df = 'FROM rust:1.82\nCOPY src src\nRUN cargo \\\n    build --release\n';
      const f = found(df);
      assert.strictEqual(f[0].fixes[0].preferred, false);
      assert.match(f[0].message, /does not copy `Cargo.lock`/);
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'COPY', 'RUN']);
      assert.strictEqual(after, 'FROM rust:1.82\nCOPY src src\nRUN cargo \\\n    build --locked --release\n');
    });
    it('cargo install from the registry is preferred', () => {
      const df = 'FROM rust:1.82\nRUN cargo install cargo-chef\n';
      assert.strictEqual(found(df)[0].fixes[0].preferred, true);
      assert.strictEqual(assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'RUN']), 'FROM rust:1.82\nRUN cargo install --locked cargo-chef\n');
    });
  });
});
