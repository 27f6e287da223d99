/**
 * The extension as a user meets it, in a real VS Code extension host: diagnostics on an opened
 * file, its quick fixes applied through VS Code's own code-action machinery, findings in files
 * nobody opened, fix-all, commands. Runs on a fresh copy of examples/chat-service each time.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, SOURCE, findings, sleep, waitFor, workspaceUri, openAndWaitFor } from './util';

const MAIN_RS = 'crates/chat-server/src/main.rs';
const EXPECT_CALL = '.expect("Invalid HTTP address")';
const CONTEXT_CALL = '.context("Invalid HTTP address")?';

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const got = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
  // Providers may return bare Commands (a string `command`); ours are CodeActions.
  return got.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/** Applies a code action the way the editor's light bulb does: its edit, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applyEdit failed for "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('Rust Readiness in VS Code', function () {
  this.timeout(90000);

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not found`);
    // Activation is on workspaceContains:**/Cargo.toml; wait for it rather than forcing it.
    await waitFor('the extension to activate', () => ext.isActive, 30000);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers its commands', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of ['rustReadiness.scanWorkspace', 'rustReadiness.openRuleDocs', 'rustReadiness.fixAllInFile']) {
      assert.ok(all.has(c), `command ${c} is not registered`);
    }
  });

  it('reports panic-in-production on the opened main.rs, with a documentation link', async () => {
    const uri = workspaceUri(MAIN_RS);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const t0 = Date.now();
    const [d] = await waitFor('panic-in-production on main.rs', () => {
      const f = findings(uri, 'panic-in-production');
      return f.length > 0 && f;
    }, 60000);
    console.log(`    (diagnostic present ${Date.now() - t0} ms after opening main.rs; the startup scan may publish it first)`);
    const line = doc.lineAt(d.range.start.line).text;
    assert.ok(line.includes('.expect('), `the finding is on "${line.trim()}", expected the .expect( line`);
    assert.ok(doc.getText(d.range).includes('expect'), `range covers "${doc.getText(d.range)}"`);
    assert.strictEqual(d.source, SOURCE);
    assert.ok(d.message.length > 20, d.message);
    assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, 'code carries a documentation link');
    // The link runs the command that shows the rendered page, not the raw .md file.
    const target = (d.code as { target: vscode.Uri }).target;
    assert.strictEqual(target.scheme, 'command', target.toString());
    assert.strictEqual(target.path, 'rustReadiness.openRuleDocs');
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(target.query)), ['panic-in-production']);
  });

  it('quick-fixes .expect(…) into .context(…)? and imports anyhow::Context', async () => {
    const { uri, doc, found: [d] } = await openAndWaitFor(MAIN_RS, 'panic-in-production');
    const actions = await waitFor('code actions', async () => {
      const a = await codeActions(uri, d.range);
      return a.length > 0 && a;
    }, 15000);
    const titles = actions.map((a) => a.title);
    console.log(`    (actions: ${titles.join(' | ')})`);
    const fix = actions.find((a) => /^Replace `\.expect\(…\)` with `\.context\(…\)\?`/.test(a.title));
    assert.ok(fix, `no "Replace \`.expect(…)\` with \`.context(…)?\`" among: ${titles.join(', ')}`);
    assert.ok(titles.includes('Ignore panic-in-production for this line'), titles.join(', '));
    assert.ok(titles.includes('Show documentation for panic-in-production'), titles.join(', '));
    assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);

    await apply(fix);
    const text = doc.getText();
    assert.ok(text.includes(CONTEXT_CALL), `expected ${CONTEXT_CALL} in:\n${text}`);
    assert.ok(!text.includes(EXPECT_CALL), `${EXPECT_CALL} is still there:\n${text}`);
    assert.match(text, /^use anyhow::Context;$/m, `use anyhow::Context; was not added:\n${text}`);
    assert.match(text, /^use anyhow::Result;$/m, 'the existing import stays');
    // The server re-analyses the edited buffer: the finding goes away.
    await waitFor('the finding to clear after the fix', () => findings(uri, 'panic-in-production').every((f) => !doc.lineAt(f.range.start.line).text.includes('Invalid HTTP address')), 20000);
  });

  it('"Ignore … for this line" inserts a suppression comment that silences the finding', async () => {
    const { uri, doc, found: [d] } = await openAndWaitFor(MAIN_RS, 'panic-in-production');
    const line = d.range.start.line;
    const actions = await codeActions(uri, d.range);
    const ignore = actions.find((a) => a.title === 'Ignore panic-in-production for this line');
    assert.ok(ignore, actions.map((a) => a.title).join(', '));
    await apply(ignore);
    assert.match(doc.lineAt(line).text, /^\s*\/\/ readiness-ignore-next-line panic-in-production\b/, doc.lineAt(line).text);
    await waitFor('the suppressed finding to clear', () => findings(uri, 'panic-in-production').length === 0, 20000);
  });

  it('source.fixAll.rust-readiness (and the Fix All in File command) apply the preferred fixes', async () => {
    const { uri, doc } = await openAndWaitFor(MAIN_RS, 'panic-in-production');
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const fixAll = (await codeActions(uri, whole, 'source.fixAll.rust-readiness'));
    assert.ok(fixAll.length >= 1, 'no source.fixAll.rust-readiness action');
    assert.ok(fixAll[0].kind && vscode.CodeActionKind.SourceFixAll.contains(fixAll[0].kind), `kind ${fixAll[0].kind?.value}`);
    await apply(fixAll[0]);
    assert.ok(doc.getText().includes(CONTEXT_CALL), doc.getText());
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(doc.getText().includes(EXPECT_CALL), 'reverted');

    await waitFor('the finding back after revert', () => findings(uri, 'panic-in-production').length > 0, 20000);
    await vscode.commands.executeCommand('rustReadiness.fixAllInFile');
    await waitFor('Fix All in File to edit main.rs', () => doc.getText().includes(CONTEXT_CALL), 10000);
    assert.match(doc.getText(), /^use anyhow::Context;$/m);
  });

  it('re-analyses as the user types: a new .unwrap() gets its own finding, deleting the line removes it', async () => {
    const { uri, doc, editor } = await openAndWaitFor(MAIN_RS, 'panic-in-production');
    const before = findings(uri, 'panic-in-production').length;
    const listen = doc.getText().split('\n').findIndex((l) => l.includes('TcpListener::bind'));
    assert.ok(listen > 0, 'the bind line');
    const typed = '    let workers: usize = std::env::var("WORKERS").unwrap().parse().unwrap();\n';
    const t0 = Date.now();
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(listen, 0), typed)));
    const added = await waitFor('a finding on the typed line', () => {
      const f = findings(uri, 'panic-in-production').filter((d) => d.range.start.line === listen);
      return f.length > 0 && f;
    }, 20000);
    console.log(`    (${added.length} finding(s) on the typed line ${Date.now() - t0} ms after the edit)`);
    assert.ok(await editor.edit((b) => b.delete(new vscode.Range(listen, 0, listen + 1, 0))));
    await waitFor('the typed line\'s findings to go', () => findings(uri, 'panic-in-production').length === before, 20000);
  });

  it('opens a rule\'s documentation rendered and read-only, with links to other rules (the diagnostic link\'s command)', async () => {
    await vscode.commands.executeCommand('rustReadiness.openRuleDocs', 'panic-in-production');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const tab = await waitFor('the Markdown preview of panic-in-production', () => tabs()
      .find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && /panic-in-production/.test(t.label)), 20000);
    console.log(`    (opened preview tab "${tab.label}")`);
    assert.ok(!tabs().some((t) => t.input instanceof vscode.TabInputText && /docs\/rules\/.*\.md$/.test(t.input.uri.path)), 'no editor of the raw .md');
    // The page comes from a read-only file system: nothing can write it.
    const page = vscode.Uri.parse('rust-readiness-doc:/panic-in-production.md');
    assert.strictEqual(vscode.workspace.fs.isWritableFileSystem('rust-readiness-doc'), false);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(page, new TextEncoder().encode('x'))));
    const doc = await vscode.workspace.openTextDocument(page);
    assert.match(doc.getText(), /^# `panic-in-production`/);
    // Its links to other rules are relative, so the preview resolves them in the same scheme.
    const linked = /\]\(([a-z0-9-]+\.md)\)/.exec(doc.getText())![1];
    const other = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(page, '..', linked));
    assert.match(other.getText(), /^# `[a-z0-9-]+`/, `${linked} resolves to a rule page`);
  });

  it('finds gitignore-missing-secrets on the unopened .gitignore after Scan Workspace', async () => {
    const uri = workspaceUri('.gitignore');
    await vscode.commands.executeCommand('rustReadiness.scanWorkspace');
    const found = await waitFor('gitignore-missing-secrets on .gitignore', () => {
      const f = findings(uri, 'gitignore-missing-secrets');
      return f.length > 0 && f;
    }, 30000);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && !d.isClosed && vscode.window.visibleTextEditors.some((e) => e.document === d)),
      '.gitignore should not be open in an editor');
    assert.ok(/data/.test(found.map((f) => f.message).join('\n')), found.map((f) => f.message).join('\n'));
  });

  it('publishes findings for several files, most of them never opened (Problems panel)', async () => {
    const all = vscode.languages.getDiagnostics().filter(([, ds]) => ds.some((d) => d.source === SOURCE));
    assert.ok(all.length >= 2, `findings in ${all.length} files: ${all.map(([u]) => vscode.workspace.asRelativePath(u)).join(', ')}`);
    await sleep(0);
  });

  it('opens the readiness report in a webview (Open Report), built by the server for the folder', async () => {
    const report = await vscode.commands.executeCommand<{ markdown: string; html: string } | undefined>('rustReadiness.openReport');
    assert.ok(report, 'the command returns the rendered report');
    assert.match(report.markdown, /panic-in-production|Panic in production/);
    assert.match(report.html, /<svg/);
    const tab = await waitFor('the report webview tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('rustReadiness.report')), 15000);
    assert.match(tab.label, /Readiness Report/);
  });
});
