/**
 * YAML parsing (eemeli `yaml`) and the positioned helpers every YAML rule uses: map/sequence access
 * that follows aliases and merge keys, node ranges, and the layout facts (indentation unit,
 * sequence style, where a block ends) that let fixes insert text without re-serialising the file.
 */
import { Composer, Lexer, Parser, isMap, isSeq, isScalar, isPair, isAlias, visit } from 'yaml';
import type { CST, Document, Node as YamlNode, Pair, YAMLMap, YAMLSeq, Scalar } from 'yaml';
import type { LineIndex } from '../engine/lineIndex';
import type { Position, Range } from '../engine/types';

export type YamlDocument = Document.Parsed;
export { isMap, isSeq, isScalar, isPair, isAlias };
export type { YamlNode, Pair, YAMLMap, YAMLSeq, Scalar };

export interface YamlParseResult {
  documents: YamlDocument[];
  /** Helm/Go templates (`{{ … }}` as YAML syntax) are not YAML until rendered: no documents are read from them. */
  templated: boolean;
  errors: { message: string; offset: number }[];
}

/**
 * True when `{{ … }}` is template syntax, not data: some `{{` that parsed into no string (Helm's
 * `image: {{ .Values.image }}` reads as nested flow maps; `{{- if … }}` lines break the parse).
 * A `{{` inside a string value is data — GitHub Actions `${{ … }}`, `docker/metadata-action`
 * patterns such as `type=semver,pattern={{version}}` in a block scalar, a quoted
 * `docker inspect --format '{{.State.Status}}'` — and never a reason to skip the file.
 */
function templateSyntaxIn(text: string, documents: readonly YamlDocument[]): boolean {
  const strings: [number, number][] = [];
  for (const d of documents) {
    visit(d, { Scalar(_key, node) { if (typeof node.value === 'string' && node.range) strings.push([node.range[0], node.range[1]]); } });
  }
  for (let at = text.indexOf('{{'); at >= 0; at = text.indexOf('{{', at + 2)) {
    const inString = (offset: number) => strings.some(([s, e]) => offset >= s && offset < e);
    if (inString(at)) continue;
    // In a comment: a `#` at the line start or after white space, itself outside any string.
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const comment = /(^|\s)#/.exec(text.slice(lineStart, at));
    if (comment && !inString(lineStart + comment.index + comment[1].length)) continue;
    return true;
  }
  return false;
}

/**
 * Collections nested deeper than this are not read. The `yaml` package composes them recursively:
 * at about 1,000 levels it runs out of stack, and a regular expression compiled that close to the
 * limit aborts the whole process (V8 reports it as out of memory). Real files nest a few dozen.
 */
export const MAX_YAML_NESTING = 200;
/**
 * Lexical tokens read at most per file. The package parses at 2–9 µs a token: 1.5 MB of nested flow
 * sequences or list items (2 million tokens) blocked the analysis for 8 s. Real files are far below
 * (a 30 KB workflow has 4,000 tokens, a 300 KB `pnpm-lock.yaml` 55,000). Counting them first, with
 * the package's lexer alone, costs a tenth of the parse.
 */
export const MAX_YAML_TOKENS = 100_000;

/**
 * The CST tokens of `text`, as the package's `Parser.parse` gives them, stopping with an error
 * past the nesting limit. Errors keep their offsets only: the package's "pretty" errors copy the
 * whole line per error (quadratic on a long line), and no rule reads their text.
 */
function* nestingBoundedTokens(text: string): Generator<CST.Token, void> {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    if (parser.stack.length > MAX_YAML_NESTING) throw new Error(`its collections nest more than ${MAX_YAML_NESTING} levels deep`);
  }
  yield* parser.end();
}

/** Parses every document of `text`; throws past the limits above (the caller skips the file with the message). */
export function parseYaml(text: string): YamlParseResult {
  let lexemes = 0;
  for (const _ of new Lexer().lex(text)) {
    if (++lexemes > MAX_YAML_TOKENS) throw new Error(`it has more than ${MAX_YAML_TOKENS.toLocaleString('en-US')} YAML tokens, more than the analysis reads without blocking for seconds`);
  }
  const list: YamlDocument[] = [...new Composer({ keepSourceTokens: false, merge: true }).compose(nestingBoundedTokens(text))];
  if (text.includes('{{') && templateSyntaxIn(text, list)) return { documents: [], templated: true, errors: [] };
  const errors = list.flatMap((d) => d.errors.map((e) => ({ message: e.message, offset: e.pos[0] })));
  return { documents: list, templated: false, errors };
}

