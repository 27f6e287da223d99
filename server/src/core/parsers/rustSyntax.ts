/** Small, shared readings of the Rust syntax tree that the engine itself needs (test code). */
import type { SyntaxNode, Tree } from './rust';
import { treePathOf } from './treePath';

/** Last path segment of attributes that mark a test function: `#[test]`, `#[tokio::test]`, `#[rstest]`… */
const TEST_ATTRIBUTE = /^#\[\s*(?:[A-Za-z_][\w]*\s*::\s*)*(test|rstest|test_case|test_log|proptest|quickcheck|bench|wasm_bindgen_test)\b/;
/** `#[cfg(test)]`, `#[cfg(all(test, …))]`, `#[cfg(any(test, …))]`; not `not(test)`. */
function isCfgTest(attr: string): boolean {
  const m = /^#!?\[\s*cfg\s*\((.*)\)\s*\]$/s.exec(attr.trim());
  if (!m) return false;
  const pred = m[1].replace(/not\s*\(\s*test\s*\)/g, '');
  return /(^|[\s(,])test\s*($|[,)])/.test(pred);
}

/** The node types `testSpans` reads. */
const ATTRIBUTE_NODE_TYPES = ['attribute_item', 'inner_attribute_item'] as const;

export function isTestAttribute(attributeText: string): boolean {
  const t = attributeText.trim();
  return isCfgTest(t) || TEST_ATTRIBUTE.test(t);
}

/** `#[cfg(doc)]`: items that exist only for rustdoc, never in the binary. */
function isCfgDoc(attr: string): boolean {
  return /^#!?\[\s*cfg\s*\(\s*doc\s*\)\s*\]$/.test(attr.trim());
}

/** Attributes that put an item outside production code: test attributes and `#[cfg(doc)]`. */
export function isNonProductionAttribute(attributeText: string): boolean {
  return isTestAttribute(attributeText) || isCfgDoc(attributeText);
}

/**
 * The byte-independent (UTF-16 offset) spans of test code in a Rust file: items under a test
 * attribute (or `#[cfg(doc)]`), and the whole file for `#![cfg(test)]`.
 */
export function testSpans(tree: Tree, text: string, attributes?: readonly SyntaxNode[]): [number, number][] {
  return attributeSpans(tree, text, isNonProductionAttribute, attributes);
}

/**
 * The spans of the items under attributes that `matches` (the attribute and its item), and the
 * whole enclosing scope for an inner attribute (`#![…]`).
 */
export function attributeSpans(tree: Tree, text: string, matches: (attributeText: string) => boolean, attributes?: readonly SyntaxNode[]): [number, number][] {
  const spans: [number, number][] = [];
  // `attributes`: the tree's attribute items when the caller already collected them (saves a walk).
  for (const attr of attributes ?? tree.rootNode.descendantsOfType([...ATTRIBUTE_NODE_TYPES])) {
    const attrText = text.slice(attr.startIndex, attr.endIndex);
    if (!matches(attrText)) continue;
    if (attr.type === 'inner_attribute_item') {
      const scope = attr.parent;
      if (scope) spans.push([scope.startIndex, scope.endIndex]);
      continue;
    }
    // A match arm holds its attributes: the arm (pattern and value) is what they cover (its parent read from the tree path).
    const up = treePathOf(tree).ancestorsOf(attr);
    if (up?.type(0) === 'match_arm') { spans.push([attr.startIndex, up.node(0)!.endIndex]); continue; }
    const isPrefix = (t: string) => t === 'attribute_item' || t === 'line_comment' || t === 'block_comment';
    // The item from a cursor on the tree path: `nextNamedSibling` searches from the root per call.
    const after = treePathOf(tree).namedSiblingAfter(attr, isPrefix);
    if (after) spans.push([attr.startIndex, after.end]);
    if (after !== null) continue;
    let item: SyntaxNode | null = attr.nextNamedSibling;
    while (item && isPrefix(item.type)) item = item.nextNamedSibling;
    if (item) spans.push([attr.startIndex, item.endIndex]);
  }
  return spans;
}

/**
 * What stands directly above an item: its attributes and the comments between and above them, nearest
 * first (`#[derive(Deserialize)]`, `/// Lock order: …`, `#[cfg(debug_assertions)]`).
 */
export function itemPrefix(item: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let a = item.previousNamedSibling; a && (a.type === 'attribute_item' || a.type.endsWith('comment')); a = a.previousNamedSibling) out.push(a);
  return out;
}

/** The attribute items directly above an item (comments between them skipped), nearest first. */
export function leadingAttributes(item: SyntaxNode): SyntaxNode[] {
  return itemPrefix(item).filter((a) => a.type === 'attribute_item');
}

export function inSpans(spans: readonly [number, number][], offset: number): boolean {
  for (const [s, e] of spans) if (offset >= s && offset < e) return true;
  return false;
}
