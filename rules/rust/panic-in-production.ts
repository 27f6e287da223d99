import { docMatches } from '../../server/src/core/engine/docText';
import { ancestryOf } from '../shared/rust/ancestry';
import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import type { Fix } from '../../server/src/core/engine/types';
import { asMethodCall, asUnwrapCall, enclosingFunctionLikeIn, errorReturnOf } from '../shared/rust/functions';
import { checkLiteralInput, constContextOf, isConstantExpression, isMetricRegistration, type ConstContext } from '../shared/rust/constants';
import { contextLibFor } from '../shared/rust/errorTypes';
import { isGuardedUnwrap } from '../shared/rust/guards';
import { addUseEdit, rustStringLiteral } from '../shared/rust/imports';
import { oneShotCommandModule, startsTheService, subcommandArmOf, SUBCOMMAND_TEXT } from '../shared/rust/subcommands';
import { failureEvidence, readParameters, scopeMentions, type FunctionScope } from '../shared/rust/failureEvidence';
import { truncate } from '../shared/text';
import { afterLockCall, isLockCall, UNWRAP_TEXT } from '../shared/rust/lockGuards';
import { statedReason } from '../shared/rust/statedReason';
import { calleePath, lastSegment } from '../shared/rust/paths';
import { literalFromEveryCaller, neverReturnsError, workspaceFunction } from '../shared/rust/workspaceFunctions';

/** Receivers whose `.unwrap()` is `mutex-lock-unwrap`'s business, not this rule's. */
/** `.unwrap(` / `.expect(` in text: where the unwrap rules look (the method name is group 1). */
/** A short description of what failed, for `.context("…")`: `parse http_address`, `bind addr`. */
function describeFailure(receiver: SyntaxNode): string {
  const inner = asMethodCall(receiver.type === 'await_expression' ? receiver.namedChildren[0] : receiver);
  let text: string;
  // `x.parse::<u8>()` is a generic method call: read its parts from the text.
  const generic = inner ? undefined : /^([\s\S]+?)\s*\.\s*(\w+)\s*::\s*<[^()]*>\s*\(\s*\)$/.exec(receiver.text);
  if (inner || generic) {
    const subject = (inner ? inner.receiver.text : generic![1]).replace(/\s+/g, ' ');
    text = `${inner ? inner.name : generic![2]} ${subject.length > 40 ? subject.slice(0, 37) + '…' : subject}`;
  } else {
    const t = receiver.text.replace(/\s+/g, ' ');
    text = t.length > 50 ? t.slice(0, 47) + '…' : t;
  }
  return `failed to ${text}`;
}

function contextFixes(ctx: RustRuleContext, node: SyntaxNode, method: SyntaxNode, receiver: SyntaxNode, args: SyntaxNode, isExpect: boolean): Fix[] {
  const crate = ctx.crate;
  // Only where `?` converts the library's error into the fn's (or closure's) error type: the fix must compile.
  const lib = contextLibFor(enclosingFunctionLikeIn(ctx, node), ctx.doc.text);
  if (!lib) return [];
  if (lib === 'anyhow' ? !crate?.dependsOn('anyhow') : !(crate?.dependsOn('eyre') || crate?.dependsOn('color-eyre'))) return [];
  const message = isExpect ? args.text.slice(1, -1).trim() : rustStringLiteral(describeFailure(receiver));
  const methodName = lib === 'anyhow' ? 'context' : 'wrap_err';
  const trait = lib === 'anyhow' ? 'anyhow::Context' : 'eyre::WrapErr';
  const callEnd = ctx.nodeRange(node).end;
  const edits = [ctx.edit({ start: ctx.nodeRange(method).start, end: callEnd }, `${methodName}(${message})?`)];
  const use = addUseEdit(ctx, ctx.host(node), trait);
  if (use) edits.push(use);
  return [{ title: `Replace \`.${method.text}(…)\` with \`.${methodName}(…)?\``, preferred: true, edits }];
}

