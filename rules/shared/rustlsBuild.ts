/**
 * Which rustls 0.23+ CryptoProvider a crate's build gets, read from `Cargo.lock` (the dependency
 * graph and the `ring` / `aws-lc-rs` dependencies of the `rustls` entry) and from the manifests
 * built together (the provider features their rustls-pulling dependencies turn on). rustls picks
 * the process-level provider itself only when exactly one is compiled in.
 */
import type { CrateFacts, DependencyFacts, WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import { findLock, type CargoLock, type LockPackage } from './cargoLock';

export type Provider = 'ring' | 'aws-lc-rs';

/**
 * Crates that pull rustls 0.23+ in and the provider features they turn on, by their own features.
 * (Same table as `toml/rustls-provider-ambiguous`.)
 */
interface ProviderCrate {
  min: [number, number];
  max?: [number, number];
  defaults: Provider[];
  ring: string[];
  aws: string[];
  /** Pulls rustls in only with one of these features (substring), e.g. reqwest `rustls-tls`. */
  needs?: RegExp;
}
export const PROVIDER_CRATES: Readonly<Record<string, ProviderCrate>> = {
  rustls: { min: [0, 23], defaults: ['aws-lc-rs'], ring: ['ring'], aws: ['aws-lc-rs', 'aws_lc_rs', 'fips'] },
  quinn: { min: [0, 11], defaults: ['ring'], ring: ['rustls-ring', 'rustls'], aws: ['rustls-aws-lc-rs', 'rustls-aws-lc-rs-fips'] },
  'quinn-proto': { min: [0, 11], defaults: ['ring'], ring: ['rustls-ring', 'rustls'], aws: ['rustls-aws-lc-rs', 'rustls-aws-lc-rs-fips'] },
  'tokio-rustls': { min: [0, 26], defaults: ['aws-lc-rs'], ring: ['ring'], aws: ['aws_lc_rs', 'aws-lc-rs', 'fips'] },
  'hyper-rustls': { min: [0, 27], defaults: ['aws-lc-rs'], ring: ['ring'], aws: ['aws-lc-rs', 'fips'] },
  reqwest: { min: [0, 12], max: [0, 12], defaults: [], ring: ['rustls-tls', 'rustls-tls-webpki-roots', 'rustls-tls-native-roots', 'rustls-tls-manual-roots'], aws: [], needs: /rustls/ },
  sqlx: { min: [0, 8], defaults: [], ring: ['tls-rustls', 'tls-rustls-ring', 'tls-rustls-ring-webpki', 'tls-rustls-ring-native-roots', 'runtime-tokio-rustls', 'runtime-async-std-rustls'], aws: ['tls-rustls-aws-lc-rs'], needs: /rustls/ },
  lettre: { min: [0, 11], defaults: [], ring: ['ring'], aws: ['aws-lc-rs'], needs: /rustls/ },
};

type Version = [number, number];
function parseVersion(v: string | undefined): Version | undefined {
  const m = v ? /(\d+)(?:\.(\d+))?/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1];
function versionIn(v: string | undefined, min: Version, max?: Version): boolean {
  const x = parseVersion(v);
  return !!x && cmp(x, min) >= 0 && (!max || cmp(x, max) <= 0);
}

/**
 * The providers a dependency turns on in rustls (possibly none: `rustls` with default features off),
 * or undefined when it does not pull rustls 0.23+ in (by the manifest alone).
 */
export function manifestProviders(d: DependencyFacts): Set<Provider> | undefined {
  const pc = PROVIDER_CRATES[d.package];
  if (!pc || !versionIn(d.version, pc.min, pc.max)) return undefined;
  if (pc.needs && !d.features.some((f) => pc.needs!.test(f))) return undefined;
  const out = new Set<Provider>();
  if (d.features.some((f) => pc.ring.includes(f)) || (d.defaultFeatures && pc.defaults.includes('ring'))) out.add('ring');
  if (d.features.some((f) => pc.aws.includes(f)) || (d.defaultFeatures && pc.defaults.includes('aws-lc-rs'))) out.add('aws-lc-rs');
  return out;
}

export interface RustlsBuild {
  /** The rustls version the lock resolved (when the lock shows it). */
  version?: string;
  /** The crate's dependencies through which rustls is reached (`rustls`, `sqlx`, `chat-core`). */
  via: readonly string[];
  /** The providers compiled into rustls: the lock's, plus those the manifests built together turn on. */
  providers: ReadonlySet<Provider>;
  /** True when rustls cannot pick one provider (both, or neither). */
  ambiguous: boolean;
  /** Why, in words: `server/Cargo.lock builds rustls 0.23.43 with both ring and aws-lc-rs`. */
  reason: string;
  /**
   * Registry packages reached from the crate that depend on rustls directly (sqlx-core, quinn-proto,
   * tokio-rustls): the code that builds rustls configs. Empty when only workspace crates do.
   */
  rustlsUsers: ReadonlySet<string>;
  /** Workspace crates reached on the way to rustls (their code may install the provider). */
  workspaceCrates: readonly CrateFacts[];
}

/** `"sqlx-core 0.8.2 (registry+…)"` → name, version. */
function splitDep(d: string): [string, string | undefined] {
  const [n, v] = d.split(' ');
  return [n, v];
}

function isRustls023(p: LockPackage): boolean {
  return p.name === 'rustls' && versionIn(p.version, [0, 23]);
}

function lockProvidersOf(p: LockPackage): Set<Provider> {
  const out = new Set<Provider>();
  for (const d of p.dependencies) {
    const [n] = splitDep(d);
    if (n === 'ring') out.add('ring');
    if (n === 'aws-lc-rs') out.add('aws-lc-rs');
  }
  return out;
}

/** Dependency names (packages) a crate links in a build: normal, and dev ones for its tests. */
function linked(crate: CrateFacts, includeDev: boolean): Set<string> {
  const out = new Set<string>();
  for (const d of crate.dependencies.values()) if (d.section === 'normal' || (includeDev && d.section === 'dev')) out.add(d.package);
  return out;
}

/**
 * What a crate's enabled features turn on: its optional dependencies (by name) and the features of
 * its dependencies (`tls-ring = ["tokio-rustls/ring"]`). `requests` are what its dependents ask
 * (defaults included unless they turn them off); a binary's own build asks for its defaults.
 */
interface FeatureReading { optionalOn: Set<string>; dependencyFeatures: Map<string, string[]> }
function readFeatures(member: CrateFacts, requests: readonly { features: readonly string[]; defaultFeatures: boolean }[]): FeatureReading {
  const optional = new Set([...member.dependencies.values()].filter((d) => d.optional).map((d) => d.name));
  const out: FeatureReading = { optionalOn: new Set(), dependencyFeatures: new Map() };
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const r of requests) {
    queue.push(...r.features);
    if (r.defaultFeatures) queue.push('default');
  }
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const dep = /^dep:(.+)$/.exec(f)?.[1];
    if (dep !== undefined) { if (optional.has(dep)) out.optionalOn.add(dep); continue; }
    // `dep/feature` turns the dependency on; `dep?/feature` only adds the feature if something else does.
    const sub = /^([^/?]+)(\??)\/(.+)$/.exec(f);
    if (sub) {
      if (!sub[2] && optional.has(sub[1])) out.optionalOn.add(sub[1]);
      out.dependencyFeatures.set(sub[1], [...(out.dependencyFeatures.get(sub[1]) ?? []), sub[3]]);
      continue;
    }
    const implied = member.features.get(f);
    if (implied) queue.push(...implied);
    // An optional dependency is also a feature of its own name.
    else if (optional.has(f)) out.optionalOn.add(f);
  }
  return out;
}

