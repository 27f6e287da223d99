/**
 * The one way a readiness report is built, for the CLI (`rust-readiness report`, one or several
 * workspace folders) and the language server (the "Open Report" webview, one folder): the same
 * findings, baseline and date give the same report. The baseline is applied here too, so `check`
 * and the report hide the same findings.
 */
import * as path from 'path';
import type { Engine } from '../core/engine/engine';
import type { Diagnostic } from '../core/engine/types';
import type { WorkspaceModel } from '../core/engine/workspace';
import { assessedRuleIds } from './assessed';
import { applyBaseline, type Baseline, type CodeLineOf } from './baseline';
import { buildReportModel, type ReportModel } from './model';
import { packageVersion } from './version';

/** A workspace folder whose findings the report covers. */
export interface ReportWorkspace { root: string; model: WorkspaceModel }

export interface ReportRequest {
  workspaces: readonly ReportWorkspace[];
  /** The findings (audit profile), keyed by the path the report shows: root-relative for one folder. */
  results: ReadonlyMap<string, readonly Diagnostic[]>;
  engine: Engine;
  /** Reads a finding's source line by the path the report shows. */
  codeLine: CodeLineOf;
  baseline?: Baseline;
  /** The baseline's file name, named in the report. */
  baselineFile?: string;
  /** Default: today. */
  date?: Date;
}

export interface BaselineFiltered<T extends Diagnostic = Diagnostic> {
  /** The findings the baseline does not cover, in the order given. */
  results: Map<string, T[]>;
  baselined: number;
}

/** The source line of a finding in one workspace folder, by root-relative path, from its parsed documents. */
export function codeLineOfModel(model: WorkspaceModel): CodeLineOf {
  return (rel, line) => {
    const doc = model.document(rel);
    if (!doc || line < 0 || line >= doc.index.lineCount) return '';
    return doc.index.lineText(line);
  };
}

/**
 * The findings the baseline does not cover. Configuration errors are never baselined: they stop
 * a CLI run (exit 2) and the report must show them whatever the baseline says.
 */
export function withoutBaselined<T extends Diagnostic>(results: ReadonlyMap<string, readonly T[]>, baseline: Baseline, codeLine: CodeLineOf): BaselineFiltered<T> {
  const all = [...results.values()].flat();
  const { kept, baselined } = applyBaseline(all.filter((d) => d.ruleId !== 'config-invalid'), baseline, codeLine);
  const keep = new Set<T>(kept);
  return {
    results: new Map([...results].map(([p, diags]) => [p, diags.filter((d) => d.ruleId === 'config-invalid' || keep.has(d))])),
    baselined,
  };
}

/** The report model and the findings it reports (the baseline's removed). */
export function buildReport(request: ReportRequest): BaselineFiltered & { model: ReportModel } {
  const { workspaces, engine } = request;
  const filtered = request.baseline
    ? withoutBaselined(request.results, request.baseline, request.codeLine)
    : { results: new Map([...request.results].map(([p, diags]) => [p, [...diags]])), baselined: 0 };
  const rules = engine.allMeta();
  const model = buildReportModel({
    workspace: workspaces.map((w) => path.basename(path.resolve(w.root)) || w.root).join(', '),
    results: filtered.results,
    rules,
    activeRuleIds: new Set(rules.filter((m) => workspaces.some((w) => engine.severityOf(m.id, w.model.config) !== 'off')).map((m) => m.id)),
    assessedRuleIds: new Set(workspaces.flatMap((w) => [...assessedRuleIds(w.model, engine.rules)])),
    codeLine: request.codeLine,
    version: packageVersion(),
    date: request.date,
    filesAnalysed: workspaces.reduce((n, w) => n + w.model.files.length, 0),
    baselined: filtered.baselined,
    baselineFile: request.baselineFile,
  });
  return { ...filtered, model };
}
