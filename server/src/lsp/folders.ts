/**
 * The workspace folders: a WorkspaceModel and an Analyzer per folder, built from that folder's
 * `rustReadiness.*` settings; which folder a URI belongs to; watched-file events applied to the
 * models.
 */
import * as path from 'path';
import { fileURLToPath } from 'url';
import { FileChangeType, MessageType, ShowMessageNotification, type Connection, type FileEvent, type WorkspaceFolder, type WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { Analyzer } from '../core/engine/analyzer';
import { settingsProblems, type EditorSettings } from '../core/engine/config';
import type { Engine } from '../core/engine/engine';
import { fileKindOf } from '../core/engine/fileKinds';
import type { Finding } from '../core/engine/types';
import { WorkspaceModel } from '../core/engine/workspace';
import type { OpenDocuments } from './documents';
import type { Lifecycle } from './lifecycle';

type FolderSettings = EditorSettings & { enable?: boolean };

export interface Folder {
  uri: string;
  root: string;
  model: WorkspaceModel;
  analyzer: Analyzer;
  /** Workspace-rule findings as of the last refresh: what a Rust edit's refresh compares against. */
  lastWorkspaceFindings: Map<string, Finding[]>;
  enabled: boolean;
}

/** A file of a folder: the folder and the file's path relative to its root. */
export interface Location { folder: Folder; rel: string }

export class Folders {
  private readonly folders = new Map<string, Folder>();
  private workspaceFolders: WorkspaceFolder[] = [];
  private readonly notifiedSettings = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly engine: Engine,
    private readonly documents: OpenDocuments,
    private readonly lifecycle: Lifecycle,
  ) {}

  /** The folders `initialize` named (`workspaceFolders`, else `rootUri`). */
  setWorkspaceFolders(folders: WorkspaceFolder[]): void {
    this.workspaceFolders = folders;
  }

  hasWorkspaceFolders(): boolean {
    return this.workspaceFolders.length > 0;
  }

  get(uri: string): Folder | undefined {
    return this.folders.get(uri);
  }

  all(): Folder[] {
    return [...this.folders.values()];
  }

  /** Applies a folder change; returns the folders removed (their published findings are to be cleared). */
  workspaceFoldersChanged(e: WorkspaceFoldersChangeEvent): Folder[] {
    const removed: Folder[] = [];
    for (const r of e.removed) {
      const f = this.folders.get(r.uri);
      if (f) removed.push(f);
      this.folders.delete(r.uri);
    }
    this.workspaceFolders = [...this.workspaceFolders.filter((w) => !e.removed.some((r) => r.uri === w.uri)), ...e.added];
    return removed;
  }

  /** Pulls `rustReadiness.*` per folder (settings are per resource, as in vscode-eslint) and rebuilds models. */
  async reloadSettings(): Promise<void> {
    for (const wf of this.workspaceFolders) {
      const settings = (this.lifecycle.client.configuration
        ? await this.connection.workspace.getConfiguration({ scopeUri: wf.uri, section: 'rustReadiness' })
        : undefined) as FolderSettings | undefined;
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
  }

  private createFolder(uri: string, root: string, settings?: FolderSettings, only?: readonly string[]): Folder {
    const model = new WorkspaceModel(root, { knownRules: this.engine.knownIds, settings, only });
    for (const doc of this.documents.all()) {
      const rel = model.relative(fileURLToPath(doc.uri));
      if (rel) model.setOverlay(rel, doc.getText());
    }
    return { uri, root, model, analyzer: new Analyzer(this.engine, model), lastWorkspaceFindings: new Map(), enabled: settings?.enable !== false };
  }

  /** The folder a URI belongs to: the innermost workspace folder, else one made for the file's own root. */
  locate(uri: string, looseFiles = true): Location | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const abs = fileURLToPath(uri);
    let best: Location | undefined;
    for (const f of this.folders.values()) {
      const rel = f.model.relative(abs);
      if (rel && (!best || f.root.length > best.folder.root.length)) best = { folder: f, rel };
    }
    if (best || !this.lifecycle.initialized || !looseFiles) return best;
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

  /**
   * Applies watched-file events, one batch per folder: the model drops what git would not track and
   * rebuilds its file set once. `relevant`: some folder's file set changed. `deleted`: files deleted
   * on disk that are not open (their published findings are to be cleared).
   */
  filesChanged(events: readonly FileEvent[]): { relevant: boolean; deleted: Location[] } {
    const batches = new Map<Folder, { path: string; change: 'created' | 'changed' | 'deleted' }[]>();
    const deleted: Location[] = [];
    for (const ch of events) {
      // Events for files outside the folders never make a loose workspace: only opening a file does.
      const loc = this.locate(ch.uri, false);
      if (!loc) continue;
      const change = ch.type === FileChangeType.Created ? 'created' : ch.type === FileChangeType.Deleted ? 'deleted' : 'changed';
      let batch = batches.get(loc.folder);
      if (!batch) { batch = []; batches.set(loc.folder, batch); }
      batch.push({ path: loc.rel, change });
      if (change === 'deleted' && !this.documents.has(ch.uri)) deleted.push(loc);
    }
    let relevant = false;
    for (const [folder, changes] of batches) {
      const kept = changes.filter((c) => c.change === 'deleted' || !folder.model.isIgnored(c.path, false));
      if (kept.length === 0) continue;
      folder.model.filesChanged(kept);
      relevant = true;
    }
    return { relevant, deleted };
  }
}
