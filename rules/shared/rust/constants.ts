/**
 * Constant inputs: expressions built only from literals and constants (`Regex::new("…")`,
 * `"0.0.0.0:1935".parse()`, `NonZeroUsize::new(16)`), the literal checks that tell a valid one
 * from one that fails on every run, and the places whose code runs at compile time or once
 * (`const`/`static` initialisers, `LazyLock`/`Lazy`/`lazy_static!`, `Default` impls).
 * Read from the tree only: no type information, no whole-program analysis.
 */
import { ancestryOf } from './ancestry';
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';

const LITERALS = new Set(['string_literal', 'raw_string_literal', 'integer_literal', 'float_literal', 'boolean_literal', 'char_literal', 'negative_literal', 'unit_expression']);
/** `MAX_RETRIES`, `UNIX_EPOCH`, `X1`: a `const`/`static` by naming convention. */
const SCREAMING = /^[A-Z][A-Z0-9_]*$/;
const CAMEL = /^[A-Z][A-Za-z0-9]*$/;
/** Compile-time macros and macros that only build values from their arguments. */
const CONSTANT_MACROS = new Set(['include_str', 'include_bytes', 'concat', 'env', 'stringify', 'format', 'vec', 'option_env', 'line', 'file', 'column', 'module_path']);
/** Enum-constructor calls that wrap a value. */
const WRAPPERS = new Set(['Some', 'Ok', 'Err']);
/**
 * Functions whose name says they read the world (I/O, environment, clock, runtime state): never
 * "constant" even with literal arguments (`TcpListener::bind("0.0.0.0:80")`, `File::open("x")`).
 */
