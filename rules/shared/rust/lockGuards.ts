/**
 * Lock guards and their critical sections, read from tree-sitter-rust nodes: where each guard of a
 * `Mutex`/`RwLock` is taken (`.lock()`, `.read()`, `.write()`, `try_*`, std, tokio or parking_lot),
 * which lock it belongs to, how long it lives, and whether the code under it can panic.
 *
 * A guard's lifetime follows Rust's scoping rules, read from the syntax:
 * - bound by `let g = m.lock().unwrap();` (or `let g = &mut *m.lock()…`): to the end of the
 *   enclosing block, or to an explicit `drop(g)` statement of that block;
 * - bound by `if let Ok(g) = m.lock()` / `while let …` / `match m.lock() { … }`: the whole expression;
 * - a temporary (`m.lock().unwrap().insert(k, v)`): its full expression, i.e. the statement, or the
 *   terminating scope inside it that contains it (an `if`/`while` condition, a match arm, a closure
 *   body, the right operand of `&&`/`||`).
 *
 * Used by `mutex-lock-unwrap` (can a critical section of this lock panic, poisoning it?) and
 * `multiple-locks-in-struct` (does a function hold two guards at once?).
 */
import { ancestryOf } from './ancestry';
import type { RustDocument } from '../../../server/src/core/parsers/document';
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import { argumentCount, asMethodCall } from './functions';

export type LockMethod = 'lock' | 'read' | 'write' | 'try_lock' | 'try_read' | 'try_write';

export interface GuardSite {
  /** The `.lock()` call (main tree). */
  call: SyntaxNode;
  method: LockMethod;
  /** The lock's name: the last field or path segment of the receiver (`state` for `self.shared.state.lock()`). */
  key: string;
  /** The receiver's text without whitespace (`self.shared.state`). */
  receiver: string;
  /** The let-bound guard's name, when bound. */
  bound?: string;
  /** The lock call and the calls on its result that yield the guard (`.unwrap()`, `.await`, `?`…): not part of the critical section. */
  chain: SyntaxNode;
  /** Where the guard is alive, as offsets [start, end). */
  start: number;
  end: number;
  /** The nodes whose code runs while the guard is held (statements, or the full expression). */
  section: SyntaxNode[];
  /** Inside a macro invocation: the section is the macro's statement, read as text. */
  inMacro: boolean;
}

/** Whether a guard of this method can poison its lock when a panic unwinds through it (std: `Mutex` guards and `RwLock` write guards). */
export function canPoison(method: LockMethod): boolean { return method !== 'read' && method !== 'try_read'; }

const LOCK_TEXT = /\.\s*(lock|read|write|try_lock|try_read|try_write)\s*\(\s*\)/g;
const LOCK_METHODS = new Set(['lock', 'read', 'write', 'try_lock', 'try_read', 'try_write']);
/** Calls on a lock result that still yield the guard. */
const CHAIN_METHODS = new Set(['unwrap', 'expect', 'unwrap_or_else', 'map_err', 'ok', 'context', 'wrap_err', 'into_inner']);
/** Trailing calls of a lock receiver that are not part of its name (`STATE.get().unwrap().lock()`). */
const RECEIVER_NOISE = /\.(?:unwrap|expect|get|as_ref|clone|borrow|deref|lock_arc)\([^()]*\)$/;

/** The lock's name for a receiver's text: `self.shared.state` → `state`, `REGISTRY` → `REGISTRY`, `self.state()` → `state()`. */
export function lockKey(receiverText: string): string {
  let t = receiverText.replace(/\s+/g, '').replace(/^[&*(]+|\)+$/g, '');
  for (let i = 0; i < 4 && RECEIVER_NOISE.test(t); i++) t = t.replace(RECEIVER_NOISE, '');
  const parts = t.split(/\.|::/);
  return parts[parts.length - 1] || t;
}

const memo = new WeakMap<RustDocument, GuardSite[]>();

