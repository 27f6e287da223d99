import * as assert from 'assert';
import { assertFixWorks, findingsOf, type Files } from '../../helpers/workspace';
import { covered, fixed, lock, pkg } from '../../helpers/toml';

const ID = 'wildcard-dependency';
const REG = 'registry+https://github.com/rust-lang/crates.io-index';

describe(ID, () => {
  describe('flags', () => {
    it('x = "*" and version = "*", on the value, fixed from the lock', () => {
      const manifest = pkg('svc', 'serde = "*"\ntokio = { version = "*", features = ["full"] }');
      const files: Files = {
        'Cargo.toml': manifest,
        'Cargo.lock': lock([{ name: 'svc', version: '0.1.0', dependencies: ['serde', 'tokio'] }, { name: 'serde', version: '1.0.210', source: REG }, { name: 'tokio', version: '1.40.0', source: REG }]),
      };
      const found = findingsOf(files, ID, 'Cargo.toml');
      assert.deepStrictEqual(found.map((d) => covered(manifest, d)), ['"*"', '"*"']);
      assert.match(found[0].message, /1\.0\.210 in Cargo\.lock/);
      let after = fixed(files, ID, 'Cargo.toml');
      assert.ok(after['Cargo.toml'].includes('serde = "1.0.210"'));
      after = fixed(after, ID, 'Cargo.toml');
      assert.ok(after['Cargo.toml'].includes('tokio = { version = "1.40.0", features = ["full"] }'), after['Cargo.toml']);
      assertFixWorks(files, ID, 'Cargo.toml');
    });
    it('several locked versions: the one the crate\'s lock entry names', () => {
      const files: Files = {
        'Cargo.toml': pkg('svc', 'aead = "*"'),
        'Cargo.lock': lock([{ name: 'svc', version: '0.1.0', dependencies: ['aead 0.5.2'] }, { name: 'aead', version: '0.4.3', source: REG }, { name: 'aead', version: '0.5.2', source: REG }]),
      };
      assert.ok(fixed(files, ID, 'Cargo.toml')['Cargo.toml'].includes('aead = "0.5.2"'));
    });
    it('[workspace.dependencies] and a [dependencies.x] table; renamed packages resolve by package', () => {
      const root = '[workspace]\nmembers = ["a"]\n\n[workspace.dependencies]\nlog = "*"\n';
      const member = pkg('a', 'ser = { package = "serde", version = "*" }') + '\n[dependencies.rand]\nversion = "*"\n';
      const files: Files = { 'Cargo.toml': root, 'a/Cargo.toml': member, 'Cargo.lock': lock([{ name: 'serde', version: '1.0.1', source: REG }, { name: 'log', version: '0.4.22', source: REG }]) };
      assert.strictEqual(findingsOf(files, ID, 'Cargo.toml').length, 1);
      const m = findingsOf(files, ID, 'a/Cargo.toml');
      assert.strictEqual(m.length, 2);
      assert.match(m[0].fixes[0].title, /1\.0\.1/);
      assert.deepStrictEqual(m[1].fixes, []);
      assertFixWorks(files, ID, 'Cargo.toml');
    });
    it('no lock: reported without a fix', () => {
      const d = findingsOf({ 'Cargo.toml': pkg('svc', 'serde = "*"') }, ID);
      assert.strictEqual(d.length, 1);
      assert.deepStrictEqual(d[0].fixes, []);
    });
  });
  describe('does not flag', () => {
    it('ranges and exact versions, "*" in features or other keys, non-manifest TOML', () => {
      const manifest = pkg('svc', 'serde = "1"\nlog = ">=0.4, <0.5"\nx = { version = "0.1", features = ["*"] }');
      assert.deepStrictEqual(findingsOf({ 'Cargo.toml': manifest, 'app.toml': '[dependencies]\nserde = "*"\n' }, ID), []);
    });
  });
});
