/** Reading functions, return types and method calls from tree-sitter-rust nodes. */
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import { ancestryOf } from './ancestry';

/** The innermost construct a `?` inside `node` returns from: a fn, a closure or an async block. */
function enclosingFunctionLike(node: SyntaxNode): SyntaxNode | undefined {
  const chain = ancestryOf(node);
  return chain.node(chain.nearestOf(['function_item', 'closure_expression', 'async_block', 'try_block']));
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

/** Splits `A, B<C, D>, E` (or an enum body's variants, `A { x: u8, y: u8 }, B(C, D)`) at top-level commas. */
export function splitGenericArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<' || c === '(' || c === '[' || c === '{') depth++;
    else if (c === '>' || c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) { out.push(s.slice(start, i)); start = i + 1; }
  }
  if (s.slice(start)) out.push(s.slice(start));
  return out.map((a) => a.trim()).filter(Boolean);
}

/** A method call `receiver.method(args)`: its parts, or undefined for other calls. */
export interface MethodCall { call: SyntaxNode; receiver: SyntaxNode; method: SyntaxNode; name: string; args: SyntaxNode }

/** Per node object: rules visiting the same node share one reading (each tree property is a native call). */
const methodCallMemo = new WeakMap<SyntaxNode, MethodCall | null>();

export function asMethodCall(node: SyntaxNode | null | undefined): MethodCall | undefined {
  if (!node || node.type !== 'call_expression') return undefined;
  const memo = methodCallMemo.get(node);
  if (memo !== undefined) return memo ?? undefined;
  const call = readMethodCall(node);
  methodCallMemo.set(node, call ?? null);
  return call;
}

const functionMemo = new WeakMap<SyntaxNode, SyntaxNode | null>();
/** The `function` child of a call expression (memoised per node object). */
export function calleeNode(call: SyntaxNode): SyntaxNode | undefined {
  let fn = functionMemo.get(call);
  if (fn === undefined) { fn = call.childForFieldName('function'); functionMemo.set(call, fn); }
  return fn ?? undefined;
}

function readMethodCall(node: SyntaxNode): MethodCall | undefined {
  const fn = calleeNode(node);
  const args = node.childForFieldName('arguments');
  if (!fn || fn.type !== 'field_expression' || !args) return undefined;
  const receiver = fn.childForFieldName('value');
  const method = fn.childForFieldName('field');
  if (!receiver || !method) return undefined;
  return { call: node, receiver, method, name: method.text, args };
}

/** Number of arguments of a call's `arguments` node. */
export function argumentCount(args: SyntaxNode): number { return args.namedChildren.filter((c) => !c.type.endsWith('comment')).length; }

/**
 * `enclosingFunctionLike` for nodes that may be inside a macro (macro-tree nodes): a closure or
 * async block inside the macro arguments wins; otherwise the answer for the host main-tree node.
 */
export function enclosingFunctionLikeIn(ctx: { inMacro(n: SyntaxNode): boolean; host(n: SyntaxNode): SyntaxNode }, node: SyntaxNode): SyntaxNode | undefined {
  if (ctx.inMacro(node)) {
    const inner = enclosingFunctionLike(node);
    if (inner) return inner;
    return enclosingFunctionLike(ctx.host(node));
  }
  return enclosingFunctionLike(node);
}

/** What a call looks like, read from its text: the called name and whether it is a method call. */
export interface CallShape { name: string; method: boolean }
const shapeMemo = new WeakMap<SyntaxNode, CallShape | null>();

/**
 * A cheap reading of a `call_expression` (one text read instead of several tree reads): the name
 * before the argument list (`unwrap` in `x.unwrap()`, `unbounded_channel` in
 * `mpsc::unbounded_channel::<T>()`). Use it to reject calls early; confirm with `asMethodCall` or
 * `calleePath`. Undefined when the text is not simple enough to read (then read the tree).
 */
export function callShape(node: SyntaxNode): CallShape | undefined {
  const memo = shapeMemo.get(node);
  if (memo !== undefined) return memo ?? undefined;
  const shape = readShape(node.text);
  shapeMemo.set(node, shape ?? null);
  return shape;
}

function readShape(text: string): CallShape | undefined {
  let i = text.length - 1;
  if (text[i] !== ')') return undefined;
  let depth = 0;
  for (; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 41 /* ) */) depth++;
    else if (c === 40 /* ( */) { if (--depth === 0) break; }
    else if (c === 34 /* " */) {
      let j = i - 1;
      while (j >= 0 && !(text.charCodeAt(j) === 34 && text.charCodeAt(j - 1) !== 92)) j--;
      i = j;
    } else if (c === 39 /* ' */) return undefined; // char literals and lifetimes: read the tree
  }
  if (i <= 0) return undefined;
  let j = i - 1;
  while (j >= 0 && /\s/.test(text[j])) j--;
  if (text[j] === '>') {
    // turbofish `::<T>`
    let d = 0;
    for (; j >= 0; j--) { if (text[j] === '>') d++; else if (text[j] === '<' && --d === 0) break; }
    j--;
    while (j >= 0 && (text[j] === ':' || /\s/.test(text[j]))) j--;
  }
  const end = j + 1;
  while (j >= 0 && /[A-Za-z0-9_]/.test(text[j])) j--;
  const name = text.slice(j + 1, end);
  if (!name || /^[0-9]/.test(name)) return undefined;
  while (j >= 0 && /\s/.test(text[j])) j--;
  return { name, method: text[j] === '.' };
}

/**
 * `x.unwrap()` / `x.expect(msg)` (exactly those arities), for the rules about panicking calls
 * (`panic-in-production`, `mutex-lock-unwrap`); undefined for every other call.
 */
export function asUnwrapCall(node: SyntaxNode): (MethodCall & { isExpect: boolean }) | undefined {
  const shape = callShape(node);
  if (shape && (!shape.method || (shape.name !== 'unwrap' && shape.name !== 'expect'))) return undefined;
  const call = asMethodCall(node);
  if (!call || (call.name !== 'unwrap' && call.name !== 'expect')) return undefined;
  const count = argumentCount(call.args);
  if ((call.name === 'unwrap' && count !== 0) || (call.name === 'expect' && count !== 1)) return undefined;
  return { ...call, isExpect: call.name === 'expect' };
}
