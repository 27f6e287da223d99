import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { asMethodCall, argumentCount } from '../shared/rust/functions';
import { secretNameTest } from '../shared/rust/secretCache';
import { addUseEdit } from '../shared/rust/imports';
import { extraSecretNames, identifierWords, isSecretName } from '../shared/secretNames';
import { ancestryOf } from '../shared/rust/ancestry';
import { namedOnlyByToken, usesEventLoopTokens } from '../shared/rust/eventTokens';

/** Names that are secrets when compared (on top of the shared list): MACs, signatures, CSRF/OAuth state. */
const COMPARE_EXTRA = [
  'signature', 'hmac', 'mac', 'digest', 'csrf', 'xsrf', 'password_hash', 'pass_hash', 'pw_hash',
  'oauth_state', 'expected_state', 'csrf_state', 'stored_state', 'saved_state', 'received_state', 'session_state',
];
/** Words that make a `mac`/`digest` name something else: `mac_address`. */
const NOT_SECRET = /mac_?addr|macaddr|mac_?os|machine/i;
/** Methods that keep the compared value: `token.as_str() == other`. */
const PASS_THROUGH = new Set(['as_str', 'as_bytes', 'as_ref', 'as_slice', 'as_deref', 'to_string', 'to_owned', 'clone', 'expose_secret', 'trim', 'unwrap', 'into_bytes', 'to_vec', 'deref']);

/**
 * The value an operand compares, under what passes it through: `&x`, `*x`, `(x)`, `Some(x)`, and
 * argument-less pass-through calls (`sig.as_bytes()`, `token.expose_secret()`, `x.clone()`).
 */
function comparedValue(node: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | undefined = node;
  for (let depth = 0; n && depth < 6; depth++) {
    if (n.type === 'reference_expression' || n.type === 'unary_expression' && n.text.startsWith('*') || n.type === 'parenthesized_expression') { n = n.namedChildren[n.namedChildren.length - 1]; continue; }
    if (n.type !== 'call_expression') break;
    // `Some(expected_token.expose_secret())`: the wrapped value is compared.
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    if (fn?.text === 'Some' && args && argumentCount(args) === 1) { n = args.namedChildren.find((c) => !c.type.endsWith('comment')); continue; }
    const m = asMethodCall(n);
    if (!m || !PASS_THROUGH.has(m.name) || argumentCount(m.args) !== 0) return n;
    n = m.receiver;
  }
  return n;
}

/** The secret-looking name an operand reads (`token`, `self.config.api_key`, `sig.as_bytes()`), if any. */
function secretOperand(node: SyntaxNode, extra: readonly string[]): string | undefined {
  const n = comparedValue(node);
  if (!n) return undefined;
  let name: string | undefined;
  if (n.type === 'identifier') name = n.text;
  else if (n.type === 'field_expression') name = n.childForFieldName('field')?.text;
  if (!name || NOT_SECRET.test(name) || HEADER_CONSTANT.test(name) || /\bheader::/.test(n.text)) return undefined;
  // An identifier (`session_id`, `key_id`): compared to find or tell apart records, never to verify a caller (a lookup by a
  // bearer id goes through a map or the database, and timing there is not this rule's to judge).
  if (/(?:^|_)ids?$/i.test(name) || /[a-z]Ids?$/.test(name)) return undefined;
  return isSecretName(name, { extra }) ? name : undefined;
}

/** HTTP header-name constants (`http::header::COOKIE`, `AUTHORIZATION`): comparing them compares names, not secrets. */
const HEADER_CONSTANT = /^(COOKIE|SET_COOKIE|AUTHORIZATION|PROXY_AUTHORIZATION|WWW_AUTHENTICATE|[A-Z0-9_]+_HEADER(_NAME)?)$/;

/** Words that make a second copy of the same value: `password_confirm`, `repeat_password`, `password2`. */
const CONFIRM_WORDS = new Set(['confirm', 'confirmation', 'confirmed', 'verify', 'verification', 'repeat', 'repeated', 'again', 'retype', 'retyped', 'check', '2']);
/** Words of an older or newer version of the same value: `new_password == old_password`. */
const VERSION_WORDS = new Set(['old', 'new', 'orig', 'original', 'prev', 'previous', 'current', 'updated', 'last', 'next']);