const EFFECTFUL_NAME = /^(?:bind|connect|open|establish|read|write|load|spawn|run|get|fetch|send|recv|accept|listen|lookup|resolve|canonicalize|metadata|current|try_current|var|vars|install|init|start|create|exec|execute|query|request|now|elapsed|lock|wait|join|block_on|register)|_env$|env_|file|path|dir(?:$|_)|socket|stdin|stdout/;
/** Module paths whose free functions parse their argument without I/O (`serde_json::from_str("null")`). */
const PURE_MODULES = new Set(['serde_json', 'toml', 'serde_yaml', 'serde_yml', 'ron', 'json5', 'base64', 'hex', 'url', 'regex', 'semver', 'chrono', 'time', 'std', 'core', 'num', 'http']);
/** Methods that turn a constant into another constant (conversions, builder options, parsing). */
const PURE_METHODS = new Set([
  'parse', 'to_string', 'to_owned', 'into', 'try_into', 'as_str', 'as_bytes', 'as_ref', 'clone', 'to_vec', 'trim', 'into_bytes', 'into_owned',
  'buckets', 'namespace', 'subsystem', 'const_label', 'const_labels', 'variable_label', 'variable_labels', 'help', 'unwrap', 'expect',
  'case_insensitive', 'multi_line', 'dot_matches_new_line', 'unicode', 'size_limit', 'build',
]);
/** A literal argument naming a file: the call probably reads it, even when its name does not say so. */
const FILE_LIKE = /\.(?:toml|json|ya?ml|pem|crt|cer|der|key|env|conf|cfg|ini|db|sqlite3?|txt|csv|sql)["']?\)?$/;

/** True when `node` is built only from literals, constants and pure constructors of them. */
export function isConstantExpression(node: SyntaxNode | null | undefined, depth = 0): boolean {
  if (!node || depth > 12) return false;
  if (LITERALS.has(node.type)) return !FILE_LIKE.test(node.text);
  switch (node.type) {
    case 'identifier': return SCREAMING.test(node.text) || node.text === 'None';
    case 'scoped_identifier': {
      const name = node.childForFieldName('name')?.text ?? '';
      const path = node.childForFieldName('path')?.text ?? '';
      // `u32::MAX`, `certs::ISRG_ROOT_X1`, `Self::RAW_LENGTH`; `Ordering::Relaxed`, `Method::GET`.
      return SCREAMING.test(name) || (CAMEL.test(name) && CAMEL.test(path.split('::').pop() ?? ''));
    }
    case 'parenthesized_expression': case 'reference_expression': case 'unary_expression': case 'type_cast_expression':
      return !!node.namedChildren[0] && node.namedChildren.every((c) => c.type.endsWith('type') || c.type === 'mutable_specifier' || isConstantExpression(c, depth + 1));
    case 'binary_expression': case 'array_expression': case 'tuple_expression':
      return node.namedChildren.every((c) => c.type.endsWith('comment') || isConstantExpression(c, depth + 1));
    case 'macro_invocation': return isConstantMacro(node);
    case 'call_expression': return isConstantCall(node, depth);
    case 'struct_expression': {
      const body = node.childForFieldName('body');
      return !!body && body.namedChildren.every((f) => f.type.endsWith('comment') || (f.type === 'field_initializer' ? isConstantExpression(f.childForFieldName('value'), depth + 1) : false));
    }
    default: return false;
  }
}

function isConstantMacro(node: SyntaxNode): boolean {
  const name = (node.childForFieldName('macro')?.text ?? node.namedChildren[0]?.text ?? '').split('::').pop() ?? '';
  if (!CONSTANT_MACROS.has(name)) return false;
  const tokens = node.namedChildren.find((c) => c.type === 'token_tree');
  return !!tokens && constantTokens(tokens, name === 'format');
}

/** A macro's tokens: literals, constants, punctuation and nested token trees only. */
function constantTokens(tree: SyntaxNode, format: boolean): boolean {
  for (const t of tree.namedChildren) {
    if (t.type === 'token_tree') { if (!constantTokens(t, format)) return false; continue; }
    if (t.type === 'string_literal' || t.type === 'raw_string_literal') {
      if (format && /\{[A-Za-z_]/.test(t.text)) return false; // `format!("{name}")` captures a variable
      continue;
    }
    if (LITERALS.has(t.type) || t.type.endsWith('comment')) continue;
    if (t.type === 'identifier' && SCREAMING.test(t.text)) continue;
    if (t.type === 'primitive_type') continue;
    return false;
  }
  return true;
}

function isConstantCall(node: SyntaxNode, depth: number): boolean {
  let fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (!fn || !args) return false;
  if (fn.type === 'generic_function') fn = fn.childForFieldName('function') ?? fn;
  const argNodes = args.namedChildren.filter((c) => !c.type.endsWith('comment'));
  const constantArgs = () => argNodes.every((a) => isConstantExpression(a, depth + 1));
  if (fn.type === 'field_expression') {
    const method = fn.childForFieldName('field')?.text ?? '';
    return PURE_METHODS.has(method) && isConstantExpression(fn.childForFieldName('value'), depth + 1) && constantArgs();
  }
  if (fn.type === 'identifier') {
    // Macro-tree nodes: a nested macro reads as a call (`format ("…")`, its `!` blanked).
    if (WRAPPERS.has(fn.text) || CONSTANT_MACROS.has(fn.text)) return constantArgs() && !(fn.text === 'format' && argNodes.some((a) => /\{[A-Za-z_]/.test(a.text)));
    return false;
  }
  if (fn.type !== 'scoped_identifier') return false;
  const name = fn.childForFieldName('name')?.text ?? '';
  const path = (fn.childForFieldName('path')?.text ?? '').replace(/\s+/g, '');
  const owner = path.replace(/<.*>$/, '').split('::').pop() ?? '';
  if (EFFECTFUL_NAME.test(name)) return false;
  // A zero-argument call reads no literal: what it returns is not known to be constant.
  if (argNodes.length === 0) return false;
  const typeLike = owner === 'Self' || CAMEL.test(owner) || /^(?:[iu](?:8|16|32|64|128|size)|f32|f64|bool|char|str)$/.test(owner);
  if (!typeLike && !PURE_MODULES.has(owner)) return false;
  return constantArgs();
}

// ---------------------------------------------------------------------------------------------
// Literal checks

export interface LiteralVerdict {
  /** `valid`: the constant input is known good; `invalid`: it fails on every run; `unchecked`: constant, not checkable here. */
  verdict: 'valid' | 'invalid' | 'unchecked';
  /** What was checked, for the message: `"0.0.0.0:1935" is a valid socket address`. */
  detail?: string;
}

/** The literal string of a string/raw-string literal node (escapes of plain strings resolved loosely). */
function stringValue(node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'call_expression') {
    // `"…".to_string()`, `"…".into()`, `String::from("…")`
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    if (fn?.type === 'field_expression' && /^(?:to_string|to_owned|into)$/.test(fn.childForFieldName('field')?.text ?? '')) return stringValue(fn.childForFieldName('value') ?? undefined);
    if (fn?.type === 'scoped_identifier' && /^String::from$/.test(fn.text.replace(/\s+/g, '')) && args.length === 1) return stringValue(args[0]);
    return undefined;
  }
  if (node.type === 'reference_expression') return stringValue(node.namedChildren[node.namedChildren.length - 1]);
  if (node.type === 'raw_string_literal') return node.namedChildren.find((c) => c.type === 'string_content')?.text ?? node.text.replace(/^r#*"|"#*$/g, '');
  if (node.type === 'string_literal') {
    if (node.namedChildren.some((c) => c.type === 'escape_sequence')) {
      try { return JSON.parse(node.text.replace(/\\'/g, "'").replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))); } catch { return undefined; }
    }
    return node.text.slice(1, -1);
  }
  return undefined;
}

function integerValue(node: SyntaxNode | undefined): bigint | undefined {
  if (!node) return undefined;
  const text = node.text.replace(/_/g, '').replace(/(?:[iu](?:8|16|32|64|128|size))$/, '');
  if (node.type === 'integer_literal' || node.type === 'negative_literal') {
    try { return BigInt(text.startsWith('-') ? text : text); } catch { return undefined; }
  }
  if (node.type === 'parenthesized_expression') return integerValue(node.namedChildren[0]);
  return undefined;
}

const INT_RANGES: Record<string, [bigint, bigint]> = (() => {
  const r: Record<string, [bigint, bigint]> = {};
  for (const bits of [8, 16, 32, 64, 128]) {
    r[`u${bits}`] = [0n, (1n << BigInt(bits)) - 1n];
    r[`i${bits}`] = [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n];
  }
  r.usize = r.u64; r.isize = r.i64;
  return r;
})();

function checkSocketAddr(s: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}):(\d{1,5})$/.exec(s);
  if (v4) return v4.slice(1, 5).every((o) => Number(o) <= 255 && !/^0\d/.test(o)) && Number(v4[5]) <= 65535;
  const v6 = /^\[([0-9A-Fa-f:.]+)\]:(\d{1,5})$/.exec(s);
  return !!v6 && checkIpv6(v6[1]) && Number(v6[2]) <= 65535;
}
function checkIpv4(s: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  return !!m && m.slice(1).every((o) => Number(o) <= 255 && !/^0\d/.test(o));
}
function checkIpv6(s: string): boolean {
  try { return new URL(`http://[${s}]/`).hostname.length > 0; } catch { return false; }
}
function checkUrl(s: string): boolean {
  // The `url` crate follows the WHATWG URL standard, as Node's URL does; a relative URL is an error.
  try { new URL(s); return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s); } catch { return false; }
}
/**
 * What the `regex` crate rejects that a glance can see: look-around, backreferences, unbalanced
 * groups or classes. (A finer check would need the crate's own parser: others are `unchecked`.)
 */
function regexProblem(s: string): string | undefined {
  if (/\(\?<?[=!]/.test(s.replace(/\\\\/g, ''))) return 'look-around is not supported by the regex crate';
  if (/(?:^|[^\\])(?:\\\\)*\\[1-9]/.test(s)) return 'backreferences are not supported by the regex crate';
  let depth = 0, inClass = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']' && s[i - 1] !== '[' && !(s[i - 1] === '^' && s[i - 2] === '[')) inClass = false; continue; }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') { if (--depth < 0) return 'unbalanced `)`'; }
  }
  if (inClass) return 'unclosed character class';
  if (depth !== 0) return 'unclosed group';
  return undefined;
}
function checkParse(value: string, type: string | undefined): LiteralVerdict {
  const shown = JSON.stringify(value);
  const t = type?.replace(/^(?:std|core)::(?:net|num)::/, '').replace(/^net::/, '');
  if (t && INT_RANGES[t]) {
    const ok = /^[+-]?\d+$/.test(value) && BigInt(value) >= INT_RANGES[t][0] && BigInt(value) <= INT_RANGES[t][1];
    return { verdict: ok ? 'valid' : 'invalid', detail: `${shown} ${ok ? 'is' : 'is not'} a valid \`${t}\`` };
  }
  if (t === 'f32' || t === 'f64') {
    const ok = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i.test(value);
    return { verdict: ok ? 'valid' : 'invalid', detail: `${shown} ${ok ? 'is' : 'is not'} a valid \`${t}\`` };
  }
  if (t === 'bool') { const ok = value === 'true' || value === 'false'; return { verdict: ok ? 'valid' : 'invalid', detail: `${shown} ${ok ? 'is' : 'is not'} a valid \`bool\`` }; }
  if (t === 'SocketAddr' || t === 'SocketAddrV4' || t === 'SocketAddrV6') {
    const ok = checkSocketAddr(value) && (t !== 'SocketAddrV4' || !value.startsWith('[')) && (t !== 'SocketAddrV6' || value.startsWith('['));
    return { verdict: ok ? 'valid' : 'invalid', detail: `${shown} ${ok ? 'is' : 'is not'} a valid socket address` };
  }
  if (t === 'IpAddr' || t === 'Ipv4Addr' || t === 'Ipv6Addr') {
    const ok = (t !== 'Ipv6Addr' && checkIpv4(value)) || (t !== 'Ipv4Addr' && value.includes(':') && checkIpv6(value));
    return { verdict: ok ? 'valid' : 'invalid', detail: `${shown} ${ok ? 'is' : 'is not'} a valid IP address` };
  }
  if (t === 'Url' || t === 'url::Url') {
    const ok = checkUrl(value);
    return { verdict: ok ? 'valid' : 'invalid', detail: `${shown} ${ok ? 'is' : 'is not'} a valid URL` };
  }
  if (t === 'String') return { verdict: 'valid' };
  // Type not written: judge the shape only when it is unmistakable.
  if (/^[\d.]+:\d+$|^\[[0-9A-Fa-f:.]+\]:\d+$/.test(value) && checkSocketAddr(value)) return { verdict: 'valid', detail: `${shown} is a valid socket address` };
  return { verdict: 'unchecked' };
}

const CHRONO_LIMITS: Record<string, bigint> = {
  // TimeDelta's bound is i64::MAX milliseconds.
  try_weeks: 9223372036854775807n / 604800000n, try_days: 9223372036854775807n / 86400000n,
  try_hours: 9223372036854775807n / 3600000n, try_minutes: 9223372036854775807n / 60000n,
  try_seconds: 9223372036854775807n / 1000n, try_milliseconds: 9223372036854775807n,
};

/**
 * The unwrapped receiver, when it is a literal input the rule can check: a literal `.parse()`
 * (target type from the turbofish or the `let` annotation), `Url::parse("…")`, `Regex::new("…")`,
 * `NonZero*::new(n)`, `TimeDelta::try_*(n)`, `StatusCode::from_u16(n)`, `HeaderName`/`HeaderValue`.
 * Undefined when the receiver is no such call.
 */
export function checkLiteralInput(receiver: SyntaxNode, letType: string | undefined): LiteralVerdict | undefined {
  if (receiver.type !== 'call_expression') return undefined;
  let fn = receiver.childForFieldName('function');
  const args = (receiver.childForFieldName('arguments')?.namedChildren ?? []).filter((c) => !c.type.endsWith('comment'));
  if (!fn) return undefined;
  let turbofish: string | undefined;
  if (fn.type === 'generic_function') {
    turbofish = fn.childForFieldName('type_arguments')?.namedChildren[0]?.text.replace(/\s+/g, '');
    fn = fn.childForFieldName('function') ?? fn;
  }
  if (fn.type === 'field_expression' && fn.childForFieldName('field')?.text === 'parse' && args.length === 0) {
    const value = stringValue(fn.childForFieldName('value') ?? undefined);
    if (value === undefined) return undefined;
    return checkParse(value, turbofish ?? letType);
  }
  if (fn.type !== 'scoped_identifier') return undefined;
  const name = fn.childForFieldName('name')?.text ?? '';
  const owner = (fn.childForFieldName('path')?.text ?? '').replace(/\s+/g, '').split('::').pop() ?? '';
  const str = stringValue(args[0]);
  const int = integerValue(args[0]);
  if (/^(?:Url|Uri)$/.test(owner) && /^(?:parse|from_str|try_from|from_static)$/.test(name) && str !== undefined) {
    const ok = checkUrl(str) || (owner === 'Uri' && str.startsWith('/'));
    return { verdict: ok ? 'valid' : 'invalid', detail: `${JSON.stringify(str)} ${ok ? 'is' : 'is not'} a valid URL` };
  }
  if (/^(?:AuthUrl|TokenUrl|RedirectUrl|IntrospectionUrl|RevocationUrl|DeviceAuthorizationUrl|IssuerUrl)$/.test(owner) && name === 'new' && str !== undefined) {
    const ok = checkUrl(str);
    return { verdict: ok ? 'valid' : 'invalid', detail: `${JSON.stringify(str)} ${ok ? 'is' : 'is not'} a valid URL` };
  }
  if (/^(?:Regex|RegexSet|RegexBuilder|bytes::Regex)$/.test(owner) && name === 'new' && str !== undefined) {
    const problem = regexProblem(str);
    return problem ? { verdict: 'invalid', detail: `${JSON.stringify(str)} is not a valid regex (${problem})` } : { verdict: 'unchecked' };
  }
  if (/^NonZero(?:U|I)?(?:8|16|32|64|128|size)?$|^NonZero$/.test(owner) && name === 'new' && int !== undefined) {
    const ok = int !== 0n;
    return { verdict: ok ? 'valid' : 'invalid', detail: `\`${owner}::new(${args[0].text})\` ${ok ? 'is never' : 'is always'} \`None\`` };
  }
  if (/^(?:TimeDelta|Duration)$/.test(owner) && CHRONO_LIMITS[name] !== undefined && int !== undefined) {
    const limit = CHRONO_LIMITS[name];
    const ok = int <= limit && int >= -limit;
    return { verdict: ok ? 'valid' : 'invalid', detail: `\`${owner}::${name}(${args[0].text})\` is ${ok ? 'within' : 'out of'} range` };
  }
  if (owner === 'StatusCode' && name === 'from_u16' && int !== undefined) {
    const ok = int >= 100n && int <= 999n;
    return { verdict: ok ? 'valid' : 'invalid', detail: `${args[0].text} ${ok ? 'is' : 'is not'} a valid status code` };
  }
  if (owner === 'HeaderValue' && /^(?:from_str|try_from)$/.test(name) && str !== undefined) {
    const ok = /^[\t\x20-\x7e\x80-\xff]*$/.test(str);
    return { verdict: ok ? 'valid' : 'invalid', detail: `${JSON.stringify(str)} ${ok ? 'is' : 'is not'} a valid header value` };
  }
  if (owner === 'HeaderName' && /^(?:from_str|try_from|from_lowercase)$/.test(name) && str !== undefined) {
    const ok = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(str);
    return { verdict: ok ? 'valid' : 'invalid', detail: `${JSON.stringify(str)} ${ok ? 'is' : 'is not'} a valid header name` };
  }
  if (INT_RANGES[owner] && name === 'try_from' && int !== undefined) {
    const ok = int >= INT_RANGES[owner][0] && int <= INT_RANGES[owner][1];
    return { verdict: ok ? 'valid' : 'invalid', detail: `${args[0].text} ${ok ? 'fits' : 'does not fit'} in \`${owner}\`` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Where the code runs

export type ConstContext =
  /** A `const`/`static` initialiser or array length: evaluated by the compiler, never at run time. */
  | 'compile-time'
  /** The body of a `const fn`: may run at compile time or at run time. */
  | 'const-fn'
  /** The initialiser of a lazy static (`LazyLock::new(|| …)`, `Lazy::new`, `lazy_static!`, `OnceLock::get_or_init`): runs once. */
  | 'lazy'
  /** A `Default::default` body. */
  | 'default'
  | undefined;

const LAZY_CTOR = /^(?:(?:std::sync::|once_cell::sync::|once_cell::unsync::|sync::)?(?:LazyLock|Lazy|LazyCell)::new)$/;

/**
 * The innermost construct that tells when `node` runs: a const/static initialiser (compile time,
 * unless inside a closure), a lazy-static initialiser, a `Default` impl, a `const fn`.
 * `host` is the main-tree node for macro-tree nodes (`lazy_static! { … }` is judged by its host).
 */
export function constContextOf(node: SyntaxNode, host: SyntaxNode | undefined): ConstContext {
  if (host && host !== node) {
    // Inside a macro: `lazy_static! { static ref X: T = …; }` runs once, at first use (its interior
    // reads as a `static` item, which must not count as compile time).
    const around = ancestryOf(host);
    for (let i = -1; i < around.length; i++) {
      const type = i < 0 ? host.type : around.type(i);
      const n = () => (i < 0 ? host : around.node(i)!);
      if (type === 'macro_invocation' && /(?:^|::)lazy_static$/.test(n().childForFieldName('macro')?.text ?? n().namedChildren[0]?.text ?? '')) return 'lazy';
      if (type === 'function_item') break;
    }
  }
  let inClosure = false;
  const chain = ancestryOf(node);
  for (let i = 0; i < chain.length; i++) {
    // The node object only in the cases that read it: on a deep chain most levels are blocks.
    const n = () => chain.node(i)!;
    switch (chain.type(i)) {
      case 'closure_expression': inClosure = true; break;
      case 'call_expression': {
        if (!inClosure) break;
        const fn = n().childForFieldName('function');
        const text = fn?.text.replace(/\s+/g, '') ?? '';
        if (LAZY_CTOR.test(text) || /\.(?:get_or_init|get_or_try_init)$/.test(text)) return 'lazy';
        break;
      }
      case 'const_item': case 'static_item':
        // A `static` read from a macro's interior (`thread_local! { static X: … = … }`) is no item of the program.
        if (host && host !== node) break;
        return inClosure ? undefined : 'compile-time';
      case 'macro_invocation': {
        const name = n().childForFieldName('macro')?.text ?? n().namedChildren[0]?.text ?? '';
        if (/(?:^|::)lazy_static$/.test(name)) return 'lazy';
        break;
      }
      case 'function_item': {
        const mods = n().namedChildren.find((c) => c.type === 'function_modifiers');
        if (mods && /\bconst\b/.test(mods.text)) return 'const-fn';
        const name = n().childForFieldName('name')?.text;
        if (name === 'default') {
          const impl = chain.type(i + 1) === 'declaration_list' ? chain.node(i + 2) : undefined;
          const trait = impl?.type === 'impl_item' ? impl.childForFieldName('trait')?.text.replace(/\s+/g, '') : undefined;
          if (trait && /(?:^|::)Default$/.test(trait)) return 'default';
        }
        return undefined;
      }
      case 'source_file': break;
    }
  }
  if (host && host !== node) return constContextOf(host, undefined);
  return undefined;
}

/** `register_*!(…)` / `registry.register(Box::new(METRIC.clone()))`: registering a metric. */
export function isMetricRegistration(receiver: SyntaxNode): boolean {
  if (receiver.type === 'macro_invocation') {
    const name = (receiver.childForFieldName('macro')?.text ?? receiver.namedChildren[0]?.text ?? '').split('::').pop() ?? '';
    return /^register_[a-z_]+$/.test(name);
  }
  if (receiver.type !== 'call_expression') return false;
  const fn = receiver.childForFieldName('function');
  if (fn?.type === 'identifier') return /^register_[a-z_]+$/.test(fn.text); // macro-tree form of `register_x!(…)`
  if (fn?.type !== 'field_expression' || fn.childForFieldName('field')?.text !== 'register') return false;
  const arg = receiver.childForFieldName('arguments')?.namedChildren[0];
  return !!arg && /^Box::new\(\s*[A-Z][A-Z0-9_]*(?:\s*\.\s*clone\(\s*\))?\s*\)$/.test(arg.text);
}
