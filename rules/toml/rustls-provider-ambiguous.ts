import { defineDocumentRule, type RuleContext } from '../../server/src/core/engine/rule';
import { PROVIDER_CRATES, rustlsBuild } from '../shared/rustlsBuild';
import type { TomlDocument } from '../../server/src/core/parsers/document';
import type { CrateFacts } from '../../server/src/core/engine/workspaceFacts';
import { tomlRange, tomlString } from '../../server/src/core/parsers/toml';
import type { FileTextEdit, Fix } from '../../server/src/core/engine/types';
import {
  addFieldsEdit, dependencySpecs, expandShortSpecEdit, fieldBoolean, fieldString, fieldStrings, isCargoManifest, packageName,
  replaceValueEdit, tomlQuote, type DependencySpec,
} from '../shared/cargoManifest';

const RING = new Set(['ring']);
const AWS = new Set(['aws-lc-rs', 'aws_lc_rs', 'fips']);
/** rustls 0.23's default features other than the aws-lc-rs provider, kept when defaults are turned off. */
const OTHER_DEFAULTS = ['logging', 'std', 'tls12'];

/** True for a requirement that selects rustls 0.23 or later (`"0.23"`, `"^0.23.5"`, `"=0.23.1"`, `">=0.23"`). */
function isRustls023Plus(req: string | undefined): boolean {
  const m = req ? /(\d+)(?:\.(\d+))?/.exec(req) : null;
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2] ?? 0);
  return major >= 1 || minor >= 23;
}

interface Effective {
  features: string[];
  defaults: boolean;
  version?: string;
  /** The spec holding `default-features` (the workspace one for `workspace = true`). */
  base: { doc: TomlDocument; spec: DependencySpec };
}

function effective(doc: TomlDocument, spec: DependencySpec, rootSpecs: () => { doc: TomlDocument; specs: DependencySpec[] } | undefined): Effective | undefined {
  const own = fieldStrings(spec, 'features');
  if (fieldBoolean(spec, 'workspace') === true) {
    const root = rootSpecs();
    const ws = root?.specs.find((s) => s.section.join('.') === 'workspace.dependencies' && s.name === spec.name);
    if (!root || !ws) return undefined;
    const base = effective(root.doc, ws, () => undefined);
    return base && { ...base, features: [...base.features, ...own] };
  }
  const version = spec.shortVersion ? tomlString(spec.shortVersion) : fieldString(spec, 'version');
  const defaults = fieldBoolean(spec, 'default-features') ?? fieldBoolean(spec, 'default_features') ?? true;
  return { features: own, defaults, version, base: { doc, spec } };
}

/** Edits setting `features` to `list` on `spec` (replacing the array, adding the field, or expanding `x = "1"`). */
function setFeatures(doc: TomlDocument, spec: DependencySpec, list: string[], extra: [string, string][] = []): FileTextEdit[] {
  const arr = `[${list.map(tomlQuote).join(', ')}]`;
  const entry = spec.fields.get('features');
  if (spec.shortVersion) {
    const e = expandShortSpecEdit(doc, spec, [...extra, ['features', arr]]);
    return e ? [e] : [];
  }
  const edits: FileTextEdit[] = [];
  if (entry) edits.push(replaceValueEdit(doc, entry, arr));
  const add: [string, string][] = [...extra, ...(entry ? [] : [['features', arr] as [string, string]])];
  const e = addFieldsEdit(doc, spec, add);
  if (e) edits.push(e);
  return edits;
}


// The crates that turn on a rustls 0.23 provider, by their own features: one table, shared with
// rustls-provider-not-installed (`shared/rustlsBuild.ts`).

function versionIn(req: string | undefined, min: [number, number], max?: [number, number]): boolean {
  const m = req ? /(\d+)(?:\.(\d+))?/.exec(req) : null;
  if (!m) return false;
  const v: [number, number] = [Number(m[1]), Number(m[2] ?? 0)];
  const cmp = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
  return cmp(v, min) >= 0 && (!max || cmp(v, max) <= 0);
}

/** What one dependency spec turns on in rustls, and why. */
interface Contribution { path: string; doc: TomlDocument; spec: DependencySpec; crate: string; ring?: string; aws?: string }