export const rule = defineRustRule({
  meta: {
    id: 'panic-in-production',
    title: 'Panic in production code',
    priority: 'P1',
    area: 'Reliability',
    serverOnly: true,
    nonTest: true,
    clippyLints: ['unwrap_used', 'expect_used', 'panic'],
    action: 'Return errors with `.context(…)?` instead of `.unwrap()` / `.expect(…)`',
    docs: {
      lang: 'rust',
      what: 'Flags `.unwrap()` and `.expect(…)` in non-test code when something shows the value can fail at run time: it comes from I/O (files, sockets, the database, a child process, signal handlers, the system trust store), from the environment, or from parsing or building something out of input the function does not control: a configuration value (`config.url`, `cfg.redis_dsn`, `self.settings.host`), a text, bytes or path parameter (`dsn: &str`), a setting bound by a pattern (`Backend::Redis(dsn)`), or a local bound from one of those (followed back through `let`, `if let` and `for` in the same function). The message names what is unwrapped, why it can fail, and whether the panic crashes the process or the spawned task. An unwrap of a literal that can never succeed (`"0.0.0.0:99999".parse::<SocketAddr>()`, `NonZeroUsize::new(0)`, `Url::parse("not a url")`, a regex with look-around) is an error: it panics on every run. `.lock().unwrap()` is left to `mutex-lock-unwrap`; `unwrap_or`, `unwrap_or_default` and `unwrap_or_else` never panic and are not flagged.',
      why: 'A panic on a startup or request path crashes the process (or the task) instead of returning an error the caller can log, retry or report. In production that is an outage with a backtrace instead of a clear message: a bad bind address, a missing signal handler or an uninitialised client takes the service down. Inside `tokio::spawn` the panic kills only that task: the server keeps running without it (e.g. without its HTTP listener).',
      example: 'fn start(addr: &str) -> anyhow::Result<()> {\n    let addr: SocketAddr = addr.parse().expect("Invalid HTTP address");\n    let listener = TcpListener::bind(addr).unwrap();\n    Ok(())\n}',
      useInstead: 'use anyhow::Context;\n\nfn start(addr: &str) -> anyhow::Result<()> {\n    let addr: SocketAddr = addr.parse().context("Invalid HTTP address")?;\n    let listener = TcpListener::bind(addr).context("failed to bind HTTP address")?;\n    Ok(())\n}',
      fixSafety: 'The fix rewrites `.expect("m")` to `.context("m")?` and `.unwrap()` to `.context("<what failed>")?`, adding `use anyhow::Context;` once (with eyre: `.wrap_err(…)?` and `use eyre::WrapErr;`). It is offered, and preferred (fix-all applies it), only when `?` converts the library\'s error into the enclosing fn\'s (or closure\'s) error type and the crate depends on the library: the fn returns `anyhow::Result<T>`/`eyre::Result<T>`, `Result<T, anyhow::Error>`/`Result<T, eyre::Report>`, `Result<T, Box<dyn Error …>>`, a bare `Result<T>` where the file imports or aliases anyhow\'s (or eyre\'s) `Result`, or `Result<T, E>` where the same file has `impl From<anyhow::Error> for E` or a `#[from] anyhow::Error` field in `E`. For any other error type (a crate\'s own `Result` alias, `std::io::Result`, an error enum without that conversion), outside a `Result`-returning fn, in closures without a declared `Result` return type and in async blocks, no fix is offered: suppress or change the code by hand.',
      notes: 'Test code (files under `tests/`, `benches/`, `examples/`, `build.rs`, `#[cfg(test)]` items and `#[test]`-like functions) is exempt. Code inside macro invocations is analysed. Not a finding: unwraps in a `const`/`static` initialiser (evaluated by the compiler: a failure is a build error), and `unwrap`/`expect` methods of the file\'s own types that do not panic (resolved through the file\'s inherent `impl` blocks when the receiver\'s type is written: a parameter, a `let` annotation, `T::new(…)`). Audit profile only ("hygiene": correct but rarely worth a change): unwraps with no sign of outside input — an `Option` field the code set itself (`self.tx.as_mut().expect("consumed")`), a map or iterator lookup, a typed parameter (`id: ApplicationId`), data derived from a parameter, a spawned task\'s `JoinHandle`, a template or client built from text the program already read, a pool built from numeric settings, a config option another function validated — which read as invariants of the code from inside one function; unwraps in a development branch (a `match` arm of a local or in-memory variant such as `StorageBackend::LocalFileSystem` or `QueueBackend::Memory`, an `if env == Env::Development` or `if cfg!(debug_assertions)` block); unwraps in a one-shot CLI subcommand arm (`Some(Commands::GenerateKey) => …`, not `Serve`/`Run`/`Start`/`Worker`) or a subcommand\'s own module (`src/cmd/configfile.rs`, not `serve.rs`/`run.rs`/`start.rs`), where a panic is the command\'s error exit; unwraps of constant inputs — receivers built only from literals and constants (`Regex::new("…")`, `Url::parse("https://…")`, a literal `.parse()`, `NonZeroUsize::new(16)`, `TimeDelta::try_minutes(5)`, `include_str!` parsed with serde/toml), checked where the literal can be (socket addresses, IP addresses, integers, URLs, durations, status codes, header names and values; the regex check catches look-around, backreferences and unbalanced groups only), especially in lazy statics (`LazyLock`, `Lazy`, `lazy_static!`, `get_or_init`) and `Default` impls (`Self::new(<constants>)`); metric registration in a lazy static (or in a fn this file calls only from one); values the function checks just before (`if x.is_none() { return … }`, `x.is_some() && x.unwrap()`, `if let Some(_) = x`/`match` arms, `let has = x.is_some(); if has { … }`, a non-empty check before `first()`/`last()`/`next()`, a positive check before `NonZero*::new(x)` (`if x > 0`), an `exists()`/`is_file()`/`is_dir()` check of the path before its `canonicalize()`/`metadata()`, `take()` after assigning `Some` in the same block, `child.stdin.take()` after `Stdio::piped()`), read from the function\'s own straight-line control flow only; a slice of constant length converted into an array of that length (`let v: [u8; N] = buf.get(..N)?.try_into().unwrap()`, `u32::from_be_bytes(b[4..8].try_into().unwrap())`); clock arithmetic (`duration_since(UNIX_EPOCH)`, `Instant::now().checked_sub(<constant>)`; a duration from outside stays a finding: it fails on a host up for less); and APIs that do not fail for the value at hand (`std::env::current_dir()`, which fails only when the working directory was removed, `split(…).next()`/`.last()`, `serde_json::to_string`/`to_vec`/`to_value`, `Hmac::new_from_slice` (HMAC takes keys of any length), `path.to_str()` (fails only for a path that is not valid UTF-8), `write!` into a local `String`, a parameter every production caller in the workspace passes as a literal (`Schedule::from_str(cron_expression)` when the only call is `Scheduler::new("0 0 * * * * *", …)`: free and associated functions, not methods), a workspace function declared to return a `Result` whose body never makes an error (no `?`, no `Err`, no `bail!`, ends in `Ok(…)`: `init_logging(…)` kept fallible for its callers), `hash_password` with a salt the function just generated by `SaltString::generate`, which fails only above 4 GiB). A `const fn` body is still flagged: it also runs at run time.',
    },
  },
  // `.unwrap()`/`.expect(`, except right after a lock call (`mutex-lock-unwrap`'s).
  candidates: [{ pattern: UNWRAP_TEXT, group: 1, nodeTypes: ['call_expression'], depth: 2, accept: (m, ctx) => !afterLockCall(ctx.doc.text, m.index) }],
  check(node, ctx) {
    const call = asUnwrapCall(node);
    if (!call) return;
    if (isLockCall(call.receiver)) return;
    if (ownUnwrapMethod(ctx, call.receiver)) return;
    const context = constContextOf(node, ctx.inMacro(node) ? ctx.host(node) : undefined);
    // A `const`/`static` initialiser is evaluated by the compiler: a failure is a build error, never a panic.
    if (context === 'compile-time') return;
    const isExpect = call.isExpect;
    const shown = isExpect ? `.expect(${truncate(call.args.text.slice(1, -1), 40)})` : '.unwrap()';
    const subject = `\`${truncate(call.receiver.text.replace(/\s*\n\s*/g, ''), 60)}\``;
    const what = `\`${shown}\` on ${subject}`;
    const fixes = () => contextFixes(ctx, node, call.method, call.receiver, call.args, isExpect);

    const literal = checkLiteralInput(call.receiver, letTypeOf(node));
    if (literal?.verdict === 'invalid') {
      ctx.reportNode(call.method, `${what} panics on every run: ${literal.detail}. Fix the literal.`, { severity: 'error', fixes });
      return;
    }
    // The code says why it cannot fail (a comment, the expect message): the team's recorded decision.
    const reason = statedReason(ctx, node, isExpect ? call.args.text : '');
    if (reason) {
      return ctx.reportNode(call.method, `${what} is explained as unable to fail (${reason}): the team recorded why. If the reason no longer holds, return an error instead.`, { tier: 'acknowledged', fixes });
    }
    const hygiene = (why: string) => ctx.reportNode(call.method, `${what} cannot fail at run time: ${why}. Prefer a \`const\` (or a checked constructor), or keep the unwrap with a comment.`, { tier: 'hygiene', fixes });
    if (literal) return hygiene(literal.detail ?? 'its input is a literal');
    if (isConstantExpression(call.receiver)) return hygiene(inputWhere(context, 'its input is built only from literals and constants'));
    if (context === 'default' && isSelfConstructor(call.receiver)) return hygiene('`Default` builds the value from constants only');
    if (isMetricRegistration(call.receiver) && (context === 'lazy' || calledOnlyFromLazy(ctx, node))) return hygiene('a metric registered once, in a lazy static initialiser');
    const clock = clockArithmetic(call.receiver) ?? sliceOfTheArraysLength(node, call.receiver);
    if (clock) return hygiene(clock);
    // Positive evidence: report by default only what I/O, the environment, configuration or the caller's input can make fail.
    const outerFn = outerFunctionOf(ctx, node);
    const scope = functionScope(ctx, node, outerFn);
    const evidence = failureEvidence(call.receiver.text, scope);
    if (!evidence) {
      return ctx.reportNode(call.method, `${what}: nothing shows it can fail at run time (its value does not come from I/O, the environment, configuration or the caller's input), so it reads as an invariant of the code. If it is one, say why in the \`.expect("…")\` message; otherwise return an error.`, { tier: 'hygiene', fixes });
    }
    // Text first: the tree is read only in functions that name a subcommand enum or a development setup.
    const arm = scopeMentions(scope, SUBCOMMAND_TEXT) ? subcommandArmOf(ctx.inMacro(node) ? ctx.host(node) : node) : undefined;
    const command = arm && !startsTheService(arm) ? arm : undefined;
    if (command) return hygiene(`it runs in the one-shot \`${command}\` command, where a panic ends the command with its message as an error would`);
    const commandModule = oneShotCommandModule(ctx.doc.path);
    if (commandModule) return hygiene(`it runs in the one-shot \`${commandModule}\` command's module, where a panic ends the command with its message as an error would`);
    const development = scopeMentions(scope, DEVELOPMENT_TEXT) ? developmentBranch(ctx, node) : undefined;
    if (development) return hygiene(`it runs only in the ${development} branch, a development setup`);
    if (isGuardedUnwrap(call.receiver, node, outerFn, ctx.inMacro(node) ? ctx.host(node) : undefined)) return hygiene('the function checks it just before (guarded)');
    const infallible = infallibleByApi(ctx, call.receiver) ?? infallibleWorkspaceCall(ctx, call.receiver) ?? constantFromCallers(ctx, call.receiver, outerFn);
    if (infallible) return hygiene(infallible);

    const fnLike = enclosingFunctionLikeIn(ctx, node);
    const crashes = spawnedTask(ctx, node) ?? 'crashes the process';
    const canPropagate = errorReturnOf(fnLike) !== 'none' || (fnLike?.type === 'closure_expression' && /^(?:[\w:]*::)?(?:Result|Option)\s*</.test(fnLike.childForFieldName('return_type')?.text ?? ''));
    const advice = canPropagate
      ? 'Propagate the error with `?` and context (`.context("…")?`), or handle it.'
      : 'Handle the error (match on it, log it and return or fall back); the enclosing code does not return a `Result`, so `?` would need a signature change.';
    ctx.reportNode(call.method, `\`${shown}\` panics when ${subject} fails (${evidence}), and ${crashes} instead of returning an error. ${advice}`, { fixes });
  },
});

