import * as assert from 'assert';
import { combinePreferredFixes } from '../../../server/src/core/engine/fixes';
import { manifest, RUST_REPO } from '../../helpers/fixtures';
import { dedent, ruleTester } from '../../helpers/ruleTester';
import { applyFix, findingsOf, type Files } from '../../helpers/workspace';

const ID = 'docker-workspace-member-missing';

/** The chat-service workspace of seed 000 §4: four members under crates/*, chat-server a binary. */
function chat(members = '["crates/*"]'): Files {
  return {
    'Cargo.toml': `[workspace]\nresolver = "2"\nmembers = ${members}\n`,
    'crates/chat-core/Cargo.toml': manifest('', 'chat-core'), 'crates/chat-core/src/lib.rs': '',
    'crates/chat-client/Cargo.toml': manifest('', 'chat-client'), 'crates/chat-client/src/lib.rs': '',
    'crates/chat-server/Cargo.toml': manifest('', 'chat-server'), 'crates/chat-server/src/main.rs': 'fn main() {}\n',
    'crates/chat-p2p/Cargo.toml': manifest('', 'chat-p2p'), 'crates/chat-p2p/src/lib.rs': '',
  };
}
const CHAT = chat();

/** The seed 000 §4 dependency-cache layer: it misses crates/chat-p2p. */
const SEED_LAYER = dedent(`
  FROM rust:1.82-bookworm AS builder
  WORKDIR /build
  COPY Cargo.toml Cargo.lock ./
  COPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml
  COPY crates/chat-client/Cargo.toml crates/chat-client/Cargo.toml
  COPY crates/chat-server/Cargo.toml crates/chat-server/Cargo.toml
  #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: copies 3 of 4 workspace members' manifests but not \`crates/chat-p2p/Cargo.toml\`
  RUN mkdir -p crates/chat-core/src && echo "" > crates/chat-core/src/lib.rs
  RUN mkdir -p crates/chat-client/src && echo "" > crates/chat-client/src/lib.rs
  RUN mkdir -p crates/chat-server/src && echo "fn main() {}" > crates/chat-server/src/main.rs
  RUN cargo build --release --locked --bin chat-server
  COPY crates/ crates/
  RUN cargo build --release --locked --bin chat-server
`);

