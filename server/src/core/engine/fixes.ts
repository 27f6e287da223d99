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

/**
 * Applies edits to `text` the way LSP clients do: every range refers to the original text; at one
 * position, inserts go before a replace that starts there (in the order given); an edit that
 * overlaps one already placed is skipped. Returns the new text (and what was skipped, if asked).
 */
export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[], skipped?: { range: Range; newText: string }[]): string {
  const index = new LineIndex(text);
  const placed = edits
    .map((e, i) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), edit: e, i }))
    .sort((a, b) => a.start - b.start || (a.end - a.start === 0 ? 0 : 1) - (b.end - b.start === 0 ? 0 : 1) || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const e of placed) {
    if (e.start < cursor) { skipped?.push(e.edit); continue; }
    out += text.slice(cursor, e.start) + e.edit.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}
