/**
 * Code inside macro invocations, parsed. tree-sitter-rust leaves macro arguments as flat token
 * trees, so `x.unwrap()` inside `tokio::select! { … }` or `token` inside `debug!("{}", token)` are
 * invisible to readers of the main tree. This module builds, once per Rust document and only when
 * asked (`macroTreeOf`, cached per document object), a second tree ("the macro tree") that parses
 * the arguments of outermost macro invocations as Rust:
 *
 * - `scanMacros` finds invocations lexically (comments, strings, raw strings and chars skipped):
 *   far cheaper than walking the tree.
 * - The parser gets a text of the same length and line structure as the document (`macroText`):
 *   code outside macros blanked to spaces, each outermost macro's `!` replaced by `;` (a statement
 *   separator) and each nested macro's `!` by a space. So it sees `;("fmt {}", a, token)`,
 *   `;[x; 3]`, `;{ … }`: the arguments as a tuple/parenthesised expression, an array or a block,
 *   and nested macros as calls (`format ("{}", z)`). Every node keeps its original position (line,
 *   UTF-16 column, offset). A few same-length rewrites keep common macro syntax from parsing as
 *   errors (error recovery is what makes a parse slow): tracing sigils `%x`/`?x`, `=>` at the top
 *   of `select!`-like brace macros (→ `;;`), `json!` objects (→ arrays).
 * - Macros whose arguments hold no code a rule could read (no call, group, comparison, binding or
 *   item: `info!("{}", a.b)`) are left out: they cost parse time and hold nothing to find.
 *
 * The engine's candidate lookup (`engine/rustCandidates.ts`) finds a rule's text matches inside
 * macros in it; `macroTokenArgs`/`macroTokensAt` read a macro's arguments as main-tree tokens (exact
 * positions, any nesting depth); `formatStringArgs` reads inline `{name}` arguments.
 */
import Parser = require('tree-sitter');
import type { RustDocument } from './document';
import { rustLanguage, type SyntaxNode, type Tree } from './rust';

export interface MacroTree {
  /** The tree of macro interiors; undefined when the file has no macro invocation. */
  tree: Tree | undefined;
  /** Every macro invocation found by the lexical scan (see `scanMacros`). */
  macros: readonly MacroSpan[];
  /** Offsets of nested macros' `!` (replaced by a space in the macro tree's text). */
  nestedBangs: ReadonlySet<number>;
}

const cache = new WeakMap<RustDocument, MacroTree>();

/** Where the macros of a text are, found by a lexical scan (strings, chars, comments skipped). */
export interface MacroSpans {
  /** Outermost invocations: offset of `!` and the end (after the closing delimiter). */
  regions: { bang: number; end: number }[];
  /** Offsets of the `!` of macros nested in an outermost invocation's arguments. */
  nested: number[];
  /**
   * Same-length rewrites that make common macro syntax parse as Rust (errors are what makes a parse
   * expensive): tracing field sigils `%x`/`?x` → ` x`; `=>` at the top of a brace-delimited macro
   * (`tokio::select! { v = fut => { … } }`) → `;;`; `json!` objects `{ "k": v }` → `[ "k", v ]`.
   */
  rewrites: [number, string][];
  /** Every invocation (outermost and nested), innermost first: name, offsets of the name's last segment, `!` and the end. */
  macros: MacroSpan[];
}

export interface MacroSpan { name: string; nameStart: number; bang: number; end: number; nested: boolean }

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function isIdentStart(c: number): boolean { return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; }
function isIdent(c: number): boolean { return isIdentStart(c) || (c >= 48 && c <= 57); }

/**
 * Finds macro invocations (`name!(…)`, `path::name! { … }`) by scanning the text, skipping
 * comments, strings (plain, byte, raw) and char literals. Far cheaper than walking the tree.
 */
