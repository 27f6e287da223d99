import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('docker-base-image-unpinned', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
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
      name: 'a registry with a port and no tag',
      code: `
        FROM localhost:5000/app
        #    ^^^^^^^^^^^^^^^^^^ warning: has no tag
      `,
    },
  ],
  valid: [
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
      name: 'an image from an ARG without default (cannot be judged)',
      code: `
        ARG BASE
        FROM \${BASE}
      `,
    },
  ],
});
