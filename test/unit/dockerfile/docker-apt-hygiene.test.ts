import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

const RECOMMENDS = 'Add `--no-install-recommends`';
const CLEANUP = 'Remove the apt lists in the same RUN';

ruleTester('docker-apt-hygiene', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'both problems of the seed 004 style RUN, on `apt-get install`',
      code: `
        FROM debian:12
        RUN apt-get update && \\
            apt-get install -y libpq-dev pkg-config
        #   ^^^^^^^^^^^^^^^ info: --no-install-recommends
        #   ^^^^^^^^^^^^^^^ info: /var/lib/apt/lists
      `,
    },
    {
      name: 'the seed 004 "required" Dockerfile: cleanup present, flag missing',
      code: `
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y \\
        #                     ^^^^^^^^^^^^^^^ info: --no-install-recommends
            ca-certificates \\
            libpq5 \\
            && rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'apt install',
      code: `
        FROM debian:12
        RUN apt -y install curl && rm -rf /var/lib/apt/lists/*
        #   ^^^^^^^^^^^^^^ info: --no-install-recommends
      `,
    },
    {
      name: 'apt-get -qq install',
      code: `
        FROM debian:12
        RUN apt-get -qq install curl && rm -rf /var/lib/apt/lists/*
        #   ^^^^^^^^^^^^^^^^^^^ info: --no-install-recommends
      `,
    },
    {
      name: 'the cleanup is required in a stage the final image is built FROM',
      code: `
        FROM debian:12 AS base
        RUN apt-get update && apt-get install -y --no-install-recommends curl
        #                     ^^^^^^^^^^^^^^^ info: /var/lib/apt/lists
        FROM base
        CMD ["x"]
      `,
    },
    {
      name: 'fix: adds --no-install-recommends after install',
      code: `
        FROM debian:12
        RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
        #                     ^^^^^^^^^^^^^^^ info: --no-install-recommends
      `,
      fix: RECOMMENDS,
      output: `
        FROM debian:12
        RUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'fix: appends the cleanup on a single line',
      code: `
        FROM debian:12
        RUN apt-get update && apt-get install -y --no-install-recommends curl
        #                     ^^^^^^^^^^^^^^^ info: /var/lib/apt/lists
        CMD ["x"]
      `,
      fix: CLEANUP,
      output: `
        FROM debian:12
        RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
        CMD ["x"]
      `,
    },
    {
      name: 'fix: appends the cleanup as a continued line, trailing-&& style',
      code: `
        FROM debian:12
        RUN apt-get update && \\
            apt-get install -y --no-install-recommends libpq-dev pkg-config
        #   ^^^^^^^^^^^^^^^ info: /var/lib/apt/lists
        CMD ["x"]
      `,
      fix: CLEANUP,
      output: `
        FROM debian:12
        RUN apt-get update && \\
            apt-get install -y --no-install-recommends libpq-dev pkg-config && \\
            rm -rf /var/lib/apt/lists/*
        CMD ["x"]
      `,
    },
    {
      // Written with explicit \r\n line ends; the annotation line ends in a plain \n so it still parses.
      name: 'fix: appends the cleanup as a continued line, leading-&& style, keeping CRLF',
      code: 'FROM debian:12\r\nRUN apt-get update \\\r\n  && apt-get install -y --no-install-recommends curl\r\n#    ^^^^^^^^^^^^^^^ info: /var/lib/apt/lists\n',
      fix: CLEANUP,
      output: 'FROM debian:12\r\nRUN apt-get update \\\r\n  && apt-get install -y --no-install-recommends curl \\\r\n  && rm -rf /var/lib/apt/lists/*\r\n',
    },
    {
      name: 'fix: inserts the cleanup before a heredoc terminator',
      code: `
        FROM debian:12
        RUN <<EOT
        apt-get update
        apt-get install -y --no-install-recommends curl
        #^^^^^^^^^^^^^^ info: /var/lib/apt/lists
        EOT
        CMD ["x"]
      `,
      fix: CLEANUP,
      output: `
        FROM debian:12
        RUN <<EOT
        apt-get update
        apt-get install -y --no-install-recommends curl
        rm -rf /var/lib/apt/lists/*
        EOT
        CMD ["x"]
      `,
    },
    {
      name: 'fix: chains after the first line when the heredoc is stdin of a command',
      code: `
        FROM debian:12
        RUN apt-get install -y --no-install-recommends x <<EOT
        #   ^^^^^^^^^^^^^^^ info: /var/lib/apt/lists
        y
        EOT
        CMD ["x"]
      `,
      fix: CLEANUP,
      output: `
        FROM debian:12
        RUN apt-get install -y --no-install-recommends x <<EOT && rm -rf /var/lib/apt/lists/*
        y
        EOT
        CMD ["x"]
      `,
    },
    {
      name: 'fix: respects a backtick escape directive and a trailing shell comment',
      code: `
        # escape=\`
        FROM debian:12
        RUN apt-get update && \`
            apt-get install -y --no-install-recommends curl # tools
        #   ^^^^^^^^^^^^^^^ info: /var/lib/apt/lists
      `,
      fix: CLEANUP,
      output: `
        # escape=\`
        FROM debian:12
        RUN apt-get update && \`
            apt-get install -y --no-install-recommends curl && \`
            rm -rf /var/lib/apt/lists/* # tools
      `,
    },
    {
      name: 'the audit profile keeps a builder stage\'s missing --no-install-recommends as hygiene',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        FROM rust:1.83 AS builder
        RUN apt-get update && apt-get install -y protobuf-compiler
        #                     ^^^^^^^^^^^^^^^ info: [hygiene] \`apt-get install\` without \`--no-install-recommends\` pulls in recommended packages: a slower build
        FROM debian:12-slim
        COPY --from=builder /app/target/release/svc /usr/local/bin/svc
      `,
    },
  ],
  valid: [
    {
      name: 'recommended packages in a builder stage only slow the build: not in the default profile',
      code: `
        FROM rust:1.83 AS builder
        RUN apt-get update && apt-get install -y protobuf-compiler
        RUN cargo build --release --locked
        FROM debian:12-slim
        COPY --from=builder /app/target/release/svc /usr/local/bin/svc
      `,
    },
    {
      name: 'a clean RUN, the APT::Install-Recommends option, apt-get update alone, a look-alike word',
      code: `
        FROM debian:12
        RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
        RUN apt-get update && apt-get -o APT::Install-Recommends=false install -y git && apt-get clean && rm -rf /var/lib/apt/lists/*
        RUN apt-get update
        RUN echo apt-get-install
      `,
    },
    {
      name: 'missing cleanup in a builder stage or with an apt cache mount',
      code: `
        FROM rust:1.82 AS builder
        RUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler
        FROM debian:12
        RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl
      `,
    },
  ],
});
