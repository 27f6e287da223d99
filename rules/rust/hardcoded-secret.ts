import { defineRustRule, type RustRuleContext } from '../../server/src/engine/rule';
import type { SyntaxNode } from '../../server/src/parsers/rust';
import { argumentCount, asMethodCall, callShape } from '../shared/rust/functions';
import { secretNameTest } from '../shared/rust/secretCache';
import { docMatches } from '../../server/src/engine/docText';
import { calleePath, lastSegment } from '../shared/rust/paths';
import { extraSecretNames, identifierWords, isSecretName } from '../shared/secretNames';

/** Methods that turn a literal into an owned/converted string without changing it. */
const CONVERSIONS = new Set(['to_string', 'into', 'to_owned', 'into_string', 'parse', 'as_bytes', 'to_vec']);
/** Constructors that wrap a literal: `String::from("x")`, `SecretString::new("x".into())`. */
const WRAPPERS = new Set(['from', 'new', 'Some', 'from_static']);

/** The string literal a value expression is (possibly converted/wrapped), if any. */
function literalOf(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  for (let n = node, depth = 0; n && depth < 6; depth++) {
    if (n.type === 'string_literal' || n.type === 'raw_string_literal') return n;
    if (n.type === 'reference_expression' || n.type === 'parenthesized_expression') { n = n.namedChildren[n.namedChildren.length - 1]; continue; }
    if (n.type === 'closure_expression') { n = n.childForFieldName('body'); continue; }
    if (n.type === 'block' && n.namedChildCount === 1) { n = n.namedChildren[0]; continue; }
    if (n.type !== 'call_expression') return undefined;
    const m = asMethodCall(n);
    if (m) {
      if (!CONVERSIONS.has(m.name) || argumentCount(m.args) !== 0) return undefined;
      n = m.receiver;
      continue;
    }
    const path = calleePath(n);
    const args = n.childForFieldName('arguments');
    if (!path || !args || argumentCount(args) !== 1 || !WRAPPERS.has(lastSegment(path))) return undefined;
    n = args.namedChildren.find((c) => !c.type.endsWith('comment'));
  }
  return undefined;
}

/** The literal's content (escapes left as written), without quotes and `r#`. */
function contentOf(lit: SyntaxNode): string {
  return lit.text.replace(/^b?r?#*"/, '').replace(/"#*$/, '');
}

/** Values that are not secrets even under a secret name: empty, env var names, paths, placeholders for formatting. */
function looksLikeSecretValue(value: string): boolean {
  if (value.trim() === '') return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(value)) return false; // an environment variable name: `const TOKEN_VAR: &str = "AUTH_TOKEN"`
  if (/^(Bearer|Basic|Token)\s*$/i.test(value)) return false; // a scheme prefix
  if (/\{[^}]*\}/.test(value) && !/\{\{/.test(value)) return false; // a format template
  return true;
}

function patternName(pattern: SyntaxNode | null): string | undefined {
  if (!pattern) return undefined;
  if (pattern.type === 'identifier') return pattern.text;
  if (pattern.type === 'mut_pattern' || pattern.type === 'ref_pattern') return patternName(pattern.namedChildren[0]);
  return undefined;
}

function report(ctx: RustRuleContext, lit: SyntaxNode, name: string, how: string): void {
  ctx.reportNode(lit,
    `${how} \`${name}\` is set to a hard-coded string: anyone with the source (or the binary) has it, it cannot be rotated without a release, and the same value ends up in every environment. Read it from the environment or a secret store, and fail at startup when it is missing.`);
}

/** A string literal before the end of the statement or field (`;`, `,`, `}`) that starts at `at`. */
function literalFollows(text: string, at: number): boolean {
  const rest = text.slice(at, at + 240);
  const end = rest.search(/[;,}]/);
  return (end < 0 ? rest : rest.slice(0, end)).includes('"');
}

/**
 * An identifier holding a word of the shared secret list (case-insensitive), followed by `:` or `=`:
 * the text candidates for bindings, items, fields and assignments (confirmed with `isSecretName`).
 */
const NAMED_TEXT = /\b([A-Za-z0-9_]*(?:token|passw|secret|credential|jwt|otp|cookie|passphrase|key|privkey|hmac|bearer|session)[A-Za-z0-9_]*)\s*(?::(?!:)|=(?![=>]))/dgi;