/** The `let x: T = …` type the unwrap's value is bound to, for a literal `.parse()` without a turbofish. */
function letTypeOf(unwrap: SyntaxNode): string | undefined {
  // The cached ancestor chain, not `.parent` (a search from the root at every call: quadratic in deep nesting).
  const parent = ancestryOf(unwrap).node(0);
  if (parent?.type !== 'let_declaration' || parent.childForFieldName('value')?.id !== unwrap.id) return undefined;
  return parent.childForFieldName('type')?.text.replace(/\s+/g, '');
}

function inputWhere(context: ConstContext, why: string): string {
  if (context === 'lazy') return `${why}, in a lazy static initialiser`;
  if (context === 'default') return `${why}, in a \`Default\` impl`;
  return why;
}

/** `Self::new(…)` / `Self::new()` (or the impl's own type) with constant arguments, in a `Default` impl. */
function isSelfConstructor(receiver: SyntaxNode): boolean {
  if (receiver.type !== 'call_expression') return false;
  const fn = receiver.childForFieldName('function');
  if (fn?.type !== 'scoped_identifier' || !/^(?:new|with_defaults|try_new|try_default)$/.test(fn.childForFieldName('name')?.text ?? '')) return false;
  const path = fn.childForFieldName('path')?.text ?? '';
  if (path !== 'Self' && !/^[A-Z]\w*$/.test(path)) return false;
  return (receiver.childForFieldName('arguments')?.namedChildren ?? []).every((a) => a.type.endsWith('comment') || isConstantExpression(a));
}