function wordsOf(name: string): string[] {
  return identifierWords(name.replace(/([A-Za-z])(\d+)$/, '$1_$2'));
}

/**
 * Two values of the same secret from the same request or the same place, compared for another
 * reason than authentication: a form's confirmation field (`password != password_confirm`), a
 * change check (`new_password == old_password`), or a copy taken earlier in the function
 * (`let orig_token = client.token.clone(); … orig_token != client.token`).
 */
function sameSecretPair(left: SyntaxNode, right: SyntaxNode, leftName: string | undefined, rightName: string | undefined, ctx: RustRuleContext): boolean {
  if (!leftName || !rightName) return false;
  const l = wordsOf(leftName);
  const r = wordsOf(rightName);
  const base = (w: string[], drop: Set<string>) => w.filter((x) => !drop.has(x)).join('_');
  const lc = l.some((w) => CONFIRM_WORDS.has(w));
  const rc = r.some((w) => CONFIRM_WORDS.has(w));
  if (lc !== rc && base(l, CONFIRM_WORDS) === base(r, CONFIRM_WORDS)) return true;
  // `password != confirm`: the re-typed value, named by the confirmation alone.
  if (lc !== rc && (l.every((w) => CONFIRM_WORDS.has(w)) || r.every((w) => CONFIRM_WORDS.has(w)))) return true;
  if (l.some((w) => VERSION_WORDS.has(w)) && r.some((w) => VERSION_WORDS.has(w)) && base(l, VERSION_WORDS) === base(r, VERSION_WORDS)) return true;
  return copiedFrom(left, right, ctx) || copiedFrom(right, left, ctx);
}

/** The initialisers of every `let` of local `name` in the enclosing fn before `at`, in order (`let orig = client.token.clone()` → `client.token.clone()`). */
function letInitialisersBefore(at: SyntaxNode, name: string, ctx: RustRuleContext): string[] {
  const text = functionTextBefore(at, ctx);
  return [...text.matchAll(new RegExp(`\\blet\\s+(?:mut\\s+)?${name}\\b[^=;]*=([^;]*);`, 'g'))].map((m) => m[1]);
}

/** `binding` is a local whose `let` initialiser reads `other` (`let orig = client.token.clone()`). */
function copiedFrom(binding: SyntaxNode, other: SyntaxNode, ctx: RustRuleContext): boolean {
  if (binding.type !== 'identifier') return false;
  const source = other.text.replace(/\s+/g, '').replace(/^[&*]+/, '');
  if (!/^[A-Za-z_][\w.]*$/.test(source)) return false;
  return letInitialisersBefore(binding, binding.text, ctx).some((init) => init.replace(/\s+/g, '').replace(/^[&*]+/, '').startsWith(source));
}

/**
 * A value the function computed with a fresh salt, nonce or challenge (`let password_hash =
 * md5_hash_password(user, pass, &salt)`): a challenge-response that changes with every exchange, so
 * response timing cannot be accumulated against one expected value.
 */
function saltedPerExchange(operand: SyntaxNode, ctx: RustRuleContext): boolean {
  const n = comparedValue(operand);
  if (!n || n.type !== 'identifier') return false;
  const init = letInitialisersBefore(n, n.text, ctx).pop()?.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (!init) return false;
  if (FRESH_VALUE.test(init)) return true;
  // One step back: a digest of a buffer the function filled with the nonce (`concat.append(&mut nonce);
  // let session_key = digest(&concat)`).
  const before = functionTextBefore(n, ctx);
  return (init.match(/\b[a-z_][a-z0-9_]*\b/g) ?? []).some((local) =>
    new RegExp(String.raw`(?:^|[;{}\n])\s*(?:let\s+(?:mut\s+)?${local}\b[^;]*|${local}\s*\.\s*\w+\s*\([^;]*)\b\w*(?:salt|nonce|challenge)\w*\b`, 'i').test(before));
}

