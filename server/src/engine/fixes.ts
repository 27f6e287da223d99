/** Combining and applying fixes: one implementation for the editor's fix-all and the CLI's --fix. */
import { comparePositions, LineIndex } from './lineIndex';
import type { Diagnostic, FileCreation, FileTextEdit, Fix, Range } from './types';

function overlaps(a: Range, b: Range): boolean {
  // Two inserts at the same point do not overlap; a range touching another's end does not either.
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

function sameEdit(a: FileTextEdit, b: FileTextEdit): boolean {
  return a.path === b.path && a.newText === b.newText && comparePositions(a.range.start, b.range.start) === 0 && comparePositions(a.range.end, b.range.end) === 0;
}

export interface CombinedFixes { edits: FileTextEdit[]; creates: FileCreation[]; applied: Fix[] }

/**
 * The preferred fixes of `diagnostics`, combined: a fix is taken whole or not at all; a fix whose
 * edits overlap one already taken waits for the next run; identical edits (the same `use` line
 * added by two fixes) are applied once.
 */
export function combinePreferredFixes(diagnostics: readonly Diagnostic[]): CombinedFixes {
  const edits: FileTextEdit[] = [];
  const creates: FileCreation[] = [];
  const applied: Fix[] = [];
  for (const d of diagnostics) {
    const fix = d.fixes.find((f) => f.preferred);
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !edits.some((x) => sameEdit(x, e)));
    const clash = fresh.some((e) => edits.some((x) => x.path === e.path && overlaps(x.range, e.range)));
    const createClash = (fix.creates ?? []).some((c) => creates.some((x) => x.path === c.path));
    if (clash || createClash) continue;
    edits.push(...fresh);
    creates.push(...(fix.creates ?? []));
    applied.push(fix);
  }
  return { edits, creates, applied };
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const index = new LineIndex(text);
  const sorted = edits
    .map((e, i) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText, i }))
    .sort((a, b) => b.start - a.start || b.i - a.i);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
