/** The harness itself: the real `vscode` API, the copied example workspace, the extension present. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './util';

describe('harness', () => {
  it('runs in a VS Code extension host with the example workspace open', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.strictEqual(folders.length, 1, 'one workspace folder');
    assert.ok(folders[0].uri.fsPath.endsWith('chat-service'), folders[0].uri.fsPath);
  });

  it('has the Rust Readiness extension, loaded from the place under test', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    const mode = process.env.RUST_READINESS_E2E_MODE;
    if (mode === 'vsix') {
      // Installed from the .vsix into the run's extensions dir, not the repo.
      const dir = process.env.RUST_READINESS_E2E_EXTENSIONS_DIR ?? '';
      assert.ok(dir && ext.extensionPath.startsWith(dir), `loaded from ${ext.extensionPath}, expected under ${dir}`);
    } else if (mode === 'dev') {
      assert.strictEqual(ext.extensionPath, process.env.RUST_READINESS_E2E_REPO);
    }
    console.log(`extension ${EXTENSION_ID} ${ext.packageJSON.version} from ${ext.extensionPath}`);
  });
});