/** Every lock call of the document with its guard's scope (memoised per document). */
export function guardSites(doc: RustDocument): GuardSite[] {
  let sites = memo.get(doc);
  if (sites) return sites;
  sites = [];
  const root = doc.tree.rootNode;
  LOCK_TEXT.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = LOCK_TEXT.exec(doc.text));) {
    const nameAt = m.index + m[0].indexOf(m[1]);
    const leaf = root.descendantForIndex(nameAt, nameAt + m[1].length);
    const site = readSite(leaf, m[1] as LockMethod);
    if (site) sites.push(site);
  }
  memo.set(doc, sites);
  return sites;
}

/**
 * The lock a local names when the function bound it to a field (`if let Some(ref hash) = self.data`,
 * `let data = &self.data;`): the same lock under another name, so its sections are judged together.
 */
function aliasedLock(call: SyntaxNode, receiver: string): string | undefined {
  receiver = receiver.replace(/\s+/g, '');
  if (!/^[a-z_][a-z0-9_]*$/.test(receiver) || receiver === 'self') return undefined;
  const chain = ancestryOf(call);
  const fn = chain.node(chain.indexOf('function_item'));
  if (!fn) return undefined;
  const before = fn.text.slice(0, call.startIndex - fn.startIndex);
  const binding = new RegExp(String.raw`\blet\s+(?:(?:Some|Ok)\s*\(\s*)?(?:ref\s+)?(?:mut\s+)?${receiver}\s*\)?\s*(?::[^=]*)?=\s*&?\s*(?:mut\s+)?((?:self|[A-Z_][A-Z0-9_]*)(?:\s*\.\s*\w+)*)\s*(?:\.\s*as_ref\s*\(\s*\))?\s*[;{]`, 'g');
  let target: string | undefined;
  for (const m of before.matchAll(binding)) target = m[1];
  return target && target !== 'self' ? target : undefined;
}

/** The lock's name for the receiver of the lock call `call`, through a local bound to a field (see `aliasedLock`). */
export function lockKeyAt(call: SyntaxNode, receiverText: string): string {
  return lockKey(aliasedLock(call, receiverText) ?? receiverText);
}

function readSite(leaf: SyntaxNode, method: LockMethod): GuardSite | undefined {
  // Inside a macro: the lock is a token of a token tree; the section is the macro's statement.
  for (let n: SyntaxNode | null = leaf; n; n = n.parent) {
    if (n.type === 'token_tree') {
      let inv: SyntaxNode | null = n;
      while (inv && inv.type !== 'macro_invocation') inv = inv.parent;
      if (!inv) return undefined;
      const receiver = receiverTextBefore(leaf);
      if (!receiver) return undefined;
      const full = fullExpression(inv);
      return { call: leaf, method, key: lockKey(receiver), receiver: receiver.replace(/\s+/g, ''), chain: leaf, start: full.startIndex, end: full.endIndex, section: [full], inMacro: true };
    }
    if (n.type === 'call_expression' || n.type.endsWith('_item') || n.type === 'block') break;
  }
  const field = leaf.parent;
  const call = field?.parent;
  const mc = asMethodCall(call);
  if (!call || !mc || mc.method.startIndex !== leaf.startIndex || !LOCK_METHODS.has(mc.name) || argumentCount(mc.args) !== 0) return undefined;
  const receiver = mc.receiver.text.replace(/\s+/g, '');
  const key = lockKeyAt(call, mc.receiver.text);
  // Climb the calls that still yield the guard.
  let top = call;
  for (;;) {
    const p = top.parent;
    if (!p) break;
    if (p.type === 'await_expression' || p.type === 'try_expression') { top = p; continue; }
    if (p.type === 'field_expression' && p.childForFieldName('value')?.id === top.id) {
      const outer = asMethodCall(p.parent);
      if (outer && CHAIN_METHODS.has(outer.name)) { top = p.parent!; continue; }
    }
    break;
  }
  // `let g = &mut *chain;` extends the temporary to the binding.
  let bindable = top;
  while (bindable.parent && (bindable.parent.type === 'unary_expression' || bindable.parent.type === 'reference_expression') && /^[&*]/.test(bindable.parent.text)) {
    if (bindable.parent.type === 'unary_expression' && bindable.parent.text.startsWith('*') && bindable.parent.parent?.type !== 'reference_expression') break;
    bindable = bindable.parent;
  }
  const parent = bindable.parent;
  if (parent?.type === 'let_declaration' && parent.childForFieldName('value')?.id === bindable.id) {
    const pattern = parent.childForFieldName('pattern');
    // `let g = …`, or `let Ok(g) = … else { … }`.
    const inner = pattern?.type === 'tuple_struct_pattern' ? pattern.namedChildren.filter((c) => c.type === 'identifier').slice(1) : [];
    const name = pattern?.type === 'identifier' ? pattern.text : inner.length === 1 ? inner[0].text : undefined;
    const block = parent.parent;
    if (name && block && block.type === 'block') {
      // Alive from the `let` to the end of the block, or to `drop(name);` in the same block.
      const section: SyntaxNode[] = [];
      let end = block.endIndex;
      for (let s = parent.nextNamedSibling; s; s = s.nextNamedSibling) {
        if (isDropOf(s, name)) { end = s.endIndex; break; }
        section.push(s);
      }
      return { call, method, key, receiver, bound: name, chain: top, start: parent.endIndex, end, section, inMacro: false };
    }
  }
  const full = fullExpression(top);
  return { call, method, key, receiver, chain: top, start: full.startIndex, end: full.endIndex, section: [full], inMacro: false };
}

