import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { writeWorkspace } from '../helpers/workspace';

const CLI = path.resolve(__dirname, '..', '..', 'server', 'src', 'cli', 'main.js');
const REPO = path.resolve(__dirname, '..', '..', '..');

function run(args: string[], cwd = REPO) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MAIN = 'use anyhow::Result;\n\nfn main() -> Result<()> {\n    let p: u16 = args.one.parse().expect("port");\n    let q: u16 = args.two.parse().unwrap();\n    Ok(())\n}\n';
const service = () => writeWorkspace({
  'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nanyhow = "1"\n',
  'src/main.rs': MAIN,
  'config.toml': 'db_path = "data/app.db"\n',
  '.gitignore': '/target\n',
});

function insertAfterLine(file: string, lineNo: number, text: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.splice(lineNo, 0, text);
  fs.writeFileSync(file, lines.join('\n'));
}

describe('CLI report', function () {
  this.timeout(60000);

  it('writes the Markdown report of examples/chat-service with every section', () => {
    const r = run(['report', 'examples/chat-service', '--fail-on', 'none']);
    assert.strictEqual(r.code, 0, r.stderr);
    const md = r.stdout;
    assert.match(md, /^# Production Readiness Report: chat-service$/m);
    assert.match(md, /\*\*Date\*\*: \d{4}-\d{2}-\d{2}/);
    assert.match(md, /\*\*Tool\*\*: rust-readiness \d+\.\d+\.\d+/);
    assert.match(md, /\*\*Rules run\*\*: \d+ of \d+/);
    assert.match(md, /^## Executive Summary$/m);
    assert.match(md, /Production Readiness Score: \*\*\d+\.\d\/10\*\*/);
    assert.match(md, /^## 🔴 P0: Blocks production \(\d+\)$/m);
    assert.match(md, /^## 🟠 P1: Before launch \(\d+\)$/m);
    assert.match(md, /^## 🔵 P2: Continuous improvement \(\d+\)$/m);
    assert.match(md, /^## Summary Checklist$/m);
    assert.match(md, /^## Priority Matrix$/m);
    for (const area of ['Security', 'Reliability', 'Operations', 'Observability', 'Deployment', 'Supply chain']) assert.match(md, new RegExp(`^\\| ${area} \\|`, 'm'));
    // The seed's own findings: the client's expect() in set_auth.
    assert.match(md, /`crates\/chat-client\/src\/lib\.rs:\d+`/);
    assert.match(md, /\(`panic-in-production`\)/);
  });

  it('writes the HTML report to --output, exit code following --fail-on', () => {
    const root = service();
    const out = path.join(root, 'reports', 'readiness.html');
    const r = run(['report', root, '--format', 'html', '--output', out]);
    assert.strictEqual(r.code, 1, 'a P0 finding (gitignore-missing-secrets) fails the default --fail-on error');
    assert.strictEqual(r.stdout, '');
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<svg id="findings-chart"/);
    assert.match(html, /data-path="src\/main\.rs" data-line="4"/);
    assert.strictEqual(run(['report', root, '--format', 'html', '--output', out, '--fail-on', 'none']).code, 0);
  });

  it('rejects formats that do not fit the command (exit 2)', () => {
    const root = service();
    const a = run(['report', root, '--format', 'sarif']);
    assert.strictEqual(a.code, 2);
    assert.match(a.stderr, /report --format must be markdown or html/);
    assert.strictEqual(run([root, '--format', 'markdown']).code, 2);
    assert.strictEqual(run([root, '--format', 'html']).code, 2);
  });

  it('baseline round-trip: written, still baselined after lines move, new findings reported', () => {
    const root = service();
    const baseline = path.join(root, '.readiness-baseline.json');
    const w = run([root, '--write-baseline', baseline, '--fail-on', 'info']);
    assert.strictEqual(w.code, 0, `writing a baseline accepts today's findings: ${w.stdout}${w.stderr}`);
    assert.match(w.stderr, /wrote a baseline of \d+ findings? to/);
    const written = JSON.parse(fs.readFileSync(baseline, 'utf8'));
    assert.ok(written.entries.some((e: { ruleId: string; path: string; code: string }) => e.ruleId === 'panic-in-production' && e.path === 'src/main.rs' && e.code === 'let p: u16 = args.one.parse().expect("port");'));
    assert.ok(written.entries.every((e: object) => !('line' in e)));

    const clean = run([root, '--baseline', baseline, '--fail-on', 'info']);
    assert.strictEqual(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /No findings\./);
    assert.match(clean.stderr, /findings? in the baseline not reported/);

    // Lines inserted above the findings and re-indentation: still baselined.
    insertAfterLine(path.join(root, 'src', 'main.rs'), 2, '// The entry point.\n/// Starts the service.\n');
    insertAfterLine(path.join(root, 'src', 'main.rs'), 5, '    let   name = "svc";');
    const shifted = run([root, '--baseline', baseline, '--fail-on', 'info', '--format', 'json']);
    assert.strictEqual(shifted.code, 0, shifted.stdout);
    assert.deepStrictEqual(JSON.parse(shifted.stdout).findings, []);

    // A new finding is reported (and fails), the old ones stay hidden.
    insertAfterLine(path.join(root, 'src', 'main.rs'), 6, '    let r: u16 = args.six.parse().unwrap();');
    const fresh = run([root, '--baseline', baseline, '--fail-on', 'warning', '--format', 'json']);
    assert.strictEqual(fresh.code, 1, fresh.stdout);
    const findings = JSON.parse(fresh.stdout).findings as { ruleId: string; path: string; line: number }[];
    assert.deepStrictEqual(findings.map((f) => [f.ruleId, f.path, f.line]), [['panic-in-production', 'src/main.rs', 7]]);

    // The same line duplicated: one more than the baseline counted, so one is new.
    const dup = writeWorkspace({ 'Cargo.toml': '[package]\nname = "d"\nversion = "0.1.0"\n', 'src/lib.rs': 'pub fn f(x: &str) -> u8 {\n    x.parse().unwrap()\n}\n' });
    const b2 = path.join(dup, 'b.json');
    assert.strictEqual(run([dup, '--write-baseline', b2, '--fail-on', 'info']).code, 0);
    fs.writeFileSync(path.join(dup, 'src', 'lib.rs'), 'pub fn f(x: &str) -> u8 {\n    x.parse().unwrap()\n}\npub fn g(x: &str) -> u8 {\n    x.parse().unwrap()\n}\n');
    const d = run([dup, '--baseline', b2, '--fail-on', 'warning', '--format', 'json']);
    assert.strictEqual(d.code, 1);
    assert.deepStrictEqual(JSON.parse(d.stdout).findings.map((f: { line: number }) => f.line), [5]);
  });

  it('report with --baseline lists only new findings and says how many are hidden', () => {
    const root = service();
    const baseline = path.join(root, 'baseline.json');
    assert.strictEqual(run([root, '--write-baseline', baseline, '--fail-on', 'none']).code, 0);
    insertAfterLine(path.join(root, 'src', 'main.rs'), 5, '    let r: u16 = args.six.parse().unwrap();');
    const r = run(['report', root, '--baseline', baseline, '--fail-on', 'warning']);
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /\*\*Baseline\*\*: \d+ known findings? hidden \(`[^`]*baseline\.json`\)/);
    assert.match(r.stdout, /`src\/main\.rs:6`/);
    assert.doesNotMatch(r.stdout, /`src\/main\.rs:4`/);
    assert.match(r.stdout, /\| 🟠 P1 \| Before launch \| 1 \|/);
  });

  it('a missing or malformed baseline is a usage error (exit 2)', () => {
    const root = service();
    const missing = run([root, '--baseline', path.join(root, 'nope.json')]);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /no such file \(create it with --write-baseline/);
    fs.writeFileSync(path.join(root, 'bad.json'), '{"findings": []}');
    const bad = run([root, '--baseline', path.join(root, 'bad.json')]);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /not a rust-readiness baseline/);
  });

  it('a broken config still exits 2 with a baseline that lists everything', () => {
    const root = service();
    const baseline = path.join(root, 'b.json');
    fs.writeFileSync(path.join(root, '.readiness.toml'), '[rules]\npanic-in-production = "loud"\n');
    assert.strictEqual(run([root, '--write-baseline', baseline]).code, 2);
    assert.strictEqual(run([root, '--baseline', baseline]).code, 2);
  });
});
