/** The CLI's work: find workspace roots, analyse, optionally fix, format, decide the exit code. */
import * as fs from 'fs';
import { readRegularFile } from '../core/engine/fileRead';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createEngine } from '../../../rules';
import { Analyzer } from '../core/engine/analyzer';
import { applyEdits, combinePreferredFixes } from '../core/engine/fixes';
import { PROFILES, type Diagnostic, type FileTextEdit, type Profile, type Severity } from '../core/engine/types';
import { isProfile } from '../core/engine/config';
import { notJudgedNote, WorkspaceModel } from '../core/engine/workspace';
import type { ScanResult } from '../core/engine/scan';
import { findFormat, formatNames } from '../output/formats';
import { packageVersion } from '../report/version';
import { BaselineError, createBaseline, parseBaseline, serializeBaseline, type Baseline, type CodeLineOf } from '../report/baseline';
import { buildReport, codeLineOfModel, withoutBaselined } from '../report/pipeline';

export class CliUsageError extends Error {}

export interface CheckOptions {
  paths: string[];
  format: string;
  output?: string;
  fix: boolean;
  config?: string;
  failOn: string;
  /** Overrides the config's `profile`. */
  profile?: string;
  baseline?: string;
  writeBaseline?: string;
  report: boolean;
  color: boolean;
  /** Threads for the scan (default: every core). */
  jobs?: number;
  /** The report's date (default: today); not a command-line option. */
  date?: Date;
}

const FAIL_LEVELS: Record<string, Severity[]> = {
  error: ['error'],
  warning: ['error', 'warning'],
  info: ['error', 'warning', 'info'],
  none: [],
};

/** The workspace folder a path belongs to: nearest ancestor with `.git` or `.readiness.toml`, else the top-most with `Cargo.toml`. */
export function findWorkspaceRoot(target: string): string {
  const start = fs.statSync(target).isDirectory() ? target : path.dirname(target);
  let topCargo: string | undefined;
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git')) || fs.existsSync(path.join(dir, '.readiness.toml'))) return dir;
    if (fs.existsSync(path.join(dir, 'Cargo.toml'))) topCargo = dir;
    if (path.dirname(dir) === dir) break;
  }
  return topCargo ?? path.resolve(start);
}

/** The nearest folder above `dir` with a Cargo.toml, if any. */
function cargoAncestor(dir: string): string | undefined {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'Cargo.toml'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

export interface WorkspaceResult {
  root: string;
  /** Diagnostics keyed by path relative to `root`. */
  results: Map<string, Diagnostic[]>;
  model: WorkspaceModel;
  analyzer: Analyzer;
  scan: ScanResult;
}

/** Analyses each target: directories whole, files alone (within their workspace). */
export async function analyzeTargets(paths: string[], configFile?: string, profile?: Profile, jobs?: number): Promise<{ workspaces: WorkspaceResult[]; notes: string[] }> {
  const engine = createEngine();
  const byRoot = new Map<string, { whole: boolean; files: Set<string> }>();
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new CliUsageError(`${p}: no such file or directory`);
    const isDir = fs.statSync(p).isDirectory();
    const root = isDir ? path.resolve(p) : findWorkspaceRoot(p);
    const entry = byRoot.get(root) ?? { whole: false, files: new Set<string>() };
    if (isDir) entry.whole = true;
    else entry.files.add(path.relative(root, path.resolve(p)).split(path.sep).join('/'));
    byRoot.set(root, entry);
  }
  if (configFile && !fs.existsSync(configFile)) throw new CliUsageError(`--config ${configFile}: no such file`);
  const workspaces: WorkspaceResult[] = [];
  const notes: string[] = [];
  for (const [root, scope] of byRoot) {
    const model = new WorkspaceModel(root, { knownRules: engine.knownIds, configFile: configFile ? path.resolve(configFile) : undefined, settings: profile ? { profile } : undefined });
    const analyzer = new Analyzer(engine, model);
    const scan = await analyzer.scan({ jobs });
    const all = scan.diagnostics();
    const results = scope.whole ? all : new Map([...all].filter(([p]) => scope.files.has(p)));
    for (const s of model.skipped) notes.push(s.message);
    const notJudged = notJudgedNote(model);
    if (notJudged) notes.push(notJudged);
    workspaces.push({ root, results, model, analyzer, scan });
  }
  return { workspaces, notes };
}

