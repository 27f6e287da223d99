/**
 * Analyses files in slices and publishes their diagnostics: what was published per folder and file
 * (code actions map the editor's diagnostics back to it), clearing, and the workspace scan with
 * `$/progress`.
 */
import { MessageType, ShowMessageNotification, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { fileDiagnostics, runInSlices, ScanCancelled, type ScanResult } from '../core/engine/scan';
import type { Diagnostic, Finding } from '../core/engine/types';
import { notJudgedNote } from '../core/engine/workspace';
import { fileUri, toLspDiagnostic } from './convert';
import type { OpenDocuments } from './documents';
import type { Folder } from './folders';
import { SLICE_MS, type Lifecycle } from './lifecycle';

/** What a list of findings says (not their fixes, which can be large): enough to tell whether it changed. */
export function findingsKey(findings: readonly Finding[] | undefined): string {
  return (findings ?? []).map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}:${f.severity ?? ''}:${f.tier ?? ''}:${f.message}`).join('\n');
}

export class Publisher {
  /** What was last published per folder and relative path (engine diagnostics, to map code actions back). */
  private readonly published = new Map<Folder, Map<string, Diagnostic[]>>();
  private readonly notifiedSkips = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
    private readonly lifecycle: Lifecycle,
  ) {}

  publishedOf(folder: Folder, rel: string): Diagnostic[] | undefined {
    return this.published.get(folder)?.get(rel);
  }

  publishedPaths(folder: Folder): string[] {
    return [...(this.published.get(folder)?.keys() ?? [])];
  }

  /**
   * `analyzeFile` in slices of about SLICE_MS, yielding to the event loop between them; undefined
   * when `current()` turns false at a pause (the job was superseded and its work is dropped).
   */
  async analyzeInSlices(folder: Folder, rel: string, typing: boolean, current: () => boolean): Promise<Diagnostic[] | undefined> {
    try {
      return await runInSlices(folder.analyzer.analyzeFileSteps(rel, typing), SLICE_MS, () => !current());
    } catch (e) {
      this.connection.console.error(`rust-readiness: analysing ${rel} failed: ${(e as Error).stack ?? e}`);
      return this.publishedOf(folder, rel) ?? [];
    }
  }

  send(folder: Folder, rel: string, diags: Diagnostic[]): void {
    // Fixes may be computed lazily from the syntax tree; the next edit updates that tree in place
    // (incremental parsing), so compute them now, while the tree matches these diagnostics.
    for (const d of diags) void d.fixes;
    this.notifySkipped(folder);
    const uri = fileUri(folder.root, rel);
    const previous = this.publishedOf(folder, rel);
    if (diags.length === 0 && (!previous || previous.length === 0) && !this.documents.has(uri)) return;
    let forFolder = this.published.get(folder);
    if (!forFolder) { forFolder = new Map(); this.published.set(folder, forFolder); }
    forFolder.set(rel, diags);
    void this.connection.sendDiagnostics({
      uri,
      version: this.documents.versionOf(uri),
      diagnostics: diags.map((d, i) => toLspDiagnostic(d, folder.root, i)),
    });
  }

  clear(folder: Folder, rel: string): void {
    if (!this.published.get(folder)?.delete(rel)) return;
    void this.connection.sendDiagnostics({ uri: fileUri(folder.root, rel), diagnostics: [] });
  }

  /** Clears everything published for a folder that is gone. */
  clearFolder(folder: Folder): void {
    for (const rel of this.publishedPaths(folder)) this.clear(folder, rel);
    this.published.delete(folder);
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
   * The workspace scan: every relevant file of every folder, on the pool of worker threads the CLI
   * uses when the folder is large enough (`scanWorkspace`), with `$/progress`. Each file is
   * published as its own share arrives, with the workspace findings known so far; once the
   * workspace rules have run, the files whose workspace findings differ are published again. Files
   * open in the editor are left to the scheduler, which analyses their current text
   * (`Scheduler.scanEnded`): a worker read them as they were when the scan began. Scans run one at
   * a time. `findings` counts what the scan published (open documents not included).
   */
  scanAll(folders: readonly Folder[], token?: CancellationToken): Promise<{ files: number; findings: number }> {
    for (const f of folders) this.scansPending.set(f, (this.scansPending.get(f) ?? 0) + 1);
    const run = this.scanQueue.then(() => this.scanFolders(folders, token)).finally(() => {
      for (const f of folders) {
        const left = this.scansPending.get(f)! - 1;
        if (left > 0) this.scansPending.set(f, left); else this.scansPending.delete(f);
      }
    });
    this.scanQueue = run.then(() => undefined, () => undefined);
    return run;
  }

  private scanQueue: Promise<void> = Promise.resolve();
  private readonly scansPending = new Map<Folder, number>();

  /** Whether a scan of `folder` is asked for or running (it will publish every file and compute the workspace findings). */
  isScanning(folder: Folder): boolean {
    return this.scansPending.has(folder);
  }

  private async scanFolders(folders: readonly Folder[], token?: CancellationToken): Promise<{ files: number; findings: number }> {
    const progress = this.lifecycle.client.progress ? await this.connection.window.createWorkDoneProgress() : undefined;
    let files = 0, findings = 0;
    try {
      const work = folders.filter((f) => !f.uri.startsWith('file-root:'));
      for (const f of work) f.model.rescan();
      const total = work.reduce((n, f) => n + f.model.files.length, 0);
      progress?.begin('Rust Readiness', 0, `Scanning ${total} files`, false);
      const going = () => !this.lifecycle.shuttingDown && !token?.isCancellationRequested;
      const counted = (done: number) => {
        files = done;
        if (done % 20 === 0) progress?.report(Math.round((done / total) * 100), `${done}/${total} files`);
      };
      for (const f of work) {
        const before = files;
        const outcome = f.enabled
          ? await this.scanFolder(f, going, (done) => counted(before + done))
          : this.disabledFolder(f, (done) => counted(before + done));
        if (!outcome) {
          await this.lifecycle.pause(token);
          return { files, findings };
        }
        findings += outcome.findings;
      }
    } finally {
      progress?.done();
    }
    return { files, findings };
  }

  /** One enabled folder's scan; undefined when it was stopped (shutdown, cancellation). */
  private async scanFolder(f: Folder, going: () => boolean, counted: (done: number) => void): Promise<{ findings: number } | undefined> {
    const known = f.lastWorkspaceFindings;
    const isOpen = (rel: string) => this.documents.has(fileUri(f.root, rel));
    let result: ScanResult;
    try {
      result = await f.analyzer.scan({
        sliceMs: SLICE_MS,
        cancelled: () => !going(),
        onFile: (rel, done, _total, own) => {
          if (!isOpen(rel)) this.send(f, rel, fileDiagnostics(f.analyzer.engine, f.model, own, known.get(rel) ?? []));
          counted(done);
        },
      });
    } catch (e) {
      if (e instanceof ScanCancelled) return undefined;
      throw e;
    }
    const found = result.workspaceFindings;
    f.lastWorkspaceFindings = new Map(found);
    let findings = 0;
    const paths = result.paths();
    for (const rel of paths) {
      if (isOpen(rel)) continue;
      const scanned = result.files.has(rel);
      // Published above with the workspace findings known then: again only where they changed.
      if (scanned && findingsKey(known.get(rel)) === findingsKey(found.get(rel))) {
        findings += this.publishedOf(f, rel)?.length ?? 0;
        continue;
      }
      const diags = result.diagnosticsOf(rel);
      this.send(f, rel, diags);
      findings += diags.length;
    }
    this.notifySkipped(f);
    this.connection.console.info(`${f.root}: scanned ${result.files.size} files on ${result.threads} thread${result.threads > 1 ? 's' : ''}`);
    const notJudged = notJudgedNote(f.model);
    if (notJudged) this.connection.console.info(`${f.root}: ${notJudged}`);
    // Files that had findings but no longer exist in the listing.
    const listed = new Set(paths);
    for (const rel of this.publishedPaths(f)) if (!listed.has(rel) && !isOpen(rel)) this.clear(f, rel);
    return { findings };
  }

  /** A folder the settings turned off: what was published for it is cleared. */
  private disabledFolder(f: Folder, counted: (done: number) => void): { findings: number } {
    for (const rel of this.publishedPaths(f)) this.clear(f, rel);
    counted(f.model.files.length);
    return { findings: 0 };
  }
}
