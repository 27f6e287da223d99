import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { formatStringArgs, macroTokenArgs, macroTokensAt, type MacroTokenArg, type MacroTokens } from '../../server/src/core/parsers/rustMacros';
import type { Fix } from '../../server/src/core/engine/types';
import { secretNameTest } from '../shared/rust/secretCache';
import { extraSecretNames, identifierWords, isSecretName } from '../shared/secretNames';
import { inDebugOnlyCode, secretLoggingOptIn } from '../shared/rust/debugOnly';
import { oneShotCommandModule, subcommandArmOf } from '../shared/rust/subcommands';
import { truncate } from '../shared/text';
import { ancestryOf } from '../shared/rust/ancestry';
import { namedOnlyByToken, usesEventLoopTokens } from '../shared/rust/eventTokens';

/** Logging and printing macros (last path segment). */
const LOG_MACROS = new Set([
  'trace', 'debug', 'info', 'warn', 'error', 'event', 'log',
  'trace_span', 'debug_span', 'info_span', 'warn_span', 'error_span', 'span',
  'println', 'eprintln', 'print', 'eprint', 'dbg',
]);
/** Where a logging macro may be invoked, in text (the tree is read only at these places). */
const LOG_MACRO_TEXT = /\b(trace|debug|info|warn|error|event|log|trace_span|debug_span|info_span|warn_span|error_span|span|println|eprintln|print|eprint|dbg)\s*(!)\s*[([{]/dg;
/** Path prefixes a logging macro may be written with. */
const LOG_CRATES = new Set(['tracing', 'log', 'std', 'core', '$crate']);
/** Macros that build a string from their arguments: a secret inside them still reaches the log. */
const FORMAT_MACROS = new Set(['format', 'format_args']);
/** Methods that hand back the secret itself (or a view of it): `token.as_str()` still logs the token. */
const PASS_THROUGH = new Set([
  'as_str', 'as_ref', 'as_deref', 'clone', 'to_string', 'to_owned', 'expose_secret', 'as_bytes', 'unwrap', 'expect',
  'deref', 'borrow', 'into', 'trim', 'unwrap_or_default', 'display', 'reveal', 'unsecure',
]);
/** Format traits a `&str` does not implement: replacing the argument by a literal would not compile. */
/** Methods that reveal a wrapped secret whatever the receiver is called: oauth2 `AccessToken::secret()`, secrecy's `expose_secret()`. */
const REVEAL = new Set(['secret', 'expose_secret', 'expose_secret_mut', 'reveal', 'unsecure', 'secret_str']);
/** Words that make a secret-named value a derived, non-secret one: `hashed_cookie`, `masked_token`, `has_token`. */
const DERIVED_WORDS = new Set(['hashed', 'hash', 'masked', 'mask', 'redacted', 'encrypted', 'obfuscated', 'sanitized', 'truncated', 'fingerprint']);
const BOOLEAN_LEAD = new Set(['has', 'is', 'no', 'missing', 'with', 'without']);

/** A secret name, unless it names a hash, mask or flag of the secret (`hashed_cookie`, `has_token`). */
function isLoggedSecretName(name: string, extra: readonly string[]): boolean {
  if (!isSecretName(name, { extra })) return false;
  const words = identifierWords(name);
  return !words.some((w) => DERIVED_WORDS.has(w)) && !BOOLEAN_LEAD.has(words[0]);
}

const NON_STR_SPEC = /\{[^{}]*:[^{}]*[xXobeEp][^{}]*\}/;
const REDACTED = '"[redacted]"';

interface Hit { start: number; end: number; name: string; fix?: { start: number; end: number; text: string } }

function isLogMacro(m: MacroTokens): boolean {
  if (!LOG_MACROS.has(m.name)) return false;
  const segs = m.path.split('::');
  return segs.length === 1 || LOG_CRATES.has(segs[0]);
}

/** `a.b.c` tokens (identifiers, `self`, `.` and getter calls `b()`): the dotted path, or undefined. */
function dottedPath(tokens: SyntaxNode[]): string[] | undefined {
  if (tokens.length === 0) return undefined;
  const out: string[] = [];
  let expectName = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (expectName) {
      if (t.type !== 'identifier' && t.type !== 'self') return undefined;
      // A getter without arguments: `resp.access_token().secret()`.
      const call = tokens[i + 1]?.type === 'token_tree' && tokens[i + 1].namedChildCount === 0 && /^\(\s*\)$/.test(tokens[i + 1].text);
      out.push(call ? `${t.text}()` : t.text);
      if (call) i++;
      expectName = false;
    } else {
      if (t.type !== '.') return undefined;
      expectName = true;
    }
  }
  return expectName ? undefined : out;
}

/**
 * Whether an expression (as tokens) is a secret-named value, possibly borrowed (`&token`) or
 * passed through methods that keep it (`token.as_str()`): returns the secret's name.
 */
function secretValue(tokens: SyntaxNode[], extra: readonly string[]): string | undefined {
  let i = 0;
  while (i < tokens.length && (tokens[i].type === '&' || tokens[i].type === '*' || tokens[i].type === 'mut')) i++;
  let rest = tokens.slice(i);
  let revealed = false;
  // Strip trailing pass-through method calls: `. name ( )`.
  while (rest.length >= 4) {
    const n = rest.length;
    const group = rest[n - 1];
    const method = rest[n - 2].text;
    if (group.type === 'token_tree' && rest[n - 2].type === 'identifier' && rest[n - 3].type === '.' && (PASS_THROUGH.has(method) || REVEAL.has(method))) {
      revealed ||= REVEAL.has(method);
      rest = rest.slice(0, n - 3);
    } else break;
  }
  const path = dottedPath(rest);
  if (!path) return undefined;
  const last = path[path.length - 1].replace(/\(\)$/, '');
  if (revealed) return path.join('.');
  return isLoggedSecretName(last, extra) ? path.join('.') : undefined;
}

function isNestedFormatMacro(tokens: SyntaxNode[]): MacroTokens | undefined {
  if (tokens.length < 3) return undefined;
  const bang = tokens[tokens.length - 2];
  if (bang.type !== '!') return undefined;
  const m = macroTokensAt(bang);
  return m && FORMAT_MACROS.has(m.name) && m.start === tokens[0].startIndex ? m : undefined;
}

/** Secrets a macro's arguments log. */
function scanMacro(m: MacroTokens, extra: readonly string[], hits: Hit[]): void {
  const args = macroTokenArgs(m.tokenTree);
  let formatString: SyntaxNode | undefined;
  for (const arg of args) {
    scanArgument(arg, extra, hits, () => {
      if (!formatString && arg.tokens.length === 1 && (arg.tokens[0].type === 'string_literal' || arg.tokens[0].type === 'raw_string_literal')) formatString = arg.tokens[0];
    });
  }
  if (formatString) {
    const spec = NON_STR_SPEC.test(formatString.text);
    for (const a of formatStringArgs(formatString)) {
      if (!isLoggedSecretName(a.name, extra)) continue;
      // `{token}` → `[redacted]` in the string itself: no argument to add, always compiles.
      const inner = formatString.text.slice(a.placeholderStart - formatString.startIndex, a.placeholderEnd - formatString.startIndex);
      hits.push({ start: a.start, end: a.end, name: a.name, fix: inner.includes('$') ? undefined : { start: a.placeholderStart, end: a.placeholderEnd, text: '[redacted]' } });
    }
    // Positional replacements with hex/octal/binary/pointer specs would not compile.
    if (spec) for (const h of hits) if (h.fix?.text === REDACTED) h.fix = undefined;
  }
}

function scanArgument(arg: MacroTokenArg, extra: readonly string[], hits: Hit[], plain: () => void): void {
  const t = arg.tokens;
  // `target: "x"`, `parent: &span`, `name: "…"`: metadata, not fields.
  if (t.length >= 2 && t[0].type === 'identifier' && t[1].type === ':') return;
  const eq = t.findIndex((x) => x.type === '=');
  if (eq > 0) {
    const key = t.slice(0, eq);
    let value = t.slice(eq + 1);
    if (value.length === 0) return;
    const keyName = key.filter((k) => k.type === 'identifier' || k.type === 'string_literal').map((k) => k.text.replace(/^"|"$/g, '')).pop();
    const sigil = value[0].type === '%' || value[0].type === '?';
    if (sigil) value = value.slice(1);
    // A literal value (`token = "[redacted]"`, `token = 3`) logs no secret.
    if (value.length === 1 && /literal$/.test(value[0].type)) return;
    const keyLast = keyName?.split('.').pop();
    // `headers.hashed_cookie = …`: the key says the value is derived, whatever it is called.
    if (keyLast && isSecretName(keyLast, { extra }) && !isLoggedSecretName(keyLast, extra)) return;
    const named = keyName && isLoggedSecretName(keyLast!, extra) ? keyName : secretValue(value, extra);
    const nested = isNestedFormatMacro(value);
    if (named) {
      hits.push({ start: arg.start, end: arg.end, name: named, fix: { start: t[eq + 1].startIndex, end: arg.end, text: REDACTED } });
    } else if (nested) scanMacro(nested, extra, hits);
    return;
  }
  if (t[0].type === '%' || t[0].type === '?') {
    // `?token`, `%self.token`: a field named after the value.
    const name = secretValue(t.slice(1), extra);
    if (name) hits.push({ start: arg.start, end: arg.end, name, fix: { start: arg.start, end: arg.end, text: `${name.split('.').pop()} = ${REDACTED}` } });
    return;
  }
  const name = secretValue(t, extra);
  if (name) { hits.push({ start: arg.start, end: arg.end, name, fix: { start: arg.start, end: arg.end, text: REDACTED } }); return; }
  const nested = isNestedFormatMacro(t);
  if (nested) { scanMacro(nested, extra, hits); return; }
  plain();
}

const STDOUT_MACROS = new Set(['println', 'print']);

/** Words of a function that splits text into lexical tokens. */
const LEXER_TEXT = /\b(?:lexer|lexers|tokenizer|tokenizers|tokenize|tokenise|tokeniser|tokenized|scanner|lexeme|lexemes|lex)\b/i;

/** True when the function around `node` works on a lexer's tokens (a search engine's terms, a parser's input). */
function lexicalTokens(node: SyntaxNode, ctx: RustRuleContext): boolean {
  const chain = ancestryOf(node);
  const fn = chain.node(chain.indexOf('function_item'));
  return !!fn && LEXER_TEXT.test(ctx.doc.text.slice(fn.startIndex, fn.endIndex));
}
/**
 * Crates that give a web session's id to a browser (session stores, cookie jars, frameworks with
 * cookies built in): there a session id is a credential. Elsewhere (a shell, chat, stream or gRPC
 * session) it is a correlation id.
 */
const WEB_SESSION_CRATES = ['tower-sessions', 'actix-session', 'axum-sessions', 'async-session', 'tower-cookies', 'cookie', 'rocket', 'actix-web', 'poem', 'salvo', 'tide'];

/** `session_id`, `sessionId`: a session's id and nothing else secret-named. */
function isSessionIdOnly(name: string, extra: readonly string[]): boolean {
  const words = identifierWords(name);
  const i = words.findIndex((w, k) => w === 'session' && words[k + 1] === 'id');
  return i >= 0 && !isSecretName([...words.slice(0, i), ...words.slice(i + 2)].join('_'), { extra });
}

/** True when nothing in the crate or the file hands out web sessions (no session or cookie crate, no cookie in the file). */
function noWebSessions(ctx: RustRuleContext): boolean {
  const crate = ctx.crate;
  if (crate && WEB_SESSION_CRATES.some((c) => crate.dependsOn(c))) return false;
  if (crate && [...crate.dependencies.values()].some((d) => d.package === 'axum-extra' && d.features.some((f) => /cookie/.test(f)))) return false;
  return !/cookie/i.test(ctx.doc.text);
}

/** A match arm of a command-line subcommand: `Some(Commands::Jwt { … }) =>`, `Cmd::Token =>`. */
function scanAndReport(m: MacroTokens, bang: SyntaxNode, ctx: RustRuleContext): void {
  const extra = extraSecretNames(ctx.options);
  const hits: Hit[] = [];
  scanMacro(m, extra, hits);
  if (hits.length === 0) return;
  const idx = ctx.doc.index;
  // Debug builds only: audit profile, and no edit inside a block the team marked dev-only.
  const debugOnly = inDebugOnlyCode(bang);
  // A command-line tool printing the token it was asked for (`server jwt generate`): its output, not a log.
  const tool = !!ctx.crate?.commandLineTool || !!ctx.crate?.toolBinaries.has(ctx.doc.path);
  const cliOutput = !debugOnly && STDOUT_MACROS.has(m.name) && (tool || !!subcommandArmOf(bang) || !!oneShotCommandModule(ctx.doc.path));
  // An operator's switch whose purpose is this log (`if CONFIG.sso_debug_tokens() { … }`, off by default).
  const optIn = debugOnly || cliOutput ? undefined : secretLoggingOptIn(bang);
  for (const h of hits) {
    const range = { start: idx.positionAt(h.start), end: idx.positionAt(h.end) };
    const last = h.name.slice(h.name.lastIndexOf('.') + 1);
    // A word of text split by a lexer (`for (token, hash) in lexer`): a lexical token, not a credential.
    if (last === 'token' && lexicalTokens(bang, ctx)) continue;
    // mio's event-loop `Token` (`back_token`, `client.token`): a socket's slot number, not a credential.
    if (namedOnlyByToken(h.name, extra) && usesEventLoopTokens(ctx)) continue;
    // `tls_private_key`, `ssl_key`: TLS settings conventionally hold the key file's path, which is not a secret.
    if (identifierWords(last).some((w) => w === 'tls' || w === 'ssl')) {
      ctx.report(range, `\`${h.name}\` is a TLS key setting and \`${m.path}!\` writes it to the logs: such settings usually hold the key file's path, which is fine to log; if it holds the key itself (PEM text), this leaks it.`, { tier: 'hygiene' });
      continue;
    }
    if (optIn) {
      ctx.report(range, `\`${h.name}\` is a secret and \`${m.path}!\` writes it to the logs, behind \`${truncate(optIn, 60)}\`, an explicit switch for logging secrets: keep it off by default and documented as such, and turn it off after debugging.`, { tier: 'hygiene' });
      continue;
    }
    // A session id where no web session is handed out: a shell, chat or stream session's correlation id.
    if (isSessionIdOnly(last, extra) && noWebSessions(ctx)) {
      ctx.report(range, `\`${h.name}\` is a session id and \`${m.path}!\` writes it to the logs. A web session's id is a credential, but this crate hands out no web sessions (no session store or cookie crate, no cookie in this file), so it is likely a correlation id (a shell, chat or stream session): fine to log unless it authenticates something.`, { tier: 'hygiene' });
      continue;
    }
    if (debugOnly || cliOutput) {
      ctx.report(range, debugOnly
        ? `\`${h.name}\` is a secret and \`${m.path}!\` writes it to the logs, in code compiled only into debug builds (\`cfg(debug_assertions)\`): not in a release build, but development and CI logs keep it, and a build without \`--release\` ships it.`
        : `\`${h.name}\` is a secret and \`${m.path}!\` prints it to standard output in a command-line ${tool ? 'tool' : 'subcommand'}: fine when printing it is the command's job, a leak if the output is collected as logs.`,
        { tier: debugOnly ? 'non-production' : 'hygiene' });
      continue;
    }
    const fixes: Fix[] = h.fix ? [{
      title: 'Replace the secret with "[redacted]"',
      preferred: true,
      edits: [ctx.edit({ start: idx.positionAt(h.fix.start), end: idx.positionAt(h.fix.end) }, h.fix.text)],
    }] : [];
    ctx.report(range,
      `\`${h.name}\` is a secret and \`${m.path}!\` writes it to the logs: log files, CI output and log aggregators keep it, and anyone who can read them can use it. Log that the event happened, not the secret (or a redacted form).`,
      { fixes });
  }
}

export const rule = defineRustRule({
  meta: {
    id: 'secret-in-log',
    title: 'Secret written to logs',
    priority: 'P0',
    area: 'Security',
    nonTest: false,
    action: 'Remove secrets (tokens, passwords, keys) from log and print statements',
    docs: {
      lang: 'rust',
      what: 'Flags logging and printing macros (`tracing::{trace,debug,info,warn,error,event}` and spans, `log::*`, `println!`, `eprintln!`, `print!`, `dbg!`, also imported bare) whose arguments, named fields (`token = %t`, `?token`) or inline format arguments (`"{token}"`) reference a secret-named value: token, password, secret, api_key, private_key, credential, jwt, session_id, otp, cookie, db_key, …',
      why: 'Logs are copied everywhere: files, journald, CI output, log aggregators, support tickets. A token or password written there can be read (and used) by anyone with log access, long after it was issued. Debug-only logging is no exception: development and CI logs leak too, and `#[cfg(debug_assertions)]` code ships whenever someone builds without `--release`.',
      example: 'tracing::debug!("verification token for {}: {}", req.email, token);\ninfo!(token = %t, "issued");\ninfo!("refreshed {}", resp.access_token().secret());\nprintln!("{password}");',
      useInstead: 'tracing::debug!("verification token issued for {}", req.email);\ninfo!(token = "[redacted]", "issued");',
      fixSafety: 'The fix replaces the secret argument with `"[redacted]"` (for a named field `token = %t`, the value: `token = "[redacted]"`; for an inline `{token}`, the placeholder becomes the text `[redacted]`). It keeps the code compiling and is preferred; it is not offered where a format spec (`{:x}`, `{:p}`) would not accept a string.',
      notes: 'Any value revealed by `.secret()` (oauth2 `AccessToken`/`RefreshToken`) or `.expose_secret()` (secrecy) is a secret whatever it is called; getters count as path segments (`resp.access_token().secret()`). Audit profile only: a log in code compiled only into debug builds (`#[cfg(debug_assertions)]` on the statement, fn or module, or `if cfg!(debug_assertions)`) is `non-production`, without a fix (no edit inside a dev-only block); a `println!`/`print!` in the arm of a command-line subcommand match or in a subcommand\'s own module (`src/cmd/create_api_key.rs`; not `serve.rs`/`run.rs`/`start.rs`) (`Commands::Jwt { … } =>`) is `hygiene`: printing the token is that command\'s job; so is a TLS key setting (`tls_private_key`, `ssl_key`: by convention the key file\'s path), and a log inside an explicit switch for logging secrets (`if CONFIG.sso_debug_tokens() { … }`, `if cfg.log_secrets`: a condition naming both logging/debugging and a secret; a plain `if debug` is not one); so is a session id (`session_id`, `sessionId`) in a crate that hands out no web sessions (no session store, cookie crate or framework with cookies built in, and no cookie in the file): there it names a shell, chat, stream or gRPC session for correlation, while the id of a web session is a credential; so is a `println!`/`print!` anywhere in a command-line tool (a crate with an argument parser and no server framework that is named `*-cli`, has a terminal UI, is described as a CLI, or has no async runtime; or a `[[bin]]` beside the service named as a tool: `*-utils`, `*-cli`, `*ctl`, `*-admin`). Fires in test code too (audit profile). Not flagged: a `token` of mio\'s event loop (in a crate built on mio, a file using the `Token` type: `back_token`, `client.token` are socket slot numbers), a `token` in a function that works on a lexer or tokenizer (`for (token, hash) in lexer`: a word of text, not a credential), derived values such as `token.len()`, `token.is_some()`, a call such as `mask_secret(token)`, and names of hashes, masks or flags of a secret (`hashed_cookie`, `masked_token`, `has_token`). Extend the name list with `[rules.secret-in-log] names = ["pin"]` in `.readiness.toml`. Arguments of nested `format!` are followed.',
    },
  },
  // The lexical macro scan (shared with the macro tree) knows every invocation, outermost or nested
  // (`tokio::select! { … => info!(…) }`): the text decides first, and the tree is read only at
  // the `!` of log macros whose arguments mention a secret-looking name.
  candidates: [{ pattern: LOG_MACRO_TEXT, group: 2, nodeTypes: ['!'], depth: 0, mainOnly: true, accept: mentionsSecret }],
  check(bang, ctx) {
    const parent = ancestryOf(bang).node(0);
    const mt = macroTokensAt(parent?.type === 'macro_invocation' ? parent : bang);
    if (mt && isLogMacro(mt)) scanAndReport(mt, bang, ctx);
  },
});

/** Whether the macro's text up to its `;` (at most 4000 characters) names a secret. */
function mentionsSecret(m: RegExpExecArray, ctx: RustRuleContext): boolean {
  const text = ctx.doc.text;
  const bang = m.index + m[0].indexOf('!');
  const end = text.indexOf(';', bang);
  const words = text.slice(bang, end < 0 || end - bang > 4000 ? bang + 4000 : end).match(/[A-Za-z_][A-Za-z0-9_]*/g);
  return !!words && words.some(secretNameTest(extraSecretNames(ctx.options)));
}
