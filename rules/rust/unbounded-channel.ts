import { docMatches } from '../../server/src/engine/docText';
import { defineRustRule } from '../../server/src/engine/rule';
import type { Fix } from '../../server/src/engine/types';
import { argumentCount, callShape, splitGenericArgs } from '../shared/rust/functions';
import { calleePath, lastSegment, resolvePath, useAliases } from '../shared/rust/paths';
import type { SyntaxNode } from '../../server/src/parsers/rust';

/** Constructors of unbounded channels, by full path, with the bounded alternative to name. */
const UNBOUNDED: ReadonlyMap<string, string> = new Map([
  ['tokio::sync::mpsc::unbounded_channel', 'tokio::sync::mpsc::channel(capacity)'],
  ['futures::channel::mpsc::unbounded', 'futures::channel::mpsc::channel(capacity)'],
  ['futures_channel::mpsc::unbounded', 'futures_channel::mpsc::channel(capacity)'],
  ['crossbeam_channel::unbounded', 'crossbeam_channel::bounded(capacity)'],
  ['crossbeam::channel::unbounded', 'crossbeam::channel::bounded(capacity)'],
  ['flume::unbounded', 'flume::bounded(capacity)'],
  ['async_channel::unbounded', 'async_channel::bounded(capacity)'],
  ['std::sync::mpsc::channel', 'std::sync::mpsc::sync_channel(capacity)'],
]);
const NAMES = new Set([...UNBOUNDED.keys()].map(lastSegment));
/** Written without a resolvable `use`, these can only be tokio's. */
const UNAMBIGUOUS_SUFFIXES = new Set(['mpsc::unbounded_channel', 'unbounded_channel']);
const MENTIONS = /unbounded|channel/;
const TOKIO = 'tokio::sync::mpsc::unbounded_channel';
const DEFAULT_CAPACITY = 1024;

/**
 * `let (_, rx) = unbounded_channel()` / `let (tx, _) = …`: one end is dropped at once, so nothing
 * can queue; `let (tx, _rx) = …` with `_rx` never used again: an end bound to a `_name` and never
 * used. Returns which end, or undefined.
 */
function unusedEnd(call: SyntaxNode): 'sender' | 'receiver' | undefined {
  const decl = call.parent;
  if (decl?.type !== 'let_declaration' || decl.childForFieldName('value')?.id !== call.id) return undefined;
  const pattern = decl.childForFieldName('pattern');
  if (pattern?.type !== 'tuple_pattern') return undefined;
  // `_` is an anonymous node: read every child but the punctuation.
  const ends = pattern.children.filter((c) => c.type !== '(' && c.type !== ')' && c.type !== ',' && !c.type.endsWith('comment'));
  if (ends.length !== 2) return undefined;
  const block = decl.parent;
  for (const [i, end] of ends.entries()) {
    const name = end.text.replace(/^mut\s+/, '');
    if (name === '_') return i === 0 ? 'sender' : 'receiver';
    if (/^_\w+$/.test(name) && block && !new RegExp(`\\b${name}\\b`).test(block.text.slice(decl.endIndex - block.startIndex))) return i === 0 ? 'sender' : 'receiver';
  }
  return undefined;
}

/** The body (between braces) of `struct Name { … }` / `enum Name { … }` declared in `text`. */
function itemBody(text: string, kind: 'struct' | 'enum', name: string): string | undefined {
  const m = new RegExp(`\\b${kind}\\s+${name}\\b[^{;]*\\{`).exec(text);
  if (!m) return undefined;
  let depth = 1, i = m.index + m[0].length;
  const start = i;
  for (; i < text.length && depth > 0; i++) { if (text[i] === '{') depth++; else if (text[i] === '}') depth--; }
  return text.slice(start, i - 1);
}