/** A string or byte-string literal of at most 4 characters: `b"i"`, `"?1"`. */
function isShortLiteral(node: SyntaxNode): boolean {
  const n = comparedValue(node) ?? node;
  const m = /^b?"((?:[^"\\]|\\.)*)"$/.exec(n.text);
  return !!m && m[1].replace(/\\./g, '.').length <= 4;
}

const ASSERTION = /^(?:debug_)?assert(?:_eq|_ne)?$/;

/** The name of a macro invocation (`debug_assert` for `std::debug_assert!(…)`). */
function macroName(node: SyntaxNode): string {
  if (node.type !== 'macro_invocation') return '';
  const path = node.childForFieldName('macro')?.text ?? '';
  return path.slice(path.lastIndexOf(':') + 1);
}

/** Hashes anyone can compute without a key (checksums, hash-table hashers): their output fingerprints public data, never authenticates. */
const NON_CRYPTO_HASH = /\b(?:xxh3\w*|xxh(?:32|64)\w*|xxhash\w*|crc(?:32|64)?(?:fast|c)?\b|crc(?:32|64)\w*|fnv\w*|seahash\w*|murmur\w*|city_?hash\w*|farm_?hash\w*|ahash\w*|DefaultHasher|FxHasher|fxhash\w*|wyhash\w*|highway_?hash\w*|adler\w*)\b/i;

/**
 * An operand the file makes from a non-cryptographic hash (`self.token = format!("{:016x}",
 * xxh3_64(&canonical))`, also one local back): a version tag or checksum of public data, which
 * anyone can compute, so there is nothing to recover by timing.
 */
function publicFingerprint(operand: SyntaxNode, ctx: RustRuleContext): boolean {
  const n = comparedValue(operand);
  const name = n && (n.type === 'identifier' ? n.text : n.type === 'field_expression' ? n.childForFieldName('field')?.text : undefined);
  if (!name || !/^\w+$/.test(name)) return false;
  // Per document and name: a file of many compares reads its text once per name, not once per compare.
  let byName = fingerprintMemo.get(ctx.doc);
  if (!byName) { byName = new Map(); fingerprintMemo.set(ctx.doc, byName); }
  let known = byName.get(name);
  if (known === undefined) { known = madeWithNonCryptoHash(ctx.doc.text, name); byName.set(name, known); }
  return known;
}

const fingerprintMemo = new WeakMap<object, Map<string, boolean>>();

function madeWithNonCryptoHash(text: string, name: string): boolean {
  if (!NON_CRYPTO_HASH.test(text)) return false;
  // What the file assigns to the name: `name = …;`, `let name = …;`, `name: …,` in a struct literal.
  const made = (local: string) => [...text.matchAll(new RegExp(String.raw`(?<![\w.])(?:let\s+(?:mut\s+)?)?(?:self\s*\.\s*)?${local}\s*(?::(?!:)([^\n]{0,300})|=(?!=)([^;]{0,300}))`, 'g'))].map((m) => m[1] ?? m[2]);
  const sources = made(name);
  if (sources.some((src) => NON_CRYPTO_HASH.test(src))) return true;
  // One local back: `let token = format!(…xxh3_64(…)); self.token = token;`
  const locals = sources.map((src) => /^\s*([a-z_]\w*)\s*(?:[,;}]|$)/.exec(src)?.[1]).filter((l): l is string => !!l && l !== name);
  return locals.some((l) => made(l).some((src) => NON_CRYPTO_HASH.test(src)));
}