/** Bytes of each integer and float type: the array `from_be_bytes` takes. */
const TYPE_BYTES: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, u64: 8, i64: 8, f64: 8, u128: 16, i128: 16 };

/** The length of a slice written with a constant range: `[..4]`, `[0..4]`, `[4..8]`, `[at..at + 4]`, `.get(..N)?`. */
function sliceLength(text: string): string | undefined {
  const m = /(?:\[|\.get\()([\w]*)\.\.(=?)([^\[\]()]+)(?:\]|\)\?)\.try_into\(\)$/.exec(text);
  if (!m) return undefined;
  const [, from, inclusive, to] = m;
  if (from === '' || from === '0') return inclusive ? (/^\d+$/.test(to) ? String(Number(to) + 1) : undefined) : to;
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) return String(Number(to) - Number(from) + (inclusive ? 1 : 0));
  const plus = new RegExp(`^${from}\\+(\\w+)$`).exec(to);
  return plus && !inclusive ? plus[1] : undefined;
}

/**
 * A slice of constant length converted into an array of that length (`let v: [u8; N] =
 * buf.get(..N)?.try_into().unwrap()`, `u32::from_be_bytes(b[4..8].try_into().unwrap())`): the
 * conversion fails only when the lengths differ, and they are the same constant.
 */