/**
 * A dependency as the crate's enabled features leave it: undefined when it is optional and off,
 * else with the features the crate's `[features]` add to it (`dep?/f` only when it is on).
 */
function asBuilt(d: DependencyFacts, reading: FeatureReading): DependencyFacts | undefined {
  if (d.optional && !reading.optionalOn.has(d.name)) return undefined;
  const extra = reading.dependencyFeatures.get(d.name);
  return extra ? { ...d, features: [...d.features, ...extra] } : d;
}

interface LockReach { rustls?: LockPackage; via: string[]; users: Set<string>; workspace: CrateFacts[] }

/** Walks the lock graph from the crate's own entry (dev-dependencies only at the first hop, for tests). */
function reachInLock(ws: WorkspaceFacts, lock: CargoLock, crate: CrateFacts, includeDev: boolean): LockReach | undefined {
  const byName = new Map<string, LockPackage[]>();
  for (const p of lock.packages) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const resolve = (d: string): LockPackage | undefined => {
    const [n, v] = splitDep(d);
    const c = byName.get(n);
    return c && (v ? c.find((p) => p.version === v) ?? c[0] : c[0]);
  };
  const root = (byName.get(crate.name ?? '') ?? []).find((p) => !p.source);
  if (!root) return undefined;
  const members = new Map<string, CrateFacts>();
  for (const c of ws.cargo.crates) if (c.name) members.set(c.name, c);
  const out: LockReach = { via: [], users: new Set(), workspace: [] };
  const dependents = new Map<LockPackage, LockPackage[]>();
  // What the workspace crates met so far ask of each workspace crate they depend on (its features).
  const requests = new Map<string, DependencyFacts[]>();
  const seen = new Set<LockPackage>([root]);
  const queue: LockPackage[] = [root];
  while (queue.length) {
    const p = queue.shift()!;
    const member = !p.source ? members.get(p.name) : undefined;
    if (member && p !== root) out.workspace.push(member);
    const allowed = member ? linked(member, includeDev && p === root) : undefined;
    if (member && p !== root && allowed) {
      const reading = readFeatures(member, requests.get(p.name) ?? []);
      for (const d of member.dependencies.values()) if (!asBuilt(d, reading)) allowed.delete(d.package);
    }
    if (member) for (const d of member.dependencies.values()) if (members.has(d.package)) requests.set(d.package, [...(requests.get(d.package) ?? []), d]);
    for (const d of p.dependencies) {
      const q = resolve(d);
      if (!q || (allowed && !allowed.has(q.name))) continue;
      dependents.set(q, [...(dependents.get(q) ?? []), p]);
      if (isRustls023(q)) {
        out.rustls ??= q;
        if (p.source) out.users.add(p.name);
      }
      if (seen.has(q)) continue;
      seen.add(q);
      queue.push(q);
    }
  }
  if (!out.rustls) return out;
  // The crate's own dependencies that lead to rustls (`sqlx`, `reqwest`), for the message.
  const leads = new Set<LockPackage>([out.rustls]);
  const back = [out.rustls];
  while (back.length) for (const p of dependents.get(back.pop()!) ?? []) if (!leads.has(p)) { leads.add(p); back.push(p); }
  for (const d of root.dependencies) {
    const q = resolve(d);
    if (q && leads.has(q) && (dependents.get(q) ?? []).includes(root) && !out.via.includes(q.name)) out.via.push(q.name);
  }
  return out;
}

