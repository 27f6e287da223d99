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
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    if (spec.accept && !spec.accept(m, ctx)) continue;
    if (skipTest && isTestOffset(m.index)) continue;
    const span = group === 0 ? [m.index, m.index + m[0].length] : m.indices?.[group];
    if (!span) continue;
    let n: SyntaxNode | null | undefined = spec.mainOnly ? mainNodeAt(ctx, span[0], span[1]) : nodeAt(ctx, span[0], span[1]);
    for (let d = 0; n && d <= depth && !types.includes(n.type); d++) n = n.parent;
    if (!n || !types.includes(n.type)) continue;
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
 * The smallest node spanning [start, end): in the main tree, or in the macro tree when the main
 * tree has only macro tokens there. Undefined inside comments.
 */
function nodeAt(ctx: RustRuleContext, start: number, end: number): SyntaxNode | undefined {
  const main = ctx.doc.tree.rootNode.descendantForIndex(start, end);
  if (main.type.endsWith('comment')) return undefined;
  const parent = main.parent;
  if (main.type === 'token_tree' || parent?.type === 'token_tree' || (parent?.type === 'string_literal' && parent.parent?.type === 'token_tree')) {
    return macroNodeAt(ctx.doc, start, end);
  }
  return main;
}

/** The smallest main-tree node spanning [start, end), undefined inside comments. */
function mainNodeAt(ctx: RustRuleContext, start: number, end: number): SyntaxNode | undefined {
  const main = ctx.doc.tree.rootNode.descendantForIndex(start, end);
  return main.type.endsWith('comment') ? undefined : main;
}
