/** Helpers for the TOML and workspace rule tests. */
import type { Diagnostic } from '../../server/src/engine/types';
import { applyFix, findingsOf, type Files } from './workspace';

export { COMMIT, COMMIT2, lock, pkg, type LockEntry } from './fixtures';

/** [line, startChar, endChar] of each diagnostic, for range assertions. */
export function spans(ds: readonly Diagnostic[]): [number, number, number][] {
  return ds.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]);
}

/** The text `d` covers in `text`. */
export function covered(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  if (d.range.start.line === d.range.end.line) return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
  return [lines[d.range.start.line].slice(d.range.start.character), ...lines.slice(d.range.start.line + 1, d.range.end.line), lines[d.range.end.line].slice(0, d.range.end.character)].join('\n');
}

/** Applies the fix titled `title` (or the first) of the first finding of `ruleId` in `file`. */
export function fixed(files: Files, ruleId: string, file: string, title?: string | RegExp): Files {
  const d = findingsOf(files, ruleId, file)[0];
  if (!d) throw new Error(`no ${ruleId} finding in ${file}`);
  const fix = title === undefined ? d.fixes[0] : d.fixes.find((f) => (typeof title === 'string' ? f.title === title : title.test(f.title)));
  if (!fix) throw new Error(`no fix ${String(title)} among ${d.fixes.map((f) => f.title).join(' | ')}`);
  return applyFix(files, fix);
}
