/**
 * Analyses files in slices and publishes their diagnostics: what was published per folder and file
 * (code actions map the editor's diagnostics back to it), clearing, and the workspace scan with
 * `$/progress`.
 */
import { MessageType, ShowMessageNotification, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/engine/types';
import { notJudgedNote } from '../core/engine/workspace';
import { fileUri, toLspDiagnostic } from './convert';
import type { OpenDocuments } from './documents';
import type { Folder } from './folders';
import { SLICE_MS, type Lifecycle } from './lifecycle';

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

  /** The workspace scan: every relevant file of every folder, with `$/progress`, yielding between files. */
  async scanAll(folders: readonly Folder[], token?: CancellationToken): Promise<{ files: number; findings: number }> {
    const progress = this.lifecycle.client.progress ? await this.connection.window.createWorkDoneProgress() : undefined;
    let files = 0, findings = 0;
    try {
      const work = folders.filter((f) => !f.uri.startsWith('file-root:'));
      const all = work.map((f) => {
        f.model.rescan();
        return { f, paths: f.analyzer.pathsToAnalyze() };
      });
      const total = all.reduce((n, x) => n + x.paths.length, 0);
      progress?.begin('Rust Readiness', 0, `Scanning ${total} files`, false);
      const going = () => !this.lifecycle.shuttingDown && !token?.isCancellationRequested;
      for (const { f, paths } of all) {
        for (const rel of paths) {
          // In slices (a large file never blocks requests); a cancelled or shut-down scan stops.
          const diags = f.enabled ? await this.analyzeInSlices(f, rel, false, going) : [];
          if (diags === undefined || !going()) {
            await this.lifecycle.pause(token);
            return { files, findings };
          }
          this.send(f, rel, diags);
          files++;
          findings += diags.length;
          if (files % 20 === 0) {
            progress?.report(Math.round((files / total) * 100), `${files}/${total} files`);
            await this.lifecycle.pause(token);
          }
        }
        f.lastWorkspaceFindings = f.analyzer.workspaceFindings();
        const notJudged = notJudgedNote(f.model);
        if (notJudged) this.connection.console.info(`${f.root}: ${notJudged}`);
        // Files that had findings but no longer exist in the listing.
        for (const rel of this.publishedPaths(f)) if (!paths.includes(rel)) this.clear(f, rel);
      }
    } finally {
      progress?.done();
    }
    return { files, findings };
  }
}
