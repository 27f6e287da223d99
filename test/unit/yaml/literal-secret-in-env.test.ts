import { ruleTester } from '../../helpers/ruleTester';

ruleTester('literal-secret-in-env', {
  path: 'docker-compose.yml',
  invalid: [
    {
      name: 'audit profile: a throw-away default of a service container (seed 004: POSTGRES_PASSWORD equal to the user) is hygiene',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        //- docker-compose.yml
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: synctv
              POSTGRES_PASSWORD: synctv
        #                        ^^^^^^ error: [hygiene] \`POSTGRES_PASSWORD\` in compose service \`db\` is set to a literal secret (a throw-away default
          cache:
            image: redis:7
            environment:
              - REDIS_PASSWORD=redis
        #       ^^^^^^^^^^^^^^^^^^^^ error: [hygiene]
      `,
    },
    {
      name: 'compose map and list forms (seed 004: JWT_SECRET), on the value',
      code: `
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: synctv
              POSTGRES_PASSWORD: Qm7vTz2pLx
        #                        ^^^^^^^^^^ error: \`POSTGRES_PASSWORD\` in compose service \`db\` is set to a literal secret
          app:
            image: app:1
            environment:
              - RUST_LOG=info
              - JWT_SECRET=super-secret-jwt-key
        #       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`JWT_SECRET\` in compose service \`app\` is set to a literal secret
              - "API_KEY=abc123"
        #       ^^^^^^^^^^^^^^^^ error: \`API_KEY\` in compose service \`app\` is set to a literal secret
      `,
    },
    {
      name: 'k8s env value in containers and initContainers; numbers count as literals',
      code: `
        //- k8s/d.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              initContainers:
              - name: migrate
                image: synctv:1.0
                env:
                - {name: DATABASE_PASSWORD, value: hunter2}
        #                                          ^^^^^^^ error: \`DATABASE_PASSWORD\` in the init container \`migrate\` of Deployment \`synctv\`
              containers:
              - name: synctv
                image: synctv:1.0
                env:
                - name: SYNCTV__JWT_SECRET
                  value: "change-me"
        #                ^^^^^^^^^^^ error: \`SYNCTV__JWT_SECRET\` in the container \`synctv\` of Deployment \`synctv\` is set to a literal secret
                - name: DB_PASSWORD
                  value: 1234
        #                ^^^^ error: \`DB_PASSWORD\` in the container \`synctv\` of Deployment \`synctv\` is set to a literal secret
      `,
    },
    {
      name: 'compose environment merged from an anchor, once',
      code: `
        //- compose.yaml
        x-env: &env
          REDIS_PASSWORD: hunter2
        #                 ^^^^^^^ error: \`REDIS_PASSWORD\` in compose service \`a\` is set to a literal secret
        services:
          a:
            image: a:1
            environment:
              <<: *env
          b:
            image: b:1
            environment: *env
      `,
    },
    {
      name: 'extra names when configured',
      files: { '.readiness.toml': '[rules.literal-secret-in-env]\nnames = ["pin"]\n' },
      code: `
        services:
          a:
            image: a:1
            environment:
              LICENSE_PIN: 1234
        #                  ^^^^ error: \`LICENSE_PIN\` in compose service \`a\` is set to a literal secret
      `,
    },
    {
      name: 'fix: compose map form → "${NAME:?set NAME}", comment kept (not preferred)',
      code: `
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: synctv # dev only
        #                        ^^^^^^ error: \`POSTGRES_PASSWORD\` in compose service \`db\`
      `,
      output: `
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: "\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}" # dev only
      `,
      fixes: ['(not preferred)'],
    },
    {
      name: 'fix: compose list form → "NAME=${NAME:?set NAME}"',
      code: `
        services:
          app:
            image: a:1
            environment:
            - JWT_SECRET=super-secret-jwt-key
        #     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`JWT_SECRET\` in compose service \`app\`
            - RUST_LOG=info
      `,
      output: `
        services:
          app:
            image: a:1
            environment:
            - "JWT_SECRET=\${JWT_SECRET:?set JWT_SECRET}"
            - RUST_LOG=info
      `,
    },
    {
      name: 'fix: k8s value → valueFrom.secretKeyRef at the key column, in a multi-document file',
      code: `
        //- k8s/d.yaml
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
                image: synctv:1.0
                env:
                - name: SYNCTV__JWT_SECRET
                  value: "change-me-in-production"
        #                ^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`SYNCTV__JWT_SECRET\` in the container \`synctv\` of Deployment \`synctv\` is set to a literal secret
                - name: RUST_LOG
                  value: info
      `,
      output: `
        //- k8s/d.yaml
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
                image: synctv:1.0
                env:
                - name: SYNCTV__JWT_SECRET
                  valueFrom:
                    secretKeyRef:
                      name: synctv-secrets
                      key: synctv-jwt-secret
                - name: RUST_LOG
                  value: info
      `,
    },
    {
      name: 'fix: k8s with 4-space indentation keeps the unit',
      code: `
        //- pod.yaml
        apiVersion: v1
        kind: Pod
        metadata:
            name: p
        spec:
            containers:
                - name: c
                  image: c:1
                  env:
                      - name: API_KEY
                        value: abc
        #                      ^^^ error: \`API_KEY\` in the container \`c\` of Pod \`p\` is set to a literal secret
      `,
      output: `
        //- pod.yaml
        apiVersion: v1
        kind: Pod
        metadata:
            name: p
        spec:
            containers:
                - name: c
                  image: c:1
                  env:
                      - name: API_KEY
                        valueFrom:
                            secretKeyRef:
                                name: p-secrets
                                key: api-key
      `,
    },
  ],
  valid: [
    {
      name: 'throw-away defaults of service containers, and flags that are not secrets (ALLOW_EMPTY_PASSWORD: "yes")',
      code: `
        //- docker-compose.yml
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_USER: app
              POSTGRES_PASSWORD: app
          mq:
            image: rabbitmq:3
            environment:
              RABBITMQ_DEFAULT_PASS: guest
          legacy:
            image: bitnami/redis:7
            environment:
              ALLOW_EMPTY_PASSWORD: "yes"
      `,
    },
    {
      name: 'CI service containers (Woodpecker services, GitLab services) use throw-away passwords: CI, not a deployment',
      code: `
        //- .woodpecker.yml
        services:
          database:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: ci-password
        steps:
          test:
            image: rust:1.82
            commands:
              - cargo test --locked
      `,
    },
    {
      name: 'interpolation, $(VAR), secretKeyRef, *_FILE, /run/secrets paths, empty and pass-through values, non-secret names',
      code: `
        //- docker-compose.yml
        services:
          app:
            image: a:1
            environment:
              JWT_SECRET: \${JWT_SECRET}
              DB_PASSWORD: "\${DB_PASSWORD:?set it}"
              API_TOKEN: $API_TOKEN
              POSTGRES_PASSWORD_FILE: /run/secrets/db
              SESSION_SECRET: ""
              TOKEN_TTL: 3600
              PASSWORD_MIN_LENGTH: 12
              SECRET_KEY:
          b:
            image: b:1
            environment:
              - JWT_SECRET
              - SMTP_PASSWORD=\${SMTP_PASSWORD}
        //- k8s/d.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
                image: synctv:1.0
                env:
                - name: JWT_SECRET
                  valueFrom:
                    secretKeyRef: {name: s, key: k}
                - name: API_KEY
                  value: $(OTHER_VAR)
                - name: TOKEN_FILE
                  value: /var/run/secrets/token
                - name: RUST_LOG
                  value: info
      `,
    },
    {
      name: 'env-looking keys in workflows and other YAML',
      code: `
        //- .github/workflows/ci.yml
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            env:
              API_TOKEN: abc
            steps: []
        //- config.yaml
        environment:
          PASSWORD: x
      `,
    },
    {
      name: 'names outside the built-in list without configuration',
      code: `
        services:
          a:
            image: a:1
            environment:
              LICENSE_PIN: 1234
      `,
    },
  ],
});
