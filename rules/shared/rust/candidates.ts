/**
 * Text-first node lookup. Walking a whole tree (and reading each node's properties, one native
 * call apiece) costs more than a quarter of the parse; most rules fire on a handful of names. So a
 * rule finds the places its names occur in the text (a regex, JS-only), and asks the tree only
 * there: the smallest node at the match, climbed to the node type the rule reads. Matches inside
 * macro arguments are looked up in the macro tree (`parsers/rustMacros.ts`), parsed only for the
 * macros such a match falls in (`macroNodeAt`). Matches in comments and strings find no node of the wanted type.
 */
import type { RustRuleContext } from '../../../server/src/engine/rule';
import type { SyntaxNode } from '../../../server/src/parsers/rust';
import { macroNodeAt } from '../../../server/src/parsers/rustMacros';

export interface CandidateOptions {
  /** Regex group whose span is looked up (default: the whole match). Needs the `d` flag when > 0. */
  group?: number;
  /** Skip test code (RULES.md's definition), as the runner does for `nonTest` visitors. */
  nonTest?: boolean;
  /** How many ancestors to climb looking for a wanted type (default 4). */
  depth?: number;
  /** A JS-only test of the match before any tree lookup. */
  accept?: (m: RegExpExecArray) => boolean;
  /** Look up in the main tree only (never the macro tree). */
  mainOnly?: boolean;
}

/** The nodes of one of `types` at each match of `re` (a global regex) in the document, deduplicated, in text order. */
export function nodesAtMatches(ctx: RustRuleContext, re: RegExp, types: readonly string[], opts: CandidateOptions = {}): SyntaxNode[] {
  const text = ctx.doc.text;
  const out: SyntaxNode[] = [];
  const seen = new Set<string>();
  const group = opts.group ?? 0;
  const depth = opts.depth ?? 4;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    if (opts.accept && !opts.accept(m)) continue;
    if (opts.nonTest && ctx.isTestOffset(m.index)) continue;
    const span = group === 0 ? [m.index, m.index + m[0].length] : m.indices?.[group];
    if (!span) continue;
    const node = opts.mainOnly ? mainNodeAt(ctx, span[0], span[1]) : nodeAt(ctx, span[0], span[1]);
    if (!node) continue;
    let n: SyntaxNode | null = node;
    for (let d = 0; n && d <= depth; d++, n = n.parent) {
      if (types.includes(n.type)) break;
    }
    if (!n || !types.includes(n.type)) continue;
    const key = `${ctx.inMacro(n) ? 'm' : ''}${n.startIndex}:${n.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (opts.nonTest && ctx.isTestCode(n)) continue;
    out.push(n);
  }
  return out;
}

/**
 * The smallest node spanning [start, end): in the main tree, or in the macro tree when the main
 * tree has only macro tokens there. Undefined inside comments.
 */
export function nodeAt(ctx: RustRuleContext, start: number, end: number): SyntaxNode | undefined {
  const main = ctx.doc.tree.rootNode.descendantForIndex(start, end);
  if (main.type.endsWith('comment')) return undefined;
  const parent = main.parent;
  if (main.type === 'token_tree' || parent?.type === 'token_tree' || (parent?.type === 'string_literal' && parent.parent?.type === 'token_tree')) {
    return macroNodeAt(ctx.doc, start, end);
  }
  return main;
}

/** The smallest main-tree node spanning [start, end), undefined inside comments. */
export function mainNodeAt(ctx: RustRuleContext, start: number, end: number): SyntaxNode | undefined {
  const main = ctx.doc.tree.rootNode.descendantForIndex(start, end);
  return main.type.endsWith('comment') ? undefined : main;
}