/** The crates built together with `crate`: those sharing its lock, else its workspace's members, else itself. */
function peers(ws: WorkspaceFacts, crate: CrateFacts, lock: CargoLock | undefined): CrateFacts[] {
  if (lock) return ws.cargo.crates.filter((c) => c === crate || findLock(ws, c.manifestPath)?.path === lock.path);
  const cargo = ws.cargo;
  if (cargo.isWorkspace && cargo.members.some((m) => m.manifestPath === crate.manifestPath)) {
    return cargo.crates.filter((c) => c === crate || cargo.members.some((m) => m.manifestPath === c.manifestPath));
  }
  return [crate];
}

/** rustls reached through the manifests alone (direct dependencies, and path dependencies on workspace crates). */
function reachInManifests(ws: WorkspaceFacts, crate: CrateFacts, includeDev: boolean): { via: string; workspace: CrateFacts[] } | undefined {
  const byName = new Map<string, CrateFacts>();
  for (const c of ws.cargo.crates) if (c.name) byName.set(c.name, c);
  const seen = new Set<CrateFacts>([crate]);
  const walk = (c: CrateFacts, dev: boolean, path: CrateFacts[]): { via: string; workspace: CrateFacts[] } | undefined => {
    for (const d of c.dependencies.values()) {
      if (!(d.section === 'normal' || (dev && d.section === 'dev'))) continue;
      if (manifestProviders(d)) return { via: d.package, workspace: path };
    }
    for (const d of c.dependencies.values()) {
      if (!(d.section === 'normal' || (dev && d.section === 'dev'))) continue;
      const m = byName.get(d.package);
      if (!m || seen.has(m)) continue;
      seen.add(m);
      const r = walk(m, false, [...path, m]);
      if (r) return { via: path.length === 0 ? d.package : r.via, workspace: r.workspace };
    }
    return undefined;
  };
  return walk(crate, includeDev, []);
}

const cache = new WeakMap<CrateFacts, Map<string, { lock: unknown; value: RustlsBuild | undefined }>>();

/**
 * How the crate's build (its binaries with `includeDev` false, its tests with true) gets rustls 0.23+,
 * or undefined when it does not link rustls 0.23+.
 */
