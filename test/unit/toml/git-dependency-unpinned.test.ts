import * as assert from 'assert';
import { assertFixWorks, findingsOf, type Files } from '../../helpers/workspace';
import { COMMIT, COMMIT2, covered, fixed, lock, pkg } from '../../helpers/toml';

const ID = 'git-dependency-unpinned';
const XIU = 'https://github.com/harlanc/xiu.git';
const xiuLock = lock([
  { name: 'svc', version: '0.1.0', dependencies: ['xiu', 'rtmp'] },
  { name: 'xiu', version: '0.13.0', source: `git+${XIU}?tag=v0.13.0#${COMMIT}` },
  { name: 'rtmp', version: '0.6.0', source: `git+${XIU}?tag=v0.13.0#${COMMIT}` },
  { name: 'other', version: '0.1.0', source: `git+https://github.com/acme/other?branch=main#${COMMIT2}` },
  { name: 'plain', version: '0.1.0', source: `git+https://github.com/acme/plain#${COMMIT2}` },
]);

describe(ID, () => {
  describe('flags', () => {
    it('the seed: inline tables pinned by tag, on the tag key/value, with the lock commit as fix', () => {
      const manifest = pkg('svc', `xiu = { git = "${XIU}", tag = "v0.13.0" }\nrtmp = { git = "${XIU}", tag = "v0.13.0" }`);
      const files: Files = { 'Cargo.toml': manifest, 'Cargo.lock': xiuLock };
      const found = findingsOf(files, ID, 'Cargo.toml');
      assert.strictEqual(found.length, 2);
      assert.strictEqual(covered(manifest, found[0]), 'tag = "v0.13.0"');
      assert.match(found[0].message, /`xiu`.*tag `v0\.13\.0`/);
      assert.strictEqual(found[0].severity, 'warning');
      const after = fixed(files, ID, 'Cargo.toml');
      assert.ok(after['Cargo.toml'].includes(`xiu = { git = "${XIU}", rev = "${COMMIT}" }`), after['Cargo.toml']);
      assertFixWorks(files, ID, 'Cargo.toml');
    });
    it('a branch in a [dependencies.x] table', () => {
      const manifest = pkg('svc', '') + `\n[dependencies.other]\ngit = "https://github.com/acme/other"\nbranch = "main"\n`;
      const files: Files = { 'Cargo.toml': manifest, 'Cargo.lock': xiuLock };
      const found = findingsOf(files, ID);
      assert.strictEqual(covered(manifest, found[0]), 'branch = "main"');
      const after = fixed(files, ID, 'Cargo.toml');
      assert.ok(after['Cargo.toml'].includes(`git = "https://github.com/acme/other"\nrev = "${COMMIT2}"\n`), after['Cargo.toml']);
      assertFixWorks(files, ID, 'Cargo.toml');
    });
    it('no reference at all: on the git key/value; the fix adds rev after git', () => {
      const manifest = pkg('svc', 'plain = { git = "https://github.com/acme/plain.git", features = ["x"] }');
      const files: Files = { 'Cargo.toml': manifest, 'Cargo.lock': xiuLock };
      const found = findingsOf(files, ID);
      assert.strictEqual(covered(manifest, found[0]), 'git = "https://github.com/acme/plain.git"');
      assert.match(found[0].message, /default branch/);
      const after = fixed(files, ID, 'Cargo.toml');
      assert.ok(after['Cargo.toml'].includes(`plain = { git = "https://github.com/acme/plain.git", rev = "${COMMIT2}", features = ["x"] }`), after['Cargo.toml']);
    });
    it('dotted keys at the top level keep their prefix', () => {
      const manifest = `dependencies.xiu.git = "${XIU}"\ndependencies.xiu.tag = "v0.13.0"\n\n[package]\nname = "svc"\nversion = "0.1.0"\n`;
      const files: Files = { 'Cargo.toml': manifest, 'Cargo.lock': xiuLock };
      const found = findingsOf(files, ID);
      assert.strictEqual(covered(manifest, found[0]), 'dependencies.xiu.tag = "v0.13.0"');
      const after = fixed(files, ID, 'Cargo.toml');
      assert.ok(after['Cargo.toml'].includes(`dependencies.xiu.rev = "${COMMIT}"`), after['Cargo.toml']);
      assertFixWorks(files, ID, 'Cargo.toml');
    });
    it('[workspace.dependencies], and a member manifest uses the root lock', () => {
      const root = `[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\nxiu = { git = "${XIU}", tag = "v0.13.0" }\n`;
      const member = pkg('svc', `rtmp = { git = "${XIU}", tag = "v0.13.0" }\nxiu = { workspace = true }`);
      const files: Files = { 'Cargo.toml': root, 'crates/svc/Cargo.toml': member, 'Cargo.lock': xiuLock };
      assert.strictEqual(findingsOf(files, ID, 'Cargo.toml').length, 1);
      assert.strictEqual(findingsOf(files, ID, 'crates/svc/Cargo.toml').length, 1);
      assertFixWorks(files, ID, 'crates/svc/Cargo.toml');
      assertFixWorks(files, ID, 'Cargo.toml');
    });
    it("[target.'cfg(unix)'.dependencies] and dev-dependencies", () => {
      const manifest = `[package]\nname = "svc"\nversion = "0.1.0"\n\n[target.'cfg(unix)'.dependencies]\nxiu = { git = "${XIU}", tag = "v0.13.0" }\n\n[dev-dependencies]\n"other" = { git = "https://github.com/acme/other", branch = "main" }\n`;
      const found = findingsOf({ 'Cargo.toml': manifest, 'Cargo.lock': xiuLock }, ID);
      assert.deepStrictEqual(found.map((d) => covered(manifest, d)), ['tag = "v0.13.0"', 'branch = "main"']);
      assert.ok(found.every((d) => d.fixes.length === 1));
    });
    it('[patch.crates-io] overrides pinned to a branch', () => {
      const manifest = pkg('svc', 'serde = "1"') + `\n[patch.crates-io]\nother = { git = "https://github.com/acme/other", branch = "main" }\n`;
      const found = findingsOf({ 'Cargo.toml': manifest, 'Cargo.lock': xiuLock }, ID);
      assert.deepStrictEqual(found.map((d) => covered(manifest, d)), ['branch = "main"']);
      assertFixWorks({ 'Cargo.toml': manifest, 'Cargo.lock': xiuLock }, ID, 'Cargo.toml');
    });
    it('without a lock, or a lock entry for another tag: reported, no fix', () => {
      const manifest = pkg('svc', `xiu = { git = "${XIU}", tag = "v0.14.0" }`);
      const noLock = findingsOf({ 'Cargo.toml': manifest }, ID);
      assert.strictEqual(noLock.length, 1);
      assert.deepStrictEqual(noLock[0].fixes, []);
      assert.match(noLock[0].message, /no Cargo\.lock/);
      const otherTag = findingsOf({ 'Cargo.toml': manifest, 'Cargo.lock': xiuLock }, ID);
      assert.deepStrictEqual(otherTag[0].fixes, []);
      assert.match(otherTag[0].message, /no matching entry/);
    });
  });

  describe('does not flag', () => {
    it('rev pins, registry and path dependencies, non-manifest TOML', () => {
      const manifest = pkg('svc', `xiu = { git = "${XIU}", rev = "${COMMIT}" }\nshort = { git = "${XIU}", rev = "dffca6e" }\nserde = "1"\ncore = { path = "../core" }`);
      assert.deepStrictEqual(findingsOf({ 'Cargo.toml': manifest, 'config.toml': `[dependencies]\nx = { git = "${XIU}", tag = "v1" }\n` }, ID), []);
    });
    it('a git URL in [package] metadata is not a dependency spec', () => {
      const manifest = pkg('svc', 'serde = "1"', `repository = "${XIU}"\n`) + `\n[package.metadata.docs]\ngit = "${XIU}"\nbranch = "main"\n`;
      assert.deepStrictEqual(findingsOf({ 'Cargo.toml': manifest }, ID), []);
    });
  });
});