const BOM = '\uFEFF';
/** Rounds of `--fix` (fixes that enable or wait for other fixes); real chains are one or two long. */
const MAX_FIX_ROUNDS = 5;

interface FixOutcome { applied: number; failed: number }

/**
 * Applies every preferred fix under one root. Each file is written whole or not at all (a
 * temporary file renamed over it); a fix touching a file that cannot be written is not applied,
 * and the others go on. Targets are re-checked here: nothing is written through a symbolic link
 * or outside the workspace folder. A UTF-8 BOM is kept where it was, outside the edited text.
 */
function applyFixes(ws: WorkspaceResult, err: NodeJS.WritableStream): FixOutcome {
  const all = [...ws.results.values()].flat();
  const { applied } = combinePreferredFixes(all);
  const failedFiles = new Set<string>();
  const fail = (rel: string, why: string) => { failedFiles.add(rel); err.write(`rust-readiness: not fixing ${rel}: ${why}\n`); };
  for (const rel of ws.model.refusedWrites) {
    err.write(`rust-readiness: not fixing ${rel}: it is outside the workspace folder or reached through a symbolic link\n`);
  }
  const targets = new Set(applied.flatMap((f) => [...f.edits.map((e) => e.path), ...(f.creates ?? []).map((c) => c.path)]));
  for (const rel of targets) if (!ws.model.isSafeWriteTarget(rel)) fail(rel, 'it is outside the workspace folder or reached through a symbolic link');
  // A fix is applied only when every file it touches can be written.
  const writable = applied.filter((f) => [...f.edits, ...(f.creates ?? [])].every((e) => !failedFiles.has(e.path)));
  const byFile = new Map<string, FileTextEdit[]>();
  for (const f of writable) for (const e of f.edits) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e]);
  const newText = new Map<string, string>();
  for (const [rel, edits] of byFile) {
    const abs = ws.model.absolute(rel);
    if (!fs.existsSync(abs)) { fail(rel, 'it no longer exists'); continue; }
    const read = readRegularFile(abs);
    if ('notRegular' in read) { fail(rel, `it is ${read.notRegular}, not a regular file`); continue; }
    if (!('bytes' in read)) { fail(rel, `it could not be read (${'error' in read ? read.error.message : 'too large'})`); continue; }
    let raw: string;
    try { raw = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(read.bytes); } catch { fail(rel, 'it is not valid UTF-8'); continue; }
    const bom = raw.startsWith(BOM) ? BOM : '';
    // The same edit offered by several fixes is applied once (one pass: thousands of fixes are fine).
    const seen = new Set<string>();
    const unique = edits.filter((e) => {
      const key = `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}\u0000${e.newText}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    newText.set(rel, bom + applyEdits(raw.slice(bom.length), unique));
  }
  for (const f of writable) for (const c of f.creates ?? []) if (!fs.existsSync(ws.model.absolute(c.path))) newText.set(c.path, c.content);
  for (const [rel, text] of newText) {
    if (failedFiles.has(rel)) continue;
    const abs = ws.model.absolute(rel);
    const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.readiness-${process.pid}.tmp`);
    try {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, abs);
    } catch (e) {
      try { fs.rmSync(tmp, { force: true }); } catch { /* the folder may be read-only */ }
      fail(rel, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    }
  }
  const done = writable.filter((f) => [...f.edits, ...(f.creates ?? [])].every((e) => !failedFiles.has(e.path)));
  return { applied: done.length, failed: applied.length - done.length };
}

