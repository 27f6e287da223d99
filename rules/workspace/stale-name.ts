import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import type { ParsedDocument } from '../../server/src/core/parsers/document';
import type { FileTextEdit, Range } from '../../server/src/core/engine/types';

/** One spelling of a configured rename: `Quicproquo` → `Quicprochat`. */
export interface RenameVariant { from: string; to: string }

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The case variants of `[rename] old = "new"`: as written, lower, UPPER and Capitalized, each
 * mapped to the same case of the new name (`quicproquo`/`QUICPROQUO`/`Quicproquo`; `QPQ_`/`qpq_`).
 */
export function renameVariants(rename: Readonly<Record<string, string>>): RenameVariant[] {
  const out = new Map<string, string>();
  for (const [from, to] of Object.entries(rename)) {
    if (!from) continue;
    out.set(from, to);
    const variants: [string, string][] = [
      [from.toLowerCase(), to.toLowerCase()],
      [from.toUpperCase(), to.toUpperCase()],
      [capitalize(from.toLowerCase()), capitalize(to.toLowerCase())],
    ];
    for (const [f, t] of variants) if (!out.has(f)) out.set(f, t);
  }
  // Longer names first, so `quicproquo_server` renames win over `quicproquo` at the same place.
  return [...out].map(([from, to]) => ({ from, to })).sort((a, b) => b.from.length - a.from.length);
}

const isLower = (c: string) => c >= 'a' && c <= 'z';
const isUpper = (c: string) => c >= 'A' && c <= 'Z';
const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlnum = (c: string) => isLower(c) || isUpper(c) || isDigit(c);

/**
 * True when `from` occurs at `i` as a whole identifier part: `quicproquo_server`, `QPQ_DATA_DIR`,
 * `QuicproquoClient`, `libQuicproquo` (camel boundary) match; `quicproquoish`, `myquicproquo`,
 * `XQPQ_` do not.
 */
export function atWordBoundary(text: string, i: number, from: string): boolean {
  const prev = i > 0 ? text[i - 1] : '';
  const next = text[i + from.length] ?? '';
  const first = from[0];
  const last = from[from.length - 1];
  if (isAlnum(first) && prev && isAlnum(prev)) {
    // Only a camelCase boundary: lower/digit before an upper-case start.
    if (!(isUpper(first) && (isLower(prev) || isDigit(prev)) && !isUpper(from[1] ?? ''))) return false;
  }
  if (isAlnum(last) && next && isAlnum(next)) {
    // Allowed: `quicproquoServer` (lower then upper) and `QUICPROQUO` followed by nothing alphanumeric.
    if (!(isLower(last) && isUpper(next))) return false;
  }
  return true;
}

export interface Occurrence { path: string; range: Range; from: string; to: string }

/** Every occurrence of the variants in `text`, non-overlapping, in order. */
/**
 * True when the occurrence at `at` is inside the new name already written there (`app` in
 * `app_server` for `app = "app_server"`): renaming it again would never stop (`app_server_server`).
 */
function partOfNewName(text: string, at: number, v: RenameVariant): boolean {
  for (let k = v.to.indexOf(v.from); k >= 0; k = v.to.indexOf(v.from, k + 1)) {
    if (at - k >= 0 && text.startsWith(v.to, at - k)) return true;
  }
  return false;
}

function findOccurrences(doc: Pick<ParsedDocument, 'path' | 'text' | 'index'>, variants: readonly RenameVariant[]): Occurrence[] {
  const hits: { start: number; end: number; v: RenameVariant }[] = [];
  for (const v of variants) {
    let i = doc.text.indexOf(v.from);
    while (i >= 0) {
      const end = i + v.from.length;
      if (atWordBoundary(doc.text, i, v.from) && !partOfNewName(doc.text, i, v) && !hits.some((h) => h.start < end && i < h.end)) hits.push({ start: i, end, v });
      i = doc.text.indexOf(v.from, i + 1);
    }
  }
  return hits.sort((a, b) => a.start - b.start)
    .map((h) => ({ path: doc.path, range: doc.index.range(h.start, h.end), from: h.v.from, to: h.v.to }));
}

