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

/** Semver-compatible versions of one package are one package to Cargo's feature unification: `rustls@0.23`, `hyper@1`. */
function packageKey(name: string, version: string | undefined): string {
  const v = parseVersion(version);
  return `${name}@${!v ? '' : v[0] > 0 ? v[0] : `0.${v[1]}`}`;
}

/** A registry package of a build with the features Cargo unifies on it from every dependent. */
interface UnifiedDependency { dependency: DependencyFacts; askedBy: { crate: CrateFacts; dependency: DependencyFacts }[] }

/**
 * One build (`cargo build` / `cargo test` of some workspace crates with their default features):
 * the workspace crates it compiles, their dependencies as the unified features leave them, and the
 * registry packages those ask for, features unified per package.
 */
interface ResolvedBuild {
  active: Map<CrateFacts, DependencyFacts[]>;
  registry: Map<string, UnifiedDependency>;
}

/** The workspace's crates by package name (the first of a name), as path dependencies name them. */
function workspaceCrates(ws: WorkspaceFacts): Map<string, CrateFacts> {
  const out = new Map<string, CrateFacts>();
  for (const c of ws.cargo.crates) if (c.name && !out.has(c.name)) out.set(c.name, c);
  return out;
}

/** The dependencies a crate links: normal ones, and dev ones for the tests of a crate being built (never build ones). */
function linksSection(d: DependencyFacts, includeDev: boolean): boolean {
  return d.section === 'normal' || (includeDev && d.section === 'dev');
}

/**
 * Resolves the features of the workspace crates of one build whose roots are built with their
 * default features (a binary and its peers), to a fixed point: what a crate asks of a workspace
 * crate (`features`, `default-features`, `sozu-lib/crypto-ring` in its `[features]`) turns on that
 * crate's features, which may ask more of others.
 */
function resolveBuild(ws: WorkspaceFacts, roots: readonly CrateFacts[], includeDev: boolean): ResolvedBuild {
  const members = workspaceCrates(ws);
  const requests = new Map<CrateFacts, { features: Set<string>; defaultFeatures: boolean }>();
  for (const r of roots) requests.set(r, { features: new Set(), defaultFeatures: true });
  const isRoot = new Set(roots);
  let active = new Map<CrateFacts, DependencyFacts[]>();
  for (let changed = true; changed;) {
    changed = false;
    active = new Map();
    for (const [crate, request] of [...requests]) {
      const reading = readFeatures(crate, [{ features: [...request.features], defaultFeatures: request.defaultFeatures }]);
      const deps: DependencyFacts[] = [];
      for (const d of crate.dependencies.values()) {
        if (!linksSection(d, includeDev && isRoot.has(crate))) continue;
        const built = asBuilt(d, reading);
        if (!built) continue;
        deps.push(built);
        const member = members.get(built.package);
        if (!member || member === crate) continue;
        let asked = requests.get(member);
        if (!asked) { asked = { features: new Set(), defaultFeatures: false }; requests.set(member, asked); changed = true; }
        if (built.defaultFeatures && !asked.defaultFeatures) { asked.defaultFeatures = true; changed = true; }
        for (const f of built.features) if (!asked.features.has(f)) { asked.features.add(f); changed = true; }
      }
      active.set(crate, deps);
    }
  }
  const registry = new Map<string, UnifiedDependency>();
  for (const [crate, deps] of active) {
    for (const d of deps) {
      if (members.has(d.package)) continue;
      const key = packageKey(d.package, d.version);
      const prev = registry.get(key);
      if (!prev) { registry.set(key, { dependency: { ...d, features: [...d.features] }, askedBy: [{ crate, dependency: d }] }); continue; }
      prev.dependency.features.push(...d.features.filter((f) => !prev.dependency.features.includes(f)));
      prev.dependency.defaultFeatures ||= d.defaultFeatures;
      prev.askedBy.push({ crate, dependency: d });
    }
  }
  return { active, registry };
}

/** The workspace crates `crate` reaches in the build (itself first), through the dependencies the build turns on. */
function reachedCrates(ws: WorkspaceFacts, build: ResolvedBuild, crate: CrateFacts): CrateFacts[] {
  const members = workspaceCrates(ws);
  const out = [crate];
  for (let i = 0; i < out.length; i++) {
    for (const d of build.active.get(out[i]) ?? []) {
      const m = members.get(d.package);
      if (m && !out.includes(m)) out.push(m);
    }
  }
  return out;
}

interface LockReach {
  rustls?: LockPackage;
  via: string[];
  users: Set<string>;
  workspace: CrateFacts[];
  /**
   * Registry packages a workspace crate of the build depends on that lead to rustls in the lock
   * (`hyper-rustls`, `sqlx`, `rustls` itself).
   */
  entries: LockPackage[];
}

