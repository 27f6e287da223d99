import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, CodeActionRequest, ExecuteCommandRequest,
  DidChangeWatchedFilesNotification, FileChangeType, HoverRequest, ShutdownRequest, ErrorCodes, MessageType, type CodeAction, type TextDocumentEdit, type TextEdit, type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';

const MAIN = [
  'use anyhow::Result;',
  '',
  'fn main() -> Result<()> {',
  '    let port: u16 = std::env::var("PORT")?.parse().expect("PORT must be a number");',
  '    Ok(())',
  '}',
  '',
].join('\n');

function fixture(): string {
  return writeWorkspace({
    'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nanyhow = "1"\n',
    'src/main.rs': MAIN,
    'config.toml': 'db_path = "data/app.db"\n',
    '.gitignore': '/target\n',
  });
}

const hasRule = (id: string) => (d: Diagnostic[]) => d.some((x) => x.code === id);

describe('language server over stdio', function () {
  this.timeout(30000);
  let client: TestClient;
  let root: string;
  let mainUri: string;
  beforeEach(async () => {
    root = fixture();
    mainUri = pathToFileURL(path.join(root, 'src', 'main.rs')).toString();
    client = new TestClient();
    await client.initialize(root);
  });
  afterEach(async () => { await client.shutdown(); });

  const open = (uri: string, text: string, languageId = 'rust') =>
    client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });

  it('publishes diagnostics on open with code, codeDescription, source and severity', async () => {
    await open(mainUri, MAIN);
    const diags = await client.waitFor(mainUri, hasRule('panic-in-production'));
    const d = diags.find((x) => x.code === 'panic-in-production')!;
    assert.strictEqual(d.source, 'rust-readiness');
    assert.strictEqual(d.severity, 2);
    assert.match(d.codeDescription!.href, /^file:.*docs\/rules\/panic-in-production\.md$/);
    assert.ok(fs.existsSync(new URL(d.codeDescription!.href)), 'the documentation link points at a file that exists');
    assert.deepStrictEqual(d.range.start, { line: 3, character: 51 });
  });

  it('re-analyses incremental changes and publishes for the newest version', async () => {
    await open(mainUri, MAIN);
    await client.waitFor(mainUri, hasRule('panic-in-production'));
    // Replace `expect("PORT must be a number")` with `unwrap_or(8080)` in two incremental steps.
    const line = 3;
    const start = MAIN.split('\n')[line].indexOf('expect');
    const end = MAIN.split('\n')[line].indexOf(');') + 1;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: mainUri, version: 2 },
      contentChanges: [{ range: { start: { line, character: start }, end: { line, character: end } }, text: 'unwrap_or(80' }],
    });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: mainUri, version: 3 },
      contentChanges: [{ range: { start: { line, character: start + 12 }, end: { line, character: start + 12 } }, text: '80)' }],
    });
    const diags = await client.waitFor(mainUri, (_, p) => p.version === 3);
    assert.ok(!hasRule('panic-in-production')(diags), JSON.stringify(diags));
    // Typing it back brings the finding back.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: mainUri, version: 4 },
      contentChanges: [{ range: { start: { line, character: start }, end: { line, character: start + 15 } }, text: 'unwrap()' }],
    });
    const again = await client.waitFor(mainUri, (_, p) => p.version === 4);
    assert.ok(hasRule('panic-in-production')(again));
  });

  it('offers the quick-fix, ignore-for-line and docs actions, and source.fixAll', async () => {
    await open(mainUri, MAIN);
    const diags = await client.waitFor(mainUri, hasRule('panic-in-production'));
    const d = diags.find((x) => x.code === 'panic-in-production')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: mainUri }, range: d.range, context: { diagnostics: [d] },
    }) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.deepStrictEqual(titles, ['Replace `.expect(…)` with `.context(…)?`', 'Ignore panic-in-production for this line', 'Show documentation for panic-in-production']);
    assert.strictEqual(actions[0].kind, 'quickfix');
    assert.strictEqual(actions[0].isPreferred, true);
    const edits = (actions[0].edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
    assert.deepStrictEqual(edits.map((e) => e.newText), ['context("PORT must be a number")?', '\nuse anyhow::Context;']);
    // This client has no snippet edits: the reason is left out, never written for the user.
    const ignore = (actions[1].edit!.documentChanges![0] as TextDocumentEdit).edits[0] as TextEdit;
    assert.strictEqual(ignore.newText, '    // readiness-ignore-next-line panic-in-production\n');
    const fixAll = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: mainUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.rust-readiness'] },
    }) as CodeAction[];
    assert.strictEqual(fixAll.length, 1);
    assert.strictEqual(fixAll[0].kind, 'source.fixAll.rust-readiness');
  });

  it('"Ignore for this line" leaves the reason as a tab stop for a client with snippet edits', async () => {
    await client.shutdown();
    client = new TestClient();
    await client.initialize(root, {}, { snippetEdits: true });
    await open(mainUri, MAIN);
    const d = (await client.waitFor(mainUri, hasRule('panic-in-production'))).find((x) => x.code === 'panic-in-production')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: mainUri }, range: d.range, context: { diagnostics: [d] },
    }) as CodeAction[];
    const ignore = actions.find((a) => a.title === 'Ignore panic-in-production for this line')!;
    const change = ignore.edit!.documentChanges![0] as TextDocumentEdit;
    assert.strictEqual(change.textDocument.uri, mainUri);
    const edit = change.edits[0] as unknown as { range: unknown; snippet: { kind: string; value: string } };
    assert.deepStrictEqual(edit.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } });
    assert.deepStrictEqual(edit.snippet, { kind: 'snippet', value: '    // readiness-ignore-next-line panic-in-production -- $1\n' });
    // The other fixes stay plain text edits.
    const fix = (actions[0].edit!.documentChanges![0] as TextDocumentEdit).edits[0] as TextEdit;
    assert.strictEqual(typeof fix.newText, 'string');
  });

  it('scans the workspace on startup and on the command, publishing for unopened files', async () => {
    const gitignoreUri = pathToFileURL(path.join(root, '.gitignore')).toString();
    await client.waitFor(gitignoreUri, hasRule('gitignore-missing-secrets'));
    client.diagnostics.clear();
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rust-readiness.scanWorkspace', arguments: [] }) as { files: number };
    assert.ok(result.files >= 3);
    await client.waitFor(gitignoreUri, hasRule('gitignore-missing-secrets'));
    assert.ok(client.progress.length > 0, 'reports $/progress');
  });

  it('updates workspace findings on watched-file changes', async () => {
    const gitignoreUri = pathToFileURL(path.join(root, '.gitignore')).toString();
    await client.waitFor(gitignoreUri, hasRule('gitignore-missing-secrets'));
    fs.appendFileSync(path.join(root, '.gitignore'), 'data/\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: gitignoreUri, type: FileChangeType.Changed }] });
    await client.waitFor(gitignoreUri, (d) => !hasRule('gitignore-missing-secrets')(d));
  });

  it('shows rule documentation on hover over a suppression comment', async () => {
    const text = '// readiness-ignore-next-line panic-in-production -- checked above\nfn main() { std::env::var("X").unwrap(); }\n';
    await open(mainUri, text);
    await client.waitFor(mainUri, () => true);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: mainUri }, position: { line: 0, character: 35 } });
    assert.ok(hover);
    assert.match((hover.contents as { value: string }).value, /What it does/);
    const diags = client.diagnostics.get(mainUri)!.diagnostics;
    assert.ok(!hasRule('panic-in-production')(diags), 'the suppression applies');
  });

  it('survives bad input: binary, non-UTF-8, huge and half-typed files, and a broken config', async () => {
    fs.writeFileSync(path.join(root, '.readiness.toml'), '[rules\npanic-in-production = "off"\n');
    const configUri = pathToFileURL(path.join(root, '.readiness.toml')).toString();
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Created }] });
    await client.waitFor(configUri, hasRule('config-invalid'));
    const weird = pathToFileURL(path.join(root, 'src', 'weird.rs')).toString();
    await open(weird, 'fn main() { let x = "\uFFFD\u0000"; std::env::var(x).unwrap(); }\nfn half(a: u8 {\n    let y = a.');
    await client.waitFor(weird, hasRule('panic-in-production'));
    const huge = pathToFileURL(path.join(root, 'src', 'huge.rs')).toString();
    await open(huge, 'fn f() { x.unwrap(); }\n'.repeat(200000));
    await client.waitFor(huge, () => true);
    assert.ok(client.messages.some((m) => /huge\.rs.*not analysed/.test(m.message)), JSON.stringify(client.messages));
    fs.writeFileSync(path.join(root, 'src', 'bin.rs'), Buffer.from([0, 1, 2, 255, 254]));
    fs.writeFileSync(path.join(root, 'src', 'latin1.rs'), Buffer.from('fn f() { let s = "caf\xe9"; std::env::var(s).unwrap(); }\n', 'latin1'));
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rust-readiness.scanWorkspace', arguments: [] });
    await client.waitFor(pathToFileURL(path.join(root, 'src', 'latin1.rs')).toString(), hasRule('panic-in-production'));
    // The server is still answering.
    const r = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rust-readiness.scanWorkspace', arguments: [] }) as { files: number };
    assert.ok(r.files > 0);
  });

  it('after shutdown, requests are answered with InvalidRequest; a second shutdown is still answered', async () => {
    await open(mainUri, MAIN);
    await client.waitFor(mainUri, hasRule('panic-in-production'));
    await client.connection.sendRequest(ShutdownRequest.type);
    await assert.rejects(client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: mainUri }, position: { line: 3, character: 51 } }),
      (e: { code?: number }) => e.code === ErrorCodes.InvalidRequest);
    await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rust-readiness.scanWorkspace', arguments: [] }),
      (e: { code?: number }) => e.code === ErrorCodes.InvalidRequest);
    await assert.rejects(client.connection.sendRequest('rustReadiness/rules'), (e: { code?: number }) => e.code === ErrorCodes.InvalidRequest);
  });

  it('wrongly typed editor settings are named in a warning, not ignored silently', async () => {
    await client.shutdown();
    client = new TestClient();
    await client.initialize(root, { maxFileSize: 'big', rules: { 'panic-in-production': 'loud', 'no-such-rule': 'off' }, exclude: 'target' });
    await open(mainUri, MAIN);
    await client.waitFor(mainUri, hasRule('panic-in-production'));
    const warnings = client.messages.filter((m) => m.type === MessageType.Warning).map((m) => m.message).join('\n');
    assert.match(warnings, /`rustReadiness\.maxFileSize` must be a positive whole number of bytes/);
    assert.match(warnings, /`rustReadiness\.rules\.panic-in-production` must be one of/);
    assert.match(warnings, /unknown rule `no-such-rule`/);
    assert.match(warnings, /`rustReadiness\.exclude` must be a list of glob strings/);
  });

  it('a file opened outside every workspace folder gets its own document rules only: no listing of its directory, no findings on other files', async () => {
    // A dependency's source next to its own manifest and a CI-less Cargo.toml: none of it may be scanned or published.
    const outside = writeWorkspace({
      'Cargo.toml': '[package]\nname = "dep"\nversion = "0.1.0"\n',
      'src/lib.rs': 'pub fn g() { std::env::var("B").unwrap(); }\n',
      'src/other.rs': 'pub fn h() { std::env::var("C").unwrap(); }\n',
    });
    const libUri = pathToFileURL(path.join(outside, 'src', 'lib.rs')).toString();
    await open(libUri, 'pub fn g() { std::env::var("B").unwrap(); }\n');
    const diags = await client.waitFor(libUri, hasRule('panic-in-production'));
    assert.deepStrictEqual(diags.map((d) => d.code), ['panic-in-production']);
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rust-readiness.scanWorkspace', arguments: [] });
    // Its manifest, opened too, gets no workspace-rule finding (no CI, no cargo-deny: the workspace is not the user's).
    const manifestUri = pathToFileURL(path.join(outside, 'Cargo.toml')).toString();
    await open(manifestUri, '[package]\nname = "dep"\nversion = "0.1.0"\n', 'toml');
    const manifestDiags = await client.waitFor(manifestUri, () => true);
    assert.deepStrictEqual(manifestDiags.map((d) => d.code), []);
    const published = [...client.diagnostics.keys()].filter((u) => u.startsWith(pathToFileURL(outside).toString())).sort();
    assert.deepStrictEqual(published, [manifestUri, libUri].sort(), 'only the opened files are published');
  });

  it('creating .github/workflows/ci.yml through the fix clears ci-workflow-missing on the open Cargo.toml', async () => {
    const cargoUri = pathToFileURL(path.join(root, 'Cargo.toml')).toString();
    const cargoText = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
    await open(cargoUri, cargoText, 'toml');
    const diags = await client.waitFor(cargoUri, hasRule('ci-workflow-missing'));
    const d = diags.find((x) => x.code === 'ci-workflow-missing')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: cargoUri }, range: d.range, context: { diagnostics: [d] },
    }) as CodeAction[];
    const create = actions.find((a) => a.edit?.documentChanges?.some((c) => 'kind' in c && c.kind === 'create'));
    assert.ok(create, JSON.stringify(actions.map((a) => a.title)));
    // Apply the WorkspaceEdit as an editor would: create the file, insert its content, then the watcher reports it.
    for (const change of create.edit!.documentChanges!) {
      if ('kind' in change && change.kind === 'create') {
        const file = new URL(change.uri);
        assert.ok(!fs.existsSync(file), 'the fix never overwrites an existing file');
        fs.mkdirSync(path.dirname(file.pathname), { recursive: true });
        fs.writeFileSync(file, '');
      } else if ('textDocument' in change) {
        const file = new URL(change.textDocument.uri);
        const text = (change.edits as TextEdit[]).map((e) => e.newText).join('');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8') + text);
        await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: change.textDocument.uri, type: FileChangeType.Created }] });
      }
    }
    assert.ok(fs.existsSync(path.join(root, '.github', 'workflows', 'ci.yml')));
    await client.waitFor(cargoUri, (ds) => !hasRule('ci-workflow-missing')(ds));
  });
});
