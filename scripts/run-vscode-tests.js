#!/usr/bin/env node
/**
 * Runs the extension's integration suite (test/e2e/suite) inside the real VS Code extension host of
 * code-server (VS Code 1.100.3), driven by headless Chromium through playwright-core. No VS Code
 * download is needed: install code-server first with `bash scripts/setup-editors.sh`.
 *
 *   node scripts/run-vscode-tests.js --dev              the extension from this repo (extensionDevelopmentPath = repo)
 *   node scripts/run-vscode-tests.js --vsix FILE.vsix   the packaged extension, installed with
 *                                                       `code-server --install-extension` into a fresh extensions dir
 * Options:
 *   --tests DIR          compiled suite folder (default out/test/e2e/suite; needs index.js exporting run())
 *   --workspace DIR      workspace copied to a temp folder for the run (default examples/chat-service)
 *   --screenshot [FILE]  save the README screenshot during the UI checks (default FILE docs/images/diagnostics.png)
 *   --no-ui              skip the UI checks (after the suite, a fresh window on a fresh copy opens main.rs
 *                        and the page is checked for the squiggle, the status bar item, the Problems row)
 *   --timeout SECONDS    give up on the suite after this long (default 240)
 *   --keep               keep the run folder (.test-run/<mode>-<time>) and the workspace copy
 *
 * How: code-server refuses --extensionDevelopmentPath on its command line, but the workbench reads
 * extensionDevelopmentPath / extensionTestsPath from the page URL's `payload` parameter. The suite's
 * run() executes in the Node extension host with the real `vscode` API and its result arrives through
 * window.codeAutomationExit. The extension host only runs a test runner when an extension is under
 * development, so --vsix mode passes an empty harness extension (its own id, no code) as the
 * extensionDevelopmentPath: the extension under test is then the INSTALLED one, loaded from the
 * extensions dir exactly as a user gets it (the suite checks where it was loaded from).
 *
 * Exit code: the suite's (0 all passed), 3 on timeout, 1 on a harness error. The last line printed is
 * "VS Code suite (<mode>): N passed, N failed".
 */

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const util = require('util');

const ROOT = path.resolve(__dirname, '..');
const CODE_SERVER = path.join(ROOT, '.editor-tools/code-server/node_modules/.bin/code-server');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const EXTENSION_ID = 'rust-readiness.rust-readiness';
// Workbench chatter and the (offline) extension gallery lookup, left out of the log.
const NOISE = /open-vsx\.org|Creating a socket|Resolv(?:ing|ed) connection token|\[Service Worker\]|ChatSessionStore|Updating additional builtin extensions/;

function parseCli(argv) {
  const o = { mode: undefined, vsix: undefined, tests: 'out/test/e2e/suite', workspace: 'examples/chat-service',
    screenshot: undefined, ui: true, timeout: 240, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--dev') o.mode = 'dev';
    else if (a === '--vsix') { o.mode = 'vsix'; o.vsix = path.resolve(next()); }
    else if (a === '--tests') o.tests = next();
    else if (a === '--workspace') o.workspace = next();
    else if (a === '--timeout') o.timeout = Number(next());
    else if (a === '--keep') o.keep = true;
    else if (a === '--no-ui') o.ui = false;
    else if (a === '--screenshot') {
      o.screenshot = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'docs/images/diagnostics.png';
    } else usage(`unknown argument ${a}`);
  }
  if (!o.mode) usage('give --dev or --vsix FILE');
  if (o.screenshot && !o.ui) usage('--screenshot needs the UI checks (drop --no-ui)');
  return o;
}

function usage(msg) {
  console.error(`run-vscode-tests: ${msg}\nUsage: node scripts/run-vscode-tests.js (--dev | --vsix FILE) [--tests DIR] [--workspace DIR] [--screenshot [FILE]] [--no-ui] [--timeout S] [--keep]`);
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(1000, () => { req.destroy(); resolve(0); });
  });
}

