/** The CLI's work: find workspace roots, analyse, optionally fix, format, decide the exit code. */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createEngine } from '../../../rules';
import { Analyzer } from '../engine/analyzer';
import { applyEdits, combinePreferredFixes } from '../engine/fixes';
import type { Diagnostic, Severity } from '../engine/types';
import { isValidUtf8, WorkspaceModel } from '../engine/workspace';
import { formatText } from '../output/text';
import { toJson } from '../output/json';
import { toSarif } from '../output/sarif';
import { packageVersion } from './main';

export class CliUsageError extends Error {}

export interface CheckOptions {
  paths: string[];
  format: string;
  output?: string;
  fix: boolean;
  config?: string;
  failOn: string;
  baseline?: string;
  writeBaseline?: string;
  report: boolean;
  color: boolean;
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

export interface WorkspaceResult {
  root: string;
  /** Diagnostics keyed by path relative to `root`. */
  results: Map<string, Diagnostic[]>;
  model: WorkspaceModel;
  analyzer: Analyzer;
}

/** Analyses each target: directories whole, files alone (within their workspace). */
export function analyzeTargets(paths: string[], configFile?: string): { workspaces: WorkspaceResult[]; notes: string[] } {
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
    const model = new WorkspaceModel(root, { knownRules: engine.knownIds, configFile: configFile ? path.resolve(configFile) : undefined });
    const analyzer = new Analyzer(engine, model);
    const all = analyzer.analyzeAll();
    const results = scope.whole ? all : new Map([...all].filter(([p]) => scope.files.has(p)));
    for (const s of model.skipped) notes.push(s.message);
    workspaces.push({ root, results, model, analyzer });
  }
  return { workspaces, notes };
}

/** Applies every preferred fix under each root; returns the number of fixes applied. */
function applyFixes(ws: WorkspaceResult, err: NodeJS.WritableStream): number {
  const all = [...ws.results.values()].flat();
  const { edits, creates, applied } = combinePreferredFixes(all);
  const byFile = new Map<string, typeof edits>();
  for (const e of edits) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e]);
  for (const [rel, fileEdits] of byFile) {
    const abs = ws.model.absolute(rel);
    if (!isValidUtf8(abs)) { err.write(`rust-readiness: not fixing ${rel}: it is not valid UTF-8\n`); continue; }
    fs.writeFileSync(abs, applyEdits(fs.readFileSync(abs, 'utf8'), fileEdits));
  }
  for (const c of creates) {
    const abs = ws.model.absolute(c.path);
    if (fs.existsSync(abs)) continue;
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, c.content);
  }
  return applied.length;
}

export async function runCheck(options: CheckOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const failOn = FAIL_LEVELS[options.failOn];
  if (!failOn) throw new CliUsageError(`--fail-on must be one of error, warning, info, none (got "${options.failOn}")`);
  if (!options.report && !['text', 'json', 'sarif'].includes(options.format)) {
    throw new CliUsageError(`--format must be text, json or sarif (got "${options.format}")`);
  }
  let { workspaces, notes } = analyzeTargets(options.paths, options.config);
  if (options.fix) {
    let fixed = 0;
    for (const ws of workspaces) fixed += applyFixes(ws, err);
    err.write(`rust-readiness: applied ${fixed} fix${fixed === 1 ? '' : 'es'}\n`);
    ({ workspaces, notes } = analyzeTargets(options.paths, options.config));
  }
  for (const n of notes) err.write(`rust-readiness: note: ${n}\n`);
  const configErrors = workspaces.flatMap((w) => [...w.results.values()].flat().filter((d) => d.ruleId === 'config-invalid').map((d) => ({ w, d })));
  // Merge workspaces into one result map; with several roots, paths are shown relative to the cwd.
  const merged = new Map<string, Diagnostic[]>();
  const single = workspaces.length === 1;
  for (const w of workspaces) {
    for (const [rel, diags] of w.results) {
      const shown = single ? rel : path.relative(process.cwd(), path.join(w.root, rel)).split(path.sep).join('/');
      const rebased = single ? diags : diags.map((d) => ({
        ...d,
        path: shown,
        related: d.related.map((r) => ({ ...r, path: path.relative(process.cwd(), path.join(w.root, r.path)).split(path.sep).join('/') })),
      }));
      merged.set(shown, rebased);
    }
  }
  const engine = workspaces[0]?.analyzer.engine ?? createEngine();
  let text: string;
  switch (options.format) {
    case 'json': text = JSON.stringify(toJson(merged), null, 2) + '\n'; break;
    case 'sarif': text = JSON.stringify(toSarif(merged, engine.allMeta(), packageVersion(), single ? pathToFileURL(workspaces[0].root).toString() : pathToFileURL(process.cwd()).toString()), null, 2) + '\n'; break;
    default: text = formatText(merged, options.color);
  }
  if (options.output) fs.writeFileSync(options.output, text);
  else out.write(text);
  if (configErrors.length > 0) {
    for (const { d } of configErrors) err.write(`rust-readiness: configuration error: ${d.path}:${d.range.start.line + 1}: ${d.message}\n`);
    return 2;
  }
  const failing = [...merged.values()].flat().some((d) => failOn.includes(d.severity));
  return failing ? 1 : 0;
}
