/**
 * A node's ancestors, read once. Every `.parent` and `.type` is a native call, and a rule may ask
 * several questions of the same chain (the enclosing fn, a closure, a lazy initialiser, a spawned
 * task): reading the chain once per node keeps that linear. Cached per syntax tree (a new tree
 * after every edit), keyed by the node's span and type.
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
    const nodes: SyntaxNode[] = [];
    const types: string[] = [];
    for (let n = node.parent; n; n = n.parent) { nodes.push(n); types.push(n.type); }
    a = { nodes, types };
    byNode.set(key, a);
  }
  return a;
}
