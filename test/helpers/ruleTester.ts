/**
 * The one way to test a rule: `ruleTester(ruleId, { valid, invalid })`, for every file kind.
 *
 * A case is a fixture: one or more real files, each after a `//- path` header (the header may be
 * left out for a single file at the tester's `path`), annotated rust-analyzer style in the file
 * kind's own comment syntax under the line they point at:
 *
 * ```
 * //- src/main.rs
 * fn main() {
 *     let port: u16 = std::env::var("PORT").unwrap().parse().unwrap();
 *     //                                    ^^^^^^ warning: `std::env::var("PORT")`
 * }
 * ```
 *
 * - `^` marks the columns of the finding on the nearest line above that is not an annotation.
 *   When the carets follow the comment marker with no space (`#^^^^`, `//^^^^`), the marker counts
 *   as carets too, so a finding that starts at column 0 can be marked.
 * - A run of carets followed by `…` marks a finding that continues onto later lines (its start and
 *   that it spans lines are checked).
 * - `error` / `warning` / `info` is the severity after configuration; `warning[other-rule]` names
 *   another rule (suppression tests); the text after `:` must occur in the message.
 *
 * Annotation lines are removed before the files are written, so line numbers and fix outputs are
 * those of the plain files. Every finding of the rule under test (and of any rule an annotation
 * names) in every file of the case must be annotated, and every annotation found: a must-not-flag
 * case is simply a fixture without annotations. Every file of a kind the engine reads must be
 * analysed, so a mistyped path fails instead of passing silently.
 *
 * `output` applies a fix (the first fix of the first annotated finding that has one, or the fix
 * whose title contains `fix`) and checks: no new syntax error in the edited files, the finding
 * gone, and the files equal `output` (a fixture in the same header format, without annotations).
 */
import * as assert from 'assert';
import type { Diagnostic, Fix } from '../../server/src/core/engine/types';
import { commentMarker, fileKindOf } from '../../server/src/core/engine/fileKinds';
import { analyze, applyFix, syntaxErrors, type Files } from './workspace';

export interface RuleTestCase {
  /** What the case shows, as the test's title. */
  name: string;
  /** The annotated fixture: files after `//- path` headers (or one file at the tester's `path`). */
  code: string;
  /** Unannotated background files (manifests, locks, workflows…); the fixture's files win. */
  files?: Files;
  /** Other rules whose findings are checked as exhaustively as the tested rule's (a must-not-flag case names them here). */
  alsoRules?: string[];
  /** Extra checks on the rule's diagnostics, for what annotations cannot say (related locations, fix lists). */
  check?: (found: Diagnostic[], files: Files) => void;
}

export interface InvalidRuleTestCase extends RuleTestCase {
  /** The files a fix leaves behind (same header format, only the files that change or appear). */
  output?: string;
  /** Which fix `output` applies: a substring of its title (default: the first fix of the first finding that has one). */
  fix?: string;
  /**
   * The fixes offered on the first annotated finding, each rendered `title (preferred)` or
   * `title (not preferred)`; an expected string must occur in its rendering. `[]` asserts no fix is offered.
   */
  fixes?: string[];
}

export interface RuleTesterOptions {
  /** Where a fixture without `//- path` headers goes. */
  path?: string;
  /** Files every case gets (a case's own files win). */
  files?: Files;
  valid?: RuleTestCase[];
  invalid?: InvalidRuleTestCase[];
}

interface Expected { path: string; line: number; start: number; end: number | 'multiline'; severity: string; ruleId: string; message: string }

