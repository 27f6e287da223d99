import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { imageRepository, isIntermediateImage, resolveImage, stageChain, runtimeStages } from '../shared/dockerfile';

/** Images that ship the Rust compiler and cargo. */
const TOOLCHAIN_IMAGES = new Set(['rust', 'rustlang/rust', 'clux/muslrust', 'messense/rust-musl-cross', 'lukemathwalker/cargo-chef']);

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-toolchain-in-runtime',
    title: 'Rust toolchain shipped in the runtime image',
    priority: 'P1',
    area: 'Deployment',
    nonTest: false,
    action: 'Build in a `rust:` stage and copy the binary into a slim runtime image',
    docs: {
      lang: 'dockerfile',
      what: 'Flags a Dockerfile whose final stage (the image that runs) is based on `rust:*` (or another image carrying the toolchain, such as `rustlang/rust`, `clux/muslrust`, `lukemathwalker/cargo-chef`), directly or through earlier stages (`FROM builder`).',
      why: 'The `rust` image is over a gigabyte: compiler, cargo, headers, build tools and the whole `target/` directory end up in production. Pulls are slow (scaling and rollbacks wait on them), and the attack surface includes a compiler and package managers an intruder can use.',
      example: 'FROM rust:1.82\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --locked\nCMD ["./target/release/server"]',
      useInstead: 'FROM rust:1.82 AS builder\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --locked\n\nFROM debian:bookworm-slim\nCOPY --from=builder /app/target/release/server /usr/local/bin/server\nUSER 10001\nCMD ["server"]',
      fixSafety: 'No quick-fix: splitting into a multi-stage build needs to know which binaries and runtime libraries the service needs.',
      notes: 'Only the final stage is checked: `rust:` in a builder stage is the right thing to do. The image is the one the `FROM` resolves to, `ARG` defaults included (`ARG RUNTIME=rust:1.82` + `FROM ${RUNTIME}`). Dockerfiles under `.devcontainer/` (editor environments) are not checked. Audit profile only (hygiene): a Dockerfile building an intermediate image (`Dockerfile.base`, or an image another Dockerfile of the workspace builds `FROM`, such as a shared builder image): the images built on it are the ones that run.',
    },
  },
  fileKinds: ['dockerfile'],
  check(ctx) {
    const df = ctx.doc.dockerfile;
    const runtime = runtimeStages(ctx.doc.path, df);
    if (!runtime) return;
    const { stages, last } = runtime;
    const chain = stageChain(df, stages, last);
    const root = chain[chain.length - 1];
    const image = resolveImage(df, root.from);
    if (!image || !TOOLCHAIN_IMAGES.has(imageRepository(image.name))) return;
    const via = root === last ? '' : ` (through stage \`${last.from.getImage()}\`)`;
    ctx.report(last.from.getImageRange() ?? last.from.getRange(),
      `The final stage runs on \`${image.resolved}\`${via}, which ships the Rust compiler and build tools: a >1 GB image with a larger attack surface. Build in a \`rust\` stage and copy the binary into a slim runtime image (debian-slim, distroless).`,
      // A base image other Dockerfiles build FROM (a shared builder image) is not the image that runs.
      isIntermediateImage(ctx.doc, ctx.ws) ? { tier: 'hygiene' } : {});
  },
});
