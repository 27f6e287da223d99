import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('non-constant-time-compare', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'OAuth state, tokens, MACs, signatures, password hashes, CSRF tokens: the whole comparison',
      code: `
        fn a() {
            if received_state == expected_state { ok(); }
            // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`received_state\` is a secret compared with \`==\`
            if req.token != self.config.auth_token { deny(); }
            // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`token\` is a secret compared with \`!=\`
            let v = computed_mac == tag;
            //      ^^^^^^^^^^^^^^^^^^^ warning: \`computed_mac\`
            let w = sig.as_bytes() == signature.as_bytes();
            //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`signature\`
            let x = stored.password_hash == hash(input);
            //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`password_hash\`
            let y = csrf == form.csrf_token;
            //      ^^^^^^^^^^^^^^^^^^^^^^^ warning: \`csrf\`
        }
      `,
    },
    {
      name: 'inside macros (assert! in production code)',
      code: `
        fn a() { assert!(token == expected); }
        //               ^^^^^^^^^^^^^^^^^ warning: \`token\`
      `,
    },
    {
      name: 'fix: → bool::from(a.as_bytes().ct_eq(b.as_bytes())), adds use subtle::ConstantTimeEq, not preferred',
      code: `
        use std::fmt;

        fn a(received_state: &str, expected_state: &str) -> bool {
            received_state == expected_state
         // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning
        }
      `,
      fixes: ['Compare in constant time with `subtle::ConstantTimeEq` (not preferred)'],
      output: `
        use std::fmt;
        use subtle::ConstantTimeEq;

        fn a(received_state: &str, expected_state: &str) -> bool {
            bool::from(received_state.as_bytes().ct_eq(expected_state.as_bytes()))
        }
      `,
    },
    {
      name: 'fix: != is negated and the import is not repeated',
      code: `
        use subtle::ConstantTimeEq;
        fn a(t: &str, token: &str) -> bool { t != token }
        //                                   ^^^^^^^^^^ warning: \`token\` is a secret compared with \`!=\`
      `,
      output: `
        use subtle::ConstantTimeEq;
        fn a(t: &str, token: &str) -> bool { !bool::from(t.as_bytes().ct_eq(token.as_bytes())) }
      `,
    },
  ],
  valid: [
    {
      name: 'emptiness/None checks, lengths, non-secret names, mac addresses',
      code: `
        fn a() {
            if token == "" { return; }
            if api_key != None {}
            if token.len() == 32 {}
            if token_type == kind {}
            if mac_address == other {}
            if state == State::Ready {}
            if tokens == 3 {}
        }
      `,
    },
    {
      name: 'test code',
      code: `
        #[test] fn t() { assert!(token == expected); }
      `,
    },
  ],
});
