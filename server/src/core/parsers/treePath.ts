/**
 * A path from the root of a tree-sitter tree down to a node, kept with one tree cursor between
 * questions. Tree-sitter nodes do not store their parent: each `.parent` is a search from the
 * root, so walking up costs the depth at every step — quadratic on deeply nested code. Here a
 * question climbs only as far as the path does not contain the answer and descends from there;
 * questions about nearby nodes (in text order, as rules ask them) cost the distance between them
 * in the tree, not their depth.
 */
import type { TreeCursor } from 'tree-sitter';
import type { SyntaxNode } from './rust';

export class TreePath {
  private readonly cursor: TreeCursor;
  /** Root first: the cursor's node and its ancestors, with their types and spans read once. */
  private readonly nodes: SyntaxNode[];
  private readonly types: string[];
  private readonly spans: [number, number][];
  /** The last entry's node object is not made yet (the cursor moved right along its siblings). */
  private stale = false;

  constructor(root: SyntaxNode) {
    this.cursor = root.walk();
    this.nodes = [root];
    this.types = [root.type];
    this.spans = [[root.startIndex, root.endIndex]];
  }

  /**
   * The smallest node spanning the non-empty range [start, end) and its ancestors, root first, as
   * tree-sitter's `descendantForIndex` chooses it: at each level the first child that spans it.
   */
  smallestSpanning(start: number, end: number): readonly SyntaxNode[] {
    this.climbUntil(start, (s, e) => s <= start && e >= end && e > start);
    while (this.down(start)) {
      const [s, e] = this.currentSpan();
      if (s > start || e < end || e <= start) { this.cursor.gotoParent(); break; }
      this.push();
    }
    return this.nodes;
  }

  /**
   * The ancestors of `node`, parent first, root last (of a wrapper with the same span and type, the
   * outermost is taken; rare and harmless). Undefined when the cursor cannot reach it.
   */
  ancestorsOf(node: SyntaxNode): { nodes: SyntaxNode[]; types: string[] } | undefined {
    const start = node.startIndex, end = node.endIndex, type = node.type;
    const isNode = (i: number) => this.spans[i][0] === start && this.spans[i][1] === end && this.types[i] === type;
    this.climbUntil(start, (s, e) => s <= start && e >= end);
    for (let i = 0; i < this.nodes.length; i++) if (isNode(i)) return this.chainAbove(i);
    while (this.down(start)) {
      // Skip siblings that end before the node ends but start where it starts (an empty or shorter node).
      while (this.cursor.endIndex < end || (this.cursor.startIndex === start && this.cursor.endIndex === start && end > start)) {
        if (!this.cursor.gotoNextSibling()) { this.cursor.gotoParent(); return undefined; }
      }
      if (this.cursor.startIndex > start) { this.cursor.gotoParent(); return undefined; }
      this.push();
      if (isNode(this.nodes.length - 1)) return this.chainAbove(this.nodes.length - 1);
    }
    return undefined;
  }

  private climbUntil(target: number, contains: (start: number, end: number) => boolean): void {
    while (this.nodes.length > 1 && !contains(...this.spans[this.spans.length - 1])) {
      // A later question in text order lies in a following sibling: step right, not up and down again
      // (finding a child by index scans the children, quadratic in a block of thousands of statements).
      const top = this.spans.length - 1;
      if (this.spans[top][1] <= target && this.cursor.gotoNextSibling()) {
        // The node object is made once the walk stops here (making one per sibling passed costs more than the walk).
        this.stale = true;
        this.types[top] = this.cursor.nodeType;
        this.spans[top] = this.currentSpan();
        continue;
      }
      this.cursor.gotoParent();
      this.nodes.pop(); this.types.pop(); this.spans.pop();
      this.stale = false;
    }
    if (this.stale) { this.nodes[this.nodes.length - 1] = this.cursor.currentNode; this.stale = false; }
  }

  /** To the first child reaching past `index`; false when there is none. */
  private down(index: number): boolean {
    // node-tree-sitter answers the child's index (0 is a move) or null/-1, whatever its typings say.
    const child = this.cursor.gotoFirstChildForIndex(index) as unknown as number | boolean | null;
    return !(child === null || child === false || (typeof child === 'number' && child < 0));
  }

  private currentSpan(): [number, number] { return [this.cursor.startIndex, this.cursor.endIndex]; }

  private push(): void {
    this.nodes.push(this.cursor.currentNode);
    this.types.push(this.cursor.nodeType);
    this.spans.push(this.currentSpan());
  }

  private chainAbove(i: number): { nodes: SyntaxNode[]; types: string[] } {
    return { nodes: this.nodes.slice(0, i).reverse(), types: this.types.slice(0, i).reverse() };
  }
}
