import { leadingAttributes } from '../../server/src/core/parsers/rustSyntax';
import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { findCrate } from '../../server/src/core/engine/workspaceFacts';
import { identifierWords } from '../shared/secretNames';
import { CHECK_WORDS, ROUTE_ATTRIBUTE, ROUTE_PATH_CALL, STATIC_OK_WORDS } from '../shared/rust/routes';
import { ancestryOf } from '../shared/rust/ancestry';

/** Return types of HTTP handlers. */
const HANDLER_RETURN = /IntoResponse|StatusCode|Response|Json|Html|&'static str|&str|String|HttpResponse|impl Responder|Result</;
/** Logging macros allowed before the constant. */
const LOG_MACRO = /^(tracing::|log::)?(trace|debug|info|warn|error)$/;
/** JSON macro content that is constant: only literals, no identifiers other than true/false/null. */
function constantTokens(tt: SyntaxNode): boolean {
  for (const id of tt.descendantsOfType('identifier')) if (!['true', 'false', 'null'].includes(id.text)) return false;
  return true;
}

/** True when `n` evaluates to a constant: literals, paths (`StatusCode::OK`), tuples/calls/method chains of constants. */
function isConstant(n: SyntaxNode | null | undefined, depth = 0): boolean {
  if (!n || depth > 12) return false;
  switch (n.type) {
    case 'string_literal': case 'raw_string_literal': case 'integer_literal': case 'boolean_literal': case 'char_literal': case 'float_literal':
    case 'scoped_identifier': case 'unit_expression':
      return true;
    case 'identifier':
      return /^[A-Z]/.test(n.text) || n.text === 'None';
    case 'parenthesized_expression': case 'tuple_expression': case 'array_expression': case 'reference_expression':
      return n.namedChildren.every((c) => c.type.endsWith('comment') || isConstant(c, depth + 1));
    case 'return_expression':
      return isConstant(n.namedChildren[0], depth + 1);
    case 'block':
      return isConstantBlock(n, depth + 1);
    case 'async_block': {
      const block = n.namedChildren.find((c) => c.type === 'block');
      return !!block && isConstantBlock(block, depth + 1);
    }
    case 'macro_invocation': {
      const name = n.childForFieldName('macro')?.text ?? '';
      const tt = n.lastNamedChild;
      return /(^|::)(json|format|vec)$/.test(name) && !!tt && constantTokens(tt);
    }
    case 'struct_expression': {
      const body = n.childForFieldName('body');
      return !!body && body.namedChildren.every((f) => f.type.endsWith('comment') || (f.type === 'field_initializer' && isConstant(f.childForFieldName('value'), depth + 1)));
    }
    case 'call_expression': {
      const fn = n.childForFieldName('function');
      const args = n.childForFieldName('arguments');
      if (!fn || !args) return false;
      if (!args.namedChildren.every((c) => c.type.endsWith('comment') || isConstant(c, depth + 1))) return false;
      // `Json(…)`, `Ok(…)`, `StatusCode::from_u16(200)`, `HttpResponse::Ok()`; `"ok".into_response()`, `….finish()`.
      if (fn.type === 'identifier' || fn.type === 'scoped_identifier') return /^[A-Z]/.test(fn.text.split('::').pop() ?? '') || /^(StatusCode|HttpResponse|Response|Json|Html)::/.test(fn.text);
      if (fn.type === 'field_expression') return isConstant(fn.childForFieldName('value'), depth + 1);
      return false;
    }
    default:
      return false;
  }
}

function isConstantBlock(block: SyntaxNode, depth: number): boolean {
  const items = block.namedChildren.filter((c) => !c.type.endsWith('comment'));
  if (items.length === 0) return true; // `async fn health() {}` → 200 with no body
  for (const s of items.slice(0, -1)) {
    if (s.type === 'expression_statement' && s.namedChildren[0]?.type === 'macro_invocation' && LOG_MACRO.test(s.namedChildren[0].childForFieldName('macro')?.text ?? '')) continue;
    if (s.type === 'let_declaration' && isConstant(s.childForFieldName('value'), depth + 1)) continue;
    return false;
  }
  const last = items[items.length - 1];
  if (last.type === 'expression_statement') return isConstant(last.namedChildren[0], depth + 1);
  return isConstant(last, depth + 1);
}


/** Words that promise a check, and none of the static ones (`/health/live`). */
function promisesCheck(words: string[]): boolean {
  return words.some((w) => CHECK_WORDS.has(w)) && !words.some((w) => STATIC_OK_WORDS.has(w));
}

