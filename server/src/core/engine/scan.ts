/**
 * The workspace scan on every core. Each file is parsed and its document rules run once, on the
 * main thread or on one of a pool of worker threads, each holding its own model of the same
 * folder; what the workspace rules collect from each file, its suppressions and its role come back
 * with its findings. The workspace rules then run once on the main thread, and configuration,
 * suppression and profile are applied there. Rules stay pure: the pool is a layer of the runner.
 *
 * The result does not depend on the number of threads (a test compares the JSON output byte for
 * byte): workspace rules see collected values in the folder's file order whatever thread produced
 * them, and per-file results are keyed by path.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { runToEnd, type Engine } from './engine';
import type { FileRole } from './production';
import type { Suppression } from './suppression';
import type { Diagnostic, Finding, Profile } from './types';
import type { ModelReplica, SkippedFile, WorkspaceModel } from './workspace';

/** One file's share of the scan, as a worker sends it: plain data (structured-cloneable). */
export interface FileScan {
  path: string;
  findings: Finding[];
  suppressions: Suppression[];
  /** Rule id → what the workspace rule collected; absent when the values could not be sent (the main thread collects them itself). */
  collected?: [string, unknown][];
  role?: FileRole;
  skipped?: SkippedFile;
}

/**
 * A pool pays off only above a size: each worker loads the rules and reads the shared files
 * (Cargo.lock, manifests) again, about 0.8 s of CPU on a 2-core machine. Measured here: 4.35 MB of
 * Rust scans faster on two threads (2.8 s vs 3.6 s), SyncTV's 3.5 MB and vaultwarden's 1.2 MB
 * slower (1.65 vs 1.45 s, 1.46 vs 1.36 s). `RUST_READINESS_POOL_MIN_BYTES` overrides the threshold
 * (the tests use it to run the pool on the small examples).
 */
export const MIN_BYTES_FOR_WORKERS = Number(process.env.RUST_READINESS_POOL_MIN_BYTES) || 4 * 1024 * 1024;

/** The worker script (`server/src/scanWorker.ts`, compiled beside this directory). */
const WORKER_SCRIPT = path.join(__dirname, '..', '..', 'scanWorker.js');

/**
 * Threads a scan uses by default: every core the machine offers this process, or
 * `RUST_READINESS_JOBS` when it is a whole number (the language server has no `--jobs`).
 */
export function defaultJobs(): number {
  const fromEnv = Number(process.env.RUST_READINESS_JOBS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** Threads a scan of `sourceBytes` of files uses, the main thread included, when allowed `jobs`. */
export function threadsFor(sourceBytes: number, jobs: number = defaultJobs()): number {
  return jobs > 1 && sourceBytes >= MIN_BYTES_FOR_WORKERS ? Math.max(1, Math.floor(jobs)) : 1;
}

/** The bytes of the workspace's analysable files (what the scan reads and parses). */
export function sourceBytes(model: WorkspaceModel, paths: readonly string[]): number {
  let total = 0;
  for (const p of paths) { try { total += fs.statSync(model.absolute(p)).size; } catch { /* gone: nothing to read */ } }
  return total;
}

/** Parses one file, runs its document rules and collects for the workspace rules, then lets the parse go. */
export function scanFile(engine: Engine, model: WorkspaceModel, relPath: string): FileScan {
  return runToEnd(scanFileSteps(engine, model, relPath));
}

/** `scanFile` yielding between document rules (`Engine.documentRuleSteps`), for a caller that gives the event loop back. */
export function* scanFileSteps(engine: Engine, model: WorkspaceModel, relPath: string): Generator<void, FileScan, void> {
  const doc = model.document(relPath);
  if (!doc) {
    const skipped = model.skippedOf(relPath);
    return { path: relPath, findings: [], suppressions: [], collected: [], ...(skipped ? { skipped } : {}) };
  }
  const findings = yield* engine.documentRuleSteps(doc, model);
  const collected = [...engine.collectFrom(doc, model)];
  const suppressions = engine.suppressionsOf(doc);
  const role = model.roleOf(relPath);
  // A document open in the editor keeps its tree: the next edit re-parses it incrementally.
  if (!model.isOpen(relPath)) model.release(relPath);
  return { path: relPath, findings, suppressions, collected, role };
}

/** One file's diagnostics from its own share of a scan and the workspace findings located in it. */
export function fileDiagnostics(engine: Engine, model: WorkspaceModel, own: FileScan, fromWorkspace: readonly Finding[], profile?: Profile): Diagnostic[] {
  return engine.finalizeWith(own.path, own.suppressions, [...own.findings, ...fromWorkspace], model, profile);
}

export interface ScanOptions {
  /** Threads to use, the main thread included (default: `defaultJobs()`); 1 scans on the main thread only. */
  jobs?: number;
  /** Called as each file's own share is done (before workspace rules), with that share. */
  onFile?: (relPath: string, done: number, total: number, scan: FileScan) => void;
  /**
   * The longest the main thread works on files before it gives the event loop back (ms), so a
   * server answers requests and edits meanwhile; without it the main thread yields between files.
   */
  sliceMs?: number;
  /** Asked between files and slices; once true the scan stops its workers and rejects with `ScanCancelled`. */
  cancelled?: () => boolean;
}

/** A scan its caller stopped (`ScanOptions.cancelled`). */
export class ScanCancelled extends Error {
  constructor() { super('the workspace scan was stopped'); }
}

/**
 * Runs a stepwise computation (a generator that yields between units of work) in slices of about
 * `sliceMs`, giving the event loop back between them; undefined when `stop()` turns true at a pause
 * (the generator is closed and its work dropped).
 */
export async function runInSlices<T>(steps: Generator<void, T, void>, sliceMs: number, stop: () => boolean): Promise<T | undefined> {
  let sliceEnd = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() < sliceEnd) continue;
    await yieldToEventLoop();
    if (stop()) { steps.return(undefined as never); return undefined; }
    sliceEnd = performance.now() + sliceMs;
  }
}

