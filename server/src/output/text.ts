/** Human-readable output: findings grouped by file, `path:line:col severity rule-id message`. */
import type { Diagnostic } from '../core/engine/types';

export function formatText(results: ReadonlyMap<string, readonly Diagnostic[]>, color = false): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sev = { error: paint('31', 'error'), warning: paint('33', 'warning'), info: paint('36', 'info') };
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const [path, diags] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
    if (diags.length === 0) continue;
    lines.push(paint('1;4', path));
    for (const d of diags) {
      counts[d.severity]++;
      lines.push(`  ${path}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${sev[d.severity]}  ${paint('2', d.ruleId)}  ${d.message}`);
    }
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  lines.push(total === 0
    ? 'No findings.'
    : `${total} finding${total === 1 ? '' : 's'}: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} info.`);
  return lines.join('\n') + '\n';
}
