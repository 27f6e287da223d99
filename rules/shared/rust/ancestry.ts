/**
 * A node's ancestors, read once. Tree-sitter nodes do not store their parent: each `.parent` is a
 * search from the root, so walking up costs the depth at every step — quadratic on deeply nested
 * code. A node more than a few dozen levels deep is reached instead by one descent from the root
 * with a tree cursor (`gotoFirstChildForIndex`). Cached per syntax tree (a new tree after every edit), keyed by
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
    // Shallow (almost every node): walk up, cheaper than a descent. Deep: one descent from the root.
    a = climb(node, SHALLOW) ?? descend(node) ?? climb(node, Infinity)!;
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

/** Up to this many levels a walk up costs less than a descent (each `.parent` searches from the root). */
const SHALLOW = 48;

/** The walk up, if the root is within `limit` levels. */
function climb(node: SyntaxNode, limit: number): Ancestry | undefined {
  const nodes: SyntaxNode[] = [];
  const types: string[] = [];
  for (let n = node.parent; n; n = n.parent) {
    if (nodes.length >= limit) return undefined;
    nodes.push(n); types.push(n.type);
  }
  return { nodes, types };
}