export function scanMacros(text: string): MacroSpans {
  const regions: MacroSpans['regions'] = [];
  const nested: number[] = [];
  const rewrites: [number, string][] = [];
  const n = text.length;
  // Stack of open delimiters; `macroDepth` counts open macro groups, `jsonDepth` open `json!` macros.
  // `brace`: a macro group delimited by `{ }`; `json`: an object group inside `json!`.
  const stack: { close: string; macro: boolean; brace: boolean; json: boolean; jsonMacro: boolean; name?: string; nameStart?: number; bang?: number }[] = [];
  const macros: MacroSpan[] = [];
  let macroDepth = 0;
  let jsonDepth = 0;
  let currentBang = -1;
  // Whether the current outermost macro holds code rules could visit: a call or group, a
  // comparison, a binding or an item. Plain `info!("…", a.b, c = %d)` does not, and is left out of
  // the macro tree (the parse of macro arguments is the expensive part).
  let hasCode = false;
  let i = 0;
  const skipString = (from: number): number => { // from = index of opening quote
    let j = from + 1;
    while (j < n) { const c = text.charCodeAt(j); if (c === 92) j += 2; else if (c === 34) return j + 1; else j++; }
    return n;
  };
  const skipRaw = (from: number): number => { // from = index of `#` or `"` after `r`
    let hashes = 0; let j = from;
    while (text.charCodeAt(j) === 35) { hashes++; j++; }
    if (text.charCodeAt(j) !== 34) return from;
    const close = '"' + '#'.repeat(hashes);
    const k = text.indexOf(close, j + 1);
    return k < 0 ? n : k + close.length;
  };
  let argStart = false; // just after `(`/`[`/`{`/`,` inside a macro
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) { const k = text.indexOf('\n', i); i = k < 0 ? n : k; continue; }
      if (d === 42) {
        let depth = 1; let j = i + 2;
        while (j < n && depth > 0) {
          if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) { depth++; j += 2; }
          else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) { depth--; j += 2; }
          else j++;
        }
        i = j; continue;
      }
    }
    if (c === 34 /* " */) { i = skipString(i); argStart = false; continue; }
    if (c === 39 /* ' */) {
      // Char literal or lifetime.
      if (text.charCodeAt(i + 1) === 92) { const k = text.indexOf("'", i + 2 + (text.charCodeAt(i + 2) === 39 ? 1 : 0)); i = k < 0 ? n : k + 1; argStart = false; continue; }
      if (text.charCodeAt(i + 2) === 39) { i += 3; argStart = false; continue; }
      if (text.charCodeAt(i + 3) === 39 && text.charCodeAt(i + 1) >= 0xd800 && text.charCodeAt(i + 1) <= 0xdbff) { i += 4; argStart = false; continue; }
      i++; continue;
    }
    if (isIdentStart(c) && (i === 0 || !isIdent(text.charCodeAt(i - 1)))) {
      let j = i + 1;
      while (j < n && isIdent(text.charCodeAt(j))) j++;
      const len = j - i;
      // r"…", r#"…"#, b"…", br"…", b'x'
      if (len <= 2 && (text.charCodeAt(j) === 34 || text.charCodeAt(j) === 35) && /^(r|b|br|c|cr)$/.test(text.slice(i, j))) {
        const raw = text.charCodeAt(j - 1) === 114 /* r */;
        if (raw) { const k = skipRaw(j); if (k !== j) { i = k; argStart = false; continue; } }
        else if (text.charCodeAt(j) === 34) { i = skipString(j); argStart = false; continue; }
      }
      if (len === 1 && text.charCodeAt(i) === 98 && text.charCodeAt(j) === 39) { i = j; continue; }
      argStart = false;
      if (macroDepth > 0 && !hasCode && len >= 2 && len <= 6 && /^(let|fn|struct|impl|static|const|match|if|async|move)$/.test(text.slice(i, j))) hasCode = true;
      if (text.charCodeAt(j) === 33 /* ! */ && text.charCodeAt(j + 1) !== 61 /* = */) {
        let k = j + 1;
        while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13)) k++;
        const open = text[k];
        if (OPEN[open] && text.slice(i, j) !== 'macro_rules') {
          if (macroDepth === 0) { currentBang = j; hasCode = false; } else nested.push(j);
          const jsonMacro = len === 4 && text.slice(i, j) === 'json';
          stack.push({ close: OPEN[open], macro: true, brace: open === '{', json: false, jsonMacro, name: text.slice(i, j), nameStart: i, bang: j });
          macroDepth++;
          if (jsonMacro) jsonDepth++;
          i = k + 1; argStart = true; continue;
        }
      }
      i = j; continue;
    }
    if (c === 40 || c === 91 || c === 123) {
      const json = c === 123 && jsonDepth > 0;
      if (json) rewrites.push([i, '[']);
      stack.push({ close: OPEN[text[i]], macro: false, brace: false, json, jsonMacro: false });
      if (macroDepth > 0 && c !== 91) hasCode = true;
      i++; argStart = macroDepth > 0; continue;
    }
    if (macroDepth > 0 && !hasCode && (c === 61 || c === 33) && text.charCodeAt(i + 1) === 61) hasCode = true;
    if (c === 41 || c === 93 || c === 125) {
      const top = stack.pop();
      if (top?.json) rewrites.push([i, ']']);
      if (top?.jsonMacro) jsonDepth--;
      if (top?.macro) {
        macroDepth--;
        macros.push({ name: top.name!, nameStart: top.nameStart!, bang: top.bang!, end: i + 1, nested: macroDepth > 0 });
        if (macroDepth === 0 && currentBang >= 0) { if (hasCode) regions.push({ bang: currentBang, end: i + 1 }); currentBang = -1; }
      }
      i++; argStart = false; continue;
    }
    if (c === 44 /* , */) { argStart = macroDepth > 0; i++; continue; }
    if (macroDepth > 0 && stack.length > 0) {
      const top = stack[stack.length - 1];
      // `"key": value` in a json! object → `"key", value`.
      if (c === 58 /* : */ && top.json && text.charCodeAt(i + 1) !== 58 && text.charCodeAt(i - 1) !== 58) { rewrites.push([i, ',']); i++; argStart = true; continue; }
      // `pattern = future => handler` at the top of `select! { … }` → `… ;; handler`.
      if (c === 61 && text.charCodeAt(i + 1) === 62 && top.macro && top.brace) { rewrites.push([i, ';'], [i + 1, ';']); hasCode = true; i += 2; argStart = false; continue; }
    }
    // `name = %value`: a single `=` (not `==`, `<=`, `=>`…) also starts a field value.
    if (c === 61 /* = */ && macroDepth > 0) {
      const p = text.charCodeAt(i - 1);
      const q = text.charCodeAt(i + 1);
      argStart = q !== 61 && q !== 62 && p !== 61 && p !== 33 && p !== 60 && p !== 62;
      i++; continue;
    }
    if ((c === 37 || c === 63) /* % ? */ && argStart && macroDepth > 0) { rewrites.push([i, ' ']); argStart = false; i++; continue; }
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) argStart = false;
    i++;
  }
  return { regions, nested, rewrites, macros };
}

