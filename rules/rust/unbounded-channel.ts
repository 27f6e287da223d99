import { docMatches } from '../../server/src/core/engine/docText';
import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import type { Fix } from '../../server/src/core/engine/types';
import { argumentCount, callShape, splitGenericArgs } from '../shared/rust/functions';
import { calleePath, lastSegment, resolvePath, useAliases } from '../shared/rust/paths';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { ancestryOf } from '../shared/rust/ancestry';

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
  // Ancestors from the shared tree path: `.parent` searches from the root (quadratic in a file of thousands of items).
  const up = ancestryOf(call);
  if (up.type(0) !== 'let_declaration') return undefined;
  const decl = up.node(0)!;
  if (decl.childForFieldName('value')?.id !== call.id) return undefined;
  const pattern = decl.childForFieldName('pattern');
  if (pattern?.type !== 'tuple_pattern') return undefined;
  // `_` is an anonymous node: read every child but the punctuation.
  const ends = pattern.children.filter((c) => c.type !== '(' && c.type !== ')' && c.type !== ',' && !c.type.endsWith('comment'));
  if (ends.length !== 2) return undefined;
  const block = up.node(1);
  for (const [i, end] of ends.entries()) {
    const name = end.text.replace(/^mut\s+/, '');
    if (name === '_') return i === 0 ? 'sender' : 'receiver';
    if (/^_\w+$/.test(name) && block && !new RegExp(`\\b${name}\\b`).test(block.text.slice(decl.endIndex - block.startIndex))) return i === 0 ? 'sender' : 'receiver';
  }
  return undefined;
}