function sliceOfTheArraysLength(unwrap: SyntaxNode, receiver: SyntaxNode): string | undefined {
  const length = sliceLength(receiver.text.replace(/\s+/g, ''));
  if (!length) return undefined;
  const chain = ancestryOf(unwrap);
  const target = chain.type(0) === 'let_declaration' ? /^&?\[\w+;(\w+)\]$/.exec(letTypeOf(unwrap) ?? '')?.[1]
    : chain.type(0) === 'arguments' && chain.type(1) === 'call_expression'
      ? (() => { const m = /^(?:[\w:]*::)?(u8|i8|u16|i16|u32|i32|f32|u64|i64|f64|u128|i128)::from_(?:be|le|ne)_bytes$/.exec(chain.node(1)!.childForFieldName('function')?.text.replace(/\s+/g, '') ?? ''); return m ? String(TYPE_BYTES[m[1]]) : undefined; })()
      : undefined;
  return target !== undefined && target === length ? `a slice of ${length} elements converts into an array of ${length}: the lengths are the same constant` : undefined;
}

/** `SystemTime::now().duration_since(UNIX_EPOCH)`, `Instant::now().checked_sub(<constant>)`: clock arithmetic that fails only with a broken clock. */
function clockArithmetic(receiver: SyntaxNode): string | undefined {
  const call = asMethodCall(receiver);
  if (!call) return undefined;
  const arg = call.args.namedChildren.filter((c) => !c.type.endsWith('comment'));
  if (call.name === 'duration_since' && arg.length === 1 && /(?:^|::)UNIX_EPOCH$/.test(arg[0].text.replace(/\s+/g, ''))) return 'a time since the Unix epoch fails only with a clock set before 1970';
  if (call.name === 'elapsed' && /(?:^|::)UNIX_EPOCH$/.test(call.receiver.text.replace(/\s+/g, ''))) return 'a time since the Unix epoch fails only with a clock set before 1970';
  if ((call.name === 'checked_sub' || call.name === 'checked_add') && arg.length === 1 && /(?:^|::)Instant::now\(\)$/.test(call.receiver.text.replace(/\s+/g, '')) && isConstantExpression(arg[0])) {
    return '`Instant::now()` moved by a small constant fails only right after boot';
  }
  return undefined;
}

/**
 * Calls whose failure the API rules out for the value at hand: `s.split(p).next()`/`.last()`
 * (always `Some`), `write!` into a `String` (`fmt::Write` for `String` never fails), serde_json
 * serialisation (fails only for non-string map keys or a failing custom `Serialize`).
 */
