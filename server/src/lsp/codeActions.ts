/**
 * Code actions on published diagnostics: each fix as a quick-fix, "ignore for this line", "show
 * documentation", and `source.fixAll.rust-readiness` (also behind the `rust-readiness.fixAll` command).
 */
import {
  CodeAction, CodeActionKind, Command, MessageType, ShowMessageNotification, type CodeActionParams, type Connection, type Diagnostic as LspDiagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
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
    const { documentChanges, createFiles } = this.lifecycle.client;
    const published = this.publisher.publishedOf(folder, rel) ?? [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      for (const lspDiag of params.context.diagnostics) {
        if (lspDiag.source !== SOURCE) continue;
        const d = this.match(published, lspDiag);
        if (!d) continue;
        // A fix creating a file the client cannot create would do nothing, or half of itself: not offered.
        for (const fix of d.fixes) if (createFiles || !fix.creates?.length) actions.push(fixAction(fix, lspDiag, this.target(folder), documentChanges));
        const ignore = this.ignoreAction(folder, rel, d, lspDiag);
        if (ignore) actions.push(ignore);
        const docs = CodeAction.create(`Show documentation for ${d.ruleId}`, Command.create(`Show documentation for ${d.ruleId}`, CLIENT_COMMANDS.openRuleDocs, d.ruleId), CodeActionKind.QuickFix);
        docs.diagnostics = [lspDiag];
        actions.push(docs);
      }
    }
    if (only && only.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(o + '.')) && only.every((o) => o !== CodeActionKind.QuickFix)) {
      const fixAll = this.fixAllAction(folder, rel);
      if (fixAll) actions.push(fixAll);
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

  /**
   * Fix-all of one document: the preferred fixes of its findings, combined as the CLI's `--fix`
   * combines them (`combinePreferredFixes`), with their file creations. For a client that cannot
   * create files, the fixes that create one are left out whole and `leftOut` names those files.
   */
  private fixAll(folder: Folder, rel: string): { edit: WorkspaceEdit | undefined; leftOut: string[] } {
    const diags = folder.analyzer.analyzeFile(rel);
    const { createFiles, documentChanges } = this.lifecycle.client;
    const all = combinePreferredFixes(diags);
    const { edits, creates } = createFiles || all.creates.length === 0
      ? all
      : combinePreferredFixes(diags.map((d) => ({ ...d, fixes: d.fixes.filter((f) => !f.creates?.length) })));
    const leftOut = createFiles ? [] : all.creates.map((c) => c.path);
    const mine = edits.filter((e) => e.path === rel);
    if (mine.length === 0 && creates.length === 0) return { edit: undefined, leftOut };
    return { edit: toWorkspaceEdit(mine, creates, this.target(folder), documentChanges), leftOut };
  }

  private cannotCreate(rel: string, leftOut: readonly string[]): string {
    return `fix-all on ${rel} leaves out creating ${leftOut.join(', ')}: this editor cannot create files through a workspace edit `
      + '(its client does not declare workspace.workspaceEdit.resourceOperations "create"); `rust-readiness --fix` creates them.';
  }

  /** `source.fixAll` as a code action; files the client cannot create are named in the log. */
  private fixAllAction(folder: Folder, rel: string): CodeAction | undefined {
    const { edit, leftOut } = this.fixAll(folder, rel);
    if (leftOut.length > 0) this.connection.console.warn(`rust-readiness: ${this.cannotCreate(rel, leftOut)}`);
    return edit && CodeAction.create('Fix all Rust Readiness findings', edit, FIX_ALL_KIND);
  }

  /** The `rust-readiness.fixAll` command: fix-all of one document, applied through `workspace/applyEdit`; files the client cannot create are named to the user. */
  async applyFixAll(uri: string): Promise<void> {
    const loc = this.folders.locate(uri);
    if (!loc) return;
    const { edit, leftOut } = this.fixAll(loc.folder, loc.rel);
    if (leftOut.length > 0) void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Rust Readiness: ${this.cannotCreate(loc.rel, leftOut)}` });
    if (edit) await this.connection.workspace.applyEdit({ label: 'Rust Readiness: fix all', edit });
  }
}
