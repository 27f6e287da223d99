/**
 * A path from the root of a tree-sitter tree down to a node, kept with one tree cursor between
 * questions. Tree-sitter nodes do not store their parent: each `.parent` is a search from the
 * root, so walking up costs the depth at every step — quadratic on deeply nested code. Here a
 * question climbs only as far as the path does not contain the answer and descends from there;
 * questions about nearby nodes (in text order, as rules ask them) cost the distance between them
 * in the tree, not their depth.
 *
 * Each level of the path keeps what the cursor reads cheaply (type, span, descendant index); the
 * node object, which costs several times more to make, is made only when asked for (`nodeOf`).
 * On a path thousands of levels deep, rules ask for a handful of them.
 */
import type { TreeCursor } from 'tree-sitter';
import type { SyntaxNode, Tree } from './rust';

const paths = new WeakMap<Tree, TreePath>();

/**
 * The one path of a tree that every reader shares: the candidate search and the ancestor chains a
 * rule reads at each candidate ask about the same places one after the other, so the path is
 * already there (one descent per place, not one per reader).
 */
export function treePathOf(tree: Tree): TreePath {
  let path = paths.get(tree);
  if (!path) { path = new TreePath(tree.rootNode); paths.set(tree, path); }
  return path;
}

/** One level of a path: the node's type and span, read once. */
export interface PathStep {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

interface Step extends PathStep {
  /** Its depth (the root is 0): where it sits in the path while it is on it. */
  readonly level: number;
  /** Its parent (steps are never changed: a chain handed out stays valid after the path moves on). */
  readonly up: Step | undefined;
  /** Type → the nearest step of that type at or above this one (null: none), as asked (`nearestOfType`). */
  nearest?: Map<string, Step | null>;
  /** Its index among the root's descendants, where a cursor can go back to it. */
  readonly index: number;
  node?: SyntaxNode;
}

/**
 * A node's ancestors as a path read them, parent first, root last. Each level is read only when
 * asked for: a chain thousands deep (fuzzed or generated code) costs what its reader looks at (the
 * nearest fn, the enclosing statement), not its depth. Node objects are made on request too.
 */
export class Ancestors {
  /** The levels read so far, parent first. */
  private readonly read: Step[] = [];
  /** The next level up to read; undefined past the root. */
  private next: Step | undefined;
  readonly length: number;
  constructor(private readonly path: TreePath, readonly parentStep: Step | undefined) {
    this.next = parentStep;
    this.length = parentStep ? parentStep.level + 1 : 0;
  }
  /** The type of the i-th ancestor (0: the parent); undefined past the root. */
  type(i: number): string | undefined { return this.step(i)?.type; }
  /** The nearest ancestor of type `type` (its index), or -1. Remembered per level: a chain read again and again costs its depth once. */
  indexOf(type: string): number {
    const found = this.parentStep && nearestOfType(this.parentStep, type);
    return found ? this.parentStep!.level - found.level : -1;
  }
  /** The nearest ancestor of any of `types` (its index), or -1. */
  nearestOf(types: readonly string[]): number {
    let best = -1;
    for (const t of types) { const i = this.indexOf(t); if (i >= 0 && (best < 0 || i < best)) best = i; }
    return best;
  }
  /** The nearest ancestor whose type satisfies `test` (its index), or -1. */
  findIndex(test: (type: string, i: number) => boolean): number {
    for (let i = 0; i < this.length; i++) if (test(this.step(i)!.type, i)) return i;
    return -1;
  }
  /** Where the i-th ancestor starts (text offset). */
  start(i: number): number { return this.step(i)!.start; }
  /** The i-th ancestor (0: the parent); undefined past the root. */
  node(i: number): SyntaxNode | undefined {
    const step = this.step(i);
    return step && this.path.nodeOf(step);
  }
  private step(i: number): Step | undefined {
    if (i < 0) return undefined;
    while (this.read.length <= i && this.next) { this.read.push(this.next); this.next = this.next.up; }
    return this.read[i];
  }
}

/**
 * The nearest step of `type` at or above `from`. Each step passed remembers the answer (the same
 * places are asked about by every rule, and in a deep chain of error nodes the nearest fn is far).
 */
function nearestOfType(from: Step, type: string): Step | undefined {
  const passed: Step[] = [];
  let found: Step | null = null;
  for (let s: Step | undefined = from; s; s = s.up) {
    if (s.type === type) { found = s; break; }
    const known = s.nearest?.get(type);
    if (known !== undefined) { found = known; break; }
    passed.push(s);
  }
  for (const s of passed) (s.nearest ??= new Map()).set(type, found);
  return found ?? undefined;
}

export class TreePath {
  private readonly cursor: TreeCursor;
  /** Root first: the cursor's node and its ancestors. */
  private readonly steps: Step[];
  /** The cursor that makes node objects off the end of the path, and the step it is at. */
  private maker: TreeCursor | undefined;
  private makerAt: Step | undefined;

  constructor(private readonly root: SyntaxNode) {
    this.cursor = root.walk();
    this.steps = [{ type: root.type, start: root.startIndex, end: root.endIndex, level: 0, up: undefined, index: 0, node: root }];
  }

  /**
   * The smallest node spanning the non-empty range [start, end) and its ancestors, root first, as
   * tree-sitter's `descendantForIndex` chooses it: at each level the first child that spans it.
   * The steps are valid until the next question; `nodeOf` makes their nodes.
   */
  smallestSpanning(start: number, end: number): readonly PathStep[] {
    this.climbUntil(start, (s, e) => s <= start && e >= end && e > start);
    while (this.down(start)) {
      const s = this.cursor.startIndex, e = this.cursor.endIndex;
      if (s > start || e < end || e <= start) { this.cursor.gotoParent(); break; }
      this.push(s, e);
    }
    return this.steps;
  }

