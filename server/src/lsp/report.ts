/** The workspace report request (`REQUESTS.report`): the audit profile over one folder, as Markdown and HTML. */
import type { CancellationToken } from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/engine/types';
import { buildReportForAnalyzer } from '../report';
import { fileUri } from './convert';
import type { Folders } from './folders';
import { SLICE_MS, type Lifecycle } from './lifecycle';

/** The workspace report (audit profile), analysed in slices so `$/cancelRequest` stops it. */
export async function workspaceReport(folders: Folders, lifecycle: Lifecycle, folderUri: string, token: CancellationToken): Promise<{ markdown: string; html: string }> {
  const folder = folders.get(folderUri) ?? folders.all().find((f) => fileUri(f.root, '') === folderUri.replace(/\/?$/, '/'));
  if (!folder) throw new Error(`Rust Readiness: ${folderUri} is not an open workspace folder`);
  const results = new Map<string, Diagnostic[]>();
  let sliceEnd = performance.now() + SLICE_MS;
  for (const rel of folder.analyzer.pathsToAnalyze()) {
    const steps = folder.analyzer.analyzeFileSteps(rel, false, 'audit');
    for (;;) {
      const step = steps.next();
      if (step.done) { results.set(rel, step.value); break; }
      if (performance.now() < sliceEnd) continue;
      await lifecycle.pause(token);
      sliceEnd = performance.now() + SLICE_MS;
    }
  }
  const { markdown, html } = buildReportForAnalyzer(folder.analyzer, folder.root, { results });
  return { markdown, html };
}
