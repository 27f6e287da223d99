import { defineRustRule, type RustRuleContext } from '../../server/src/engine/rule';
import type { SyntaxNode } from '../../server/src/parsers/rust';
import { asMethodCall, argumentCount } from '../shared/rust/functions';
import { secretNameTest } from '../shared/rust/secretCache';
import { addUseEdit } from '../shared/rust/imports';
import { extraSecretNames, isSecretName } from '../shared/secretNames';

/** Names that are secrets when compared (on top of the shared list): MACs, signatures, CSRF/OAuth state. */
const COMPARE_EXTRA = [
  'signature', 'hmac', 'mac', 'digest', 'csrf', 'xsrf', 'password_hash', 'pass_hash', 'pw_hash',
  'oauth_state', 'expected_state', 'csrf_state', 'stored_state', 'saved_state', 'received_state', 'session_state',
];
/** Words that make a `mac`/`digest` name something else: `mac_address`. */
const NOT_SECRET = /mac_?addr|macaddr|mac_?os|machine/i;
/** Methods that keep the compared value: `token.as_str() == other`. */
const PASS_THROUGH = new Set(['as_str', 'as_bytes', 'as_ref', 'as_slice', 'as_deref', 'to_string', 'to_owned', 'clone', 'expose_secret', 'trim', 'unwrap', 'into_bytes', 'to_vec', 'deref']);

/** The secret-looking name an operand reads (`token`, `self.config.api_key`, `sig.as_bytes()`), if any. */
function secretOperand(node: SyntaxNode, extra: readonly string[]): string | undefined {
  let n: SyntaxNode | null = node;
  for (let depth = 0; n && depth < 6; depth++) {
    if (n.type === 'reference_expression' || n.type === 'unary_expression' && n.text.startsWith('*') || n.type === 'parenthesized_expression') { n = n.namedChildren[n.namedChildren.length - 1]; continue; }
    if (n.type === 'call_expression') {
      const m = asMethodCall(n);
      if (!m || !PASS_THROUGH.has(m.name) || argumentCount(m.args) !== 0) return undefined;
      n = m.receiver;
      continue;
    }
    break;
  }
  if (!n) return undefined;
  let name: string | undefined;
  if (n.type === 'identifier') name = n.text;
  else if (n.type === 'field_expression') name = n.childForFieldName('field')?.text;
  if (!name || NOT_SECRET.test(name)) return undefined;
  return isSecretName(name, { extra }) ? name : undefined;
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
      what: 'Flags `==` and `!=` where an operand is secret-named: token, secret, password hash, API key, signature, HMAC/MAC, digest, CSRF token, OAuth state (`oauth_state`, `expected_state`). Comparisons with `""`, `None`, numbers and booleans are not flagged.',
      why: '`==` on strings and byte slices stops at the first differing byte, so the response time tells an attacker how many leading bytes of their guess are right. Measured over many requests, that recovers a token, MAC or CSRF/OAuth state byte by byte.',
      example: 'if received_state == expected_state {\n    complete_login()\n}',
      useInstead: 'use subtle::ConstantTimeEq;\n\nif bool::from(received_state.as_bytes().ct_eq(expected_state.as_bytes())) {\n    complete_login()\n}',
      fixSafety: 'The fix rewrites the comparison to `bool::from(a.as_bytes().ct_eq(b.as_bytes()))` (negated for `!=`) and adds `use subtle::ConstantTimeEq;` once. It is offered but not preferred: it needs the `subtle` crate, `as_bytes()` exists only on string types (use the byte slice directly for `Vec<u8>`/`[u8]`), and `ct_eq` on slices of different lengths returns false early (length is not secret).',
      notes: 'Extend the names with `[rules.non-constant-time-compare] names = [...]`. Test code is exempt. Argon2/bcrypt `verify` functions and JWT libraries already compare in constant time.',
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
    const name = secretOperand(left, extra) ?? secretOperand(right, extra);
    if (!name) return;
    const call = `bool::from(${bytes(left)}.ct_eq(${bytes(right)}))`;
    const edits = [ctx.edit(ctx.nodeRange(node), op === '!=' ? `!${call}` : call)];
    const use = addUseEdit(ctx, ctx.host(node), 'subtle::ConstantTimeEq');
    if (use) edits.push(use);
    ctx.reportNode(node,
      `\`${name}\` is a secret compared with \`${op}\`, which returns as soon as a byte differs: response timing lets an attacker recover it byte by byte. Compare in constant time with \`subtle::ConstantTimeEq\` (\`a.ct_eq(b)\`).`,
      { fixes: [{ title: 'Compare in constant time with `subtle::ConstantTimeEq`', preferred: false, edits }] });
  },
});

function lineHasSecret(ctx: RustRuleContext, at: number): boolean {
  const text = ctx.doc.text;
  const isSecret = secretNameTest([...COMPARE_EXTRA, ...extraSecretNames(ctx.options)]);
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  return (text.slice(start, end < 0 ? text.length : end).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some(isSecret);
}