function escapeRegExp(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/**
 * The handler named as a route target: `get(health)`, `on(MethodFilter::GET, health)`,
 * `web::get().to(health)`, `.service(health)`, `.at("/h", health)`, `routes![health]`, `routes!(health)`,
 * path-qualified (`get(handlers::health)`, `get(Self::health)`).
 */
function routeUse(name: string): RegExp {
  const target = `(?:[A-Za-z_]\\w*::)*${escapeRegExp(name)}(?:::<[^>]*>)?\\s*[,)\\]]`;
  const call = '\\b(?:get|post|put|delete|patch|head|options|trace|any|on|to|service|route|at|map|and_then|then|endpoint|get_service|handler|fallback|route_service|nest_service)\\s*\\(\\s*(?:[^();{}]*?,\\s*)?';
  return new RegExp(`(?:${call}|\\broutes!\\s*[\\[(][^\\])]*?\\b)${target}`);
}

/** The Rust files of the crate, and of the workspace crates depending on it (where its routes may be built). */
function routingFiles(ctx: RustRuleContext): string[] {
  const crate = ctx.crate;
  if (!crate) return [ctx.doc.path];
  const ws = ctx.ws;
  const crates = new Set([crate, ...ws.cargo.crates.filter((c) => c !== crate && !!crate.name && [...c.dependencies.values()].some((d) => d.package === crate.name && d.section === 'normal'))]);
  const dirs = [...crates].map((c) => (c.dir ? c.dir + '/' : ''));
  const out = [ctx.doc.path];
  for (const f of ws.files) {
    if (!f.endsWith('.rs') || f === ctx.doc.path || !dirs.some((d) => f.startsWith(d))) continue;
    const c = findCrate(ws.cargo.crates, f);
    if (c && crates.has(c)) out.push(f);
  }
  return out;
}

/** True when an HTTP route reaches the handler `fn` (a route attribute, or its name as a route target in the crate). */
/** Per document version: handler names already looked up in the routing files (a name is searched for once). */
const routedNames = new WeakMap<object, Map<string, boolean>>();

function isRouted(ctx: RustRuleContext, fn: SyntaxNode, name: string): boolean {
  if (leadingAttributes(fn).some((a) => ROUTE_ATTRIBUTE.test(a.text))) return true;
  let byName = routedNames.get(ctx.doc);
  if (!byName) { byName = new Map(); routedNames.set(ctx.doc, byName); }
  let routed = byName.get(name);
  if (routed === undefined) { routed = routedByName(ctx, name); byName.set(name, routed); }
  return routed;
}

function routedByName(ctx: RustRuleContext, name: string): boolean {
  const re = routeUse(name);
  for (const f of routingFiles(ctx)) {
    const text = f === ctx.doc.path ? ctx.doc.text : ctx.ws.document(f)?.text;
    if (text && text.includes(name) && re.test(text)) return true;
  }
  return false;
}

/** A fn taking `self` (`tower::Service::poll_ready(&mut self, …)`): a method, not an HTTP handler. */
function takesSelf(fn: SyntaxNode): boolean {
  const params = fn.childForFieldName('parameters');
  return !!params && params.namedChildren.some((p) => p.type === 'self_parameter');
}

/**
 * The handler of a route at a path: `.route("/health", <handler>)`, `.at("/health", <handler>)`, or
 * `web::resource("/health").route(<handler>)` / `warp::path("health").map(<handler>)`.
 */
function routeHandlers(pathLiteral: SyntaxNode): SyntaxNode[] {
  // Ancestors from the cached chain: `.parent` is a search from the root, per literal.
  const chain = ancestryOf(pathLiteral);
  const args = chain.node(0);
  const call = chain.node(1);
  if (!args || args.type !== 'arguments' || !call || call.type !== 'call_expression') return [];
  const fn = call.childForFieldName('function');
  if (fn?.type === 'field_expression' && /^(route|at)$/.test(fn.childForFieldName('field')?.text ?? '') && args.namedChildren[0] === pathLiteral) {
    return args.namedChildren.slice(1);
  }
  // `resource("/health")` / `path("health")` then chained `.route(h)`, `.to(h)`, `.map(h)`, `.get(h)`.
  if (!/(^|::)(resource|path|scope)$/.test(fn?.text ?? '')) return [];
  const out: SyntaxNode[] = [];
  for (let i = 0; i < 3; i++) {
    const field = chain.node(2 + 2 * i);
    const next = chain.node(3 + 2 * i);
    if (field?.type !== 'field_expression' || next?.type !== 'call_expression') break;
    out.push(...(next.childForFieldName('arguments')?.namedChildren ?? []));
  }
  return out;
}

/** The closure a handler expression routes to: `|| async { … }`, `get(|| …)`, `web::get().to(|| …)`. */
function routedClosure(handler: SyntaxNode): SyntaxNode | undefined {
  if (handler.type === 'closure_expression') return handler;
  return handler.descendantsOfType('closure_expression')[0];
}

export const rule = defineRustRule({
  meta: {
    id: 'health-check-static',
    title: 'Health check that checks nothing',
    priority: 'P1',
    area: 'Observability',
    nonTest: true,
    action: 'Make readiness/health handlers check their dependencies (database, cache, queues)',
    docs: {
      lang: 'rust',
      what: 'Flags a routed HTTP handler (an axum/actix/rocket/poem/warp route or route attribute reaches it) whose name has the word `health`, `healthz`, `healthcheck`, `ready`, `readyz` or `readiness` (`health_check`, `readyz`), and a closure routed at such a path (`.route("/health", get(|| async { StatusCode::OK }))`), when the body only returns a constant (`"OK"`, `StatusCode::OK`, literal JSON) and awaits nothing. Handlers and paths named `live`/`liveness` are meant to be static and are not flagged.',
      why: 'A health endpoint that always says OK keeps traffic flowing to an instance whose database or cache is down: the load balancer and Kubernetes readiness probe see a healthy pod while every real request fails. It also hides the difference between "the process runs" (liveness) and "it can serve" (readiness).',
      example: 'fn app() -> Router {\n    Router::new().route("/health", get(health))\n}\n\nasync fn health() -> &\'static str {\n    "OK"\n}',
      useInstead: 'fn app(db: PgPool) -> Router {\n    Router::new()\n        .route("/live", get(liveness))\n        .route("/ready", get(readiness))\n        .with_state(db)\n}\n\n// Liveness: is the process running?\nasync fn liveness() -> StatusCode { StatusCode::OK }\n\n// Readiness: can it serve traffic?\nasync fn readiness(State(db): State<PgPool>) -> Result<StatusCode, StatusCode> {\n    sqlx::query("SELECT 1").execute(&db).await.map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;\n    Ok(StatusCode::OK)\n}',
      fixSafety: 'No automatic fix: which dependencies define readiness is an application decision.',
      notes: 'A fn is a handler when it has a route attribute (`#[get("/health")]`, `#[route(…)]`, `#[oai(path = …)]`) or its name is a route target in its crate or a workspace crate depending on it (`get(health)`, `get(handlers::health)`, `on(MethodFilter::GET, health)`, `web::get().to(health)`, `.service(health)`, `.at("/health", health)`, `routes![health]`). Not flagged: methods taking `self` (`tower::Service::poll_ready`), unrouted fns (an OpenAPI doc stub like `#[utoipa::path(…)] async fn path_health() {}`, a helper), generated code. A handler that awaits anything, reads its parameters or calls a non-constructor function is considered a real check; a closure with parameters reads its request or state. Test code is exempt.',
    },
  },
  candidates: [
    // fns whose name promises a check (`health`, `ready`…), not a static liveness one.
    {
      pattern: /\bfn\s+([A-Za-z_][A-Za-z0-9_]*)/dg, group: 1, nodeTypes: ['function_item'], depth: 1, mainOnly: true,
      accept: (m) => promisesCheck(identifierWords(m[1])),
    },
    // Closures routed at such a path: `.route("/health", get(|| async { StatusCode::OK }))`.
    {
      pattern: ROUTE_PATH_CALL, group: 1, nodeTypes: ['string_literal'], depth: 1, mainOnly: true,
      accept: (m) => promisesCheck(identifierWords(m[1])),
    },
  ],
  check(node, ctx) {
    if (node.type === 'string_literal') return checkRoutedClosure(node, ctx);
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    if (!name || !body) return;
    if (!promisesCheck(identifierWords(name.text)) || takesSelf(node)) return;
    const isAsync = node.namedChildren.some((c) => c.type === 'function_modifiers' && /\basync\b/.test(c.text));
    const ret = node.childForFieldName('return_type')?.text ?? '';
    if (!isAsync && !HANDLER_RETURN.test(ret)) return;
    if (ret && !HANDLER_RETURN.test(ret) && !/^\(/.test(ret)) return; // e.g. `fn healthy() -> bool` helpers
    if (!isConstantBlock(body, 0)) return;
    // Only an HTTP handler a route reaches: not a doc stub (`#[utoipa::path] fn path_health() {}`), not a helper.
    if (!isRouted(ctx, node, name.text)) return;
    ctx.reportNode(name,
      `\`${name.text}\` returns a constant and checks nothing: it reports healthy while the database, cache or other dependencies are down, so load balancers and readiness probes keep sending traffic to a broken instance. Check the dependencies in a readiness handler (keep a static liveness handler separately).`);
  },
});

function checkRoutedClosure(pathLiteral: SyntaxNode, ctx: RustRuleContext): void {
  for (const handler of routeHandlers(pathLiteral)) {
    const closure = routedClosure(handler);
    if (!closure) continue;
    const params = closure.childForFieldName('parameters');
    if (params && params.namedChildren.length > 0) continue; // reads its request or state
    if (!isConstant(closure.childForFieldName('body'))) continue;
    ctx.reportNode(pathLiteral,
      `The route ${pathLiteral.text} answers with a constant closure and checks nothing: it reports healthy while the database, cache or other dependencies are down, so load balancers and readiness probes keep sending traffic to a broken instance. Route it to a handler that checks the dependencies (keep a static liveness route separately).`);
    return;
  }
}
