/**
 * A node's ancestors, read once. Tree-sitter nodes do not store their parent: each `.parent` is a
 * search from the root, so walking up costs the depth at every step — quadratic on deeply nested
 * code. Chains are read instead with one tree cursor per tree that stays where the last chain left
 * it (`TreePath`). Cached per syntax tree (a new tree after every edit), keyed by the node's span
 * and type. Rules ask several questions of the same chain (the enclosing fn, a closure, a lazy
 * initialiser, a spawned task).
 */
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import { treePathOf } from '../../../server/src/core/parsers/treePath';

/**
 * Parent first, root last, each level read only when asked for: on a chain thousands deep, ask for
 * the nearest levels (`type`, `indexOf`) rather than read the whole chain; a node object (several
 * times dearer than a type) only where one is needed.
 */
export interface Ancestry {
  readonly length: number;
  /** The type of the i-th ancestor (0: the parent); undefined past the root. */
  type(i: number): string | undefined;
  /** The nearest ancestor of type `type` (its index), or -1. */
  indexOf(type: string): number;
  /** The nearest ancestor of any of `types` (its index), or -1. Prefer it (and `indexOf`) to `findIndex`: remembered per level. */
  nearestOf(types: readonly string[]): number;
  /** The nearest ancestor whose type satisfies `test` (its index), or -1. */
  findIndex(test: (type: string, i: number) => boolean): number;
  /** Where the i-th ancestor starts (text offset). */
  start(i: number): number;
  /** The i-th ancestor (0: the parent); undefined past the root (or for -1, a type not found). */
  node(i: number): SyntaxNode | undefined;
}

const cache = new WeakMap<object, Map<string, Ancestry>>();

export function ancestryOf(node: SyntaxNode): Ancestry {
  let byNode = cache.get(node.tree);
  if (!byNode) { byNode = new Map(); cache.set(node.tree, byNode); }
  const key = `${node.startIndex}:${node.endIndex}:${node.type}`;
  let a = byNode.get(key);
  if (!a) {
    a = treePathOf(node.tree).ancestorsOf(node) ?? climb(node);
    byNode.set(key, a);
  }
  return a;
}

/** The walk up to the root, for a node the cursor cannot reach. */
function climb(node: SyntaxNode): Ancestry {
  const nodes: SyntaxNode[] = [];
  const types: string[] = [];
  for (let n = node.parent; n; n = n.parent) { nodes.push(n); types.push(n.type); }
  const findIndex = (test: (type: string, i: number) => boolean) => types.findIndex((t, i) => test(t, i));
  const nearestOf = (wanted: readonly string[]) => types.findIndex((t) => wanted.includes(t));
  return { length: nodes.length, type: (i) => types[i], indexOf: (t) => types.indexOf(t), nearestOf, findIndex, node: (i) => nodes[i], start: (i) => nodes[i].startIndex };
}
