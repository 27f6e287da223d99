import { manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('credentials-in-url', {
  path: 'config.toml',
  files: { 'Cargo.toml': manifest('') },
  invalid: [
    {
      name: 'TOML: database URLs with user:password, on the user:password part',
      code: `
        [database]
        url = "postgres://synctv:hunter2@db:5432/synctv"
        #                 ^^^^^^^^^^^^^^ warning: postgres URL embeds the password of \`synctv\`
        replicas = ["redis://:s3cret@cache:6379/0"]
        #                    ^^^^^^^ warning: redis URL embeds a password
      `,
    },
    {
      name: 'YAML: compose environment map and k8s env values',
      code: `
        //- docker-compose.yml
        services:
          app:
            environment:
              DATABASE_URL: "postgres://app:app_pw@postgres:5432/app"
        #                               ^^^^^^^^^^ warning: postgres URL embeds the password of \`app\`
              REDIS_URL: redis://default:pw@redis:6379
        #                        ^^^^^^^^^^ warning: redis URL embeds the password of \`default\`
        //- k8s/pod.yaml
        apiVersion: v1
        kind: Pod
        spec:
          containers:
            - name: a
              env:
                - name: AMQP_URL
                  value: "amqp://guest:guest@rabbit:5672/"
        #                        ^^^^^^^^^^^ warning: amqp URL embeds the password of \`guest\`
      `,
    },
    {
      name: 'YAML: compose environment list form',
      code: `
        //- compose.yaml
        services:
          app:
            environment:
              - "REDIS_URL=redis://default:pw@redis:6379"
        #                          ^^^^^^^^^^ warning: redis URL embeds the password of \`default\`
      `,
    },
    {
      name: '.env files',
      code: `
        //- .env
        DATABASE_URL=mysql://root:root@localhost/app
        #                    ^^^^^^^^^ warning: mysql URL embeds the password of \`root\`
      `,
    },
  ],
  valid: [
    {
      name: '\${VAR} and other placeholders, user@host without password, plain URLs',
      code: `
        a = "postgres://app:\${DB_PASSWORD}@db/app"
        b = "postgres://app@db/app"
        c = "https://example.com/path?x=1"
        d = "postgres://app:$PGPASSWORD@db/app"
        e = "postgres://user:<password>@host/db"
        f = "ssh://git@github.com/acme/x"
        g = "postgres://u:{{ .Values.pw }}@db/app"
        h = "not a url: user:pw@host"
      `,
    },
    {
      name: 'CI workflows, test fixtures and Cargo.lock',
      code: `
        //- .github/workflows/ci.yml
        jobs:
          t:
            env:
              DATABASE_URL: postgres://postgres:postgres@localhost:5432/test
        //- .gitlab-ci.yml
        jobs:
          t:
            env:
              DATABASE_URL: postgres://postgres:postgres@localhost:5432/test
        //- tests/fixtures/app.toml
        u = "postgres://a:b@c/d"
        //- Cargo.lock
        version = 4

        [[package]]
        name = "x"
        version = "0.1.0"
        source = "git+https://ci:ghp_token123@github.com/acme/x?branch=main#dffca6e6b8e0a1e2f9ab04a1c5b0e6e7b2b3f0a1"
      `,
    },
  ],
});
