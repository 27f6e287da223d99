import * as assert from 'assert';
import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('dockerignore-missing', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'COPY . . with no .dockerignore, on the COPY',
      code: `
        FROM rust:1.82 AS builder
        WORKDIR /app
        COPY . .
        #^^^^^^^ warning: \`COPY .\` copies the whole build context
        RUN cargo build --release --locked
      `,
    },
    {
      name: 'ADD ./ /src',
      code: `
        FROM debian:12
        ADD ./ /src
        #^^^^^^^^^^ warning
      `,
    },
    {
      name: 'COPY --chown=app ./ .',
      code: `
        FROM debian:12
        COPY --chown=app ./ .
        #^^^^^^^^^^^^^^^^^^^^ warning
      `,
    },
    {
      name: 'a Dockerfile in a subdirectory with its own context: the fix creates the .dockerignore there',
      files: { '.dockerignore': 'target/\n', 'tools/web/package.json': '{}' },
      code: `
        //- tools/web/Dockerfile
        FROM node:20
        COPY . .
        #^^^^^^^ warning
      `,
      output: `
        //- tools/web/.dockerignore
        target/
        .git/
        .env*
        data/
        *.pem
        *.key
      `,
    },
    {
      name: 'fix: creates .dockerignore (preferred), the Dockerfile unchanged',
      code: `
        FROM rust:1.82 AS builder
        WORKDIR /app
        COPY . .
        #^^^^^^^ warning
        RUN cargo build --release --locked
      `,
      fixes: ['Create .dockerignore (preferred)'],
      output: `
        //- .dockerignore
        target/
        .git/
        .env*
        data/
        *.pem
        *.key
        //- Dockerfile
        FROM rust:1.82 AS builder
        WORKDIR /app
        COPY . .
        RUN cargo build --release --locked
      `,
    },
    {
      name: 'fix: creates it at the root for docker/Dockerfile built from the root context',
      code: `
        //- docker/Dockerfile
        FROM rust:1
        COPY Cargo.toml ./
        COPY . .
        #^^^^^^^ warning
      `,
      output: `
        //- .dockerignore
        target/
        .git/
        .env*
        data/
        *.pem
        *.key
      `,
    },
    {
      name: 'the fix is not preferred when the Dockerfile copies data/ or a key',
      code: `
        FROM debian:12
        COPY . .
        #^^^^^^^ warning
        COPY data/seed.db /seed.db
      `,
      fixes: ['Create .dockerignore'],
      check: (found) => assert.strictEqual(found[0].fixes[0].preferred, false),
    },
    {
      name: 'the real context from a compose file (build.context: ../): the fix creates the .dockerignore there',
      files: { ...RUST_REPO, '.dockerignore': 'target/\n' },
      code: `
        //- deploy/app/docker-compose.yml
        services:
          app:
            build:
              context: ../
              dockerfile: app/Dockerfile
        //- deploy/app/Dockerfile
        FROM debian:12
        COPY . .
        #^^^^^^^ warning: (\`deploy/\`)
      `,
      output: `
        //- deploy/.dockerignore
        target/
        .git/
        .env*
        data/
        *.pem
        *.key
      `,
    },
  ],
  valid: [
    {
      name: 'the real context from a compose file (build.context: ../) has a .dockerignore, the Dockerfile\'s directory none',
      code: `
        //- deploy/.dockerignore
        target/
        //- deploy/app/docker-compose.yml
        services:
          app:
            build:
              context: ../
              dockerfile: app/Dockerfile
        //- deploy/app/Dockerfile
        FROM rust:1.82
        COPY . .
      `,
    },
    {
      name: 'the real context from a CI step (docker build -f docker/Dockerfile . in a working-directory) has a .dockerignore',
      code: `
        //- .github/workflows/release.yml
        on: push
        jobs:
          image:
            runs-on: ubuntu-latest
            steps:
              - run: docker buildx build --push -t acme/api:1 -f docker/Dockerfile .
                working-directory: services/api
        //- services/api/.dockerignore
        target/
        //- services/api/docker/Dockerfile
        FROM rust:1.82
        COPY . .
      `,
    },
    {
      name: 'the real context from a GitLab job script (any CI system the shared CI reading knows) has a .dockerignore',
      code: `
        //- .gitlab-ci.yml
        image-build:
          image: docker:27
          script:
            - docker build -f images/api/Dockerfile -t acme/api:1 .
        //- .dockerignore
        target/
        //- images/api/Dockerfile
        FROM rust:1.82
        COPY . .
      `,
    },
    {
      name: 'the real context from docker/build-push-action has a .dockerignore',
      code: `
        //- .github/workflows/release.yml
        on: push
        jobs:
          image:
            runs-on: ubuntu-latest
            steps:
              - uses: docker/build-push-action@v6
                with:
                  context: .
                  file: images/api/Dockerfile
                  tags: acme/api:latest
        //- .dockerignore
        target/
        //- images/api/Dockerfile
        FROM rust:1.82
        COPY . .
      `,
    },
    {
      name: 'a .dockerignore in the context',
      files: { '.dockerignore': 'target/\n' },
      code: `
        FROM rust:1.82 AS builder
        WORKDIR /app
        COPY . .
        RUN cargo build --release --locked
      `,
    },
    {
      name: 'a <Dockerfile>.dockerignore',
      files: { 'Dockerfile.dockerignore': 'target/\n' },
      code: `
        FROM rust:1.82 AS builder
        WORKDIR /app
        COPY . .
        RUN cargo build --release --locked
      `,
    },
    {
      name: 'a docker/Dockerfile built from the root context, with the root .dockerignore',
      files: { 'Cargo.lock': '', '.dockerignore': 'target/\n' },
      code: `
        //- docker/Dockerfile
        FROM rust:1
        COPY Cargo.toml Cargo.lock ./
        COPY . .
      `,
    },
    {
      name: 'COPY of named paths, COPY --from=<stage> . .',
      code: `
        FROM rust:1
        COPY src src
        COPY Cargo.toml ./
        FROM debian:12
        COPY --from=0 /app .
      `,
    },
  ],
});
