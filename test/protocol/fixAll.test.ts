/**
 * Fix-all in the editor (`source.fixAll.rust-readiness` and the `rust-readiness.fixAll` command) does
 * what the CLI's `--fix` does with the same findings: the preferred fixes combined by the shared fix
 * module, file creations included; a client that cannot create files is told what was left out.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CodeActionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, DidChangeWatchedFilesNotification, ExecuteCommandRequest, FileChangeType,
  type CodeAction, type CreateFile, type Diagnostic, type TextDocumentEdit, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { applyEdits, combinePreferredFixes } from '../../server/src/core/engine/fixes';
import { TestClient } from '../helpers/lspClient';
import { analyze, writeWorkspace, type Files } from '../helpers/workspace';

/** Two binary crates, no CI workflow, no deny.toml: the root manifest's preferred fixes only create files. */
const TWO_CRATES: Files = {
  'Cargo.toml': '[workspace]\nmembers = ["api", "worker"]\nresolver = "2"\n',
  'api/Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n',
  'api/src/main.rs': 'fn main() {}\n',
  'worker/Cargo.toml': '[package]\nname = "worker"\nversion = "0.1.0"\nedition = "2021"\n',
  'worker/src/main.rs': 'fn main() {}\n',
  '.gitignore': '/target\n',
};

/** One crate with a wildcard dependency the lock file resolves (a text edit) and no CI workflow (a creation). */
const WILDCARD_NO_CI: Files = {
  'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde = "*"\n',
  'Cargo.lock': 'version = 3\n\n[[package]]\nname = "serde"\nversion = "1.0.200"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[[package]]\nname = "svc"\nversion = "0.1.0"\ndependencies = [\n "serde",\n]\n',
  'src/main.rs': 'fn main() {}\n',
  '.gitignore': '/target\n',
};

const FIX_ALL_ONLY = { diagnostics: [] as Diagnostic[], only: ['source.fixAll.rust-readiness'] };
const ORIGIN = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

/** The files a workspace edit creates, relative to `root`, with the text it fills them with. */
function createdFiles(edit: WorkspaceEdit, root: string): Map<string, string> {
  const out = new Map<string, string>();
  const changes = edit.documentChanges ?? [];
  for (const c of changes) {
    if (!('kind' in c) || c.kind !== 'create') continue;
    const text = changes.filter((t): t is TextDocumentEdit => 'textDocument' in t && t.textDocument.uri === (c as CreateFile).uri)
      .flatMap((t) => t.edits as TextEdit[]).map((e) => e.newText).join('');
    out.set(path.relative(root, fileURLToPath(c.uri)).split(path.sep).join('/'), text);
  }
  return out;
}

/**
 * Applies a workspace edit the way an editor does: creations never overwrite; an open document
 * (`open`: URI → version) changes in the editor (didChange, then saved), other files on disk; the
 * files are then reported to the server as watched-file events.
 */
async function applyAsEditor(client: TestClient, edit: WorkspaceEdit, open = new Map<string, number>()): Promise<void> {
  const events: { uri: string; type: FileChangeType }[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      assert.strictEqual(change.kind, 'create');
      const file = fileURLToPath((change as CreateFile).uri);
      assert.ok(!fs.existsSync(file), `${file}: a creation never overwrites`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      events.push({ uri: (change as CreateFile).uri, type: FileChangeType.Created });
    } else {
      const uri = change.textDocument.uri;
      const file = fileURLToPath(uri);
      const text = applyEdits(fs.readFileSync(file, 'utf8'), change.edits as TextEdit[]);
      fs.writeFileSync(file, text);
      const version = open.get(uri);
      if (version !== undefined) {
        assert.ok(change.textDocument.version === null || change.textDocument.version === version, 'the edit is for the version the editor has');
        open.set(uri, version + 1);
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: version + 1 }, contentChanges: [{ text }] });
      }
      if (!events.some((e) => e.uri === change.textDocument.uri)) events.push({ uri: change.textDocument.uri, type: FileChangeType.Changed });
    }
  }
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: events });
}

/** What the CLI's `--fix` creates in one round for the findings on `rel`: the shared fix module's answer. */
function cliCreates(files: Files, rel: string): Map<string, string> {
  const { results } = analyze(files);
  return new Map(combinePreferredFixes(results.get(rel) ?? []).creates.map((c) => [c.path, c.content]));
}

