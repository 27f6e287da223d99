/** Machine-readable output: one object per finding, positions 1-based like the text output. */
import type { Diagnostic, Profile } from '../core/engine/types';

/** `profile` says which findings were asked for; each finding's `tier` is `default` or its audit tier. */
export function toJson(results: ReadonlyMap<string, readonly Diagnostic[]>, profile: Profile = 'default'): object {
  const findings = [];
  for (const [path, diags] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
    for (const d of diags) {
      findings.push({
        ruleId: d.ruleId,
        severity: d.severity,
        path,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        message: d.message,
        tier: d.tier ?? 'default',
        fixes: d.fixes.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits, creates: f.creates ?? [] })),
        related: d.related,
      });
    }
  }
  return { profile, findings };
}