let parser: Parser | undefined;
function macroParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(rustLanguage);
  }
  return parser;
}

/** The macro tree of `doc` (cached per document object). */
export function macroTreeOf(doc: RustDocument): MacroTree {
  let m = cache.get(doc);
  if (m) return m;
  m = buildMacroTree(doc);
  cache.set(doc, m);
  return m;
}

/**
 * The text the macro tree is parsed from: same length and line structure as the document, code
 * outside macros blanked to spaces, each outermost `!` turned into `;` (a statement separator),
 * nested `!` and tracing field sigils (`%x`, `?x`) into spaces (so `info!(a = %b)` parses as an
 * assignment instead of an error).
 */
const NOT_NEWLINES = /[^\r\n]+/g;
const SPACES = ' '.repeat(4096);
/** Spaces as long as `s` (a run without line breaks). */
function blank(s: string): string { return s.length <= SPACES.length ? SPACES.slice(0, s.length) : ' '.repeat(s.length); }

/** Blanked text between macros; after a macro, a `;` ends its statement when the line goes on. */
function gap(s: string, afterMacro: boolean): string {
  const b = s.replace(NOT_NEWLINES, blank);
  return afterMacro && b.length > 0 && b[0] === ' ' ? ';' + b.slice(1) : b;
}

export function macroText(text: string, spans: MacroSpans): string {
  const parts: string[] = [];
  let at = 0;
  const edits: [number, string][] = [...spans.nested.map((b): [number, string] => [b, ' ']), ...spans.rewrites].sort((a, b) => a[0] - b[0]);
  let e = 0;
  for (const r of spans.regions) {
    parts.push(gap(text.slice(at, r.bang), at > 0), ';');
    let from = r.bang + 1;
    while (e < edits.length && edits[e][0] < r.end) {
      if (edits[e][0] >= from) { parts.push(text.slice(from, edits[e][0]), edits[e][1]); from = edits[e][0] + 1; }
      e++;
    }
    parts.push(text.slice(from, r.end));
    at = r.end;
  }
  parts.push(gap(text.slice(at), at > 0));
  return parts.join('');
}

