/**
 * The language server: a thin shell over the engine. It keeps the editor's documents (incremental
 * sync), turns content changes into tree-sitter edits, asks the engine for findings and publishes
 * them; code actions, hover and commands read what was published.
 *
 * Flow per change: didChange → overlay in the folder's WorkspaceModel (Rust re-parsed incrementally)
 * → analyse once the edits already received are in, only the newest version, in slices that a newer
 * version stops (`schedule`) → publish; a
 * change to a non-Rust file (manifests, config, .gitignore…) can change findings elsewhere, so the
 * other published files are refreshed shortly after.
 */
import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  CodeAction, CodeActionKind, FileChangeType, TextDocumentSyncKind, type Connection, type Diagnostic as LspDiagnostic,
  type InitializeParams, type InitializeResult, type WorkspaceFolder, type CodeActionParams, type HoverParams, type Hover,
  MarkupKind, Command, ShowMessageNotification, MessageType, ResponseError, ErrorCodes, LSPErrorCodes, type CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createEngine } from '../../../rules';
import { Analyzer } from '../core/engine/analyzer';
import { settingsProblems, type EditorSettings } from '../core/engine/config';
import type { Engine } from '../core/engine/engine';
import { commentMarker, fileKindOf } from '../core/engine/fileKinds';
import { combinePreferredFixes } from '../core/engine/fixes';
import type { Diagnostic, Finding } from '../core/engine/types';
import { notJudgedNote, WorkspaceModel } from '../core/engine/workspace';
import { ruleMarkdown } from '../output/ruleDocs';
import { buildReportForAnalyzer } from '../report';
import { FIX_ALL_KIND, SOURCE, fileUri, fixAction, snippetLiteral, snippetWorkspaceEdit, toLspDiagnostic, toWorkspaceEdit, type EditTarget } from './convert';
import { CLIENT_COMMANDS, REQUESTS, SERVER_COMMANDS, type RuleSummary } from '../protocol';

