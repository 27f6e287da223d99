import { defineRustRule, type RustRuleContext } from '../../server/src/engine/rule';
import type { SyntaxNode } from '../../server/src/parsers/rust';
import type { Fix } from '../../server/src/engine/types';
import { argumentCount, asMethodCall, asUnwrapCall, enclosingFunctionLikeIn, errorReturnOf } from '../shared/rust/functions';
import { addUseEdit, rustStringLiteral } from '../shared/rust/imports';

/** Receivers whose `.unwrap()` is `mutex-lock-unwrap`'s business, not this rule's. */
/** `.unwrap(` / `.expect(` in text: where the unwrap rules look (the method name is group 1). */
export const UNWRAP_TEXT = /\.\s*(unwrap|expect)\s*\(/dg;

/** Text just before `.unwrap(`: a lock call (`m.lock()`), left to mutex-lock-unwrap. */
const LOCK_BEFORE = /\.\s*(lock|read|write)\s*\(\s*\)\s*$/;
export function afterLockCall(text: string, at: number): boolean { return LOCK_BEFORE.test(text.slice(Math.max(0, at - 48), at)); }

const LOCK_METHODS = new Set(['lock', 'read', 'write']);

export function isLockCall(node: SyntaxNode): boolean {
  const call = asMethodCall(node);
  return !!call && LOCK_METHODS.has(call.name) && argumentCount(call.args) === 0;
}

/** A short description of what failed, for `.context("…")`: `parse http_address`, `bind addr`. */
function describeFailure(receiver: SyntaxNode): string {
  const inner = asMethodCall(receiver.type === 'await_expression' ? receiver.namedChildren[0] : receiver);
  let text: string;
  if (inner) {
    const subject = inner.receiver.text.replace(/\s+/g, ' ');
    text = `${inner.name} ${subject.length > 40 ? subject.slice(0, 37) + '…' : subject}`;
  } else {
    const t = receiver.text.replace(/\s+/g, ' ');
    text = t.length > 50 ? t.slice(0, 47) + '…' : t;
  }
  return `failed to ${text}`;
}

function contextFixes(ctx: RustRuleContext, node: SyntaxNode, method: SyntaxNode, receiver: SyntaxNode, args: SyntaxNode, isExpect: boolean): Fix[] {
  const crate = ctx.crate;
  const lib = crate?.dependsOn('anyhow') ? 'anyhow' : crate?.dependsOn('eyre') || crate?.dependsOn('color-eyre') ? 'eyre' : undefined;
  if (!lib) return [];
  const returns = errorReturnOf(enclosingFunctionLikeIn(ctx, node));
  if (returns === 'none') return [];
  const message = isExpect ? args.text.slice(1, -1).trim() : rustStringLiteral(describeFailure(receiver));
  const methodName = lib === 'anyhow' ? 'context' : 'wrap_err';
  const trait = lib === 'anyhow' ? 'anyhow::Context' : 'eyre::WrapErr';
  const callEnd = ctx.nodeRange(node).end;
  const edits = [ctx.edit({ start: ctx.nodeRange(method).start, end: callEnd }, `${methodName}(${message})?`)];
  const use = addUseEdit(ctx, ctx.host(node), trait);
  if (use) edits.push(use);
  return [{
    title: `Replace \`.${method.text}(…)\` with \`.${methodName}(…)?\``,
    // Compiles when the fn's error type accepts anyhow's (or eyre's) error; otherwise offered only.
    preferred: returns === 'anyhow-compatible' && lib === 'anyhow',
    edits,
  }];
}

export const rule = defineRustRule({
  meta: {
    id: 'panic-in-production',
    title: 'Panic in production code',
    priority: 'P1',
    area: 'Reliability',
    nonTest: true,
    clippyLints: ['unwrap_used', 'expect_used', 'panic'],
    action: 'Return errors with `.context(…)?` instead of `.unwrap()` / `.expect(…)`',
    docs: {
      lang: 'rust',
      what: 'Flags `.unwrap()` and `.expect(…)` in non-test code, including on literal parses such as `"0.0.0.0:0".parse().unwrap()`. `.lock().unwrap()` is left to `mutex-lock-unwrap`; `unwrap_or`, `unwrap_or_default` and `unwrap_or_else` never panic and are not flagged.',
      why: 'A panic on a startup or request path crashes the process (or the task) instead of returning an error the caller can log, retry or report. In production that is an outage with a backtrace instead of a clear message: a bad bind address, a missing signal handler or an uninitialised client takes the service down.',
      example: 'fn start(addr: &str) -> anyhow::Result<()> {\n    let addr: SocketAddr = addr.parse().expect("Invalid HTTP address");\n    let listener = TcpListener::bind(addr).unwrap();\n    Ok(())\n}',
      useInstead: 'use anyhow::Context;\n\nfn start(addr: &str) -> anyhow::Result<()> {\n    let addr: SocketAddr = addr.parse().context("Invalid HTTP address")?;\n    let listener = TcpListener::bind(addr).context("failed to bind HTTP address")?;\n    Ok(())\n}',
      fixSafety: 'When the enclosing fn returns `anyhow::Result`/`Result<T>`/`Result<T, anyhow::Error>` and the crate depends on `anyhow`, the fix rewrites `.expect("m")` to `.context("m")?` and `.unwrap()` to `.context("<what failed>")?`, adding `use anyhow::Context;` once, and is preferred (fix-all applies it). For other `Result` error types, and for `eyre` (`.wrap_err(…)?`), the fix is offered but not preferred. Inside closures and async blocks, or when the fn does not return a `Result`, no fix is offered.',
      notes: 'Test code (files under `tests/`, `benches/`, `examples/`, `build.rs`, `#[cfg(test)]` items and `#[test]`-like functions) is exempt. Code inside macro invocations is analysed.',
    },
  },
  // `.unwrap()`/`.expect(`, except right after a lock call (`mutex-lock-unwrap`'s).
  candidates: [{ pattern: UNWRAP_TEXT, group: 1, nodeTypes: ['call_expression'], depth: 2, accept: (m, ctx) => !afterLockCall(ctx.doc.text, m.index) }],
  check(node, ctx) {
    const call = asUnwrapCall(node);
    if (!call) return;
    if (isLockCall(call.receiver)) return;
    const isExpect = call.isExpect;
    const shown = isExpect ? `.expect(${truncate(call.args.text.slice(1, -1), 40)})` : '.unwrap()';
    ctx.reportNode(call.method,
      `\`${shown}\` panics in production code when it fails, crashing the process instead of returning an error. Propagate the error with \`?\` and context (\`.context("…")?\`), or handle it.`,
      { fixes: () => contextFixes(ctx, node, call.method, call.receiver, call.args, isExpect) });
  },
});

function truncate(s: string, n: number): string { return s.length > n ? s.slice(0, n - 1) + '…' : s; }
