import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { ancestryOf } from '../shared/rust/ancestry';
import { argumentCount, asMethodCall, callShape } from '../shared/rust/functions';
import { secretNameTest } from '../shared/rust/secretCache';
import { calleePath, lastSegment } from '../shared/rust/paths';
import { extraSecretNames, identifierWords, isSecretName, isThrowAwayPassword } from '../shared/secretNames';
import { notSecretValue } from '../shared/rust/secretValues';

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
    if (n.type === 'block') { n = tailExpression(n); continue; }
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

/** The value a block ends with (`{ warn!("…"); "x".to_string() }` → the call), if it ends with an expression. */
function tailExpression(block: SyntaxNode): SyntaxNode | undefined {
  const last = block.namedChildren.filter((c) => !c.type.endsWith('comment')).pop();
  if (!last || last.type === 'expression_statement' || last.type.endsWith('_item') || last.type === 'let_declaration') return undefined;
  return last;
}

/** The literal's content (escapes left as written), without quotes and `r#`. */
function contentOf(lit: SyntaxNode): string {
  return lit.text.replace(/^b?r?#*"/, '').replace(/"#*$/, '');
}

/**
 * Values that are secrets: not empty, not an env var name, a header name, a settings key made of the
 * name's words, a template, a format string, a path, a URL without credentials, a flag or a prefix
 * (`shared/rust/secretValues.ts`). `valuePosition`: a binding, field or fallback, where a placeholder
 * such as `"password"` is the (weak) secret itself; a `const`/`static` of the same text names a key.
 */
function looksLikeSecretValue(value: string, name: string, valuePosition: boolean): boolean {
  return notSecretValue(value, name, { placeholdersAreSecrets: valuePosition }) === undefined;
}

function patternName(pattern: SyntaxNode | null): string | undefined {
  if (!pattern) return undefined;
  if (pattern.type === 'identifier') return pattern.text;
  if (pattern.type === 'mut_pattern' || pattern.type === 'ref_pattern') return patternName(pattern.namedChildren[0]);
  return undefined;
}

/** A secret's shape, never its value: the first characters and the length (`"sk_l…" (24 characters)`). */
function secretShape(value: string): string {
  const shown = value.length <= 4 ? value.slice(0, 1) : value.slice(0, Math.min(4, Math.floor(value.length / 3)));
  return `"${shown}…" (${value.length} characters)`;
}

function report(ctx: RustRuleContext, lit: SyntaxNode, name: string, how: string): void {
  // A developer tool starting a local database container with the image's documented default password (`cargo shuttle run`).
  if (ctx.crate?.commandLineTool && isThrowAwayPassword(contentOf(lit))) {
    ctx.reportNode(lit, `${how} \`${name}\` is set to the documented default password of a service image, in a command-line tool: fine for a throw-away local container it starts; never for a shared or deployed one.`, { tier: 'non-production' });
    return;
  }
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

/** Zero-argument methods that keep an optional value: `cfg.secret.clone().unwrap_or(…)`. */
const KEEPS = new Set(['clone', 'cloned', 'as_deref', 'as_ref', 'as_str', 'to_owned', 'to_string', 'ok', 'copied', 'take']);

/** The field or binding an optional value is read from (`config.webrtc.turn_secret` → `turn_secret`). */
function receiverName(receiver: SyntaxNode): string | undefined {
  let n: SyntaxNode | undefined = receiver;
  for (let depth = 0; n && depth < 6; depth++) {
    if (n.type === 'call_expression') {
      const m = asMethodCall(n);
      if (!m || !KEEPS.has(m.name) || argumentCount(m.args) !== 0) return undefined;
      n = m.receiver;
      continue;
    }
    if (n.type === 'field_expression') return n.childForFieldName('field')?.text;
    if (n.type === 'identifier') return n.text;
    return undefined;
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
      what: 'Flags a secret-named `let` binding, `const`, `static`, struct field initialiser or assignment set to a string literal that looks like a secret value (also through `.to_string()`, `.into()`, `String::from(…)`), and environment or configuration reads with a literal fallback: `env::var("AUTH_TOKEN").unwrap_or("devtoken")`, `unwrap_or_else(|_| "changeme".into())`, `cfg.turn_secret.clone().unwrap_or_else(|| { warn!("…"); "insecure_default".to_string() })`.',
      why: 'A secret in the source is in every clone, every build artefact and every environment: it cannot be rotated without a release and is shared by dev and production. A literal fallback is worse: when the variable is missing in production the service starts anyway, with a weak, publicly known token (`devtoken`).',
      example: 'let auth_token = std::env::var("QPC_AUTH_TOKEN").unwrap_or_else(|_| "devtoken".into());\nconst API_KEY: &str = "sk_live_51H…";',
      useInstead: 'let auth_token = std::env::var("QPC_AUTH_TOKEN")\n    .context("QPC_AUTH_TOKEN must be set")?;\nanyhow::ensure!(auth_token != "devtoken", "refusing the development token in production");',
      fixSafety: 'No automatic fix: where the secret should come from is a deployment decision.',
      notes: 'The value must look like a secret, not only the name (`shared/rust/secretValues.ts`). In a command-line tool crate, a service image\'s documented default password (`"postgres"`, `"mysql"`: a local container the tool starts) is audit profile only (`[non-production]`). Not flagged: empty strings, environment variable names (`"AUTH_TOKEN"`), header names (`X_SVC_TOKEN = "X-Svc-Token"`), settings or map keys made of the name\'s own words (`ROOM_REQUIRE_PASSWORD = "require_password"`, `"email.smtp_password"`), templates, HTML/Markdown and other text, format strings, paths and file names, URLs without a secret query parameter (URLs with user:password belong to `credentials-in-url`), flags (`"yes"`), short prefixes (`"svc_v1_"`), and names the shared matcher treats as non-secrets (`token_header`, `password_env`). A known placeholder (`"password"`) is still flagged in a binding, field or fallback, where it is the value itself. Test code and `#[cfg(doc)]` items are exempt (the engine skips them). A fallback from configuration is flagged when the configured field itself is secret-named. Extend the names with `[rules.hardcoded-secret] names = [...]`.',
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
      accept: (m, ctx) => isFallback(ctx, m),
    },
  ],
  check(node, ctx) {
    checkByType[node.type as keyof typeof checkByType](node, ctx);
  },
});