export async function runCheck(options: CheckOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const failOn = FAIL_LEVELS[options.failOn];
  if (!failOn) throw new CliUsageError(`--fail-on must be one of error, warning, info, none (got "${options.failOn}")`);
  const command = options.report ? 'report' : 'check';
  const format = findFormat(command, options.format);
  if (!format) throw new CliUsageError(`${options.report ? 'report ' : ''}--format must be ${formatNames(command)} (got "${options.format}")`);
  let baseline = options.baseline !== undefined ? readBaseline(options.baseline) : undefined;
  if (options.profile !== undefined && !isProfile(options.profile)) {
    throw new CliUsageError(`--profile must be ${PROFILES.join(' or ')} (got "${options.profile}")`);
  }
  const profileOverride = options.profile as Profile | undefined;
  if (options.jobs !== undefined && !(Number.isInteger(options.jobs) && options.jobs >= 1)) throw new CliUsageError(`--jobs must be a whole number of at least 1 (got "${options.jobs}")`);
  let { workspaces, notes } = await analyzeTargets(options.paths, options.config, profileOverride, options.jobs);
  // A folder without any Cargo.toml is not a Rust project: say so once, plainly.
  const notRust = workspaces.filter((w) => !w.model.cargo.rootManifest && w.model.cargo.crates.length === 0);
  if (notRust.length > 0 && notRust.length === workspaces.length) {
    const project = cargoAncestor(notRust[0].root);
    throw new CliUsageError(project
      ? `no Cargo.toml found in ${notRust[0].root}: it is part of the Rust project at ${project}, run rust-readiness there`
      : `no Cargo.toml found in ${notRust.map((w) => w.root).join(', ')}: not a Rust project, so there is nothing to audit`);
  }
  for (const w of notRust) notes.push(`no Cargo.toml found in ${w.root}: not a Rust project, only its other files were checked`);
  let fixFailures = 0;
  if (options.fix) {
    let fixed = 0;
    let failed = 0;
    // To a fixed point: a fix can make another finding appear (a created CI workflow makes the
    // missing dependabot config a finding), and fixes that overlap wait for the next round. A
    // second `--fix` then changes nothing.
    for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
      let applied = 0;
      for (const ws of workspaces) {
        const outcome = applyFixes(ws, err);
        applied += outcome.applied;
        failed += outcome.failed;
      }
      fixed += applied;
      // Nothing written, nothing to read again.
      if (applied > 0) ({ workspaces, notes } = await analyzeTargets(options.paths, options.config, profileOverride, options.jobs));
      if (applied === 0 || failed > 0) break;
    }
    err.write(`rust-readiness: applied ${fixed} fix${fixed === 1 ? '' : 'es'}${failed ? `; ${failed} not applied (see above)` : ''}\n`);
    if (failed) fixFailures = failed;
  }
  for (const n of notes) err.write(`rust-readiness: note: ${n}\n`);
  const configErrors = workspaces.flatMap((w) => [...w.results.values()].flat().filter((d) => d.ruleId === 'config-invalid').map((d) => ({ w, d })));
  const single = workspaces.length === 1;
  let merged = mergeResults(workspaces.map((w) => ({ w, results: w.results })), single);
  const engine = workspaces[0]?.analyzer.engine ?? createEngine();
  const profile: Profile = profileOverride ?? workspaces[0]?.model.config.profile ?? 'default';
  const codeLine = codeLineOf(workspaces, single);
  if (options.writeBaseline !== undefined) {
    // A baseline holds the audit profile's findings (a superset), so it serves `check` and the report alike.
    const audit = mergeResults(workspaces.map((w) => ({ w, results: restrictTo(w.scan.diagnostics('audit'), w.results) })), single);
    const written = createBaseline([...audit.values()].flat(), codeLine);
    writeFile(options.writeBaseline, serializeBaseline(written), '--write-baseline');
    const n = written.entries.reduce((s, e) => s + e.count, 0);
    err.write(`rust-readiness: wrote a baseline of ${n} finding${n === 1 ? '' : 's'} to ${options.writeBaseline}\n`);
    baseline = written;
  }
  let baselined = 0;
  let text: string;
  if (format.command === 'report') {
    const report = buildReport({
      workspaces,
      results: merged,
      engine,
      codeLine,
      baseline,
      baselineFile: options.baseline ?? options.writeBaseline,
      date: options.date,
    });
    ({ results: merged, baselined } = report);
    text = format.render(report.model);
  } else {
    if (baseline) ({ results: merged, baselined } = withoutBaselined(merged, baseline, codeLine));
    const rootUri = pathToFileURL(single ? workspaces[0].root : process.cwd()).toString();
    text = format.render({ results: merged, rules: engine.allMeta(), version: packageVersion(), rootUri, profile, color: options.color });
  }
  if (baselined > 0) err.write(`rust-readiness: ${baselined} finding${baselined === 1 ? '' : 's'} in the baseline not reported\n`);
  if (options.output) {
    writeFile(options.output, text, '--output');
    err.write(`rust-readiness: wrote ${findingsSummary([...merged.values()].flat())} to ${options.output}\n`);
  } else out.write(text);
  if (configErrors.length > 0) {
    for (const { d } of configErrors) err.write(`rust-readiness: configuration error: ${d.path}:${d.range.start.line + 1}: ${d.message}\n`);
    return 2;
  }
  // Fixes that could not be written are an error of the run, whatever the findings say.
  if (fixFailures > 0) return 2;
  const failing = [...merged.values()].flat().some((d) => failOn.includes(d.severity));
  return failing ? 1 : 0;
}

