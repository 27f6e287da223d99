import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('docker-toolchain-in-runtime', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'a single-stage rust image (seed 004 style), on the image',
      code: `
        FROM rust:latest
        #    ^^^^^^^^^^^ warning: runs on \`rust:latest\`, which ships the Rust compiler
        WORKDIR /app
        COPY . .
        RUN cargo build --release --locked
        CMD ["./target/release/app"]
      `,
    },
    {
      name: 'a final stage built FROM a rust builder stage',
      code: `
        FROM rust:1.82 AS builder
        RUN true
        FROM builder
        #    ^^^^^^^ warning
        CMD ["x"]
      `,
    },
    {
      name: 'docker.io/library/rust via an ARG',
      code: `
        ARG IMG=docker.io/library/rust:1.82-slim
        FROM \${IMG}
        #    ^^^^^^ warning
      `,
    },
    {
      name: 'a runtime stage whose image comes from an ARG default naming the toolchain',
      code: `
        ARG BUILDER=rust:1.82-slim
        ARG RUNTIME=\${BUILDER}
        FROM \${BUILDER} AS build
        RUN cargo build --release --locked
        FROM \${RUNTIME}
        #    ^^^^^^^^^^ warning: runs on \`rust:1.82-slim\`
        CMD ["app"]
      `,
    },
  ],
  valid: [
    {
      name: 'a shared builder image other Dockerfiles build FROM (Dockerfile.base; a CI-built tag) is not the runtime image',
      code: `
        //- docker/Dockerfile.base
        FROM rust:1.82
        RUN apt-get update
        //- .github/workflows/images.yml
        on: push
        jobs:
          builder:
            runs-on: ubuntu-latest
            steps:
              - run: docker build -t ghcr.io/acme/builder:1 images/builder
        //- images/builder/Dockerfile
        FROM rust:1.82-slim
        RUN cargo install --locked cargo-chef
        //- Dockerfile
        FROM ghcr.io/acme/builder:1 AS build
        RUN cargo build --release --locked
        FROM debian:bookworm-slim
        COPY --from=build /app /app
      `,
    },
    {
      name: 'rust only in the builder stage',
      code: `
        FROM rust:1.82 AS builder
        RUN cargo build --locked
        FROM debian:bookworm-slim
        COPY --from=builder /a /a
      `,
    },
    {
      name: 'look-alike image: rustdesk',
      code: 'FROM rustdesk/rustdesk-server:1',
    },
    {
      name: 'look-alike image: a rust-runtime of another owner',
      code: 'FROM myorg/rust-runtime:1',
    },
  ],
});
