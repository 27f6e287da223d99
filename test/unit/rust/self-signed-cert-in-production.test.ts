import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'self-signed-cert-in-production';

describe(ID, () => {
  describe('flags', () => {
    it('the seed 000 pattern: auto-generate when the cert files are missing', () => {
      const src = [
        'fn load_or_generate(cert_path: &Path) -> anyhow::Result<()> {',
        '    if !cert_path.exists() {',
        '        let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()])?;',
        '        std::fs::write(cert_path, cert.cert.der())?;',
        '    }',
        '    Ok(())',
        '}',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['rcgen::generate_simple_self_signed']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'warning');
    });
    it('imported bare, and CertificateParams::self_signed', () => {
      const src = 'use rcgen::generate_simple_self_signed;\nfn a() { let c = generate_simple_self_signed(names); let d = params.self_signed(&key_pair); }\n';
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['generate_simple_self_signed', 'self_signed']);
    });
  });
  describe('does not flag', () => {
    it('guarded by a dev/production check, cfg(debug_assertions) or a dev-named fn; test code', () => {
      const src = [
        'fn a(cfg: &Config) { if cfg.dev_mode { rcgen::generate_simple_self_signed(n); } }',
        'fn b() { if is_production() { bail(); } else { rcgen::generate_simple_self_signed(n); } }',
        'fn c() { #[cfg(debug_assertions)] let c = rcgen::generate_simple_self_signed(n); }',
        'fn generate_dev_cert() { rcgen::generate_simple_self_signed(n); }',
        'fn d(env: Env) { match env { Env::Development => { rcgen::generate_simple_self_signed(n); } _ => {} } }',
        '#[cfg(test)] mod t { fn e() { rcgen::generate_simple_self_signed(n); } }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), []);
    });
  });
});