  /**
   * The ancestors of `node` (of a wrapper with the same span and type, the outermost is taken;
   * rare and harmless). Undefined when the cursor cannot reach it.
   */
  ancestorsOf(node: SyntaxNode): Ancestors | undefined {
    const start = node.startIndex, end = node.endIndex, type = node.type;
    const isNode = (i: number) => this.steps[i].start === start && this.steps[i].end === end && this.steps[i].type === type;
    this.climbUntil(start, (s, e) => s <= start && e >= end);
    // Every level now spans the node, so levels with exactly its span are the deepest ones: look only
    // there (not down the whole path: per node, that is the depth again), and take the outermost.
    let outermost = -1;
    for (let i = this.steps.length - 1; i >= 0 && this.steps[i].start === start && this.steps[i].end === end; i--) if (isNode(i)) outermost = i;
    if (outermost >= 0) return this.chainAbove(outermost);
    while (this.down(start)) {
      // Skip siblings that end before the node ends but start where it starts (an empty or shorter node).
      while (this.cursor.endIndex < end || (this.cursor.startIndex === start && this.cursor.endIndex === start && end > start)) {
        if (!this.cursor.gotoNextSibling()) { this.cursor.gotoParent(); return undefined; }
      }
      const s = this.cursor.startIndex;
      if (s > start) { this.cursor.gotoParent(); return undefined; }
      this.push(s, this.cursor.endIndex);
      if (isNode(this.steps.length - 1)) return this.chainAbove(this.steps.length - 1);
    }
    return undefined;
  }

  /**
   * The first named sibling after `node` whose type `skip` does not pass (its type and span), read
   * with a cursor: `nextNamedSibling` is a search from the root, per call, and each scans the
   * parent's children up to the node (quadratic among thousands of items). Undefined when there is
   * none; null when the cursor cannot reach the node (the caller walks the node's siblings itself).
   */
  namedSiblingAfter(node: SyntaxNode, skip: (type: string) => boolean): PathStep | undefined | null {
    const parent = this.ancestorsOf(node)?.parentStep;
    const step = parent ? this.steps[parent.level + 1] : undefined;
    if (!step) return null;
    if (!this.maker) this.maker = this.root.walk();
    const c = this.maker;
    c.gotoDescendant(step.index);
    this.makerAt = undefined;
    while (c.gotoNextSibling()) {
      if (!c.nodeIsNamed) continue;
      const type = this.typeNames[c.nodeTypeId] ??= c.nodeType;
      if (!skip(type)) return { type, start: c.startIndex, end: c.endIndex };
    }
    return undefined;
  }

  /**
   * The node of a step this path returned. On the path, a second cursor copied from the first climbs
   * to it (from a step below it already made, when there is one: asked parent first, a chain costs
   * its length once); off the path, it goes there by the step's descendant index.
   */
  nodeOf(step: PathStep): SyntaxNode {
    const s = step as Step;
    if (s.node) return s.node;
    const onPath = this.steps[s.level] === s;
    if (onPath && s.level === this.steps.length - 1) return (s.node = this.cursor.currentNode);
    if (!this.maker) this.maker = this.root.walk();
    const makerBelow = onPath && this.makerAt !== undefined && this.steps[this.makerAt.level] === this.makerAt && this.makerAt.level > s.level;
    if (onPath && !makerBelow) this.maker.resetTo(this.cursor);
    this.maker.gotoDescendant(s.index);
    this.makerAt = s;
    return (s.node = this.maker.currentNode);
  }

  private climbUntil(target: number, contains: (start: number, end: number) => boolean): void {
    const steps = this.steps;
    if (steps.length === 1 || contains(steps[steps.length - 1].start, steps[steps.length - 1].end)) return;
    // Spans nest, so the levels that contain the target are a prefix of the path: the deepest is found
    // by bisection, and the cursor goes up to the level below it in one call (not one per level).
    let lo = 0, hi = steps.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (contains(steps[mid].start, steps[mid].end)) lo = mid; else hi = mid;
    }
    if (hi < steps.length - 1) { this.cursor.gotoDescendant(steps[hi].index); steps.length = hi + 1; }
    // A later question in text order lies in a following sibling: step right, not up and down again
    // (finding a child by index scans the children, quadratic in a block of thousands of statements).
    // The step is rewritten once the walk stops (reading each sibling passed costs more than the walk).
    let moved = false;
    for (;;) {
      const s = moved ? this.cursor.startIndex : steps[hi].start, e = moved ? this.cursor.endIndex : steps[hi].end;
      if (contains(s, e)) break;
      if (e <= target && this.cursor.gotoNextSibling()) { moved = true; continue; }
      this.cursor.gotoParent();
      steps.length = hi;
      return;
    }
    if (moved) { steps.pop(); this.push(this.cursor.startIndex, this.cursor.endIndex); }
  }

  /** To the first child reaching past `index`; false when there is none. */
  private down(index: number): boolean {
    // node-tree-sitter answers the child's index (0 is a move) or null/-1, whatever its typings say.
    const child = this.cursor.gotoFirstChildForIndex(index) as unknown as number | boolean | null;
    return !(child === null || child === false || (typeof child === 'number' && child < 0));
  }

  /** Type names by type id: a number crosses from the native side cheaper than a new string per level. */
  private readonly typeNames: string[] = [];

  private push(start: number, end: number): void {
    const c = this.cursor;
    const id = c.nodeTypeId;
    const type = this.typeNames[id] ??= c.nodeType;
    this.steps.push({ type, start, end, level: this.steps.length, up: this.steps[this.steps.length - 1], index: c.currentDescendantIndex });
  }

  private chainAbove(i: number): Ancestors {
    return new Ancestors(this, this.steps[i].up);
  }
}
