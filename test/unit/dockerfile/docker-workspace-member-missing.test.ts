import * as assert from 'assert';
import { applyFix, type Files } from '../../helpers/workspace';
import { assertDockerFix, findingsOf, keywords, spans } from '../../helpers/dockerfile';
import { combinePreferredFixes } from '../../../server/src/engine/fixes';

const ID = 'docker-workspace-member-missing';
const pkg = (name: string) => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n`;

/** The chat-service workspace of seed 000 §4: four members under crates/*, chat-server a binary. */
function chatWorkspace(dockerfile: string, members = '["crates/*"]', extra: Files = {}): Files {
  return {
    'Cargo.toml': `[workspace]\nresolver = "2"\nmembers = ${members}\n`,
    'crates/chat-core/Cargo.toml': pkg('chat-core'), 'crates/chat-core/src/lib.rs': '',
    'crates/chat-client/Cargo.toml': pkg('chat-client'), 'crates/chat-client/src/lib.rs': '',
    'crates/chat-server/Cargo.toml': pkg('chat-server'), 'crates/chat-server/src/main.rs': 'fn main() {}\n',
    'crates/chat-p2p/Cargo.toml': pkg('chat-p2p'), 'crates/chat-p2p/src/lib.rs': '',
    'Dockerfile': dockerfile,
    ...extra,
  };
}

const SEED_LAYER = [
  'FROM rust:1.82-bookworm AS builder',
  'WORKDIR /build',
  'COPY Cargo.toml Cargo.lock ./',
  'COPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml',
  'COPY crates/chat-client/Cargo.toml crates/chat-client/Cargo.toml',
  'COPY crates/chat-server/Cargo.toml crates/chat-server/Cargo.toml',
  'RUN mkdir -p crates/chat-core/src && echo "" > crates/chat-core/src/lib.rs',
  'RUN mkdir -p crates/chat-client/src && echo "" > crates/chat-client/src/lib.rs',
  'RUN mkdir -p crates/chat-server/src && echo "fn main() {}" > crates/chat-server/src/main.rs',
  'RUN cargo build --release --locked --bin chat-server',
  'COPY crates/ crates/',
  'RUN cargo build --release --locked --bin chat-server',
  '',
].join('\n');

const found = (files: Files, file = 'Dockerfile') => findingsOf(files, ID, file);

describe(ID, () => {
  describe('flags', () => {
    it('the seed 000 §4 layer missing crates/chat-p2p, on the last manifest COPY, related to the glob', () => {
      const f = found(chatWorkspace(SEED_LAYER));
      assert.deepStrictEqual(spans(f), [[5, 0, 64]]);
      assert.match(f[0].message, /3 of 4 workspace members.*`crates\/chat-p2p\/Cargo.toml`/);
      assert.strictEqual(f[0].severity, 'error');
      assert.deepStrictEqual(f[0].related.map((r) => [r.path, r.range.start.line, r.range.start.character, r.range.end.character]), [['Cargo.toml', 2, 11, 21]]);
    });
    it('an explicit members list: related points at the member string', () => {
      const f = found(chatWorkspace(SEED_LAYER, '[\n  "crates/chat-core",\n  "crates/chat-client",\n  "crates/chat-server",\n  "crates/chat-p2p",\n]'));
      assert.strictEqual(f.length, 1);
      assert.deepStrictEqual(f[0].related.map((r) => [r.range.start.line, r.range.start.character]), [[6, 2]]);
    });
    it('a layer copying only the root manifest: every member is missing', () => {
      const df = 'FROM rust:1.82\nCOPY Cargo.toml Cargo.lock ./\nRUN mkdir src && echo "" > src/lib.rs && cargo fetch\nCOPY . .\n';
      assert.strictEqual(found(chatWorkspace(df)).length, 4);
    });
    it('docker/Dockerfile built from the workspace root context', () => {
      const files = chatWorkspace('', '["crates/*"]', { 'docker/Dockerfile': SEED_LAYER, 'Cargo.lock': '' });
      delete files['Dockerfile'];
      assert.strictEqual(found(files, 'docker/Dockerfile').length, 1);
    });
    it('cargo build in a stage that copied manifests, checked per stage', () => {
      const df = 'FROM rust:1.82 AS deps\nRUN cargo install cargo-audit --locked\nCOPY Cargo.toml ./\nCOPY crates/chat-core/Cargo.toml crates/chat-core/\nRUN cargo fetch --locked\n';
      assert.strictEqual(found(chatWorkspace(df, '["crates/chat-core", "crates/chat-p2p"]')).length, 1);
    });
  });

  describe('does not flag', () => {
    it('every member copied: directory copies, globs, the whole context', () => {
      const dir = 'FROM rust:1.82\nCOPY Cargo.toml Cargo.lock ./\nCOPY crates crates\nRUN cargo build --release --locked\n';
      assert.deepStrictEqual(found(chatWorkspace(dir)), []);
      const glob = 'FROM rust:1.82\nCOPY Cargo.toml ./\nCOPY crates/*/Cargo.toml ./\nRUN cargo build --locked\n';
      assert.deepStrictEqual(found(chatWorkspace(glob)), []);
      assert.deepStrictEqual(found(chatWorkspace('FROM rust:1.82\nCOPY Cargo.toml ./\nCOPY . .\nRUN cargo build --locked\n')), []);
      assert.deepStrictEqual(found(chatWorkspace('FROM rust:1.82\nCOPY ["Cargo.toml", "Cargo.lock", "./"]\nCOPY ["crates", "crates"]\nRUN cargo build --locked\n')), []);
    });
    it('members excluded in Cargo.toml', () => {
      const files = chatWorkspace(SEED_LAYER);
      files['Cargo.toml'] = '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/chat-p2p"]\n';
      assert.deepStrictEqual(found(files), []);
    });
    it('cargo-chef Dockerfiles', () => {
      const df = 'FROM lukemathwalker/cargo-chef:latest-rust-1 AS chef\nFROM chef AS planner\nCOPY . .\nRUN cargo chef prepare --recipe-path recipe.json\nFROM chef AS builder\nCOPY --from=planner /app/recipe.json recipe.json\nCOPY Cargo.toml ./\nRUN cargo chef cook --release --recipe-path recipe.json\n';
      assert.deepStrictEqual(found(chatWorkspace(df)), []);
    });
    it('no dependency-cache layer (sources copied, no manifests), no cargo command, not a workspace', () => {
      assert.deepStrictEqual(found(chatWorkspace('FROM rust:1.82\nCOPY src src\nRUN cargo build --locked\n')), []);
      assert.deepStrictEqual(found(chatWorkspace('FROM debian:12\nCOPY Cargo.toml /etc/x\nCMD ["x"]\n')), []);
      assert.deepStrictEqual(found({ 'Cargo.toml': pkg('svc'), 'src/main.rs': '', 'Dockerfile': 'FROM rust:1\nCOPY Cargo.toml ./\nRUN cargo build --locked\n' }), []);
    });
    it('a crate built on its own: its manifest copied as the root one, no workspace manifest', () => {
      const df = 'FROM rust:1.82\nCOPY crates/chat-server/Cargo.toml ./Cargo.toml\nRUN mkdir src && echo "fn main() {}" > src/main.rs && cargo build --locked\nCOPY crates/chat-server/src src\n';
      assert.deepStrictEqual(found(chatWorkspace(df)), []);
    });
    it('a Dockerfile whose context is a member directory, and COPY sources with variables', () => {
      const files = chatWorkspace('', '["crates/*"]', { 'crates/chat-server/Dockerfile': 'FROM rust:1\nCOPY Cargo.toml ./\nRUN cargo build --locked\n' });
      delete files['Dockerfile'];
      assert.deepStrictEqual(found(files, 'crates/chat-server/Dockerfile'), []);
      assert.deepStrictEqual(found(chatWorkspace('FROM rust:1\nARG CRATES=crates\nCOPY Cargo.toml ./\nCOPY ${CRATES} crates\nRUN cargo build --locked\n')), []);
    });
  });

  describe('fix', () => {
    it('follows the file\'s pattern: COPY after the last manifest COPY, stub after the last stub', () => {
      const after = assertDockerFix(chatWorkspace(SEED_LAYER), ID, [...keywords(SEED_LAYER).slice(0, 6), 'COPY', 'RUN', 'RUN', 'RUN', 'RUN', 'RUN', 'COPY', 'RUN']);
      const lines = after.split('\n');
      assert.strictEqual(lines[6], 'COPY crates/chat-p2p/Cargo.toml crates/chat-p2p/Cargo.toml');
      assert.strictEqual(lines[10], 'RUN mkdir -p crates/chat-p2p/src && echo "" > crates/chat-p2p/src/lib.rs');
      assert.strictEqual(lines[11], 'RUN cargo build --release --locked --bin chat-server');
      assert.strictEqual(found(chatWorkspace(SEED_LAYER))[0].fixes[0].preferred, true);
    });
    it('a binary-only member gets a main.rs stub; default form when no one-member template exists', () => {
      const df = 'FROM rust:1.82\nCOPY Cargo.toml Cargo.lock ./\nCOPY crates/chat-core/Cargo.toml crates/chat-client/Cargo.toml ./x/\nRUN mkdir -p crates/chat-core/src crates/chat-client/src && touch crates/chat-core/src/lib.rs crates/chat-client/src/lib.rs\nRUN cargo build --locked\n';
      const files = chatWorkspace(df, '["crates/chat-core", "crates/chat-client", "crates/chat-server"]');
      const after = assertDockerFix(files, ID, ['FROM', 'COPY', 'COPY', 'COPY', 'RUN', 'RUN', 'RUN']);
      assert.strictEqual(after, 'FROM rust:1.82\nCOPY Cargo.toml Cargo.lock ./\nCOPY crates/chat-core/Cargo.toml crates/chat-client/Cargo.toml ./x/\nCOPY crates/chat-server/Cargo.toml crates/chat-server/Cargo.toml\nRUN mkdir -p crates/chat-core/src crates/chat-client/src && touch crates/chat-core/src/lib.rs crates/chat-client/src/lib.rs\nRUN mkdir -p crates/chat-server/src && echo "fn main() {}" > crates/chat-server/src/main.rs\nRUN cargo build --locked\n');
    });
    it('interleaved COPY/stub pairs with a dir destination; a glob stub loop only needs the COPY', () => {
      const df = 'FROM rust:1.82\nCOPY Cargo.toml ./\nCOPY crates/chat-core/Cargo.toml ./crates/chat-core/\nRUN mkdir -p crates/chat-core/src && touch crates/chat-core/src/lib.rs\nRUN cargo build --locked\n';
      const files = chatWorkspace(df, '["crates/chat-core", "crates/chat-p2p"]');
      const after = assertDockerFix(files, ID, ['FROM', 'COPY', 'COPY', 'COPY', 'RUN', 'RUN', 'RUN']);
      assert.strictEqual(after, 'FROM rust:1.82\nCOPY Cargo.toml ./\nCOPY crates/chat-core/Cargo.toml ./crates/chat-core/\nCOPY crates/chat-p2p/Cargo.toml ./crates/chat-p2p/\nRUN mkdir -p crates/chat-core/src && touch crates/chat-core/src/lib.rs\nRUN mkdir -p crates/chat-p2p/src && touch crates/chat-p2p/src/lib.rs\nRUN cargo build --locked\n');
      const loop = 'FROM rust:1.82\nCOPY Cargo.toml ./\nCOPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml\nRUN for d in crates/*; do mkdir -p $d/src && touch $d/src/lib.rs; done\nRUN cargo build --locked\n';
      const afterLoop = assertDockerFix(chatWorkspace(loop, '["crates/chat-core", "crates/chat-p2p"]'), ID, ['FROM', 'COPY', 'COPY', 'COPY', 'RUN', 'RUN']);
      assert.match(afterLoop, /COPY crates\/chat-core\/Cargo.toml crates\/chat-core\/Cargo.toml\nCOPY crates\/chat-p2p\/Cargo.toml crates\/chat-p2p\/Cargo.toml\nRUN for/);
    });
    it('fix-all adds every missing member in one pass', () => {
      const df = 'FROM rust:1.82\nCOPY Cargo.toml ./\nCOPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml\nRUN mkdir -p crates/chat-core/src && echo "" > crates/chat-core/src/lib.rs\nRUN cargo build --locked\n';
      const files = chatWorkspace(df);
      const diags = found(files);
      assert.strictEqual(diags.length, 3);
      const combined = combinePreferredFixes(diags);
      assert.strictEqual(combined.applied.length, 3);
      const after = applyFix(files, { title: 'all', preferred: true, edits: combined.edits });
      assert.deepStrictEqual(found(after), []);
      assert.deepStrictEqual(keywords(after['Dockerfile']), ['FROM', 'COPY', 'COPY', 'COPY', 'COPY', 'COPY', 'RUN', 'RUN', 'RUN', 'RUN', 'RUN']);
    });
  });
});
