import * as assert from 'assert';
import { assertFixWorks, findingsOf, type Files } from '../../helpers/workspace';
import { covered, fixed, pkg } from '../../helpers/toml';
import { parseToml } from '../../../server/src/parsers/toml';
import { denyToml } from '../../../rules/shared/templates';

const ID = 'deny-config-weak';
const SEED = `# deny.toml
[advisories]
db-urls = ["https://github.com/rustsec/advisory-db"]
vulnerability = "deny"
unmaintained = "warn"
notice = "warn"

[licenses]
unlicensed = "deny"
copyleft = "deny"
allow = ["MIT", "Apache-2.0", "BSD-3-Clause"]

[bans]
multiple-versions = "warn"
wildcards = "deny"

[sources]
unknown-registry = "deny"
unknown-git = "warn"
`;
const ws = (deny: string): Files => ({ 'Cargo.toml': pkg('svc', ''), 'deny.toml': deny });

describe(ID, () => {
  describe('flags', () => {
    it('the seed\'s removed keys, each on its key, with the current form as fix', () => {
      const found = findingsOf(ws(SEED), ID);
      assert.deepStrictEqual(found.map((d) => covered(SEED, d)), ['vulnerability', 'unmaintained', 'notice', 'unlicensed', 'copyleft']);
      assert.deepStrictEqual(found.map((d) => d.fixes.map((f) => f.preferred)), [[true], [false], [false], [true], [true]]);
      assert.match(found[0].message, /removed from cargo-deny/);
      const afterVuln = fixed(ws(SEED), ID, 'deny.toml');
      assert.ok(!afterVuln['deny.toml'].includes('vulnerability'));
      assert.ok(afterVuln['deny.toml'].includes('db-urls = ["https://github.com/rustsec/advisory-db"]\nunmaintained = "warn"\n'));
      const unm = findingsOf(ws(SEED), ID)[1];
      assert.strictEqual(unm.fixes[0].title, 'Rewrite as `unmaintained = "workspace"`');
      assertFixWorks(ws(SEED), ID, 'deny.toml');
    });
    it('allowing unknown git, unknown registries and wildcards, on the value', () => {
      const deny = '[advisories]\n[licenses]\nallow = ["MIT"]\n[bans]\nwildcards = "allow"\n[sources]\nunknown-registry = "allow"\nunknown-git = "allow"\n';
      const found = findingsOf(ws(deny), ID);
      assert.deepStrictEqual(found.map((d) => covered(deny, d)), ['"allow"', '"allow"', '"allow"']);
      assert.match(found[2].message, /git dependencies from any repository/);
      assertFixWorks(ws(deny), ID, 'deny.toml', 'Set to "deny"');
    });
    it('missing sections, on the first line; the fix appends them in the current schema', () => {
      const deny = '[bans]\nmultiple-versions = "deny"\n';
      const found = findingsOf(ws(deny), ID);
      assert.strictEqual(found.length, 1);
      assert.match(found[0].message, /\[advisories\], \[licenses\], \[sources\] sections/);
      assert.deepStrictEqual([found[0].range.start.line, found[0].range.end.character], [0, 6]);
      const after = assertFixWorks(ws(deny), ID, 'deny.toml');
      assert.deepStrictEqual(findingsOf(after, ID), []);
      const v = parseToml(after['deny.toml']).value as Record<string, Record<string, unknown>>;
      assert.strictEqual(Number(v.advisories.version), 2);
      assert.strictEqual(v.sources['unknown-git'], 'deny');
    });
    it('a .deny.toml in a subdirectory, inline `deny` license list', () => {
      const deny = '[advisories]\n[bans]\n[sources]\n[licenses]\nallow = ["MIT"]\ndeny = ["GPL-3.0"]\ndefault = "deny"\n';
      const files: Files = { 'Cargo.toml': pkg('svc', ''), 'tools/.deny.toml': deny };
      const found = findingsOf(files, ID);
      assert.deepStrictEqual(found.map((d) => covered(deny, d)), ['deny', 'default']);
      assert.ok(found.every((d) => d.fixes[0].preferred));
    });
  });
  describe('does not flag', () => {
    it('the deny.toml the deny-config-missing fix creates, and other TOML files', () => {
      assert.deepStrictEqual(findingsOf({ ...ws(denyToml()), 'config.toml': 'vulnerability = "deny"\n[sources]\nunknown-git = "allow"\n' }, ID), []);
    });
    it('SyncTV\'s current deny.toml: scopes for unmaintained/unsound are current; only the allowed wildcards and unknown git are weak', () => {
      const deny = '[advisories]\nunmaintained = "all"\nunsound = "all"\nyanked = "warn"\nignore = [\n    { id = "RUSTSEC-2023-0071", reason = "transitive" },\n]\n\n[licenses]\nallow = [\n    "MIT",\n    "Apache-2.0",\n]\n\n[bans]\nmultiple-versions = "warn"\nwildcards = "allow"\n\n[sources]\nunknown-registry = "warn"\nunknown-git = "allow"\nallow-registry = ["https://github.com/rust-lang/crates.io-index"]\nallow-git = []\n';
      const found = findingsOf(ws(deny), ID);
      assert.deepStrictEqual(found.map((d) => `${d.range.start.line}:${covered(deny, d)}`), ['16:"allow"', '20:"allow"']);
    });
    it('old unsound levels are rewritten to scopes', () => {
      const deny = '[advisories]\nunsound = "deny"\n[licenses]\n[bans]\n[sources]\n';
      const found = findingsOf(ws(deny), ID);
      assert.strictEqual(found[0].fixes[0].title, 'Rewrite as `unsound = "all"`');
      assert.ok(found[0].fixes[0].preferred);
      assertFixWorks(ws(deny), ID, 'deny.toml');
    });
    it('current `unmaintained` scopes and `yanked`', () => {
      const deny = '[advisories]\nversion = 2\nunmaintained = "workspace"\nyanked = "deny"\n[licenses]\nversion = 2\nallow = ["MIT"]\n[bans]\n[sources]\nunknown-git = "warn"\n';
      assert.deepStrictEqual(findingsOf(ws(deny), ID), []);
    });
  });
});