function infallibleByApi(ctx: RustRuleContext, receiver: SyntaxNode): string | undefined {
  const text = receiver.text.replace(/\s+/g, '');
  if (/\.r?split\((?:[^()]|\([^()]*\))*\)\.(?:next|last)\(\)$/.test(text)) return '`split(…)` always yields at least one item';
  if (/^(?:::)?serde_json::to_(?:string|vec|string_pretty|vec_pretty|value)\(/.test(text)) return 'serialising to JSON fails only for non-string map keys or a failing custom `Serialize`';
  // A path as `&str`: `None` only for a path that is not valid UTF-8 (the unwrap is on that, not on the I/O before it).
  if (/\.to_str\(\)$/.test(text) && (/(?:\.(?:canonicalize|join|file_name|file_stem|extension|parent|to_path_buf|as_path|with_extension|strip_prefix)\(|\bPath(?:Buf)?::|current_(?:dir|exe)\(\))/.test(text) || /^[\w.]*(?:path|dir|directory|file|folder)\w*\.to_str\(\)$/i.test(text))) {
    return 'a path converts to `&str` unless it is not valid UTF-8, which a server\'s own paths are not';
  }
  // HMAC takes keys of any length: `new_from_slice` returns a `Result` only for the `KeyInit` trait's other implementors.
  if (/^(?:<\s*)?(?:[\w:]*::)?\w*Hmac\w*(?:::<[^()]*?>|<[^()]*?>)?(?:\s*as\s*(?:[\w:]*::)?(?:Mac|KeyInit)\s*>)?::new_(?:from_slice|varkey)\(/.test(text)) return 'HMAC accepts a key of any length: `new_from_slice` never fails for `Hmac`';
  // A request extension the application's own middleware or router inserts on every request.
  if (/\.extensions(?:_mut)?\(\)\.get(?:_mut)?(?:::<[^()]*>)?\(\)$/.test(text)) return 'request extensions are inserted by the application\'s own middleware (a router invariant)';
  // An HTTP client built from settings only: `build()` fails only when the TLS backend cannot start.
  if (/^(?:[\w:]*::)?(?:Client|ClientBuilder)::(?:builder|new)\(\)(?:\.[a-z_]+\((?:[^()]|\([^()]*\))*\))*\.build\(\)$/.test(text) && !/\b(?:add_root_certificate|identity|proxy|resolve)\(/.test(text)) return 'an HTTP client built from settings only fails when the TLS backend cannot start';
  // std → chrono durations: the conversion fails only beyond ±292 million years.
  if (/^(?:[\w:]*::)?(?:Duration|TimeDelta)::from_std\(/.test(text)) return 'a std `Duration` converts to chrono unless it exceeds 292 million years';
  // The working directory: unreadable only when it was removed from under the process.
  if (/^(?:(?:std::)?env::)?current_dir\(\)(?:\.(?:context|with_context|map_err)\((?:[^()]|\([^()]*\))*\))?$/.test(text)) return 'the working directory fails only when it was removed from under the process';
  // The address of a listener that is already bound.
  if (/\.local_addr\(\)$/.test(text)) return 'the local address of a bound socket is known to the OS';
  // A URL with a special scheme (http, https, ws, file…) always has a path: only a cannot-be-a-base URL (`mailto:`) fails.
  if (/^([A-Za-z_]\w*)\.path_segments(?:_mut)?\(\)$/.test(text) && parsedWithSpecialScheme(outerFunctionOf(ctx, receiver)?.text ?? '', text.slice(0, text.indexOf('.')))) {
    return 'a URL parsed from an `http(s)://` literal always has path segments';
  }
  // password-hash (argon2, scrypt, pbkdf2) with a salt the function just generated: only a password over 4 GiB is rejected.
  if (/\.hash_password\((?:[^()]|\([^()]*\))*\)$/.test(text) && /\bSaltString\s*::\s*(?:generate|from_rng)\s*\(/.test(outerFunctionOf(ctx, receiver)?.text ?? '')) {
    return 'hashing a password with a freshly generated salt fails only for a password longer than 4 GiB';
  }
  const write = /^(?:std::|core::)?write(?:ln)?!\s*\(\s*(?:&\s*mut\s+)?([A-Za-z_][\w.]*)\s*,/.exec(receiver.text)
    ?? (ctx.inMacro(receiver) && receiver.type === 'call_expression' ? /^write(?:ln)?\s*\(\s*(?:&\s*mut\s+)?([A-Za-z_][\w.]*)\s*,/.exec(receiver.text) : null);
  if (write && isStringVariable(ctx.inMacro(receiver) ? ctx.host(receiver) : receiver, write[1])) return 'writing into a `String` cannot fail';
  return undefined;
}

/**
 * A call of a workspace function declared to return a `Result` that never returns an error
 * (`logging::init_logging(…)` whose body ends in `Ok(())` with no `?` or `Err`), awaited or not.
 */
function infallibleWorkspaceCall(ctx: RustRuleContext, receiver: SyntaxNode): string | undefined {
  const call = receiver.type === 'await_expression' ? receiver.namedChildren[0] : receiver;
  const path = call?.type === 'call_expression' ? calleePath(call) : undefined;
  if (!call || !path || ctx.inMacro(call)) return undefined;
  const found = workspaceFunction(ctx.ws, ctx.crate, call, path);
  if (!found || !neverReturnsError(found.fn)) return undefined;
  return `\`${lastSegment(path)}\` (${found.doc.path}) never returns an error: its body has no \`?\`, no \`Err\` and ends in \`Ok(…)\``;
}

/**
 * `Schedule::from_str(cron_expression)` / `default.parse::<T>()` of a parameter that every
 * production caller passes as a literal (`Scheduler::new("0 0 * * * * *", pool)`): a constant of the
 * program, read across the workspace.
 */
function constantFromCallers(ctx: RustRuleContext, receiver: SyntaxNode, fn: SyntaxNode | undefined): string | undefined {
  if (!fn || fn.type !== 'function_item') return undefined;
  const text = receiver.text.replace(/\s+/g, '');
  const param = (/^[\w:]+(?:::<[^()]*>)?\(&?([a-z_]\w*)\)$/.exec(text) ?? /^([a-z_]\w*)\.parse(?:::<[^()]*>)?\(\)$/.exec(text))?.[1];
  if (!param) return undefined;
  const callers = literalFromEveryCaller(ctx.ws, ctx.doc.path, fn, param);
  if (!callers) return undefined;
  const shown = [...new Set(callers.literals)].slice(0, 2).map((l) => truncate(l, 30)).join(', ');
  return `every caller passes \`${param}\` as a literal (${shown}; ${callers.sites.slice(0, 2).join(', ')}${callers.sites.length > 2 ? ', …' : ''})`;
}

/**
 * `name` holds a URL the function parsed from text that starts with a special-scheme literal:
 * `let url = Url::parse("https://…")`, `Url::parse(format!("https://host/{path}").as_str())` bound by
 * `Ok(mut url)` or `let mut url = …?`.
 */
function parsedWithSpecialScheme(fnText: string, name: string): boolean {
  const literalScheme = String.raw`(?:&?\s*format!\s*\(\s*)?"(?:https?|wss?|ftp|file)://`;
  const parse = new RegExp(String.raw`Url\s*::\s*parse\s*\(\s*` + literalScheme);
  if (!parse.test(fnText)) return false;
  // Bound directly, or through the Ok arm of a match on the parse result.
  return new RegExp(String.raw`let\s+(?:mut\s+)?${name}\b[^=;]*=\s*(?:url::)?Url\s*::\s*parse\s*\(\s*` + literalScheme).test(fnText)
    || new RegExp(String.raw`Ok\s*\(\s*(?:mut\s+)?${name}\s*\)\s*=>`).test(fnText);
}

/** `name` is a `String` in the enclosing fn: `let mut name = String::new()`/`with_capacity`/`format!(…)`/`: String`, or a `&mut String` parameter. */
function isStringVariable(at: SyntaxNode, name: string): boolean {
  let fn: SyntaxNode | null = at.parent;
  while (fn && fn.type !== 'function_item') fn = fn.parent;
  if (!fn) return false;
  const sig = fn.childForFieldName('parameters')?.text ?? '';
  if (new RegExp(`\\b${name}\\s*:\\s*&\\s*mut\\s+String\\b`).test(sig)) return true;
  return new RegExp(`let\\s+mut\\s+${name}\\s*(?::\\s*String\\s*)?=\\s*(?:String::(?:new|with_capacity)\\s*\\(|format!|String::from\\b)|let\\s+mut\\s+${name}\\s*:\\s*String\\b`).test(fn.text);
}

/** Per syntax tree: the enclosing fn's text and parameters, read once however many unwraps it holds. */
const scopeMemo = new WeakMap<object, Map<number, Omit<FunctionScope, 'at'> & { start: number }>>();

/** The text the evidence is read from: the enclosing fn (or top-level closure), and where the unwrap is in it. */
function functionScope(ctx: RustRuleContext, node: SyntaxNode, fn: SyntaxNode | undefined): FunctionScope {
  const at = (ctx.inMacro(node) ? ctx.host(node) : node).startIndex;
  if (!fn) return { text: '', at: 0, params: new Set(), allParams: new Set(), handles: new Set(), index: {} };
  let byTree = scopeMemo.get(fn.tree);
  if (!byTree) { byTree = new Map(); scopeMemo.set(fn.tree, byTree); }
  let read = byTree.get(fn.startIndex);
  if (!read) {
    read = { text: fn.text, ...readParameters(fn.childForFieldName('parameters')?.text ?? ''), index: {}, start: fn.startIndex };
    byTree.set(fn.startIndex, read);
  }
  return { ...read, at: at - read.start };
}

/** The enclosing named fn (guards are read in the function's own body, closures included). */
function outerFunctionOf(ctx: RustRuleContext, node: SyntaxNode): SyntaxNode | undefined {
  const start = ctx.inMacro(node) ? ctx.host(node) : node;
  let last: SyntaxNode | undefined;
  const chain = ancestryOf(start);
  for (let i = 0; i < chain.length; i++) {
    if (chain.type(i) === 'function_item') return chain.node(i);
    if (chain.type(i) === 'closure_expression' || chain.type(i) === 'async_block') last = chain.node(i);
  }
  return last;
}

const DEVELOPMENT_TEXT = /::(?:Local|Dev|Development|InMemory|Memory|Mock|Fake|Dummy|Noop)|debug_assertions|is_(?:dev|development|local)\s*\(/;

/** Variants that name a development or in-process setup: `StorageBackend::LocalFileSystem`, `QueueBackend::Memory`, `Env::Development`. */
const DEVELOPMENT_VARIANT = /\b(\w+::(?:Local\w*|Dev|Development|InMemory|Memory|Mock\w*|Fake\w*|Dummy|Noop))\b/;
const DEVELOPMENT_CONDITION = /==\s*(?:\w+::)*(?:Env|Environment|Mode|Profile)::(?:Dev|Development|Local)\b|\bis_(?:dev|development|local)\s*\(|cfg!\s*\(\s*debug_assertions\s*\)/;

/** The `match` arm (`StorageBackend::LocalFileSystem { path } => …`) or `if` branch (`if env == Env::Development`) of a development setup the unwrap is in. */
function developmentBranch(ctx: RustRuleContext, node: SyntaxNode): string | undefined {
  const chain = ancestryOf(ctx.inMacro(node) ? ctx.host(node) : node);
  for (let i = 0; i < chain.length; i++) {
    if (chain.type(i) === 'function_item') break;
    if (chain.type(i) === 'match_arm') {
      const m = DEVELOPMENT_VARIANT.exec(chain.node(i)!.childForFieldName('pattern')?.text ?? '');
      if (m) return `\`${m[1]}\``;
    }
    if (chain.type(i) === 'if_expression' && i > 0 && chain.node(i)!.childForFieldName('consequence')?.id === chain.node(i - 1)!.id) {
      const condition = chain.node(i)!.childForFieldName('condition')?.text ?? '';
      if (DEVELOPMENT_CONDITION.test(condition)) return `\`if ${condition.replace(/\s+/g, ' ')}\``;
    }
  }
  return undefined;
}

/** "crashes the task" inside `tokio::spawn(…)`-like calls, "crashes the thread" inside `thread::spawn`. */
function spawnedTask(ctx: RustRuleContext, node: SyntaxNode): string | undefined {
  const chains = ctx.inMacro(node) ? [node, ctx.host(node)] : [node];
  for (const start of chains) {
    const chain = ancestryOf(start);
    for (let i = 0; i < chain.length; i++) {
      if (chain.type(i) === 'function_item') break;
      if (chain.type(i) !== 'call_expression') continue;
      const fn = chain.node(i)!.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
      if (/(?:^|::)thread::spawn$|\.spawn_scoped$|(?:^|::)Builder::new\(\).*\.spawn$/.test(fn)) return 'crashes the thread';
      if (/(?:^|::|\.)(?:spawn|spawn_local|spawn_blocking)$/.test(fn)) return 'crashes the task (it runs inside a spawned task, whose panic is caught by its `JoinHandle` or lost)';
    }
  }
  return undefined;
}

/** The enclosing fn of a metric registration is called, in this file, only from lazy static initialisers. */
function calledOnlyFromLazy(ctx: RustRuleContext, node: SyntaxNode): boolean {
  const start = ctx.inMacro(node) ? ctx.host(node) : node;
  let fn: SyntaxNode | null = start.parent;
  while (fn && fn.type !== 'function_item') fn = fn.parent;
  const name = fn?.childForFieldName('name')?.text;
  if (!fn || !name) return false;
  const text = ctx.doc.text;
  const re = new RegExp(`\\b${name}\\s*\\(`, 'g');
  let calls = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = start.tree.rootNode.descendantForIndex(m.index);
    if (fn.startIndex <= m.index && m.index < (fn.childForFieldName('body')?.startIndex ?? fn.endIndex)) continue; // the definition
    if (constContextOf(at, undefined) !== 'lazy') return false;
    calls++;
  }
  return calls > 0;
}

/**
 * The receiver's type has its own `unwrap`/`expect` method in this file (`impl Serialized { fn
 * unwrap(self) -> T }`) that cannot panic, and the receiver is known to be of that type.
 */
function ownUnwrapMethod(ctx: RustRuleContext, receiver: SyntaxNode): boolean {
  if (!docMatches(ctx.doc, OWN_UNWRAP_TEXT)) return false;
  const methods = ownMethods(ctx);
  if (methods.size === 0) return false;
  const type = receiverType(receiver);
  return !!type && methods.has(type);
}

const OWN_UNWRAP_TEXT = /\bfn\s+(?:unwrap|expect)\b/;
/** Per parsed document (tree-sitter hands out a new root node object on every access). */
const ownMethodsMemo = new WeakMap<object, Set<string>>();
/** Types whose inherent `impl` in this file defines a non-panicking `unwrap`/`expect`. */
function ownMethods(ctx: RustRuleContext): Set<string> {
  const root = ctx.doc.tree.rootNode;
  let out = ownMethodsMemo.get(ctx.doc);
  if (out) return out;
  out = new Set();
  for (const impl of root.descendantsOfType('impl_item')) {
    if (impl.childForFieldName('trait')) continue;
    const type = impl.childForFieldName('type')?.text.replace(/<.*$/s, '').trim();
    const body = impl.childForFieldName('body');
    if (!type || !body) continue;
    for (const f of body.namedChildren) {
      if (f.type !== 'function_item' || !/^(?:unwrap|expect)$/.test(f.childForFieldName('name')?.text ?? '')) continue;
      const fbody = f.childForFieldName('body')?.text ?? '';
      if (!/\b(?:panic|unreachable|todo|unimplemented|assert)!|\.\s*(?:unwrap|expect)\s*\(/.test(fbody)) out.add(type);
    }
  }
  ownMethodsMemo.set(ctx.doc, out);
  return out;
}

/** The type of a receiver when the code says it: `T::new(…)`, `T { … }`, a `let x: T` or a parameter `x: T`/`&T`. */
function receiverType(receiver: SyntaxNode, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  if (receiver.type === 'struct_expression') return receiver.childForFieldName('name')?.text;
  if (receiver.type === 'call_expression') {
    const fn = receiver.childForFieldName('function');
    if (fn?.type === 'scoped_identifier') return fn.childForFieldName('path')?.text.replace(/<.*$/s, '');
    return undefined;
  }
  if (receiver.type !== 'identifier') return undefined;
  const name = receiver.text;
  for (let n = receiver.parent; n; n = n.parent) {
    if (n.type === 'function_item' || n.type === 'closure_expression') {
      const params = n.childForFieldName('parameters');
      for (const p of params?.namedChildren ?? []) {
        if (p.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') === name) return p.childForFieldName('type')?.text.replace(/^&\s*(?:mut\s+)?/, '').replace(/<.*$/s, '');
      }
      for (const decl of n.descendantsOfType('let_declaration')) {
        if (decl.endIndex > receiver.startIndex) break;
        if (decl.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') === name) {
          const t = decl.childForFieldName('type')?.text ?? (decl.childForFieldName('value') ? receiverType(decl.childForFieldName('value')!, depth + 1) : undefined);
          if (t) return t.replace(/^&\s*(?:mut\s+)?/, '').replace(/<.*$/s, '');
        }
      }
      if (n.type === 'function_item') break;
    }
  }
  return undefined;
}

