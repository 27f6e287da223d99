import { manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('credentials-in-url', {
  path: 'config.toml',
  files: { 'Cargo.toml': manifest('') },
  invalid: [
    {
      name: 'JSON and HJSON app config (config.json, settings.hjson)',
      code: `
        //- config/settings.json
        { "database": { "url": "postgres://svc:n8Rk2pQ4@db.example.com/svc" } }
        //                                 ^^^^^^^^^^^^ warning: postgres URL embeds the password of \`svc\`
        //- deploy/app.hjson
        {
          # the cache
          redis: redis://cache:Zq81vT3e@cache.example.com:6379
          //             ^^^^^^^^^^^^^^ warning: redis URL embeds the password of \`cache\`
        }
      `,
    },
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
      name: 'YAML: a compose file naming a remote host, k8s env values (the deployment itself, even with guest:guest)',
      code: `
        //- docker-compose.yml
        services:
          app:
            environment:
              DATABASE_URL: "postgres://app:Vq7t2Lm9@db.prod.example.com:5432/app"
        #                               ^^^^^^^^^^^^ warning: postgres URL embeds the password of \`app\`
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
      name: 'YAML: compose environment list form, to a remote host',
      code: `
        //- compose.yaml
        services:
          app:
            environment:
              - "REDIS_URL=redis://default:pw@cache.internal.example.com:6379"
        #                          ^^^^^^^^^^ warning: redis URL embeds the password of \`default\`
      `,
    },
    {
      name: '.env files, app config YAML',
      code: `
        //- .env
        DATABASE_URL=mysql://app:Zp4kWq81@mysql.example.net/app
        #                    ^^^^^^^^^^^^ warning: mysql URL embeds the password of \`app\`
        //- config/settings.yaml
        database:
          url: postgres://svc:n8Rk2pQ4@10.0.3.7:5432/svc
        #                 ^^^^^^^^^^^^ warning: postgres URL embeds the password of \`svc\`
      `,
    },
    {
      name: 'Rust: a credential compiled into an `impl Default for …Config`, to a remote host',
      code: `
        //- src/config.rs
        pub struct DatabaseConfig { pub url: String, pub pool: u32 }
        impl Default for DatabaseConfig {
            fn default() -> Self {
                Self { url: "postgres://svc:n8Rk2pQ4@db.example.com/svc".to_string(), pool: 10 }
        //                              ^^^^^^^^^^^^ warning: compiled into the \`DatabaseConfig\` default embeds the password of \`svc\`
            }
        }
      `,
    },
    {
      name: 'audit profile: throw-away credentials (well-known or user-named passwords, local or compose hosts in dev/example/default/compose files) are hygiene',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        //- docker-compose.yml
        services:
          app:
            environment:
              DATABASE_URL: "postgres://app:app_pw@postgres:5432/app"
        #                               ^^^^^^^^^^ warning: [hygiene]
        //- .env
        DATABASE_URL=mysql://root:root@localhost/app
        #                    ^^^^^^^^^ warning: [hygiene]
        //- config/config.example.toml
        url = "postgresql://synctv:synctv@localhost:5432/synctv"
        #                   ^^^^^^^^^^^^^ warning: [hygiene]
        //- server/config.default.toml
        db_dsn = "postgresql://postgres:postgres@pgbouncer/postgres"
        #                      ^^^^^^^^^^^^^^^^^ warning: [hygiene]
        //- .env.example
        REDIS_URL=redis://chat:chatpass@localhost:6379/0
        #                 ^^^^^^^^^^^^^ warning: [hygiene]
      `,
    },
    {
      name: 'Rust: a credential compiled into a default stays in the default profile even for localhost: a deployment that forgets the setting uses it',
      code: `
        //- src/config.rs
        pub struct DatabaseConfig { pub url: String }
        impl Default for DatabaseConfig {
            fn default() -> Self { Self { url: String::from("postgresql://synctv:synctv@localhost:5432/synctv") } }
        //                                                                ^^^^^^^^^^^^^ warning: compiled into the \`DatabaseConfig\` default
        }
      `,
    },
  ],
  valid: [
    {
      name: '${VAR} and other placeholders, user@host without password, plain URLs',
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
      name: 'default profile: throw-away credentials of local services in compose, .env and example files are not reported',
      code: `
        //- docker-compose.yml
        services:
          app:
            environment:
              DATABASE_URL: "postgres://app:app_pw@postgres:5432/app"
        //- server/development.env
        SVIX_RABBIT_DSN="amqp://xivs:xivs@127.0.0.1:5672/%2f"
        //- config/config.example.toml
        url = "postgresql://synctv:synctv@localhost:5432/synctv"
      `,
    },
    {
      name: 'Rust: string literals outside config defaults, and in test code',
      code: `
        //- src/main.rs
        fn main() { let _ = "postgres://svc:n8Rk2pQ4@db.example.com/svc"; }
        #[cfg(test)]
        mod tests {
            struct TestConfig { url: String }
            impl Default for TestConfig {
                fn default() -> Self { Self { url: "postgres://svc:n8Rk2pQ4@db.example.com/svc".into() } }
            }
        }
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