function contributionOf(doc: TomlDocument, spec: DependencySpec, rootSpecs: () => { doc: TomlDocument; specs: DependencySpec[] } | undefined): Contribution | undefined {
  const crate = packageName(spec);
  const pc = PROVIDER_CRATES[crate];
  if (!pc || spec.section[0] === 'workspace') return undefined;
  const eff = effective(doc, spec, rootSpecs);
  if (!eff || !versionIn(eff.version, pc.min, pc.max)) return undefined;
  const c: Contribution = { path: doc.path, doc, spec, crate };
  const ringFeature = eff.features.find((f) => pc.ring.includes(f));
  const awsFeature = eff.features.find((f) => pc.aws.includes(f));
  if (ringFeature) c.ring = `feature \`${ringFeature}\``;
  else if (eff.defaults && pc.defaults.includes('ring')) c.ring = 'default features';
  if (awsFeature) c.aws = `feature \`${awsFeature}\``;
  else if (eff.defaults && pc.defaults.includes('aws-lc-rs')) c.aws = 'default features';
  return c.ring || c.aws ? c : undefined;
}

export const rule = defineDocumentRule({
  meta: {
    id: 'rustls-provider-ambiguous',
    title: 'rustls CryptoProvider ambiguous',
    priority: 'P1',
    area: 'Reliability',
    nonTest: false,
    action: 'Enable exactly one rustls crypto provider feature (`ring` or `aws-lc-rs`)',
    docs: {
      lang: 'toml',
      what: 'Flags a rustls 0.23+ dependency that enables both crypto providers (`ring` and `aws-lc-rs`; the default features already include `aws-lc-rs`, so adding `ring` without `default-features = false` enables both) or, with default features off, neither; and providers turned on by different dependencies of one build (quinn\'s default `rustls-ring` next to rustls\'s default aws-lc-rs), in one crate or across workspace members.',
      why: 'rustls 0.23 picks the process-level `CryptoProvider` from its features. With both or neither enabled it cannot choose, and the first TLS handshake (a QUIC endpoint, an HTTPS client) panics with "Could not automatically determine the process-level CryptoProvider from Rustls crate features" unless every binary and test calls `install_default()` first.',
      example: '[dependencies]\nrustls = { version = "0.23", features = ["ring"] }',
      useInstead: '[dependencies]\nrustls = { version = "0.23", default-features = false, features = ["ring", "logging", "std", "tls12"] }',
      fixSafety: 'Two fixes, neither preferred (the choice of provider is yours): "keep ring" turns default features off and lists the other defaults (`logging`, `std`, `tls12`) with `ring`; "keep aws-lc-rs" removes `ring`. With neither provider enabled, the fixes add one. A dependency inherited with `workspace = true` is judged with the workspace entry\'s features; its fixes edit the manifest that lists the features.',
      notes: 'With default features off and no provider, nothing is reported when every build using the entry gets one elsewhere: a feature of the crate on by default (`crypto-ring = ["rustls/ring"]`), what a workspace crate built with it asks of it, or another dependency\'s provider feature (sqlx `tls-rustls-aws-lc-rs`, lettre `aws-lc-rs`, …); a `[workspace.dependencies]` entry is judged by the builds of the members inheriting it. Also reports providers turned on by different dependencies that Cargo unifies: quinn 0.11 (default `rustls-ring`), tokio-rustls 0.26 and hyper-rustls 0.27 (default aws-lc-rs), reqwest 0.12 `rustls-tls*` (ring), within one crate or across the members of a workspace (`cargo test --workspace` builds them together). Those findings have no fix: pick the provider and align the features. Each conflict is reported once when one side comes only from default features and the other names a provider (`rustls` with `ring` beside `tokio-rustls` with default features): on the side of the defaults, the accident; otherwise on both. Other crates that enable rustls features are not known; when in doubt call `install_default()` at startup (see `rustls-provider-not-installed`).',
    },
  },
  fileKinds: ['toml'],
  check(ctx) {
    const doc = ctx.doc;
    if (!isCargoManifest(doc.path) || !doc.toml.ast) return;
    const rootSpecs = () => {
      const r = ctx.ws.exists('Cargo.toml') ? ctx.ws.document('Cargo.toml') : undefined;
      return r?.kind === 'toml' ? { doc: r, specs: dependencySpecs(r) } : undefined;
    };
    let elsewhere: boolean | undefined;
    for (const spec of dependencySpecs(doc)) {
      if (packageName(spec) !== 'rustls') continue;
      const eff = effective(doc, spec, rootSpecs);
      if (!eff || !isRustls023Plus(eff.version)) continue;
      const ring = eff.features.some((f) => RING.has(f));
      const aws = eff.defaults || eff.features.some((f) => AWS.has(f));
      if (ring !== aws) continue;
      // Default features off and no provider here: the builds using this entry may turn one on
      // elsewhere (a feature of the crate, `crypto-ring = ["rustls/ring"]`, what a workspace crate
      // asks of it, sqlx `tls-rustls-aws-lc-rs`). A `[workspace.dependencies]` entry is a base its members extend.
      if (!ring) {
        const provided = providedByBuilds(ctx, spec);
        if (provided ?? (elsewhere ??= providerElsewhere(ctx, rootSpecs))) continue;
      }
      const inherited = eff.base.spec !== spec;
      if (inherited) {
        // Already reported on [workspace.dependencies] when the inherited entry alone is ambiguous.
        const wsRing = fieldStrings(eff.base.spec, 'features').some((f) => RING.has(f));
        const wsAws = eff.defaults || fieldStrings(eff.base.spec, 'features').some((f) => AWS.has(f));
        if (wsRing === wsAws) continue;
      }
      const own = fieldStrings(spec, 'features');
      const fixes: Fix[] = [];
      if (ring && aws) {
        // Keep aws-lc-rs: drop `ring` where this manifest lists it.
        if (own.some((f) => RING.has(f))) {
          fixes.push({ title: 'Keep aws-lc-rs: remove the `ring` feature', preferred: false, edits: setFeatures(doc, spec, own.filter((f) => !RING.has(f))) });
        }
        // Keep ring: drop aws features; turn defaults off (listing the other defaults) where they are set.
        if (!inherited) {
          const list = [...new Set([...own.filter((f) => !AWS.has(f)), ...(eff.defaults ? OTHER_DEFAULTS : [])])];
          const edits: FileTextEdit[] = [];
          const dfEntry = spec.fields.get('default-features') ?? spec.fields.get('default_features');
          if (eff.defaults && dfEntry) edits.push(replaceValueEdit(doc, dfEntry, 'false'));
          edits.push(...setFeatures(doc, spec, list, eff.defaults && !dfEntry ? [['default-features', 'false']] : []));
          fixes.push({ title: 'Keep ring: turn off default features (aws-lc-rs) and list the others', preferred: false, edits });
        }
      } else if (!inherited || spec.fields.has('features') || !spec.shortVersion) {
        for (const [title, feature] of [['Use ring', 'ring'], ['Use aws-lc-rs', 'aws-lc-rs']] as const) {
          const edits = setFeatures(doc, spec, [...own, feature]);
          if (edits.length) fixes.push({ title: `${title}: add the \`${feature}\` feature`, preferred: false, edits });
        }
      }
      const what = ring && aws
        ? `rustls enables both crypto providers (\`ring\`${eff.features.some((f) => AWS.has(f)) ? ' and `aws-lc-rs`' : ', and `aws-lc-rs` through its default features'})`
        : 'rustls has default features off and enables no crypto provider (`ring` or `aws-lc-rs`)';
      ctx.report(tomlRange(doc.index, spec.nameNode),
        `${what}: rustls cannot choose a process-level CryptoProvider and the first TLS use panics unless \`install_default()\` runs first. Enable exactly one provider.`,
        { fixes });
    }
    checkUnification(ctx, rootSpecs);
  },
});

