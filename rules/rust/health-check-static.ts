import { defineRustRule } from '../../server/src/engine/rule';
import type { SyntaxNode } from '../../server/src/parsers/rust';
import { identifierWords } from '../shared/secretNames';

/** Handler names that promise a dependency check (readiness); `live`/`liveness` are meant to be static. */
const CHECK_WORDS = new Set(['health', 'healthz', 'healthcheck', 'ready', 'readyz', 'readiness']);
const STATIC_OK_WORDS = new Set(['live', 'livez', 'liveness', 'alive', 'ping', 'startup', 'version']);
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

export const rule = defineRustRule({
  meta: {
    id: 'health-check-static',
    title: 'Health check that checks nothing',
    priority: 'P1',
    area: 'Operations',
    nonTest: true,
    action: 'Make readiness/health handlers check their dependencies (database, cache, queues)',
    docs: {
      lang: 'rust',
      what: 'Flags an HTTP handler named `health`, `healthz`, `health_check`, `ready`, `readyz` or `readiness` (any fn whose name has one of these words) whose body only returns a constant (`"OK"`, `StatusCode::OK`, literal JSON) and awaits nothing. Handlers named `live`/`liveness` are meant to be static and are not flagged.',
      why: 'A health endpoint that always says OK keeps traffic flowing to an instance whose database or cache is down: the load balancer and Kubernetes readiness probe see a healthy pod while every real request fails. It also hides the difference between "the process runs" (liveness) and "it can serve" (readiness).',
      example: 'async fn health() -> &\'static str {\n    "OK"\n}',
      useInstead: '// Liveness: is the process running?\nasync fn liveness() -> StatusCode { StatusCode::OK }\n\n// Readiness: can it serve traffic?\nasync fn readiness(State(db): State<PgPool>) -> Result<StatusCode, StatusCode> {\n    sqlx::query("SELECT 1").execute(&db).await.map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;\n    Ok(StatusCode::OK)\n}',
      fixSafety: 'No automatic fix: which dependencies define readiness is an application decision.',
      notes: 'Only fns (not closures passed to `route`) are checked. A handler that awaits anything, reads its parameters or calls a non-constructor function is considered a real check. Test code is exempt.',
    },
  },
  // fns whose name promises a check (`health`, `ready`…), not a static liveness one.
  candidates: [{
    pattern: /\bfn\s+([A-Za-z_][A-Za-z0-9_]*)/dg, group: 1, nodeTypes: ['function_item'], depth: 1, mainOnly: true,
    accept: (m) => { const w = identifierWords(m[1]); return w.some((x) => CHECK_WORDS.has(x)) && !w.some((x) => STATIC_OK_WORDS.has(x)); },
  }],
  check(node, ctx) {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    if (!name || !body) return;
    const words = identifierWords(name.text);
    if (!words.some((w) => CHECK_WORDS.has(w)) || words.some((w) => STATIC_OK_WORDS.has(w))) return;
    const isAsync = node.namedChildren.some((c) => c.type === 'function_modifiers' && /\basync\b/.test(c.text));
    const ret = node.childForFieldName('return_type')?.text ?? '';
    if (!isAsync && !HANDLER_RETURN.test(ret)) return;
    if (ret && !HANDLER_RETURN.test(ret) && !/^\(/.test(ret)) return; // e.g. `fn healthy() -> bool` helpers
    if (!isConstantBlock(body, 0)) return;
    ctx.reportNode(name,
      `\`${name.text}\` returns a constant and checks nothing: it reports healthy while the database, cache or other dependencies are down, so load balancers and readiness probes keep sending traffic to a broken instance. Check the dependencies in a readiness handler (keep a static liveness handler separately).`);
  },
});
