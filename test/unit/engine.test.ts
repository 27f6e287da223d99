import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRules, engineRules } from '../../rules';
import { Engine } from '../../server/src/core/engine/engine';
import { Analyzer } from '../../server/src/core/engine/analyzer';
import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { WorkspaceModel } from '../../server/src/core/engine/workspace';
import { writeWorkspace } from '../helpers/workspace';

describe('engine', () => {
  it('the workspace model follows git: a nested .gitignore re-includes (last match wins), target/ and ignored directories stay out', () => {
    const root = writeWorkspace({
      'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n',
      '.gitignore': '*.yaml\n/build\n',
      'deploy/.gitignore': '!deployment.yaml\n',
      'deploy/deployment.yaml': 'kind: Deployment\n',
      'deploy/values.yaml': 'x: 1\n',
      'build/out.rs': 'fn f() {}\n',
      'src/main.rs': 'fn main() {}\n',
    });
    const model = new WorkspaceModel(root, { knownRules: new Engine(allRules, engineRules).knownIds });
    assert.ok(model.files.includes('deploy/deployment.yaml'), model.files.join(' '));
    assert.ok(!model.files.includes('deploy/values.yaml') && !model.files.includes('build/out.rs'));
    assert.strictEqual(model.isIgnored('deploy/deployment.yaml', false), false);
    assert.strictEqual(model.isIgnored('deploy/values.yaml', false), true);
    assert.strictEqual(model.isIgnored('build/out.rs', false), true);
    assert.strictEqual(model.isIgnored('target/debug/build/x/out/gen.rs', false), true);
    assert.strictEqual(model.isIgnored('.git/config', false), true);
  });

  it('a link git tracks to a file inside the workspace exists (.dockerignore -> .gitignore) but is analysed through its target only; links out of it, dangling or to folders are not followed', function () {
    if (process.platform === 'win32') this.skip();
    const root = writeWorkspace({ 'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n', '.gitignore': 'target\n', 'src/main.rs': 'fn main() {}\n' });
    const outside = writeWorkspace({ 'secret.env': 'TOKEN=x\n' });
    fs.symlinkSync('.gitignore', path.join(root, '.dockerignore'));
    fs.symlinkSync(path.join(outside, 'secret.env'), path.join(root, '.env'));
    fs.symlinkSync(root, path.join(root, 'loop'));
    fs.symlinkSync(path.join(root, 'missing.toml'), path.join(root, 'deny.toml'));
    const model = new WorkspaceModel(root, { knownRules: new Engine(allRules, engineRules).knownIds });
    assert.ok(model.exists('.dockerignore'));
    // The alias exists; its target is what is analysed (no finding twice).
    assert.ok(!model.files.includes('.dockerignore') && model.files.includes('.gitignore'));
    assert.ok(!model.exists('.env') && !model.exists('deny.toml') && !model.allFiles().some((f) => f.startsWith('loop/')));
  });

  it('a storm of watcher events for build output is dropped in one pass; a real new file is added', () => {
    const root = writeWorkspace({ 'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n', '.gitignore': '/dist\n', 'src/main.rs': 'fn main() {}\n' });
    fs.mkdirSync(path.join(root, 'target', 'debug', 'build', 'x', 'out'), { recursive: true });
    fs.writeFileSync(path.join(root, 'target', 'debug', 'build', 'x', 'out', 'gen.rs'), 'fn g() { std::env::var("A").unwrap(); }\n');
    fs.writeFileSync(path.join(root, 'src', 'new.rs'), 'fn n() {}\n');
    const model = new WorkspaceModel(root, { knownRules: new Engine(allRules, engineRules).knownIds });
    const changes: { path: string; change: 'created' }[] = [];
    for (let i = 0; i < 3000; i++) changes.push({ path: `target/debug/build/x/out/gen${i}.rs`, change: 'created' }, { path: `dist/bundle${i}.js.map`, change: 'created' });
    changes.push({ path: 'target/debug/build/x/out/gen.rs', change: 'created' }, { path: 'target', change: 'created' }, { path: 'src/new.rs', change: 'created' });
    const started = Date.now();
    model.filesChanged(changes);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.deepStrictEqual(model.files.filter((f) => f.endsWith('.rs')), ['src/main.rs', 'src/new.rs']);
  });


  it('the workspace model reads regular files only: a created FIFO or a link to /dev/zero is skipped with a note at once', function () {
    if (process.platform === 'win32') this.skip();
    const root = writeWorkspace({ 'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n', 'src/lib.rs': 'pub fn f() {}\n' });
    require('child_process').execFileSync('mkfifo', [path.join(root, 'src', 'pipe.rs')]);
    fs.symlinkSync('/dev/zero', path.join(root, 'src', 'zero.rs'));
    const model = new WorkspaceModel(root, { knownRules: new Engine(allRules, engineRules).knownIds });
    model.fileChanged('src/pipe.rs', 'created');
    model.fileChanged('src/zero.rs', 'created');
    const started = Date.now();
    assert.strictEqual(model.document('src/pipe.rs'), undefined);
    assert.strictEqual(model.document('src/zero.rs'), undefined);
    assert.ok(Date.now() - started < 1000);
    assert.deepStrictEqual(model.skipped.map((s) => s.message).sort(), [
      'src/pipe.rs is a named pipe, not a regular file: it is not analysed.',
      'src/zero.rs is a device, not a regular file: it is not analysed.',
    ]);
  });


  it('a rule that throws loses only its own findings, and the error is reported', () => {
    const broken = defineDocumentRule({
      meta: { ...allRules[0].meta, id: 'broken-rule' },
      fileKinds: ['rust'],
      check() { throw new Error('boom'); },
    });
    const engine = new Engine([broken, ...allRules], engineRules);
    const errors: string[] = [];
    engine.onRuleError = (id, path, e) => errors.push(`${id} ${path} ${(e as Error).message}`);
    const root = writeWorkspace({ 'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n', 'src/lib.rs': 'pub fn f(x: Option<u8>) -> u8 { env::var("X").unwrap() }\n' });
    const model = new WorkspaceModel(root, { knownRules: engine.knownIds });
    const diags = new Analyzer(engine, model).analyzeFile('src/lib.rs');
    assert.ok(diags.some((d) => d.ruleId === 'panic-in-production'));
    assert.deepStrictEqual(errors, ['broken-rule src/lib.rs boom']);
  });
});