/**
 * Providers enabled by different dependencies (quinn's default `rustls-ring` next to rustls's default
 * aws-lc-rs), in one crate or across the workspace's members (`cargo test --workspace` unifies them).
 * Skipped when one dependency is ambiguous by itself: that one is reported (or fixed) first.
 */
/** The manifests built together with `ctx.doc`: the workspace root and members, or the manifest alone. */
function peerManifests(ctx: RuleContext<TomlDocument>): TomlDocument[] {
  const doc = ctx.doc;
  const cargo = ctx.ws.cargo;
  const inWorkspace = cargo.isWorkspace && (doc.path === 'Cargo.toml' || cargo.members.some((m) => m.manifestPath === doc.path));
  const peerPaths = inWorkspace ? [...new Set(['Cargo.toml', ...cargo.members.map((m) => m.manifestPath)])] : [doc.path];
  const out: TomlDocument[] = [];
  for (const p of peerPaths) {
    const d = p === doc.path ? doc : ctx.ws.exists(p) ? ctx.ws.document(p) : undefined;
    if (d?.kind === 'toml' && d.toml.ast) out.push(d);
  }
  return out;
}

/**
 * Whether every build of a crate using `spec` (a dependency of this manifest, or a
 * `[workspace.dependencies]` entry its members inherit) gets a provider, by the features Cargo
 * resolves for it (`rustlsBuild`); undefined when no crate of the workspace builds it by default.
 */