describe('fix-all in the editor creates the files its preferred fixes create (as --fix does)', function () {
  this.timeout(30000);
  let client: TestClient | undefined;
  afterEach(async () => { await client?.shutdown(); client = undefined; });

  async function start(files: Files, options: { resourceOperations?: ('create' | 'rename' | 'delete')[] } = {}, dir?: string) {
    const root = writeWorkspace(files, dir);
    client = new TestClient();
    await client.initialize(root, { scanOnStartup: false }, options);
    const cargoUri = pathToFileURL(path.join(root, 'Cargo.toml')).toString();
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: cargoUri, languageId: 'toml', version: 1, text: files['Cargo.toml'] },
    });
    return { root, cargoUri, client };
  }

  const fixAllActions = (c: TestClient, uri: string) =>
    c.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: ORIGIN, context: FIX_ALL_ONLY }) as Promise<CodeAction[]>;

  it('source.fixAll on a manifest whose only preferred fixes create files creates them, with the content --fix writes', async () => {
    const { root, cargoUri, client: c } = await start(TWO_CRATES);
    const diags = await c.waitFor(cargoUri, (ds) => codes(ds).includes('ci-workflow-missing') && codes(ds).includes('deny-config-missing'));
    const actions = await fixAllActions(c, cargoUri);
    assert.strictEqual(actions.length, 1, JSON.stringify(actions));
    const created = createdFiles(actions[0].edit!, root);
    assert.deepStrictEqual([...created.keys()].sort(), ['.github/workflows/ci.yml', 'deny.toml']);
    assert.deepStrictEqual(created, cliCreates(TWO_CRATES, 'Cargo.toml'));
    await applyAsEditor(c, actions[0].edit!);
    await c.waitFor(cargoUri, (ds) => !codes(ds).includes('ci-workflow-missing') && !codes(ds).includes('deny-config-missing'));
    assert.ok(diags.length > 0);
  });

  it('the rust-readiness.fixAll command applies the same edit, creations included', async () => {
    const { root, cargoUri, client: c } = await start(TWO_CRATES);
    await c.waitFor(cargoUri, (ds) => codes(ds).includes('deny-config-missing'));
    await c.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rust-readiness.fixAll', arguments: [cargoUri] });
    assert.strictEqual(c.appliedEdits.length, 1);
    assert.strictEqual(c.appliedEdits[0].label, 'Rust Readiness: fix all');
    assert.deepStrictEqual(createdFiles(c.appliedEdits[0].edit, root), cliCreates(TWO_CRATES, 'Cargo.toml'));
  });

  it('text edits and creations go in one edit', async () => {
    const { root, cargoUri, client: c } = await start(WILDCARD_NO_CI);
    await c.waitFor(cargoUri, (ds) => codes(ds).includes('wildcard-dependency') && codes(ds).includes('ci-workflow-missing'));
    const [action] = await fixAllActions(c, cargoUri);
    assert.deepStrictEqual([...createdFiles(action.edit!, root).keys()], ['.github/workflows/ci.yml']);
    await applyAsEditor(c, action.edit!, new Map([[cargoUri, 1]]));
    assert.match(fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8'), /serde = "1\.0\.200"/);
    await c.waitFor(cargoUri, (ds) => !codes(ds).includes('wildcard-dependency') && !codes(ds).includes('ci-workflow-missing'));
  });

  it('a client that cannot create files gets the text edits and a log line naming the files left out, never a silently partial edit', async () => {
    const { cargoUri, client: c } = await start(WILDCARD_NO_CI, { resourceOperations: [] });
    await c.waitFor(cargoUri, (ds) => codes(ds).includes('wildcard-dependency') && codes(ds).includes('ci-workflow-missing'));
    const [action] = await fixAllActions(c, cargoUri);
    const changes = action.edit!.documentChanges!;
    assert.ok(changes.every((ch) => 'textDocument' in ch && ch.textDocument.uri === cargoUri), JSON.stringify(changes));
    assert.deepStrictEqual(changes.flatMap((ch) => (ch as TextDocumentEdit).edits.map((e) => (e as TextEdit).newText)), ['"1.0.200"']);
    assert.ok(c.logs.some((l) => /Cargo\.toml/.test(l.message) && /\.github\/workflows\/ci\.yml/.test(l.message) && /create files/.test(l.message)),
      JSON.stringify(c.logs.map((l) => l.message)));
  });

  it('a client that cannot create files gets no fix-all action when creations are all there is, and the command says why', async () => {
    const { cargoUri, client: c } = await start(TWO_CRATES, { resourceOperations: [] });
    const diags = await c.waitFor(cargoUri, (ds) => codes(ds).includes('ci-workflow-missing') && codes(ds).includes('deny-config-missing'));
    assert.deepStrictEqual(await fixAllActions(c, cargoUri), []);
    // Nor a quick-fix that would do nothing: the creating fixes are not offered, the rest is.
    const d = diags.find((x) => x.code === 'deny-config-missing')!;
    const actions = await c.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: cargoUri }, range: d.range, context: { diagnostics: [d] } }) as CodeAction[];
    assert.deepStrictEqual(actions.map((a) => a.title), ['Ignore deny-config-missing for this line', 'Show documentation for deny-config-missing']);
    await c.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rust-readiness.fixAll', arguments: [cargoUri] });
    assert.strictEqual(c.appliedEdits.length, 0);
    assert.ok(c.messages.some((m) => /deny\.toml/.test(m.message) && /create files/.test(m.message)), JSON.stringify(c.messages));
  });

  it('a creation through a symlinked .github is not part of fix-all (issue 13: no write leaves the workspace)', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-outside-'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-test-'));
    fs.symlinkSync(outside, path.join(dir, '.github'), 'dir');
    try {
      const { root, cargoUri, client: c } = await start(TWO_CRATES, {}, dir);
      await c.waitFor(cargoUri, (ds) => codes(ds).includes('ci-workflow-missing') && codes(ds).includes('deny-config-missing'));
      const [action] = await fixAllActions(c, cargoUri);
      assert.deepStrictEqual([...createdFiles(action.edit!, root).keys()], ['deny.toml']);
      await c.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rust-readiness.fixAll', arguments: [cargoUri] });
      assert.deepStrictEqual([...createdFiles(c.appliedEdits[0].edit, root).keys()], ['deny.toml']);
      await applyAsEditor(c, action.edit!);
      assert.deepStrictEqual(fs.readdirSync(outside), [], 'nothing is written through the link');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