/** The source range of a YAML node (from the `yaml` package's offsets). */
export function yamlRange(index: LineIndex, node: { range?: [number, number, number] | null } | null | undefined): Range | undefined {
  if (!node || !node.range) return undefined;
  return index.range(node.range[0], node.range[1]);
}

// ---------------------------------------------------------------------------------------------
// Access that follows aliases and merge keys

export type YNode = YamlNode | null | undefined;

/** The node an alias points at (one level; `yaml` forbids alias cycles). */
function resolveNode(doc: YamlDocument, node: unknown): YNode {
  if (isAlias(node)) return (node.resolve(doc) as YamlNode | undefined) ?? null;
  return (node as YNode) ?? null;
}

export interface YamlEntry {
  key: string;
  keyNode: Scalar;
  /** The value, aliases resolved. */
  value: YNode;
  pair: Pair;
  /** True when the entry comes from a `<<` merge (it lives at the anchor, not in this map). */
  merged: boolean;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol' || key.source === '<<');
}

/** Parsed documents are never mutated: each map's entries are computed once. */
const entriesCache = new WeakMap<object, YamlEntry[]>();

/** The entries of a map: its own pairs, then `<<` merged ones whose key it does not define itself. */
export function mapEntries(doc: YamlDocument, node: unknown): YamlEntry[] {
  const map = resolveNode(doc, node);
  if (!isMap(map)) return [];
  let cached = entriesCache.get(map);
  if (!cached) {
    cached = computeEntries(doc, map, 0);
    entriesCache.set(map, cached);
  }
  return cached;
}

function computeEntries(doc: YamlDocument, map: YAMLMap, depth: number): YamlEntry[] {
  const own: YamlEntry[] = [];
  const merged: YamlEntry[] = [];
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) {
      const src = resolveNode(doc, pair.value);
      const sources = isSeq(src) ? src.items.map((i) => resolveNode(doc, i)) : [src];
      // Depth-limited: merge chains are short, and a hand-made cycle must not loop.
      for (const s of sources) if (isMap(s) && depth < 8) for (const e of computeEntries(doc, s, depth + 1)) merged.push({ ...e, merged: true });
      continue;
    }
    if (!isScalar(pair.key)) continue;
    own.push({ key: String(pair.key.value), keyNode: pair.key, value: resolveNode(doc, pair.value), pair: pair as Pair, merged: false });
  }
  const seen = new Set(own.map((e) => e.key));
  const out = [...own];
  for (const e of merged) {
    if (!seen.has(e.key)) { seen.add(e.key); out.push(e); }
  }
  return out;
}

export function mapEntry(doc: YamlDocument, node: unknown, key: string): YamlEntry | undefined {
  return mapEntries(doc, node).find((e) => e.key === key);
}

export function mapGet(doc: YamlDocument, node: unknown, key: string): YNode {
  return mapEntry(doc, node, key)?.value;
}

/** Follows a path of keys through maps. */
export function mapPath(doc: YamlDocument, node: unknown, ...keys: string[]): YNode {
  let cur: YNode = resolveNode(doc, node);
  for (const k of keys) {
    cur = mapGet(doc, cur, k);
    if (!cur) return cur;
  }
  return cur;
}

/** The items of a sequence, aliases resolved (empty for anything else). */
export function seqItems(doc: YamlDocument, node: unknown): YamlNode[] {
  const seq = resolveNode(doc, node);
  if (!isSeq(seq)) return [];
  return seq.items.map((i) => resolveNode(doc, i)).filter((i): i is YamlNode => !!i);
}

/** A scalar's value as a string (numbers and booleans stringified), else undefined. */
export function scalarString(doc: YamlDocument, node: unknown): string | undefined {
  const n = resolveNode(doc, node);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  return typeof n.value === 'string' ? n.value : String(n.value);
}

