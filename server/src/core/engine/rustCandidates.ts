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
import { macroNodeAt } from '../parsers/rustMacros';
import { treePathOf, type TreePath } from '../parsers/treePath';
import type { RustCandidates, RustRuleContext } from './rule';

/**
 * The nodes `spec` selects in the document, deduplicated, in text order; test code skipped when
 * `skipTest`. Found one at a time: the rule reads around each (its ancestors) while the tree path
 * the search shares with those readers (`treePathOf`) is still there.
 */
export function* candidateNodes(ctx: RustRuleContext, spec: RustCandidates, skipTest: boolean, isTestOffset: (offset: number) => boolean): Generator<SyntaxNode, void> {
  const text = ctx.doc.text;
  const given = typeof spec.pattern === 'function' ? spec.pattern(ctx) : spec.pattern;
  // Its own copy: the rule's checks run between two matches and may use the same expression.
  const re = new RegExp(given.source, given.flags);
  const group = spec.group ?? 0;
  const depth = spec.depth ?? 4;
  const types = spec.nodeTypes;
  const seen = new Set<string>();
  const path = treePathOf(ctx.doc.tree);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    if (spec.accept && !spec.accept(m, ctx)) continue;
    if (skipTest && isTestOffset(m.index)) continue;
    const span = group === 0 ? [m.index, m.index + m[0].length] : m.indices?.[group];
    if (!span) continue;
    const n = candidateAt(path, ctx, span[0], span[1], spec.mainOnly ?? false, depth, types);
    if (!n) continue;
    // Start and end: in a chain (`a.unwrap().b().unwrap()`) the calls share their start.
    const key = `${ctx.inMacro(n) ? 'm' : ''}${n.startIndex}:${n.endIndex}:${n.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (skipTest && ctx.isTestCode(n)) continue;
    yield n;
  }
}

/**
 * The node of a wanted type at [start, end): the smallest node spanning it (in the macro tree when
 * the main tree has only macro tokens there; none inside comments), or its nearest ancestor of a
 * wanted type at most `depth` levels up. Main-tree ancestors come from the path (`TreePath`: matches
 * come in text order, so consecutive lookups share it), not from `parent`.
 */
function candidateAt(treePath: TreePath, ctx: RustRuleContext, start: number, end: number, mainOnly: boolean, depth: number, types: readonly string[]): SyntaxNode | undefined {
  const path = treePath.smallestSpanning(start, end);
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
    const step = path[path.length - 1 - d];
    if (types.includes(step.type)) return treePath.nodeOf(step);
  }
  return undefined;
}
