import * as assert from 'assert';
import { COMMIT, lock, manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

const REG = 'registry+https://github.com/rust-lang/crates.io-index';
/** aead in three versions, serde once, xiu 0.13.0 from git and from the registry. */
const LOCK = lock([
  { name: 'aead', version: '0.3.2', source: REG },
  { name: 'aead', version: '0.4.3', source: REG },
  { name: 'aead', version: '0.5.2', source: REG },
  { name: 'serde', version: '1.0.210', source: REG },
  { name: 'xiu', version: '0.13.0', source: `git+https://github.com/harlanc/xiu.git?tag=v0.13.0#${COMMIT}` },
  { name: 'xiu', version: '0.13.0', source: REG },
]);

ruleTester('duplicate-dependency-versions', {
  files: { 'Cargo.toml': manifest('') },
  invalid: [
    {
      name: 'each entry of a crate locked in several versions, on its version, the others related; not single versions or one version from two sources',
      code: `
        //- Cargo.lock
        version = 4

        [[package]]
        name = "aead"
        version = "0.3.2"
        #         ^^^^^^^ info: \`aead\` 0.3.2 is one of 3 versions of \`aead\` in Cargo.lock (0.3.2, 0.4.3, 0.5.2)
        source = "${REG}"

        [[package]]
        name = "aead"
        version = "0.4.3"
        #         ^^^^^^^ info: \`aead\` 0.4.3 is one of 3 versions
        source = "${REG}"

        [[package]]
        name = "aead"
        version = "0.5.2"
        #         ^^^^^^^ info: \`aead\` 0.5.2 is one of 3 versions
        source = "${REG}"

        [[package]]
        name = "serde"
        version = "1.0.210"
        source = "${REG}"

        [[package]]
        name = "xiu"
        version = "0.13.0"
        source = "git+https://github.com/harlanc/xiu.git?tag=v0.13.0#${COMMIT}"

        [[package]]
        name = "xiu"
        version = "0.13.0"
        source = "${REG}"
      `,
      check: (found) => assert.deepStrictEqual(found[0].related.map((r) => `${r.path}:${r.range.start.line + 1}: ${r.message}`), ['Cargo.lock:10: aead 0.4.3', 'Cargo.lock:15: aead 0.5.2']),
    },
  ],
  valid: [
    {
      name: 'crates ignored in [rules.duplicate-dependency-versions]',
      files: { '.readiness.toml': '[rules.duplicate-dependency-versions]\nignore = ["aead"]\n' },
      code: `//- Cargo.lock\n${LOCK}`,
    },
    {
      name: 'only Cargo.lock files',
      code: `//- other.toml\n${LOCK}`,
    },
  ],
});
