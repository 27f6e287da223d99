import { manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('insecure-config-default', {
  files: { 'Cargo.toml': manifest('') },
  invalid: [
    {
      name: 'the seed config: auth_token = "devtoken" and db_key = "" (encryption-at-rest message), on the value',
      code: `
        //- config.toml
        # Example server configuration
        listen = "0.0.0.0:7000"
        auth_token = "devtoken"
        #            ^^^^^^^^^^ error: placeholder "devtoken"
        db_key = ""
        #        ^^ error: empty key disables encryption at rest
        db_path = "data/chat.db"
      `,
    },
    {
      name: 'nested tables, inline tables, any app config name and placeholder forms',
      code: `
        //- deploy/settings.toml
        [database]
        password = "changeme"
        #          ^^^^^^^^^^ error: \`password\` is set to the placeholder "changeme"

        [auth]
        jwt = { secret = "your_jwt_secret_here" }
        #                ^^^^^^^^^^^^^^^^^^^^^^ error: \`secret\` is set to the placeholder
        api_key = "xxxxxx"
        #         ^^^^^^^^ error: \`api_key\` is set to the placeholder
        admin_password = "admin"
        #                ^^^^^^^ error: \`admin_password\` is set to the placeholder
        client_secret = "<client-secret>"
        #               ^^^^^^^^^^^^^^^^^ error: \`client_secret\` is set to the placeholder
      `,
    },
    {
      name: '.env, *.env and .env.example files; an empty value (on the key, it has no width) only outside templates',
      code: `
        //- .env
        AUTH_TOKEN=devtoken
        #          ^^^^^^^^ error: \`AUTH_TOKEN\` is set to the placeholder "devtoken"
        DB_PASSWORD=
        #^^^^^^^^^^ error: \`DB_PASSWORD\` is empty
        //- deploy/prod.env
        export API_KEY="changeme"
        #              ^^^^^^^^^^ error: \`API_KEY\` is set to the placeholder
        //- .env.example
        SESSION_SECRET=changeme
        #              ^^^^^^^^ error: \`SESSION_SECRET\` is set to the placeholder
        DATABASE_PASSWORD=
      `,
    },
    {
      name: 'extra secret names from [rules.insecure-config-default] names',
      files: { '.readiness.toml': '[rules.insecure-config-default]\nnames = ["unlock_code"]\n' },
      code: `
        //- app.toml
        pin = "0000"
        unlock_code = "test"
        #             ^^^^^^ error: \`unlock_code\` is set to the placeholder "test"
      `,
    },
  ],
  valid: [
    {
      name: 'real-looking values, non-secret keys, \${VAR} references',
      code: `
        //- config.toml
        auth_token = "k8J2mQ9x-Lw3pZr7"
        token_ttl = "test"
        password_file = ""
        mode = "test"
        secret = "\${APP_SECRET}"
        name = "admin"
      `,
    },
    {
      name: 'a name that is not a secret name without [rules.insecure-config-default] names',
      code: `
        //- app.toml
        pin = "0000"
        unlock_code = "test"
      `,
    },
    {
      name: 'tool manifests: Cargo.toml, deny.toml, rustfmt.toml, clippy.toml, rust-toolchain.toml, .cargo/config.toml; tests and fixtures',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"
        edition = "2021"

        [dependencies]

        [package.metadata.x]
        password = "changeme"
        //- deny.toml
        password = "changeme"
        //- rustfmt.toml
        password = "changeme"
        //- clippy.toml
        password = "changeme"
        //- rust-toolchain.toml
        password = "changeme"
        //- .cargo/config.toml
        password = "changeme"
        //- tests/fixtures/config.toml
        password = "changeme"
        //- crates/a/tests/app.toml
        password = "changeme"
        //- testdata/.env
        TOKEN=devtoken
      `,
    },
  ],
});
