import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('docker-secret-in-env', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'ENV JWT_SECRET=changeme (seed 004), on the key=value',
      code: `
        FROM debian:12
        ENV RUST_LOG=info JWT_SECRET=changeme
        #                 ^^^^^^^^^^^^^^^^^^^ error: \`ENV JWT_SECRET\` sets a secret to a literal value: it is stored in the image config (\`docker inspect\`)
      `,
    },
    {
      name: 'legacy ENV form, quoted values, ARG defaults, initial ARGs',
      code: `
        ARG NPM_TOKEN=npm_abc
        #   ^^^^^^^^^^^^^^^^^ error: \`ARG NPM_TOKEN\` sets a secret to a literal value: it is stored in the build history (\`docker history\`)
        FROM debian:12
        ENV DB_PASSWORD hunter2
        #   ^^^^^^^^^^^^^^^^^^^ error: \`ENV DB_PASSWORD\`
        ENV API_KEY="abc def"
        #   ^^^^^^^^^^^^^^^^^ error: \`ENV API_KEY\`
        ARG GITHUB_TOKEN=ghp_x
        #   ^^^^^^^^^^^^^^^^^^ error: \`ARG GITHUB_TOKEN\`
      `,
    },
    {
      name: 'a ${X:-default} fallback bakes the default in',
      code: `
        FROM debian:12
        ARG SECRET
        ENV APP_SECRET=\${SECRET:-devsecret}
        #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: \`ENV APP_SECRET\`
      `,
    },
    {
      name: 'extra names from [rules.docker-secret-in-env] names',
      files: { '.readiness.toml': '[rules.docker-secret-in-env]\nnames = ["pin"]\n' },
      code: `
        FROM debian:12
        ENV ADMIN_PIN=1234
        #   ^^^^^^^^^^^^^^ error: \`ENV ADMIN_PIN\`
      `,
    },
  ],
  valid: [
    {
      name: 'ARG without default, empty values, variable references, secrets-file paths',
      code: `
        FROM debian:12
        ARG TOKEN
        ARG PASSWORD=""
        ENV JWT_SECRET=$JWT_SECRET
        ENV API_TOKEN=\${API_TOKEN}
        ENV DB_PASSWORD=\${DB_PASSWORD:?required}
        ENV SESSION_SECRET=/run/secrets/session
      `,
    },
    {
      name: 'names that are not secrets: *_FILE, *_PATH, token counts, tokenizer',
      code: `
        FROM debian:12
        ENV JWT_SECRET_FILE=/etc/jwt JWT_SECRET_PATH=/etc/x MAX_TOKENS=100 TOKENIZER=bpe TOKEN_TTL=3600
      `,
    },
  ],
});
