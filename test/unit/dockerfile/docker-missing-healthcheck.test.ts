import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

/** A production compose file that builds the root Dockerfile and runs it without a health check. */
const COMPOSE = { 'docker-compose.yml': 'services:\n  api:\n    build: .\n    ports: ["8080:8080"]\n' };
const AUDIT = { '.readiness.toml': 'profile = "audit"\n' };

ruleTester('docker-missing-healthcheck', {
  path: 'Dockerfile',
  // Unless a case says otherwise, the root Dockerfile is run by a production compose service.
  files: { ...RUST_REPO, ...COMPOSE },
  invalid: [
    {
      name: 'EXPOSE without HEALTHCHECK in the final stage that a compose service runs, on EXPOSE',
      code: `
        FROM rust:1.82 AS builder
        HEALTHCHECK CMD true
        FROM debian:12
        EXPOSE 8080 50051
        #^^^^^^^^^^^^^^^^ info: \`8080 50051\`
        CMD ["app"]
      `,
    },
    {
      name: 'several EXPOSE lines: reported once, on the first, naming every port',
      code: `
        FROM debian:11-slim
        EXPOSE 6333
        #^^^^^^^^^^ info: \`6333 6334\`
        EXPOSE 6334
        ENTRYPOINT ["./qdrant"]
      `,
    },
    {
      name: 'a compose service building the Dockerfile through build.context/dockerfile, relative to the compose file',
      code: `
        //- deploy/compose.yaml
        services:
          db:
            image: postgres:16
            healthcheck:
              test: ["CMD", "pg_isready"]
          api:
            build:
              context: ../
              dockerfile: docker/api.Dockerfile
            depends_on: [db]
        //- docker/api.Dockerfile
        FROM debian:12
        EXPOSE 8080
        #^^^^^^^^^^ info: Compose service \`api\` (deploy/compose.yaml) runs it without a \`healthcheck:\`
        CMD ["app"]
      `,
    },
    {
      name: 'a compose service running the image a CI step builds (docker build -t)',
      code: `
        //- .github/workflows/release.yml
        on: push
        jobs:
          image:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  docker build \\
                    -t ghcr.io/acme/api:\${{ github.sha }} \\
                    -f docker/Dockerfile .
        //- docker-compose.yml
        services:
          api:
            image: ghcr.io/acme/api:latest
        //- docker/Dockerfile
        FROM debian:12
        EXPOSE 8080
        #^^^^^^^^^^ info: Compose service \`api\`
      `,
    },
    {
      name: 'the audit profile keeps the hygiene cases: no compose service runs the image (a scratch one either)',
      files: { ...RUST_REPO, ...AUDIT },
      code: `
        //- api/Dockerfile
        FROM debian:12
        EXPOSE 8080
        #^^^^^^^^^^ info: [hygiene] The image exposes
        //- scratch/Dockerfile
        FROM scratch
        EXPOSE 8080
        #^^^^^^^^^^ info: [hygiene] The image exposes \`8080\`
        CMD ["/app"]
      `,
    },
    {
      name: 'a scratch or distroless image a compose service runs without a healthcheck is the runtime image: judged in the default profile, with the no-shell advice',
      code: `
        //- scratch/Dockerfile
        FROM rust:1.82 AS builder
        FROM scratch
        COPY --from=builder /app /app
        EXPOSE 8000
        #^^^^^^^^^^ info: The image has no shell or curl: give the binary a \`--health\` mode
        USER 1000:1000
        //- scratch/docker-compose.yml
        services:
          app:
            build: .
            command: ["/app"]
        //- distroless/Dockerfile
        FROM gcr.io/distroless/static-debian12:nonroot
        EXPOSE 9000
        #^^^^^^^^^^ info: Compose service \`web\` (docker-compose.yml) runs it without a \`healthcheck:\`
        CMD ["/app"]
      `,
      files: { ...RUST_REPO, 'docker-compose.yml': 'services:\n  web:\n    build: distroless\n' },
    },
  ],
  valid: [
    {
      name: 'no compose service runs the image (it runs on an orchestrator that probes it): hygiene',
      code: `
        //- api/Dockerfile
        FROM debian:12
        EXPOSE 8080
        CMD ["app"]
      `,
    },
    {
      name: 'the compose service declares its own healthcheck',
      code: `
        //- server/docker-compose.yml
        services:
          backend:
            build:
              context: .
              dockerfile: Dockerfile
            healthcheck:
              test: ["CMD-SHELL", "server healthcheck http://localhost:8071"]
        //- server/Dockerfile
        FROM debian:12
        EXPOSE 8071
        CMD ["server"]
      `,
    },
    {
      name: 'a scratch or distroless final image that no compose service runs (Kubernetes probes it): hygiene',
      files: { ...RUST_REPO, 'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec: {template: {spec: {containers: [{name: app, image: org/app:1.0}]}}}\n' },
      code: `
        //- app/Dockerfile
        FROM rust:1.82 AS builder
        FROM gcr.io/distroless/cc-debian12
        COPY --from=builder /app /app
        EXPOSE 8000
        CMD ["/app"]
      `,
    },
    {
      name: 'only a dev compose file runs it (docker-compose.dev.yml, an override)',
      code: `
        //- api/docker-compose.dev.yml
        services:
          api:
            build: .
        //- api/compose.override.yml
        services:
          api:
            build: .
        //- api/Dockerfile
        FROM debian:12
        EXPOSE 8080
      `,
    },
    {
      name: 'an intermediate base image (Dockerfile.base)',
      files: { ...RUST_REPO, 'docker-compose.yml': 'services:\n  base:\n    build:\n      context: .\n      dockerfile: Dockerfile.base\n' },
      code: `
        //- Dockerfile.base
        FROM debian:12
        EXPOSE 8080
      `,
    },
    {
      name: 'a multi-line HEALTHCHECK',
      code: `
        FROM debian:12
        EXPOSE 8080
        HEALTHCHECK --interval=30s --timeout=3s \\
          CMD curl -f http://localhost:8080/health/ready || exit 1
      `,
    },
    {
      name: 'HEALTHCHECK NONE',
      code: `
        FROM debian:12
        EXPOSE 8080
        HEALTHCHECK NONE
      `,
    },
    {
      name: 'a HEALTHCHECK inherited from a parent stage',
      code: `
        FROM debian:12 AS base
        HEALTHCHECK CMD ["app", "--health"]
        FROM base
        EXPOSE 8080
      `,
    },
    {
      name: 'a readiness-ignore-next-line suppression',
      code: `
        FROM debian:12
        # readiness-ignore-next-line docker-missing-healthcheck -- probed by Kubernetes
        EXPOSE 8080
      `,
    },
    {
      name: 'no EXPOSE (a worker or a job)',
      code: `
        FROM debian:12
        CMD ["worker"]
      `,
    },
    {
      name: 'EXPOSE only in a builder stage',
      code: `
        FROM rust:1 AS b
        EXPOSE 1
        FROM debian:12
        CMD ["x"]
      `,
    },
  ],
});
