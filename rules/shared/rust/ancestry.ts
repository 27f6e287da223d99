/**
 * A node's ancestors, read once. Tree-sitter nodes do not store their parent: each `.parent` is a
 * search from the root, so walking up costs the depth at every step — quadratic on deeply nested
 * code. Chains are read instead with a tree cursor that stays where the last chain left it
 * (`PathFinder`). Cached per syntax tree (a new tree after every edit), keyed by the node's span
 * and type. Rules ask several questions of the same chain (the enclosing fn, a closure, a lazy
 * initialiser, a spawned task).
 */
import type { TreeCursor } from 'tree-sitter';
import type { SyntaxNode } from '../../../server/src/parsers/rust';

export interface Ancestry {
  /** Parent first, root last. */
  readonly nodes: readonly SyntaxNode[];
  /** `nodes[i].type`, read once. */
  readonly types: readonly string[];
}

const cache = new WeakMap<object, Map<string, Ancestry>>();
const finders = new WeakMap<object, PathFinder>();

export function ancestryOf(node: SyntaxNode): Ancestry {
  let byNode = cache.get(node.tree);
  if (!byNode) { byNode = new Map(); cache.set(node.tree, byNode); }
  const key = `${node.startIndex}:${node.endIndex}:${node.type}`;
  let a = byNode.get(key);
  if (!a) {
    let finder = finders.get(node.tree);
    if (!finder) { finder = new PathFinder(node.tree.rootNode); finders.set(node.tree, finder); }
    a = finder.ancestryOf(node) ?? climb(node);
    byNode.set(key, a);
  }
  return a;
}

/**
 * One tree cursor per tree, kept where the last question left it, with the path from the root to
 * there: the next node's chain climbs only as far as that path does not contain it and descends
 * from there (rules ask about nearby nodes, mostly in text order), so a chain costs the distance
 * between two nodes in the tree, not their depth, and never a `.parent`. Many matches deep inside
 * nested code (thousands of levels, thousands of calls) stay linear.
 */
class PathFinder {
  private readonly cursor: TreeCursor;
  /** Root first: the cursor's node and its ancestors, their types and spans. */
  private readonly nodes: SyntaxNode[];
  private readonly types: string[];
  private readonly spans: [number, number][];

  constructor(root: SyntaxNode) {
    this.cursor = root.walk();
    this.nodes = [root];
    this.types = [root.type];
    this.spans = [[root.startIndex, root.endIndex]];
  }

  /** The chain above `node`; undefined when the cursor cannot reach it (then the caller walks up). */
  ancestryOf(node: SyntaxNode): Ancestry | undefined {
    const start = node.startIndex, end = node.endIndex, type = node.type;
    const top = () => this.nodes.length - 1;
    while (top() > 0 && !(this.spans[top()][0] <= start && this.spans[top()][1] >= end)) this.pop();
    // Already on the path: the outermost node with the same span and type (a wrapper of the same
    // span and type is rare and harmless).
    for (let i = 0; i <= top(); i++) {
      if (this.spans[i][0] === start && this.spans[i][1] === end && this.types[i] === type) return this.chainAbove(i);
    }
    for (;;) {
      // The binding returns the child's index, or null/-1 when no child reaches `start`.
      const child = this.cursor.gotoFirstChildForIndex(start) as unknown as number | boolean | null;
      if (child === null || child === false || (typeof child === 'number' && child < 0)) return undefined;
      // Skip siblings that end before the node ends but start where it starts (an empty or shorter node).
      while (this.cursor.endIndex < end || (this.cursor.startIndex === start && this.cursor.endIndex === start && end > start)) {
        if (!this.cursor.gotoNextSibling()) { this.cursor.gotoParent(); return undefined; }
      }
      if (this.cursor.startIndex > start) { this.cursor.gotoParent(); return undefined; }
      this.nodes.push(this.cursor.currentNode);
      this.types.push(this.cursor.nodeType);
      this.spans.push([this.cursor.startIndex, this.cursor.endIndex]);
      if (this.spans[top()][0] === start && this.spans[top()][1] === end && this.types[top()] === type) return this.chainAbove(top());
    }
  }

  private pop(): void {
    this.cursor.gotoParent();
    this.nodes.pop(); this.types.pop(); this.spans.pop();
  }

  /** Parent first, root last: the path above index `i`. */
  private chainAbove(i: number): Ancestry {
    return { nodes: this.nodes.slice(0, i).reverse(), types: this.types.slice(0, i).reverse() };
  }
}

/** The walk up to the root, for a node the cursor cannot reach. */
function climb(node: SyntaxNode): Ancestry {
  const nodes: SyntaxNode[] = [];
  const types: string[] = [];
  for (let n = node.parent; n; n = n.parent) { nodes.push(n); types.push(n.type); }
  return { nodes, types };
}
