/**
 * Code actions on published diagnostics: each fix as a quick-fix, "ignore for this line", "show
 * documentation", and `source.fixAll.rust-readiness` (also behind the `rust-readiness.fixAll` command).
 */
import { CodeAction, CodeActionKind, Command, type CodeActionParams, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { commentMarker, fileKindOf } from '../core/engine/fileKinds';
import { combinePreferredFixes } from '../core/engine/fixes';
import type { Diagnostic } from '../core/engine/types';
import { CLIENT_COMMANDS } from '../protocol';
import { FIX_ALL_KIND, SOURCE, fixAction, snippetLiteral, snippetWorkspaceEdit, toWorkspaceEdit, type EditTarget } from './convert';
import type { OpenDocuments } from './documents';
import type { Folder, Folders } from './folders';
import type { Lifecycle } from './lifecycle';
import type { Publisher } from './publisher';

export class CodeActions {
  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
    private readonly folders: Folders,
    private readonly publisher: Publisher,
    private readonly lifecycle: Lifecycle,
  ) {}

  private target(folder: Folder): EditTarget {
    return { root: folder.root, versionOf: (uri) => this.documents.versionOf(uri) ?? null };
  }

  provide(params: CodeActionParams): CodeAction[] {
    const loc = this.folders.locate(params.textDocument.uri);
    if (!loc) return [];
    const { folder, rel } = loc;
    const { documentChanges } = this.lifecycle.client;
    const published = this.publisher.publishedOf(folder, rel) ?? [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      for (const lspDiag of params.context.diagnostics) {
        if (lspDiag.source !== SOURCE) continue;
        const d = this.match(published, lspDiag);
        if (!d) continue;
        for (const fix of d.fixes) actions.push(fixAction(fix, lspDiag, this.target(folder), documentChanges));
        const ignore = this.ignoreAction(folder, rel, d, lspDiag);
        if (ignore) actions.push(ignore);
        const docs = CodeAction.create(`Show documentation for ${d.ruleId}`, Command.create(`Show documentation for ${d.ruleId}`, CLIENT_COMMANDS.openRuleDocs, d.ruleId), CodeActionKind.QuickFix);
        docs.diagnostics = [lspDiag];
        actions.push(docs);
      }
    }
    if (only && only.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(o + '.')) && only.every((o) => o !== CodeActionKind.QuickFix)) {
      const edit = this.fixAllEdit(folder, rel);
      if (edit) actions.push(CodeAction.create('Fix all Rust Readiness findings', edit, FIX_ALL_KIND));
    }
    return actions;
  }

  private match(published: Diagnostic[], lspDiag: LspDiagnostic): Diagnostic | undefined {
    const data = lspDiag.data as { index?: number; ruleId?: string } | undefined;
    const byIndex = data?.index !== undefined ? published[data.index] : undefined;
    const same = (d: Diagnostic) => d.ruleId === (lspDiag.code ?? data?.ruleId) &&
      d.range.start.line === lspDiag.range.start.line && d.range.start.character === lspDiag.range.start.character;
    if (byIndex && same(byIndex)) return byIndex;
    return published.find(same);
  }

  /** "Ignore <rule> for this line": a `readiness-ignore-next-line` comment above, in the file's comment syntax. */
  private ignoreAction(folder: Folder, rel: string, d: Diagnostic, lspDiag: LspDiagnostic): CodeAction | undefined {
    const kind = fileKindOf(rel);
    const doc = folder.model.document(rel);
    if (!kind || !doc || d.path !== rel) return undefined;
    const line = d.range.start.line;
    const lineText = doc.index.lineText(line);
    const indent = /^\s*/.exec(lineText)![0];
    const comment = `${indent}${commentMarker(kind)} readiness-ignore-next-line ${d.ruleId}`;
    const at = { start: { line, character: 0 }, end: { line, character: 0 } };
    // The reason is the user's to write: a tab stop after `--` where snippet edits work, else left out.
    const edit = this.lifecycle.client.snippetEdits
      ? snippetWorkspaceEdit({ path: rel, range: at, newText: `${snippetLiteral(comment)} -- $1${doc.index.eol}` }, this.target(folder))
      : toWorkspaceEdit([{ path: rel, range: at, newText: `${comment}${doc.index.eol}` }], [], this.target(folder), this.lifecycle.client.documentChanges);
    const action = CodeAction.create(`Ignore ${d.ruleId} for this line`, edit, CodeActionKind.QuickFix);
    action.diagnostics = [lspDiag];
    return action;
  }

  private fixAllEdit(folder: Folder, rel: string) {
    const diags = folder.analyzer.analyzeFile(rel);
    const { edits, creates } = combinePreferredFixes(diags);
    const mine = edits.filter((e) => e.path === rel);
    if (mine.length === 0 && creates.length === 0) return undefined;
    return toWorkspaceEdit(mine, [], this.target(folder), this.lifecycle.client.documentChanges);
  }

  /** The `rust-readiness.fixAll` command: fix-all of one document, applied through `workspace/applyEdit`. */
  async applyFixAll(uri: string): Promise<void> {
    const loc = this.folders.locate(uri);
    if (!loc) return;
    const edit = this.fixAllEdit(loc.folder, loc.rel);
    if (edit) await this.connection.workspace.applyEdit({ label: 'Rust Readiness: fix all', edit });
  }
}