/** Workspaces' results in one map; with several roots, paths are shown relative to the cwd. */
function mergeResults(parts: { w: WorkspaceResult; results: ReadonlyMap<string, Diagnostic[]> }[], single: boolean): Map<string, Diagnostic[]> {
  const merged = new Map<string, Diagnostic[]>();
  for (const { w, results } of parts) {
    for (const [rel, diags] of results) {
      const shown = single ? rel : path.relative(process.cwd(), path.join(w.root, rel)).split(path.sep).join('/');
      const rebased = single ? diags : diags.map((d) => ({
        ...d,
        path: shown,
        related: d.related.map((r) => ({ ...r, path: path.relative(process.cwd(), path.join(w.root, r.path)).split(path.sep).join('/') })),
      }));
      merged.set(shown, rebased);
    }
  }
  return merged;
}

/** `all` limited to the files `scope` covers (a file target analyses only that file). */
function restrictTo(all: Map<string, Diagnostic[]>, scope: ReadonlyMap<string, Diagnostic[]>): Map<string, Diagnostic[]> {
  return new Map([...all].filter(([p]) => scope.has(p)));
}

/** Reads and validates a baseline file; a missing or malformed one is a usage error (exit 2). */
function readBaseline(file: string): Baseline {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch {
    throw new CliUsageError(`--baseline ${file}: no such file (create it with --write-baseline ${file})`);
  }
  try { return parseBaseline(text, file); } catch (e) {
    if (e instanceof BaselineError) throw new CliUsageError(`--baseline ${e.message}`);
    throw e;
  }
}

/** Why a file could not be written, in words (the errno code in brackets). */
function writeFailure(e: NodeJS.ErrnoException): string {
  const why: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'permission denied', ENOTDIR: 'a part of its path is a file, not a folder',
    EISDIR: 'it is a folder', EROFS: 'the file system is read-only', ENOSPC: 'no space left on the device', ENOENT: 'its folder cannot be created',
  };
  return e.code && why[e.code] ? `${why[e.code]} (${e.code})` : e.message;
}

/** Writes an output file, creating its folder; a failure is a usage error (one line, exit 2), not a crash. */
function writeFile(file: string, text: string, option: string): void {
  try {
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new CliUsageError(`cannot write ${option} ${file}: ${writeFailure(e as NodeJS.ErrnoException)}`);
  }
}

/** `463 findings (25 errors, 120 warnings, 318 info)`. */
function findingsSummary(diags: readonly Diagnostic[]): string {
  const n = (k: string) => diags.filter((d) => d.severity === k).length;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${plural(diags.length, 'finding')} (${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${n('info')} info)`;
}

/** The source line of a finding, for baselines and the report; paths as shown (root-relative, or cwd-relative with several roots). */
function codeLineOf(workspaces: WorkspaceResult[], single: boolean): CodeLineOf {
  if (single) return codeLineOfModel(workspaces[0].model);
  const byShown = new Map<string, { w: WorkspaceResult; rel: string }>();
  for (const w of workspaces) {
    for (const rel of w.results.keys()) byShown.set(path.relative(process.cwd(), path.join(w.root, rel)).split(path.sep).join('/'), { w, rel });
  }
  return (shown, line) => {
    const hit = byShown.get(shown);
    return hit ? codeLineOfModel(hit.w.model)(hit.rel, line) : '';
  };
}