/** The receiver text before a `.lock` token read as text (inside macros): `self.state` in `self.state.lock()`. */
function receiverTextBefore(leaf: SyntaxNode): string | undefined {
  let text = '';
  for (let s = leaf.previousSibling; s; s = s.previousSibling) {
    if (s.type === ',' || s.type === ';' || s.type === '=' || s.type === '=>' || (s.type === 'token_tree' && !/^\(/.test(s.text))) break;
    text = s.text + text;
  }
  return text.replace(/\.\s*$/, '') || undefined;
}

function isDropOf(stmt: SyntaxNode, name: string): boolean {
  const e = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
  if (!e || e.type !== 'call_expression') return false;
  const fn = e.childForFieldName('function')?.text.replace(/\s+/g, '');
  if (fn !== 'drop' && fn !== 'std::mem::drop' && fn !== 'mem::drop' && fn !== 'core::mem::drop') return false;
  return e.childForFieldName('arguments')?.namedChildren[0]?.text === name;
}

/** The full expression whose end drops a temporary at `node`: the statement or the innermost terminating scope. */
function fullExpression(node: SyntaxNode): SyntaxNode {
  const chain = ancestryOf(node);
  // Node objects only where a parent's field is compared: the chain's types decide the rest.
  const child = (i: number) => (i === 0 ? node : chain.node(i - 1)!);
  for (let i = 0; i < chain.length; i++) {
    const t = chain.type(i)!;
    if (t === 'block' || t === 'source_file' || t === 'declaration_list') return child(i);
    if (t === 'if_expression' || t === 'while_expression' || t === 'match_arm' || t === 'closure_expression' || t === 'binary_expression') {
      const x = child(i), p = chain.node(i)!;
      if ((t === 'if_expression' || t === 'while_expression') && p.childForFieldName('condition')?.id === x.id && x.type !== 'let_condition' && x.type !== 'let_chain') return x;
      if (t === 'match_arm' && p.childForFieldName('value')?.id === x.id) return x;
      if (t === 'closure_expression' && p.childForFieldName('body')?.id === x.id) return x;
      if (t === 'binary_expression' && p.childForFieldName('right')?.id === x.id && /^(&&|\|\|)$/.test(p.childForFieldName('operator')?.text ?? '')) return x;
    }
    if (t.endsWith('_item')) return child(i);
  }
  return child(chain.length);
}

// ---------------------------------------------------------------------------------------------
// Can the code under a guard panic?

/** Methods that panic. */
const PANIC_METHODS = new Set(['unwrap', 'expect', 'unwrap_err', 'expect_err', 'unwrap_unchecked']);
/**
 * Methods that do not panic on the data a lock usually guards (std collections, Option/Result,
 * iterators, time, atomics, conversions): calling them is reading or updating the guarded data,
 * not calling out. Any other method is a call out (it may panic).
 */
const SAFE_METHODS = new Set([
  'get', 'get_mut', 'get_key_value', 'insert', 'remove', 'remove_entry', 'contains_key', 'contains', 'keys', 'values', 'values_mut',
  'into_keys', 'into_values', 'iter', 'iter_mut', 'into_iter', 'len', 'is_empty', 'clone', 'cloned', 'copied', 'collect', 'to_string',
  'to_owned', 'into', 'as_ref', 'as_mut', 'as_str', 'as_slice', 'as_deref', 'as_deref_mut', 'borrow', 'borrow_mut', 'push', 'push_back',
  'push_front', 'pop', 'pop_back', 'pop_front', 'pop_first', 'pop_last', 'clear', 'entry', 'or_insert', 'or_insert_with', 'or_default',
  'and_modify', 'key', 'retain', 'retain_mut', 'extend', 'take', 'replace', 'is_some', 'is_none', 'is_ok', 'is_err', 'is_some_and',
  'is_none_or', 'is_ok_and', 'is_err_and', 'map', 'map_or', 'map_or_else', 'and_then', 'or_else', 'filter', 'ok', 'err', 'ok_or',
  'ok_or_else', 'unwrap_or', 'unwrap_or_default', 'unwrap_or_else', 'get_or_insert_with', 'get_or_insert', 'elapsed', 'duration_since',
  'saturating_duration_since', 'checked_duration_since', 'checked_add', 'checked_sub', 'checked_mul', 'checked_div', 'saturating_add',
  'saturating_sub', 'saturating_mul', 'wrapping_add', 'wrapping_sub', 'wrapping_mul', 'max', 'min', 'cmp', 'partial_cmp', 'eq', 'ne',
  'first', 'last', 'find', 'position', 'any', 'all', 'count', 'filter_map', 'flat_map', 'rev', 'skip', 'take_while', 'skip_while',
  'chain', 'zip', 'enumerate', 'peekable', 'peek', 'next', 'next_back', 'nth', 'drain', 'truncate', 'dedup', 'sort', 'sort_by',
  'sort_by_key', 'sort_unstable', 'sort_unstable_by', 'sort_unstable_by_key', 'as_bytes', 'to_vec', 'starts_with', 'ends_with', 'trim',
  'then', 'then_some', 'inspect', 'for_each', 'fetch_add', 'fetch_sub', 'load', 'store', 'swap', 'as_secs', 'as_millis', 'as_micros',
  'as_nanos', 'as_secs_f64', 'as_secs_f32', 'subsec_millis', 'subsec_nanos', 'is_zero', 'to_lowercase', 'to_uppercase', 'range',
  'range_mut', 'split_first', 'split_last', 'last_mut', 'first_mut', 'front', 'back', 'front_mut', 'back_mut', 'min_by_key',
  'max_by_key', 'min_by', 'max_by', 'abs', 'capacity', 'shrink_to_fit', 'reserve', 'try_into', 'try_from', 'as_ptr', 'is_finished',
]);
/** Functions (by their last one or two path segments) that do not panic. */
const SAFE_FUNCTIONS = new Set([
  'drop', 'Instant::now', 'SystemTime::now', 'Utc::now', 'Local::now', 'OffsetDateTime::now_utc', 'Box::new', 'Arc::new', 'Arc::clone',
  'Rc::new', 'Rc::clone', 'String::new', 'String::from', 'Vec::new', 'Vec::with_capacity', 'HashMap::new', 'HashSet::new',
  'BTreeMap::new', 'BTreeSet::new', 'VecDeque::new', 'HashMap::with_capacity', 'HashSet::with_capacity', 'Default::default',
  'mem::take', 'mem::replace', 'mem::swap', 'Duration::from_secs', 'Duration::from_millis', 'Duration::from_micros',
  'Duration::from_nanos', 'Duration::ZERO', 'Some', 'Ok', 'Err', 'Arc::downgrade', 'Weak::upgrade', 'Arc::ptr_eq', 'Arc::strong_count',
]);
/** Macros that panic (`debug_assert!` only in debug builds). */
const PANIC_MACROS = new Set(['panic', 'assert', 'assert_eq', 'assert_ne', 'unreachable', 'todo', 'unimplemented']);
/** Macros that do not panic by themselves (their arguments are read as text). */
const SAFE_MACROS = new Set([
  'format', 'format_args', 'write', 'writeln', 'print', 'println', 'eprint', 'eprintln', 'vec', 'matches', 'debug_assert',
  'debug_assert_eq', 'debug_assert_ne', 'trace', 'debug', 'info', 'warn', 'error', 'event', 'trace_span', 'debug_span', 'info_span',
  'warn_span', 'error_span', 'span', 'concat', 'stringify', 'line', 'file', 'column', 'module_path', 'cfg', 'json', 'anyhow', 'bail',
  'eyre', 'ensure', 'dbg',
]);

function isNumberLiteral(n: SyntaxNode | null): boolean {
  return !!n && (n.type === 'integer_literal' || n.type === 'float_literal');
}

/** Whether a non-zero number literal: a divisor that cannot panic. */
function isNonZeroLiteral(n: SyntaxNode | null): boolean {
  return !!n && isNumberLiteral(n) && !/^0+(?:\.0*)?(?:_?[a-z]\w*)?$/.test(n.text.replace(/_/g, ''));
}

function functionIsSafe(fn: SyntaxNode): boolean {
  const text = fn.text.replace(/\s+/g, '').replace(/::<.*>$/, '');
  const parts = text.split('::');
  const last = parts[parts.length - 1];
  // A tuple struct or enum variant constructor: `Some(x)`, `State::Open(t)`.
  if (/^[A-Z]/.test(last)) return true;
  return SAFE_FUNCTIONS.has(last) || (parts.length >= 2 && SAFE_FUNCTIONS.has(parts.slice(-2).join('::')));
}

/**
 * Whether a call out to `name` (a method or function that is not a plain std accessor) can panic.
 * Only code that shows it counts: a function of this file whose body has an `unwrap`/`expect`, a
 * panicking macro, an index or a division by a non-literal. A library call (`handle.notify()`,
 * `str::from_utf8(…)`) reports failure by value; it is not evidence of a panic.
 */
/** Does the file's `fn name` visibly panic? `method`: called as `x.name()`, so only fns taking `self` count (a free `fn register` is not `registry.register()`). */
export type CalleePanics = (name: string, method?: boolean) => boolean;

const calleeMemo = new WeakMap<object, Map<string, boolean>>();

/** `CalleePanics` for the functions `text` (a document's text) defines. */
export function calleePanicsIn(doc: { text: string }): CalleePanics {
  let byName = calleeMemo.get(doc);
  if (!byName) { byName = new Map(); calleeMemo.set(doc, byName); }
  const memo = byName;
  return (name, method = false) => {
    const key = method ? `.${name}` : name;
    let verdict = memo.get(key);
    if (verdict === undefined) { verdict = definedBodyPanics(doc.text, name, method); memo.set(key, verdict); }
    return verdict;
  };
}

const VISIBLE_PANIC = /\.\s*(?:unwrap|expect|unwrap_err|expect_err)\s*\(|\b(?:panic|assert|assert_eq|assert_ne|unreachable|todo|unimplemented)!|[\w)\]]\s*\[(?!\s*\.\.\s*\])|[\w)\]]\s*[/%]\s*(?![\s\d/*])/;

/** Does a `fn name` of this file visibly panic in its body? */
function definedBodyPanics(text: string, name: string, method: boolean): boolean {
  // Only an identifier names a fn: a callee read from broken code (`warn!(…)}}`) would not even make a valid pattern.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return false;
  const receiver = method ? String.raw`\s*(?:<[^>{;]*>)?\s*\(\s*(?:&\s*(?:'\w+\s+)?)?(?:mut\s+)?self\b` : '';
  const re = new RegExp(`\\bfn\\s+${name}\\b${receiver}[^{;]*\\{`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let depth = 1, i = m.index + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0; i++) { if (text[i] === '{') depth++; else if (text[i] === '}') depth--; }
    const body = text.slice(start, i - 1).replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/[^\n]*/g, '');
    if (VISIBLE_PANIC.test(body)) return true;
  }
  return false;
}