export function rustlsBuild(ws: WorkspaceFacts, crate: CrateFacts | undefined, includeDev: boolean): RustlsBuild | undefined {
  if (!crate) return undefined;
  const lock = findLock(ws, crate.manifestPath);
  const key = `${lock?.path ?? ''}|${includeDev}`;
  let m = cache.get(crate);
  if (!m) { m = new Map(); cache.set(crate, m); }
  const hit = m.get(key);
  if (hit && hit.lock === lock?.doc) return hit.value;
  const value = compute(ws, crate, lock, includeDev);
  m.set(key, { lock: lock?.doc, value });
  return value;
}

function compute(ws: WorkspaceFacts, crate: CrateFacts, lock: CargoLock | undefined, includeDev: boolean): RustlsBuild | undefined {
  const inLock = lock ? reachInLock(ws, lock, crate, includeDev) : undefined;
  const inManifests = reachInManifests(ws, crate, includeDev);
  if (!inLock?.rustls && !inManifests) return undefined;
  const lockSet = inLock?.rustls ? lockProvidersOf(inLock.rustls) : undefined;
  // What the manifests built together turn on (a stale lock, or a lock missing the crate): the
  // crate's own dependencies first, rustls itself first.
  const fromManifests = new Map<string, Set<Provider>>();
  // The crate's own dependencies as its default features build them (`tls-ring = ["tokio-rustls/ring"]`).
  const own = readFeatures(crate, [{ features: [], defaultFeatures: true }]);
  const ordered = peers(ws, crate, lock).sort((a, b) => Number(b === crate) - Number(a === crate));
  for (const c of ordered) {
    const deps = [...c.dependencies.values()].sort((a, b) => Number(b.package === 'rustls') - Number(a.package === 'rustls'));
    for (const dep of deps) {
      if (!(dep.section === 'normal' || (includeDev && dep.section === 'dev'))) continue;
      // Another crate's optional dependency may be off in this build; the lock shows what any feature turns on.
      const d = c === crate ? asBuilt(dep, own) : dep.optional && lock ? undefined : dep;
      if (!d) continue;
      const set = manifestProviders(d);
      if (set?.size) fromManifests.set(`\`${d.name}\` in ${c.manifestPath}`, set);
    }
  }
  const manifestSet = new Set<Provider>([...fromManifests.values()].flatMap((x) => [...x]));
  // Cargo.lock resolves every feature of the workspace, so a provider behind a feature the build does
  // not turn on (`tls-fips = ["tokio-rustls/fips"]`) is in it too. When the crate reaches rustls only
  // through dependencies whose provider features the manifests say, their reading decides.
  const manifestsDecide = !!inLock?.rustls && inLock.via.length > 0 && manifestSet.size > 0 && inLock.via.every((v) => {
    const d = [...crate.dependencies.values()].find((x) => x.package === v);
    return !!d && !!PROVIDER_CRATES[v] && !!asBuilt(d, own) && !!manifestProviders(asBuilt(d, own)!);
  });
  const providers = new Set<Provider>([...(manifestsDecide ? [] : lockSet ?? []), ...manifestSet]);
  const ambiguous = providers.size !== 1;
  const names = (set: ReadonlySet<Provider>) => set.size === 2 ? 'both `ring` and `aws-lc-rs`' : set.size === 0 ? 'neither `ring` nor `aws-lc-rs`' : `only \`${[...set][0]}\``;
  let reason: string;
  if (lock && lockSet && !manifestsDecide && lockSet.size === providers.size) {
    reason = `${lock.path} builds rustls ${inLock!.rustls!.version} with ${names(providers)}`;
  } else if (providers.size === 2) {
    // The sources that together turn both on, fewest first.
    const sources: string[] = [];
    const covered = new Set<Provider>();
    for (const [src, set] of fromManifests) {
      if ([...set].every((p) => covered.has(p))) continue;
      sources.push(`${src}: ${[...set].join(' + ')}`);
      for (const p of set) covered.add(p);
      if (covered.size === 2) break;
    }
    const lockNote = lock && lockSet ? `; ${lock.path} shows ${names(lockSet)}` : '';
    reason = `the build enables both \`ring\` and \`aws-lc-rs\` (${sources.join(', ')}${lockNote})`;
  } else {
    reason = `the build enables ${names(providers)}`;
  }
  const workspace = [...new Set([...(inLock?.workspace ?? []), ...(inManifests?.workspace ?? [])])];
  return {
    version: inLock?.rustls?.version,
    via: inLock?.via.length ? inLock.via : [inManifests?.via ?? 'rustls'],
    providers,
    ambiguous,
    reason,
    rustlsUsers: inLock?.users ?? new Set(),
    workspaceCrates: workspace,
  };
}
