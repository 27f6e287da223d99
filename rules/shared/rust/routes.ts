/**
 * HTTP routes as the Rust side declares them, read once for the rules that need them:
 * `health-check-static` (is this handler a routed health check?) and `k8s-missing-probes` (does
 * the workspace serve a health route over HTTP on this port, so an `httpGet` probe will answer?).
 *
 * - route paths: `.route("/health", …)`, `.at("/health", …)`, `web::resource("/health")`,
 *   `warp::path("health")`, `scope(…)`, and route attributes `#[get("/health")]`,
 *   `#[route("/health", …)]`, `#[oai(path = "/health")]`;
 * - health words: names that promise a dependency check (`health`, `ready`…) and the static
 *   liveness ones (`live`, `ping`…).
 */
import type { WorkspaceFacts, CrateFacts } from '../../../server/src/core/engine/workspaceFacts';
import { identifierWords } from '../secretNames';

/** Handler and path words that promise a dependency check (readiness); `live`/`liveness` are meant to be static. */
export const CHECK_WORDS: ReadonlySet<string> = new Set(['health', 'healthz', 'healthcheck', 'ready', 'readyz', 'readiness']);
export const STATIC_OK_WORDS: ReadonlySet<string> = new Set(['live', 'livez', 'liveness', 'alive', 'ping', 'startup', 'version']);

/** A route path given to a router call: `.route("/p", …)`, `.at("/p", …)`, `resource("/p")`, `path("p")`, `scope("/p")` (group 1: the literal with its quotes). */
export const ROUTE_PATH_CALL = /(?:\.(?:route|at)|\b(?:resource|path|scope))\s*\(\s*("[^"\n]*")/dg;

/** A route attribute on a handler: `#[get("/health")]` (actix, rocket), `#[route("/health", …)]`, `#[oai(path = …)]` (poem-openapi). */
export const ROUTE_ATTRIBUTE = /^#\[\s*(?:[A-Za-z_]\w*::)*(?:(?:get|post|put|delete|patch|head|options|trace|route)\s*\(\s*"|oai\s*\(\s*path\b)/;
/** The same attribute anywhere in a text, capturing its path (group 1). */
const ROUTE_ATTRIBUTE_PATH = /#\[\s*(?:[A-Za-z_]\w*::)*(?:(?:get|head|route)\s*\(\s*|oai\s*\(\s*path\s*=\s*)"([^"\n]*)"/g;

/** Frameworks whose routes serve HTTP (tonic's gRPC routes do not answer an `httpGet`). */
const HTTP_FRAMEWORKS = ['axum', 'actix-web', 'rocket', 'poem', 'poem-openapi', 'warp', 'salvo', 'tide', 'hyper', 'leptos_axum', 'leptos_actix'];

export type HealthKind = 'liveness' | 'readiness';

/** A health route a crate serves: its path, and whether it reads as liveness (`/livez`) or readiness/health (`/readyz`, `/health`). */
export interface HealthRoute { path: string; kind: HealthKind; crate: CrateFacts; file: string }

/** Which probe a route path suits, or undefined when it is no health route (`/health/…` words, `/ping`…). */
export function healthKindOf(path: string): HealthKind | undefined {
  const words = identifierWords(path);
  if (words.some((w) => STATIC_OK_WORDS.has(w) && w !== 'version' && w !== 'startup')) return 'liveness';
  if (words.some((w) => CHECK_WORDS.has(w))) return 'readiness';
  return undefined;
}

/** The HTTP framework a crate serves with, if any. */
export function httpFramework(crate: CrateFacts): string | undefined {
  return HTTP_FRAMEWORKS.find((f) => crate.dependsOn(f));
}

const routesCache = new WeakMap<readonly string[], HealthRoute[]>();

/** Every health route of the workspace's HTTP-serving crates (production Rust files), cached per file listing. */
export function healthRoutes(ws: WorkspaceFacts): HealthRoute[] {
  let routes = routesCache.get(ws.files);
  if (routes) return routes;
  routes = [];
  for (const file of ws.files) {
    if (!file.endsWith('.rs') || ws.roleOf(file) !== 'production') continue;
    const crate = ws.crateOf(file);
    if (!crate || !httpFramework(crate)) continue;
    const text = ws.document(file)?.text ?? '';
    if (!/health|ready|live|alive|ping/i.test(text)) continue;
    const paths = [
      ...[...text.matchAll(new RegExp(ROUTE_PATH_CALL.source, 'g'))].map((m) => m[1].slice(1, -1)),
      ...[...text.matchAll(ROUTE_ATTRIBUTE_PATH)].map((m) => m[1]),
    ];
    for (const raw of paths) {
      const path = raw.startsWith('/') ? raw : `/${raw}`;
      const kind = healthKindOf(path);
      // Parameterised paths (`/health/:id`, `/{id}`) are no probe target.
      if (kind && !/[:{<*]/.test(path) && !routes.some((r) => r.path === path && r.crate === crate)) routes.push({ path, kind, crate, file });
    }
  }
  routesCache.set(ws.files, routes);
  return routes;
}

/**
 * True when the crate's Rust code binds or defaults to `port`: the number as a token on a line that
 * speaks of binding or addresses (`"0.0.0.0:8080"`, `.bind(("0.0.0.0", 8080))`, `port: 8080`,
 * `fn default_port() -> u16 { 8080 }`).
 */
export function crateMentionsPort(ws: WorkspaceFacts, crate: CrateFacts, port: string): boolean {
  const prefix = crate.dir ? `${crate.dir}/` : '';
  const token = new RegExp(`(?:^|[^\\w.])${port}(?![\\w.])`);
  for (const file of ws.files) {
    if (!file.endsWith('.rs') || !file.startsWith(prefix) || ws.crateOf(file) !== crate) continue;
    const text = ws.document(file)?.text;
    if (!text || !text.includes(port)) continue;
    for (const line of text.split('\n')) {
      if (token.test(line) && /bind|listen|addr|port|serve|socket|http/i.test(line)) return true;
    }
  }
  return false;
}