/**
 * Only fallbacks whose argument starts with a literal (`"x"`, `|_| "x".into()`, `String::from("x")`)
 * or is a closure whose block ends with one (`|| { warn!("…"); "x".to_string() }`).
 */
const LITERAL_ARG = /^\s*(?:\|[^|]*\|\s*)?(?:\{\s*)?(?:String::from\s*\(\s*|[A-Za-z_:]*::new\s*\(\s*)?(?:r#*)?"/;
const BLOCK_CLOSURE_ARG = /^\s*(?:move\s*)?\|[^|]*\|\s*\{/;

function isFallback(ctx: RustRuleContext, m: RegExpExecArray): boolean {
  const text = ctx.doc.text;
  const arg = text.slice(m.index + m[0].length, m.index + m[0].length + 120);
  if (!LITERAL_ARG.test(arg) && !(BLOCK_CLOSURE_ARG.test(arg) && text.slice(m.index, m.index + 600).includes('"'))) return false;
  // The statement so far must name a secret (variable, binding or configured field).
  // Within the 400 characters before (a `lastIndexOf` over the whole text is quadratic in a file without `;`).
  const before = text.slice(Math.max(0, m.index - 400), m.index);
  const stmt = before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('{'), before.lastIndexOf('}')) + 1);
  return (stmt.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some(secretNameTest(extraSecretNames(ctx.options)));
}

function item(node: SyntaxNode, ctx: RustRuleContext, how: string): void {
  const name = node.childForFieldName('name')?.text;
  if (!name || !isSecretName(name, { extra: extraSecretNames(ctx.options) })) return;
  const lit = literalOf(node.childForFieldName('value'));
  if (lit && looksLikeSecretValue(contentOf(lit), name, false)) report(ctx, lit, name, how);
}

/** The check for each kind of candidate node. */
const checkByType = {
  let_declaration(node, ctx) {
    // Text first (one read): `let [mut] name` with a secret name and a string literal somewhere.
    const head = /^let\s+(?:mut\s+)?([A-Za-z_][A-Za-z0-9_]*)[^=]*=[\s\S]*"/.exec(node.text);
    if (!head || !isSecretName(head[1], { extra: extraSecretNames(ctx.options) })) return;
    const name = patternName(node.childForFieldName('pattern'));
    if (!name || !isSecretName(name, { extra: extraSecretNames(ctx.options) })) return;
    const lit = literalOf(node.childForFieldName('value'));
    if (lit && looksLikeSecretValue(contentOf(lit), name, true)) report(ctx, lit, name, 'The binding');
  },
  const_item(node, ctx) { item(node, ctx, 'The constant'); },
  static_item(node, ctx) { item(node, ctx, 'The static'); },
  field_initializer(node, ctx) {
    const head = /^([A-Za-z_][A-Za-z0-9_]*)\s*:[\s\S]*"/.exec(node.text);
    if (!head || !isSecretName(head[1], { extra: extraSecretNames(ctx.options) })) return;
    const field = node.childForFieldName('field');
    if (!field || !isSecretName(field.text, { extra: extraSecretNames(ctx.options) })) return;
    const lit = literalOf(node.childForFieldName('value'));
    if (lit && looksLikeSecretValue(contentOf(lit), field.text, true)) report(ctx, lit, field.text, 'The field');
  },
  assignment_expression(node, ctx) {
    const head = /([A-Za-z_][A-Za-z0-9_]*)\s*=[^=][\s\S]*"/.exec(node.text);
    if (!head || !isSecretName(head[1], { extra: extraSecretNames(ctx.options) })) return;
    const left = node.childForFieldName('left');
    const name = left?.type === 'field_expression' ? left.childForFieldName('field')?.text : left?.type === 'identifier' ? left.text : undefined;
    if (!name || !isSecretName(name, { extra: extraSecretNames(ctx.options) })) return;
    const lit = literalOf(node.childForFieldName('right'));
    if (lit && looksLikeSecretValue(contentOf(lit), name, true)) report(ctx, lit, name, 'The assignment to');
  },
  call_expression(node, ctx) {
    const shape = callShape(node);
    if (shape && (!shape.method || (shape.name !== 'unwrap_or' && shape.name !== 'unwrap_or_else'))) return;
    const m = asMethodCall(node);
    if (!m || (m.name !== 'unwrap_or' && m.name !== 'unwrap_or_else') || argumentCount(m.args) !== 1) return;
    const lit = literalOf(m.args.namedChildren.find((c) => !c.type.endsWith('comment')));
    if (!lit) return;
    const extra = extraSecretNames(ctx.options);
    const env = envVarName(m.receiver);
    // `cfg.turn_static_secret.clone().unwrap_or_else(|| …)`: a configured secret with a literal default.
    const field = env === undefined ? receiverName(m.receiver) : undefined;
    if (env === undefined && !(field && isSecretName(field, { extra }))) return;
    let name = env && isSecretName(env, { extra }) ? env : undefined;
    // `let auth_token = env::var("X").unwrap_or("…")`, `static_secret: cfg.x.unwrap_or_else(…)`: the binding names the secret.
    // Ancestors from the shared tree path: `.parent` searches from the root (quadratic in a file of thousands of items).
    const up = ancestryOf(node);
    let level = 0;
    while (level < up.length && (up.type(level) === 'call_expression' || up.type(level) === 'field_expression' || up.type(level) === 'try_expression')) level++;
    const p = up.node(level);
    const bound = p?.type === 'let_declaration' ? patternName(p.childForFieldName('pattern')) : p?.type === 'field_initializer' ? p.childForFieldName('field')?.text : undefined;
    if (!name && bound && isSecretName(bound, { extra })) name = bound;
    if (!name && field) name = field;
    if (!name || !looksLikeSecretValue(contentOf(lit), name, true)) return;
    const what = env !== undefined ? 'when the environment does not set it' : 'when the configuration does not set it';
    ctx.reportNode(lit,
      `\`${name}\` falls back to the hard-coded value ${secretShape(contentOf(lit))} ${what}: a production deployment that forgets the setting starts with a publicly known secret instead of failing. Require it (\`.context("${env || name} must be set")?\`) and refuse known defaults.`);
  },
} satisfies Record<string, (node: SyntaxNode, ctx: RustRuleContext) => void>;