function buildMacroTree(doc: RustDocument): MacroTree {
  const spans = scanMacros(doc.text);
  const nestedBangs = new Set(spans.nested);
  if (spans.regions.length === 0) return { tree: undefined, nestedBangs, macros: spans.macros };
  const synthetic = macroText(doc.text, spans);
  const tree = macroParser().parse(synthetic, undefined, { bufferSize: Math.max(32 * 1024, synthetic.length * 2 + 16) });
  return { tree, nestedBangs, macros: spans.macros };
}

/**
 * The main-tree node at the position of `node` (itself for main-tree nodes): for a macro-tree node,
 * the innermost main-tree node containing it (a token inside the macro's token tree). Use it for
 * scope questions: the enclosing fn, visible `use` items, where to add an import.
 */
export function hostNode(doc: RustDocument, node: SyntaxNode): SyntaxNode {
  if (node.tree === doc.tree) return node;
  return doc.tree.rootNode.descendantForIndex(node.startIndex, node.endIndex);
}

/** A macro call, seen the same way whether it is outermost (main tree) or nested (macro tree). */
export interface MacroCall {
  /** The `macro_invocation` (main tree) or the call/index expression standing for it (macro tree). */
  node: SyntaxNode;
  /** The macro path as written, without `!`: `tracing::debug`, `info`. */
  path: string;
  /** Its last segment: `debug`. */
  name: string;
  /** The node naming the macro. */
  nameNode: SyntaxNode;
  /** The parsed arguments (macro-tree nodes), comments dropped; empty when they did not parse. */
  args: SyntaxNode[];
  /** The parsed container of the arguments, when there is one. */
  argsNode: SyntaxNode | undefined;
}

function lastSegment(path: string): string {
  const i = path.lastIndexOf('::');
  return i < 0 ? path : path.slice(i + 2);
}

/** An inline argument of a format string: `{token}`, `{token:?}`, `{0}` is not one (positional). */
export interface InlineFormatArg {
  name: string;
  /** Offsets in the document (UTF-16) of the name inside the literal. */
  start: number;
  end: number;
  /** Offsets of the whole `{…}` placeholder. */
  placeholderStart: number;
  placeholderEnd: number;
}

/**
 * Identifiers used as inline format arguments in a string literal node (`"{token}"`,
 * `"{token:?}"`, `"{user.name}"` is not valid Rust and is skipped). `{{` / `}}` are escapes.
 * Also reports names used as width/precision arguments (`{:width$}`).
 */
export function formatStringArgs(literal: SyntaxNode): InlineFormatArg[] {
  if (literal.type !== 'string_literal' && literal.type !== 'raw_string_literal') return [];
  const text = literal.text;
  const base = literal.startIndex;
  const out: InlineFormatArg[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') { i++; if (text[i] === 'u' && text[i + 1] === '{') i = Math.max(i, text.indexOf('}', i)); continue; }
    if (c === '{') {
      if (text[i + 1] === '{') { i++; continue; }
      const close = text.indexOf('}', i + 1);
      if (close < 0) break;
      const inner = text.slice(i + 1, close);
      const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?=$|:)/.exec(inner);
      if (m && m[1] !== '_') {
        const nameStart = i + 1 + inner.indexOf(m[1]);
        out.push({ name: m[1], start: base + nameStart, end: base + nameStart + m[1].length, placeholderStart: base + i, placeholderEnd: base + close + 1 });
      }
      const spec = inner.indexOf(':');
      if (spec >= 0) {
        const re = /([A-Za-z_][A-Za-z0-9_]*)\$/g;
        let w: RegExpExecArray | null;
        while ((w = re.exec(inner.slice(spec))) !== null) {
          const s = i + 1 + spec + w.index;
          out.push({ name: w[1], start: base + s, end: base + s + w[1].length, placeholderStart: base + i, placeholderEnd: base + close + 1 });
        }
      }
      i = close;
    } else if (c === '}' && text[i + 1] === '}') {
      i++;
    }
  }
  return out;
}