/** Walks the lock graph from the crate's own entry, through the dependencies the build turns on at each workspace crate. */
function reachInLock(ws: WorkspaceFacts, lock: CargoLock, crate: CrateFacts, build: ResolvedBuild): LockReach | undefined {
  const byName = new Map<string, LockPackage[]>();
  for (const p of lock.packages) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const resolve = (d: string): LockPackage | undefined => {
    const [n, v] = splitDep(d);
    const c = byName.get(n);
    return c && (v ? c.find((p) => p.version === v) ?? c[0] : c[0]);
  };
  const root = (byName.get(crate.name ?? '') ?? []).find((p) => !p.source);
  if (!root) return undefined;
  const members = workspaceCrates(ws);
  const out: LockReach = { via: [], users: new Set(), workspace: [], entries: [] };
  const dependents = new Map<LockPackage, LockPackage[]>();
  const fromMembers = new Set<LockPackage>();
  const seen = new Set<LockPackage>([root]);
  const queue: LockPackage[] = [root];
  while (queue.length) {
    const p = queue.shift()!;
    const member = !p.source ? members.get(p.name) : undefined;
    if (member && p !== root) out.workspace.push(member);
    const allowed = member ? new Set((build.active.get(member) ?? []).map((d) => d.package)) : undefined;
    for (const d of p.dependencies) {
      const q = resolve(d);
      if (!q || (allowed && !allowed.has(q.name))) continue;
      dependents.set(q, [...(dependents.get(q) ?? []), p]);
      if (member && q.source) fromMembers.add(q);
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
  // The packages leading to rustls; the crate's own dependencies among them (`sqlx`, `reqwest`) name it in the message.
  const leads = new Set<LockPackage>([out.rustls]);
  const back = [out.rustls];
  while (back.length) for (const p of dependents.get(back.pop()!) ?? []) if (!leads.has(p)) { leads.add(p); back.push(p); }
  out.entries = [...fromMembers].filter((q) => leads.has(q));
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

/** rustls reached through the manifests alone: a dependency pulling rustls 0.23+ in, of the crate or a workspace crate it reaches in the build. */
function reachInManifests(ws: WorkspaceFacts, crate: CrateFacts, build: ResolvedBuild): { via: string; workspace: CrateFacts[] } | undefined {
  const reached = reachedCrates(ws, build, crate);
  const pulling = reached.find((c) => (build.active.get(c) ?? []).some((d) => manifestProviders(d)));
  if (!pulling) return undefined;
  // The crate's own dependency on the way: the pulling one, or the workspace crate leading to it.
  const own = build.active.get(crate) ?? [];
  const direct = own.find((d) => manifestProviders(d));
  const via = direct?.package ?? own.find((d) => d.package === pulling.name)?.package
    ?? own.find((d) => reached.some((c) => c !== crate && c.name === d.package))?.package ?? 'rustls';
  return { via, workspace: reached.slice(1) };
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
  // Whether the crate links rustls: its own build. Which providers: the crate built with its peers
  // (`cargo build` / `cargo test` of the workspace unifies their features).
  const own = resolveBuild(ws, [crate], includeDev);
  const build = resolveBuild(ws, peers(ws, crate, lock).sort((a, b) => Number(b === crate) - Number(a === crate)), includeDev);
  const inLock = lock ? reachInLock(ws, lock, crate, own) : undefined;
  const inManifests = reachInManifests(ws, crate, own);
  if (!inLock?.rustls && !inManifests) return undefined;
  const lockSet = inLock?.rustls ? lockProvidersOf(inLock.rustls) : undefined;
  // What the build's dependencies turn on in rustls, rustls itself first, each package with its unified features.
  const fromManifests = new Map<string, Set<Provider>>();
  const unified = [...build.registry.values()].sort((a, b) => Number(b.dependency.package === 'rustls') - Number(a.dependency.package === 'rustls'));
  for (const u of unified) {
    const set = manifestProviders(u.dependency);
    if (!set?.size) continue;
    // Named after each dependent whose own request turns a provider on (the unified set under the first when none does alone).
    const name = (a: UnifiedDependency['askedBy'][number]) => `\`${a.dependency.name}\` in ${a.crate.manifestPath}`;
    let named = false;
    for (const a of u.askedBy) {
      const own = manifestProviders(a.dependency);
      if (own?.size) { fromManifests.set(name(a), own); named = true; }
    }
    if (!named) fromManifests.set(name(u.askedBy[0]), set);
  }
  const manifestSet = new Set<Provider>([...fromManifests.values()].flatMap((x) => [...x]));
  // Cargo.lock resolves every feature of the workspace, so its rustls entry depends on each provider
  // some feature could turn on (`fips = ["rustls/fips"]`), whether this build does or not. It decides
  // only where the manifests cannot: rustls reached through a package whose provider features are not known.
  const unknown = (inLock?.entries ?? []).filter((q) => {
    const u = build.registry.get(packageKey(q.name, q.version));
    return !u || !manifestProviders(u.dependency);
  });
  const lockDecides = !!lockSet && (unknown.length > 0 || !inManifests);
  const providers = new Set<Provider>([...(lockDecides ? lockSet : []), ...manifestSet]);
  const ambiguous = providers.size !== 1;
  const names = (set: ReadonlySet<Provider>) => set.size === 2 ? 'both `ring` and `aws-lc-rs`' : set.size === 0 ? 'neither `ring` nor `aws-lc-rs`' : `only \`${[...set][0]}\``;
  let reason: string;
  if (lock && lockSet && lockSet.size === providers.size && (lockDecides || providers.size === 0)) {
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
    const lockNote = lock && lockSet && lockDecides ? `; ${lock.path} shows ${names(lockSet)}` : '';
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
