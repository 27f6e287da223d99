/**
 * When files are analysed. Flow per change: didChange → overlay in the folder's WorkspaceModel
 * (Rust re-parsed incrementally) → analyse once the edits already received are in, only the newest
 * version, in slices that a newer version stops → publish. A change to a non-Rust file (manifests,
 * config, .gitignore…) can change findings elsewhere, so the other published files are refreshed
 * shortly after.
 */
import { fileURLToPath } from 'url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOf } from '../core/engine/fileKinds';
import { runInSlices } from '../core/engine/scan';
import { fileUri } from './convert';
import type { OpenDocuments } from './documents';
import type { Folders } from './folders';
import { SLICE_MS, type Lifecycle } from './lifecycle';
import { findingsKey, type Publisher } from './publisher';

export class Scheduler {
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshEverything = false;
  private refreshAfterScan = false;

  constructor(
    private readonly documents: OpenDocuments,
    private readonly folders: Folders,
    private readonly publisher: Publisher,
    private readonly lifecycle: Lifecycle,
  ) {}

  /** An opened or edited document: its text becomes the folder's overlay and it is analysed. */
  edited(doc: TextDocument): void {
    const loc = this.folders.locate(doc.uri);
    if (!loc) return;
    loc.folder.model.setOverlay(loc.rel, doc.getText());
    this.analyse(doc.uri, true);
    // Workspace rules (and, for manifests/config/.gitignore, other files' findings) are refreshed
    // once typing pauses, keeping each keystroke's work to the edited file.
    const rust = fileKindOf(loc.rel) === 'rust';
    this.refresh(rust ? 400 : 150, !rust);
  }

  /** A closed document: the file on disk counts again. */
  closed(uri: string): void {
    const loc = this.folders.locate(uri);
    if (!loc) return;
    loc.folder.model.removeOverlay(loc.rel);
    this.analyse(uri);
  }

  /**
   * Analyses the newest version of a document once the edits already received are in, and only it
   * (`OpenDocuments.queue`), in slices (`Publisher.analyzeInSlices`) that give the loop back between
   * them so requests and newer edits get in; a newer version ends it at the next slice.
   * `typing`: use the last workspace-rule results (refreshed by `refresh`) for speed.
   */
  analyse(uri: string, typing = false): void {
    this.documents.queue(uri, async (isCurrent) => {
      const current = () => isCurrent() && !this.lifecycle.shuttingDown;
      if (!current()) return;
      const loc = this.lifecycle.initialized ? this.folders.locate(uri) : undefined;
      if (!loc) return;
      // While a scan of the folder runs, the workspace findings known so far (the scan computes them
      // off the main thread, and `scanEnded` analyses open documents again).
      const stale = typing || this.publisher.isScanning(loc.folder);
      const diags = loc.folder.enabled ? await this.publisher.analyzeInSlices(loc.folder, loc.rel, stale, current) : [];
      if (diags === undefined || !current()) return;
      this.publisher.send(loc.folder, loc.rel, diags);
    });
  }

  /**
   * After a change settles: recomputes workspace-rule findings and re-publishes what they touch.
   * A Rust edit only changes workspace findings, so only files whose workspace findings changed are
   * re-published; a change to any other kind (manifests, config, .gitignore…) can change document
   * findings anywhere (crate dependencies, Dockerfile members), so every published file is refreshed.
   */
  refresh(delay: number, everything = true): void {
    if (this.lifecycle.shuttingDown) return;
    this.refreshEverything ||= everything;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.startRefresh();
    }, delay);
  }

  /** The refresh under way (one at a time: a refresh asked for meanwhile runs after it). */
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;

  private startRefresh(): void {
    if (this.refreshing) { this.refreshAgain = true; return; }
    this.refreshing = this.refreshNow().finally(() => {
      this.refreshing = undefined;
      if (this.refreshAgain && !this.lifecycle.shuttingDown) { this.refreshAgain = false; this.startRefresh(); }
    });
  }

  private async refreshNow(): Promise<void> {
    // A scan under way computes the workspace findings and publishes every file: the refresh
    // waits for its end (`scanEnded`), so the main thread does not parse the workspace meanwhile.
    if (this.folders.all().some((f) => this.publisher.isScanning(f))) { this.refreshAfterScan = true; return; }
    const everythingNow = this.refreshEverything;
    this.refreshEverything = false;
    for (const folder of this.folders.all()) {
      const before = folder.lastWorkspaceFindings;
      // In slices: reading every changed file (a branch switch, a generated tree) is seconds of parsing,
      // and requests and edits get in between.
      const after = await runInSlices(folder.analyzer.workspaceFindingsSteps(), SLICE_MS, () => this.lifecycle.shuttingDown);
      if (!after) return;
      folder.lastWorkspaceFindings = after;
      const paths = new Set<string>();
      if (everythingNow) {
        for (const p of this.publisher.publishedPaths(folder)) paths.add(p);
        for (const p of after.keys()) paths.add(p);
        for (const doc of this.documents.all()) {
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
        if (!folder.model.exists(rel) && !after.has(rel)) this.publisher.clear(folder, rel);
        else this.analyse(fileUri(folder.root, rel));
      }
    }
  }

  /**
   * A workspace scan is done (or stopped): open documents, which it left to this scheduler, are
   * analysed with the workspace findings it computed, and a refresh that waited for it runs.
   */
  scanEnded(): void {
    for (const doc of this.documents.all()) this.analyse(doc.uri);
    if (this.refreshAfterScan) {
      this.refreshAfterScan = false;
      this.refresh(0, this.refreshEverything);
    }
  }

  /** Shutdown: no refresh runs any more. */
  stop(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }
}