/** Runs one file's scan on the main thread, giving the event loop back every `sliceMs` when given. */
async function scanOnMainThread(engine: Engine, model: WorkspaceModel, relPath: string, options: ScanOptions): Promise<FileScan> {
  if (options.sliceMs === undefined) return scanFile(engine, model, relPath);
  const scan = await runInSlices(scanFileSteps(engine, model, relPath), options.sliceMs, () => options.cancelled?.() ?? false);
  if (!scan) throw new ScanCancelled();
  return scan;
}

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** The outcome of a scan: per-file findings before configuration, and the workspace rules' findings. */
export class ScanResult {
  constructor(
    private readonly engine: Engine,
    private readonly model: WorkspaceModel,
    readonly files: ReadonlyMap<string, FileScan>,
    readonly workspaceFindings: ReadonlyMap<string, Finding[]>,
    /** Threads the scan used, the main thread included. */
    readonly threads: number,
  ) {}

  /** Paths that have something to say: every analysable file and every file a workspace finding names. */
  paths(): string[] {
    return [...new Set([...this.model.files, ...this.workspaceFindings.keys()])].sort();
  }

  /** One file's diagnostics under `profile` (default: the configured one). */
  diagnosticsOf(relPath: string, profile?: Profile): Diagnostic[] {
    const own = this.files.get(relPath);
    const fromWorkspace = this.workspaceFindings.get(relPath) ?? [];
    if (own) return fileDiagnostics(this.engine, this.model, own, fromWorkspace, profile);
    // A path only a workspace finding names (a file to create, an excluded file): as `Analyzer.analyzeFile` reads it.
    const doc = this.model.document(relPath);
    const findings = doc ? this.engine.runDocumentRules(doc, this.model) : [];
    return this.engine.finalize(relPath, doc, [...findings, ...fromWorkspace], this.model, profile);
  }

  /** Every path's diagnostics, in path order. */
  diagnostics(profile?: Profile): Map<string, Diagnostic[]> {
    return new Map(this.paths().map((p) => [p, this.diagnosticsOf(p, profile)]));
  }
}

/**
 * Scans the whole folder. With more than one job and enough files, `jobs - 1` worker threads take
 * files from a shared queue (largest first, so no thread is left with a big file at the end) while
 * the main thread takes them too, yielding between files so the workers' results are received.
 */
