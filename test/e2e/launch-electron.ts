/**
 * Runs the integration suite (test/e2e/suite) in a downloaded VS Code with @vscode/test-electron,
 * for machines that can reach the VS Code update service (a laptop, hosted CI). On machines that
 * cannot, use scripts/run-vscode-tests.js (code-server + headless Chromium), which runs the same suite.
 *
 *   npm run compile && node out/test/e2e/launch-electron.js [--version 1.91.0|stable] [--vsix FILE]
 * --vsix installs the packaged extension into a fresh extensions dir and tests that instead of the repo.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const version = opt('--version') ?? 'stable';
  const vsix = opt('--vsix');
  const root = path.resolve(__dirname, '../../..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-readiness-electron-'));
  const workspace = path.join(tmp, 'chat-service');
  fs.cpSync(path.join(root, 'examples/chat-service'), workspace, { recursive: true });
  const extensionsDir = path.join(tmp, 'extensions');
  const userDataDir = path.join(tmp, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'git.enabled': false }));
  try {
    const vscodeExecutablePath = await downloadAndUnzipVSCode(version);
    let extensionDevelopmentPath = root;
    if (vsix) {
      const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
      const r = spawnSync(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--install-extension', path.resolve(vsix), '--force'], { stdio: 'inherit', shell: process.platform === 'win32' });
      if (r.status !== 0) throw new Error(`installing ${vsix} failed`);
      // The extension host runs tests only with an extension under development: an empty harness.
      extensionDevelopmentPath = path.join(tmp, 'harness');
      fs.mkdirSync(extensionDevelopmentPath);
      fs.writeFileSync(path.join(extensionDevelopmentPath, 'package.json'), JSON.stringify({ name: 'rust-readiness-e2e-harness', publisher: 'rust-readiness-tests', version: '0.0.0', engines: { vscode: '^1.91.0' } }));
    }
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-workspace-trust', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { RUST_READINESS_E2E_MODE: vsix ? 'vsix' : 'dev', RUST_READINESS_E2E_EXTENSIONS_DIR: extensionsDir, RUST_READINESS_E2E_REPO: root },
    });
    return 0;
  } catch (e) {
    console.error(e);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
