import { stringListOption } from '../../server/src/core/engine/config';
import { defineDocumentRule } from '../../server/src/core/engine/rule';
import type { TomlDocument } from '../../server/src/core/parsers/document';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import type { AuditTier, RelatedLocation } from '../../server/src/core/engine/types';
import { lockGraph, type LockGraph } from '../shared/cargoLock';

/**
 * The TLS/crypto stack: a second copy of one of these is a second TLS / HTTP-client / cipher
 * implementation that every security fix has to reach, so it is reported in the default profile
 * even when only transitive dependencies pull it. TLS/HTTP stack crates, and crates implementing
 * ciphers, MACs and signatures. Not hashes or trait-only crates (`sha2`, `digest`, `cipher`,
 * `elliptic-curve`, `ghash`, `polyval`, `signature`), not `http` or certificate bundles
 * (`webpki-roots`, `rustls-pemfile`): a second copy of those carries no protocol or key handling.
 */
const TLS_CRYPTO_STACK = new Set([
  // TLS / HTTP stacks
  'rustls', 'rustls-webpki', 'webpki', 'tokio-rustls', 'hyper-rustls', 'hyper', 'h2', 'reqwest', 'hyper-tls',
  'openssl', 'native-tls', 'tokio-native-tls', 'webrtc-dtls', 'boring', 'tokio-boring',
  // ciphers, MACs, signatures, key agreement
  'aes', 'aes-gcm', 'aes-gcm-siv', 'aead', 'ccm', 'ctr', 'hmac', 'chacha20poly1305', 'p256', 'p384', 'p521', 'ecdsa',
  'ed25519-dalek', 'curve25519-dalek', 'x25519-dalek', 'rsa', 'ring', 'aws-lc-rs', 'rcgen',
]);
const STACK_ORDER = [...TLS_CRYPTO_STACK];

/**
 * Crates built only for other targets than a Linux server (Windows, macOS/iOS, Redox, UEFI, WASI,
 * Hermit): the lock lists every target's dependencies, so their duplicates cost nothing on the
 * server. A crate reached only through these is target-only too (read from the lock's graph).
 */
const TARGET_ONLY = /^(?:windows|windows[-_].*|winapi.*|wasi|wasip\d.*|wit-bindgen.*|hermit-abi|core-foundation.*|security-framework.*|system-configuration.*|objc.*|redox_.*|libredox|r-efi|schannel|ntapi|kernel32-sys|mach2?|fuchsia-.*)$/;
/** The wasm family: target-only unless a workspace crate is built for the browser. */
const WASM_ONLY = /^(?:wasm-bindgen.*|js-sys|web-sys)$/;

interface Bans { allowAll: boolean; skip: PackageSpec[]; skipTree: (PackageSpec & { depth?: number })[] }
interface PackageSpec { name: string; version?: string }

/** `"name"`, `"name@1.2"`, `"name:1.2"`, `{ name, version }` or `{ crate = "name@1.2" }` (cargo-deny's forms). */
function packageSpec(v: unknown): (PackageSpec & { depth?: number }) | undefined {
  const fromString = (s: string): PackageSpec => {
    const m = /^([^@:\s]+)\s*(?:[@:]\s*(.+))?$/.exec(s.trim());
    return m ? { name: m[1], version: m[2] } : { name: s.trim() };
  };
  if (typeof v === 'string') return fromString(v);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const base = typeof o.crate === 'string' ? fromString(o.crate) : typeof o.name === 'string' ? { name: o.name } : undefined;
    if (!base) return undefined;
    const version = typeof o.version === 'string' ? o.version : base.version;
    return { name: base.name, version, depth: typeof o.depth === 'number' ? o.depth : undefined };
  }
  return undefined;
}