const ENV_READS = new Set(['var', 'var_os', 'env_var']);
const ENV_READ_TEXT = /\bvar(_os)?\s*\(|env_var\s*\(/;

/** `env::var("AUTH_TOKEN")` somewhere in the receiver chain: the variable name, if secret-like or any. */
function envVarName(receiver: SyntaxNode): string | undefined {
  for (let n: SyntaxNode | undefined = receiver, depth = 0; n && depth < 6; depth++) {
    if (n.type !== 'call_expression') return undefined;
    const m = asMethodCall(n);
    if (m) { n = m.receiver; continue; }
    const path = calleePath(n);
    if (!path || !ENV_READS.has(lastSegment(path))) return undefined;
    const arg = n.childForFieldName('arguments')?.namedChildren[0];
    return arg && arg.type === 'string_literal' ? contentOf(arg) : '';
  }
  return undefined;
}

export const rule = defineRustRule({
  meta: {
    id: 'hardcoded-secret',
    title: 'Hard-coded secret',
    priority: 'P0',
    area: 'Security',
    nonTest: true,
    action: 'Load secrets from the environment or a secret store; never fall back to a literal',
    docs: {
      lang: 'rust',
      what: 'Flags a secret-named `let` binding, `const`, `static`, struct field initialiser or assignment set to a non-empty string literal (also through `.to_string()`, `.into()`, `String::from(…)`), and environment reads with a literal fallback: `env::var("AUTH_TOKEN").unwrap_or("devtoken")`, `unwrap_or_else(|_| "changeme".into())`.',
      why: 'A secret in the source is in every clone, every build artefact and every environment: it cannot be rotated without a release and is shared by dev and production. A literal fallback is worse: when the variable is missing in production the service starts anyway, with a weak, publicly known token (`devtoken`).',
      example: 'let auth_token = std::env::var("QPC_AUTH_TOKEN").unwrap_or_else(|_| "devtoken".into());\nconst API_KEY: &str = "sk_live_51H…";',
      useInstead: 'let auth_token = std::env::var("QPC_AUTH_TOKEN")\n    .context("QPC_AUTH_TOKEN must be set")?;\nanyhow::ensure!(auth_token != "devtoken", "refusing the development token in production");',
      fixSafety: 'No automatic fix: where the secret should come from is a deployment decision.',
      notes: 'Not flagged: empty strings, values that look like environment variable names (`"AUTH_TOKEN"`), format templates, and names the shared matcher treats as non-secrets (`token_header`, `password_env`). Test code is exempt. Extend the names with `[rules.hardcoded-secret] names = [...]`.',
    },
  },
  candidates: [
    {
      // Names followed by `:` or `=` (bindings, items, fields, assignments), secret-named: the text decides before the tree.
      pattern: (ctx) => {
        const extraWords = extraSecretNames(ctx.options).flatMap((e) => identifierWords(e)).filter((w) => /^[a-z0-9]+$/.test(w));
        return extraWords.length === 0 ? NAMED_TEXT : new RegExp(NAMED_TEXT.source.replace('(?:token', `(?:${extraWords.join('|')}|token`), 'dgi');
      },
      group: 1, nodeTypes: ['let_declaration', 'const_item', 'static_item', 'field_initializer', 'assignment_expression'], depth: 2,
      accept: (m, ctx) => literalFollows(ctx.doc.text, m.index + m[0].length) && secretNameTest(extraSecretNames(ctx.options))(m[1]),
    },
    {
      // Environment reads with a literal fallback: `unwrap_or("x")`, `unwrap_or_else(|_| "x".into())`, `String::from("x")`.
      pattern: /\.\s*(unwrap_or(?:_else)?)\s*\(/dg, group: 1, nodeTypes: ['call_expression'], depth: 2,
      accept: (m, ctx) => docMatches(ctx.doc, ENV_READ_TEXT) && isEnvFallback(ctx, m),
    },
  ],
  check(node, ctx) {
    checkByType[node.type as keyof typeof checkByType](node, ctx);
  },
});

/** Only fallbacks whose argument starts with a literal (`"x"`, `|_| "x".into()`, `String::from("x")`). */
const LITERAL_ARG = /^\s*(?:\|[^|]*\|\s*)?(?:\{\s*)?(?:String::from\s*\(\s*|[A-Za-z_:]*::new\s*\(\s*)?(?:r#*)?"/;

function isEnvFallback(ctx: RustRuleContext, m: RegExpExecArray): boolean {
  const text = ctx.doc.text;
  if (!LITERAL_ARG.test(text.slice(m.index + m[0].length, m.index + m[0].length + 120))) return false;
  // The statement so far must read the environment and name a secret (variable or binding).
  const from = Math.max(text.lastIndexOf(';', m.index), text.lastIndexOf('{', m.index), text.lastIndexOf('}', m.index), m.index - 400);
  const stmt = text.slice(from, m.index);
  return ENV_READ_TEXT.test(stmt) && (stmt.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some(secretNameTest(extraSecretNames(ctx.options)));
}

function item(node: SyntaxNode, ctx: RustRuleContext, how: string): void {
  const name = node.childForFieldName('name')?.text;
  if (!name || !isSecretName(name, { extra: extraSecretNames(ctx.options) })) return;
  const lit = literalOf(node.childForFieldName('value'));
  if (lit && looksLikeSecretValue(contentOf(lit))) report(ctx, lit, name, how);
}

/** The check for each kind of candidate node. */
const checkByType = {
  let_declaration(node, ctx) {
    // Text first (one read): `let [mut] name` with a secret name and a string literal somewhere.
    const head = /^let\s+(?:mut\s+)?([A-Za-z_][A-Za-z0-9_]*)[^=]*=[^]*"/.exec(node.text);
    if (!head || !isSecretName(head[1], { extra: extraSecretNames(ctx.options) })) return;
    const name = patternName(node.childForFieldName('pattern'));
    if (!name || !isSecretName(name, { extra: extraSecretNames(ctx.options) })) return;
    const lit = literalOf(node.childForFieldName('value'));
    if (lit && looksLikeSecretValue(contentOf(lit))) report(ctx, lit, name, 'The binding');
  },
  const_item(node, ctx) { item(node, ctx, 'The constant'); },
  static_item(node, ctx) { item(node, ctx, 'The static'); },
  field_initializer(node, ctx) {
    const head = /^([A-Za-z_][A-Za-z0-9_]*)\s*:[^]*"/.exec(node.text);
    if (!head || !isSecretName(head[1], { extra: extraSecretNames(ctx.options) })) return;
    const field = node.childForFieldName('field');
    if (!field || !isSecretName(field.text, { extra: extraSecretNames(ctx.options) })) return;
    const lit = literalOf(node.childForFieldName('value'));
    if (lit && looksLikeSecretValue(contentOf(lit))) report(ctx, lit, field.text, 'The field');
  },
  assignment_expression(node, ctx) {
    const head = /([A-Za-z_][A-Za-z0-9_]*)\s*=[^=][^]*"/.exec(node.text);
    if (!head || !isSecretName(head[1], { extra: extraSecretNames(ctx.options) })) return;
    const left = node.childForFieldName('left');
    const name = left?.type === 'field_expression' ? left.childForFieldName('field')?.text : left?.type === 'identifier' ? left.text : undefined;
    if (!name || !isSecretName(name, { extra: extraSecretNames(ctx.options) })) return;
    const lit = literalOf(node.childForFieldName('right'));
    if (lit && looksLikeSecretValue(contentOf(lit))) report(ctx, lit, name, 'The assignment to');
  },
  call_expression(node, ctx) {
    if (!docMatches(ctx.doc, ENV_READ_TEXT)) return;
    const shape = callShape(node);
    if (shape && (!shape.method || (shape.name !== 'unwrap_or' && shape.name !== 'unwrap_or_else'))) return;
    const m = asMethodCall(node);
    if (!m || (m.name !== 'unwrap_or' && m.name !== 'unwrap_or_else') || argumentCount(m.args) !== 1) return;
    const lit = literalOf(m.args.namedChildren.find((c) => !c.type.endsWith('comment')));
    if (!lit || !looksLikeSecretValue(contentOf(lit))) return;
    const env = envVarName(m.receiver);
    if (env === undefined) return;
    const extra = extraSecretNames(ctx.options);
    let name = env && isSecretName(env, { extra }) ? env : undefined;
    if (!name) {
      // `let auth_token = env::var("X").unwrap_or("…")`: the binding names the secret.
      let p = node.parent;
      while (p && (p.type === 'call_expression' || p.type === 'field_expression' || p.type === 'try_expression')) p = p.parent;
      const bound = p?.type === 'let_declaration' ? patternName(p.childForFieldName('pattern')) : p?.type === 'field_initializer' ? p.childForFieldName('field')?.text : undefined;
      if (bound && isSecretName(bound, { extra })) name = bound;
    }
    if (!name) return;
    ctx.reportNode(lit,
      `\`${name}\` falls back to the hard-coded value ${lit.text} when the environment does not set it: a production deployment that forgets the variable starts with a publicly known secret instead of failing. Require the variable (\`.context("${env || name} must be set")?\`) and refuse known defaults.`);
  },
} satisfies Record<string, (node: SyntaxNode, ctx: RustRuleContext) => void>;
