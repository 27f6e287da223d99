import * as assert from 'assert';
import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import { applyFix, findingsOf } from '../../helpers/workspace';

const ID = 'docker-root-user';
const USERADD = 'RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app';

ruleTester(ID, {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'a final stage without USER, on its FROM (seed 004: FROM rust:latest, no USER)',
      code: `
        FROM rust:latest
        #^^^^^^^^^^^^^^^ warning: never sets \`USER\`
        WORKDIR /app
        COPY . .
        CMD ["./app"]
      `,
    },
    {
      name: 'USER root as the last USER, on that USER',
      code: `
        FROM debian:12
        USER app
        USER root
        #^^^^^^^^ warning
        CMD ["x"]
      `,
    },
    {
      name: 'USER 0:0',
      code: `
        FROM debian:12
        USER 0:0
        #^^^^^^^ warning
      `,
    },
    {
      name: 'a USER only in the builder stage does not carry over to an unrelated final stage',
      code: `
        FROM rust:1 AS builder
        USER builder
        FROM debian:12
        #^^^^^^^^^^^^^ warning: never sets \`USER\`
        CMD ["x"]
      `,
    },
    {
      name: 'fix on debian: useradd + USER 10001 before CMD, chowning the data dir (offered, not preferred)',
      code: `
        FROM debian:bookworm-slim
        #^^^^^^^^^^^^^^^^^^^^^^^^ warning
        ENV APP_DATA_DIR=/var/lib/app
        COPY app /usr/local/bin/app
        CMD ["app"]
      `,
      output: `
        FROM debian:bookworm-slim
        ENV APP_DATA_DIR=/var/lib/app
        COPY app /usr/local/bin/app
        ${USERADD} && mkdir -p /var/lib/app && chown 10001:10001 /var/lib/app
        USER 10001
        CMD ["app"]
      `,
      check: (found) => assert.strictEqual(found[0].fixes[0].preferred, false),
    },
    {
      name: 'fix on alpine: adduser -S, before ENTRYPOINT, after a USER root',
      code: `
        FROM rust:1 AS b
        FROM alpine:3.20 AS runtime
        USER root
        #^^^^^^^^ warning
        RUN apk add --no-cache ca-certificates
        ENTRYPOINT ["app"]
        CMD ["--serve"]
      `,
      output: `
        FROM rust:1 AS b
        FROM alpine:3.20 AS runtime
        USER root
        RUN apk add --no-cache ca-certificates
        RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app -s /sbin/nologin app
        USER 10001
        ENTRYPOINT ["app"]
        CMD ["--serve"]
      `,
    },
    {
      name: 'fix on scratch: only USER 10001, before the ENTRYPOINT',
      code: `
        FROM rust:1 AS b
        FROM scratch
        #^^^^^^^^^^^ warning
        COPY --from=b /app /app
        ENTRYPOINT ["/app"]
      `,
      output: `
        FROM rust:1 AS b
        FROM scratch
        COPY --from=b /app /app
        USER 10001
        ENTRYPOINT ["/app"]
      `,
    },
    {
      name: 'fix: appends at the end when there is no CMD/ENTRYPOINT, also without a final newline',
      code: `
        FROM debian:12
        #^^^^^^^^^^^^^ warning
        COPY app /app
      `,
      output: `
        FROM debian:12
        COPY app /app
        ${USERADD}
        USER 10001
      `,
      // A fixture always ends with a newline: the same file without one is checked by hand.
      check: (_found, files) => {
        const noEol = { ...files, Dockerfile: 'FROM debian:12\nCOPY app /app' };
        const after = applyFix(noEol, findingsOf(noEol, ID, 'Dockerfile')[0].fixes[0]);
        assert.strictEqual(after['Dockerfile'], `FROM debian:12\nCOPY app /app\n${USERADD}\nUSER 10001\n`);
      },
    },
  ],
  valid: [
    {
      name: 'a non-root USER given as uid:gid',
      code: `
        FROM debian:12
        USER 1000:1000
        CMD ["x"]
      `,
    },
    {
      name: 'USER root for a build step, then a non-root USER',
      code: `
        FROM debian:12
        USER root
        RUN make
        USER app
      `,
    },
    {
      name: 'a USER from a variable',
      code: `
        FROM debian:12
        USER \${APP_UID}
      `,
    },
    {
      name: 'a non-root USER inherited from a parent stage',
      code: `
        FROM debian:12 AS base
        USER app
        FROM base
        CMD ["x"]
      `,
    },
    {
      name: 'a dev container',
      code: `
        //- .devcontainer/Dockerfile
        FROM rust:1.82
        RUN apt-get update
      `,
    },
    {
      name: 'a scratch artifact-export stage',
      code: `
        FROM rust:1.82 AS build
        RUN cargo build --locked
        FROM scratch AS export
        COPY --from=build /app/target/release/app /
      `,
    },
    {
      name: 'a distroless :nonroot base image',
      code: `
        FROM gcr.io/distroless/cc-debian12:nonroot
        CMD ["x"]
      `,
    },
    {
      name: 'a chainguard base image',
      code: 'FROM cgr.dev/chainguard/static:latest',
    },
  ],
});
