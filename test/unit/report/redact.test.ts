import * as assert from 'assert';
import { entropy, looksLikeSecret, redactCodeLine, redactSecrets, secretShape } from '../../../server/src/report/redact';
import { buildReportModel } from '../../../server/src/report/model';
import { createBaseline } from '../../../server/src/report/baseline';
import { codeLines, diag, meta, resultsOf } from '../../helpers/report';

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GITHUB_TOKEN = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('report secret redaction', () => {
  it('shows a real-looking secret by its shape: first characters and length', () => {
    assert.strictEqual(secretShape(AWS_SECRET, '"'), '"wJal…" (40 chars)');
    assert.strictEqual(redactSecrets(`aws_secret_access_key = "${AWS_SECRET}"`, 'toml'), 'aws_secret_access_key = "wJal…" (40 chars)');
    assert.strictEqual(redactSecrets(`AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, 'sh'), 'AWS_SECRET_ACCESS_KEY=wJal… (40 chars)');
    assert.strictEqual(redactSecrets(`      GITHUB_TOKEN: ${GITHUB_TOKEN}`, 'yaml'), '      GITHUB_TOKEN: ghp_… (40 chars)');
    assert.strictEqual(redactSecrets(`const API_KEY: &str = "sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}";`, 'rust'), 'const API_KEY: &str = "sk_l…" (32 chars);');
    assert.strictEqual(redactSecrets(`ENV SIGNING_KEY=${'9f86d081884c7d659a2feaa0c55ad015'} PORT=8080`, 'dockerfile'), 'ENV SIGNING_KEY=9f86… (32 chars) PORT=8080');
  });

  it('finds known token formats anywhere, also under names that do not say secret', () => {
    assert.strictEqual(redactSecrets(`      value: "${GITHUB_TOKEN}"`, 'yaml'), '      value: "ghp_…" (40 chars)');
    assert.strictEqual(redactSecrets(`Authorization: Bearer ${JWT}`, 'yaml'), `Authorization: Bearer eyJh… (${JWT.length} chars)`);
    assert.strictEqual(redactSecrets(`let h = format!("Bearer ${JWT}");`, 'rust'), `let h = format!("Bearer eyJh… (${JWT.length} chars)");`);
    assert.strictEqual(redactSecrets('key = "AKIAIOSFODNN7EXAMPLE"', 'toml'), 'key = "AKIA…" (20 chars)');
  });

  it('shows names, keys, references, placeholders and short or word-like values as they are', () => {
    for (const [code, lang] of [
      ['auth_token = "devtoken"', 'toml'], ['db_key = ""', 'toml'], ['ENV JWT_SECRET=changeme', 'dockerfile'],
      ['API_TOKEN: ${API_TOKEN:?set API_TOKEN}', 'yaml'], ['password: "{{ .Values.password }}"', 'yaml'],
      ['api_key = "your_api_key_here"', 'toml'], ['let t = env::var("API_TOKEN").unwrap_or("devtoken".into());', 'rust'],
      ['port = 8080', 'toml'], ['name: app', 'yaml'], ['      POSTGRES_PASSWORD: watch', 'yaml'],
      ['    "insecure_default_secret".to_string()', 'rust'], ['JWT_SECRET: super-secret-jwt-key', 'yaml'],
      ['private_key_path = "./keys/jwt_private.pem"', 'toml'], ['header = "X-Api-Key"', 'toml'], ['settings_key = "auth.session.secret"', 'toml'],
      ['let token = req.token.clone();', 'rust'], ['tracing::info!(token = %token, "login");', 'rust'], ['let secret = load_secret()?;', 'rust'],
      ['url = "postgres://watch:hunter2@db:5432/watch"', 'toml'], ['REDIS_URL: redis://:pw0rd@cache:6379', 'yaml'],
      ['url = "postgres://app:${DB_PASSWORD}@db/app"', 'toml'], ['description = "Connects to the primary database cluster"', 'toml'],
      // Long, varied, and still not keys: action and image refs, format strings, log directives.
      ['      - uses: dtolnay/rust-toolchain@4f647fc679bcd3b11499ccb42104547c83dabe96', 'yaml'], ['FROM localhost:5000/app/builder:1.81', 'dockerfile'],
      ['    .add_directive("sqlx::query=warn".parse().unwrap());', 'rust'], ['    uses: astral-sh/setup-uv@v5', 'yaml'],
      ['xiu = { git = "https://github.com/harlanc/xiu.git", rev = "4f647fc679bcd3b11499ccb42104547c83dabe96" }', 'toml'],
    ]) assert.strictEqual(redactSecrets(code, lang), code, code);
  });

  it('judges values where the context says secret with a lower bar (secret-named keys, URL passwords, literal-secret findings)', () => {
    assert.strictEqual(redactSecrets('db_password = "Xk9#mQ2vLp"', 'toml'), 'db_password = "Xk9#…" (10 chars)');
    assert.strictEqual(redactSecrets('note = "Xk9#mQ2vLp"', 'toml'), 'note = "Xk9#mQ2vLp"');
    assert.strictEqual(redactSecrets('url = "postgres://app:Zt7pQ2xWm9Lk@db/app"', 'toml'), 'url = "postgres://app:Zt7p… (12 chars)@db/app"');
    assert.strictEqual(redactCodeLine('literal-secret-in-env', 'k8s/deployment.yaml', '              value: "Zt7pQ2xWm9Lk"'), '              value: "Zt7p…" (12 chars)');
    assert.strictEqual(redactCodeLine('panic-in-production', 'k8s/deployment.yaml', '              value: "Zt7pQ2xWm9Lk"'), '              value: "Zt7pQ2xWm9Lk"');
    assert.strictEqual(redactCodeLine('hardcoded-secret', 'src/main.rs', '    .unwrap_or_else(|_| "f3A9kQ7zLm2P".into());'), '    .unwrap_or_else(|_| "f3A9…" (12 chars).into());');
    assert.strictEqual(redactCodeLine('literal-secret-in-env', 'k8s/deployment.yaml', '            - name: DB_PASSWORD'), '            - name: DB_PASSWORD');
  });

  it('measures entropy in bits per character', () => {
    assert.strictEqual(entropy('aaaa'), 0);
    assert.strictEqual(entropy('abcd'), 2);
    assert.ok(looksLikeSecret(AWS_SECRET) && !looksLikeSecret('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'));
  });

  it('applies to the report and the baseline', () => {
    const files = { 'config.toml': `auth_token = "${AWS_SECRET}"\n` };
    const results = resultsOf([diag('insecure-config-default', 'config.toml', 1, 'P0')]);
    const model = buildReportModel({ workspace: 'w', results, rules: [meta('insecure-config-default', 'P0', 'Security')], codeLine: codeLines(files), version: '0' });
    assert.strictEqual(model.findings[0].code, 'auth_token = "wJal…" (40 chars)');
    const b = createBaseline([...results.values()].flat(), codeLines(files));
    assert.strictEqual(b.entries[0].code, 'auth_token = "wJal…" (40 chars)');
    assert.ok(!JSON.stringify(b).includes(AWS_SECRET.slice(4)));
  });
});