/** Memo per parsed document and rename table (documents are immutable per version). */
const memo = new WeakMap<ParsedDocument, { key: string; hits: Occurrence[] }>();

function occurrencesOf(doc: ParsedDocument, key: string, variants: readonly RenameVariant[]): Occurrence[] {
  const m = memo.get(doc);
  if (m && m.key === key) return m.hits;
  const hits = findOccurrences(doc, variants);
  memo.set(doc, { key, hits });
  return hits;
}

/**
 * Beyond this many occurrences the "rename all" fix is not attached: it rides on every finding, so
 * JSON and SARIF carry occurrences² edits (2,000 occurrences outgrew the largest string Node can
 * build). Fix-all still renames each occurrence through its own fix.
 */
const MAX_RENAME_ALL = 300;

export const rule = defineWorkspaceRule<never>({
  meta: {
    id: 'stale-name',
    title: 'Old project name still used',
    priority: 'P2',
    area: 'Operations',
    nonTest: false,
    action: 'Finish the rename configured in `.readiness.toml` `[rename]`',
    docs: {
      lang: 'toml',
      what: 'After a project rename, reports every remaining occurrence of an old name configured in `.readiness.toml` `[rename]` (`quicproquo = "quicprochat"`, `QPQ_ = "QPC_"`) in any analysed file: Rust, TOML, YAML, Dockerfiles, `.env`, ignore files, SQL, CODEOWNERS. Matching is case-aware (`quicproquo`, `Quicproquo`, `QUICPROQUO` map to the same case of the new name) and whole-identifier aware (`quicproquo_server`, `QpqClient` style camel case and `QPQ_DATA_DIR` match; the name inside an unrelated longer word does not).',
      why: 'A half-finished rename breaks at deploy time, not at compile time: the Dockerfile copies a crate path that no longer exists, the service reads `QPQ_DATA_DIR` while the manifests set `QPC_DATA_DIR`, CI uploads an artifact under the old binary name.',
      example: '# .readiness.toml\n[rename]\nquicproquo = "quicprochat"\nQPQ_ = "QPC_"\n\n# Dockerfile\nENV QPQ_DATA_DIR=/var/lib/quicproquo',
      useInstead: 'ENV QPC_DATA_DIR=/var/lib/quicprochat',
      fixSafety: 'Each finding has two fixes: rename this occurrence (preferred, so fix-all renames every occurrence), and "Rename all in workspace", one edit set covering every occurrence in every file. Renames inside Rust identifiers compile only when every use is renamed too, which fix-all / rename-all do together; file and directory names are not renamed.',
      notes: 'Off until `[rename]` has entries. Files outside the analysed kinds (Markdown, shell scripts) are not searched.',
    },
  },
  check(ctx) {
    const rename = ctx.ws.config.rename;
    if (Object.keys(rename).length === 0) return;
    const variants = renameVariants(rename);
    const key = JSON.stringify(variants);
    const all: Occurrence[] = [];
    for (const f of ctx.ws.files) {
      const doc = ctx.ws.document(f);
      if (doc) all.push(...occurrencesOf(doc, key, variants));
    }
    if (all.length === 0) return;
    const renameAll: FileTextEdit[] | undefined = all.length <= MAX_RENAME_ALL ? all.map((o) => ({ path: o.path, range: o.range, newText: o.to })) : undefined;
    const files = new Set(all.map((o) => o.path)).size;
    for (const o of all) {
      const fixes = [{ title: `Rename \`${o.from}\` to \`${o.to}\``, preferred: true, edits: [{ path: o.path, range: o.range, newText: o.to }] }];
      if (renameAll) fixes.push({ title: `Rename all in workspace (${all.length} occurrence${all.length > 1 ? 's' : ''} in ${files} file${files > 1 ? 's' : ''})`, preferred: false, edits: renameAll });
      ctx.report(o.path, o.range,
        `\`${o.from}\` is the old name (renamed to \`${o.to}\` in .readiness.toml): a half-finished rename breaks paths, env vars and artifact names at deploy time. Rename it to \`${o.to}\`.`,
        { fixes });
    }
  },
});
