import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('self-signed-cert-in-production', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'auto-generating a certificate when the cert files are missing, on the callee',
      code: `
        fn load_or_generate(cert_path: &Path) -> anyhow::Result<()> {
            if !cert_path.exists() {
                let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()])?;
                //         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: A self-signed certificate is generated with no development/production check
                std::fs::write(cert_path, cert.cert.der())?;
            }
            Ok(())
        }
      `,
      fixes: [],
    },
    {
      name: 'imported bare, and CertificateParams::self_signed',
      code: `
        use rcgen::generate_simple_self_signed;
        fn a() { let c = generate_simple_self_signed(names); let d = params.self_signed(&key_pair); }
        //               ^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning
        //                                                                  ^^^^^^^^^^^ warning
      `,
    },
  ],
  valid: [
    {
      name: 'guarded by a dev/production check, cfg(debug_assertions) or a dev-named fn',
      code: `
        fn a(cfg: &Config) { if cfg.dev_mode { rcgen::generate_simple_self_signed(n); } }
        fn b() { if is_production() { bail(); } else { rcgen::generate_simple_self_signed(n); } }
        fn c() { #[cfg(debug_assertions)] let c = rcgen::generate_simple_self_signed(n); }
        fn generate_dev_cert() { rcgen::generate_simple_self_signed(n); }
        fn d(env: Env) { match env { Env::Development => { rcgen::generate_simple_self_signed(n); } _ => {} } }
      `,
    },
    {
      name: 'test code',
      code: `
        #[cfg(test)] mod t { fn e() { rcgen::generate_simple_self_signed(n); } }
      `,
    },
  ],
});
