/**
 * A node's ancestors, read once. Tree-sitter nodes do not store their parent: each `.parent` is a
 * search from the root, so walking up costs the depth at every step — quadratic on deeply nested
 * code. The chain is read instead in one descent from the root with a tree cursor
 * (`gotoFirstChildForIndex`), and cached per syntax tree (a new tree after every edit), keyed by
 * the node's span and type. Rules ask several questions of the same chain (the enclosing fn, a
 * closure, a lazy initialiser, a spawned task).
 */
import type { SyntaxNode } from '../../../server/src/parsers/rust';

export interface Ancestry {
  /** Parent first, root last. */
  readonly nodes: readonly SyntaxNode[];
  /** `nodes[i].type`, read once. */
  readonly types: readonly string[];
}

const cache = new WeakMap<object, Map<string, Ancestry>>();

export function ancestryOf(node: SyntaxNode): Ancestry {
  let byNode = cache.get(node.tree);
  if (!byNode) { byNode = new Map(); cache.set(node.tree, byNode); }
  const key = `${node.startIndex}:${node.endIndex}:${node.type}`;
  let a = byNode.get(key);
  if (!a) {
    a = descend(node) ?? climb(node);
    byNode.set(key, a);
  }
  return a;
}

/** The chain from the root down to `node` with a cursor: one step per level. Undefined if the descent misses it. */
function descend(node: SyntaxNode): Ancestry | undefined {
  const start = node.startIndex, end = node.endIndex, type = node.type;
  const cursor = node.tree.rootNode.walk();
  const down: SyntaxNode[] = [];
  for (;;) {
    if (cursor.startIndex === start && cursor.endIndex === end && cursor.nodeType === type) {
      // Same span and type as its parent (a wrapper): the outermost match is taken; rare and harmless.
      const nodes = down.reverse();
      return { nodes, types: nodes.map((n) => n.type) };
    }
    if (cursor.startIndex > start || cursor.endIndex < end) return undefined;
    down.push(cursor.currentNode);
    // The binding returns the child's index, or -1 when no child reaches `start`.
    const child = cursor.gotoFirstChildForIndex(start) as unknown as number | boolean;
    if (child === false || (typeof child === 'number' && child < 0)) return undefined;
    // Skip siblings that end before the node ends but start where it starts (an empty or shorter node).
    while (cursor.endIndex < end || (cursor.startIndex === start && cursor.endIndex === start && end > start)) {
      if (!cursor.gotoNextSibling()) return undefined;
    }
  }
}

/** The plain walk up, for the rare node the descent cannot reach. */
function climb(node: SyntaxNode): Ancestry {
  const nodes: SyntaxNode[] = [];
  const types: string[] = [];
  for (let n = node.parent; n; n = n.parent) { nodes.push(n); types.push(n.type); }
  return { nodes, types };
}
