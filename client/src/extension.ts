/**
 * The VS Code extension: starts the language server and owns commands and UI. No analysis here.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { registerReportCommands } from './reportView';
import { OPEN_RULE_DOCS, RULE_DOC_SCHEME, openRuleDocsCommandUri, pageOfDocPath, ruleIdOfDocUrl } from './ruleDocLinks';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, REQUESTS, SERVER_COMMANDS, type RuleSummary, type ScanSummary } from '../../server/src/protocol';

const SOURCE = 'rust-readiness';
let client: LanguageClient | undefined;

/** Documents the server analyses: by language where VS Code knows it, by file name otherwise. */
const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'rust' },
  { scheme: 'file', language: 'toml' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', pattern: '**/{Cargo.lock,*.toml,*.yml,*.yaml,Dockerfile,Dockerfile.*,*.Dockerfile,.gitignore,.dockerignore,.env,.env.*,*.env,*.sql,CODEOWNERS,*.hjson,*.json5,*config*.json,*settings*.json}' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('out', 'server', 'src', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: {
      configurationSection: 'rustReadiness',
      // Created, changed and deleted files keep workspace findings current (a new CI workflow, a .gitignore edit).
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*'),
    },
    diagnosticCollectionName: SOURCE,
    middleware: {
      // The server links each diagnostic to its rule page as a file: URL; here the link opens the
      // rendered, read-only page instead of the raw .md (see ruleDocLinks.ts).
      handleDiagnostics: (uri, diagnostics, next) => {
        for (const d of diagnostics) {
          if (typeof d.code !== 'object' || !d.code.target) continue;
          const id = ruleIdOfDocUrl(d.code.target.toString());
          if (id) d.code = { value: d.code.value, target: vscode.Uri.parse(openRuleDocsCommandUri(id)) };
        }
        next(uri, diagnostics);
      },
    },
  };
  client = new LanguageClient('rustReadiness', 'Rust Readiness', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem('rustReadiness.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Rust Readiness';
  status.command = 'workbench.actions.view.problems';
  const updateStatus = () => {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const [, diags] of vscode.languages.getDiagnostics()) {
      for (const d of diags) {
        if (d.source !== SOURCE) continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) counts.error++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warning++;
        else counts.info++;
      }
    }
    status.text = `$(shield) Readiness $(error) ${counts.error} $(warning) ${counts.warning} $(info) ${counts.info}`;
    status.tooltip = `Rust Readiness: ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info. Click to open the Problems panel.`;
    status.show();
  };
  updateStatus();

  context.subscriptions.push(
    client,
    status,
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.commands.registerCommand(CLIENT_COMMANDS.scanWorkspace, async () => {
      const result = await client!.sendRequest('workspace/executeCommand', { command: SERVER_COMMANDS.scanWorkspace, arguments: [] }) as ScanSummary | undefined;
      if (result) vscode.window.setStatusBarMessage(`Rust Readiness: scanned ${result.files} files, ${result.findings} findings`, 5000);
      return result;
    }),
    // The rule pages as a read-only file system, so the Markdown preview shows them rendered, an
    // editor opened from the preview cannot change them, and links between rules stay in the scheme.
    vscode.workspace.registerFileSystemProvider(RULE_DOC_SCHEME, new RuleDocsFileSystem(context), { isReadonly: true, isCaseSensitive: true }),
    vscode.commands.registerCommand(OPEN_RULE_DOCS, async (ruleId?: string) => {
      let id = ruleId;
      if (!id) {
        const rules = await client!.sendRequest(REQUESTS.rules) as RuleSummary[];
        const pick = await vscode.window.showQuickPick(rules.map((r) => ({ label: r.id, description: `${r.priority} · ${r.area}`, detail: r.title })), { placeHolder: 'Rule documentation' });
        id = pick?.label;
      }
      if (!id || !pageOfDocPath(`/${id}.md`)) return;
      await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.from({ scheme: RULE_DOC_SCHEME, path: `/${id}.md` }));
    }),
    vscode.commands.registerCommand(CLIENT_COMMANDS.fixAllInFile, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      await client!.sendRequest('workspace/executeCommand', { command: SERVER_COMMANDS.fixAll, arguments: [editor.document.uri.toString()] });
    }),
  );
  registerReportCommands(context, (folderUri) => client!.sendRequest(REQUESTS.report, { folderUri }));
  await client.start();
}

/** docs/rules/*.md of the extension, read-only, under `rust-readiness-doc:/<page>.md`. */
class RuleDocsFileSystem implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  constructor(private readonly context: vscode.ExtensionContext) {}

  private file(uri: vscode.Uri): vscode.Uri {
    const page = pageOfDocPath(uri.path);
    if (!page) throw vscode.FileSystemError.FileNotFound(uri);
    return vscode.Uri.file(this.context.asAbsolutePath(path.join('docs', 'rules', `${page}.md`)));
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (uri.path === '/' || uri.path === '') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const s = await vscode.workspace.fs.stat(this.file(uri)).then(undefined, () => { throw vscode.FileSystemError.FileNotFound(uri); });
    return { type: vscode.FileType.File, ctime: s.ctime, mtime: s.mtime, size: s.size, permissions: vscode.FilePermission.Readonly };
  }
  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return vscode.workspace.fs.readFile(this.file(uri)).then(undefined, () => { throw vscode.FileSystemError.FileNotFound(uri); });
  }
  readDirectory(): [string, vscode.FileType][] { return []; }
  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }
  createDirectory(uri: vscode.Uri): void { throw vscode.FileSystemError.NoPermissions(uri); }
  writeFile(uri: vscode.Uri): void { throw vscode.FileSystemError.NoPermissions(uri); }
  delete(uri: vscode.Uri): void { throw vscode.FileSystemError.NoPermissions(uri); }
  rename(uri: vscode.Uri): void { throw vscode.FileSystemError.NoPermissions(uri); }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
