import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { rustRepo, y } from '../../helpers/yaml';

const ID = 'dependabot-missing-cargo';
const FILE = '.github/dependabot.yml';

describe(ID, () => {
  describe('flags', () => {
    it('updates without cargo, on the updates key', () => {
      const found = findingsOf(rustRepo({ [FILE]: y('version: 2', 'updates:', '  - package-ecosystem: "github-actions"', '    directory: "/"', '    schedule:', '      interval: "weekly"') }), ID);
      assert.deepStrictEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), [[1, 0, 7]]);
      assert.strictEqual(found[0].severity, 'info');
    });
    it('.yaml extension, and a file with no updates at all', () => {
      assert.strictEqual(findingsOf(rustRepo({ '.github/dependabot.yaml': y('version: 2') }), ID).length, 1);
    });
  });
  describe('does not flag', () => {
    it('a cargo entry (any quoting); non-Rust repos; dependabot-like files elsewhere', () => {
      assert.deepStrictEqual(findingsOf(rustRepo({ [FILE]: y('version: 2', 'updates:', '- package-ecosystem: cargo', '  directory: /', '  schedule: {interval: daily}') }), ID), []);
      assert.deepStrictEqual(findingsOf({ [FILE]: y('version: 2', 'updates:', '  - package-ecosystem: npm', '    directory: /', '    schedule: {interval: daily}') }, ID), []);
      assert.deepStrictEqual(findingsOf(rustRepo({ 'docs/dependabot.yml': y('version: 2', 'updates: []') }), ID), []);
    });
  });
  describe('fix', () => {
    it('appends an entry in the file\'s sequence style and quoting (indented, quoted)', () => {
      const text = y('version: 2', 'updates:', '  - package-ecosystem: "docker"', '    directory: "/"', '    schedule:', '      interval: "weekly"', '# end');
      const after = assertFixWorks(rustRepo({ [FILE]: text }), ID, FILE);
      assert.strictEqual(after[FILE], y('version: 2', 'updates:', '  - package-ecosystem: "docker"', '    directory: "/"', '    schedule:', '      interval: "weekly"',
        '  - package-ecosystem: "cargo"', '    directory: "/"', '    schedule:', '      interval: "weekly"', '# end'));
      assert.strictEqual(findingsOf(rustRepo({ [FILE]: text }), ID)[0].fixes[0].preferred, true);
    });
    it('flush sequences, plain scalars, 4-space unit', () => {
      const text = y('version: 2', 'updates:', '- package-ecosystem: npm', '  directory: /web', '  schedule:', '      interval: daily');
      const after = assertFixWorks(rustRepo({ [FILE]: text }), ID, FILE);
      assert.strictEqual(after[FILE], text + y('- package-ecosystem: cargo', '  directory: /', '  schedule:', '      interval: weekly'));
    });
    it('adds updates: when missing, pointing at the crate directory when there is no root manifest', () => {
      const files = { 'svc/Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n', 'svc/src/main.rs': 'fn main() {}\n', [FILE]: 'version: 2\n' };
      const after = assertFixWorks(files, ID, FILE);
      assert.strictEqual(after[FILE], y('version: 2', 'updates:', '  - package-ecosystem: "cargo"', '    directory: "/svc"', '    schedule:', '      interval: "weekly"'));
    });
  });
});