ruleTester(ID, {
  path: 'Dockerfile',
  invalid: [
    {
      name: 'the seed 000 §4 layer missing crates/chat-p2p, on the last manifest COPY, related to the glob',
      files: CHAT,
      code: SEED_LAYER,
      check: (found) => assert.deepStrictEqual(
        found[0].related.map((r) => [r.path, r.range.start.line, r.range.start.character, r.range.end.character]),
        [['Cargo.toml', 2, 11, 21]],
      ),
    },
    {
      name: 'an explicit members list: related points at the member string',
      files: chat('[\n  "crates/chat-core",\n  "crates/chat-client",\n  "crates/chat-server",\n  "crates/chat-p2p",\n]'),
      code: SEED_LAYER,
      check: (found) => assert.deepStrictEqual(found[0].related.map((r) => [r.range.start.line, r.range.start.character]), [[6, 2]]),
    },
    {
      name: 'a layer copying only the root manifest: every member is missing',
      files: CHAT,
      code: `
        FROM rust:1.82
        COPY Cargo.toml Cargo.lock ./
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: copies 0 of 4 workspace members' manifests but not \`crates/chat-core/Cargo.toml\`
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: but not \`crates/chat-client/Cargo.toml\`
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: but not \`crates/chat-server/Cargo.toml\`
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: but not \`crates/chat-p2p/Cargo.toml\`
        RUN mkdir src && echo "" > src/lib.rs && cargo fetch
        COPY . .
      `,
    },
    {
      name: 'docker/Dockerfile built from the workspace root context',
      files: { ...CHAT, 'Cargo.lock': '' },
      code: `//- docker/Dockerfile\n${SEED_LAYER}`,
    },
    {
      name: 'cargo build in a stage that copied manifests, checked per stage',
      files: chat('["crates/chat-core", "crates/chat-p2p"]'),
      code: `
        FROM rust:1.82 AS deps
        RUN cargo install cargo-audit --locked
        COPY Cargo.toml ./
        COPY crates/chat-core/Cargo.toml crates/chat-core/
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: copies 1 of 2 workspace members' manifests but not \`crates/chat-p2p/Cargo.toml\`
        RUN cargo fetch --locked
      `,
    },
    {
      name: 'fix: follows the file\'s pattern: COPY after the last manifest COPY, stub after the last stub (preferred)',
      files: CHAT,
      code: SEED_LAYER,
      fixes: ['Copy `crates/chat-p2p/Cargo.toml` and stub its sources in the cache layer (preferred)'],
      output: `
        FROM rust:1.82-bookworm AS builder
        WORKDIR /build
        COPY Cargo.toml Cargo.lock ./
        COPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml
        COPY crates/chat-client/Cargo.toml crates/chat-client/Cargo.toml
        COPY crates/chat-server/Cargo.toml crates/chat-server/Cargo.toml
        COPY crates/chat-p2p/Cargo.toml crates/chat-p2p/Cargo.toml
        RUN mkdir -p crates/chat-core/src && echo "" > crates/chat-core/src/lib.rs
        RUN mkdir -p crates/chat-client/src && echo "" > crates/chat-client/src/lib.rs
        RUN mkdir -p crates/chat-server/src && echo "fn main() {}" > crates/chat-server/src/main.rs
        RUN mkdir -p crates/chat-p2p/src && echo "" > crates/chat-p2p/src/lib.rs
        RUN cargo build --release --locked --bin chat-server
        COPY crates/ crates/
        RUN cargo build --release --locked --bin chat-server
      `,
    },
    {
      name: 'fix: a binary-only member gets a main.rs stub; default form when no one-member template exists',
      files: chat('["crates/chat-core", "crates/chat-client", "crates/chat-server"]'),
      code: `
        FROM rust:1.82
        COPY Cargo.toml Cargo.lock ./
        COPY crates/chat-core/Cargo.toml crates/chat-client/Cargo.toml ./x/
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`crates/chat-server/Cargo.toml\`
        RUN mkdir -p crates/chat-core/src crates/chat-client/src && touch crates/chat-core/src/lib.rs crates/chat-client/src/lib.rs
        RUN cargo build --locked
      `,
      output: `
        FROM rust:1.82
        COPY Cargo.toml Cargo.lock ./
        COPY crates/chat-core/Cargo.toml crates/chat-client/Cargo.toml ./x/
        COPY crates/chat-server/Cargo.toml crates/chat-server/Cargo.toml
        RUN mkdir -p crates/chat-core/src crates/chat-client/src && touch crates/chat-core/src/lib.rs crates/chat-client/src/lib.rs
        RUN mkdir -p crates/chat-server/src && echo "fn main() {}" > crates/chat-server/src/main.rs
        RUN cargo build --locked
      `,
    },
    {
      name: 'fix: interleaved COPY/stub pairs with a dir destination',
      files: chat('["crates/chat-core", "crates/chat-p2p"]'),
      code: `
        FROM rust:1.82
        COPY Cargo.toml ./
        COPY crates/chat-core/Cargo.toml ./crates/chat-core/
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`crates/chat-p2p/Cargo.toml\`
        RUN mkdir -p crates/chat-core/src && touch crates/chat-core/src/lib.rs
        RUN cargo build --locked
      `,
      output: `
        FROM rust:1.82
        COPY Cargo.toml ./
        COPY crates/chat-core/Cargo.toml ./crates/chat-core/
        COPY crates/chat-p2p/Cargo.toml ./crates/chat-p2p/
        RUN mkdir -p crates/chat-core/src && touch crates/chat-core/src/lib.rs
        RUN mkdir -p crates/chat-p2p/src && touch crates/chat-p2p/src/lib.rs
        RUN cargo build --locked
      `,
    },
    {
      name: 'fix: a glob stub loop only needs the COPY',
      files: chat('["crates/chat-core", "crates/chat-p2p"]'),
      code: `
        FROM rust:1.82
        COPY Cargo.toml ./
        COPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`crates/chat-p2p/Cargo.toml\`
        RUN for d in crates/*; do mkdir -p $d/src && touch $d/src/lib.rs; done
        RUN cargo build --locked
      `,
      output: `
        FROM rust:1.82
        COPY Cargo.toml ./
        COPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml
        COPY crates/chat-p2p/Cargo.toml crates/chat-p2p/Cargo.toml
        RUN for d in crates/*; do mkdir -p $d/src && touch $d/src/lib.rs; done
        RUN cargo build --locked
      `,
    },
    {
      name: 'fix-all adds every missing member in one pass',
      files: CHAT,
      code: `
        FROM rust:1.82
        COPY Cargo.toml ./
        COPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`crates/chat-client/Cargo.toml\`
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`crates/chat-server/Cargo.toml\`
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`crates/chat-p2p/Cargo.toml\`
        RUN mkdir -p crates/chat-core/src && echo "" > crates/chat-core/src/lib.rs
        RUN cargo build --locked
      `,
      // `output` applies one fix; the combined preferred fixes are applied here. The tester's `found`
      // maps findings at the same position to the first one, so the findings are taken from the engine.
      check: (_found, files) => {
        const combined = combinePreferredFixes(findingsOf(files, ID, 'Dockerfile'));
        assert.strictEqual(combined.applied.length, 3);
        const after = applyFix(files, { title: 'all', preferred: true, edits: combined.edits });
        assert.deepStrictEqual(findingsOf(after, ID), []);
        assert.strictEqual(after.Dockerfile, dedent(`
          FROM rust:1.82
          COPY Cargo.toml ./
          COPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml
          COPY crates/chat-client/Cargo.toml crates/chat-client/Cargo.toml
          COPY crates/chat-p2p/Cargo.toml crates/chat-p2p/Cargo.toml
          COPY crates/chat-server/Cargo.toml crates/chat-server/Cargo.toml
          RUN mkdir -p crates/chat-core/src && echo "" > crates/chat-core/src/lib.rs
          RUN mkdir -p crates/chat-client/src && echo "" > crates/chat-client/src/lib.rs
          RUN mkdir -p crates/chat-p2p/src && echo "" > crates/chat-p2p/src/lib.rs
          RUN mkdir -p crates/chat-server/src && echo "fn main() {}" > crates/chat-server/src/main.rs
          RUN cargo build --locked
        `) + '\n');
      },
    },
  ],
  valid: [
    {
      name: 'every member copied as directories',
      files: CHAT,
      code: `
        FROM rust:1.82
        COPY Cargo.toml Cargo.lock ./
        COPY crates crates
        RUN cargo build --release --locked
      `,
    },
    {
      name: 'every member copied by a glob',
      files: CHAT,
      code: `
        FROM rust:1.82
        COPY Cargo.toml ./
        COPY crates/*/Cargo.toml ./
        RUN cargo build --locked
      `,
    },
    {
      name: 'the whole context copied',
      files: CHAT,
      code: `
        FROM rust:1.82
        COPY Cargo.toml ./
        COPY . .
        RUN cargo build --locked
      `,
    },
    {
      name: 'every member copied in exec form',
      files: CHAT,
      code: `
        FROM rust:1.82
        COPY ["Cargo.toml", "Cargo.lock", "./"]
        COPY ["crates", "crates"]
        RUN cargo build --locked
      `,
    },
    {
      name: 'members excluded in Cargo.toml',
      files: { ...CHAT, 'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/chat-p2p"]\n' },
      code: `
        FROM rust:1.82-bookworm AS builder
        WORKDIR /build
        COPY Cargo.toml Cargo.lock ./
        COPY crates/chat-core/Cargo.toml crates/chat-core/Cargo.toml
        COPY crates/chat-client/Cargo.toml crates/chat-client/Cargo.toml
        COPY crates/chat-server/Cargo.toml crates/chat-server/Cargo.toml
        RUN mkdir -p crates/chat-core/src && echo "" > crates/chat-core/src/lib.rs
        RUN mkdir -p crates/chat-client/src && echo "" > crates/chat-client/src/lib.rs
        RUN mkdir -p crates/chat-server/src && echo "fn main() {}" > crates/chat-server/src/main.rs
        RUN cargo build --release --locked --bin chat-server
        COPY crates/ crates/
        RUN cargo build --release --locked --bin chat-server
      `,
    },
    {
      name: 'cargo-chef Dockerfiles',
      files: CHAT,
      code: `
        FROM lukemathwalker/cargo-chef:latest-rust-1 AS chef
        FROM chef AS planner
        COPY . .
        RUN cargo chef prepare --recipe-path recipe.json
        FROM chef AS builder
        COPY --from=planner /app/recipe.json recipe.json
        COPY Cargo.toml ./
        RUN cargo chef cook --release --recipe-path recipe.json
      `,
    },
    {
      name: 'no dependency-cache layer (sources copied, no manifests)',
      files: CHAT,
      code: `
        FROM rust:1.82
        COPY src src
        RUN cargo build --locked
      `,
    },
    {
      name: 'no cargo command',
      files: CHAT,
      code: `
        FROM debian:12
        COPY Cargo.toml /etc/x
        CMD ["x"]
      `,
    },
    {
      name: 'not a workspace',
      files: RUST_REPO,
      code: `
        FROM rust:1
        COPY Cargo.toml ./
        RUN cargo build --locked
      `,
    },
    {
      name: 'a crate built on its own: its manifest copied as the root one, no workspace manifest',
      files: CHAT,
      code: `
        FROM rust:1.82
        COPY crates/chat-server/Cargo.toml ./Cargo.toml
        RUN mkdir src && echo "fn main() {}" > src/main.rs && cargo build --locked
        COPY crates/chat-server/src src
      `,
    },
    {
      name: 'a Dockerfile whose context is a member directory',
      files: CHAT,
      code: `
        //- crates/chat-server/Dockerfile
        FROM rust:1
        COPY Cargo.toml ./
        RUN cargo build --locked
      `,
    },
    {
      name: 'COPY sources with variables',
      files: CHAT,
      code: `
        FROM rust:1
        ARG CRATES=crates
        COPY Cargo.toml ./
        COPY \${CRATES} crates
        RUN cargo build --locked
      `,
    },
  ],
});
