/**
 * Inline suppressions, parsed once per document and applied after the rules (hadolint style):
 *   // readiness-ignore-next-line <id>[, <id>…] -- reason
 *   … // readiness-ignore-line <id>
 *   // readiness-ignore-file <id>          (in the file's first comment block)
 * `#` (TOML, YAML, Dockerfile, .env, .gitignore) and `--` (SQL) work the same. A suppression that
 * names an unknown rule or suppresses nothing is reported as `unused-suppression`.
 */
import type { LineIndex } from './lineIndex';
import type { Finding, Range } from './types';

export type SuppressionKind = 'next-line' | 'line' | 'file';

export interface SuppressionId { id: string; range: Range }
export interface Suppression {
  kind: SuppressionKind;
  /** The comment's own line. */
  line: number;
  /** The line it applies to (the comment's line, the next code line, or -1 for the file). */
  target: number;
  ids: SuppressionId[];
  reason?: string;
  range: Range;
}

/**
 * `marker` is the file kind's line-comment marker (`commentMarker`): only a real comment of that
 * kind is a suppression — not `# readiness-ignore…` in Rust, not one inside a string literal, and
 * a Rust `#[attribute]` line is code, not a comment to skip over.
 */
export function parseSuppressions(index: LineIndex, marker: string): Suppression[] {
  const out: Suppression[] = [];
  const esc = marker.replace(/[/-]/g, (c) => `\\${c}`);
  const pragma = new RegExp(`(${esc})\\s*readiness-ignore-(next-line|line|file)\\b([^\\n]*)`);
  const commentLine = new RegExp(`^\\s*${esc}`);
  const blockComment = marker === '//' ? /^\s*(\/\*|\*)/ : /$^/;
  let inHeader = true;
  for (let line = 0; line < index.lineCount; line++) {
    const text = index.lineText(line);
    const trimmed = text.trim();
    const isComment = commentLine.test(text) || blockComment.test(text);
    if (trimmed && !isComment) inHeader = false;
    if (!text.includes('readiness-ignore-')) continue;
    const m = pragma.exec(text);
    if (!m || insideString(text, m.index)) continue;
    const kind = m[2] as SuppressionKind;
    if (kind === 'file' && !inHeader) continue;
    const rest = m[3];
    const restStart = m.index + m[0].length - rest.length;
    const dashes = rest.indexOf('--');
    const idsPart = dashes >= 0 ? rest.slice(0, dashes) : rest;
    const reason = dashes >= 0 ? rest.slice(dashes + 2).trim() || undefined : undefined;
    const ids: SuppressionId[] = [];
    const idRe = /[A-Za-z0-9_-]+/g;
    let im: RegExpExecArray | null;
    while ((im = idRe.exec(idsPart))) {
      const start = restStart + im.index;
      ids.push({ id: im[0], range: { start: { line, character: start }, end: { line, character: start + im[0].length } } });
    }
    let target = line;
    if (kind === 'next-line') {
      target = line + 1;
      // Skip further comment lines (stacked suppressions) to reach the code line.
      while (target < index.lineCount && commentLine.test(index.lineText(target))) target++;
    } else if (kind === 'file') target = -1;
    out.push({
      kind, line, target, ids, reason,
      range: { start: { line, character: m.index }, end: { line, character: text.length } },
    });
  }
  return out;
}

/** True when `at` is inside a double-quoted string on this line (an odd number of unescaped quotes before it). */
function insideString(text: string, at: number): boolean {
  let quotes = 0;
  for (let i = 0; i < at; i++) {
    if (text[i] === '\\') { i++; continue; }
    if (text[i] === '"') quotes++;
  }
  return quotes % 2 === 1;
}

export interface SuppressionResult {
  kept: Finding[];
  /** Findings about the suppressions themselves (unknown rule, nothing suppressed). */
  problems: Finding[];
}

/**
 * Drops suppressed findings. `activeRules` are the rules that ran (a suppression of a rule switched
 * off in config is not "unused"); `knownRules` every id of the catalog.
 */
export function applySuppressions(
  path: string,
  findings: Finding[],
  suppressions: readonly Suppression[],
  knownRules: ReadonlySet<string>,
  activeRules: ReadonlySet<string>,
): SuppressionResult {
  const used = new Set<SuppressionId>();
  const kept: Finding[] = [];
  for (const f of findings) {
    let suppressed = false;
    for (const s of suppressions) {
      const applies = s.kind === 'file' || (f.range.start.line === s.target);
      if (!applies) continue;
      const hit = s.ids.find((i) => i.id === f.ruleId || i.id === 'all');
      if (hit) { used.add(hit); suppressed = true; }
    }
    if (!suppressed) kept.push(f);
  }
  const problems: Finding[] = [];
  for (const s of suppressions) {
    if (s.ids.length === 0) {
      problems.push(unused(path, s.range, 'This suppression names no rule: write `readiness-ignore-' + s.kind + ' <rule-id> -- reason`.'));
    }
    for (const i of s.ids) {
      if (i.id !== 'all' && !knownRules.has(i.id)) {
        problems.push(unused(path, i.range, `Unknown rule \`${i.id}\` in a suppression comment: it suppresses nothing. Check the id against the rule catalog.`));
      } else if (!used.has(i) && (i.id === 'all' || activeRules.has(i.id))) {
        problems.push(unused(path, i.range, `This suppression of \`${i.id}\` suppresses nothing: the finding is gone. Remove the comment so it does not hide a future finding.`));
      }
    }
  }
  return { kept, problems };
}

function unused(path: string, range: Range, message: string): Finding {
  return { ruleId: 'unused-suppression', path, range, message, fixes: [], related: [] };
}
