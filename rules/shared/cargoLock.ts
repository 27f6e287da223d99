/**
 * Reading `Cargo.lock` (never writing it): the `[[package]]` entries with their positions, git
 * sources split into URL / reference / commit, and the version a manifest's dependency resolved to.
 * The lock is found at the manifest's directory or any parent up to the workspace root (a workspace
 * member's lock is the root one).
 *
 * The lock is the largest TOML file of a workspace and its readers need values, not a syntax tree:
 * it is read as data only (the document's `values`: 5-8× faster than the positioned AST on the
 * corpus' 40-220 KB locks), and the only positions used, each package's `name` and `version`
 * values, come from a line scan of the `[[package]]` blocks cargo writes. A lock the scan does not
 * agree with (edited by hand) takes its positions from the AST instead.
 */
import type { TomlDocument } from '../../server/src/core/parsers/document';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import type { Range } from '../../server/src/core/engine/types';
import { tomlEntries, tomlRange } from '../../server/src/core/parsers/toml';

export interface GitSource {
  /** Normalised repository URL (lower-case host, no `.git`, no trailing slash). */
  url: string;
  kind?: 'tag' | 'branch' | 'rev';
  ref?: string;
  /** The full commit after `#`. */
  commit?: string;
}

export interface LockPackage {
  name: string;
  version: string;
  source?: string;
  git?: GitSource;
  /** `dependencies = ["a", "b 0.3.1", "c 1.0.0 (registry+…)"]` as written. */
  dependencies: string[];
  /** The ranges of the entry's `name` / `version` values (with their quotes). */
  nameRange?: Range;
  versionRange?: Range;
}

export interface CargoLock { path: string; doc: TomlDocument; packages: LockPackage[] }

/** `https://GitHub.com/a/b.git/` → `https://github.com/a/b`. */
function normalizeGitUrl(url: string): string {
  let u = url.trim().replace(/\/+$/, '').replace(/\.git$/, '');
  u = u.replace(/^([a-z+]+:\/\/)([^/]+)/i, (_m, scheme: string, host: string) => scheme.toLowerCase() + host.toLowerCase());
  return u.replace(/^git\+/, '');
}

/** Parses a lock `source = "git+https://…?tag=v1#<commit>"`. */
function parseGitSource(source: string): GitSource | undefined {
  if (!source.startsWith('git+')) return undefined;
  const rest = source.slice(4);
  const hash = rest.indexOf('#');
  const commit = hash >= 0 ? rest.slice(hash + 1) : undefined;
  const beforeHash = hash >= 0 ? rest.slice(0, hash) : rest;
  const q = beforeHash.indexOf('?');
  const url = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  let kind: GitSource['kind'];
  let ref: string | undefined;
  if (q >= 0) {
    for (const part of beforeHash.slice(q + 1).split('&')) {
      const [k, v = ''] = part.split('=');
      if (k === 'tag' || k === 'branch' || k === 'rev') { kind = k; ref = decodeURIComponent(v); }
    }
  }
  return { url: normalizeGitUrl(url), kind, ref, commit };
}

interface ValueRanges { name?: Range; version?: Range }

