/**
 * Why an unwrapped value can fail at run time, read from the code around it: the positive
 * evidence `panic-in-production` needs before it reports in the default profile. A value can fail
 * when it comes from I/O (files, sockets, the database, signals, a child process), from the
 * environment, or from parsing or building something out of input the function does not control
 * (its parameters, configuration). Everything else (an `Option` field, a map lookup, an id the
 * code just minted) is an invariant of the code as far as one function can tell.
 *
 * Read from text: the receiver, then, for each local it names, the `let`/`for` that bound it in
 * the enclosing function (a few steps back through shadowing), never other functions.
 */
import { splitGenericArgs } from './functions';
import { truncate } from '../text';

/** Calls that touch the outside world: their results fail for reasons the code does not control. */
const SYSTEM_CALL = new RegExp(
  String.raw`(?:^|[^\w])(?:` + [
    // sockets and servers
    String.raw`bind|bind_addr|listen|accept|connect|connect_lazy|connect_with|connect_async|connect_tls|try_connect|get_(?:async_|multiplexed_\w*|)connection(?:_manager|_with_timeout)?|create_channel|relay|starttls_relay`,
    // files and directories
    'read_dir|read_to_string|read_to_end|read_line|read_exact|write_all|create_dir(?:_all)?|remove_(?:file|dir(?:_all)?)|canonicalize|metadata|symlink_metadata|file_type|current_dir|current_exe|set_permissions|exists|try_exists',
    // signals, TLS trust roots, child processes, watchers
    'ctrl_c|signal|with_(?:provider_and_)?native_roots|load_native_certs|watch',
    // databases and queries (`load(` is also an atomic read: `load(Ordering::…)` is excluded below)
    'fetch_one|fetch_all|fetch_optional|execute|get_result|get_results|load|run_pending_migrations|migrate',
  ].join('|') + String.raw`)\s*(?:::<[^()]*>)?\s*\((?!\s*(?:[\w:]*::)?Ordering\s*::)`,
);
/** `File::open(…)`, `fs::…(…)`, `Command::new(…).output()`: I/O by path. */
const SYSTEM_PATH = /\b(?:File|OpenOptions|fs|Command|TcpStream|TcpListener|UdpSocket|UnixListener|UnixStream|Hotwatch)\s*::\s*\w+|\.\s*(?:output|status|spawn)\s*\(\s*\)\s*(?:\.await)?$/;
/**
 * An HTTP exchange awaited: a request builder's `.send().await` (no argument, unlike a channel's
 * `send(msg)`) or a response body read (`.text().await`, `.json::<T>().await`, `.bytes().await`).
 */
