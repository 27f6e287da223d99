import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { createEngine } from '../../rules';
import { scanWorkspace } from '../../server/src/core/engine/scan';
import { WorkspaceModel } from '../../server/src/core/engine/workspace';
import { generate, WS } from '../../scripts/bench';

const CLI = path.resolve(__dirname, '..', '..', 'server', 'src', 'cli', 'main.js');
const REPO = path.resolve(__dirname, '..', '..', '..');

function json(target: string, jobs: number, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [CLI, target, '--format', 'json', '--fail-on', 'none', '--profile', 'audit', '--jobs', String(jobs)], {
    encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env },
  });
  assert.strictEqual(r.status, 0, r.stderr);
  return r.stdout;
}

describe('CLI: scan on worker threads (--jobs)', function () {
  this.timeout(180000);

  before(() => generate());

  it('uses the worker pool on a large workspace (bench-workspace: 2 threads for --jobs 2)', async () => {
    const engine = createEngine();
    const model = new WorkspaceModel(WS, { knownRules: engine.knownIds });
    const scan = await scanWorkspace(engine, model, { jobs: 2 });
    assert.strictEqual(scan.threads, 2);
    assert.ok(scan.files.size >= 300);
  });

  it('bench-workspace: --jobs 2 and 3 print the same JSON as --jobs 1, byte for byte (audit profile: every tier)', () => {
    const one = json(WS, 1);
    assert.ok(JSON.parse(one).findings.length > 500, 'the workspace has findings to compare');
    assert.strictEqual(json(WS, 2), one);
    assert.strictEqual(json(WS, 3), one);
  });

  for (const example of ['chat-service', 'stream-service']) {
    it(`examples/${example}: the pool (forced on below its file threshold) prints the same JSON as one thread`, () => {
      const dir = path.join(REPO, 'examples', example);
      const one = json(dir, 1);
      assert.ok(JSON.parse(one).findings.length > 0);
      assert.strictEqual(json(dir, 2, { RUST_READINESS_POOL_MIN_BYTES: '1' }), one);
    });
  }

  it('rejects --jobs that is not a whole number of at least 1', () => {
    const r = spawnSync(process.execPath, [CLI, WS, '--jobs', '0'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /--jobs must be a whole number of at least 1/);
  });
});
