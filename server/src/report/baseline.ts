/**
 * Baselines: a team adopting the tool on an old codebase records today's findings once
 * (`--write-baseline FILE`) and CI then reports only findings that are not in it (`--baseline FILE`).
 *
 * A finding's fingerprint is its rule id, its file and the code of its line with whitespace
 * collapsed: not the line number, so inserting or removing lines above a finding keeps it
 * baselined, and re-indenting it does too. Several findings can share a fingerprint (two `unwrap()`
 * on one line, the same line twice in a file): the baseline stores how many, and only that many
 * are hidden; any extra one with that fingerprint is reported as new. Secret values in the code are
 * masked (see `redact.ts`) so the baseline file never holds a credential.
 */
import type { Diagnostic } from '../core/engine/types';
import { redactCodeLine } from './redact';

const BASELINE_VERSION = 1;

export interface BaselineEntry { ruleId: string; path: string; code: string; count: number }
export interface Baseline { version: number; tool: string; entries: BaselineEntry[] }

export class BaselineError extends Error {}

/** Whitespace runs collapsed to one space, trimmed. */
export function normaliseCode(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

/** The source line of a diagnostic (its start line), or '' when the file has no text. */
export type CodeLineOf = (path: string, line: number) => string;

function key(ruleId: string, path: string, code: string): string {
  return JSON.stringify([ruleId, path, code]);
}

function fingerprintOf(d: Pick<Diagnostic, 'ruleId' | 'path' | 'range'>, codeLine: CodeLineOf): { ruleId: string; path: string; code: string } {
  return { ruleId: d.ruleId, path: d.path, code: normaliseCode(redactCodeLine(d.ruleId, d.path, codeLine(d.path, d.range.start.line))) };
}

/** The baseline of a set of diagnostics, entries sorted for stable diffs. */
export function createBaseline(diags: readonly Diagnostic[], codeLine: CodeLineOf): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const d of diags) {
    const f = fingerprintOf(d, codeLine);
    const k = key(f.ruleId, f.path, f.code);
    const e = counts.get(k);
    if (e) e.count++;
    else counts.set(k, { ...f, count: 1 });
  }
  const entries = [...counts.values()].sort((a, b) =>
    a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId) || a.code.localeCompare(b.code));
  return { version: BASELINE_VERSION, tool: 'rust-readiness', entries };
}

export function serializeBaseline(b: Baseline): string {
  return JSON.stringify(b, null, 2) + '\n';
}

/** Parses a baseline file's text; throws `BaselineError` with a readable message when it is not one. */
export function parseBaseline(text: string, source = 'baseline'): Baseline {
  let data: unknown;
  try { data = JSON.parse(text); } catch (e) { throw new BaselineError(`${source} is not valid JSON: ${(e as Error).message}`); }
  const obj = data as Partial<Baseline> | null;
  if (!obj || typeof obj !== 'object' || !Array.isArray(obj.entries)) throw new BaselineError(`${source} is not a rust-readiness baseline (no "entries" array)`);
  if (typeof obj.version === 'number' && obj.version > BASELINE_VERSION) throw new BaselineError(`${source} has baseline version ${obj.version}; this rust-readiness reads version ${BASELINE_VERSION}`);
  const entries: BaselineEntry[] = [];
  obj.entries.forEach((e, i) => {
    const ok = e && typeof e === 'object' && typeof e.ruleId === 'string' && typeof e.path === 'string' && typeof e.code === 'string';
    if (!ok) throw new BaselineError(`${source}: entry ${i + 1} needs string "ruleId", "path" and "code"`);
    const count = e.count === undefined ? 1 : e.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new BaselineError(`${source}: entry ${i + 1} has an invalid "count"`);
    entries.push({ ruleId: e.ruleId, path: e.path, code: normaliseCode(e.code), count });
  });
  return { version: BASELINE_VERSION, tool: 'rust-readiness', entries };
}

export interface BaselineResult<T> { kept: T[]; baselined: number }

/**
 * The diagnostics not covered by the baseline. Within one fingerprint, the first `count`
 * diagnostics (in the order given: path, then line) are the baselined ones.
 */
export function applyBaseline<T extends Pick<Diagnostic, 'ruleId' | 'path' | 'range'>>(diags: readonly T[], baseline: Baseline, codeLine: CodeLineOf): BaselineResult<T> {
  const remaining = new Map<string, number>();
  for (const e of baseline.entries) {
    const k = key(e.ruleId, e.path, e.code);
    remaining.set(k, (remaining.get(k) ?? 0) + e.count);
  }
  const kept: T[] = [];
  let baselined = 0;
  for (const d of diags) {
    const f = fingerprintOf(d, codeLine);
    const k = key(f.ruleId, f.path, f.code);
    const left = remaining.get(k) ?? 0;
    if (left > 0) { remaining.set(k, left - 1); baselined++; }
    else kept.push(d);
  }
  return { kept, baselined };
}
