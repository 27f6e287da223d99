/** Engine values → LSP values. */
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeAction, CodeActionKind, DiagnosticSeverity, type Diagnostic as LspDiagnostic, type WorkspaceEdit,
  type TextDocumentEdit, type CreateFile, TextEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, FileCreation, FileTextEdit, Fix } from '../core/engine/types';
import { ruleDocUrl } from '../output/ruleDocs';

export const SOURCE = 'rust-readiness';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${SOURCE}`;

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

export function fileUri(root: string, rel: string): string {
  return pathToFileURL(path.join(root, ...rel.split('/'))).toString();
}

export function toLspDiagnostic(d: Diagnostic, root: string, index: number): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    source: SOURCE,
    code: d.ruleId,
    codeDescription: { href: ruleDocUrl(d.ruleId) },
    message: d.message,
    relatedInformation: d.related.length
      ? d.related.map((r) => ({ location: { uri: fileUri(root, r.path), range: r.range }, message: r.message }))
      : undefined,
    // Lets code actions find the engine diagnostic (and its fixes) again.
    data: { index, ruleId: d.ruleId },
  };
}

export interface EditTarget { root: string; versionOf(uri: string): number | null }

/**
 * Edits and file creations as a WorkspaceEdit: `documentChanges` (with a CreateFile and the edit
 * filling it per creation) when supported, else `changes`. Creations need a client that declared
 * `documentChanges` and the `create` resource operation: callers leave them out (and say so) for
 * one that did not, since a plain `changes` edit cannot create a file.
 */
export function toWorkspaceEdit(edits: FileTextEdit[], creates: FileCreation[], target: EditTarget, documentChanges: boolean): WorkspaceEdit {
  if (creates.length > 0 && !documentChanges) throw new Error('toWorkspaceEdit: file creations need a client with documentChanges');
  const byUri = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const uri = fileUri(target.root, e.path);
    byUri.set(uri, [...(byUri.get(uri) ?? []), TextEdit.replace(e.range, e.newText)]);
  }
  if (!documentChanges) {
    return { changes: Object.fromEntries(byUri) };
  }
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  for (const c of creates) {
    const uri = fileUri(target.root, c.path);
    // ignoreIfExists: a file that appeared since the analysis keeps its text (the fill lands at its
    // top, nothing is lost); without it Neovim truncates an existing file before filling it.
    changes.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    changes.push({ textDocument: { uri, version: null }, edits: [TextEdit.insert({ line: 0, character: 0 }, c.content)] });
  }
  for (const [uri, textEdits] of byUri) changes.push({ textDocument: { uri, version: target.versionOf(uri) }, edits: textEdits });
  return { documentChanges: changes };
}

/** Text inserted literally into a snippet: `$`, `}` and `\\` escaped. */
export function snippetLiteral(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** One snippet edit (LSP 3.18 `SnippetTextEdit`): for clients declaring `workspaceEdit.snippetEditSupport`. */
export function snippetWorkspaceEdit(edit: FileTextEdit, target: EditTarget): WorkspaceEdit {
  const uri = fileUri(target.root, edit.path);
  return { documentChanges: [{ textDocument: { uri, version: target.versionOf(uri) }, edits: [{ range: edit.range, snippet: { kind: 'snippet', value: edit.newText } }] }] };
}

export function fixAction(fix: Fix, diagnostic: LspDiagnostic, target: EditTarget, documentChanges: boolean): CodeAction {
  const action = CodeAction.create(fix.title, toWorkspaceEdit(fix.edits, fix.creates ?? [], target, documentChanges), CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  return action;
}
