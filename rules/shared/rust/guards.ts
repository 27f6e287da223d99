/**
 * Guarded unwraps: `x.unwrap()` where the function's own straight-line control flow has already
 * established that `x` is `Some`/`Ok` (or that a collection is non-empty). Read from the tree of
 * the enclosing function only: conditions of enclosing `if`s and `&&` chains, `if let`/`match`
 * arms, early returns before the statement, `take()` right after assigning `Some`.
 */
import { ancestryOf } from './ancestry';
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';

/** Adapters that keep the Option/Result-ness of what they are called on. */
const ADAPTERS = /(?:\s*\.\s*(?:as_ref|as_mut|as_deref|as_deref_mut|clone|cloned|copied|as_pin_mut)\s*\(\s*\))+$/;
/** Collection accessors that are `Some` when the collection is non-empty. */
const NON_EMPTY_ACCESSORS = /^(.*?)\s*\.\s*(?:first|last|first_mut|last_mut|iter\s*\(\s*\)\s*\.\s*(?:next|last|max|min|next_back)|into_iter\s*\(\s*\)\s*\.\s*(?:next|last|max|min)|chars\s*\(\s*\)\s*\.\s*(?:next|last|next_back)|drain\s*\(\s*\.\.\s*\)\s*\.\s*next|pop|keys\s*\(\s*\)\s*\.\s*next|values\s*\(\s*\)\s*\.\s*next)\s*\(\s*\)$/s;

const norm = (s: string) => s.replace(/\s+/g, '');
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the unwrap needs: `opt` is Some (the value itself), or `list` is non-empty, or `path` exists. */
interface Need { value?: string; nonEmpty?: string; taken?: string; nonZero?: string; existing?: string }

/** `Path::new(p)`, `&p`, `p.as_path()`, `p.as_ref()`: the path expression itself, without whitespace. */
function pathOf(text: string): string {
  let t = norm(text);
  for (let prev = ''; prev !== t;) {
    prev = t;
    t = t.replace(/^&/, '').replace(/^(?:(?:std::)?path::)?Path::new\((.*)\)$/s, '$1').replace(/\.(?:as_path|as_ref|as_os_str)\(\)$/, '');
  }
  return t;
}

/**
 * `fs::canonicalize(p)`, `p.canonicalize()`, `fs::metadata(p)`, `p.metadata()`: they fail when `p`
 * does not exist (or a component cannot be searched, which `exists()` also reports as false).
 */
const NEEDS_EXISTING = /^(?:(?:std::)?fs::(?:canonicalize|metadata)\((.*)\)|(.*)\.(?:canonicalize|metadata)\(\))$/s;

function needOf(receiver: SyntaxNode): Need | undefined {
  const text = receiver.text;
  const existing = NEEDS_EXISTING.exec(norm(text));
  if (existing) return { existing: pathOf(existing[1] ?? existing[2]) };
  // `NonZeroU32::new(rps * 60)`: Some when `rps` is positive (a positive literal factor keeps it so).
  const nz = /^(?:[\w:]*::)?NonZero\w*\s*::\s*new\s*\(\s*([A-Za-z_][\w.]*)(?:\s*\*\s*[1-9][\d_]*)?\s*\)$/s.exec(text)
    ?? /^(?:[\w:]*::)?NonZero\w*\s*::\s*new\s*\(\s*[1-9][\d_]*\s*\*\s*([A-Za-z_][\w.]*)\s*\)$/s.exec(text);
  if (nz) return { nonZero: norm(nz[1]) };
  const taken = /^(.*?)\s*\.\s*take\s*\(\s*\)$/s.exec(text);
  if (taken) return { taken: norm(taken[1]), value: norm(taken[1]) };
  const coll = NON_EMPTY_ACCESSORS.exec(text);
  if (coll && coll[1]) return { nonEmpty: norm(coll[1]) };
  const base = norm(text.replace(ADAPTERS, ''));
  if (!/^[A-Za-z_][\w.]*$/.test(base)) return undefined; // a path of fields: `x`, `self.uri`, `query.search`
  return { value: base };
}

