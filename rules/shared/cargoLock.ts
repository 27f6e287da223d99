/**
 * Reading `Cargo.lock` (never writing it): the `[[package]]` entries with their positions, git
 * sources split into URL / reference / commit, and the version a manifest's dependency resolved to.
 * The lock is found at the manifest's directory or any parent up to the workspace root (a workspace
 * member's lock is the root one).
 */
import type { TomlDocument } from '../../server/src/core/parsers/document';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import { tomlEntries, type TomlEntry } from '../../server/src/core/parsers/toml';

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
  /** The entry's `name` / `version` key-values, for ranges. */
  nameEntry?: TomlEntry;
  versionEntry?: TomlEntry;
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

const lockCache = new WeakMap<TomlDocument, LockPackage[]>();

/** The `[[package]]` entries of a parsed lock (memoised per document object). */
export function lockPackages(doc: TomlDocument): LockPackage[] {
  const cached = lockCache.get(doc);
  if (cached) return cached;
  const out: LockPackage[] = [];
  const byIndex = new Map<string, { name?: string; version?: string; source?: string; nameEntry?: TomlEntry; versionEntry?: TomlEntry }>();
  const raw = doc.toml.value.package;
  if (doc.toml.ast) {
    for (const e of tomlEntries(doc.toml.ast)) {
      if (e.path[0] !== 'package' || e.path.length !== 3) continue;
      const slot = byIndex.get(e.path[1]) ?? {};
      byIndex.set(e.path[1], slot);
      if (e.path[2] === 'name') slot.nameEntry = e;
      if (e.path[2] === 'version') slot.versionEntry = e;
    }
  }
  if (Array.isArray(raw)) {
    raw.forEach((p: unknown, i) => {
      const o = p && typeof p === 'object' ? (p as Record<string, unknown>) : {};
      if (typeof o.name !== 'string' || typeof o.version !== 'string') return;
      const source = typeof o.source === 'string' ? o.source : undefined;
      const slot = byIndex.get(String(i)) ?? {};
      out.push({
        name: o.name,
        version: o.version,
        source,
        git: source ? parseGitSource(source) : undefined,
        dependencies: Array.isArray(o.dependencies) ? o.dependencies.filter((d): d is string => typeof d === 'string') : [],
        nameEntry: slot.nameEntry,
        versionEntry: slot.versionEntry,
      });
    });
  }
  lockCache.set(doc, out);
  return out;
}

/** The lock governing the manifest at `manifestPath`: `Cargo.lock` beside it or in a parent directory. */
export function findLock(ws: WorkspaceFacts, manifestPath: string): CargoLock | undefined {
  let dir = manifestPath.includes('/') ? manifestPath.slice(0, manifestPath.lastIndexOf('/')) : '';
  for (;;) {
    const p = dir ? `${dir}/Cargo.lock` : 'Cargo.lock';
    const doc = ws.exists(p) ? ws.document(p) : undefined;
    if (doc?.kind === 'toml' && doc.toml.ast) return { path: p, doc, packages: lockPackages(doc) };
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

/** The dependency graph of a parsed lock (memoised per document object). */
export function lockGraph(doc: TomlDocument): LockGraph {
  const cached = graphCache.get(doc);
  if (cached) return cached;
  const packages = lockPackages(doc);
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
