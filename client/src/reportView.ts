/**
 * "Rust Readiness: Open Report": asks the language server for the readiness report of a workspace
 * folder and shows it in a webview (the report's own self-contained HTML, under a strict
 * Content-Security-Policy with one nonce'd script). Clicking a finding opens the file at its line;
 * "Save as Markdown" writes the Markdown form of the same report.
 */
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { parseWebviewMessage, toWebviewHtml } from '../../server/src/protocol/reportWebview';
import { CLIENT_COMMANDS } from '../../server/src/protocol';

export interface RenderedReport { markdown: string; html: string }

const VIEW_TYPE = 'rustReadiness.report';

export function registerReportCommands(
  context: vscode.ExtensionContext,
  requestReport: (folderUri: string) => Promise<RenderedReport>,
): void {
  let panel: vscode.WebviewPanel | undefined;
  let current: { folder: vscode.WorkspaceFolder; report: RenderedReport } | undefined;

  const pickFolder = async (arg?: unknown): Promise<vscode.WorkspaceFolder | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : undefined;
    if (uri) {
      const f = vscode.workspace.getWorkspaceFolder(uri);
      if (f) return f;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showWarningMessage('Rust Readiness: open a folder to build a readiness report.');
      return undefined;
    }
    if (folders.length === 1) return folders[0];
    const active = vscode.window.activeTextEditor?.document.uri;
    const activeFolder = active && vscode.workspace.getWorkspaceFolder(active);
    return activeFolder ?? vscode.window.showWorkspaceFolderPick({ placeHolder: 'Build the readiness report of which folder?' });
  };

  const openLocation = async (folder: vscode.WorkspaceFolder, relPath: string, line: number) => {
    const uri = vscode.Uri.joinPath(folder.uri, ...relPath.split('/'));
    const pos = new vscode.Position(Math.max(0, line - 1), 0);
    try {
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.Beside, preview: true });
    } catch (e) {
      void vscode.window.showErrorMessage(`Rust Readiness: cannot open ${relPath}: ${(e as Error).message}`);
    }
  };

  const saveMarkdown = async (folder: vscode.WorkspaceFolder, markdown: string) => {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder.uri, 'READINESS.md'),
      filters: { Markdown: ['md'] },
      saveLabel: 'Save Report',
      title: 'Save the readiness report as Markdown',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
    const choice = await vscode.window.showInformationMessage(`Rust Readiness: report saved to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (choice === 'Open') await vscode.window.showTextDocument(target);
  };

  const show = (folder: vscode.WorkspaceFolder, report: RenderedReport) => {
    if (!panel) {
      panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Readiness Report', vscode.ViewColumn.Active, {
        enableScripts: true,
        enableFindWidget: true,
        // Nothing is loaded from disk or network: the page is self-contained.
        localResourceRoots: [],
      });
      panel.onDidDispose(() => { panel = undefined; current = undefined; }, null, context.subscriptions);
      panel.webview.onDidReceiveMessage(async (raw: unknown) => {
        const msg = parseWebviewMessage(raw);
        if (!msg || !current) return;
        if (msg.type === 'open') await openLocation(current.folder, msg.path, msg.line);
        else await saveMarkdown(current.folder, current.report.markdown);
      }, null, context.subscriptions);
    }
    current = { folder, report };
    panel.title = `Readiness Report: ${folder.name}`;
    panel.webview.html = toWebviewHtml(report.html, randomBytes(16).toString('hex'), panel.webview.cspSource);
    panel.reveal(undefined, false);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(CLIENT_COMMANDS.openReport, async (arg?: unknown) => {
      const folder = await pickFolder(arg);
      if (!folder) return undefined;
      try {
        const report = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Rust Readiness: building the report of ${folder.name}…` },
          () => requestReport(folder.uri.toString()),
        );
        show(folder, report);
        return report;
      } catch (e) {
        void vscode.window.showErrorMessage(`Rust Readiness: could not build the report: ${(e as Error).message}`);
        return undefined;
      }
    }),
    { dispose: () => panel?.dispose() },
  );
}