/** Constructors of a file-system watcher (notify, notify-debouncer-*) whose event handler is a closure or a sender. */
const WATCHER_CALL = /\b(?:recommended_watcher|RecommendedWatcher\s*::\s*new|PollWatcher\s*::\s*new|INotifyWatcher\s*::\s*new|FsEventWatcher\s*::\s*new|new_debouncer(?:_opt)?)\s*(?:::\s*<[^()]*?>\s*)?\(/;

/**
 * `let (tx, rx) = channel(); let w = notify::recommended_watcher(tx)?` (or a closure sending on
 * `tx`): the sender is used only inside a file-system watcher's constructor, so the channel carries
 * events of the watched files, at the rate people change them. The watcher calls its handler
 * synchronously, where a bounded channel could only block or drop.
 */
function onlyFeedsFileWatcher(call: SyntaxNode, text: string): boolean {
  const up = ancestryOf(call);
  if (up.type(0) !== 'let_declaration' || !up.type(1)?.endsWith('block')) return false;
  const decl = up.node(0)!;
  const block = up.node(1)!;
  // Text first: a watcher constructed after the channel in the same block.
  if (!WATCHER_CALL.test(text.slice(decl.endIndex, block.endIndex))) return false;
  const pattern = decl.childForFieldName('pattern');
  const sender = pattern?.type === 'tuple_pattern' ? pattern.namedChildren[0] : undefined;
  const name = sender?.type === 'identifier' ? sender.text : sender?.type === 'mut_pattern' ? sender.namedChildren[0]?.text : undefined;
  if (!name) return false;
  const watchers = block.descendantsOfType('call_expression').filter((c) => c.startIndex > decl.endIndex && WATCHER_CALL.test(text.slice(c.startIndex, c.childForFieldName('arguments')?.startIndex ?? c.startIndex) + '('));
  const uses = block.descendantsOfType('identifier').filter((id) => id.startIndex > decl.endIndex && id.text === name);
  return uses.length > 0 && uses.every((id) => watchers.some((w) => w.startIndex <= id.startIndex && id.endIndex <= w.endIndex));
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
 * A request/reply channel: the message type carries a oneshot reply sender in every message (a
 * struct field; every variant of an enum), so each queued message has a caller waiting for its
 * answer and the queue is bounded by the callers in flight. The type is read where it is declared:
 * this file, or the workspace crate its `use` names (`use svix_bridge_types::TransformerJob`).
 */
/** Per document: each message type's verdict. */
const replyMemo = new WeakMap<object, Map<string, boolean>>();

function requestReply(ctx: RustRuleContext, name: string, at: SyntaxNode): boolean {
  let byType = replyMemo.get(ctx.doc);
  if (!byType) { byType = new Map(); replyMemo.set(ctx.doc, byType); }
  let verdict = byType.get(name);
  if (verdict === undefined) { verdict = readRequestReply(ctx, name, at); byType.set(name, verdict); }
  return verdict;
}

function readRequestReply(ctx: RustRuleContext, name: string, at: SyntaxNode): boolean {
  const declared = declarationOf(ctx, name, at);
  if (!declared || !/oneshot/.test(declared.text)) return false;
  const text = declared.text;
  const aliases = [...text.matchAll(/\btype\s+([A-Z]\w*)\s*(?:<[^=]*>)?\s*=[^;]*\boneshot::Sender\b/g)].map((m) => m[1]);
  const reply = new RegExp(`\\boneshot::Sender\\b${aliases.map((a) => `|\\b${a}\\b`).join('')}`);
  const struct = itemBody(text, 'struct', name);
  if (struct !== undefined) return reply.test(struct);
  const vs = variants(itemBody(text, 'enum', name) ?? '');
  return vs.length > 0 && vs.every((v) => reply.test(v));
}

/**
 * Per file listing (a new listing when files are added or removed): the path of the file that
 * declared each imported message type, or null when no file of the crate does. Keyed by the
 * listing, not per edit: a search of a crate's files on every keystroke would cost more than the rule.
 */
const declarations = new WeakMap<object, Map<string, string | null>>();

/**
 * The document declaring `struct`/`enum name`: this one (only read when it mentions `oneshot`), else
 * a file of the workspace crate the type is imported from (`use svix_bridge_types::TransformerJob`).
 * Where it was found is remembered; what it says is read from the current document every time.
 */
function declarationOf(ctx: RustRuleContext, name: string, at: SyntaxNode): { text: string } | undefined {
  const declares = new RegExp(`\\b(?:struct|enum)\\s+${name}\\b`);
  if (docMatches(ctx.doc, /\boneshot\b/) && declares.test(ctx.doc.text)) return ctx.doc;
  const imported = resolvePath(ctx.host(at), name).find((p) => p.includes('::'));
  const crateName = imported?.split('::')[0];
  if (!imported || !crateName || /^(?:std|core|alloc|tokio|futures|crossbeam|flume|async_channel)$/.test(crateName)) return undefined;
  let byPath = declarations.get(ctx.ws.files);
  if (!byPath) { byPath = new Map(); declarations.set(ctx.ws.files, byPath); }
  const known = byPath.get(imported);
  if (known === null) return undefined;
  if (known !== undefined) {
    const doc = ctx.ws.document(known);
    if (doc && declares.test(doc.text)) return doc;
  }
  const crate = /^(?:crate|self|super)$/.test(crateName) ? ctx.crate : ctx.ws.cargo.crates.find((c) => c.name?.replace(/-/g, '_') === crateName);
  let found: { text: string; path: string } | undefined;
  if (crate) {
    const src = crate.dir ? `${crate.dir}/src/` : 'src/';
    for (const file of ctx.ws.files) {
      if (!file.startsWith(src) || !file.endsWith('.rs')) continue;
      const doc = ctx.ws.document(file);
      if (doc && declares.test(doc.text)) { found = doc; break; }
    }
  }
  byPath.set(imported, found?.path ?? null);
  return found;
}

/** The message type named in the turbofish (`unbounded_channel::<Job>()`), if it is a plain type name. */
function messageType(fnNode: SyntaxNode, call: SyntaxNode, text: string): string | undefined {
  if (fnNode.type === 'generic_function') {
    const arg = fnNode.childForFieldName('type_arguments')?.text.replace(/^<|>$/g, '').trim() ?? '';
    return /^(?:\w+::)*([A-Z]\w*)$/.exec(arg)?.[1];
  }
  // No turbofish: an end's name annotated in the file (`event_tx: mpsc::UnboundedSender<ConfigChange>`,
  // a parameter or a field the end is passed to or stored in under the same name).
  const up = ancestryOf(call);
  if (up.type(0) !== 'let_declaration') return undefined;
  const pattern = up.node(0)!.childForFieldName('pattern');
  if (pattern?.type !== 'tuple_pattern') return undefined;
  for (const end of pattern.namedChildren) {
    const name = end.text.replace(/^mut\s+/, '');
    if (!/^[A-Za-z_]\w*$/.test(name) || name === '_') continue;
    const annotated = new RegExp(String.raw`\b${name}\s*:\s*(?:[\w:]+::)?Unbounded(?:Sender|Receiver)\s*<\s*(?:\w+::)*([A-Z]\w*)\s*>`).exec(text);
    if (annotated) return annotated[1];
  }
  return undefined;
}

/**
 * The constructor a resolved path names: itself, or a re-export of a well-known crate through
 * another crate (`my_common::tokio::sync::mpsc::unbounded_channel`), matched by its last segments.
 */
function wellKnownPath(resolved: string): string | undefined {
  if (UNBOUNDED.has(resolved)) return resolved;
  for (const known of UNBOUNDED.keys()) if (resolved.endsWith('::' + known)) return known;
  return undefined;
}

/** Configuration updates: one message per edit of a config file or settings change, sent by people, not load. */
const CONFIGURATION_TYPE = /^\w*(?:Config|Configuration|Settings)(?:Change|Changed|Update|Updated|Event|Reload)?s?$/;

export const rule = defineRustRule({
  meta: {
    id: 'unbounded-channel',
    title: 'Unbounded channel',
    priority: 'P0',
    area: 'Reliability',
    serverOnly: true,
    nonTest: true,
    action: 'Use bounded channels (`mpsc::channel(n)`) so slow consumers apply backpressure',
    docs: {
      lang: 'rust',
      what: 'Flags channels created without a capacity limit: `tokio::sync::mpsc::unbounded_channel`, `futures::channel::mpsc::unbounded`, `crossbeam_channel::unbounded`, `flume::unbounded`, `async_channel::unbounded` and `std::sync::mpsc::channel` (std\'s `channel` is unbounded), however they are imported or aliased.',
      why: 'An unbounded channel never pushes back: when the consumer is slower than the producers (a slow WebSocket client, a stalled database), messages queue in memory without limit until the process is OOM-killed. One slow client can take the whole service down, and an attacker can do it on purpose.',
      example: 'let (tx, rx) = mpsc::unbounded_channel::<ServerMessage>();\ntx.send(msg)?;',
      useInstead: 'let (tx, rx) = mpsc::channel::<ServerMessage>(1024);\n// Senders wait (or time out) when the consumer falls behind.\ntx.send_timeout(msg, Duration::from_secs(5)).await?;',
      fixSafety: 'For tokio only, the fix rewrites the call to `mpsc::channel::<T>(1024)`. It is never preferred and not applied by fix-all: the sender becomes `Sender<T>` whose `send` is `async` and fails differently, so call sites must change. Pick a capacity that fits the workload.',
      notes: 'Calls are matched through `use` items, aliases (`use tokio::sync::mpsc::unbounded_channel as chan;`), globs and fully qualified paths, also through a crate that re-exports one of these crates (`use my_common::tokio::sync::mpsc;`, `my_common::tokio::sync::mpsc::unbounded_channel()`: matched by the last path segments). Test code is exempt. Calls inside macros are analysed. Hygiene (audit profile only): a channel with one end dropped at once (`let (_, rx) = …`, `let (tx, _) = …`) or bound to a `_name` never used again, where nothing can queue; a channel of configuration updates (its message type is named `…Config`, `…Configuration` or `…Settings`, also with `Change`/`Update`/`Event`/`Reload`: one message per change, made by people; the type is the turbofish, or an annotation in the file of an end\'s name such as `event_tx: UnboundedSender<ConfigChange>`); and a request/reply channel whose message type carries a `oneshot::Sender` in every message (a struct field, every enum variant), where the queue is bounded by the callers waiting for answers — the type is read where it is declared: the same file, or the workspace crate a `use` item names. A channel whose sender is used only inside a file-system watcher\'s constructor (`notify::recommended_watcher(tx)`, a closure sending on it, `new_debouncer(…, tx)`) carries events of the watched files, one per change made by people, and the watcher\'s callback is synchronous: hygiene. Command-line tool crates and browser front-ends: audit profile only (`[non-production]`).',
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
    let target = candidates.map(wellKnownPath).find((c) => c !== undefined);
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
    const type = messageType(fnNode, node, ctx.doc.text);
    const configuration = !unused && !!type && CONFIGURATION_TYPE.test(type);
    const replies = !unused && !configuration && !!type && requestReply(ctx, type, node);
    const fileEvents = !unused && !configuration && !replies && !ctx.inMacro(node) && onlyFeedsFileWatcher(node, ctx.doc.text);
    const note = unused ? ` (The ${unused} is dropped at once or never used here, so nothing can queue today.)`
      : configuration ? ` (It carries \`${type}\` updates: one per configuration change, made by people, not by load.)`
      : replies ? ' (Each message carries a oneshot reply sender, so the queue is bounded by the callers waiting for answers.)'
      : fileEvents ? ' (Only a file-system watcher sends on it: one event per change of the watched files, and the watcher\'s synchronous callback could only block or drop on a bounded one.)' : '';
    ctx.reportNode(fnNode,
      `\`${path}()\` creates an unbounded channel${path === target ? '' : ` (\`${target}\`)`}: when the consumer falls behind, messages pile up in memory until the process is OOM-killed. Use a bounded channel (\`${UNBOUNDED.get(target)}\`) so senders get backpressure.${note}`,
      { fixes, ...(unused || configuration || replies || fileEvents ? { tier: 'hygiene' as const } : {}) });
  },
});