export async function scanWorkspace(engine: Engine, model: WorkspaceModel, options: ScanOptions = {}): Promise<ScanResult> {
  const paths = [...model.files];
  const jobs = Math.max(1, Math.floor(options.jobs ?? defaultJobs()));
  const useWorkers = !model.loose && jobs > 1 && threadsFor(sourceBytes(model, paths), jobs) > 1;
  // What each file's workspace-rule values were read from is as of now: the model keeps them only
  // for files that did not change since (an editor's edit, a file saved) — those are read again.
  const readAt = model.changeStamp;
  const results = new Map<string, FileScan>();
  let done = 0;
  const record = (scan: FileScan) => {
    results.set(scan.path, scan);
    if (scan.collected) model.keepCollected(scan.path, new Map(scan.collected), readAt);
    options.onFile?.(scan.path, ++done, paths.length, scan);
  };
  let threads = 1;
  if (useWorkers) threads = await scanWithWorkers(engine, model, paths, jobs - 1, record, options);
  else {
    for (const p of paths) {
      if (options.cancelled?.()) throw new ScanCancelled();
      record(await scanOnMainThread(engine, model, p, options));
      if (options.sliceMs === undefined && options.onFile && done % 20 === 0) await yieldToEventLoop();
    }
  }
  if (threads > 1) {
    model.adoptScanFacts(
      paths.flatMap((p) => { const r = results.get(p)!.role; return r ? [[p, r] as [string, FileRole]] : []; }),
      paths.flatMap((p) => results.get(p)!.skipped ?? []),
    );
  }
  const byPath = new Map<string, Finding[]>();
  for (const f of model.loose ? [] : [...model.configProblems, ...engine.runWorkspaceRules(model, model.collected)]) {
    const list = byPath.get(f.path) ?? [];
    list.push(f);
    byPath.set(f.path, list);
  }
  return new ScanResult(engine, model, results, byPath, threads);
}

/** Largest first: the queue's tail is small files, which even out the threads' finishing times. */
function bySizeDescending(model: WorkspaceModel, paths: string[]): string[] {
  const size = (p: string) => { try { return fs.statSync(model.absolute(p)).size; } catch { return 0; } };
  const sizes = new Map(paths.map((p) => [p, size(p)]));
  return [...paths].sort((a, b) => sizes.get(b)! - sizes.get(a)! || (a < b ? -1 : 1));
}

/** Messages between the main thread and a scan worker. */
export type ToWorker = { paths: string[] };
export type FromWorker = { scans: FileScan[] } | { ready: true };

/** Files a worker is handed at a time: few enough to balance, enough to keep it busy while the main thread is in a file. */
const IN_FLIGHT = 2;

async function scanWithWorkers(
  engine: Engine, model: WorkspaceModel, paths: string[], workerCount: number, record: (s: FileScan) => void, options: ScanOptions,
): Promise<number> {
  const queue = bySizeDescending(model, paths);
  const replica: ModelReplica = model.replica;
  const workers: Worker[] = [];
  let wake: (() => void) | undefined;
  let pending = paths.length;
  let finish!: () => void;
  const allDone = new Promise<void>((r) => (finish = r));
  const accept = (scan: FileScan) => { record(scan); if (--pending === 0) finish(); };
  let started = 0;
  for (let i = 0; i < workerCount; i++) {
    let worker: Worker;
    // stdout: true — a worker's console output must never reach the parent's stdout, which carries
    // the language server's JSON-RPC in --stdio mode; it goes to stderr instead.
    try { worker = new Worker(WORKER_SCRIPT, { workerData: replica, stdout: true }); } catch { break; }
    worker.stdout.pipe(process.stderr);
    started++;
    const inFlight = new Set<string>();
    const feed = () => {
      while (inFlight.size < IN_FLIGHT && queue.length > 0) {
        const p = queue.shift()!;
        inFlight.add(p);
        worker.postMessage({ paths: [p] } satisfies ToWorker);
      }
    };
    worker.on('message', (m: FromWorker) => {
      if ('ready' in m) { feed(); return; }
      for (const s of m.scans) { inFlight.delete(s.path); accept(s); }
      feed();
    });
    // A worker that fails hands its files back to the queue; the main thread finishes them.
    const lost = () => {
      for (const p of inFlight) queue.unshift(p);
      inFlight.clear();
      workers.splice(workers.indexOf(worker), 1);
      wake?.();
    };
    worker.once('error', (e) => { process.stderr.write(`rust-readiness: a scan worker failed, its files are scanned on the main thread: ${e.stack ?? e}\n`); lost(); });
    worker.once('exit', lost);
    workers.push(worker);
  }
  // The main thread takes from the same queue; when it is empty it waits for the workers (or for a failed worker's files).
  try {
    while (pending > 0) {
      if (options.cancelled?.()) throw new ScanCancelled();
      const p = queue.shift();
      if (p !== undefined) {
        accept(await scanOnMainThread(engine, model, p, options));
        await yieldToEventLoop();
      } else {
        // Woken by the last result, a failed worker's files, or now and then to ask `cancelled`.
        const poll = options.cancelled ? setTimeout(() => wake?.(), 50) : undefined;
        await Promise.race([allDone, new Promise<void>((r) => (wake = r))]);
        clearTimeout(poll);
        wake = undefined;
      }
    }
  } finally {
    for (const w of [...workers]) { w.removeAllListeners('exit'); void w.terminate(); }
  }
  return 1 + started;
}