function providedByBuilds(ctx: RuleContext<TomlDocument>, spec: DependencySpec): boolean | undefined {
  const inWorkspaceTable = spec.section[0] === 'workspace';
  const users: { crate: CrateFacts; dev: boolean }[] = [];
  for (const crate of ctx.ws.cargo.crates) {
    if (inWorkspaceTable) {
      const d = crate.manifestPath === ctx.doc.path ? ctx.doc : ctx.ws.exists(crate.manifestPath) ? ctx.ws.document(crate.manifestPath) : undefined;
      if (d?.kind !== 'toml') continue;
      for (const s of dependencySpecs(d)) {
        if (s.name === spec.name && s.section[0] !== 'workspace' && fieldBoolean(s, 'workspace') === true) users.push({ crate, dev: s.section.includes('dev-dependencies') });
      }
    } else if (crate.manifestPath === ctx.doc.path) {
      users.push({ crate, dev: spec.section.includes('dev-dependencies') });
    }
  }
  // A crate whose default build leaves the dependency off (optional) says nothing here.
  const builds = users.map((u) => rustlsBuild(ctx.ws, u.crate, u.dev)).filter((b) => b !== undefined);
  if (builds.length === 0) return undefined;
  return builds.every((b) => b.providers.size > 0);
}

/** A provider feature on some other dependency of the build (by name: `…aws-lc-rs…`, `…ring…`), or a known contributor. */
function providerElsewhere(ctx: RuleContext<TomlDocument>, rootSpecs: () => { doc: TomlDocument; specs: DependencySpec[] } | undefined): boolean {
  const FEATURE = /(^|[-_])(aws[-_]lc[-_]rs|ring)([-_]|$)/;
  for (const d of peerManifests(ctx)) {
    for (const spec of dependencySpecs(d)) {
      if (packageName(spec) === 'rustls') continue;
      if (fieldStrings(spec, 'features').some((f) => FEATURE.test(f))) return true;
      if (contributionOf(d, spec, rootSpecs)) return true;
    }
  }
  return false;
}

function checkUnification(ctx: RuleContext<TomlDocument>, rootSpecs: () => { doc: TomlDocument; specs: DependencySpec[] } | undefined): void {
  const doc = ctx.doc;
  const all: Contribution[] = [];
  for (const d of peerManifests(ctx)) {
    for (const spec of dependencySpecs(d)) {
      const c = contributionOf(d, spec, rootSpecs);
      if (c) all.push(c);
    }
  }
  if (all.some((c) => c.ring && c.aws)) return;
  const rings = all.filter((c) => c.ring);
  const awss = all.filter((c) => c.aws);
  if (rings.length === 0 || awss.length === 0) return;
  // One conflict, one finding: when one side is only default features and the other names a provider explicitly,
  // the explicit one is the team's choice and the defaults are the accident: report the defaults' side alone.
  const onlyDefaults = (cs: Contribution[], p: 'ring' | 'aws') => cs.every((c) => c[p] === 'default features');
  const accidental = onlyDefaults(rings, 'ring') && !onlyDefaults(awss, 'aws') ? 'ring'
    : onlyDefaults(awss, 'aws') && !onlyDefaults(rings, 'ring') ? 'aws' : undefined;
  for (const c of all.filter((x) => x.path === doc.path)) {
    if (accidental && !c[accidental]) continue;
    const others = c.ring ? awss : rings;
    const mine = c.ring ? `\`ring\` (${c.ring})` : `\`aws-lc-rs\` (${c.aws})`;
    const theirs = c.ring ? 'aws-lc-rs' : 'ring';
    const sameCrate = others.some((o) => o.path === doc.path);
    const first = others.find((o) => o.path === doc.path) ?? others[0];
    const where = first.path === doc.path ? '' : ` in ${first.path}`;
    const scope = sameCrate ? 'this crate\'s build' : 'a workspace build (`cargo build --workspace`, `cargo test --workspace`)';
    ctx.report(tomlRange(doc.index, c.spec.nameNode),
      `\`${c.spec.name}\` turns on rustls's ${mine} while \`${first.spec.name}\`${where} turns on \`${theirs}\` (${c.ring ? first.aws : first.ring}): Cargo unifies features, so ${scope} has both providers and rustls cannot choose a process-level CryptoProvider; the first TLS use panics unless \`install_default()\` runs first. Select the same provider everywhere.`,
      { related: others.map((o) => ({ path: o.path, range: tomlRange(o.doc.index, o.spec.nameNode), message: `\`${o.spec.name}\` turns on ${theirs}` })) });
  }
}