/**
 * A time value: `Instant::now()`, `SystemTime`, a `Duration`, or a name that holds one (`when`, `expires_at`,
 * `deadline`, `ttl`). `Instant + Duration` panics on overflow in every build; integer `+`/`-`/`*` wraps in
 * release builds (overflow checks are a debug-build default), so counters and sizes do not poison a lock.
 */
function isTimeOperand(node: SyntaxNode | null): boolean {
  if (!node) return false;
  const t = node.text;
  if (/\b(?:Instant|SystemTime|Duration|Utc|Local|NaiveDateTime|DateTime|OffsetDateTime)\b|\bnow\s*\(\s*\)/.test(t)) return true;
  const last = /([A-Za-z_]\w*)\s*(?:\(\s*\))?\s*$/.exec(t)?.[1]?.toLowerCase() ?? '';
  return /(?:^|_)(?:at|deadline|expires?|expiry|expiration|when|duration|dur|ttl|timeout|elapsed|instant|time|now|since|until)$/.test(last);
}

/**
 * Where the code of `node` can panic (or calls out to code that may): the first such node, or
 * undefined. Panics: `unwrap`/`expect`, indexing, panicking macros, division by a non-literal,
 * `+`/`-`/`*` on a time value without a literal operand (time arithmetic panics on overflow in release
 * builds; integer arithmetic wraps there), calls that are not plain accessors of std types. `skip` is not read
 * (the lock chain itself).
 */