/** What an initialiser reads at run time: then the constant holds a configured (secret) value. */
const RUNTIME_SOURCE = /\benv\b|\bvar(?:_os)?\s*\(|getenv|dotenv|config|settings|\bread|\bload|from_file|\bargs\b|secret|password|token|key/i;

/**
 * An operand that is a `const`/`static` of this file made at compile time (`static SIGNATURE:
 * Lazy<Vec<u8>> = Lazy::new(|| { let mut v = b"PGCOPY\n".to_vec(); … })`): public magic or a
 * protocol constant. One read from the environment or a config, or naming a secret, is a runtime
 * secret and stays a finding.
 */
function compileTimeConstant(operand: SyntaxNode, ctx: RustRuleContext): boolean {
  const n = comparedValue(operand);
  if (!n || n.type !== 'identifier' || !/^[A-Z][A-Z0-9_]*$/.test(n.text)) return false;
  const text = ctx.doc.text;
  const decl = new RegExp(String.raw`\b(?:const|static)\s+(?:mut\s+)?${n.text}\s*:[^=;]*=`).exec(text);
  if (!decl) return false;
  const rest = text.slice(decl.index + decl[0].length, decl.index + decl[0].length + 1500);
  const end = rest.search(/\n(?:pub(?:\([^)]*\))?\s+)?(?:static|const|fn|use|impl|struct|enum|mod|type|trait)\b|\n#\[/);
  return !RUNTIME_SOURCE.test(end < 0 ? rest : rest.slice(0, end));
}

/** Inside `fn eq` of an `impl PartialEq for T`: the type's own equality, whatever its callers compare with it. */
function inPartialEqImpl(node: SyntaxNode): boolean {
  const chain = ancestryOf(node);
  const fnAt = chain.indexOf('function_item');
  if (fnAt < 0 || chain.node(fnAt)?.childForFieldName('name')?.text !== 'eq') return false;
  const impl = chain.node(chain.indexOf('impl_item'));
  return /^(?:[\w:]*::)?PartialEq\b/.test(impl?.childForFieldName('trait')?.text ?? '');
}

/** A salt, nonce or challenge named in a value's making. */
const FRESH_VALUE = /\b\w*(?:salt|nonce|challenge)\w*\b/i;

/** The innermost fn or closure around `at` (its host, in a macro). */
function enclosingFunction(at: SyntaxNode, ctx: RustRuleContext): SyntaxNode | undefined {
  const chain = ancestryOf(ctx.host(at));
  return chain.node(chain.nearestOf(['function_item', 'closure_expression']));
}

/** The enclosing fn's text before `at`. */
function functionTextBefore(at: SyntaxNode, ctx: RustRuleContext): string {
  const fn = enclosingFunction(at, ctx);
  return fn ? ctx.doc.text.slice(fn.startIndex, ctx.host(at).startIndex) : '';
}

/**
 * A stored field the function assigns after comparing it (`if device.push_token.as_ref() ==
 * Some(&token) { return Ok(()) } device.push_token = Some(token)`): a change check before an
 * update. An authentication check never overwrites the expected secret with the offered one.
 */
function overwrittenAfter(operand: SyntaxNode, compare: SyntaxNode, ctx: RustRuleContext): boolean {
  const n = comparedValue(operand);
  if (!n || n.type !== 'field_expression') return false;
  const path = n.text.replace(/\s+/g, '');
  if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/.test(path)) return false;
  const fn = enclosingFunction(compare, ctx);
  if (!fn) return false;
  const after = ctx.doc.text.slice(compare.endIndex, fn.endIndex);
  const pattern = new RegExp(`(?<![\\w.])${path.split('.').join('\\s*\\.\\s*')}\\s*=(?!=)`);
  return pattern.test(after);
}

/** The name an operand reads (`orig_token`, `client.token` → `token`), secret or not. */
function plainName(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'field_expression') return node.childForFieldName('field')?.text;
  return undefined;
}

/** Operands that make the comparison harmless: `== ""`, `== None`, numbers, booleans. */
function isTrivial(node: SyntaxNode): boolean {
  const t = node.text.replace(/\s+/g, '');
  return t === '""' || t === 'None' || t === 'true' || t === 'false' || /^(integer|float|boolean|char)_literal$/.test(node.type) || t === 'String::new()' || t === '&[]' || t === '[]';
}

