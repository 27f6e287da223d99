/**
 * One workspace folder's analysis: document rules per file, workspace rules once per change of the
 * workspace, then configuration and suppression. The LSP server and the CLI both call this.
 */
import { runToEnd, type Engine } from './engine';
import { scanWorkspace, type ScanOptions, type ScanResult } from './scan';
import type { Diagnostic, Finding, Profile } from './types';
import type { WorkspaceModel } from './workspace';

export class Analyzer {
  private workspaceCache: { generation: number; byPath: Map<string, Finding[]> } | undefined;

  constructor(readonly engine: Engine, readonly model: WorkspaceModel) {}

  /**
   * Workspace-rule findings and config problems, grouped by path; recomputed only after a change.
   * `allowStale` returns the last result even if the workspace changed since, and none when there
   * is no last result (the server uses it while the user types, then refreshes shortly after).
   */
  workspaceFindings(allowStale = false): Map<string, Finding[]> {
    return runToEnd(this.workspaceFindingsSteps(allowStale));
  }

  /** `workspaceFindings` yielding between the documents it reads and the rules it runs (`Engine.workspaceRuleSteps`). */
  *workspaceFindingsSteps(allowStale = false): Generator<void, Map<string, Finding[]>, void> {
    if (this.workspaceCache && (allowStale || this.workspaceCache.generation === this.model.generation)) return this.workspaceCache.byPath;
    // None computed yet: a caller that accepts stale ones gets none at once (the server, while the
    // user types or a scan runs; it refreshes them after).
    if (allowStale) return new Map();
    const generation = this.model.generation;
    const byPath = new Map<string, Finding[]>();
    // A loose file (outside every folder) gets its own document rules only. What scans collected
    // from files that did not change since stands in for parsing them again.
    const found = this.model.loose ? [] : yield* this.engine.workspaceRuleSteps(this.model, this.model.collected);
    for (const f of this.model.loose ? [] : [...this.model.configProblems, ...found]) {
      const list = byPath.get(f.path) ?? [];
      list.push(f);
      byPath.set(f.path, list);
    }
    // Computing findings may parse documents (bumping nothing); the generation stays valid. A change
    // while the steps paused makes them stale: they are returned, and computed again when next asked.
    if (this.model.generation === generation) this.workspaceCache = { generation, byPath };
    return byPath;
  }

  /** Every diagnostic for one file: its own rules plus workspace findings located in it (`profile` overrides the configured one). */
  analyzeFile(path: string, allowStaleWorkspace = false, profile?: Profile): Diagnostic[] {
    return runToEnd(this.analyzeFileSteps(path, allowStaleWorkspace, profile));
  }

  /** `analyzeFile` yielding between rules (`Engine.documentRuleSteps`), for callers that can stop or pause. */
  *analyzeFileSteps(path: string, allowStaleWorkspace = false, profile?: Profile): Generator<void, Diagnostic[], void> {
    const doc = this.model.document(path);
    const own = doc ? yield* this.engine.documentRuleSteps(doc, this.model) : [];
    const fromWorkspace = (yield* this.workspaceFindingsSteps(allowStaleWorkspace)).get(path) ?? [];
    return this.engine.finalize(path, doc, [...own, ...fromWorkspace], this.model, profile);
  }

  /** False when the workspace changed since workspace findings were computed. */
  get workspaceFindingsCurrent(): boolean {
    return this.workspaceCache?.generation === this.model.generation;
  }

  /** Paths that have something to say: every analysable file and every file a workspace finding names. */
  pathsToAnalyze(): string[] {
    const set = new Set(this.model.files);
    for (const p of this.workspaceFindings().keys()) set.add(p);
    return [...set].sort();
  }

  /**
   * The whole folder on every core (`scan.ts`): each file parsed once, on some thread, and let go
   * after; the workspace findings are kept as this analyzer's current ones.
   */
  async scan(options?: ScanOptions): Promise<ScanResult> {
    const generation = this.model.generation;
    const result = await scanWorkspace(this.engine, this.model, options);
    if (this.model.generation === generation) this.workspaceCache = { generation, byPath: new Map(result.workspaceFindings) };
    return result;
  }

  /** The whole folder. `onFile` reports progress (and lets callers yield between files). */
  analyzeAll(onFile?: (path: string, done: number, total: number) => void, profile?: Profile): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    const paths = this.pathsToAnalyze();
    paths.forEach((p, i) => {
      out.set(p, this.analyzeFile(p, false, profile));
      onFile?.(p, i + 1, paths.length);
    });
    return out;
  }
}
