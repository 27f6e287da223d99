import * as assert from 'assert';
import { redactCodeLine, redactSecrets } from '../../../server/src/report/redact';
import { buildReportModel } from '../../../server/src/report/model';
import { createBaseline } from '../../../server/src/report/baseline';
import { codeLines, diag, meta, resultsOf } from '../../helpers/report';

describe('report secret redaction', () => {
  it('masks the value of secret-named keys in config, env, compose and Dockerfiles', () => {
    assert.strictEqual(redactSecrets('auth_token = "s3cr3t-4f9a"', 'toml'), 'auth_token = "****"');
    assert.strictEqual(redactSecrets('JWT_SECRET=4f9a8b7c6d', 'sh'), 'JWT_SECRET=****');
    assert.strictEqual(redactSecrets('      DB_PASSWORD: hunter2real', 'yaml'), '      DB_PASSWORD: ****');
    assert.strictEqual(redactSecrets('      - API_KEY=abcd1234efgh', 'yaml'), '      - API_KEY=****');
    assert.strictEqual(redactSecrets('ENV API_TOKEN=abcd1234efgh PORT=8080', 'dockerfile'), 'ENV API_TOKEN=**** PORT=8080');
    assert.strictEqual(redactSecrets('{"client_secret": "abcd1234"}', 'json'), '{"client_secret": "****"}');
  });

  it('masks literal secrets in Rust, not expressions', () => {
    assert.strictEqual(redactSecrets('    let api_key = "sk_live_51Habc";', 'rust'), '    let api_key = "****";');
    assert.strictEqual(redactSecrets('const API_TOKEN: &str = "abc123def456";', 'rust'), 'const API_TOKEN: &str = "****";');
    assert.strictEqual(redactSecrets("static PASSWORD: &'static str = \"pw-real\";", 'rust'), "static PASSWORD: &'static str = \"****\";");
    assert.strictEqual(redactSecrets('        password: "hunter2real".into(),', 'rust'), '        password: "****".into(),');
    assert.strictEqual(redactSecrets('let token = std::env::var("API_TOKEN").unwrap_or("sk_live_x".to_string());', 'rust'), 'let token = std::env::var("API_TOKEN").unwrap_or("****".to_string());');
    for (const code of ['let token = req.token.clone();', 'tracing::info!(token = %token, "login");', 'if token == expected {', 'let secret = load_secret()?;']) {
      assert.strictEqual(redactSecrets(code, 'rust'), code);
    }
  });

  it('masks URL passwords', () => {
    assert.strictEqual(redactSecrets('url = "postgres://app:hunter2@db:5432/app"', 'toml'), 'url = "postgres://app:****@db:5432/app"');
    assert.strictEqual(redactSecrets('REDIS_URL: redis://:pw0rd@cache:6379', 'yaml'), 'REDIS_URL: redis://:****@cache:6379');
    assert.strictEqual(redactSecrets('see https://example.com/a:b@c', 'rust'), 'see https://example.com/a:b@c');
    assert.strictEqual(redactSecrets('url = "postgres://app:${DB_PASSWORD}@db/app"', 'toml'), 'url = "postgres://app:${DB_PASSWORD}@db/app"');
  });

  it('keeps the evidence: empty values, references, env names, placeholders', () => {
    for (const [code, lang] of [
      ['auth_token = "devtoken"', 'toml'], ['db_key = ""', 'toml'], ['ENV JWT_SECRET=changeme', 'dockerfile'],
      ['API_TOKEN: ${API_TOKEN:?set API_TOKEN}', 'yaml'], ['password: "{{ .Values.password }}"', 'yaml'],
      ['api_key = "your_api_key_here"', 'toml'], ['let t = env::var("API_TOKEN").unwrap_or("devtoken".into());', 'rust'],
      ['port = 8080', 'toml'], ['name: app', 'yaml'],
    ]) assert.strictEqual(redactSecrets(code, lang), code, code);
  });

  it('on lines of literal-secret findings, masks every literal value', () => {
    assert.strictEqual(redactCodeLine('literal-secret-in-env', 'k8s/deployment.yaml', '              value: "xoxb-123-456"'), '              value: "****"');
    assert.strictEqual(redactCodeLine('literal-secret-in-env', 'k8s/deployment.yaml', '            - name: DB_PASSWORD'), '            - name: DB_PASSWORD');
    assert.strictEqual(redactCodeLine('hardcoded-secret', 'src/main.rs', '    .unwrap_or_else(|_| "prod-fallback-key".into());'), '    .unwrap_or_else(|_| "****".into());');
    assert.strictEqual(redactCodeLine('credentials-in-url', '.env.example', 'REDIS_URL=redis://app:pw0rd@cache:6379/0'), 'REDIS_URL=redis://app:****@cache:6379/0');
    assert.strictEqual(redactCodeLine('panic-in-production', 'k8s/deployment.yaml', '              value: "xoxb-123-456"'), '              value: "xoxb-123-456"');
  });

  it('applies to the report and the baseline', () => {
    const files = { 'config.toml': 'auth_token = "tok_9f8e7d6c5b"\n' };
    const results = resultsOf([diag('insecure-config-default', 'config.toml', 1, 'P0')]);
    const model = buildReportModel({ workspace: 'w', results, rules: [meta('insecure-config-default', 'P0', 'Security')], codeLine: codeLines(files), version: '0' });
    assert.strictEqual(model.findings[0].code, 'auth_token = "****"');
    const b = createBaseline([...results.values()].flat(), codeLines(files));
    assert.strictEqual(b.entries[0].code, 'auth_token = "****"');
    assert.ok(!JSON.stringify(b).includes('tok_9f8e7d6c5b'));
  });
});