/** One top-level, comma-separated argument of a macro's token tree (main-tree tokens). */
export interface MacroTokenArg {
  tokens: SyntaxNode[];
  start: number;
  end: number;
}

/**
 * The top-level arguments of a token tree (`(a, b = %c, "{d}")`), split at commas, as main-tree
 * tokens with exact positions. Works at any nesting depth: pass a nested macro's token tree.
 */
export function macroTokenArgs(tokenTree: SyntaxNode): MacroTokenArg[] {
  const out: MacroTokenArg[] = [];
  let cur: SyntaxNode[] = [];
  const flush = () => { if (cur.length) out.push({ tokens: cur, start: cur[0].startIndex, end: cur[cur.length - 1].endIndex }); cur = []; };
  const children = tokenTree.children;
  for (let i = 1; i < children.length - 1; i++) {
    const c = children[i];
    if (c.type === ',') flush();
    else if (!c.type.endsWith('comment')) cur.push(c);
  }
  flush();
  return out;
}

/** A macro invocation in main-tree tokens: outermost (`macro_invocation`) or nested (`!` in a token tree). */
export interface MacroTokens {
  /** Path as written: `tracing::info`. */
  path: string;
  name: string;
  /** First token of the macro path. */
  start: number;
  tokenTree: SyntaxNode;
}

/** Reads a main-tree `macro_invocation`, or a nested macro from its `!` token inside a token tree. */
export function macroTokensAt(node: SyntaxNode): MacroTokens | undefined {
  if (node.type === 'macro_invocation') {
    const nameNode = node.childForFieldName('macro');
    const tt = node.lastNamedChild;
    if (!nameNode || !tt || tt.type !== 'token_tree') return undefined;
    const path = nameNode.text.replace(/\s+/g, '');
    return { path, name: lastSegment(path), start: node.startIndex, tokenTree: tt };
  }
  if (node.type === '!' && node.parent?.type === 'token_tree') {
    const tt = node.nextSibling;
    let p = node.previousSibling;
    if (!tt || tt.type !== 'token_tree' || p?.type !== 'identifier' || p.endIndex !== node.startIndex) return undefined;
    const parts = [p.text];
    let start = p.startIndex;
    // `tracing::info!`: walk back over `::` + identifier pairs.
    while (p) {
      const sep: SyntaxNode | null = p.previousSibling;
      const seg: SyntaxNode | null = sep?.previousSibling ?? null;
      if (sep?.type !== '::' || !seg || seg.type !== 'identifier') break;
      parts.unshift(seg.text);
      start = seg.startIndex;
      p = seg;
    }
    const path = parts.join('::');
    return { path, name: lastSegment(path), start, tokenTree: tt };
  }
  return undefined;
}

interface RegionTrees { spans: MacroSpans; text: string; trees: Map<number, Tree> }
const regionCache = new WeakMap<RustDocument, RegionTrees>();

/**
 * The smallest macro-tree node spanning [start, end), parsing only the outermost macro that
 * contains it (one region tree per macro, cached per document): a rule that looks up a few places
 * inside macros does not pay for parsing every macro of the file. Undefined outside macros with
 * code (see `scanMacros`).
 */
export function macroNodeAt(doc: RustDocument, start: number, end: number): SyntaxNode | undefined {
  let rc = regionCache.get(doc);
  if (!rc) {
    const spans = scanMacros(doc.text);
    rc = { spans, text: '', trees: new Map() };
    regionCache.set(doc, rc);
  }
  const regions = rc.spans.regions;
  let lo = 0, hi = regions.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (regions[mid].bang <= start) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (found < 0 || regions[found].end < end) return undefined;
  const r = regions[found];
  let tree = rc.trees.get(r.bang);
  if (!tree) {
    if (!rc.text) rc.text = macroText(doc.text, rc.spans);
    const s = doc.index.positionAt(r.bang);
    const e = doc.index.positionAt(r.end);
    tree = macroParser().parse(rc.text, undefined, {
      bufferSize: Math.max(32 * 1024, rc.text.length * 2 + 16),
      includedRanges: [{ startIndex: r.bang, endIndex: r.end, startPosition: { row: s.line, column: s.character }, endPosition: { row: e.line, column: e.character } }],
    });
    rc.trees.set(r.bang, tree);
  }
  return tree.rootNode.descendantForIndex(start, end);
}
