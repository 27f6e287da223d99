/** Reading functions, return types and method calls from tree-sitter-rust nodes. */
import type { SyntaxNode } from '../../../server/src/parsers/rust';

/** The innermost construct a `?` inside `node` returns from: a fn, a closure or an async block. */
export function enclosingFunctionLike(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_item' || n.type === 'closure_expression' || n.type === 'async_block') return n;
    if (n.type === 'try_block') return n;
  }
  return undefined;
}

export type ErrorReturn =
  /** `anyhow::Result<T>`, `eyre::Result<T>`, `Result<T>` (alias), `Result<T, anyhow::Error>`, `Result<T, Box<dyn Error…>>`. */
  | 'anyhow-compatible'
  /** `Result<T, SomeError>`: `?` works only if SomeError: From<anyhow::Error>. */
  | 'other-result'
  | 'none';

/** What a `?` in this fn returns into, judged from the return type's text. */
export function errorReturnOf(fn: SyntaxNode | undefined): ErrorReturn {
  if (!fn || fn.type !== 'function_item') return 'none';
  const ret = fn.childForFieldName('return_type');
  if (!ret) return 'none';
  const text = ret.text.replace(/\s+/g, '');
  const m = /^(?:(?:::)?(?:std::|core::)?(?:anyhow|eyre|color_eyre(?:::eyre)?)::)?Result<(.*)>$/.exec(text);
  if (!m) return 'none';
  const args = splitGenericArgs(m[1]);
  if (/^(?:::)?(?:anyhow|eyre|color_eyre(?:::eyre)?)::Result</.test(text) && args.length === 1) return 'anyhow-compatible';
  if (args.length === 1) return 'anyhow-compatible';
  const err = args[1];
  if (/^(?:::)?(anyhow|eyre)::(Error|Report)$/.test(err) || /^Box<dyn(std::error::|core::error::)?Error/.test(err)) return 'anyhow-compatible';
  return 'other-result';
}

/** Splits `A, B<C, D>, E` at top-level commas. */
export function splitGenericArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) { out.push(s.slice(start, i)); start = i + 1; }
  }
  if (s.slice(start)) out.push(s.slice(start));
  return out.map((a) => a.trim()).filter(Boolean);
}

/** A method call `receiver.method(args)`: its parts, or undefined for other calls. */
export interface MethodCall { call: SyntaxNode; receiver: SyntaxNode; method: SyntaxNode; name: string; args: SyntaxNode }

export function asMethodCall(node: SyntaxNode | null | undefined): MethodCall | undefined {
  if (!node || node.type !== 'call_expression') return undefined;
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || fn.type !== 'field_expression' || !args) return undefined;
  const receiver = fn.childForFieldName('value');
  const method = fn.childForFieldName('field');
  if (!receiver || !method) return undefined;
  return { call: node, receiver, method, name: method.text, args };
}

/** Number of arguments of a call's `arguments` node. */
export function argumentCount(args: SyntaxNode): number { return args.namedChildren.filter((c) => !c.type.endsWith('comment')).length; }
