import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('docker-missing-healthcheck', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'EXPOSE without HEALTHCHECK in the final stage, on EXPOSE',
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
  ],
  valid: [
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