export function panicIn(node: SyntaxNode, calls: CalleePanics, skip?: SyntaxNode): SyntaxNode | undefined {
  if (skip && node.id === skip.id) return undefined;
  switch (node.type) {
    case 'function_item': case 'impl_item': case 'trait_item': case 'mod_item': case 'struct_item': case 'enum_item':
    case 'line_comment': case 'block_comment': case 'string_literal': case 'raw_string_literal': case 'char_literal':
      return undefined;
    case 'index_expression':
      return node;
    case 'macro_invocation': {
      const name = node.childForFieldName('macro')?.text.replace(/\s+/g, '').split('::').pop() ?? '';
      if (PANIC_MACROS.has(name)) return node;
      if (!SAFE_MACROS.has(name)) return node;
      const tt = node.namedChildren.find((c) => c.type === 'token_tree');
      return tt && macroTextPanics(tt.text.slice(1, -1), calls) ? node : undefined;
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      if (!fn) return node;
      const mc = asMethodCall(node);
      if (mc) {
        if (PANIC_METHODS.has(mc.name)) return node;
        if (!SAFE_METHODS.has(mc.name) && calls(mc.name, true)) return node;
      } else {
        const callee = fn.type === 'generic_function' ? fn.childForFieldName('function') ?? fn : fn;
        if (!functionIsSafe(callee) && calls(callee.text.replace(/\s+/g, '').replace(/::<.*>$/, '').split('::').pop()!)) return node;
      }
      break;
    }
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      const left = node.childForFieldName('left'), right = node.childForFieldName('right');
      if ((op === '/' || op === '%') && !isNonZeroLiteral(right)) return node;
      if ((op === '+' || op === '-' || op === '*') && !isNumberLiteral(left) && !isNumberLiteral(right) && (isTimeOperand(left) || isTimeOperand(right))) return node;
      break;
    }
    case 'compound_assignment_expr': {
      const op = node.childForFieldName('operator')?.text ?? '';
      const right = node.childForFieldName('right');
      if ((op === '/=' || op === '%=') && !isNonZeroLiteral(right)) return node;
      if ((op === '+=' || op === '-=' || op === '*=') && !isNumberLiteral(right) && (isTimeOperand(node.childForFieldName('left')) || isTimeOperand(right))) return node;
      break;
    }
  }
  for (const c of node.namedChildren) {
    const hit = panicIn(c, calls, skip);
    if (hit) return hit;
  }
  return undefined;
}

