/**
 * A node's ancestors, read once. Tree-sitter nodes do not store their parent: each `.parent` is a
 * search from the root, so walking up costs the depth at every step — quadratic on deeply nested
 * code. Chains are read instead with one tree cursor per tree that stays where the last chain left
 * it (`TreePath`). Cached per syntax tree (a new tree after every edit), keyed by the node's span
 * and type. Rules ask several questions of the same chain (the enclosing fn, a closure, a lazy
 * initialiser, a spawned task).
 */
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import { TreePath } from '../../../server/src/core/parsers/treePath';

export interface Ancestry {
  /** Parent first, root last. */
  readonly nodes: readonly SyntaxNode[];
  /** `nodes[i].type`, read once. */
  readonly types: readonly string[];
}

const cache = new WeakMap<object, Map<string, Ancestry>>();
const paths = new WeakMap<object, TreePath>();

export function ancestryOf(node: SyntaxNode): Ancestry {
  let byNode = cache.get(node.tree);
  if (!byNode) { byNode = new Map(); cache.set(node.tree, byNode); }
  const key = `${node.startIndex}:${node.endIndex}:${node.type}`;
  let a = byNode.get(key);
  if (!a) {
    let path = paths.get(node.tree);
    if (!path) { path = new TreePath(node.tree.rootNode); paths.set(node.tree, path); }
    a = path.ancestorsOf(node) ?? climb(node);
    byNode.set(key, a);
  }
  return a;
}

/** The walk up to the root, for a node the cursor cannot reach. */
function climb(node: SyntaxNode): Ancestry {
  const nodes: SyntaxNode[] = [];
  const types: string[] = [];
  for (let n = node.parent; n; n = n.parent) { nodes.push(n); types.push(n.type); }
  return { nodes, types };
}