function cmpVersion(a: string, b: string): number {
  const pa = a.split(/[-+]/)[0].split('.').map((x) => Number(x) || 0);
  const pb = b.split(/[-+]/)[0].split('.').map((x) => Number(x) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Whether `version` matches a Cargo version requirement (`=0.11.0`, `<0.12`, `0.9`, `^1.2, <1.5`…). */
function matchesReq(version: string, req: string | undefined): boolean {
  if (!req || req.trim() === '*') return true;
  return req.split(',').every((part) => {
    const m = /^\s*(=|<=|>=|<|>|\^|~)?\s*([0-9][0-9A-Za-z.+-]*)\s*$/.exec(part);
    if (!m) return false;
    const [, op = '^', want] = m;
    const c = cmpVersion(version, want);
    const given = want.split(/[-+]/)[0].split('.');
    switch (op) {
      case '=': return given.every((x, i) => version.split(/[-+]/)[0].split('.')[i] === x);
      case '<': return c < 0;
      case '<=': return c <= 0;
      case '>': return c > 0;
      case '>=': return c >= 0;
      case '~': return c >= 0 && version.split('.').slice(0, Math.min(2, given.length)).join('.') === given.slice(0, 2).join('.');
      default: {
        // Caret: same left-most non-zero component.
        const v = version.split(/[-+]/)[0].split('.');
        const lead = given.findIndex((x) => x !== '0');
        const upto = lead < 0 ? given.length : lead + 1;
        return c >= 0 && given.slice(0, upto).every((x, i) => v[i] === x);
      }
    }
  });
}

/** `[bans]` of the cargo-deny config governing the lock: `deny.toml`, `.deny.toml` or `.cargo/deny.toml` beside it or in a parent. */
function readBans(ws: WorkspaceFacts, lockPath: string): Bans | undefined {
  let dir = lockPath.includes('/') ? lockPath.slice(0, lockPath.lastIndexOf('/')) : '';
  for (;;) {
    for (const name of ['deny.toml', '.deny.toml', '.cargo/deny.toml']) {
      const p = dir ? `${dir}/${name}` : name;
      const doc = ws.exists(p) ? ws.document(p) : undefined;
      if (doc?.kind !== 'toml') continue;
      const bans = (doc as TomlDocument).toml.value.bans;
      const b = bans && typeof bans === 'object' ? (bans as Record<string, unknown>) : {};
      const list = (v: unknown) => (Array.isArray(v) ? v.map(packageSpec).filter((s): s is PackageSpec & { depth?: number } => !!s) : []);
      return { allowAll: b['multiple-versions'] === 'allow', skip: list(b.skip), skipTree: list(b['skip-tree']) };
    }
    if (!dir) return undefined;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}

/** Breadth-first reach over `next` from `starts`, not entering nodes `blocked` refuses. */
function reach(starts: readonly number[], next: number[][], blocked: (i: number) => boolean, maxDepth = Infinity): Set<number> {
  const seen = new Set<number>(starts);
  let frontier = [...starts];
  for (let depth = 0; frontier.length && depth < maxDepth; depth++) {
    const out: number[] = [];
    for (const i of frontier) for (const d of next[i]) if (!seen.has(d) && !blocked(d)) { seen.add(d); out.push(d); }
    frontier = out;
  }
  return seen;
}

const label = (g: LockGraph, i: number) => `\`${g.packages[i].name}\` ${g.packages[i].version}`;

/** A short list: the first `n` items and "and N more". */
function shortList(items: string[], n: number): string {
  if (items.length <= n) return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : items.join('');
  return `${items.slice(0, n).join(', ')} and ${items.length - n} more`;
}

export const rule = defineDocumentRule({
  meta: {
    id: 'duplicate-dependency-versions',
    title: 'Several versions of one crate in Cargo.lock',
    priority: 'P2',
    area: 'Supply chain',
    nonTest: false,
    action: 'Consolidate duplicate crate versions (`cargo tree -d`)',
    docs: {
      lang: 'toml',
      what: 'Reports each crate that `Cargo.lock` locks in more than one version (e.g. `aead` 0.3.2, 0.4.3 and 0.5.2), once, on its first entry, listing the versions and, read from the lock\'s dependency graph, which direct dependency of which workspace member pulls each one (and through which older crate, e.g. `rustls` 0.21 through `reqwest` 0.11 from `oauth2`); each entry is related information.',
      why: 'Every extra version is more code to compile, ship and audit: a security fix has to reach each copy, binaries grow, and types from two versions do not interoperate (`expected Key, found Key`). A second copy of a TLS or crypto stack is a second implementation to patch, and a crate the workspace itself declares in two versions is a one-line fix.',
      example: '[[package]]\nname = "aead"\nversion = "0.4.3"\n\n[[package]]\nname = "aead"\nversion = "0.5.2"',
      useInstead: '[[package]]\nname = "aead"\nversion = "0.5.2"',
      fixSafety: 'No quick-fix: consolidating versions means updating the dependencies that pull the old one (the message names them; `cargo tree -d -i aead` shows the full paths).',
      notes: 'Default profile: crates the workspace\'s own manifests declare in two versions, a second copy of a TLS/crypto stack crate (rustls, rustls-webpki, tokio-rustls, hyper-rustls, hyper, h2, reqwest, hyper-tls, openssl, native-tls, webrtc-dtls; aes, aes-gcm, aead, ccm, ctr, hmac, p256, p384, ecdsa, curve25519-dalek, rsa, ring, rcgen…; not hashes, trait-only crates or `http`), and a crate the workspace declares whose other version is the only way a second TLS/crypto copy comes in (e.g. `webrtc` 0.11 declared, 0.8 pulled by a dependency with its own DTLS stack). Other transitive duplicates go to the audit profile (hygiene): the workspace cannot consolidate them without upstream releases. Crates built only for other targets (`windows-*`, `winapi*`, `wasi`, `hermit-abi`, `core-foundation*`, `security-framework*`, `redox_*`, `r-efi`, the wasm-bindgen family unless a workspace crate targets the browser, and crates reached only through those) are never reported, and versions pulled only for them do not count. cargo-deny\'s `[bans]` is honoured: crates in `skip` / under `skip-tree`, or every crate with `multiple-versions = "allow"`, are reported as acknowledged (audit profile only). `[rules.duplicate-dependency-versions] ignore = ["windows-sys"]` skips crates entirely.',
    },
  },
  fileKinds: ['toml'],
  check(ctx) {
    const doc = ctx.doc;
    if (!(doc.path === 'Cargo.lock' || doc.path.endsWith('/Cargo.lock'))) return;
    const g = lockGraph(doc);
    if (!g) return;
    const ignored = new Set(stringListOption(ctx.options, 'ignore'));
    const P = g.packages;
    const byName = new Map<string, number[]>();
    P.forEach((p, i) => { byName.set(p.name, [...(byName.get(p.name) ?? []), i]); });
    const duplicated = [...byName].filter(([name, ids]) => !ignored.has(name) && new Set(ids.map((i) => P[i].version)).size > 1);
    if (duplicated.length === 0) return;

    // Which packages are built for the server: reachable from the workspace without going through target-only crates.
    const browser = ctx.ws.cargo.crates.some((c) => c.browserFrontend);
    const targetName = (name: string) => TARGET_ONLY.test(name) || (!browser && WASM_ONLY.test(name));
    const reachedAll = reach(g.roots, g.deps, () => false);
    const reachedHost = reach(g.roots, g.deps, (i) => targetName(P[i].name));
    // A version nothing reaches (an incomplete lock) counts as built unless its name says otherwise.
    const isHost = (i: number) => !targetName(P[i].name) && (reachedHost.has(i) || !reachedAll.has(i));
    const rootSet = new Set(g.roots);
    const hostVersions = (ids: number[]) => [...new Set(ids.filter(isHost).map((i) => P[i].version))];
    const dupNames = new Set(duplicated.filter(([, ids]) => hostVersions(ids).length > 1).map(([n]) => n));
    /** A copy older than its crate's newest built version: what a path goes "through" when it explains a duplicate. */
    const newest = new Map<string, string>();
    for (const n of dupNames) newest.set(n, hostVersions(byName.get(n)!).reduce((a, b) => (cmpVersion(a, b) >= 0 ? a : b)));
    const isOldCopy = (i: number) => newest.has(P[i].name) && newest.get(P[i].name) !== P[i].version && isHost(i);
    /** Direct (non-local) dependencies of workspace packages: index → the members declaring it. */
    const direct = new Map<number, string[]>();
    for (const r of g.roots) for (const d of g.deps[r]) if (!rootSet.has(d)) direct.set(d, [...(direct.get(d) ?? []), P[r].name]);

    const bans = readBans(ctx.ws, doc.path);
    const skipped = new Set<number>();
    if (bans) {
      for (const s of bans.skip) for (const i of byName.get(s.name) ?? []) if (matchesReq(P[i].version, s.version)) skipped.add(i);
      for (const s of bans.skipTree) {
        const tops = (byName.get(s.name) ?? []).filter((i) => matchesReq(P[i].version, s.version));
        for (const i of reach(tops, g.deps, () => false, s.depth ?? Infinity)) skipped.add(i);
      }
    }

    /** For each ancestor of `target`: the next package toward it on a shortest path (host packages only). */
    const towards = (target: number): Map<number, number> => {
      const next = new Map<number, number>([[target, -1]]);
      let frontier = [target];
      while (frontier.length) {
        const out: number[] = [];
        for (const i of frontier) for (const a of g.dependents[i]) if (!next.has(a) && isHost(a)) { next.set(a, i); out.push(a); }
        frontier = out;
      }
      return next;
    };

    /** What pulls version `i`: grouped by the first duplicated crate on the way ("through"), each with its direct dependencies. */
    const pulledBy = (i: number): { text: string; long: string; declaredBy: string[] } => {
      const next = towards(i);
      const declaredBy = direct.get(i) ?? [];
      const groups = new Map<string, { through?: number; deps: string[]; chain: number[] }>();
      for (const [d, members] of direct) {
        if (d === i || !next.has(d)) continue;
        const chain = [d];
        for (let n = next.get(d)!; n >= 0; n = next.get(n)!) chain.push(n);
        const through = chain.slice(1, -1).find(isOldCopy);
        const key = through === undefined ? '' : String(through);
        const group = groups.get(key) ?? { through, deps: [], chain };
        groups.set(key, group);
        if (chain.length < group.chain.length) group.chain = chain;
        group.deps.push(`${label(g, d)} (${shortList([...new Set(members)], 2)})`);
      }
      const parts: string[] = [];
      const longParts: string[] = [];
      if (declaredBy.length) {
        const s = `declared by ${shortList([...new Set(declaredBy)], 3)}`;
        parts.push(s);
        longParts.push(s);
      }
      const ordered = [...groups.values()].sort((a, b) => b.deps.length - a.deps.length);
      for (const grp of ordered) {
        const through = grp.through === undefined ? '' : `through ${label(g, grp.through)} `;
        parts.push(`${through}from ${shortList(grp.deps, 2)}`);
        longParts.push(`${through}from ${shortList(grp.deps, 6)} (${grp.chain.map((n) => label(g, n)).join(' → ')})`);
      }
      const text = parts.length > 2 ? `${parts.slice(0, 2).join('; ')}; and ${parts.length - 2} more paths` : parts.join('; ');
      return { text: text || 'pulled by no workspace member this lock records', long: longParts.join('; ') || text, declaredBy };
    };

    for (const [name, ids] of duplicated) {
      const host = ids.filter(isHost);
      const versions = [...new Set(host.map((i) => P[i].version))];
      // Crates built only for other targets, or whose extra copies are: never reported on their own.
      if (versions.length < 2) continue;
      const first = [...host, ...ids].find((i) => P[i].versionRange || P[i].nameRange);
      if (first === undefined) continue;
      const at = P[first].versionRange ?? P[first].nameRange!;

      const pulls = new Map(host.map((i) => [i, pulledBy(i)]));
      const declared = host.filter((i) => pulls.get(i)!.declaredBy.length > 0);
      const declaredVersions = new Set(declared.map((i) => P[i].version));
      let why: string | undefined;
      if (declaredVersions.size > 1) {
        why = `the workspace itself declares ${shortList(declared.map((i) => `${P[i].version} (${shortList([...new Set(pulls.get(i)!.declaredBy)], 2)})`), 3)}: align them`;
      } else if (TLS_CRYPTO_STACK.has(name)) {
        why = 'a second copy of a TLS/crypto stack: every security fix has to reach each copy';
      } else if (declaredVersions.size === 1) {
        // The workspace's own version, and another one that alone brings a second TLS/crypto copy.
        const stackCopies = [...dupNames].filter((n) => TLS_CRYPTO_STACK.has(n)).flatMap((n) => byName.get(n)!.filter(isHost));
        for (const v of host.filter((i) => !declaredVersions.has(P[i].version))) {
          const without = reach(g.roots, g.deps, (j) => j === v || targetName(P[j].name));
          const carried = [...new Set(stackCopies.filter((c) => reachedAll.has(c) && !without.has(c)).map((c) => P[c].name))]
            .sort((a, b) => STACK_ORDER.indexOf(a) - STACK_ORDER.indexOf(b));
          if (carried.length) {
            why = `the workspace declares ${[...declaredVersions][0]} while ${P[v].version} alone brings a second copy of ${shortList(carried.map((c) => `\`${c}\``), 4)}`;
            break;
          }
        }
      }

      let tier: AuditTier | undefined = why ? undefined : 'hygiene';
      let ack = '';
      const kept = new Set(host.filter((i) => !skipped.has(i)).map((i) => P[i].version));
      if (bans?.allowAll) { tier = 'acknowledged'; ack = ' (deny.toml allows multiple versions)'; }
      else if (kept.size < 2) { tier = 'acknowledged'; ack = ' (skipped in deny.toml [bans])'; }

      const perVersion = host.map((i) => `${P[i].version} ${pulls.get(i)!.text}`);
      const related: RelatedLocation[] = ids.filter((i) => P[i].versionRange).map((i) => ({
        path: doc.path,
        range: P[i].versionRange!,
        message: `${name} ${P[i].version}: ${isHost(i) ? pulls.get(i)!.long : 'only built for other targets'}`,
      }));
      const reason = why ? `${why}.` : 'only transitive dependencies pull the extra copies: consolidating needs upstream releases.';
      ctx.report(at,
        `\`${name}\` is locked in ${versions.length} versions${ack}: ${perVersion.join('; ')}. ${reason[0].toUpperCase()}${reason.slice(1)} \`cargo tree -d -i ${name}\` shows every path.`,
        { related, tier });
    }
  },
});
