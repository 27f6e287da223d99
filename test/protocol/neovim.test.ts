/**
 * A second real LSP client: headless Neovim (0.7+, Debian's `neovim`) drives the built stdio server
 * on a copy of examples/chat-service through test/nvim/lsp-check.lua. Skipped, with a message, when
 * `nvim` is not installed (bash scripts/setup-editors.sh installs it).
 */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { skipUnlessInstalled } from '../helpers/editors';

const OUT = path.resolve(__dirname, '../..'); // out/ (or a helper's out-*/)
const REPO = path.resolve(OUT, '..');
const SERVER = path.join(OUT, 'server/src/server.js');
const SCRIPT = path.join(REPO, 'test/nvim/lsp-check.lua');
const FILE = 'crates/chat-server/src/main.rs';
const FIX = 'Replace `.expect(…)` with `.context(…)?`';

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

interface NvimRun { code: number | null; lines: string[]; stderr: string }

function runNvim(cwd: string, env: Record<string, string>): Promise<NvimRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`], {
      cwd, env: { ...process.env, ...env, XDG_STATE_HOME: path.join(cwd, '.nvim-state'), XDG_DATA_HOME: path.join(cwd, '.nvim-data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`nvim did not exit in 40 s:\n${stdout}\n${stderr}`)); }, 40000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, lines: stdout.split(/\r?\n/).filter(Boolean), stderr }); });
  });
}

describe('Neovim as an LSP client (stdio server)', function () {
  this.timeout(60000);
  const version = nvimVersion();
  let ws: string;

  before(function () {
    skipUnlessInstalled(this, !!version, '`nvim`');
    assert.ok(fs.existsSync(SERVER), `${SERVER} not built`);
  });
  beforeEach(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-readiness-nvim-'));
    fs.cpSync(path.join(REPO, 'examples/chat-service'), ws, { recursive: true });
  });
  afterEach(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('receives panic-in-production on main.rs, workspace findings, and the code actions', async () => {
    const r = await runNvim(ws, { SERVER: `${process.execPath} ${SERVER} --stdio`, FILE, EXPECT_WS: '.gitignore gitignore-missing-secrets' });
    const text = r.lines.join('\n');
    assert.strictEqual(r.code, 0, `nvim exited ${r.code}:\n${text}\n${r.stderr}`);
    const diag = r.lines.find((l) => /^DIAG \d+:\d+ panic-in-production /.test(l));
    assert.ok(diag, `no panic-in-production diagnostic:\n${text}`);
    const lineNo = Number(/^DIAG (\d+):/.exec(diag)![1]);
    const source = fs.readFileSync(path.join(ws, FILE), 'utf8').split('\n')[lineNo - 1];
    assert.ok(source.includes('.expect("Invalid HTTP address")'), `diagnostic on line ${lineNo}: ${source}`);
    assert.ok(r.lines.includes(`ACTION ${FIX}`), `no "${FIX}" action:\n${text}`);
    assert.ok(r.lines.includes('ACTION Ignore panic-in-production for this line'), text);
    assert.ok(r.lines.includes('ACTION Show documentation for panic-in-production'), text);
    assert.ok(r.lines.some((l) => /^WSDIAG \.gitignore gitignore-missing-secrets$/.test(l)), `no finding on the unopened .gitignore:\n${text}`);
    const time = r.lines.find((l) => l.startsWith('TIME '));
    if (time) console.log(`      (${version}: ${time.slice(5)})`);
  });

  it('applies the quick fix through Neovim\'s own workspace-edit code', async () => {
    const r = await runNvim(ws, { SERVER: `${process.execPath} ${SERVER} --stdio`, FILE, FIX_TITLE: FIX });
    const text = r.lines.join('\n');
    assert.strictEqual(r.code, 0, `nvim exited ${r.code}:\n${text}\n${r.stderr}`);
    const fixed = r.lines.filter((l) => l.startsWith('FIXED ')).map((l) => l.slice(6));
    assert.ok(fixed.some((l) => l.trim() === '.context("Invalid HTTP address")?;'), `not fixed:\n${fixed.join('\n')}`);
    assert.ok(!fixed.some((l) => l.includes('.expect(')), fixed.join('\n'));
    assert.ok(fixed.includes('use anyhow::Context;'), `no import:\n${fixed.join('\n')}`);
    assert.ok(fixed.includes('use anyhow::Result;'), fixed.join('\n'));
  });
});