async function waitHealthy(base, child, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready`);
    if ((await get(`${base}/healthz`)) === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${base}/healthz within ${ms} ms`);
}

function copyDir(src, dst) {
  fs.cpSync(src, dst, { recursive: true, filter: (p) => !/[\\/](target|node_modules)$/.test(p) });
}

const SYSTEM_TMP = os.tmpdir();

async function main() {
  const opts = parseCli(process.argv.slice(2));
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server is not installed: run  bash scripts/setup-editors.sh`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run  bash scripts/setup-editors.sh`);
  const testsDir = path.resolve(ROOT, opts.tests);
  if (!fs.existsSync(path.join(testsDir, 'index.js'))) throw new Error(`${testsDir}/index.js not found: compile first (npm run compile)`);
  if (opts.mode === 'vsix' && !fs.existsSync(opts.vsix)) throw new Error(`${opts.vsix} not found: run  npm run package`);

  // Everything the run writes lives in one folder, so nothing lands in $HOME or /tmp.
  const run = path.join(ROOT, '.test-run', `${opts.mode}-${Date.now().toString(36)}`);
  const dirs = {};
  for (const d of ['config', 'data', 'cache', 'tmp', 'user-data', 'extensions', 'chromium-profile', 'logs']) {
    dirs[d] = path.join(run, d);
    fs.mkdirSync(dirs[d], { recursive: true });
  }
  // VS Code puts unix sockets in TMPDIR; their paths must stay under 107 bytes.
  let shortTmp;
  if (dirs.tmp.length > 48) dirs.tmp = shortTmp = fs.mkdtempSync(path.join(SYSTEM_TMP, 'rr-e2e-'));
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp, HOME: process.env.HOME };
  process.env.TMPDIR = dirs.tmp; // playwright's own temp files
  fs.mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'git.enabled': false,
    'security.workspace.trust.enabled': false,
    'editor.hover.delay': 100,
  }, null, 2));

  // The workspace copy lives outside the repo so the repo's .gitignore (which ignores .test-run/) cannot apply to it.
  const wsParent = fs.mkdtempSync(path.join(SYSTEM_TMP, 'rust-readiness-e2e-'));
  const workspace = path.join(wsParent, path.basename(opts.workspace));
  copyDir(path.resolve(ROOT, opts.workspace), workspace);
  const uiWorkspace = opts.ui ? path.join(wsParent, 'ui', path.basename(opts.workspace)) : undefined;
  if (uiWorkspace) copyDir(path.resolve(ROOT, opts.workspace), uiWorkspace);

  let devPath = ROOT;
  if (opts.mode === 'vsix') {
    const t0 = Date.now();
    const r = spawnSync(CODE_SERVER, ['--extensions-dir', dirs.extensions, '--user-data-dir', dirs['user-data'],
      '--install-extension', opts.vsix, '--force'], { env, encoding: 'utf8' });
    process.stdout.write(r.stdout || '');
    process.stderr.write(r.stderr || '');
    if (r.status !== 0) throw new Error(`installing ${opts.vsix} failed (exit ${r.status})`);
    const installed = fs.readdirSync(dirs.extensions).filter((d) => d.startsWith(`${EXTENSION_ID}-`));
    if (installed.length !== 1) throw new Error(`expected one installed ${EXTENSION_ID} in ${dirs.extensions}, found: ${fs.readdirSync(dirs.extensions).join(', ')}`);
    console.log(`run-vscode-tests: installed ${path.basename(opts.vsix)} as ${installed[0]} in ${Date.now() - t0} ms`);
    // An empty extension under development: it only makes the extension host accept extensionTestsPath.
    devPath = path.join(run, 'harness');
    fs.mkdirSync(devPath, { recursive: true });
    fs.writeFileSync(path.join(devPath, 'package.json'), JSON.stringify({
      name: 'rust-readiness-e2e-harness', publisher: 'rust-readiness-tests', version: '0.0.0',
      engines: { vscode: '^1.91.0' }, description: 'Test harness: lets the installed extension be tested.',
    }, null, 2));
  }

  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const base = `http://${host}`;
  const csLog = fs.openSync(path.join(dirs.logs, 'code-server.log'), 'w');
  const server = spawn(CODE_SERVER, ['--auth', 'none', '--bind-addr', host, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions, workspace], {
    env: { ...env, RUST_READINESS_E2E: '1', RUST_READINESS_E2E_MODE: opts.mode,
      RUST_READINESS_E2E_EXTENSIONS_DIR: dirs.extensions, RUST_READINESS_E2E_REPO: ROOT },
    stdio: ['ignore', csLog, csLog], detached: true,
  });
  const stopServer = () => {
    if (server.exitCode === null) { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ } }
  };
  process.on('exit', stopServer);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopServer(); process.exit(130); });

  let passed = 0, failed = 0, code = 1;
  const started = Date.now();
  const { chromium } = require('playwright-core');
  let browser;
  try {
    await waitHealthy(base, server, 30000);
    browser = await chromium.launchPersistentContext(dirs['chromium-profile'], {
      executablePath: CHROMIUM, headless: true, env, viewport: { width: 1280, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage', '--disable-breakpad', '--disable-crash-reporter'],
    });

    // 1. The suite, in the real extension host.
    const page = browser.pages()[0] || (await browser.newPage());
    let exit;
    const exited = new Promise((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(args || []));
      if (NOISE.test(text)) return;
      for (const line of text.split('\n')) {
        const m = /E2E RESULT: (\d+) passed, (\d+) failed/.exec(line);
        if (m) { passed = Number(m[1]); failed = Number(m[2]); }
        console.log(type === 'error' ? `[ext host error] ${line}` : `  ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (c) => exit(c));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${devPath}`],
      ['extensionTestsPath', `vscode-remote://${host}${testsDir}`],
    ];
    console.log(`run-vscode-tests: ${opts.mode} mode, code-server on ${base}, workspace ${workspace}`);
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), opts.timeout * 1000)));
    const result = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      console.error(`run-vscode-tests: the suite did not finish within ${opts.timeout} s`);
      await page.screenshot({ path: path.join(dirs.logs, 'timeout.png') }).catch(() => undefined);
      code = 3;
    } else code = Number(result);
    if (code !== 0 && failed === 0) failed = 1; // the suite failed before reporting (load error, crash)
    await page.close().catch(() => undefined);

    // 2. What a person sees (and the README screenshot): a fresh window on a fresh copy.
    if (opts.ui) {
      const [p, f] = await uiChecks(browser, { host, base, opts, devPath: opts.mode === 'dev' ? ROOT : undefined, uiWorkspace });
      passed += p; failed += f;
      if (f > 0 && code === 0) code = 1;
    }
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    stopServer();
    if (!opts.keep) {
      fs.rmSync(wsParent, { recursive: true, force: true });
      if (shortTmp) fs.rmSync(shortTmp, { recursive: true, force: true });
      if (code === 0) fs.rmSync(run, { recursive: true, force: true });
    }
  }
  if (code !== 0) console.error(`run-vscode-tests: logs kept in ${path.relative(ROOT, run)}`);
  console.log(`run-vscode-tests: finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`VS Code suite (${opts.mode}): ${passed} passed, ${failed} failed`);
  return code;
}

/**
 * What a person sees, checked in a fresh window on a fresh copy with the extension loaded: the
 * squiggle on main.rs, the status bar item with counts, the Problems panel row. Optionally saves the
 * README screenshot. Returns [passed, failed].
 */
async function uiChecks(browser, { host, base, opts, devPath, uiWorkspace }) {
  const file = path.join(uiWorkspace, 'crates/chat-server/src/main.rs');
  const payload = [['openFile', `vscode-remote://${host}${file}`]];
  if (devPath) payload.unshift(['extensionDevelopmentPath', `vscode-remote://${host}${devPath}`]);
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  let passed = 0, failed = 0;
  const check = async (name, fn) => {
    try { const note = await fn(); passed++; console.log(`  ✔ UI: ${name}${note ? ` (${note})` : ''}`); return true; }
    catch (e) { failed++; console.log(`  ✘ UI: ${name}: ${String(e && e.message || e).split('\n')[0]}`); return false; }
  };
  try {
    const t0 = Date.now();
    await page.goto(`${base}/?folder=${encodeURIComponent(uiWorkspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const squiggle = page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first();
    const squiggleOk = await check('a squiggle shows on main.rs', async () => {
      await squiggle.waitFor({ state: 'attached', timeout: 60000 });
      return `${Date.now() - t0} ms after page load`;
    });
    await check('the status bar item shows the counts', async () => {
      const item = page.locator('.statusbar-item', { hasText: 'Readiness' }).first();
      await item.waitFor({ timeout: 20000 });
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText(), not the DOM property
      const label = (await item.getAttribute('aria-label')) || (await item.innerText());
      if (!/\d/.test(label)) throw new Error(`no counts in "${label}"`);
      return label.replace(/\s+/g, ' ').trim();
    });
    await page.waitForTimeout(1000); // let the startup scan fill the Problems panel
    await page.keyboard.press('Escape'); // close notifications
    await page.locator('.monaco-editor .view-lines').first().click().catch(() => undefined);
    await page.keyboard.press('Control+Shift+M');
    await check('the Problems panel lists findings of opened and unopened files', async () => {
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'rust-readiness' }).first().waitFor({ timeout: 20000 });
      return (await page.locator('#status\\.problems').getAttribute('aria-label').catch(() => null)) || undefined;
    });
    if (opts.screenshot && squiggleOk) {
      // Hover the squiggle under `.expect("Invalid HTTP address")` (else the first one) so its message and link show.
      let box = await squiggle.boundingBox();
      const line = await page.locator('.monaco-editor .view-line', { hasText: 'Invalid HTTP address' }).first().boundingBox().catch(() => null);
      if (line) {
        for (const b of await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').evaluateAll((els) => els.map((e) => {
          const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height };
        }))) {
          if (b.y + b.height / 2 >= line.y && b.y + b.height / 2 <= line.y + line.height) { box = b; break; }
        }
      }
      if (box) {
        await page.mouse.move(box.x + Math.min(box.width / 2, 40), box.y + box.height / 2);
        await page.locator('.monaco-hover:not(.hidden)').first().waitFor({ state: 'visible', timeout: 10000 }).catch(() => undefined);
        await page.waitForTimeout(500);
      }
      const out = path.resolve(ROOT, opts.screenshot);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await page.screenshot({ path: out });
      console.log(`run-vscode-tests: screenshot saved to ${path.relative(ROOT, out)}`);
    }
    await check('the Problems panel, filtered, shows panic-in-production on main.rs', async () => {
      const filter = page.locator('.markers-panel-container .viewpane-filter input, .markers-panel-container .viewpane-filter textarea, .viewpane-filter input').first();
      await filter.click({ timeout: 5000 });
      await filter.fill('panic-in-production');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'panic-in-production' }).first().waitFor({ timeout: 10000 });
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'main.rs' }).first().waitFor({ timeout: 5000 });
    });
  } finally {
    await page.close().catch(() => undefined);
  }
  return [passed, failed];
}

main().then((code) => process.exit(code), (e) => {
  console.error(`run-vscode-tests: ${e && e.stack || e}`);
  console.log(`VS Code suite (${process.argv.includes('--vsix') ? 'vsix' : 'dev'}): 0 passed, 1 failed`);
  process.exit(1);
});
