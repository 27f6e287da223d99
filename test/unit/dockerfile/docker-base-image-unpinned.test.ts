import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('docker-base-image-unpinned', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'audit profile: moving tags other than latest (release channels, bare majors), hygiene on the image',
      files: { ...RUST_REPO, '.readiness.toml': 'profile = "audit"\n' },
      code: `
        FROM rust:stable AS a
        #    ^^^^^^^^^^^ warning: [hygiene] Base image \`rust:stable\` uses the moving tag \`stable\` (the \`stable\` channel follows new releases)
        FROM rustlang/rust:nightly-bookworm AS b
        #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: the \`nightly\` channel
        FROM rust:1-slim-bookworm AS c
        #    ^^^^^^^^^^^^^^^^^^^^ warning: a bare major version follows every minor and patch release of 1.x
        FROM caddy:edge AS d
        #    ^^^^^^^^^^ warning: the \`edge\` channel
        FROM opensuse/tumbleweed:rolling AS e
        #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`rolling\`
        FROM alpine:3
        #    ^^^^^^^^ warning: release of 3.x
        CMD ["x"]
      `,
    },
    {
      name: '`:latest` and a missing tag, on the image',
      code: `
        FROM rust:latest AS builder
        #    ^^^^^^^^^^^ warning: \`rust:latest\` uses the \`latest\` tag
        RUN true
        FROM debian
        #    ^^^^^^ warning: has no tag
        CMD ["x"]
      `,
    },
    {
      name: 'an image coming from an ARG default, naming the resolved value',
      code: `
        ARG BASE=debian
        FROM $BASE
        #    ^^^^^ warning: \`$BASE\` (= \`debian\`)
      `,
    },
    {
      name: 'a `latest` tag from an ARG default',
      code: `
        ARG TAG=latest
        FROM rust:\${TAG}
        #    ^^^^^^^^^^^ warning
      `,
    },
    {
      name: 'a registry image with a lower-case keyword and a --platform flag',
      code: `
        from --platform=$BUILDPLATFORM ghcr.io/org/base
        #                              ^^^^^^^^^^^^^^^^ warning: has no tag
      `,
    },
    {
      name: 'an unstable distribution behind an ARG default (`ARG RUNTIME=debian:sid-slim`)',
      code: `
        ARG RUNTIME=debian:sid-slim
        FROM rust:1.82 AS builder
        FROM \${RUNTIME}
        #    ^^^^^^^^^^ warning: \`\${RUNTIME}\` (= \`debian:sid-slim\`) is built on \`sid\`
        CMD ["app"]
      `,
    },
    {
      name: 'an ARG default built from an earlier ARG, and unstable branches of other distributions (even with a digest)',
      code: `
        ARG DEBIAN=unstable
        ARG IMAGE=debian:\${DEBIAN}-slim
        FROM $IMAGE AS a
        #    ^^^^^^ warning: \`unstable\`
        FROM alpine:edge AS b
        #    ^^^^^^^^^^^ warning: \`edge\`
        FROM buildpack-deps:sid@sha256:0123456789abcdef AS c
        #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`sid\`
        FROM fedora:rawhide
        #    ^^^^^^^^^^^^^^ warning: \`rawhide\`
      `,
    },
    {
      name: 'a `:latest` toolchain behind an ARG default',
      code: `
        ARG RUST_IMAGE=rust:latest
        FROM \${RUST_IMAGE} AS builder
        #    ^^^^^^^^^^^^^ warning: (= \`rust:latest\`)
        FROM debian:bookworm-slim
      `,
    },
    {
      name: 'a registry with a port and no tag',
      code: `
        FROM localhost:5000/app
        #    ^^^^^^^^^^^^^^^^^^ warning: has no tag
      `,
    },
  ],
  valid: [
    {
      name: 'default profile: moving tags other than latest are audit-only; dotted versions, codenames and digests are pinned enough',
      code: `
        FROM rust:stable AS a
        FROM rust:1-slim-bookworm AS b
        FROM alpine:3 AS c
        FROM rust:1.82-slim AS d
        FROM debian:bookworm-slim AS e
        FROM rust:nightly@sha256:0123456789abcdef AS f
        FROM nginx:edge-1.27
        CMD ["x"]
      `,
    },
    {
      name: 'tags, digests, stage references and scratch',
      code: `
        ARG RUST_VERSION=1.82
        FROM rust:\${RUST_VERSION}-bookworm AS builder
        FROM builder AS tester
        FROM debian@sha256:0123456789abcdef
        FROM localhost:5000/app:1.2
        FROM scratch
        COPY --from=builder /x /x
      `,
    },
    {
      name: 'stable releases whose names contain unstable words elsewhere, and a stable ARG default',
      code: `
        ARG RUNTIME=debian:trixie-slim
        FROM ubuntu:24.04 AS a
        FROM alpine:3.20 AS b
        FROM nginx:edge-1.27 AS c
        FROM org/sidecar:1.0 AS d
        FROM \${RUNTIME}
      `,
    },
    {
      name: 'templates and end-to-end harness Dockerfiles are not judged (the production-code model)',
      code: `
        //- deploy/Dockerfile.j2
        FROM {{ base_image }}
        FROM rust:latest
        //- e2e/Dockerfile
        FROM debian:sid
      `,
    },
    {
      name: 'an image from an ARG without default (cannot be judged)',
      code: `
        ARG BASE
        FROM \${BASE}
      `,
    },
  ],
});
