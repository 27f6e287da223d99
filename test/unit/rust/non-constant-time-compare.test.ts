import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'non-constant-time-compare';

describe(ID, () => {
  describe('flags', () => {
    it('the seed 004 §6 OAuth state compare, tokens, MACs, signatures, password hashes', () => {
      const src = [
        'fn a() {',
        '    if received_state == expected_state { ok(); }',
        '    if req.token != self.config.auth_token { deny(); }',
        '    let v = computed_mac == tag;',
        '    let w = sig.as_bytes() == signature.as_bytes();',
        '    let x = stored.password_hash == hash(input);',
        '    let y = csrf == form.csrf_token;',
        '}',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), [
        'received_state == expected_state', 'req.token != self.config.auth_token', 'computed_mac == tag',
        'sig.as_bytes() == signature.as_bytes()', 'stored.password_hash == hash(input)', 'csrf == form.csrf_token',
      ]);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'warning');
    });
    it('inside macros (assert! in production code)', () => {
      assert.strictEqual(findingsOf(crate('fn a() { assert!(token == expected); }'), ID).length, 1);
    });
  });
  describe('does not flag', () => {
    it('emptiness/None checks, lengths, non-secret names, mac addresses, test code', () => {
      const src = [
        'fn a() {',
        '    if token == "" { return; }',
        '    if api_key != None {}',
        '    if token.len() == 32 {}',
        '    if token_type == kind {}',
        '    if mac_address == other {}',
        '    if state == State::Ready {}',
        '    if tokens == 3 {}',
        '}',
        '#[test] fn t() { assert!(token == expected); }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), []);
    });
  });
  describe('fix', () => {
    it('→ bool::from(a.as_bytes().ct_eq(b.as_bytes())), adds use subtle::ConstantTimeEq once, not preferred', () => {
      const src = 'use std::fmt;\n\nfn a(received_state: &str, expected_state: &str) -> bool {\n    received_state == expected_state\n}\n';
      assert.strictEqual(findingsOf(crate(src), ID)[0].fixes[0].preferred, false);
      const after = assertFixWorks(crate(src), ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'use std::fmt;\nuse subtle::ConstantTimeEq;\n\nfn a(received_state: &str, expected_state: &str) -> bool {\n    bool::from(received_state.as_bytes().ct_eq(expected_state.as_bytes()))\n}\n');
    });
    it('!= is negated and the import is not repeated', () => {
      const src = 'use subtle::ConstantTimeEq;\nfn a(t: &str, token: &str) -> bool { t != token }\n';
      const after = assertFixWorks(crate(src), ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'use subtle::ConstantTimeEq;\nfn a(t: &str, token: &str) -> bool { !bool::from(t.as_bytes().ct_eq(token.as_bytes())) }\n');
    });
  });
});
