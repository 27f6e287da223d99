import * as assert from 'assert';
import { DockerfileParser } from 'dockerfile-ast';
import { lock, pkg } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import { analyze, applyFix, type Files } from '../../helpers/workspace';

/** A workspace of a library and an axum server binary, with its lock file. */
const SERVICE: Files = {
  'crates/core/Cargo.toml': pkg('core', ''),
  'crates/core/src/lib.rs': 'pub fn answer() -> u32 { 42 }\n',
  'crates/server/Cargo.toml': pkg('server', 'axum = "0.7"\ncore = { path = "../core" }\n'),
  'crates/server/src/main.rs': 'fn main() {}\n',
  'Cargo.lock': lock([{ name: 'axum', version: '0.7.5' }]),
};
const ROOT = '//- Cargo.toml\n[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n';
/** Rules the created Dockerfile must pass. */
const DOCKERFILE_RULES = ['docker-workspace-member-missing', 'docker-root-user', 'docker-cargo-unlocked', 'docker-toolchain-in-runtime', 'docker-base-image-unpinned', 'docker-apt-hygiene', 'dockerignore-missing'];

ruleTester('dockerfile-missing', {
  invalid: [
    {
      name: 'a serving binary and no packaging: on the root Cargo.toml; the fix writes a multi-stage Dockerfile and a .dockerignore',
      files: SERVICE,
      code: `
        //- Cargo.toml
        [workspace]
        #^^^^^^^^^^ warning: \`server\` serves requests but nothing packages it for deployment
        resolver = "2"
        members = ["crates/*"]
      `,
      fixes: ['Create a multi-stage Dockerfile for `server` (not preferred)'],
      output: `
        //- Dockerfile
        # syntax=docker/dockerfile:1
        # Build stage: dependencies are compiled in their own layer, rebuilt only when a Cargo manifest or Cargo.lock changes.
        FROM rust:1-bookworm AS build
        WORKDIR /app
        COPY Cargo.toml Cargo.lock ./
        COPY crates/core/Cargo.toml crates/core/Cargo.toml
        COPY crates/server/Cargo.toml crates/server/Cargo.toml
        RUN mkdir -p crates/core/src && echo "" > crates/core/src/lib.rs
        RUN mkdir -p crates/server/src && echo "fn main() {}" > crates/server/src/main.rs
        RUN cargo build --release --locked -p server --bin server
        # The real sources; touching the stubbed files makes cargo rebuild the workspace crates.
        COPY . .
        RUN touch crates/core/src/lib.rs crates/server/src/main.rs && cargo build --release --locked -p server --bin server

        # Runtime stage: no compiler, a dedicated non-root user.
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
        RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app
        COPY --from=build /app/target/release/server /usr/local/bin/server
        USER 10001
        ENTRYPOINT ["/usr/local/bin/server"]
        //- .dockerignore
        target/
        .git/
        .env*
        data/
        *.pem
        *.key
      `,
      check: (found, files) => {
        const after = applyFix(files, found[0].fixes[0]);
        const parsed = DockerfileParser.parse(after.Dockerfile);
        assert.strictEqual(parsed.getInstructions().filter((i) => i.getKeyword() === 'FROM').length, 2, 'two stages');
        const flagged = [...analyze(after).results.values()].flat().filter((d) => DOCKERFILE_RULES.includes(d.ruleId) || d.ruleId === 'dockerfile-missing');
        assert.deepStrictEqual(flagged.map((d) => `${d.ruleId} ${d.path}:${d.range.start.line + 1} ${d.message}`), []);
      },
    },
    {
      name: 'a binary under src/bin/ with a build script running tonic-build and OpenSSL: its stub, protoc in the build stage, libssl3 at runtime',
      files: {
        'Cargo.lock': lock([{ name: 'tonic', version: '0.12.0' }]),
        'src/bin/api.rs': 'fn main() {}\n',
        'build.rs': 'fn main() {}\n',
        '.dockerignore': 'target/\n',
      },
      code: `
        //- Cargo.toml
        [package]
        #^^^^^^^^ warning: \`api\` serves requests
        name = "api"
        version = "0.1.0"
        edition = "2021"
        build = "build.rs"

        [dependencies]
        tonic = "0.12"
        openssl = "0.10"

        [build-dependencies]
        tonic-build = "0.12"
      `,
      output: `
        //- Dockerfile
        # syntax=docker/dockerfile:1
        # Build stage: dependencies are compiled in their own layer, rebuilt only when a Cargo manifest or Cargo.lock changes.
        FROM rust:1-bookworm AS build
        RUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler && rm -rf /var/lib/apt/lists/*
        WORKDIR /app
        COPY Cargo.toml Cargo.lock ./
        RUN mkdir -p src && echo "" > src/lib.rs
        RUN echo "fn main() {}" > build.rs
        RUN mkdir -p src/bin && echo "fn main() {}" > src/bin/api.rs
        RUN cargo build --release --locked -p api --bin api
        # The real sources; touching the stubbed files makes cargo rebuild the workspace crates.
        COPY . .
        RUN touch src/lib.rs build.rs src/bin/api.rs && cargo build --release --locked -p api --bin api

        # Runtime stage: no compiler, a dedicated non-root user.
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3 && rm -rf /var/lib/apt/lists/*
        RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app
        COPY --from=build /app/target/release/api /usr/local/bin/api
        USER 10001
        ENTRYPOINT ["/usr/local/bin/api"]
      `,
    },
    {
      name: 'no Cargo.lock: reported, but no fix (a --locked build cannot work without the lock file)',
      files: Object.fromEntries(Object.entries(SERVICE).filter(([p]) => p !== 'Cargo.lock')),
      code: `
        //- Cargo.toml
        [workspace]
        #^^^^^^^^^^ warning: serves requests
        resolver = "2"
        members = ["crates/*"]
      `,
      fixes: [],
      check: () => undefined,
    },
  ],
  valid: [
    { name: 'a Dockerfile anywhere (deploy/)', code: `${ROOT}//- deploy/Dockerfile\nFROM scratch\n`, files: SERVICE },
    { name: 'a Containerfile', code: ROOT, files: { ...SERVICE, Containerfile: 'FROM scratch\n' } },
    { name: 'a Nix flake with a package', code: ROOT, files: { ...SERVICE, 'flake.nix': '{ outputs = { self, nixpkgs }: { packages.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.hello; }; }\n' } },
    { name: 'a debian/ directory', code: ROOT, files: { ...SERVICE, 'debian/control': 'Source: server\n' } },
    { name: 'a systemd unit', code: ROOT, files: { ...SERVICE, 'packaging/server.service': '[Service]\nExecStart=/usr/bin/server\n' } },
    { name: 'cargo-deb metadata', code: `${ROOT}//- crates/server/Cargo.toml\n${pkg('server', 'axum = "0.7"\ncore = { path = "../core" }', '[package.metadata.deb]\nmaintainer = "ops"')}`, files: SERVICE },
    {
      name: 'a library-only workspace',
      code: ROOT,
      files: { 'crates/server/Cargo.toml': pkg('server', 'axum = "0.7"'), 'crates/server/src/lib.rs': 'pub fn routes() {}\n', 'Cargo.lock': SERVICE['Cargo.lock'] },
    },
    {
      name: 'a command-line tool (argument parser, no server framework)',
      code: ROOT,
      files: { 'crates/tool/Cargo.toml': pkg('tool-cli', 'clap = "4"\nreqwest = "0.12"'), 'crates/tool/src/main.rs': 'fn main() {}\n', 'Cargo.lock': SERVICE['Cargo.lock'] },
    },
  ],
});
