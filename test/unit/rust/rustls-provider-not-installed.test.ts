import * as assert from 'assert';
import { assertFixWorks, findingsOf, type Files } from '../../helpers/workspace';
import { manifest } from '../../helpers/rust';

const ID = 'rustls-provider-not-installed';
const e2e = '#[tokio::test]\nasync fn e2e_happy_path_register_invite_join_send_recv() {\n    let server = spawn().await;\n    server.stop();\n}\n';

describe(ID, () => {
  describe('flags', () => {
    it('the seed 000 e2e test in a crate on rustls 0.23 with ring: on the fn name', () => {
      const files: Files = { 'Cargo.toml': manifest('rustls = { version = "0.23", default-features = false, features = ["ring"] }'), 'tests/e2e.rs': e2e };
      const found = findingsOf(files, ID, 'tests/e2e.rs');
      assert.strictEqual(found.length, 1);
      assert.deepStrictEqual(found[0].range.start, { line: 1, character: 9 });
      assert.strictEqual(found[0].severity, 'warning');
    });
    it('main in a crate using quinn 0.11; a test fn through dev-dependencies; workspace-inherited versions', () => {
      const files: Files = {
        'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n[workspace.dependencies]\nquinn = "0.11"\n',
        'a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n[dependencies]\nquinn = { workspace = true }\n',
        'a/src/main.rs': 'fn main() {\n    run();\n}\n',
        'b/Cargo.toml': '[package]\nname = "b"\nversion = "0.1.0"\n[dev-dependencies]\ntokio-rustls = "0.26"\n',
        'b/src/lib.rs': '#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { connect(); }\n}\n',
      };
      assert.strictEqual(findingsOf(files, ID, 'a/src/main.rs').length, 1);
      assert.strictEqual(findingsOf(files, ID, 'b/src/lib.rs').length, 1);
    });
  });
  describe('does not flag', () => {
    it('files calling install_default, rustls < 0.23, crates without rustls, non-test non-main fns', () => {
      const dep = 'rustls = "0.23"';
      assert.deepStrictEqual(findingsOf({ 'Cargo.toml': manifest(dep), 'tests/e2e.rs': 'fn setup() { let _ = rustls::crypto::ring::default_provider().install_default(); }\n' + e2e }, ID), []);
      assert.deepStrictEqual(findingsOf({ 'Cargo.toml': manifest('rustls = "0.21"'), 'tests/e2e.rs': e2e }, ID), []);
      assert.deepStrictEqual(findingsOf({ 'Cargo.toml': manifest('tokio = "1"'), 'tests/e2e.rs': e2e, 'src/main.rs': 'fn main() {}' }, ID), []);
      assert.deepStrictEqual(findingsOf({ 'Cargo.toml': manifest(dep), 'src/lib.rs': 'pub fn serve() {}\nimpl X { fn main() {} }' }, ID), []);
    });
  });
  describe('fix', () => {
    it('inserts the ring provider as the first statement (preferred)', () => {
      const files: Files = { 'Cargo.toml': manifest('rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }'), 'tests/e2e.rs': e2e };
      assert.strictEqual(findingsOf(files, ID)[0].fixes[0].preferred, true);
      const after = assertFixWorks(files, ID, 'tests/e2e.rs');
      assert.strictEqual(after['tests/e2e.rs'], '#[tokio::test]\nasync fn e2e_happy_path_register_invite_join_send_recv() {\n    let _ = rustls::crypto::ring::default_provider().install_default();\n    let server = spawn().await;\n    server.stop();\n}\n');
    });
    it('aws_lc_rs with default features; quinn::rustls path through quinn; empty bodies', () => {
      let after = assertFixWorks({ 'Cargo.toml': manifest('rustls = "0.23"'), 'src/main.rs': 'fn main() {}\n' }, ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'fn main() {\n    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();\n}\n');
      after = assertFixWorks({ 'Cargo.toml': manifest('quinn = "0.11"'), 'src/main.rs': 'fn main() { run(); }\n' }, ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'fn main() { let _ = quinn::rustls::crypto::ring::default_provider().install_default(); run(); }\n');
    });
    it('ambiguous features (ring + default aws-lc-rs): offered, not preferred', () => {
      const files: Files = { 'Cargo.toml': manifest('rustls = { version = "0.23.5", features = ["ring"] }'), 'src/main.rs': 'fn main() {}\n' };
      assert.strictEqual(findingsOf(files, ID)[0].fixes[0].preferred, false);
    });
  });
});