const STRINGS = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)'/g;
const CALL_TEXT = /(\.\s*)?\b([A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*)\s*(?:::\s*<[^()]*?>\s*)?(\(|!\s*[([{])/g;

/** The arguments of a formatting or logging macro, as text: do they panic or call out? */
export function macroTextPanics(text: string, calls: CalleePanics): boolean {
  const t = text.replace(STRINGS, '""');
  if (/[\w)\]]\s*\[/.test(t)) return true;
  // Division by something other than a non-zero literal (`%x` after `(`, `,` or `=` is a tracing sigil).
  if (/[\w)\]]\s*[/%]\s*(?!\s*0*[1-9])/.test(t)) return true;
  CALL_TEXT.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = CALL_TEXT.exec(t));) {
    const path = m[2].replace(/\s+/g, '');
    const last = path.split('::').pop()!;
    if (m[3].startsWith('!')) {
      if (PANIC_MACROS.has(last) || !SAFE_MACROS.has(last)) return true;
      continue;
    }
    if (m[1]) {
      if (PANIC_METHODS.has(last) || (!SAFE_METHODS.has(last) && calls(last, true))) return true;
    } else if (!/^[A-Z]/.test(last) && !SAFE_FUNCTIONS.has(last) && !SAFE_FUNCTIONS.has(path.split('::').slice(-2).join('::')) && calls(last)) {
      return true;
    }
  }
  return false;
}

