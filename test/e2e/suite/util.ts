/** Helpers for the integration suite (runs inside the extension host). */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'rust-readiness.rust-readiness';
export const SOURCE = 'rust-readiness';

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns something truthy or `ms` pass. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

export function ruleOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** Our diagnostics of `rule` on `uri`. */
export function findings(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE && ruleOf(d) === rule);
}

export function workspaceUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Opens `rel` in an editor and waits for `rule`'s findings on it (the first publish can take a while in CI). */
export async function openAndWaitFor(rel: string, rule: string): Promise<{ uri: vscode.Uri; doc: vscode.TextDocument; editor: vscode.TextEditor; found: vscode.Diagnostic[] }> {
  const uri = workspaceUri(rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  const found = await waitFor(`${rule} on ${rel}`, () => {
    const f = findings(uri, rule);
    return f.length > 0 && f;
  }, 60000);
  return { uri, doc, editor, found };
}
