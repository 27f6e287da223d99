/**
 * Code that a release build does not contain: under `#[cfg(debug_assertions)]` (on the statement,
 * the enclosing item, fn or module) or inside `if cfg!(debug_assertions) { … }`. A tree walk up
 * from one node; callers ask only at their findings.
 */
import type { SyntaxNode } from '../../../server/src/parsers/rust';

/** `#[cfg(debug_assertions)]`, `#[cfg(all(debug_assertions, …))]`; not `not(debug_assertions)` nor `any(…)`. */
const DEBUG_CFG = /^#\[\s*cfg\s*\(\s*(?:all\s*\([^\]]*)?\bdebug_assertions\b/;
const NOT_DEBUG = /\b(not|any)\s*\(\s*[^\]]*debug_assertions/;

function hasDebugCfg(node: SyntaxNode): boolean {
  for (let a = node.previousNamedSibling; a && (a.type === 'attribute_item' || a.type.endsWith('comment')); a = a.previousNamedSibling) {
    if (a.type === 'attribute_item' && DEBUG_CFG.test(a.text) && !NOT_DEBUG.test(a.text)) return true;
  }
  // An attribute on an expression inside a statement: `#[cfg(debug_assertions)] tracing::debug!(…);`.
  if (node.type !== 'expression_statement' && node.type !== 'let_declaration' && node.type !== 'macro_invocation') return false;
  const first = node.firstNamedChild;
  return first?.type === 'attribute_item' && DEBUG_CFG.test(first.text) && !NOT_DEBUG.test(first.text);
}

/** True when `node` (main tree) is compiled only into debug builds. */
export function inDebugOnlyCode(node: SyntaxNode): boolean {
  let child: SyntaxNode = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (hasDebugCfg(child)) return true;
    if (p.type === 'if_expression' && p.childForFieldName('consequence')?.id === child.id) {
      const cond = p.childForFieldName('condition')?.text.replace(/\s+/g, '') ?? '';
      if (cond === 'cfg!(debug_assertions)') return true;
    }
  }
  return hasDebugCfg(child);
}