// ---------------------------------------------------------------------------------------------
// Layout: where things are, and how the file is indented

/** Column (UTF-16) of an offset. */
export function columnAt(index: LineIndex, offset: number): number {
  return index.positionAt(offset).character;
}

/** True when a collection is written in block style (not `{…}` / `[…]`). */
export function isBlock(node: YNode): boolean {
  return (isMap(node) || isSeq(node)) && !node.flow;
}

/** The offset just after the last non-blank character a node's content covers. */
export function contentEnd(text: string, node: YNode): number {
  if (!node || !node.range) return 0;
  let end = node.range[1];
  if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
    const last = node.items[node.items.length - 1];
    const lastNode = isPair(last) ? (last.value ?? last.key) : last;
    if (lastNode && (lastNode as YamlNode).range) end = Math.max(contentEnd(text, lastNode as YamlNode), (lastNode as YamlNode).range![0]);
  }
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return end;
}

/**
 * Where lines that follow `node`'s content go: the start of the line after its last content line
 * (so an edit appending to that line's end never shares the insertion point), or the end of the
 * file when that line is the last one. `text(lines, col, eol)` renders lines for that point.
 */
export function insertionAfter(index: LineIndex, text: string, node: YNode): { at: Position; render(lines: readonly string[], col: number): string } {
  const end = contentEnd(text, node);
  const line = index.positionAt(Math.max(0, end - 1)).line;
  const eol = index.eol;
  const pad = (l: string, col: number) => (l.length ? ' '.repeat(col) + l : '');
  if (line + 1 < index.lineCount) {
    return { at: { line: line + 1, character: 0 }, render: (lines, col) => lines.map((l) => pad(l, col) + eol).join('') };
  }
  return { at: { line, character: index.lineText(line).length }, render: (lines, col) => lines.map((l) => eol + pad(l, col)).join('') };
}

/** The column of a block sequence's `-` indicators (read from its first item). */
export function seqDashColumn(index: LineIndex, text: string, seq: YAMLSeq): number | undefined {
  const first = seq.items[0] as YamlNode | undefined;
  if (!first?.range) return seq.range ? columnAt(index, seq.range[0]) : undefined;
  let i = first.range[0] - 1;
  while (i >= 0 && text[i] !== '-' && text[i] !== '\n') i--;
  return i >= 0 && text[i] === '-' ? columnAt(index, i) : undefined;
}

export interface YamlLayout {
  /** Spaces per nesting level (2 unless the file shows otherwise). */
  unit: number;
  /** True when block sequences are indented under their key (`key:\n  - a`), false for `key:\n- a`. */
  seqIndented: boolean;
}

/** Reads the indentation unit and the sequence style from every document of a file. */
export function yamlLayout(index: LineIndex, text: string, docs: readonly YamlDocument[]): YamlLayout {
  const units = new Map<number, number>();
  let indented = 0, flush = 0;
  const walk = (node: unknown, depth: number) => {
    if (depth > 40) return;
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        const key = pair.key as YamlNode | undefined;
        const value = pair.value as YamlNode | undefined;
        if (key?.range && isMap(value) && !value.flow && value.items.length > 0) {
          const k = (value.items[0].key as YamlNode | undefined)?.range;
          if (k && index.positionAt(k[0]).line > index.positionAt(key.range[0]).line) {
            const d = columnAt(index, k[0]) - columnAt(index, key.range[0]);
            if (d > 0) units.set(d, (units.get(d) ?? 0) + 1);
          }
        }
        if (key?.range && isSeq(value) && !value.flow && value.items.length > 0) {
          const dash = seqDashColumn(index, text, value);
          const first = value.items[0] as YamlNode | undefined;
          if (dash !== undefined && first?.range && index.positionAt(first.range[0]).line > index.positionAt(key.range[0]).line) {
            if (dash > columnAt(index, key.range[0])) indented++; else flush++;
          }
        }
        walk(value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const i of node.items) walk(i, depth + 1);
    }
  };
  for (const d of docs) walk(d.contents, 0);
  let unit = 2, best = 0;
  for (const [u, n] of units) if (n > best || (n === best && u < unit)) { unit = u; best = n; }
  return { unit, seqIndented: indented >= flush };
}
