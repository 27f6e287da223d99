/**
 * The readiness report: model → Markdown / HTML, shared by the CLI (`rust-readiness report`) and
 * the language server (`rustReadiness/report`, the "Open Report" webview).
 */
import * as path from 'path';
import type { Analyzer } from '../core/engine/analyzer';
import type { Diagnostic } from '../core/engine/types';
import { assessedRuleIds } from './assessed';
import { applyBaseline, type Baseline, type CodeLineOf } from './baseline';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { buildReportModel, type ReportModel } from './model';
import { packageVersion } from './version';

export { renderHtml } from './html';
export { renderMarkdown } from './markdown';
export { buildReportModel, type ReportModel } from './model';
export { toWebviewHtml, parseWebviewMessage, type ReportWebviewMessage } from '../protocol/reportWebview';

export interface RenderedReport { markdown: string; html: string; model: ReportModel }

export interface AnalyzerReportOptions {
  /** Diagnostics already computed for the folder (default: `analyzer.analyzeAll()`). */
  results?: ReadonlyMap<string, readonly Diagnostic[]>;
  baseline?: Baseline;
  baselineFile?: string;
  date?: Date;
}

/** The source line of a finding, from the analyzer's parsed documents. */
function codeLineFromAnalyzer(analyzer: Analyzer): CodeLineOf {
  return (p, line) => {
    const doc = analyzer.model.document(p);
    if (!doc || line < 0 || line >= doc.index.lineCount) return '';
    return doc.index.lineText(line);
  };
}

/** The report of one workspace folder, as Markdown and as a self-contained HTML page. */
export function buildReportForAnalyzer(analyzer: Analyzer, root: string, options: AnalyzerReportOptions = {}): RenderedReport {
  // The report is an audit: hygiene, acknowledged and non-production findings are listed, marked.
  let results = options.results ?? analyzer.analyzeAll(undefined, 'audit');
  const codeLine = codeLineFromAnalyzer(analyzer);
  let baselined = 0;
  if (options.baseline) {
    const all = [...results.values()].flat();
    const r = applyBaseline(all, options.baseline, codeLine);
    baselined = r.baselined;
    const keep = new Set(r.kept);
    results = new Map([...results].map(([p, ds]) => [p, ds.filter((d) => keep.has(d))]));
  }
  const engine = analyzer.engine;
  const config = analyzer.model.config;
  const rules = engine.allMeta();
  const model = buildReportModel({
    workspace: path.basename(path.resolve(root)) || root,
    results,
    rules,
    activeRuleIds: new Set(rules.filter((m) => engine.severityOf(m.id, config) !== 'off').map((m) => m.id)),
    assessedRuleIds: assessedRuleIds(analyzer.model, engine.rules),
    codeLine,
    version: packageVersion(),
    date: options.date,
    filesAnalysed: analyzer.model.files.length,
    baselined,
    baselineFile: options.baselineFile,
  });
  return { markdown: renderMarkdown(model), html: renderHtml(model), model };
}
