import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { writeWorkspace } from '../helpers/workspace';

const CLI = path.resolve(__dirname, '..', '..', 'server', 'src', 'cli', 'main.js');
const REPO = path.resolve(__dirname, '..', '..', '..');

function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Workspace-level rules the CLI tests are not about, switched off so the counts stay about panics and .gitignore. */
const QUIET = '[rules]\nci-workflow-missing = "off"\ndeny-config-missing = "off"\ncodeowners-missing = "off"\n';

const service = () => writeWorkspace({
  'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nanyhow = "1"\n',
  'src/main.rs': 'use anyhow::Result;\n\nfn main() -> Result<()> {\n    let p: u16 = "1".parse().expect("port");\n    Ok(())\n}\n',
  'config.toml': 'db_path = "data/app.db"\n',
  '.gitignore': '/target\n',
  '.readiness.toml': QUIET,
});

describe('CLI', function () {
  this.timeout(30000);

  it('prints findings grouped by file with path:line:col, severity, rule id and message; exits 1 on errors', () => {
    const root = service();
    const r = run([root]);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stdout, /^src\/main\.rs$/m);
    assert.match(r.stdout, /src\/main\.rs:4:30 {2}warning {2}panic-in-production {2}`\.expect\("port"\)`/);
    assert.match(r.stdout, /\.gitignore:1:1 {2}error {2}gitignore-missing-secrets/);
  });

  it('exits 0 when nothing reaches --fail-on, and 1 when it does', () => {
    const root = writeWorkspace({ 'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n', 'src/lib.rs': 'pub fn f(x: Option<u8>) -> u8 { x.unwrap() }\n' });
    const onlyWarnings = run([path.join(root, 'src', 'lib.rs')]);
    assert.strictEqual(onlyWarnings.code, 0, onlyWarnings.stdout);
    assert.strictEqual(run([path.join(root, 'src', 'lib.rs'), '--fail-on', 'warning']).code, 1);
    assert.strictEqual(run([root, '--fail-on', 'none']).code, 0);
  });

  it('exits 2 for usage errors and a broken config', () => {
    assert.strictEqual(run(['--format', 'xml', '.']).code, 2);
    assert.strictEqual(run(['--bogus']).code, 2);
    assert.strictEqual(run(['/no/such/path']).code, 2);
    const root = service();
    fs.writeFileSync(path.join(root, '.readiness.toml'), QUIET + 'panic-in-production = "loud"\n');
    const r = run([root]);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /configuration error: \.readiness\.toml:5/);
  });

  it('applies the config: severities, off, exclude', () => {
    const root = service();
    fs.writeFileSync(path.join(root, '.readiness.toml'), 'exclude = ["config.toml"]\n' + QUIET + 'panic-in-production = "error"\n');
    const r = run([root, '--format', 'json']);
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; severity: string }[];
    assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.severity]), [['panic-in-production', 'error']]);
  });

  it('writes SARIF 2.1.0 that validates against the schema, with rules, regions and fixes', () => {
    const root = service();
    const out = path.join(root, 'out.sarif');
    const r = run([root, '--format', 'sarif', '--output', out]);
    assert.strictEqual(r.code, 1);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sarif: any = JSON.parse(fs.readFileSync(out, 'utf8'));
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The official schema has a language-tag pattern that is invalid under the `u` flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid: boolean = validate(sarif);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    const run0 = sarif.runs[0];
    const result = run0.results.find((x: { ruleId: string }) => x.ruleId === 'panic-in-production');
    assert.deepStrictEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'src/main.rs', uriBaseId: 'SRCROOT' });
    assert.deepStrictEqual(result.locations[0].physicalLocation.region, { startLine: 4, startColumn: 30, endLine: 4, endColumn: 36 });
    assert.strictEqual(result.level, 'warning');
    assert.strictEqual(run0.tool.driver.rules[result.ruleIndex].id, 'panic-in-production');
    assert.ok(result.fixes[0].artifactChanges[0].replacements.length >= 1);
  });

  it('--fix applies the preferred fixes and reports what is left', () => {
    const root = service();
    const r = run([root, '--fix']);
    assert.match(r.stderr, /applied 2 fixes/);
    assert.strictEqual(r.code, 0, r.stdout);
    assert.match(fs.readFileSync(path.join(root, 'src', 'main.rs'), 'utf8'), /\.context\("port"\)\?;/);
    assert.match(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'), /^data\/$/m);
  });

  it('runs from the bin entry and through npm run check', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.strictEqual(path.resolve(REPO, pkg.bin['rust-readiness']), CLI);
    assert.match(fs.readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node/);
    const out = execFileSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
    assert.strictEqual(out.trim(), pkg.version);
  });

  it('skips binary and oversized files with a note and analyses the rest', () => {
    const root = service();
    fs.writeFileSync(path.join(root, 'src', 'blob.rs'), Buffer.from([0, 159, 146, 150]));
    fs.writeFileSync(path.join(root, 'src', 'big.rs'), 'fn f() { x.unwrap(); }\n'.repeat(100000));
    const r = run([root]);
    assert.match(r.stderr, /blob\.rs looks binary/);
    assert.match(r.stderr, /big\.rs is 2\.\dMB|big\.rs is .* over the/);
    assert.match(r.stdout, /panic-in-production/);
  });
});
