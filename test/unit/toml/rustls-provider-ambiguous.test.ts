import * as assert from 'assert';
import { assertFixWorks, findingsOf, type Files } from '../../helpers/workspace';
import { covered, fixed, pkg } from '../../helpers/toml';

const ID = 'rustls-provider-ambiguous';
const one = (deps: string): Files => ({ 'Cargo.toml': pkg('svc', deps) });

describe(ID, () => {
  describe('flags', () => {
    it('ring on top of the default aws-lc-rs, on the dependency name', () => {
      const files = one('rustls = { version = "0.23", features = ["ring"] }');
      const found = findingsOf(files, ID);
      assert.strictEqual(found.length, 1);
      assert.strictEqual(covered(files['Cargo.toml'], found[0]), 'rustls');
      assert.match(found[0].message, /both crypto providers.*default features/);
      assert.deepStrictEqual(found[0].fixes.map((f) => f.preferred), [false, false]);
      const keepRing = fixed(files, ID, 'Cargo.toml', /^Keep ring/);
      assert.ok(keepRing['Cargo.toml'].includes('rustls = { version = "0.23", features = ["ring", "logging", "std", "tls12"], default-features = false }'), keepRing['Cargo.toml']);
      const keepAws = fixed(files, ID, 'Cargo.toml', /^Keep aws-lc-rs/);
      assert.ok(keepAws['Cargo.toml'].includes('rustls = { version = "0.23", features = [] }'), keepAws['Cargo.toml']);
      assertFixWorks(files, ID, 'Cargo.toml', found[0].fixes[0].title);
      assertFixWorks(files, ID, 'Cargo.toml', found[0].fixes[1].title);
    });
    it('both features listed explicitly, in a [dependencies.rustls] table', () => {
      const files: Files = { 'Cargo.toml': pkg('svc', '') + '\n[dependencies.rustls]\nversion = "0.23.12"\ndefault-features = false\nfeatures = ["ring", "aws-lc-rs", "std"]\n' };
      assert.strictEqual(findingsOf(files, ID).length, 1);
      const keepRing = fixed(files, ID, 'Cargo.toml', /^Keep ring/);
      assert.ok(keepRing['Cargo.toml'].includes('features = ["ring", "std"]'), keepRing['Cargo.toml']);
      assertFixWorks(files, ID, 'Cargo.toml', 'Keep aws-lc-rs: remove the `ring` feature');
    });
    it('default features off and neither provider', () => {
      const files = one('rustls = { version = "0.23", default-features = false, features = ["std"] }');
      const found = findingsOf(files, ID);
      assert.match(found[0].message, /enables no crypto provider/);
      const after = fixed(files, ID, 'Cargo.toml', /^Use ring/);
      assert.ok(after['Cargo.toml'].includes('features = ["std", "ring"]'));
      assertFixWorks(files, ID, 'Cargo.toml', found[0].fixes[1].title);
    });
    it('inherited from [workspace.dependencies] with ring added by the member', () => {
      const files: Files = {
        'Cargo.toml': '[workspace]\nmembers = ["a"]\n\n[workspace.dependencies]\nrustls = "0.23"\n',
        'a/Cargo.toml': pkg('a', 'rustls = { workspace = true, features = ["ring"] }'),
      };
      assert.strictEqual(findingsOf(files, ID, 'Cargo.toml').length, 0);
      const found = findingsOf(files, ID, 'a/Cargo.toml');
      assert.strictEqual(found.length, 1);
      assertFixWorks(files, ID, 'a/Cargo.toml', 'Keep aws-lc-rs: remove the `ring` feature');
    });
    it('an ambiguous [workspace.dependencies] entry is reported there, not again on members inheriting it', () => {
      const files: Files = {
        'Cargo.toml': '[workspace]\nmembers = ["a"]\n\n[workspace.dependencies]\nrustls = { version = "0.23", features = ["ring"] }\n',
        'a/Cargo.toml': pkg('a', 'rustls = { workspace = true }'),
      };
      assert.strictEqual(findingsOf(files, ID, 'Cargo.toml').length, 1);
      assert.deepStrictEqual(findingsOf(files, ID, 'a/Cargo.toml'), []);
      assertFixWorks(files, ID, 'Cargo.toml', 'Keep ring: turn off default features (aws-lc-rs) and list the others');
    });
    it('a renamed package', () => {
      assert.strictEqual(findingsOf(one('tls = { package = "rustls", version = "^0.23.5", features = ["ring"] }'), ID).length, 1);
    });
  });
  describe('does not flag', () => {
    it('exactly one provider, rustls before 0.23, other crates with a ring feature', () => {
      const deps = [
        'rustls = "0.23"',
        'a = { package = "rustls", version = "0.23", default-features = false, features = ["ring", "std"] }',
        'b = { package = "rustls", version = "0.23", default-features = false, features = ["aws_lc_rs"] }',
        'c = { package = "rustls", version = "0.21", features = ["dangerous_configuration"] }',
        'quinn = { version = "0.11", features = ["ring"] }',
      ].join('\n');
      for (const d of deps.split('\n')) assert.deepStrictEqual(findingsOf(one(d), ID), [], d);
    });
  });
});

