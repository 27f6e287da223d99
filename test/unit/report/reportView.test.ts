/**
 * The "Open Report" webview wiring, against a minimal stand-in for the `vscode` module: the panel's
 * policy and script, opening a finding at its line, saving the Markdown.
 */
import * as assert from 'assert';
import * as path from 'path';
import { renderHtml } from '../../../server/src/report/html';
import { buildReportModel } from '../../../server/src/report/model';
import { codeLines, diag, meta, resultsOf } from '../../helpers/report';

class Uri {
  constructor(readonly scheme: string, readonly path: string) {}
  static file(p: string) { return new Uri('file', p); }
  static parse(s: string) { return new Uri('file', s.replace(/^file:\/\//, '')); }
  static joinPath(base: Uri, ...segs: string[]) { return new Uri(base.scheme, path.posix.join(base.path, ...segs)); }
  toString() { return `${this.scheme}://${this.path}`; }
}
class Position { constructor(readonly line: number, readonly character: number) {} }
class Range { constructor(readonly start: Position, readonly end: Position) {} }

function fakeVscode() {
  const log: { call: string; args: any[] }[] = [];
  const commands = new Map<string, (...a: any[]) => any>();
  const folder = { uri: Uri.file('/ws/svc'), name: 'svc', index: 0 };
  let onMessage: ((m: unknown) => Promise<void>) | undefined;
  const panel: any = {
    title: '',
    webview: { html: '', cspSource: 'https://webview.test', onDidReceiveMessage: (cb: any) => { onMessage = cb; return { dispose() {} }; } },
    onDidDispose: () => ({ dispose() {} }),
    reveal: () => log.push({ call: 'reveal', args: [] }),
    dispose: () => {},
  };
  const api = {
    Uri, Position, Range,
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    ProgressLocation: { Notification: 15 },
    window: {
      activeTextEditor: undefined,
      createWebviewPanel: (...args: any[]) => { log.push({ call: 'createWebviewPanel', args }); return panel; },
      showTextDocument: async (...args: any[]) => { log.push({ call: 'showTextDocument', args }); },
      showSaveDialog: async (...args: any[]) => { log.push({ call: 'showSaveDialog', args }); return Uri.file('/ws/svc/READINESS.md'); },
      showInformationMessage: async () => undefined,
      showWarningMessage: async (...args: any[]) => { log.push({ call: 'showWarningMessage', args }); },
      showErrorMessage: async (...args: any[]) => { log.push({ call: 'showErrorMessage', args }); },
      showWorkspaceFolderPick: async () => folder,
      withProgress: (_o: unknown, task: () => Promise<unknown>) => task(),
    },
    workspace: {
      workspaceFolders: [folder],
      getWorkspaceFolder: (u: Uri) => (u.path.startsWith(folder.uri.path) ? folder : undefined),
      asRelativePath: (u: Uri) => u.path,
      fs: { writeFile: async (...args: any[]) => { log.push({ call: 'writeFile', args }); } },
    },
    commands: { registerCommand: (id: string, fn: any) => { commands.set(id, fn); return { dispose() {} }; } },
  };
  return { api, log, commands, panel, send: (m: unknown) => onMessage!(m) };
}

describe('report webview (Open Report command)', () => {
  const fake = fakeVscode();
  let registerReportCommands: typeof import('../../../client/src/reportView').registerReportCommands;
  const requested: string[] = [];
  const report = {
    markdown: '# Production Readiness Report: svc\n',
    html: renderHtml(buildReportModel({
      workspace: 'svc',
      results: resultsOf([diag('panic-in-production', 'src/main.rs', 3, 'P1')]),
      rules: [meta('panic-in-production', 'P1', 'Reliability')],
      codeLine: codeLines({ 'src/main.rs': 'fn main() {\n\n    x.unwrap();\n}\n' }),
      version: '0.0.0',
    })),
  };

  before(() => {
    const Module = require('module');
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
    };
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fake.api } as any;
    try {
      ({ registerReportCommands } = require('../../../client/src/reportView'));
    } finally {
      Module._resolveFilename = resolve;
    }
    const context = { subscriptions: [] as unknown[] } as any;
    registerReportCommands(context, async (folderUri) => { requested.push(folderUri); return report; });
  });
  after(() => { delete require.cache.vscode; });

  it('registers rustReadiness.openReport, which requests the folder report and shows it under a strict policy', async () => {
    assert.ok(fake.commands.has('rustReadiness.openReport'));
    const result = await fake.commands.get('rustReadiness.openReport')!();
    assert.strictEqual(result, report);
    assert.deepStrictEqual(requested, ['file:///ws/svc']);
    const create = fake.log.find((l) => l.call === 'createWebviewPanel')!;
    assert.strictEqual(create.args[0], 'rustReadiness.report');
    assert.strictEqual(create.args[3].enableScripts, true);
    assert.deepStrictEqual(create.args[3].localResourceRoots, []);
    const html: string = fake.panel.webview.html;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    const nonce = /'nonce-([0-9a-f]{32})'/.exec(csp)![1];
    assert.strictEqual(csp, `default-src 'none'; style-src 'unsafe-inline'; img-src https://webview.test data:; script-src 'nonce-${nonce}';`);
    assert.strictEqual(html.match(/<script\b/g)!.length, 1);
    assert.match(html, new RegExp(`<script nonce="${nonce}">`));
    assert.strictEqual(fake.panel.title, 'Readiness Report: svc');
  });

  it('a fresh nonce each time the report is shown', async () => {
    const nonceOf = () => /'nonce-([0-9a-f]+)'/.exec(fake.panel.webview.html)![1];
    const first = nonceOf();
    await fake.commands.get('rustReadiness.openReport')!();
    assert.notStrictEqual(nonceOf(), first);
    assert.strictEqual(fake.log.filter((l) => l.call === 'createWebviewPanel').length, 1, 'the panel is reused');
  });

  it('opens the file at the line on { type: "open" }', async () => {
    await fake.send({ type: 'open', path: 'src/main.rs', line: 3 });
    const open = fake.log.filter((l) => l.call === 'showTextDocument').pop()!;
    assert.strictEqual(open.args[0].toString(), 'file:///ws/svc/src/main.rs');
    assert.deepStrictEqual(open.args[1].selection.start, new Position(2, 0));
  });

  it('ignores messages that could leave the folder', async () => {
    const before = fake.log.length;
    await fake.send({ type: 'open', path: '../../etc/passwd', line: 1 });
    await fake.send({ type: 'exec', command: 'rm' });
    assert.strictEqual(fake.log.length, before);
  });

  it('saves the Markdown on { type: "saveMarkdown" }', async () => {
    await fake.send({ type: 'saveMarkdown' });
    const dialog = fake.log.find((l) => l.call === 'showSaveDialog')!;
    assert.strictEqual(dialog.args[0].defaultUri.toString(), 'file:///ws/svc/READINESS.md');
    const write = fake.log.find((l) => l.call === 'writeFile')!;
    assert.strictEqual(write.args[0].toString(), 'file:///ws/svc/READINESS.md');
    assert.strictEqual(new TextDecoder().decode(write.args[1]), report.markdown);
  });
});
