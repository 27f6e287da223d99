import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'secret-in-log';
const fn = (body: string) => `fn f(req: Req, token: String, t: String, password: &str) {\n${body}\n}\n`;

describe(ID, () => {
  describe('flags', () => {
    it('the seed 004 snippet, inside #[cfg(debug_assertions)]', () => {
      const src = fn('    #[cfg(debug_assertions)]\n    tracing::debug!("DEV ONLY - verification token for {}: {}", req.email, token);');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['token']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'error');
    });
    it('named fields, sigil shorthand and inline format args', () => {
      const src = fn([
        '    info!(token = %t, "issued");',
        '    warn!(?token, user = %req.user);',
        '    println!("{password}");',
        '    eprintln!("pw={password:?} user={}", req.user);',
        '    log::error!("{}", req.api_key);',
        '    error!(%self.jwt_secret);',
      ].join('\n'));
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['token = %t', '?token', 'password', 'password', 'req.api_key', '%self.jwt_secret']);
    });
    it('borrowed, pass-through methods, nested format! and dbg!', () => {
      const src = fn('    info!("{}", &token);\n    debug!("{}", token.as_str());\n    info!("{}", format!("t={}", token));\n    dbg!(password);\n    info!(target: "auth", "{}", req.session_id);');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['&token', 'token.as_str()', 'token', 'password', 'req.session_id']);
    });
    it('log macros nested in other macros (tokio::select!)', () => {
      const src = fn('    tokio::select! { _ = a => { tracing::info!("token {}", token); } }');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['token']);
    });
    it('extra names from [rules.secret-in-log] names', () => {
      const files = { ...crate(fn('    info!("{}", pin);')), '.readiness.toml': '[rules.secret-in-log]\nnames = ["pin"]\n' };
      assert.strictEqual(findingsOf(files, ID).length, 1);
    });
  });
  describe('does not flag', () => {
    it('derived values and masking calls', () => {
      const src = fn('    info!("{}", token.len());\n    debug!("{}", mask_secret(token));\n    debug!(has = token.is_some());\n    info!("{}", req.email);\n    info!(token_count = n, "x");\n    info!("{tokenizer}");');
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
    });
    it('non-logging macros and look-alike names', () => {
      const src = fn('    let s = format!("{}", token);\n    assert_eq!(token, t);\n    myapp::info!("{}", token);\n    info!("tokens: {}", max_tokens);');
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
    });
  });
  describe('fix', () => {
    it('positional argument → "[redacted]"', () => {
      const src = fn('    tracing::debug!("verification token for {}: {}", req.email, token);');
      const after = assertFixWorks(crate(src), ID, 'src/main.rs');
      assert.match(after['src/main.rs'], /tracing::debug!\("verification token for \{\}: \{\}", req\.email, "\[redacted\]"\);/);
    });
    it('named field value and shorthand', () => {
      let after = assertFixWorks(crate(fn('    info!(token = %t, "issued");')), ID, 'src/main.rs');
      assert.match(after['src/main.rs'], /info!\(token = "\[redacted\]", "issued"\);/);
      after = assertFixWorks(crate(fn('    warn!(?token, "x");')), ID, 'src/main.rs');
      assert.match(after['src/main.rs'], /warn!\(token = "\[redacted\]", "x"\);/);
    });
    it('inline {token} → the text [redacted]', () => {
      const after = assertFixWorks(crate(fn('    println!("pw={password:?}!");')), ID, 'src/main.rs');
      assert.match(after['src/main.rs'], /println!\("pw=\[redacted\]!"\);/);
    });
    it('no fix where a hex spec would not accept a string', () => {
      assert.deepStrictEqual(findingsOf(crate(fn('    info!("{:x}", token);')), ID)[0].fixes, []);
    });
  });
});
