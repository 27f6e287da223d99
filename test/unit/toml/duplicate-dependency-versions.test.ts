import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { covered, lock, pkg } from '../../helpers/toml';

const ID = 'duplicate-dependency-versions';
const REG = 'registry+https://github.com/rust-lang/crates.io-index';
const text = lock([
  { name: 'aead', version: '0.3.2', source: REG },
  { name: 'aead', version: '0.4.3', source: REG },
  { name: 'aead', version: '0.5.2', source: REG },
  { name: 'serde', version: '1.0.210', source: REG },
  { name: 'xiu', version: '0.13.0', source: 'git+https://github.com/harlanc/xiu.git?tag=v0.13.0#dffca6e6b8e0a1e2f9ab04a1c5b0e6e7b2b3f0a1' },
  { name: 'xiu', version: '0.13.0', source: REG },
]);

describe(ID, () => {
  it('reports each entry of a crate locked in several versions, on its version', () => {
    const found = findingsOf({ 'Cargo.toml': pkg('svc', ''), 'Cargo.lock': text }, ID, 'Cargo.lock');
    assert.strictEqual(found.length, 3);
    assert.deepStrictEqual(found.map((d) => covered(text, d)), ['"0.3.2"', '"0.4.3"', '"0.5.2"']);
    assert.match(found[0].message, /one of 3 versions.*0\.3\.2, 0\.4\.3, 0\.5\.2/);
    assert.strictEqual(found[0].related.length, 2);
    assert.strictEqual(found[0].severity, 'info');
  });
  it('does not flag single versions, the same version from two sources, or ignored crates', () => {
    const files = { 'Cargo.toml': pkg('svc', ''), 'Cargo.lock': text, '.readiness.toml': '[rules.duplicate-dependency-versions]\nignore = ["aead"]\n' };
    assert.deepStrictEqual(findingsOf(files, ID), []);
  });
  it('only Cargo.lock files', () => {
    assert.deepStrictEqual(findingsOf({ 'Cargo.toml': pkg('svc', ''), 'other.toml': text }, ID), []);
  });
});