/** Does `cond` (when true) establish the need? `positive`: the condition holds; else: it is false. */
function establishes(cond: SyntaxNode, need: Need, positive: boolean, fn: SyntaxNode, depth = 0): boolean {
  if (depth > 6) return false;
  switch (cond.type) {
    case 'parenthesized_expression': return establishes(cond.namedChildren[0], need, positive, fn, depth + 1);
    case 'unary_expression':
      if (cond.text.trimStart().startsWith('!')) return establishes(cond.namedChildren[0], need, !positive, fn, depth + 1);
      return false;
    case 'binary_expression': {
      const op = cond.childForFieldName('operator')?.text;
      const l = cond.childForFieldName('left'), r = cond.childForFieldName('right');
      if (!l || !r) return false;
      // a && b true: both hold. a || b false: both fail.
      if ((op === '&&' && positive) || (op === '||' && !positive)) return establishes(l, need, positive, fn, depth + 1) || establishes(r, need, positive, fn, depth + 1);
      if (need.nonEmpty) return lengthGuard(op, l, r, need.nonEmpty, positive);
      if (need.nonZero) return positiveGuard(op, l, r, need.nonZero, positive);
      return false;
    }
    case 'identifier': {
      // `let has_search = query.search.is_some(); … if has_search { … }`
      const def = letValueOf(fn, cond.text, cond.startIndex);
      return !!def && establishes(def, need, positive, fn, depth + 1);
    }
    case 'macro_invocation': {
      // matches!(x, Some(..)) / matches!(x, Some(v) if …)
      const name = cond.childForFieldName('macro')?.text ?? cond.namedChildren[0]?.text;
      if (name !== 'matches' || !need.value || !positive) return false;
      const m = /^matches!\s*[([{]\s*(.*?)\s*,\s*(?:Some|Ok)\s*\(/s.exec(cond.text);
      return !!m && norm(m[1]).replace(ADAPTERS, '') === need.value;
    }
    case 'call_expression': {
      // `Path::new(p).exists()`, `p.is_file()`: the path's metadata was readable a moment ago.
      const exists = need.existing && /^(.*)\.(?:exists|is_file|is_dir)\(\)$/s.exec(norm(cond.text));
      if (exists) return positive && pathOf(exists[1]) === need.existing;
      const m = /^(.*?)\s*\.\s*(is_some|is_none|is_ok|is_err|is_empty|is_some_and|is_ok_and)\s*\(/s.exec(cond.text);
      if (!m) return false;
      const subject = norm(m[1]).replace(ADAPTERS, '');
      const method = m[2];
      if (need.value && subject === need.value) {
        if (positive) return method === 'is_some' || method === 'is_ok' || method === 'is_some_and' || method === 'is_ok_and';
        return method === 'is_none' || method === 'is_err';
      }
      if (need.nonEmpty && subject === need.nonEmpty && method === 'is_empty') return !positive;
      return false;
    }
    default: return false;
  }
}

/** `v.len() > 0`, `v.len() == 1`, `v.len() >= 1` (true), `v.len() < n`, `v.len() == 0` (false). */
/** `x > 0`, `x != 0`, `x >= 1` (true), or `x == 0` / `x < 1` (false): `x` is non-zero. */
function positiveGuard(op: string | undefined, l: SyntaxNode, r: SyntaxNode, name: string, positive: boolean): boolean {
  const zero = (n: SyntaxNode) => /^0(?:_?[iu](?:8|16|32|64|128|size))?$/.test(norm(n.text));
  const one = (n: SyntaxNode) => /^1(?:_?[iu](?:8|16|32|64|128|size))?$/.test(norm(n.text));
  if (norm(l.text) === name) {
    if (positive) return (op === '>' || op === '!=') && zero(r) || op === '>=' && one(r);
    return op === '==' && zero(r) || op === '<' && one(r) || op === '<=' && zero(r);
  }
  if (norm(r.text) === name) {
    if (positive) return (op === '<' || op === '!=') && zero(l) || op === '<=' && one(l);
    return op === '==' && zero(l);
  }
  return false;
}

function lengthGuard(op: string | undefined, l: SyntaxNode, r: SyntaxNode, list: string, positive: boolean): boolean {
  const lenOf = (n: SyntaxNode) => { const m = /^(.*?)\s*\.\s*len\s*\(\s*\)$/s.exec(n.text); return m ? norm(m[1]) === list : false; };
  const num = (n: SyntaxNode) => (/^\d+$/.test(n.text) ? Number(n.text) : undefined);
  let o = op; let other = r;
  if (!lenOf(l)) {
    if (!lenOf(r)) return false;
    other = l;
    o = ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op ?? ''] ?? op;
  }
  const k = num(other);
  if (positive) {
    if (o === '>') return true; // len > anything ≥ 0
    if (o === '>=' || o === '==') return k !== undefined && k >= 1;
    if (o === '!=') return k === 0;
    return false;
  }
  // The condition is false: `len < k` false → len ≥ k; `len == 0` false → non-empty.
  if (o === '<') return k === undefined || k >= 1;
  if (o === '<=' || o === '==') return k === 0;
  return false;
}

/** The value of `let name = …;` in `fn`, before `before`. */
function letValueOf(fn: SyntaxNode, name: string, before: number): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (const decl of fn.descendantsOfType('let_declaration')) {
    if (decl.startIndex >= before) break;
    if (decl.childForFieldName('pattern')?.text === name) found = decl.childForFieldName('value') ?? undefined;
  }
  return found;
}

/** Whether a block always leaves the function or loop (`return`, `continue`, `break`, a `panic!`). */
function diverges(block: SyntaxNode | null | undefined): boolean {
  if (!block) return false;
  if (block.type === 'return_expression' || block.type === 'continue_expression' || block.type === 'break_expression') return true;
  if (block.type !== 'block') return false;
  const stmts = block.namedChildren.filter((c) => !c.type.endsWith('comment'));
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  const e = last.type === 'expression_statement' ? last.namedChildren[0] : last;
  if (!e) return false;
  if (e.type === 'return_expression' || e.type === 'continue_expression' || e.type === 'break_expression') return true;
  if (e.type === 'macro_invocation') return /^(?:panic|unreachable|bail|todo|unimplemented)$/.test((e.childForFieldName('macro')?.text ?? '').split('::').pop() ?? '');
  return false;
}

/** `if let Some(_) = x` / `while let Some(_) = x` / `match x { Some(_) => … }` arms for `need.value`. */
function patternEstablishes(pattern: SyntaxNode | null | undefined, scrutinee: SyntaxNode | null | undefined, need: Need): boolean {
  if (!pattern || !scrutinee || !need.value) return false;
  return /^(?:Some|Ok)\s*\(/.test(pattern.text.trim()) && norm(scrutinee.text).replace(ADAPTERS, '') === need.value;
}

/**
 * True when the unwrap `call` (whose receiver is `receiver`) cannot fail by the function's own
 * control flow. `fn` bounds the search (the enclosing fn, closure or async block's outer fn).
 */
export function isGuardedUnwrap(receiver: SyntaxNode, call: SyntaxNode, fn: SyntaxNode | undefined, host?: SyntaxNode): boolean {
  if (!fn) return false;
  const need = needOf(receiver);
  if (!need) return false;
  // Inside a macro (`format!("{}", x.unwrap())`) the main-tree invocation stands for the call.
  const at = host ?? call;
  if (need.taken && (assignedSomeBefore(fn, need.taken, at) || pipedStream(fn, need.taken))) return true;
  return (host !== undefined && guardedFrom(call, need, fn)) || guardedFrom(at, need, fn);
}

function guardedFrom(at: SyntaxNode, need: Need, fn: SyntaxNode): boolean {
  const chain = ancestryOf(at);
  // Up to the function itself, not beyond; node objects only at the levels a case reads.
  for (let i = 0; i < chain.length; i++) {
    if (chain.type(i) === fn.type && chain.start(i) === fn.startIndex && chain.node(i)!.id === fn.id) break;
    if (chain.type(i) !== 'if_expression' && chain.type(i) !== 'binary_expression' && chain.type(i) !== 'match_arm' && chain.type(i) !== 'block') continue;
    const n = chain.node(i)!;
    const child = i === 0 ? at : chain.node(i - 1)!;
    switch (chain.type(i)) {
      case 'if_expression': {
        const cond = n.childForFieldName('condition');
        const cons = n.childForFieldName('consequence');
        const alt = n.childForFieldName('alternative');
        if (!cond) break;
        if (cons && child.startIndex >= cons.startIndex && child.endIndex <= cons.endIndex) {
          if (cond.type === 'let_condition' && patternEstablishes(cond.childForFieldName('pattern'), cond.childForFieldName('value'), need)) return true;
          if (cond.type === 'let_chain') {
            for (const c of cond.namedChildren) {
              if (c.type === 'let_condition' ? patternEstablishes(c.childForFieldName('pattern'), c.childForFieldName('value'), need) : establishes(c, need, true, fn)) return true;
            }
          } else if (establishes(cond, need, true, fn)) return true;
        } else if (alt && child.startIndex >= alt.startIndex && establishes(cond, need, false, fn)) return true;
        break;
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        if (l && r && child.startIndex >= r.startIndex) {
          if (op === '&&' && establishes(l, need, true, fn)) return true;
          if (op === '||' && establishes(l, need, false, fn)) return true;
        }
        break;
      }
      case 'match_arm': {
        const pattern = n.childForFieldName('pattern');
        const match = chain.node(i + 2);
        if (match?.type === 'match_expression' && patternEstablishes(pattern?.namedChildren[0] ?? pattern, match.childForFieldName('value'), need)) return true;
        break;
      }
      case 'block': {
        // Early exits before the statement: `if x.is_none() { return … }`.
        for (const stmt of n.namedChildren) {
          if (stmt.startIndex >= child.startIndex) break;
          const e = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : stmt;
          if (e?.type !== 'if_expression') continue;
          const cond = e.childForFieldName('condition');
          if (cond && !e.childForFieldName('alternative') && diverges(e.childForFieldName('consequence')) && cond.type !== 'let_condition' && establishes(cond, need, false, fn)) return true;
        }
        break;
      }
    }
  }
  return false;
}

/** `child.stdin.take()` of a child spawned in this fn with `.stdin(Stdio::piped())`: always `Some`. */
function pipedStream(fn: SyntaxNode, target: string): boolean {
  const stream = /\.(stdin|stdout|stderr)$/.exec(target);
  return !!stream && new RegExp(`\\.\\s*${stream[1]}\\s*\\(\\s*(?:[\\w:]*::)?Stdio::piped\\s*\\(\\s*\\)\\s*\\)`).test(fn.text);
}

/** `self.handle = Some(…);` earlier in `fn`, with no other `.take()` of it in between. */
function assignedSomeBefore(fn: SyntaxNode, target: string, call: SyntaxNode): boolean {
  const body = fn.text;
  const offset = call.startIndex - fn.startIndex;
  const before = body.slice(0, offset);
  const pattern = target.split('.').map(esc).join('\\s*\\.\\s*');
  const assign = new RegExp(`(?:^|[^\\w.])${pattern}\\s*=\\s*Some\\s*\\(`, 'g');
  let last = -1;
  for (let m = assign.exec(before); m; m = assign.exec(before)) last = m.index;
  if (last < 0) return false;
  // Straight-line: the assignment's block also holds the unwrap (not a branch that may not run).
  let block: SyntaxNode | null = fn.descendantForIndex(fn.startIndex + last + 1);
  while (block && block.type !== 'block' && block !== fn) block = block.parent;
  if (!block || block.type !== 'block' || call.startIndex < block.startIndex || call.endIndex > block.endIndex) return false;
  const between = before.slice(last);
  return !new RegExp(`${pattern}\\s*\\.\\s*take\\s*\\(|${pattern}\\s*=\\s*None`).test(between);
}