describe(`${ID}: dotted keys`, () => {
  it('reports on the dependency-name segment of a dotted key', () => {
    const text = 'dependencies.rustls.version = "0.23"\ndependencies.rustls.features = ["ring"]\n\n[package]\nname = "svc"\nversion = "0.1.0"\n';
    const found = findingsOf({ 'Cargo.toml': text }, ID);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(covered(text, found[0]), 'rustls');
    assert.deepStrictEqual([found[0].range.start.line, found[0].range.start.character], [0, 13]);
    const after = fixed({ 'Cargo.toml': text }, ID, 'Cargo.toml', /^Keep ring/);
    assert.ok(after['Cargo.toml'].startsWith('dependencies.rustls.version = "0.23"\ndependencies.rustls.features = ["ring", "logging", "std", "tls12"]\ndependencies.rustls.default-features = false\n'), after['Cargo.toml']);
  });
});

describe(`${ID}: providers unified from different dependencies`, () => {
  it('quinn 0.11 defaults (ring) next to rustls defaults (aws-lc-rs) in one crate: both reported, no fix', () => {
    const files = one('quinn = "0.11"\nrustls = "0.23"');
    const found = findingsOf(files, ID);
    assert.deepStrictEqual(found.map((d) => covered(files['Cargo.toml'], d)), ['quinn', 'rustls']);
    assert.match(found[0].message, /`quinn` turns on rustls's `ring` \(default features\) while `rustls` turns on `aws-lc-rs` \(default features\).*this crate's build/);
    assert.deepStrictEqual(found[0].fixes, []);
    assert.strictEqual(found[0].related[0].message, '`rustls` turns on aws-lc-rs');
  });
  it('across workspace members: a ring-only rustls and tokio-rustls 0.26 defaults', () => {
    const files: Files = {
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'crates/server/Cargo.toml': pkg('server', 'rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }'),
      'crates/client/Cargo.toml': pkg('client', 'tokio-rustls = "0.26"'),
    };
    const server = findingsOf(files, ID, 'crates/server/Cargo.toml');
    assert.strictEqual(server.length, 1);
    assert.match(server[0].message, /`tokio-rustls` in crates\/client\/Cargo\.toml turns on `aws-lc-rs`.*workspace build/);
    assert.strictEqual(server[0].related[0].path, 'crates/client/Cargo.toml');
    assert.strictEqual(findingsOf(files, ID, 'crates/client/Cargo.toml').length, 1);
  });
  it('reqwest 0.12 rustls-tls (ring) with hyper-rustls defaults (aws-lc-rs)', () => {
    assert.strictEqual(findingsOf(one('reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "json"] }\nhyper-rustls = "0.27"'), ID).length, 2);
  });
  it('not when every dependency selects the same provider, or for older majors', () => {
    const deps = [
      'quinn = { version = "0.11", default-features = false, features = ["runtime-tokio", "rustls-ring"] }',
      'rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }',
      'tokio-rustls = { version = "0.26", default-features = false, features = ["ring"] }',
      'reqwest = { version = "0.11", features = ["rustls-tls"] }',
      'hyper-rustls = "0.24"',
    ].join('\n');
    assert.deepStrictEqual(findingsOf(one(deps), ID), []);
  });
  it('not again when one dependency is ambiguous by itself (that one is reported alone)', () => {
    const found = findingsOf(one('quinn = "0.11"\nrustls = { version = "0.23", features = ["ring"] }'), ID);
    assert.deepStrictEqual(found.map((d) => d.fixes.length > 0), [true]);
  });
});

describe(`${ID}: providers selected by other dependencies`, () => {
  it('SyncTV-style: rustls with defaults off and no provider, the provider chosen through sqlx/lettre features: not reported', () => {
    const files: Files = {
      'Cargo.toml': [
        '[workspace]', 'members = ["core"]', '', '[workspace.dependencies]',
        'sqlx = { version = "0.8", features = [', '    "runtime-tokio",', '    "tls-rustls-aws-lc-rs",', '] }',
        'tokio-rustls = { version = "0.26.4", default-features = false, features = ["logging", "tls12"] }',
        'rustls = { version = "0.23.38", default-features = false, features = ["std", "logging", "tls12"] }',
        'lettre = { version = "0.11", default-features = false, features = ["rustls-no-provider", "aws-lc-rs"] }', '',
      ].join('\n'),
      'core/Cargo.toml': pkg('core', 'sqlx.workspace = true\nrustls.workspace = true\ntokio-rustls.workspace = true\nlettre.workspace = true'),
    };
    assert.deepStrictEqual(findingsOf(files, ID), []);
  });
  it('sqlx tls-rustls-ring next to rustls defaults (aws-lc-rs)', () => {
    const found = findingsOf(one('sqlx = { version = "0.8", features = ["runtime-tokio", "tls-rustls-ring", "postgres"] }\nrustls = "0.23"'), ID);
    assert.strictEqual(found.length, 2);
    assert.match(found[0].message, /`sqlx` turns on rustls's `ring` \(feature `tls-rustls-ring`\)/);
  });
});

describe(`${ID}: multi-line arrays`, () => {
  it('a multi-line features array in [workspace.dependencies]: the fix rewrites it and stays valid', () => {
    const text = '[workspace]\nmembers = []\n\n[workspace.dependencies]\nrustls = { version = "0.23", features = [\n    "ring",\n    "tls12",\n] }\n';
    const files: Files = { 'Cargo.toml': text };
    const found = findingsOf(files, ID);
    assert.strictEqual(covered(text, found[0]), 'rustls');
    const after = assertFixWorks(files, ID, 'Cargo.toml', 'Keep ring: turn off default features (aws-lc-rs) and list the others');
    assert.ok(after['Cargo.toml'].includes('rustls = { version = "0.23", features = ["ring", "tls12", "logging", "std"], default-features = false }'), after['Cargo.toml']);
  });
});