function bytes(node: SyntaxNode): string {
  const t = node.text;
  if (/\.as_bytes\(\)$/.test(t) || /\.as_slice\(\)$/.test(t)) return t;
  const needsParens = !/^[&*]?[\w.:]+(\(\))?$/.test(t);
  return `${needsParens ? `(${t})` : t}.as_bytes()`;
}

export const rule = defineRustRule({
  meta: {
    id: 'non-constant-time-compare',
    title: 'Secret compared in non-constant time',
    priority: 'P1',
    area: 'Security',
    nonTest: true,
    action: 'Compare secrets with `subtle::ConstantTimeEq` (`ct_eq`) instead of `==`',
    docs: {
      lang: 'rust',
      what: 'Flags `==` and `!=` (both equally) where an operand is secret-named: token, secret, password hash, API key, signature, HMAC/MAC, digest, CSRF token, OAuth state (`oauth_state`, `expected_state`), also wrapped in `Some(…)`. Comparisons with `""`, `None`, numbers and booleans are not flagged.',
      why: '`==` on strings and byte slices stops at the first differing byte, so the response time tells an attacker how many leading bytes of their guess are right. Measured over many requests, that recovers a token, MAC or CSRF/OAuth state byte by byte.',
      example: 'if received_state == expected_state {\n    complete_login()\n}',
      useInstead: 'use subtle::ConstantTimeEq;\n\nif bool::from(received_state.as_bytes().ct_eq(expected_state.as_bytes())) {\n    complete_login()\n}',
      fixSafety: 'The fix rewrites the comparison to `bool::from(a.as_bytes().ct_eq(b.as_bytes()))` (negated for `!=`) and adds `use subtle::ConstantTimeEq;` once. It is offered but not preferred: it needs the `subtle` crate, `as_bytes()` exists only on string types (use the byte slice directly for `Vec<u8>`/`[u8]`), and `ct_eq` on slices of different lengths returns false early (length is not secret).',
      notes: 'Not a secret check, not flagged: identifiers (`session_id`, `key_id`: compared to find or tell apart records), and a digest compared with an identifier (`hex_digest != self.id`: content addressing), HTTP header-name constants (`COOKIE != name.as_str()`, `header::AUTHORIZATION`), and two values of the same secret compared for another reason: a form\'s confirmation field (`password != password_confirm`, `confirm_password`, `password2`), a change check (`new_password == old_password`, or a stored field compared with the new value and then overwritten with it: `if device.push_token == new { return } device.push_token = new`), or a copy the function took earlier (`let orig_token = client.token.clone(); … orig_token != client.token`). Extend the names with `[rules.non-constant-time-compare] names = [...]`. Test code is exempt. Argon2/bcrypt `verify` functions and JWT libraries already compare in constant time. Not flagged either: a value the function computed with a fresh salt, nonce or challenge (`let password_hash = md5_hash_password(user, pass, &salt)` compared with the client\'s response): a challenge-response that changes with every exchange gives no timing to accumulate; also one step back, a digest of a buffer the function filled with the nonce (`concat.append(&mut nonce); let session_key = digest(&concat)`). Nor a compare with a literal of at most 4 characters (`token == b"i"`: a parser\'s token; no secret is that short), nor one in a `macro_rules!` transcriber (`$x == …`), nor a compare inside `assert!`/`debug_assert!`/`assert_eq!`/`assert_ne!` (an invariant, not a check of a request), nor mio\'s event-loop `Token`s (in a crate built on mio, a file using the `Token` type: `token`, `back_token` are socket slot numbers). Nor a comparison with a `const`/`static` of the file made at compile time (`signature != *SIGNATURE`, a file format\'s magic bytes; one whose initialiser reads the environment or a config, or names a secret, is still flagged). Hygiene (audit profile only): a compare in the `eq` of an `impl PartialEq` (the type\'s own equality: comparing configurations is fine, and the callers that check attacker input are not visible there). Nor a value the file makes with a non-cryptographic hash (xxHash, CRC, FNV, SeaHash, `DefaultHasher`, …; `self.token = format!("{:016x}", xxh3_64(&caps))`, also one local back): a version tag or checksum of public data that anyone can compute, where timing reveals nothing worth having.',
    },
  },
  // `==` / `!=` on a line that names a secret (text first).
  candidates: [{ pattern: /[=!]=/g, nodeTypes: ['binary_expression'], depth: 1, accept: (m, ctx) => ctx.doc.text[m.index + 2] !== '=' && lineHasSecret(ctx, m.index) }],
  check(node, ctx) {
    const text = node.text;
    if (!/[=!]=/.test(text)) return;
    const extra = [...COMPARE_EXTRA, ...extraSecretNames(ctx.options)];
    if (!(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some((w) => isSecretName(w, { extra }))) return;
    const op = node.childForFieldName('operator')?.type;
    if (op !== '==' && op !== '!=') return;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right || isTrivial(left) || isTrivial(right)) return;
    const leftName = secretOperand(left, extra);
    const rightName = secretOperand(right, extra);
    const name = leftName ?? rightName;
    if (!name) return;
    // A `macro_rules!` transcriber (`$($trait)? == SessionState`) compares tokens of Rust code, not values.
    if (left.text.includes('$') || right.text.includes('$')) return;
    // A literal of a few characters (`token == b"i"`, a header parser's token) cannot be a secret worth timing.
    if (isShortLiteral(left) || isShortLiteral(right)) return;
    // An assertion states an invariant; it answers no request (and `debug_assert!` is not in release builds).
    if (ctx.inMacro(node) && ASSERTION.test(macroName(ctx.host(node)))) return;
    // mio's event-loop `Token`s compared to find a socket's entry: slot numbers, not credentials.
    if (usesEventLoopTokens(ctx) && [leftName, rightName].every((n) => !n || namedOnlyByToken(n, extra))) return;
    if (sameSecretPair(left, right, leftName ?? plainName(left), rightName ?? plainName(right), ctx)) return;
    if (saltedPerExchange(left, ctx) || saltedPerExchange(right, ctx)) return;
    if (overwrittenAfter(left, node, ctx) || overwrittenAfter(right, node, ctx)) return;
    if (publicFingerprint(left, ctx) || publicFingerprint(right, ctx)) return;
    if (compileTimeConstant(left, ctx) || compileTimeConstant(right, ctx)) return;
    // A digest checked against an identifier (`hex_digest != self.id`): content addressing of public data, not a MAC.
    const other = leftName ? plainName(right) : plainName(left);
    if (other && /(?:^|_)ids?$|[a-z]Ids?$/.test(other)) return;
    const call = `bool::from(${bytes(left)}.ct_eq(${bytes(right)}))`;
    const edits = [ctx.edit(ctx.nodeRange(node), op === '!=' ? `!${call}` : call)];
    const use = addUseEdit(ctx, ctx.host(node), 'subtle::ConstantTimeEq');
    if (use) edits.push(use);
    const fixes = [{ title: 'Compare in constant time with `subtle::ConstantTimeEq`', preferred: false, edits }];
    // The type's own `==`: which callers compare attacker input with it is not visible here.
    if (inPartialEqImpl(node)) {
      ctx.reportNode(node,
        `\`${name}\` is a secret compared with \`${op}\` in the type's \`PartialEq\` impl: every \`==\` on the type returns as soon as a byte differs. Fine for comparing configurations; if a caller checks attacker input with \`==\`, compare in constant time here (\`subtle::ConstantTimeEq\`).`,
        { fixes, tier: 'hygiene' });
      return;
    }
    ctx.reportNode(node,
      `\`${name}\` is a secret compared with \`${op}\`, which returns as soon as a byte differs: response timing lets an attacker recover it byte by byte. Compare in constant time with \`subtle::ConstantTimeEq\` (\`a.ct_eq(b)\`).`,
      { fixes });
  },
});

function lineHasSecret(ctx: RustRuleContext, at: number): boolean {
  const text = ctx.doc.text;
  const isSecret = secretNameTest([...COMPARE_EXTRA, ...extraSecretNames(ctx.options)]);
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  return (text.slice(start, end < 0 ? text.length : end).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some(isSecret);
}