const ANNOTATION = /^(\s*)(\/\/|#|--)(\s*)(\^+)(…?)\s+(error|warning|info)(?:\[([a-z0-9-]+)\])?(?::\s?(.*?))?\r?$/;
const HEADER = /^\/\/-\s+(\S+)\s*$/;

/** Strips the common indentation of a template literal and its first and last blank lines. */
export function dedent(text: string): string {
  const lines = text.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Splits a fixture into files by `//- path` headers; each file ends with one newline. */
export function splitFixture(code: string, defaultPath: string | undefined): Files {
  const files: Files = {};
  let current: string | undefined = defaultPath;
  let buffer: string[] = [];
  let headed = false;
  const flush = () => {
    const blank = buffer.every((l) => l.trim() === '');
    if (current === undefined) {
      assert.ok(blank, 'fixture text before the first `//- path` header and no default path');
    } else if (headed || !blank) {
      // The default path gets a file only when text stands before the first header.
      files[current] = buffer.join('\n').replace(/\n*$/, '') + '\n';
    }
    buffer = [];
  };
  for (const line of dedent(code).split('\n')) {
    const header = HEADER.exec(line);
    if (header) { flush(); current = header[1]; headed = true; continue; }
    buffer.push(line);
  }
  flush();
  return files;
}

/** Removes the annotation lines of one file, returning the plain text and what they expect. */
export function parseAnnotations(path: string, annotated: string, ruleId: string): { text: string; expected: Expected[] } {
  const kind = fileKindOf(path);
  const marker = kind ? commentMarker(kind) : '#';
  const plain: string[] = [];
  const expected: Expected[] = [];
  for (const line of annotated.split('\n')) {
    const m = ANNOTATION.exec(line);
    if (!m || m[2] !== marker) { plain.push(line); continue; }
    const [, indent, , space, carets, continues, severity, otherRule, message] = m;
    assert.ok(plain.length > 0, `${path}: an annotation before any line: ${line}`);
    const start = indent.length + (space === '' ? 0 : marker.length + space.length);
    const width = (space === '' ? marker.length : 0) + carets.length;
    expected.push({
      path, line: plain.length - 1, start, end: continues ? 'multiline' : start + width,
      severity, ruleId: otherRule ?? ruleId, message: (message ?? '').trim(),
    });
  }
  return { text: plain.join('\n'), expected };
}

function render(e: { path: string; line: number; start: number; end: number | 'multiline'; severity: string; ruleId: string }): string {
  return `${e.path}:${e.line + 1}:${e.start + 1}-${e.end === 'multiline' ? '…' : e.end + 1} ${e.severity}[${e.ruleId}]`;
}

function asExpectedShape(d: Diagnostic): Expected {
  const multiline = d.range.end.line !== d.range.start.line;
  return {
    path: d.path, line: d.range.start.line, start: d.range.start.character,
    end: multiline ? 'multiline' : d.range.end.character, severity: d.severity, ruleId: d.ruleId, message: d.message,
  };
}

export interface CaseResult { files: Files; found: Diagnostic[]; expected: Expected[] }

/** Builds the case's workspace, analyses it and checks the annotations; returns what it found. */
export function runCase(ruleId: string, c: RuleTestCase, opts: RuleTesterOptions): CaseResult {
  const annotated = splitFixture(c.code, opts.path);
  const files: Files = { ...opts.files, ...c.files };
  const expected: Expected[] = [];
  for (const [p, text] of Object.entries(annotated)) {
    const parsed = parseAnnotations(p, text, ruleId);
    files[p] = parsed.text.endsWith('\n') ? parsed.text : parsed.text + '\n';
    expected.push(...parsed.expected);
  }
  const { results } = analyze(files);
  for (const p of Object.keys(annotated)) {
    if (fileKindOf(p)) assert.ok(results.has(p), `${p} was not analysed (excluded, ignored or mistyped?)`);
  }
  const ruleIds = new Set([ruleId, ...(c.alsoRules ?? []), ...expected.map((e) => e.ruleId)]);
  const found = [...results.values()].flat().filter((d) => ruleIds.has(d.ruleId));
  const unmatched = [...found];
  const missing: Expected[] = [];
  // The finding each annotation matched, in annotation order (several may share a position).
  const matched: Diagnostic[] = [];
  for (const e of expected) {
    const i = unmatched.findIndex((d) => {
      const s = asExpectedShape(d);
      return s.path === e.path && s.line === e.line && s.start === e.start && s.end === e.end && s.severity === e.severity && s.ruleId === e.ruleId && d.message.includes(e.message);
    });
    if (i >= 0) matched.push(...unmatched.splice(i, 1));
    else missing.push(e);
  }
  if (missing.length > 0 || unmatched.length > 0) {
    const lines = [
      ...missing.map((e) => `  expected, not found: ${render(e)}: ${e.message}`),
      ...unmatched.map((d) => `  found, not annotated: ${render(asExpectedShape(d))}: ${d.message}`),
    ];
    assert.fail(`${ruleId}: findings differ from the annotations\n${lines.join('\n')}`);
  }
  return { files, found: matched, expected };
}

function renderFix(f: Fix): string {
  return `${f.title} (${f.preferred ? 'preferred' : 'not preferred'})`;
}

/** Applies `fix` and checks the edited files re-parse without new errors and the finding is gone. */
function applyAndCheck(ruleId: string, files: Files, finding: Diagnostic, fix: Fix): Files {
  const after = applyFix(files, fix);
  for (const p of new Set([...fix.edits.map((e) => e.path), ...(fix.creates ?? []).map((c) => c.path)])) {
    const before = p in files ? syntaxErrors(p, files[p]).length : 0;
    assert.strictEqual(syntaxErrors(p, after[p]).length, before, `fix "${fix.title}" added a syntax error to ${p}:\n${after[p]}`);
  }
  const count = (fs: Files) => [...analyze(fs).results.values()].flat().filter((d) => d.ruleId === finding.ruleId && d.path === finding.path).length;
  assert.ok(count(after) < count(files), `fix "${fix.title}" did not remove the ${ruleId} finding in ${finding.path}:\n${after[finding.path] ?? ''}`);
  return after;
}

export function ruleTester(ruleId: string, opts: RuleTesterOptions): void {
  describe(ruleId, () => {
    if (opts.valid?.length) {
      describe('does not flag', () => {
        for (const c of opts.valid!) {
          it(c.name, () => {
            const r = runCase(ruleId, c, opts);
            assert.strictEqual(r.expected.length, 0, `a valid case has annotations: move it to invalid`);
            c.check?.(r.found, r.files);
          });
        }
      });
    }
    if (opts.invalid?.length) {
      describe('flags', () => {
        for (const c of opts.invalid!) {
          it(c.name, () => {
            const r = runCase(ruleId, c, opts);
            assert.ok(r.expected.length > 0, 'an invalid case without annotations: move it to valid');
            if (c.fixes) {
              assert.deepStrictEqual(
                r.found[0].fixes.map(renderFix).map((t, i) => (c.fixes![i] !== undefined && t.includes(c.fixes![i]) ? c.fixes![i] : t)),
                c.fixes,
                `fixes offered on ${render(asExpectedShape(r.found[0]))}`,
              );
            }
            if (c.output !== undefined) {
              const candidates = r.found.filter((d) => d.ruleId === ruleId);
              const pick = c.fix === undefined
                ? candidates.map((d) => ({ d, f: d.fixes[0] })).find((x) => x.f)
                : candidates.flatMap((d) => d.fixes.map((f) => ({ d, f }))).find((x) => x.f.title.includes(c.fix!));
              assert.ok(pick, `no fix${c.fix ? ` titled "…${c.fix}…"` : ''} among: ${candidates.flatMap((d) => d.fixes.map(renderFix)).join(' | ') || 'none'}`);
              const after = applyAndCheck(ruleId, r.files, pick.d, pick.f);
              for (const [p, text] of Object.entries(splitFixture(c.output, opts.path))) {
                assert.strictEqual(after[p], text, `${p} after "${pick.f.title}"`);
              }
            }
            c.check?.(r.found, r.files);
          });
        }
      });
    }
  });
}
