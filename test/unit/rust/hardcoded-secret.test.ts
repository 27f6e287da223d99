import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'hardcoded-secret';

describe(ID, () => {
  describe('flags', () => {
    it('the seed 000 env fallbacks: unwrap_or("devtoken") and unwrap_or_else(|_| "changeme".into())', () => {
      const src = [
        'fn cfg() {',
        '    let auth_token = std::env::var("QPC_AUTH_TOKEN").unwrap_or_else(|_| "devtoken".into());',
        '    let t = env::var("API_TOKEN").unwrap_or("changeme".to_string());',
        '    let db_key = std::env::var("QPC_DB_KEY").unwrap_or_else(|_| String::from("k3y"));',
        '}',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['"devtoken"', '"changeme"', '"k3y"']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'error');
    });
    it('let, const, static, field initialisers and assignments', () => {
      const src = [
        'const API_KEY: &str = "sk_live_123";',
        'static JWT_SECRET: &str = r#"s3cr3t"#;',
        'fn f() {',
        '    let password = "hunter2";',
        '    let mut client_secret = "abc".to_owned();',
        '    let c = Config { auth_token: "devtoken".into(), port: 1 };',
        '    cfg.db_password = String::from("pw");',
        '}',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['"sk_live_123"', 'r#"s3cr3t"#', '"hunter2"', '"abc"', '"devtoken"', '"pw"']);
    });
  });
  describe('does not flag', () => {
    it('empty values, env var names, non-secret names, format templates, non-literals', () => {
      const src = [
        'const TOKEN_ENV: &str = "QPC_AUTH_TOKEN";',
        'const AUTH_TOKEN_VAR: &str = "QPC_AUTH_TOKEN";',
        'const TOKEN_HEADER: &str = "x-auth-token";',
        'fn f() {',
        '    let token = "";',
        '    let tokenizer = "bpe";',
        '    let password = read_password()?;',
        '    let secret = format!("{}", x);',
        '    let token = std::env::var("QPC_AUTH_TOKEN").unwrap_or_default();',
        '    let host = std::env::var("HOST").unwrap_or("localhost".into());',
        '    let token = std::env::var("AUTH_TOKEN").unwrap_or_else(|_| String::new());',
        '}',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), []);
    });
    it('test code', () => {
      assert.deepStrictEqual(findingsOf(crate('#[test]\nfn t() { let token = "test-token"; }\n'), ID), []);
    });
  });
  it('offers no fix', () => {
    assert.deepStrictEqual(findingsOf(crate('fn f() { let password = "hunter2"; }'), ID)[0].fixes, []);
  });
});