/** Cargo's `[[package]]` header line (`[[ package ]]` and a trailing comment allowed). */
const PACKAGE_HEADER = /^\s*\[\[\s*package\s*\]\]\s*(?:#.*)?$/;
/** A `name = "…"` / `version = "…"` line: the value literal (basic string without escapes, or literal string). */
const NAME_OR_VERSION = /^(\s*(name|version)\s*=\s*)("[^"\\]*"|'[^']*')\s*(?:#.*)?$/;

/**
 * The `name` / `version` value ranges of each `[[package]]` block, by a line scan; undefined when
 * the scan does not find exactly the packages the parse did, with the same names and versions.
 */
function scanValueRanges(doc: TomlDocument, packages: readonly Record<string, unknown>[]): ValueRanges[] | undefined {
  const out: ValueRanges[] = [];
  let current: ValueRanges | undefined;
  for (let line = 0; line < doc.index.lineCount; line++) {
    const text = doc.index.lineText(line);
    if (PACKAGE_HEADER.test(text)) { current = {}; out.push(current); continue; }
    if (/^\s*\[/.test(text)) { current = undefined; continue; }
    const m = current && NAME_OR_VERSION.exec(text);
    if (!current || !m) continue;
    const key = m[2] as 'name' | 'version';
    if (current[key]) return undefined;
    current[key] = { start: { line, character: m[1].length }, end: { line, character: m[1].length + m[3].length } };
    // The value the range shows must be the value read.
    if (m[3].slice(1, -1) !== packages[out.length - 1]?.[key]) return undefined;
  }
  if (out.length !== packages.length) return undefined;
  return packages.every((p, i) => (typeof p.name !== 'string' || out[i].name) && (typeof p.version !== 'string' || out[i].version)) ? out : undefined;
}

/** The ranges from the positioned AST: the slow way, for a lock the line scan cannot read. */
function astValueRanges(doc: TomlDocument): ValueRanges[] {
  const out: ValueRanges[] = [];
  if (!doc.toml.ast) return out;
  for (const e of tomlEntries(doc.toml.ast)) {
    if (e.path[0] !== 'package' || e.path.length !== 3 || (e.path[2] !== 'name' && e.path[2] !== 'version')) continue;
    const i = Number(e.path[1]);
    out[i] ??= {};
    out[i][e.path[2]] = tomlRange(doc.index, e.value);
  }
  return out;
}

const lockCache = new WeakMap<TomlDocument, LockPackage[] | null>();

/** The `[[package]]` entries of a lock; undefined when it is not valid TOML (memoised per document object). */
export function lockPackages(doc: TomlDocument): LockPackage[] | undefined {
  const cached = lockCache.get(doc);
  if (cached !== undefined) return cached ?? undefined;
  const values = doc.values;
  if (!values) { lockCache.set(doc, null); return undefined; }
  const raw = values.package;
  const entries = Array.isArray(raw) ? raw.map((p: unknown) => (p && typeof p === 'object' ? (p as Record<string, unknown>) : {})) : [];
  const ranges = scanValueRanges(doc, entries) ?? astValueRanges(doc);
  const out: LockPackage[] = [];
  entries.forEach((o, i) => {
    if (typeof o.name !== 'string' || typeof o.version !== 'string') return;
    const source = typeof o.source === 'string' ? o.source : undefined;
    out.push({
      name: o.name,
      version: o.version,
      source,
      git: source ? parseGitSource(source) : undefined,
      dependencies: Array.isArray(o.dependencies) ? o.dependencies.filter((d): d is string => typeof d === 'string') : [],
      nameRange: ranges[i]?.name,
      versionRange: ranges[i]?.version,
    });
  });
  lockCache.set(doc, out);
  return out;
}

/** The lock governing the manifest at `manifestPath`: `Cargo.lock` beside it or in a parent directory. */
export function findLock(ws: WorkspaceFacts, manifestPath: string): CargoLock | undefined {
  let dir = manifestPath.includes('/') ? manifestPath.slice(0, manifestPath.lastIndexOf('/')) : '';
  for (;;) {
    const p = dir ? `${dir}/Cargo.lock` : 'Cargo.lock';
    const doc = ws.exists(p) ? ws.document(p) : undefined;
    const packages = doc?.kind === 'toml' ? lockPackages(doc) : undefined;
    if (doc?.kind === 'toml' && packages) return { path: p, doc, packages };
    if (!dir) return undefined;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}

/**
 * The full commit the lock pinned for a git dependency: a package from the same repository with
 * the same reference (`tag`/`branch`, or none). Prefers the package of the same name.
 */
export function lockedGitCommit(lock: CargoLock, pkg: string, url: string, kind: 'tag' | 'branch' | undefined, ref: string | undefined): string | undefined {
  const want = normalizeGitUrl(url);
  const matches = lock.packages.filter((p) => p.git && p.git.url === want && p.git.commit && /^[0-9a-f]{40}$/i.test(p.git.commit)
    && (kind ? p.git.kind === kind && p.git.ref === ref : p.git.kind === undefined));
  const best = matches.find((p) => p.name === pkg) ?? matches[0];
  return best?.git?.commit;
}

function isRegistry(p: LockPackage): boolean {
  return !p.source || p.source.startsWith('registry+') || p.source.startsWith('sparse+');
}

/**
 * The version a registry dependency `pkg` resolved to for the crate `crateName` (its lock entry's
 * `dependencies` list disambiguates when several versions are locked). Undefined when unknown or
 * ambiguous.
 */
export function lockedVersion(lock: CargoLock, pkg: string, crateNames: readonly string[]): string | undefined {
  const candidates = lock.packages.filter((p) => p.name === pkg && isRegistry(p));
  if (candidates.length === 1) return candidates[0].version;
  if (candidates.length === 0) return undefined;
  const chosen = new Set<string>();
  for (const owner of lock.packages.filter((p) => crateNames.includes(p.name) && !p.source)) {
    for (const d of owner.dependencies) {
      const [n, v] = d.split(' ');
      if (n === pkg && v) chosen.add(v);
    }
  }
  return chosen.size === 1 ? [...chosen][0] : undefined;
}

/**
 * The lock's dependency graph: each `dependencies` string resolved to a `[[package]]` index
 * (`"name"`, `"name version"` or `"name version (source)"`). The lock records every target's
 * dependencies without their `cfg`, so the graph is the union over all targets.
 */
export interface LockGraph {
  packages: LockPackage[];
  /** `deps[i]`: indices of the packages `packages[i]` depends on (unresolvable entries dropped). */
  deps: number[][];
  /** `dependents[i]`: indices of the packages depending on `packages[i]`. */
  dependents: number[][];
  /** Local packages (no `source`): workspace members and path dependencies. */
  roots: number[];
}

const graphCache = new WeakMap<TomlDocument, LockGraph>();

/** The dependency graph of a lock (memoised per document object); undefined when it is not valid TOML. */
export function lockGraph(doc: TomlDocument): LockGraph | undefined {
  const cached = graphCache.get(doc);
  if (cached) return cached;
  const packages = lockPackages(doc);
  if (!packages) return undefined;
  const byName = new Map<string, number[]>();
  packages.forEach((p, i) => { byName.set(p.name, [...(byName.get(p.name) ?? []), i]); });
  const resolve = (dep: string): number | undefined => {
    const m = /^(\S+)(?:\s+(\S+))?(?:\s+\((.*)\))?$/.exec(dep.trim());
    if (!m) return undefined;
    const [, name, version, source] = m;
    const found = (byName.get(name) ?? []).filter((i) => (!version || packages[i].version === version)
      && (!source || packages[i].source === source));
    return found[0];
  };
  const deps = packages.map((p) => [...new Set(p.dependencies.map(resolve).filter((i): i is number => i !== undefined))]);
  const dependents: number[][] = packages.map(() => []);
  deps.forEach((ds, i) => { for (const d of ds) dependents[d].push(i); });
  const roots = packages.map((p, i) => (p.source ? -1 : i)).filter((i) => i >= 0);
  const graph = { packages, deps, dependents, roots };
  graphCache.set(doc, graph);
  return graph;
}