/** Top-level parts of an enum body: its variants. */
function variants(body: string): string[] {
  return splitGenericArgs(body.replace(/\/\/.*$/gm, '').replace(/#\[[^\]]*\]/g, ''));
}

/**
 * A request/reply channel: the message type (the turbofish's, declared in this file) carries a
 * oneshot reply sender in every message (a struct field; every variant of an enum), so each queued
 * message has a caller waiting for its answer and the queue is bounded by the callers in flight.
 */
/** Per document: the reply-sender pattern (oneshot::Sender and its aliases) and each message type's verdict. */
const replyMemo = new WeakMap<object, { reply: RegExp; byType: Map<string, boolean> }>();

function requestReply(doc: { text: string }, fnNode: SyntaxNode): boolean {
  if (fnNode.type !== 'generic_function') return false;
  const arg = fnNode.childForFieldName('type_arguments')?.text.replace(/^<|>$/g, '').trim() ?? '';
  const name = /^(?:\w+::)*([A-Z]\w*)$/.exec(arg)?.[1];
  if (!name) return false;
  const text = doc.text;
  let memo = replyMemo.get(doc);
  if (!memo) {
    const aliases = [...text.matchAll(/\btype\s+([A-Z]\w*)\s*(?:<[^=]*>)?\s*=[^;]*\boneshot::Sender\b/g)].map((m) => m[1]);
    memo = { reply: new RegExp(`\\boneshot::Sender\\b${aliases.map((a) => `|\\b${a}\\b`).join('')}`), byType: new Map() };
    replyMemo.set(doc, memo);
  }
  let verdict = memo.byType.get(name);
  if (verdict === undefined) {
    const reply = memo.reply;
    const struct = itemBody(text, 'struct', name);
    if (struct !== undefined) verdict = reply.test(struct);
    else {
      const enumBody = itemBody(text, 'enum', name);
      const vs = enumBody === undefined ? [] : variants(enumBody);
      verdict = vs.length > 0 && vs.every((v) => reply.test(v));
    }
    memo.byType.set(name, verdict);
  }
  return verdict;
}

export const rule = defineRustRule({
  meta: {
    id: 'unbounded-channel',
    title: 'Unbounded channel',
    priority: 'P0',
    area: 'Reliability',
    nonTest: true,
    action: 'Use bounded channels (`mpsc::channel(n)`) so slow consumers apply backpressure',
    docs: {
      lang: 'rust',
      what: 'Flags channels created without a capacity limit: `tokio::sync::mpsc::unbounded_channel`, `futures::channel::mpsc::unbounded`, `crossbeam_channel::unbounded`, `flume::unbounded`, `async_channel::unbounded` and `std::sync::mpsc::channel` (std\'s `channel` is unbounded), however they are imported or aliased.',
      why: 'An unbounded channel never pushes back: when the consumer is slower than the producers (a slow WebSocket client, a stalled database), messages queue in memory without limit until the process is OOM-killed. One slow client can take the whole service down, and an attacker can do it on purpose.',
      example: 'let (tx, rx) = mpsc::unbounded_channel::<ServerMessage>();\ntx.send(msg)?;',
      useInstead: 'let (tx, rx) = mpsc::channel::<ServerMessage>(1024);\n// Senders wait (or time out) when the consumer falls behind.\ntx.send_timeout(msg, Duration::from_secs(5)).await?;',
      fixSafety: 'For tokio only, the fix rewrites the call to `mpsc::channel::<T>(1024)`. It is never preferred and not applied by fix-all: the sender becomes `Sender<T>` whose `send` is `async` and fails differently, so call sites must change. Pick a capacity that fits the workload.',
      notes: 'Calls are matched through `use` items, aliases (`use tokio::sync::mpsc::unbounded_channel as chan;`), globs and fully qualified paths. Test code is exempt. Calls inside macros are analysed. Hygiene (audit profile only): a channel with one end dropped at once (`let (_, rx) = …`, `let (tx, _) = …`) or bound to a `_name` never used again, where nothing can queue; and a request/reply channel whose message type, declared in the same file, carries a `oneshot::Sender` in every message (a struct field, every enum variant), where the queue is bounded by the callers waiting for answers.',
    },
  },
  mentions: MENTIONS,
  candidates: [{
    // Calls of the constructors' names and of any name a `use … as` alias introduces.
    pattern: (ctx) => {
      const aliases = [...useAliases(ctx.doc)].filter((a) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(a));
      return new RegExp(`\\b(unbounded_channel|unbounded|channel${aliases.map((a) => '|' + a).join('')})\\s*(?:::\\s*<[^()]*?>\\s*)?\\(`, 'dg');
    },
    group: 1, nodeTypes: ['call_expression'], depth: 3,
    // `channel(n)` with a capacity is bounded (tokio, futures): only `channel()` can be std's unbounded one.
    accept: (m, ctx) => m[1] !== 'channel' || /^\s*\)/.test(ctx.doc.text.slice(m.index + m[0].length, m.index + m[0].length + 16)),
  }],
  check(node, ctx) {
    const shape = callShape(node);
    if (shape && (shape.method || (!NAMES.has(shape.name) && !useAliases(ctx.doc).has(shape.name)))) return;
    const path = calleePath(node);
    if (!path) return;
    const last = lastSegment(path);
    if (!NAMES.has(last) && !(path === last && useAliases(ctx.doc).has(last))) return;
    const host = ctx.host(node);
    const candidates = resolvePath(host, path);
    let target = candidates.find((c) => UNBOUNDED.has(c));
    if (!target && UNAMBIGUOUS_SUFFIXES.has(path) && candidates.length === 1) target = TOKIO;
    if (!target) return;
    const fnNode = node.childForFieldName('function')!;
    const args = node.childForFieldName('arguments');
    const fixes: Fix[] = [];
    if (target === TOKIO && args && argumentCount(args) === 0) {
      // Keep the written form: `mpsc::unbounded_channel` → `mpsc::channel`; a bare or aliased name → the full path.
      const nameNode = fnNode.type === 'generic_function' ? fnNode.childForFieldName('function')! : fnNode;
      const written = nameNode.text.replace(/\s+/g, '');
      const replacement = written.endsWith('::unbounded_channel') ? written.slice(0, -'unbounded_channel'.length) + 'channel' : 'tokio::sync::mpsc::channel';
      fixes.push({
        title: `Use a bounded channel: \`${replacement}(${DEFAULT_CAPACITY})\``,
        preferred: false,
        edits: [ctx.edit(ctx.nodeRange(nameNode), replacement), ctx.edit(ctx.nodeRange(args), `(${DEFAULT_CAPACITY})`)],
      });
    }
    const unused = ctx.inMacro(node) ? undefined : unusedEnd(node);
    const replies = !unused && docMatches(ctx.doc, /oneshot/) && requestReply(ctx.doc, fnNode);
    const note = unused ? ` (The ${unused} is dropped at once or never used here, so nothing can queue today.)`
      : replies ? ' (Each message carries a oneshot reply sender, so the queue is bounded by the callers waiting for answers.)' : '';
    ctx.reportNode(fnNode,
      `\`${path}()\` creates an unbounded channel${path === target ? '' : ` (\`${target}\`)`}: when the consumer falls behind, messages pile up in memory until the process is OOM-killed. Use a bounded channel (\`${UNBOUNDED.get(target)}\`) so senders get backpressure.${note}`,
      { fixes, ...(unused || replies ? { tier: 'hygiene' as const } : {}) });
  },
});
