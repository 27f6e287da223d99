/** Helpers for the report tests: synthetic rule metadata and diagnostics with exact counts. */
import type { Area, Diagnostic, Fix, Priority, RuleMeta, Severity } from '../../server/src/core/engine/types';

const SEVERITY: Record<Priority, Severity> = { P0: 'error', P1: 'warning', P2: 'info' };

export function meta(id: string, priority: Priority, area: Area, extra: Partial<RuleMeta> = {}): RuleMeta {
  return {
    id,
    title: `Title of ${id}`,
    priority,
    area,
    nonTest: true,
    action: `Action for ${id}`,
    docs: { what: `What ${id} does.`, why: `Why ${id} matters in production.`, example: 'x', useInstead: 'y', fixSafety: 'none', lang: 'rust' },
    ...extra,
  };
}

export function diag(ruleId: string, path: string, line: number, priority: Priority, message = `${ruleId} message`, fixes: Fix[] = []): Diagnostic {
  return {
    ruleId,
    path,
    range: { start: { line: line - 1, character: 4 }, end: { line: line - 1, character: 10 } },
    message,
    fixes,
    related: [],
    severity: SEVERITY[priority],
  };
}

/** A results map (path → diagnostics) from a flat list. */
export function resultsOf(diags: Diagnostic[]): Map<string, Diagnostic[]> {
  const m = new Map<string, Diagnostic[]>();
  for (const d of diags) m.set(d.path, [...(m.get(d.path) ?? []), d]);
  return m;
}

/** A code-line lookup over a `{path: text}` map. */
export function codeLines(files: Record<string, string>): (path: string, line: number) => string {
  return (p, line) => (files[p] ?? '').split(/\r?\n/)[line] ?? '';
}
