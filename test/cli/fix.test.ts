/** `--fix` writes only inside the workspace, never corrupts a file, and keeps what it does not own (a BOM). */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyEdits } from '../../server/src/core/engine/fixes';
import { manifest } from '../helpers/fixtures';
import { writeWorkspace } from '../helpers/workspace';

const CLI = path.resolve(__dirname, '..', '..', 'server', 'src', 'cli', 'main.js');
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const pos = (line: number, character: number) => ({ line, character });

describe('CLI --fix', function () {
  this.timeout(30000);

  it('applies an insert and a replace at the same position the way LSP clients do (insert first, both on the original text)', () => {
    const text = 'quicproquo::run();\n';
    const out = applyEdits(text, [
      { range: { start: pos(0, 0), end: pos(0, 10) }, newText: 'quicprochat' },
      { range: { start: pos(0, 0), end: pos(0, 0) }, newText: 'use anyhow::Context;\n' },
    ]);
    assert.strictEqual(out, 'use anyhow::Context;\nquicprochat::run();\n');
    const skipped: Parameters<typeof applyEdits>[1][number][] = [];
    assert.strictEqual(applyEdits('abcdef', [
      { range: { start: pos(0, 0), end: pos(0, 4) }, newText: 'X' },
      { range: { start: pos(0, 2), end: pos(0, 6) }, newText: 'Y' },
    ], skipped), 'Xef');
    assert.strictEqual(skipped.length, 1, 'the overlapping edit is skipped, not spliced into the first');
  });

  it('a stale-name rename at the start of a file and the `use anyhow::Context;` insertion there both land intact', () => {
    const root = writeWorkspace({
      'Cargo.toml': manifest(),
      'src/main.rs': 'quicproquo::start();\nfn f() -> anyhow::Result<()> { std::env::var("A").expect("A"); Ok(()) }\n',
      '.readiness.toml': '[rename]\nquicproquo = "quicprochat"\n\n[rules]\nci-workflow-missing = "off"\ndeny-config-missing = "off"\ncodeowners-missing = "off"\n',
    });
    const r = run([root, '--fix', '--fail-on', 'none']);
    assert.strictEqual(r.status, 0, r.stderr);
    const text = fs.readFileSync(path.join(root, 'src/main.rs'), 'utf8');
    assert.match(text, /^use anyhow::Context;\n\nquicprochat::start\(\);\n/);
    assert.match(text, /std::env::var\("A"\)\.context\("A"\)\?/);
  });

  it('never writes through a symbolic link or outside the workspace, and says so', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-outside-'));
    const root = writeWorkspace({ 'Cargo.toml': manifest(''), 'src/main.rs': 'fn main() {}\n' });
    fs.symlinkSync(outside, path.join(root, '.github'));
    fs.symlinkSync(path.join(outside, 'deny.toml'), path.join(root, 'deny.toml')); // dangling
    const r = run([root, '--fix', '--profile', 'audit', '--fail-on', 'none']);
    assert.deepStrictEqual(fs.readdirSync(outside), [], 'nothing was written outside the workspace');
    assert.match(r.stderr, /not fixing \.github\/workflows\/ci\.yml: it is outside the workspace folder or reached through a symbolic link/);
    assert.match(r.stderr, /not fixing deny\.toml: it is outside the workspace folder or reached through a symbolic link/);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('keeps a UTF-8 BOM in front of the file and edits at the right columns; a BOM-prefixed .readiness.toml is read', () => {
    const root = writeWorkspace({
      'Cargo.toml': manifest(),
      'src/main.rs': '\uFEFFfn main() -> anyhow::Result<()> { let p = std::env::var("A").expect("p"); Ok(()) }\n',
      '.readiness.toml': '\uFEFF[rules]\nci-workflow-missing = "off"\ndeny-config-missing = "off"\ncodeowners-missing = "off"\n',
    });
    const r = run([root, '--fix', '--fail-on', 'none']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(fs.readFileSync(path.join(root, 'src/main.rs'), 'utf8'),
      '\uFEFFuse anyhow::Context;\n\nfn main() -> anyhow::Result<()> { let p = std::env::var("A").context("p")?; Ok(()) }\n');
  });

  it('lone-CR line endings (old Mac, mixed files): findings on the right line and --fix splices at the right offsets', () => {
    const main = 'use std::io;\rfn main() -> anyhow::Result<()> {\r    let p = std::env::var("A").expect("p");\r    Ok(())\r}\r';
    const root = writeWorkspace({ 'Cargo.toml': manifest(), 'src/main.rs': main, '.readiness.toml': '[rules]\nci-workflow-missing = "off"\ndeny-config-missing = "off"\ncodeowners-missing = "off"\n' });
    const check = run([root, '--format', 'json', '--fail-on', 'none']);
    const finding = JSON.parse(check.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'panic-in-production');
    assert.deepStrictEqual([finding.line, finding.column], [3, 32], check.stdout);
    const r = run([root, '--fix', '--fail-on', 'none']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(fs.readFileSync(path.join(root, 'src/main.rs'), 'utf8'),
      'use std::io;\ruse anyhow::Context;\rfn main() -> anyhow::Result<()> {\r    let p = std::env::var("A").context("p")?;\r    Ok(())\r}\r');
    const fixed = fs.readFileSync(path.join(root, 'src/main.rs'), 'utf8');
    run([root, '--fix', '--fail-on', 'none']);
    assert.strictEqual(fs.readFileSync(path.join(root, 'src/main.rs'), 'utf8'), fixed, 'a second --fix changes nothing');
  });

  it('a file that cannot be written: the other files are fixed, one line names it, the summary counts it, exit 2', function () {
    // root writes anywhere: run the CLI as nobody, with one folder read-only to it.
    if (process.getuid?.() !== 0) this.skip();
    const root = writeWorkspace({
      'Cargo.toml': manifest('tracing = "0.1"'),
      'src/main.rs': 'mod ro;\nfn main() { let token = std::env::var("T").unwrap_or_default(); tracing::info!("token {}", token); }\n',
      'src/ro/mod.rs': 'pub fn f(token: &str) { tracing::info!("token {}", token); }\n',
    });
    const before = fs.readFileSync(path.join(root, 'src/ro/mod.rs'), 'utf8');
    for (const d of [root, path.join(root, 'src')]) fs.chmodSync(d, 0o777);
    for (const f of ['Cargo.toml', 'src/main.rs', 'src/ro/mod.rs']) fs.chmodSync(path.join(root, f), 0o666);
    fs.chmodSync(path.join(root, 'src/ro'), 0o555);
    try {
      const r = spawnSync(process.execPath, [CLI, root, '--fix', '--fail-on', 'none'], { encoding: 'utf8', uid: 65534, gid: 65534 });
      assert.strictEqual(r.status, 2, r.stderr);
      assert.match(r.stderr, /rust-readiness: not fixing src\/ro\/mod\.rs: EACCES/);
      assert.match(r.stderr, /applied [1-9]\d* fix(?:es)?; 1 not applied \(see above\)/);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      assert.match(fs.readFileSync(path.join(root, 'src/main.rs'), 'utf8'), /\[redacted\]/);
      assert.strictEqual(fs.readFileSync(path.join(root, 'src/ro/mod.rs'), 'utf8'), before);
      assert.deepStrictEqual(fs.readdirSync(path.join(root, 'src')).filter((f) => f.endsWith('.tmp')), []);
    } finally {
      fs.chmodSync(path.join(root, 'src/ro'), 0o755);
    }
  });

  it('a second --fix changes nothing', () => {
    const root = writeWorkspace({
      'Cargo.toml': manifest(),
      'src/main.rs': 'fn main() -> anyhow::Result<()> { let p = std::env::var("APP").expect("p"); Ok(()) }\n',
      'Dockerfile': 'FROM rust:1.82 AS build\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /target/release/app /app\nCMD ["/app"]\n',
      '.readiness.toml': '[rename]\napp = "app_server"\n',
    });
    run([root, '--fix', '--fail-on', 'none']);
    // Every file, created ones included: the first run creates the CI workflow, which makes the
    // missing dependabot config a finding whose fix the same run applies.
    const snapshot = (dir = root, rel = ''): Record<string, string> => Object.assign({}, ...fs.readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? snapshot(path.join(dir, e.name), `${rel}${e.name}/`) : { [`${rel}${e.name}`]: fs.readFileSync(path.join(dir, e.name), 'utf8') }));
    const first = snapshot();
    assert.ok('.github/workflows/ci.yml' in first && '.github/dependabot.yml' in first, Object.keys(first).join(', '));
    const second = run([root, '--fix', '--fail-on', 'none']);
    assert.match(second.stderr, /applied 0 fixes/);
    assert.deepStrictEqual(snapshot(), first);
  });
});
