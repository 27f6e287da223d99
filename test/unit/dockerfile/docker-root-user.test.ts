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
      name: 'fix on scratch (no shell): only a numeric USER 65532:65532, no RUN, before the ENTRYPOINT',
      code: `
        FROM rust:1 AS b
        FROM scratch
        #^^^^^^^^^^^ warning: no shell to create users
        COPY --from=b /app /app
        ENTRYPOINT ["/app"]
      `,
      fixes: ['Run as the non-root uid 65532:65532 (not preferred)'],
      output: `
        FROM rust:1 AS b
        FROM scratch
        COPY --from=b /app /app
        USER 65532:65532
        ENTRYPOINT ["/app"]
      `,
    },
    {
      name: 'a scratch stage without CMD that a compose service builds is the runtime image (its command is in the compose file): fix USER 65532:65532, no RUN',
      code: `
        //- Dockerfile
        FROM rust:1.82 AS build
        RUN cargo build --locked --release
        FROM scratch
        #^^^^^^^^^^^ warning: The final stage never sets \`USER\`, so the container runs as root
        COPY --from=build /app/target/release/app /app
        //- docker-compose.yml
        services:
          app:
            build: .
            command: ["/app"]
      `,
      output: `
        //- Dockerfile
        FROM rust:1.82 AS build
        RUN cargo build --locked --release
        FROM scratch
        COPY --from=build /app/target/release/app /app
        USER 65532:65532
      `,
      check: (found) => assert.match(found[0].message, /Compose service `app` \(docker-compose\.yml\) runs this image/),
    },
    {
      name: 'a scratch stage without CMD whose image (CI docker build -t) a Kubernetes manifest runs is the runtime image',
      code: `
        //- Dockerfile
        FROM rust:1.82 AS build
        RUN cargo build --locked --release
        FROM scratch
        #^^^^^^^^^^^ warning: (Kubernetes container \`app\` of Deployment \`app\` (k8s/deploy.yaml) runs this image
        COPY --from=build /app/target/release/app /app
        //- .github/workflows/image.yml
        on: push
        jobs:
          image:
            runs-on: ubuntu-latest
            steps:
              - run: docker build -t ghcr.io/org/app:\${{ github.sha }} .
        //- k8s/deploy.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app}
        spec:
          template:
            spec:
              containers:
              - name: app
                image: ghcr.io/org/app:1.4.0
                command: ["/app"]
      `,
    },
    {
      name: 'fix on distroless (no shell): USER 65532:65532, no RUN',
      code: `
        FROM gcr.io/distroless/cc-debian12
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning
        COPY app /app
        CMD ["/app"]
      `,
      output: `
        FROM gcr.io/distroless/cc-debian12
        COPY app /app
        USER 65532:65532
        CMD ["/app"]
      `,
    },
    {
      name: 'fix on busybox (no useradd): addgroup/adduser -S -D -H',
      code: `
        FROM busybox:1.36-musl
        #^^^^^^^^^^^^^^^^^^^^^ warning
        COPY app /app
        CMD ["/app"]
      `,
      output: `
        FROM busybox:1.36-musl
        COPY app /app
        RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app -s /sbin/nologin app
        USER 10001
        CMD ["/app"]
      `,
    },
    {
      name: 'fix on an Alpine-based tag of another image (rust:…-alpine through a stage): adduser',
      code: `
        FROM rust:1.82-alpine AS base
        FROM base
        #^^^^^^^^ warning
        CMD ["/app"]
      `,
      output: `
        FROM rust:1.82-alpine AS base
        FROM base
        RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app -s /sbin/nologin app
        USER 10001
        CMD ["/app"]
      `,
    },
    {
      name: 'fix on Ubuntu: useradd; on a Wolfi base (root by default, busybox): adduser',
      code: `
        //- Dockerfile
        FROM ubuntu:24.04
        #^^^^^^^^^^^^^^^^ warning
        CMD ["/app"]
        //- worker/Dockerfile
        FROM cgr.dev/chainguard/wolfi-base:latest
        #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning
        CMD ["/app"]
      `,
      output: `
        //- Dockerfile
        FROM ubuntu:24.04
        ${USERADD}
        USER 10001
        CMD ["/app"]
      `,
    },
    {
      name: 'gosu/su-exec to root, and an entrypoint script in an image with no privilege-drop tool, still run as root',
      code: `
        //- Dockerfile
        FROM debian:12
        #^^^^^^^^^^^^^ warning
        ENTRYPOINT ["gosu", "root", "server"]
        //- b/Dockerfile
        FROM debian:12
        #^^^^^^^^^^^^^ warning
        COPY docker-entrypoint.sh /usr/local/bin/
        ENTRYPOINT ["docker-entrypoint.sh"]
      `,
    },
    {
      name: 'the audit profile keeps an intermediate base image as hygiene',
      files: { ...RUST_REPO, '.readiness.toml': 'profile = "audit"\n' },
      code: `
        //- docker/Dockerfile.base
        FROM debian:12
        #^^^^^^^^^^^^^ warning: [hygiene] The final stage never sets \`USER\`
        RUN apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
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
        assert.strictEqual(after.Dockerfile, `FROM debian:12\nCOPY app /app\n${USERADD}\nUSER 10001\n`);
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
      name: 'a scratch artifact-export stage (no compose service or Kubernetes manifest runs its image)',
      code: `
        FROM rust:1.82 AS build
        RUN cargo build --locked
        FROM scratch AS export
        COPY --from=build /app/target/release/app /
        //- k8s/deploy.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: other}
        spec: {template: {spec: {containers: [{name: other, image: ghcr.io/org/other:1.0}]}}}
        //- docker-compose.dev.yml
        services:
          app:
            build: .
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
    {
      name: 'an ENTRYPOINT/CMD that drops privileges to a non-root user (gosu, su-exec, setpriv, runuser, s6-setuidgid)',
      code: `
        //- Dockerfile
        FROM debian:12
        RUN apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
        ENTRYPOINT ["tini", "--", "gosu", "app"]
        CMD ["server"]
        //- a/Dockerfile
        FROM alpine:3.20
        CMD su-exec 10001:10001 /usr/local/bin/server
        //- b/Dockerfile
        FROM debian:12
        ENTRYPOINT ["setpriv", "--reuid=app", "--regid=app", "--init-groups", "server"]
        //- c/Dockerfile
        FROM debian:12
        CMD ["runuser", "-u", "app", "--", "server"]
        //- d/Dockerfile
        FROM debian:12
        CMD ["s6-setuidgid", "app", "server"]
      `,
    },
    {
      name: 'an entrypoint script in an image that installs gosu / su-exec / s6-overlay (the script cannot be read)',
      code: `
        //- Dockerfile
        FROM debian:12
        RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
        COPY docker-entrypoint.sh /usr/local/bin/
        ENTRYPOINT ["docker-entrypoint.sh"]
        CMD ["server"]
        //- a/Dockerfile
        FROM alpine:3.20
        RUN apk add --no-cache su-exec
        COPY start.sh /start.sh
        ENTRYPOINT /start.sh
        //- b/Dockerfile
        FROM debian:12
        COPY --from=tianon/gosu:1.17 /gosu /usr/local/bin/
        ENTRYPOINT ["/entrypoint.sh"]
        //- c/Dockerfile
        FROM debian:12
        ADD https://github.com/just-containers/s6-overlay/releases/download/v3.2.0.0/s6-overlay-noarch.tar.xz /tmp
        ENTRYPOINT ["/init"]
      `,
    },
    {
      name: 'an intermediate base image by name (Dockerfile.base, base.Dockerfile) is not the runtime image',
      code: `
        //- docker/Dockerfile.base
        FROM debian:12
        RUN apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
        //- rust-base.Dockerfile
        FROM rust:1.82
      `,
    },
    {
      name: 'an intermediate base image that another Dockerfile builds FROM (image tag from compose and from a CI docker build -t)',
      code: `
        //- docker-compose.yml
        services:
          base:
            build:
              context: .
              dockerfile: images/runtime/Dockerfile
            image: ghcr.io/acme/runtime:1
        //- .github/workflows/images.yml
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: docker build -t acme/tools:\${{ github.sha }} -f images/tools/Dockerfile images/tools
        //- images/runtime/Dockerfile
        FROM debian:12
        RUN true
        //- images/tools/Dockerfile
        FROM alpine:3.20
        RUN true
        //- Dockerfile
        FROM ghcr.io/acme/runtime:1 AS runtime
        FROM acme/tools:latest AS tools
        FROM runtime
        COPY --from=tools /bin/x /bin/x
        USER 10001
        CMD ["server"]
      `,
    },
    {
      name: 'a final stage built FROM a workspace image whose Dockerfile sets a non-root USER',
      code: `
        //- docker-compose.yml
        services:
          base:
            build: ./base
            image: acme/base:1
        //- base/Dockerfile
        FROM debian:12
        RUN useradd app
        USER app
        //- Dockerfile
        FROM acme/base:1
        CMD ["server"]
      `,
    },
  ],
});