/** What a list of findings says (not their fixes, which can be large): enough to tell whether it changed. */
function findingsKey(findings: readonly Finding[] | undefined): string {
  return (findings ?? []).map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}:${f.severity ?? ''}:${f.tier ?? ''}:${f.message}`).join('\n');
}

/** How long an analysis runs before it gives the event loop back (ms). */
const SLICE_MS = 8;

const COMMANDS = SERVER_COMMANDS;

interface Folder {
  uri: string;
  root: string;
  model: WorkspaceModel;
  analyzer: Analyzer;
  /** What was last published per relative path (engine diagnostics, to map code actions back). */
  published: Map<string, Diagnostic[]>;
  /** Workspace-rule findings as of the last refresh: what a Rust edit's refresh compares against. */
  lastWorkspaceFindings: Map<string, Finding[]>;
  enabled: boolean;
}

export class Session {
  private readonly engine: Engine = createEngine();
  private readonly folders = new Map<string, Folder>();
  private readonly documents = new Map<string, TextDocument>();
  /** Per document URI, the analysis job that is current; an older job finding another here stops. */
  private readonly pending = new Map<string, number>();
  private jobCounter = 0;
  private shuttingDown = false;
  private readonly notifiedSkips = new Set<string>();
  private readonly notifiedSettings = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshEverything = false;
  private workspaceFolders: WorkspaceFolder[] = [];
  private supportsConfiguration = false;
  private supportsDocumentChanges = false;
  private supportsSnippetEdits = false;
  private supportsProgress = false;
  private initialized = false;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.afterInitialized());
    c.onDidOpenTextDocument((p) => {
      const doc = TextDocument.create(p.textDocument.uri, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
      this.documents.set(doc.uri, doc);
      this.updateOverlay(doc);
    });
    c.onDidChangeTextDocument((p) => {
      const doc = this.documents.get(p.textDocument.uri);
      if (!doc) return;
      // TextDocument.update changes the document in place and keeps its line offsets current; the
      // model works out the tree edit from the text itself (one per parse, not one per change).
      TextDocument.update(doc, p.contentChanges, p.textDocument.version);
      this.updateOverlay(doc);
    });
    c.onDidCloseTextDocument((p) => {
      this.documents.delete(p.textDocument.uri);
      const loc = this.locate(p.textDocument.uri);
      if (!loc) return;
      loc.folder.model.removeOverlay(loc.rel);
      this.schedule(p.textDocument.uri);
    });
    c.onDidChangeWatchedFiles((p) => {
      // One batch per folder: the model drops what git would not track and rebuilds its file set once.
      const batches = new Map<Folder, { path: string; change: 'created' | 'changed' | 'deleted' }[]>();
      for (const ch of p.changes) {
        // Events for files outside the folders never make a loose workspace: only opening a file does.
        const loc = this.locate(ch.uri, false);
        if (!loc) continue;
        const change = ch.type === FileChangeType.Created ? 'created' : ch.type === FileChangeType.Deleted ? 'deleted' : 'changed';
        let batch = batches.get(loc.folder);
        if (!batch) { batch = []; batches.set(loc.folder, batch); }
        batch.push({ path: loc.rel, change });
        if (change === 'deleted' && !this.documents.has(ch.uri)) this.clear(loc.folder, loc.rel);
      }
      let relevant = false;
      for (const [folder, changes] of batches) {
        const kept = changes.filter((c) => c.change === 'deleted' || !folder.model.isIgnored(c.path, false));
        if (kept.length === 0) continue;
        folder.model.filesChanged(kept);
        relevant = true;
      }
      if (relevant) this.scheduleRefresh(0);
    });
    c.onDidChangeConfiguration(() => void this.reloadSettings());
    // After `shutdown` every request but a repeated shutdown is answered with InvalidRequest (LSP).
    c.onShutdown(() => {
      this.shuttingDown = true;
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
    });
    c.onCodeAction(this.serving((p) => this.codeActions(p)));
    c.onHover(this.serving((p) => this.hover(p)));
    c.onExecuteCommand(this.serving(async (p, token) => {
      if (p.command === COMMANDS.scanWorkspace) return this.scanAll(token);
      if (p.command === COMMANDS.fixAll) {
        const uri = (p.arguments?.[0] as string | undefined);
        if (uri) await this.applyFixAll(uri);
      }
      return undefined;
    }));
    c.onRequest(REQUESTS.report, this.serving((p: { folderUri: string }, token) => this.report(p.folderUri, token)));
    c.onRequest(REQUESTS.rules, this.serving((): RuleSummary[] => this.engine.allMeta().map((m) => ({ id: m.id, title: m.title, priority: m.priority, area: m.area }))));
    c.listen();
  }

  /** A request handler that answers InvalidRequest once the client asked the server to shut down. */
  private serving<A extends unknown[], R>(handler: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      if (this.shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'Rust Readiness: the server is shutting down (shutdown was requested).');
      return handler(...args);
    };
  }

  /** Gives the event loop back (so `$/cancelRequest` and newer messages are read); throws if the request was cancelled meanwhile. */
  private async pause(token: CancellationToken | undefined): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Rust Readiness: cancelled.');
    if (token && this.shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'Rust Readiness: the server is shutting down (shutdown was requested).');
  }

  /** The workspace report (audit profile), analysed in slices so `$/cancelRequest` stops it. */
  private async report(folderUri: string, token: CancellationToken): Promise<{ markdown: string; html: string }> {
    const folder = this.folders.get(folderUri) ?? [...this.folders.values()].find((f) => fileUri(f.root, '') === folderUri.replace(/\/?$/, '/'));
    if (!folder) throw new Error(`Rust Readiness: ${folderUri} is not an open workspace folder`);
    const results = new Map<string, Diagnostic[]>();
    let sliceEnd = performance.now() + SLICE_MS;
    for (const rel of folder.analyzer.pathsToAnalyze()) {
      const steps = folder.analyzer.analyzeFileSteps(rel, false, 'audit');
      for (;;) {
        const step = steps.next();
        if (step.done) { results.set(rel, step.value); break; }
        if (performance.now() < sliceEnd) continue;
        await this.pause(token);
        sliceEnd = performance.now() + SLICE_MS;
      }
    }
    const { markdown, html } = buildReportForAnalyzer(folder.analyzer, folder.root, { results });
    return { markdown, html };
  }

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.supportsConfiguration = !!caps.workspace?.configuration;
    this.supportsDocumentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    this.supportsSnippetEdits = this.supportsDocumentChanges && !!caps.workspace?.workspaceEdit?.snippetEditSupport;
    this.supportsProgress = !!caps.window?.workDoneProgress;
    this.workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        executeCommandProvider: { commands: [COMMANDS.scanWorkspace, COMMANDS.fixAll] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'rust-readiness' },
    };
  }

  private async afterInitialized(): Promise<void> {
    if (this.workspaceFolders.length && this.connection.workspace) {
      try {
        this.connection.workspace.onDidChangeWorkspaceFolders((e) => {
          for (const r of e.removed) {
            const f = this.folders.get(r.uri);
            if (f) for (const rel of f.published.keys()) this.clear(f, rel);
            this.folders.delete(r.uri);
          }
          this.workspaceFolders = [...this.workspaceFolders.filter((w) => !e.removed.some((r) => r.uri === w.uri)), ...e.added];
          void this.reloadSettings().then(() => this.scanAll());
        });
      } catch { /* the client does not support folder change notifications */ }
    }
    await this.reloadSettings();
    this.initialized = true;
    for (const doc of this.documents.values()) this.schedule(doc.uri);
    const scan = await this.setting<boolean>('scanOnStartup');
    if (scan !== false) await this.scanAll();
  }

  private async setting<T>(name: string, scopeUri?: string): Promise<T | undefined> {
    if (!this.supportsConfiguration) return undefined;
    const all = await this.connection.workspace.getConfiguration({ scopeUri, section: 'rustReadiness' }) as Record<string, unknown> | null;
    return (all?.[name] as T | undefined);
  }

  /** Pulls `rustReadiness.*` per folder (settings are per resource, as in vscode-eslint) and rebuilds models. */
  private async reloadSettings(): Promise<void> {
    for (const wf of this.workspaceFolders) {
      const settings = (this.supportsConfiguration
        ? await this.connection.workspace.getConfiguration({ scopeUri: wf.uri, section: 'rustReadiness' })
        : undefined) as (EditorSettings & { enable?: boolean }) | undefined;
      for (const problem of settingsProblems(settings ?? undefined, this.engine.knownIds)) {
        const key = `${wf.uri}:${problem}`;
        if (this.notifiedSettings.has(key)) continue;
        this.notifiedSettings.add(key);
        void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Rust Readiness (${wf.name}): ${problem}` });
      }
      const existing = this.folders.get(wf.uri);
      if (existing) {
        existing.model.setSettings(settings ?? undefined);
        existing.enabled = settings?.enable !== false;
      } else {
        this.folders.set(wf.uri, this.createFolder(wf.uri, fileURLToPath(wf.uri), settings ?? undefined));
      }
    }
    if (this.initialized) this.scheduleRefresh(0);
  }

  private createFolder(uri: string, root: string, settings?: EditorSettings & { enable?: boolean }, only?: readonly string[]): Folder {
    const model = new WorkspaceModel(root, { knownRules: this.engine.knownIds, settings, only });
    for (const doc of this.documents.values()) {
      const rel = model.relative(fileURLToPath(doc.uri));
      if (rel) model.setOverlay(rel, doc.getText());
    }
    return { uri, root, model, analyzer: new Analyzer(this.engine, model), published: new Map(), lastWorkspaceFindings: new Map(), enabled: settings?.enable !== false };
  }

  /** The folder a URI belongs to: the innermost workspace folder, else one made for the file's own root. */
  private locate(uri: string, looseFiles = true): { folder: Folder; rel: string } | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const abs = fileURLToPath(uri);
    let best: { folder: Folder; rel: string } | undefined;
    for (const f of this.folders.values()) {
      const rel = f.model.relative(abs);
      if (rel && (!best || f.root.length > best.folder.root.length)) best = { folder: f, rel };
    }
    if (best || !this.initialized || !looseFiles) return best;
    if (!fileKindOf(abs.split(path.sep).join('/'))) return undefined;
    // A file outside every workspace folder (a scratch file, a dependency's source opened by
    // go-to-definition): its own document rules only. No listing of its directory, no workspace
    // rules, no findings on files the user did not open.
    const root = path.dirname(abs);
    const folderUri = `file-root:${abs}`;
    let folder = this.folders.get(folderUri);
    if (!folder) { folder = this.createFolder(folderUri, root, undefined, [path.basename(abs)]); this.folders.set(folderUri, folder); }
    const rel = folder.model.relative(abs);
    return rel ? { folder, rel } : undefined;
  }

  private updateOverlay(doc: TextDocument): void {
    const loc = this.locate(doc.uri);
    if (!loc) return;
    loc.folder.model.setOverlay(loc.rel, doc.getText());
    this.schedule(doc.uri, true);
    // Workspace rules (and, for manifests/config/.gitignore, other files' findings) are refreshed
    // once typing pauses, keeping each keystroke's work to the edited file.
    const rust = fileKindOf(loc.rel) === 'rust';
    this.scheduleRefresh(rust ? 400 : 150, !rust);
  }

  /**
   * Analyses the newest version of a document once the edits already received are in, and only it.
   * vscode-jsonrpc dispatches one queued message per event-loop turn, after the callbacks queued
   * before it; so the job hops one turn first, by which time the next queued message (a newer edit)
   * has been dispatched and made this job stale: a burst of edits is analysed once, at its end. The
   * analysis then runs in slices (`analyzeInSlices`), giving the loop back between them so requests
   * and newer edits get in; a newer version ends it at the next slice.
   * `typing`: use the last workspace-rule results (refreshed by scheduleRefresh) for speed.
   */
  private schedule(uri: string, typing = false): void {
    const job = ++this.jobCounter;
    this.pending.set(uri, job);
    setImmediate(() => setImmediate(() => void this.runJob(uri, job, typing)));
  }

  private async runJob(uri: string, job: number, typing: boolean): Promise<void> {
    const current = () => this.pending.get(uri) === job && !this.shuttingDown;
    if (!current()) return; // stale: a newer change is queued
    const loc = this.initialized ? this.locate(uri) : undefined;
    if (!loc) { this.pending.delete(uri); return; }
    const diags = loc.folder.enabled ? await this.analyzeInSlices(loc.folder, loc.rel, typing, current) : [];
    if (diags === undefined || !current()) return;
    this.pending.delete(uri);
    this.send(loc.folder, loc.rel, diags);
  }

  /**
   * `analyzeFile` in slices of about SLICE_MS, yielding to the event loop between them; undefined
   * when `current()` turns false at a pause (the job was superseded and its work is dropped).
   */
  private async analyzeInSlices(folder: Folder, rel: string, typing: boolean, current: () => boolean): Promise<Diagnostic[] | undefined> {
    try {
      const steps = folder.analyzer.analyzeFileSteps(rel, typing);
      let sliceEnd = performance.now() + SLICE_MS;
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        if (performance.now() < sliceEnd) continue;
        await new Promise((resolve) => setImmediate(resolve));
        if (!current()) { steps.return([]); return undefined; }
        sliceEnd = performance.now() + SLICE_MS;
      }
    } catch (e) {
      this.connection.console.error(`rust-readiness: analysing ${rel} failed: ${(e as Error).stack ?? e}`);
      return folder.published.get(rel) ?? [];
    }
  }

  private send(folder: Folder, rel: string, diags: Diagnostic[]): void {
    // Fixes may be computed lazily from the syntax tree; the next edit updates that tree in place
    // (incremental parsing), so compute them now, while the tree matches these diagnostics.
    for (const d of diags) void d.fixes;
    this.notifySkipped(folder);
    const previous = folder.published.get(rel);
    if (diags.length === 0 && (!previous || previous.length === 0) && !this.documents.has(fileUri(folder.root, rel))) return;
    folder.published.set(rel, diags);
    const uri = fileUri(folder.root, rel);
    void this.connection.sendDiagnostics({
      uri,
      version: this.documents.get(uri)?.version,
      diagnostics: diags.map((d, i) => toLspDiagnostic(d, folder.root, i)),
    });
  }

  private clear(folder: Folder, rel: string): void {
    if (!folder.published.has(rel)) return;
    folder.published.delete(rel);
    void this.connection.sendDiagnostics({ uri: fileUri(folder.root, rel), diagnostics: [] });
  }

  private notifySkipped(folder: Folder): void {
    for (const s of folder.model.skipped) {
      const key = `${folder.root}:${s.path}`;
      if (this.notifiedSkips.has(key)) continue;
      this.notifiedSkips.add(key);
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `Rust Readiness: ${s.message}` });
    }
  }

  /**
   * After a change settles: recomputes workspace-rule findings and re-publishes what they touch.
   * A Rust edit only changes workspace findings, so only files whose workspace findings changed are
   * re-published; a change to any other kind (manifests, config, .gitignore…) can change document
   * findings anywhere (crate dependencies, Dockerfile members), so every published file is refreshed.
   */
  private scheduleRefresh(delay: number, everything = true): void {
    if (this.shuttingDown) return;
    this.refreshEverything ||= everything;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      const everythingNow = this.refreshEverything;
      this.refreshEverything = false;
      for (const folder of this.folders.values()) {
        const before = folder.lastWorkspaceFindings;
        const after = folder.analyzer.workspaceFindings();
        folder.lastWorkspaceFindings = after;
        const paths = new Set<string>();
        if (everythingNow) {
          for (const p of folder.published.keys()) paths.add(p);
          for (const p of after.keys()) paths.add(p);
          for (const doc of this.documents.values()) {
            const rel = folder.model.relative(fileURLToPath(doc.uri));
            if (rel) paths.add(rel);
          }
        } else {
          for (const p of new Set([...before.keys(), ...after.keys()])) {
            if (findingsKey(before.get(p)) !== findingsKey(after.get(p))) paths.add(p);
          }
        }
        // Each file is analysed as a job of its own (in slices, dropped if superseded), so requests
        // and edits get in between, however many and however large the files.
        for (const rel of paths) {
          if (!folder.model.exists(rel) && !after.has(rel)) this.clear(folder, rel);
          else this.schedule(fileUri(folder.root, rel));
        }
      }
    }, delay);
  }

  /** The workspace scan: every relevant file of every folder, with `$/progress`, yielding between files. */
  async scanAll(token?: CancellationToken): Promise<{ files: number; findings: number }> {
    const progress = this.supportsProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    let files = 0, findings = 0;
    try {
      const work = [...this.folders.values()].filter((f) => !f.uri.startsWith('file-root:'));
      const all = work.map((f) => {
        f.model.rescan();
        return { f, paths: f.analyzer.pathsToAnalyze() };
      });
      const total = all.reduce((n, x) => n + x.paths.length, 0);
      progress?.begin('Rust Readiness', 0, `Scanning ${total} files`, false);
      const going = () => !this.shuttingDown && !token?.isCancellationRequested;
      for (const { f, paths } of all) {
        for (const rel of paths) {
          // In slices (a large file never blocks requests); a cancelled or shut-down scan stops.
          const diags = f.enabled ? await this.analyzeInSlices(f, rel, false, going) : [];
          if (diags === undefined || !going()) {
            await this.pause(token);
            return { files, findings };
          }
          this.send(f, rel, diags);
          files++;
          findings += diags.length;
          if (files % 20 === 0) {
            progress?.report(Math.round((files / total) * 100), `${files}/${total} files`);
            await this.pause(token);
          }
        }
        f.lastWorkspaceFindings = f.analyzer.workspaceFindings();
        const notJudged = notJudgedNote(f.model);
        if (notJudged) this.connection.console.info(`${f.root}: ${notJudged}`);
        // Files that had findings but no longer exist in the listing.
        for (const rel of [...f.published.keys()]) if (!paths.includes(rel)) this.clear(f, rel);
      }
    } finally {
      progress?.done();
    }
    return { files, findings };
  }

  private target(folder: Folder): EditTarget {
    return { root: folder.root, versionOf: (uri) => this.documents.get(uri)?.version ?? null };
  }

  private codeActions(params: CodeActionParams): CodeAction[] {
    const loc = this.locate(params.textDocument.uri);
    if (!loc) return [];
    const { folder, rel } = loc;
    const published = folder.published.get(rel) ?? [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      for (const lspDiag of params.context.diagnostics) {
        if (lspDiag.source !== SOURCE) continue;
        const d = this.match(published, lspDiag);
        if (!d) continue;
        for (const fix of d.fixes) actions.push(fixAction(fix, lspDiag, this.target(folder), this.supportsDocumentChanges));
        const ignore = this.ignoreAction(folder, rel, params.textDocument.uri, d, lspDiag);
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
  private ignoreAction(folder: Folder, rel: string, uri: string, d: Diagnostic, lspDiag: LspDiagnostic): CodeAction | undefined {
    const kind = fileKindOf(rel);
    const doc = folder.model.document(rel);
    if (!kind || !doc || d.path !== rel) return undefined;
    const line = d.range.start.line;
    const lineText = doc.index.lineText(line);
    const indent = /^\s*/.exec(lineText)![0];
    const comment = `${indent}${commentMarker(kind)} readiness-ignore-next-line ${d.ruleId}`;
    const at = { start: { line, character: 0 }, end: { line, character: 0 } };
    // The reason is the user's to write: a tab stop after `--` where snippet edits work, else left out.
    const edit = this.supportsSnippetEdits
      ? snippetWorkspaceEdit({ path: rel, range: at, newText: `${snippetLiteral(comment)} -- $1${doc.index.eol}` }, this.target(folder))
      : toWorkspaceEdit([{ path: rel, range: at, newText: `${comment}${doc.index.eol}` }], [], this.target(folder), this.supportsDocumentChanges);
    void uri;
    const action = CodeAction.create(`Ignore ${d.ruleId} for this line`, edit, CodeActionKind.QuickFix);
    action.diagnostics = [lspDiag];
    return action;
  }

  private fixAllEdit(folder: Folder, rel: string) {
    const diags = folder.analyzer.analyzeFile(rel);
    const { edits, creates } = combinePreferredFixes(diags);
    const mine = edits.filter((e) => e.path === rel);
    if (mine.length === 0 && creates.length === 0) return undefined;
    return toWorkspaceEdit(mine, [], this.target(folder), this.supportsDocumentChanges);
  }

  private async applyFixAll(uri: string): Promise<void> {
    const loc = this.locate(uri);
    if (!loc) return;
    const edit = this.fixAllEdit(loc.folder, loc.rel);
    if (edit) await this.connection.workspace.applyEdit({ label: 'Rust Readiness: fix all', edit });
  }

  /** Hover on a rule id in a suppression comment shows that rule's documentation. */
  private hover(params: HoverParams): Hover | undefined {
    const loc = this.locate(params.textDocument.uri);
    if (!loc) return undefined;
    const doc = loc.folder.model.document(loc.rel);
    if (!doc) return undefined;
    for (const s of this.engine.suppressionsOf(doc)) {
      if (s.line !== params.position.line) continue;
      for (const id of s.ids) {
        const { start, end } = id.range;
        if (params.position.character < start.character || params.position.character > end.character) continue;
        const meta = this.engine.meta(id.id);
        const value = meta ? ruleMarkdown(meta, 3) : `Unknown rule \`${id.id}\`: this suppression suppresses nothing.`;
        return { contents: { kind: MarkupKind.Markdown, value }, range: id.range };
      }
    }
    return undefined;
  }
}
