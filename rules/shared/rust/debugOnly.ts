/**
 * Code that a release build does not contain: under `#[cfg(debug_assertions)]` (on the statement,
 * the enclosing item, fn or module) or inside `if cfg!(debug_assertions) { … }`. A tree walk up
 * from one node; callers ask only at their findings.
 */
import { ancestryOf } from './ancestry';
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';

/** `#[cfg(debug_assertions)]`, `#[cfg(all(debug_assertions, …))]`; not `not(debug_assertions)` nor `any(…)`. */
const DEBUG_CFG = /^#\[\s*cfg\s*\(\s*(?:all\s*\([^\]]*)?\bdebug_assertions\b/;
const NOT_DEBUG = /\b(not|any)\s*\(\s*[^\]]*debug_assertions/;

/** Attributes (and comments) right before an offset, read from the text: no sibling walk (each is a search from the root). */
const ATTRIBUTES_BEFORE = /(?:#\[[^\]]*\]\s*|\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)+$/;

/** Whether the node starting at `start`, of `type` (made by `node` only when its children are read), is under a debug-only cfg. */
function hasDebugCfg(start: number, type: string, node: () => SyntaxNode, text: string): boolean {
  const before = ATTRIBUTES_BEFORE.exec(text.slice(Math.max(0, start - 400), start));
  if (before) {
    for (const a of before[0].match(/#\[[^\]]*\]/g) ?? []) if (DEBUG_CFG.test(a) && !NOT_DEBUG.test(a)) return true;
  }
  // An attribute on an expression inside a statement: `#[cfg(debug_assertions)] tracing::debug!(…);`.
  if (type !== 'expression_statement' && type !== 'let_declaration' && type !== 'macro_invocation') return false;
  const first = node().firstNamedChild;
  return first?.type === 'attribute_item' && DEBUG_CFG.test(first.text) && !NOT_DEBUG.test(first.text);
}

/** Per syntax tree: its text when it mentions `debug_assertions` at all, else null (most files: no walk). */
const mentions = new WeakMap<object, string | null>();

/** True when `node` (main tree) is compiled only into debug builds. */
export function inDebugOnlyCode(node: SyntaxNode): boolean {
  let text = mentions.get(node.tree);
  if (text === undefined) { const t = node.tree.rootNode.text; text = t.includes('debug_assertions') ? t : null; mentions.set(node.tree, text); }
  if (text === null) return false;
  const chain = ancestryOf(node);
  // Level -1 is the node itself; its ancestors' node objects are made only where read.
  const nodeAt = (i: number) => (i < 0 ? node : chain.node(i)!);
  const debugCfgAt = (i: number) => hasDebugCfg(i < 0 ? node.startIndex : chain.start(i), i < 0 ? node.type : chain.type(i)!, () => nodeAt(i), text!);
  for (let i = 0; i < chain.length; i++) {
    if (debugCfgAt(i - 1)) return true;
    if (chain.type(i) === 'if_expression' && chain.node(i)!.childForFieldName('consequence')?.id === nodeAt(i - 1).id) {
      const cond = chain.node(i)!.childForFieldName('condition')?.text.replace(/\s+/g, '') ?? '';
      if (cond === 'cfg!(debug_assertions)') return true;
    }
  }
  return debugCfgAt(chain.length - 1);
}

/**
 * An operator's explicit opt-in to logging secrets: inside `if CONFIG.sso_debug_tokens() { … }`,
 * `if cfg.log_secrets { … }` — a condition naming both debugging/logging and a secret. Returns the
 * condition's text. A plain `if debug { … }` is not such an opt-in: it is left on in production.
 */
export function secretLoggingOptIn(node: SyntaxNode): string | undefined {
  // Types from the cached chain: reading `.type` of each ancestor per log macro is depth × macros.
  const chain = ancestryOf(node);
  for (let i = 0; i < chain.length; i++) {
    if (chain.type(i) === 'function_item') return undefined;
    if (chain.type(i) !== 'if_expression') continue;
    const p = chain.node(i)!;
    const child = i === 0 ? node : chain.node(i - 1)!;
    if (p.childForFieldName('consequence')?.id !== child.id) continue;
    const cond = p.childForFieldName('condition')?.text ?? '';
    if (cond.length < 200 && SECRET_LOGGING_SETTING.test(cond)) return cond.replace(/\s+/g, ' ');
  }
  return undefined;
}

/** `debug_tokens`, `log_secrets`, `dump_credentials`, `trace_keys`, `secrets_in_logs`, `LOG_TOKENS`. */
const SECRET_LOGGING_SETTING = /\b\w*(?:debug|log|logging|dump|trace|print|reveal)_(?:\w+_)?(?:tokens?|secrets?|keys?|credentials?|passwords?)\b|\b\w*(?:tokens?|secrets?|credentials?|passwords?)_(?:in_)?(?:logs?|logging|debug)\b/i;