const HTTP_EXCHANGE = /\.\s*send\s*\(\s*\)\s*\.\s*await\b|\.\s*(?:text|json|bytes)\s*(?:::<[^()]*>)?\s*\(\s*\)\s*\.\s*await\b/;
/** A pool built and connected: `bb8::Pool::builder()…build(mgr).await`. */
const POOL_CONNECT = /\b\w*Pool\w*\s*::\s*(?:builder|new)\s*\((?:[^()]|\([^()]*\))*\)(?:\s*\.\s*\w+\s*\((?:[^()]|\([^()]*\))*\))*\s*\.\s*build\s*\((?:[^()]|\([^()]*\))*\)\s*\.\s*await/;
/** Names that, bound by a pattern, hold a setting: `dsn`, `listen_addr`, `endpoint_secret`. */
const OUTSIDE_VALUE_NAME = /(?:^|_)(?:dsn|url|uri|addr|address|endpoint|secret|host|hostname)$/;
/** Reading the environment: `env::var("X")`, `dotenvy::var("X")`, `required_var("X")`, `env::args()`. */
const ENV_READ = /\b(?:env\s*::\s*(?:var|var_os|vars|args|args_os)|dotenvy?\s*::\s*\w+|envy\s*::\s*\w+)\s*\(|\b\w*var\s*\(\s*"[A-Z][A-Z0-9_]*"\s*\)/;

/** Where a builder chain starts: `AddSiteBuilder::default()`, `Config::builder()`, `FooBuilder::new()`. */
const BUILDER_START = /^[\w:]*Builder\s*::\s*(?:default|new)\s*\(\s*\)|^[\w:]+::\s*builder\s*\(\s*\)/;
/** A read from the database or a repository: `data.db.get_x(…)`, `repo.find(…)`, `pool.fetch_one(…)`. */
const DATABASE_READ = /\b(?:db|database|repo|repository|store|pool|conn|connection|tx)\s*\.\s*\w+\s*\(|\b(?:fetch_one|fetch_all|fetch_optional|get_result|get_results|first|load)\s*(?:::<[^()]*>)?\s*\(/;
/** A length, size or count: `len`, `buf.len()`, `total_size`, `count`. */
const LENGTH_VALUE = /(?:^|[^\w])(?:\w+_)?(?:len|length|size|count|capacity)\b(?!\s*::)|\.\s*len\s*\(\s*\)/;
/** Calls that read a value out of something the code holds: their `None` is an invariant unless the holder came from I/O. */
const ACCESSOR = /^(?:get|get_mut|get_key_value|first|last|first_mut|last_mut|next|next_back|nth|nth_back|find|find_map|position|rposition|max|min|max_by|min_by|max_by_key|min_by_key|reduce|pop|pop_front|pop_back|peek|remove|take|replace|parent|file_name|file_stem|extension|to_str|as_str|strip_prefix|strip_suffix|split_once|rsplit_once|chars|headers_mut|headers|body|checked_add|checked_sub|checked_mul|checked_div|checked_rem|checked_pow|checked_neg|checked_shl|checked_shr|and_hms_opt|with_timezone|target|path|key|value|downcast|downcast_ref|downcast_mut|try_lock|lock|read|write|upgrade|into_inner|join|recv|try_recv|acquire|acquire_owned|send|try_send|send_timeout|poll|next_element|next_key|next_value)$/;
/** Trailing calls that keep the Option/Result of what they are called on. */
const ADAPTER_TAIL = /\s*(?:\.\s*await\b|\?|\.\s*(?:as_ref|as_mut|as_deref|as_deref_mut|clone|cloned|copied|ok|err|into|to_owned|transpose|flatten|as_pin_mut)\s*\(\s*\)|\.\s*(?:map_err|context|with_context|wrap_err|wrap_err_with|or_else|map|and_then|inspect_err|unwrap|expect|unwrap_or|unwrap_or_else|unwrap_or_default)\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))$/;
/** Names a configuration value: `config.url`, `cfg.redis_dsn`, `otel_cfg.address`, `self.settings.host`, `opts`, `args.port`. */
const CONFIG_ROOT = /^(?:config|cfg|conf|settings|opts|args|cli|configuration)$|_(?:cfg|conf|settings|opts)$|^(?:app|server|service|env|global|db|database|redis|http|tls|otel|smtp|oauth2?|provider)_config$/;
/** Field names that hold numbers, flags and durations: they do not make what is built from them fail. */
const PLAIN_SETTING = /(?:^|_)(?:size|timeout|timeouts|count|max|min|limit|limits|secs|seconds|ms|millis|interval|enabled|disabled|ttl|retries|capacity|len|length|workers|threads|concurrency|level|debug|verbose|enable|disable|delay|duration|backoff|percent|ratio|rate|mode|only|flag|required|allowed)$/;
const KEYWORDS = new Set(['let', 'mut', 'move', 'async', 'await', 'if', 'else', 'match', 'as', 'ref', 'in', 'true', 'false', 'self', 'crate', 'super', 'return', 'loop', 'while', 'for', 'break', 'continue', 'fn', 'impl', 'where', 'dyn', 'unsafe', 'const', 'static', 'struct', 'enum', 'type', 'use', 'mod', 'pub', 'str', 'u8', 'u16', 'u32', 'u64', 'u128', 'usize', 'i8', 'i16', 'i32', 'i64', 'i128', 'isize', 'f32', 'f64', 'bool', 'char']);

/** What the enclosing function says about names: its text, where the unwrap is in it, its parameters. */
export interface FunctionScope {
  /** The enclosing named fn's text (closures inside it included). */
  text: string;
  /** Offset of the unwrap in `text`. */
  at: number;
  /**
   * The fn's parameters that carry input it does not control (not those of closures inside it):
   * text, bytes, paths and addresses (`&str`, `String`, `&[u8]`, `PathBuf`, `impl AsRef<str>`, their
   * `Option`s) and configuration structs. A typed value (`id: ApplicationId`, `n: usize`) was
   * already checked by whoever built it.
   */
  params: Set<string>;
  /** Every parameter name (a name bound by neither a parameter nor a `let` was bound by a pattern). */
  allParams: Set<string>;
  /** Parameters that are a pool, connection or client (`pool: RedisManager`, `conn: &mut PgConnection`). */
  handles: Set<string>;
  /** What is read once per fn and shared by its unwraps (filled on first use). */
  index: { bindings?: readonly Binding[]; textMentions?: Map<RegExp, boolean> };
}

/** Parameter types that are raw input: what parsing or building something from them can reject. */
const INPUT_TYPE = /^&?\s*(?:'\w+\s+)?(?:mut\s+)?(?:(?:std::)?(?:string::)?String|str|\[u8\]|Vec<u8>|(?:bytes::)?Bytes|(?:std::path::)?(?:Path|PathBuf)|OsStr|OsString|Url|Uri|Cow<(?:'\w+,\s*)?str>|SecretString|Secret<String>|impl\s+(?:AsRef<(?:str|Path|\[u8\]|OsStr)>|Into<(?:String|PathBuf)>|ToString|Display|IntoUrl|ToSocketAddrs)|Option<&?\s*(?:'\w+\s+)?(?:String|str|PathBuf|Path|SecretString)>)$|(?:Config|Configuration|Settings|Cfg|Options|Opts|Args|Cli)(?:<.*>)?$/;

/** Parameter types (or names) of connection handles. */
const HANDLE = /(?:Pool|Connection|Conn|Client|Manager|Channel|Session|Transaction|Redis|Database|Db)\b|^(?:pool|conn|connection|client|db|redis|tx|session)$/;

/** A fn's parameters as `FunctionScope` wants them, from its `parameters` text: `(&self, cfg: &Config, addr: &str)`. */
export function readParameters(parametersText: string): Pick<FunctionScope, 'params' | 'allParams' | 'handles'> {
  const params = new Set<string>(), allParams = new Set<string>(), handles = new Set<string>();
  const inner = parametersText.replace(/^\(|\)$/g, '');
  for (const part of splitGenericArgs(inner)) {
    const colon = topLevelColon(part);
    if (colon < 0) continue;
    const type = part.slice(colon + 1).trim().replace(/\s+/g, ' ');
    for (const m of part.slice(0, colon).matchAll(/\b([a-z_][a-z0-9_]*)\b/g)) {
      if (KEYWORDS.has(m[1])) continue;
      allParams.add(m[1]);
      if (INPUT_TYPE.test(type)) params.add(m[1]);
      if (HANDLE.test(type) || HANDLE.test(m[1])) handles.add(m[1]);
    }
  }
  return { params, allParams, handles };
}

/**
 * Why `receiver` (the text before `.unwrap()`) can fail at run time, as a clause for the message
 * ("it binds a socket", "it parses `http_address`, a configured value"), or undefined when nothing
 * in the function shows it.
 */
/** Whether the fn's text matches `re`, tested once per fn (its unwraps share the answer: a fn of 20,000 lines is read once, not per unwrap). */
export function scopeMentions(scope: FunctionScope, re: RegExp): boolean {
  const memo = (scope.index.textMentions ??= new Map());
  let v = memo.get(re);
  if (v === undefined) { v = re.test(scope.text); memo.set(re, v); }
  return v;
}

export function failureEvidence(receiver: string, scope: FunctionScope): string | undefined {
  return evidenceOf(stripBodies(receiver), scope, scope.at, 0);
}

/** What touching the outside world in `text` does, or undefined: `handle` when it yields a connection, listener or client. */
function systemIn(text: string): { clause: string; handle: boolean } | undefined {
  const m = SYSTEM_CALL.exec(text) ?? SYSTEM_PATH.exec(text) ?? POOL_CONNECT.exec(text);
  // `sqlx::query(…).bind(x)`: a query parameter, not a socket.
  if (m && /(?:^|[^\w])bind\s*\($/.test(m[0]) && /\bquery(?:_as|_scalar|_with)?\s*(?:::<[^()]*>)?\s*\(/.test(text)) return { clause: 'queries the database', handle: false };
  if (m) return describeSystem(m[0]);
  if (HTTP_EXCHANGE.test(text)) return { clause: 'makes an HTTP request', handle: false };
  if (ENV_READ.test(text)) return { clause: 'reads the environment', handle: false };
  return undefined;
}

/** `text` without what keeps its Option/Result (`.await`, `?`, `.as_ref()`, `.context(…)`, `.unwrap()`). */
function valueCore(text: string): string {
  let core = text.trim();
  for (let prev = ''; prev !== core;) { prev = core; core = core.replace(ADAPTER_TAIL, '').trim(); }
  return core;
}

function evidenceOf(text: string, scope: FunctionScope, at: number, depth: number): string | undefined {
  const system = systemIn(text);
  if (system) return `it ${system.clause}`;
  if (depth > 4) return undefined;

  const core = valueCore(text);
  const awaited = /\.\s*await\s*$/.test(text.trim());
  const last = lastCall(core);
  // The monotonic clock moved back by a duration from outside (constants are the rule's own reading): fails on a host up for less.
  const clock = /^(?:[\w:]*::)?Instant\s*::\s*now\s*\(\s*\)\s*\.\s*checked_sub\s*\(\s*([\s\S]*)\)$/.exec(core);
  if (clock) return `it subtracts \`${truncate(clock[1], 30)}\` from the monotonic clock, which fails while the host has been up for less`;
  if (!last) {
    // A local: where was it bound?
    const root = /^([a-z_][a-z0-9_]*)$/.exec(core)?.[1];
    if (!root || KEYWORDS.has(root)) return undefined;
    const bound = bindingOf(scope, root, at);
    const inner = bound && evidenceOf(bound.init, scope, bound.at, depth + 1);
    if (!inner) return undefined;
    return inner.startsWith('it ') ? `\`${root}\` ${inner.slice(3)}` : `\`${root}\` comes from ${inner.replace(/^(`\w+`) /, '$1, which ')}`;
  }
  const holder = /^([a-z_][a-z0-9_]*)\b(?!\s*::)/.exec(core)?.[1];
  // Awaiting a call on a pool, connection or client the caller passed in (`pool.get().await`): network I/O.
  if (awaited && holder && (scope.handles.has(holder) || HANDLE.test(holder)) && /^(?:get|get_owned|acquire|connection|get_connection|begin)$/.test(last.name)) return `it awaits \`${truncate(core, 40)}\` on \`${holder}\`, a connection handle`;
  // A path as UTF-8 text (`path.to_str().unwrap()`): fails only for a path that is not valid UTF-8, which a service's own paths are not.
  if (last.name === 'to_str' && !awaited) return undefined;
  // An accessor (`map.get(k)`, `v.first()`, `opt.take()`): fails only if what it reads came from I/O.
  if (ACCESSOR.test(last.name)) {
    if (!holder || holder === 'self' || KEYWORDS.has(holder)) return undefined;
    const bound = bindingOf(scope, holder, at);
    const from = bound && ioOfLocal(bound.init, scope, bound.at, depth + 1);
    return from && `it reads \`${holder}\`, which ${from.clause}`;
  }
  // A length or count converted to another integer type (`u32::try_from(buf.len())`, `len.try_into()`): it fails only
  // past the target's range, which the sizes a service handles do not reach.
  if ((last.name === 'try_into' || last.name === 'try_from') && LENGTH_VALUE.test(core)) return undefined;
  // A static's one-time initialisation (`OIDC_CONFIG.set(config)`, `PG_POOL.set(pool)` on a OnceCell/OnceLock): fails only when
  // it was set before, an invariant of the startup order, whatever the value.
  if (last.name === 'set' && /^[A-Z][A-Z0-9_]*\s*\.\s*set\s*\(/.test(core)) return undefined;
  // A template rendered with its data (`Page::new(…).render_once()`): fails on the template's own bugs, not on the values.
  if (RENDER.test(last.name)) return undefined;
  // A builder's `build()` (derive_builder, `Foo::builder()…build()`) fails only for a field left unset, never on a field's value.
  if (last.name === 'build' && BUILDER_START.test(core)) return undefined;
  // Anything else is built or parsed from its inputs: it can fail when an input comes from outside.
  const input = externalInput(core, scope, at, depth, PARSER.test(last.name));
  return input && `it ${describeOperation(last.name)} ${input}`;
}

/** I/O (or the environment) a local's value came from, following locals back. */
function ioOfLocal(init: string, scope: FunctionScope, at: number, depth: number): { clause: string; handle: boolean } | undefined {
  const system = systemIn(init);
  if (system || depth > 4) return system;
  const root = /^&?\s*(?:mut\s+)?([a-z_][a-z0-9_]*)\b(?!\s*::)/.exec(valueCore(init))?.[1];
  if (!root || root === 'self' || KEYWORDS.has(root)) return undefined;
  const bound = bindingOf(scope, root, at);
  return bound ? ioOfLocal(bound.init, scope, bound.at, depth + 1) : undefined;
}

/**
 * An input of `text` that comes from outside the function: a configuration value, a parameter
 * carrying raw input, a connection, or a local that is one of those under another name (`let
 * issuer = issuer.trim_end_matches('/')`, `if let Some(addr) = &cfg.otel_address`). With `parser`
 * (the call interprets its input), also a local whose value came from I/O or the environment: a
 * template or client built from a file's contents does not fail on it, parsing it does.
 */
function externalInput(text: string, scope: FunctionScope, at: number, depth: number, parser: boolean): string | undefined {
  for (const { name, path } of namesIn(text)) {
    // A local named like configuration but read from the database (`let config = data.db.get_captcha_config(…)`): a record.
    const record = CONFIG_ROOT.test(name) ? bindingOf(scope, name, at) : undefined;
    const config = record && DATABASE_READ.test(record.init) ? undefined : configured(name, path);
    if (config) return config;
    if (name === 'self' || CONFIG_ROOT.test(name)) continue;
    const bound = bindingOf(scope, name, at);
    if (!bound) {
      if (scope.params.has(name) && !PLAIN_SETTING.test(name)) return `\`${name}\`, which the caller passes in`;
      // Bound by a `match` arm or a closure (not read here): by its name, a setting.
      if (!scope.allParams.has(name) && OUTSIDE_VALUE_NAME.test(name)) return `\`${name}\`, by its name a configured value`;
      continue;
    }
    if (depth > 3) continue;
    // Parsed already, its error handled (`let url = Url::parse(&cfg.node_url)?`): converting it again does not fail on input.
    if (/\?\s*$/.test(bound.init.trim()) && PARSER_CALL.test(bound.init)) continue;
    if (isAlias(bound.init)) {
      const inner = externalInput(bound.init, scope, bound.at, depth + 1, parser);
      if (inner) return inner;
      continue;
    }
    const io = ioOfLocal(bound.init, scope, bound.at, depth + 1);
    if (io && (parser || io.handle)) return `\`${name}\`, which ${io.clause}`;
    // A local read from configuration (`let addr = self.config.http_address()`).
    const fromConfig = namesIn(bound.init).map((n) => configured(n.name, n.path)).find(Boolean);
    if (fromConfig) return `\`${name}\`, from ${fromConfig.replace(/, a configured value$/, '')}`;
    // What a parser reads may have been decoded from outside input first (`let key = b64.decode(secret)?`).
    const derived = parser ? externalInput(bound.init, scope, bound.at, depth + 1, true) : undefined;
    if (derived) return `\`${name}\`, derived from ${derived}`;
  }
  return undefined;
}

/** A configuration value: `config.url`, `cfg.redis_dsn`, `otel_cfg.address`, `self.config.host`; not a number or flag (`config.pool_size`). */
function configured(name: string, path: string): string | undefined {
  if (!CONFIG_ROOT.test(name) && !(name === 'self' && /^self\.(?:config|cfg|conf|settings|opts|args)\b/.test(path))) return undefined;
  const lastField = path.split('.').pop() ?? name;
  if (path.includes('.') && PLAIN_SETTING.test(lastField)) return undefined;
  return `\`${truncate(path, 40)}\`, a configured value`;
}

/** A local that is another value under a new name: a path, borrowed, cleaned up or defaulted (`&cfg.addr`, `x.trim().to_string()`). */
function isAlias(init: string): boolean {
  if (/^\s*&?\s*(?:mut\s+)?[a-z_][a-z0-9_]*\s*::/.test(init)) return false;
  return /^\s*&?\s*(?:mut\s+)?[a-z_][a-z0-9_]*(?:\s*\.\s*[a-z_][a-z0-9_]*)*(?:\s*\.\s*(?:trim\w*|as_str|as_ref|as_deref|to_string|to_owned|clone|into|expose_secret|unwrap_or(?:_default|_else)?|as_path|to_path_buf|display)\s*\((?:[^()]|\([^()]*\))*\))*\s*$/.test(init);
}

function describeSystem(match: string): { clause: string; handle: boolean } {
  const name = /(\w+)\s*(?:::<[^()]*>)?\s*\(?\s*$/.exec(match.replace(/\($/, ''))?.[1] ?? match;
  if (/^(?:bind|bind_addr|listen|accept)$/.test(name) || /TcpListener|UdpSocket|UnixListener/.test(match)) return { clause: 'binds a socket', handle: true };
  if (/^connect|connection|create_channel|relay|TcpStream|UnixStream|Pool/.test(name + ' ' + match)) return { clause: 'connects over the network', handle: true };
  if (/^(?:ctrl_c|signal)$/.test(name)) return { clause: 'installs a signal handler', handle: false };
  if (/native_roots|native_certs/.test(name)) return { clause: "loads the system's trust roots", handle: false };
  if (/^(?:fetch_\w+|execute|get_results?|load|run_pending_migrations|migrate)$/.test(name)) return { clause: 'queries the database', handle: false };
  if (/Command|output|status|spawn/.test(match)) return { clause: 'runs a child process', handle: false };
  if (/^(?:current_dir|current_exe)$/.test(name)) return { clause: 'reads the process environment', handle: false };
  if (/^watch$|Hotwatch/.test(match)) return { clause: 'watches the filesystem', handle: true };
  if (/\bopen\b/.test(match)) return { clause: 'opens a file or a connection', handle: true };
  return { clause: 'does file I/O', handle: false };
}

/** Calls that interpret their input: where bad text, bytes or a bad address fails. */
const PARSER_NAMES = 'parse|parse_str|from_str|from_str_radix|try_from|try_into|decode|decode_config|from_utf8|from_slice|from_reader|from_value|from_bytes|from_url|from_uri|from_env|parse_from_str|parse_from_rfc3339|parse_from_rfc2822|from_pem|from_der|from_pkcs8_pem|from_rsa_pem|from_base64|to_socket_addrs|lookup_host';
const PARSER = new RegExp(`^(?:${PARSER_NAMES})$`);

/** A call of a parser anywhere in a text: `Url::parse(…)`, `.parse::<u16>()`. */
const PARSER_CALL = new RegExp(String.raw`(?:^|[^\w])(?:${PARSER_NAMES})\s*(?:::<[^()]*>)?\s*\(`);
/** Template rendering: sailfish `render_once`, askama/tera/minijinja `render`. */
const RENDER = /^(?:render|render_once|render_to_string|render_into)$/;

function describeOperation(name: string): string {
  return PARSER.test(name) ? 'parses' : 'is built from';
}

/** The name of the last call in a chain (`parse` in `a.b().parse::<T>()`), unless the chain ends in a field or a local. */
function lastCall(text: string): { name: string } | undefined {
  if (!text.endsWith(')')) return undefined;
  let depth = 0, i = text.length - 1;
  for (; i >= 0; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) break;
    else if (c === '"') { i--; while (i > 0 && !(text[i] === '"' && text[i - 1] !== '\\')) i--; }
  }
  let j = i - 1;
  while (j >= 0 && /\s/.test(text[j])) j--;
  if (text[j] === '>') { let d = 0; for (; j >= 0; j--) { if (text[j] === '>') d++; else if (text[j] === '<' && --d === 0) break; } j--; while (j >= 0 && /[:\s]/.test(text[j])) j--; }
  const end = j + 1;
  while (j >= 0 && /\w/.test(text[j])) j--;
  const name = text.slice(j + 1, end);
  if (!name) return undefined; // a parenthesised expression or a tuple
  return { name };
}

/**
 * Value names `text` reads, with the field path after each: `config.url.expose_secret()` →
 * config (`config.url`); names inside format strings (`"{endpoint}/auth"`) count. Method and
 * function names, types, macros and literals do not.
 */
function namesIn(text: string): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  const seen = new Set<string>();
  const add = (name: string, path: string) => { if (!seen.has(path)) { seen.add(path); out.push({ name, path }); } };
  // Format-string arguments.
  for (const s of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    for (const m of s[1].matchAll(/\{([a-z_][a-z0-9_]*)(?:[:}])/g)) if (!KEYWORDS.has(m[1])) add(m[1], m[1]);
  }
  const code = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const m of code.matchAll(/(?<![\w.:'])([a-z_][a-z0-9_]*)((?:\s*\.\s*[a-z_][a-z0-9_]*\b(?!\s*(?:\(|::)))*)(?!\s*(?:\(|!|::|\w))/g)) {
    const name = m[1];
    if (KEYWORDS.has(name) && name !== 'self') continue;
    add(name, (name + m[2]).replace(/\s+/g, ''));
  }
  return out;
}

/** A `let`/`if let`/`while let`/`for` in the fn: the names its pattern binds, its initialiser, where it starts and ends. */
interface Binding { names: ReadonlySet<string>; init: string; at: number; end: number }

/** Every binding of the fn, in order, read once per fn (the scope's `index` is shared by its unwraps). */
function bindingsOf(scope: FunctionScope): readonly Binding[] {
  if (scope.index.bindings) return scope.index.bindings;
  const text = scope.text;
  const out: Binding[] = [];
  const keyword = /\b(let|for)\s+/g;
  for (let m = keyword.exec(text); m; m = keyword.exec(text)) {
    const isFor = m[1] === 'for';
    // The pattern: up to `=` (a `let`) or ` in ` (a `for`) at depth 0; a `:` at depth 0 starts a type.
    let depth = 0, typeAt = -1, i = m.index + m[0].length, patternEnd = -1;
    for (; i < text.length; i++) {
      const c = text[i];
      if ('([{<'.includes(c)) depth++;
      else if (')]}>'.includes(c)) { if (c === '>' && (text[i - 1] === '-' || text[i - 1] === '=')) continue; if (--depth < 0) break; }
      else if (c === ';') break;
      else if (depth === 0 && c === ':' && text[i + 1] !== ':' && text[i - 1] !== ':' && typeAt < 0) typeAt = i;
      else if (depth === 0 && !isFor && c === '=' && text[i + 1] !== '=' && text[i + 1] !== '>' && text[i - 1] !== '=' && text[i - 1] !== '!' && text[i - 1] !== '<' && text[i - 1] !== '>') { patternEnd = i; break; }
      else if (depth === 0 && isFor && /\sin\s/.test(text.slice(i - 1, i + 3))) { patternEnd = i + 2; break; }
    }
    if (patternEnd < 0) continue;
    const pattern = text.slice(m.index + m[0].length, typeAt >= 0 && typeAt < patternEnd ? typeAt : patternEnd);
    const names = new Set<string>();
    for (const n of pattern.matchAll(/(?<![\w:.])([a-z_][a-z0-9_]*)\b(?!\s*(?:\(|::|!|:(?!:)|\{))/g)) if (!KEYWORDS.has(n[1]) && n[1] !== '_') names.add(n[1]);
    if (names.size === 0) continue;
    const start = patternEnd + 1;
    const blockFollows = isFor || /\b(?:if|while)\s+$/.test(text.slice(Math.max(0, m.index - 8), m.index));
    const { init, end } = initialiser(text, start, blockFollows);
    out.push({ names, init, at: m.index, end });
  }
  scope.index.bindings = out;
  return out;
}

/** The latest binding of `name` that ends before `at` (`let x = x.expect(…)` is not a binding of the `x` it unwraps). */
function bindingOf(scope: FunctionScope, name: string, at: number): { init: string; at: number } | undefined {
  let best: Binding | undefined;
  for (const b of bindingsOf(scope)) {
    if (b.at >= at) break;
    if (b.end <= at && b.names.has(name)) best = b;
  }
  return best;
}

/** The expression from `start` to the `;` that ends the statement (or the `{` of an `if let`/`for`), and where it ends. */
function initialiser(text: string, start: number, blockFollows: boolean): { init: string; end: number } {
  let depth = 0;
  const done = (i: number) => ({ init: stripBodies(text.slice(start, i)), end: i });
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') { i++; while (i < text.length && !(text[i] === '"' && text[i - 1] !== '\\')) i++; continue; }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '{') { if (depth === 0 && blockFollows) return done(i); depth++; }
    else if (c === '}') { if (depth === 0) return done(i); depth--; }
    else if (c === ';' && depth === 0) return done(i);
    else if (depth === 0 && !blockFollows && text.startsWith('else', i) && /\s/.test(text[i - 1] ?? '')) return done(i);
  }
  return done(text.length);
}

/**
 * Drops the bodies of async blocks and block closures: what a spawned task does inside is not what
 * its handle yields (`tokio::spawn(async move { listener.bind… })`).
 */
function stripBodies(text: string): string {
  let out = text;
  for (let guard = 0; guard < 20; guard++) {
    const m = /(?:\basync\s*(?:move\s*)?|\|[^|]*\|\s*(?:->\s*[^{]+)?|\bmove\s*)\{/.exec(out);
    if (!m) break;
    const open = m.index + m[0].length - 1;
    let depth = 0, end = out.length;
    for (let i = open; i < out.length; i++) {
      if (out[i] === '{') depth++;
      else if (out[i] === '}' && --depth === 0) { end = i + 1; break; }
    }
    out = out.slice(0, m.index) + '_' + out.slice(end);
  }
  return out;
}

function topLevelColon(part: string): number {
  let depth = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if ('<([{'.includes(c)) depth++;
    else if ('>)]}'.includes(c)) depth--;
    else if (c === ':' && depth === 0 && part[i + 1] !== ':' && part[i - 1] !== ':') return i;
  }
  return -1;
}

