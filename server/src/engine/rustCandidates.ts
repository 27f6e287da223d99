/**
 * Text-first node lookup for Rust rules. Walking a whole tree (and reading each node's properties,
 * one native call apiece) costs more than a quarter of the parse; most rules fire on a handful of
 * names. So the engine finds the places a rule's pattern matches in the text (JS only), and asks the
 * tree only there: the smallest node at the match, climbed to a node type the rule reads. Matches
 * inside macro arguments are looked up in the macro tree (`parsers/rustMacros.ts`), parsed only for
 * the macros such a match falls in. Matches in comments find nothing; in strings, only nodes of the
 * wanted type (a string literal when the rule asks for one).
 */
import type { SyntaxNode } from '../parsers/rust';
import type { TreeCursor } from 'tree-sitter';
import { macroNodeAt } from '../parsers/rustMacros';
import type { RustCandidates, RustRuleContext } from './rule';

/** The nodes `spec` selects in the document, deduplicated, in text order; test code skipped when `skipTest`. */
export function candidateNodes(ctx: RustRuleContext, spec: RustCandidates, skipTest: boolean, isTestOffset: (offset: number) => boolean): SyntaxNode[] {
  const text = ctx.doc.text;
  const re = typeof spec.pattern === 'function' ? spec.pattern(ctx) : spec.pattern;
  const group = spec.group ?? 0;
  const depth = spec.depth ?? 4;
  const types = spec.nodeTypes;
  const out: SyntaxNode[] = [];
  const seen = new Set<string>();
  const finder = new MainTreeFinder(ctx.doc.tree.rootNode);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    if (spec.accept && !spec.accept(m, ctx)) continue;
    if (skipTest && isTestOffset(m.index)) continue;
    const span = group === 0 ? [m.index, m.index + m[0].length] : m.indices?.[group];
    if (!span) continue;
    const n = climb(finder, ctx, span[0], span[1], spec.mainOnly ?? false, depth, types);
    if (!n) continue;
    // Start and end: in a chain (`a.unwrap().b().unwrap()`) the calls share their start.
    const key = `${ctx.inMacro(n) ? 'm' : ''}${n.startIndex}:${n.endIndex}:${n.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (skipTest && ctx.isTestCode(n)) continue;
    out.push(n);
  }
  return out;
}

/**
 * The node of a wanted type at [start, end): the smallest node spanning it (in the macro tree when
 * the main tree has only macro tokens there; none inside comments), or its nearest ancestor of a
 * wanted type at most `depth` levels up. Main-tree ancestors come from the finder's path, not from
 * `parent` (a search from the root in tree-sitter: in deeply nested code each call costs the depth).
 */
function climb(finder: MainTreeFinder, ctx: RustRuleContext, start: number, end: number, mainOnly: boolean, depth: number, types: readonly string[]): SyntaxNode | undefined {
  const path = finder.find(start, end);
  const main = path[path.length - 1];
  if (main.type.endsWith('comment')) return undefined;
  const parent = path.length > 1 ? path[path.length - 2] : null;
  if (!mainOnly && (main.type === 'token_tree' || parent?.type === 'token_tree' || (parent?.type === 'string_literal' && path[path.length - 3]?.type === 'token_tree'))) {
    // Macro trees are small: their own `parent` walks are cheap.
    let n: SyntaxNode | null | undefined = macroNodeAt(ctx.doc, start, end);
    for (let d = 0; n && d <= depth && !types.includes(n.type); d++) n = n.parent;
    return n && types.includes(n.type) ? n : undefined;
  }
  for (let d = 0; d <= depth && d < path.length; d++) {
    const n = path[path.length - 1 - d];
    if (types.includes(n.type)) return n;
  }
  return undefined;
}

/**
 * The smallest main-tree node spanning a range, with its ancestors (root first), for ranges asked
 * in text order: one tree cursor climbs only as far as the previous node does not span the new
 * range and descends from there, so consecutive lookups share the path (linear in deeply nested
 * code, where `descendantForIndex` plus `parent` cost the depth at every step). Same choice as
 * tree-sitter's `descendantForIndex` for non-empty ranges: at each level the first child that
 * spans the range.
 */
class MainTreeFinder {
  private readonly cursor: TreeCursor;
  private readonly path: SyntaxNode[];
  private readonly spans: [number, number][];

  constructor(root: SyntaxNode) {
    this.cursor = root.walk();
    this.path = [root];
    this.spans = [[root.startIndex, root.endIndex]];
  }

  find(start: number, end: number): readonly SyntaxNode[] {
    const spans = (i: number) => this.spans[i][0] <= start && this.spans[i][1] >= end && this.spans[i][1] > start;
    while (this.path.length > 1 && !spans(this.path.length - 1)) {
      this.cursor.gotoParent();
      this.path.pop();
      this.spans.pop();
    }
    for (;;) {
      // node-tree-sitter answers the child's index (0 is a move) or null, whatever its typings say.
      const moved = this.cursor.gotoFirstChildForIndex(start) as unknown as number | boolean | null;
      if (moved === null || moved === false) break;
      const childStart = this.cursor.startIndex, childEnd = this.cursor.endIndex;
      if (childStart > start || childEnd < end || childEnd <= start) { this.cursor.gotoParent(); break; }
      this.path.push(this.cursor.currentNode);
      this.spans.push([childStart, childEnd]);
    }
    return this.path;
  }
}