/** The first node of a guard's critical section that can panic (see `panicIn`), or undefined. */
export function sectionPanic(site: GuardSite, calls: CalleePanics): SyntaxNode | undefined {
  if (site.inMacro) {
    // The macro's statement, read as text around the lock call.
    const full = site.section[0];
    const at = site.call.startIndex - full.startIndex;
    const text = full.text;
    // Drop the lock chain's own `.unwrap()`/`.expect(…)` right after the lock call.
    const rest = text.slice(at).replace(/^\w+\s*\(\s*\)\s*(?:\.\s*await\s*)?(?:\.\s*(?:unwrap\s*\(\s*\)|expect\s*\((?:"(?:[^"\\]|\\.)*"|[^()])*\)))?/, '');
    const macroStart = text.indexOf('!');
    const args = text.slice(macroStart + 1, at) + rest;
    const name = /([A-Za-z_]\w*)\s*$/.exec(text.slice(0, macroStart))?.[1] ?? '';
    if (!SAFE_MACROS.has(name)) return full;
    return macroTextPanics(args.replace(/^\s*[([{]|[)\]}]\s*;?\s*$/g, ''), calls) ? full : undefined;
  }
  // Text first (JS only): a section whose text has no call, index, macro, division or arithmetic
  // that could panic cannot panic; only the others are walked in the tree (every node read is a
  // native call), which also finds the node to name.
  if (!site.section.some((n) => textMayPanic(n.text, calls))) return undefined;
  for (const n of site.section) {
    const hit = panicIn(n, calls, site.chain);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * A superset of `panicIn` read from text: `macroTextPanics` (calls, indexing, division, macros)
 * plus `+`/`-`/`*` between two non-literal operands.
 */
function textMayPanic(text: string, calls: CalleePanics): boolean {
  if (macroTextPanics(text, calls)) return true;
  const t = text.replace(STRINGS, '""').replace(/\/\/[^\n]*/g, '');
  return /[\w)\]]\s*(?:[+*]|-(?!>))=?\s*(?![\d.])[\w(&*]/.test(t);
}

/** `.unwrap(` / `.expect(`, the method name in group 1 (with indices): the candidates both unwrap rules search for. */
export const UNWRAP_TEXT = /\.\s*(unwrap|expect)\s*\(/dg;

/** Text just before `.unwrap(`: a lock call (`m.lock()`), left to mutex-lock-unwrap. */
const LOCK_BEFORE = /\.\s*(lock|read|write)\s*\(\s*\)\s*$/;
export function afterLockCall(text: string, at: number): boolean { return LOCK_BEFORE.test(text.slice(Math.max(0, at - 48), at)); }

/** Blocking lock calls whose result is a `LockResult` (`try_*` return a `TryLockResult`, left alone). */
const BLOCKING_LOCK_METHODS = new Set(['lock', 'read', 'write']);

export function isLockCall(node: SyntaxNode): boolean {
  const call = asMethodCall(node);
  return !!call && BLOCKING_LOCK_METHODS.has(call.name) && argumentCount(call.args) === 0;
}
