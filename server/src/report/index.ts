/**
 * The readiness report: model → Markdown / HTML, shared by the CLI (`rust-readiness report`) and
 * the language server (`rustReadiness/report`, the "Open Report" webview).
 */
import type { Analyzer } from '../core/engine/analyzer';
import type { Diagnostic } from '../core/engine/types';
import type { Baseline } from './baseline';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import type { ReportModel } from './model';
import { buildReport, codeLineOfModel } from './pipeline';

export { renderHtml } from './html';
export { renderMarkdown } from './markdown';
export { buildReportModel, type ReportModel } from './model';
export { buildReport, codeLineOfModel, withoutBaselined, type ReportRequest, type ReportWorkspace } from './pipeline';
export { toWebviewHtml, parseWebviewMessage, type ReportWebviewMessage } from '../protocol/reportWebview';

export interface RenderedReport { markdown: string; html: string; model: ReportModel }

export interface AnalyzerReportOptions {
  /** Diagnostics already computed for the folder (default: `analyzer.analyzeAll()`). */
  results?: ReadonlyMap<string, readonly Diagnostic[]>;
  baseline?: Baseline;
  baselineFile?: string;
  date?: Date;
}

/** The report of one workspace folder, as Markdown and as a self-contained HTML page (the pipeline the CLI uses too). */
export function buildReportForAnalyzer(analyzer: Analyzer, root: string, options: AnalyzerReportOptions = {}): RenderedReport {
  // The report is an audit: hygiene, acknowledged and non-production findings are listed, marked.
  const results = options.results ?? analyzer.analyzeAll(undefined, 'audit');
  const { model } = buildReport({
    workspaces: [{ root, model: analyzer.model }],
    results,
    engine: analyzer.engine,
    codeLine: codeLineOfModel(analyzer.model),
    baseline: options.baseline,
    baselineFile: options.baselineFile,
    date: options.date,
  });
  return { markdown: renderMarkdown(model), html: renderHtml(model), model };
}
