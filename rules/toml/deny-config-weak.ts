import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { tomlEntries, tomlRange, tomlString, type TomlEntry } from '../../server/src/core/parsers/toml';
import type { Fix } from '../../server/src/core/engine/types';
import { removeKeyValueEdit, tomlQuote } from '../shared/cargoManifest';
import { denySection } from '../shared/templates';

const SECTIONS = ['advisories', 'bans', 'licenses', 'sources'] as const;

/** Settings that let through what a policy exists to stop. */
/** Keys whose `"allow"` turns a check off: what it then accepts, and what to do instead. */
const WEAK: Record<string, { accepts: string; instead: string }> = {
  'sources.unknown-git': {
    accepts: 'git dependencies from any repository: cargo-deny will not stop a dependency from an unreviewed source',
    instead: 'list the repositories you accept in `allow-git`',
  },
  'sources.unknown-registry': {
    accepts: 'crates from any registry: cargo-deny will not stop a dependency from an unreviewed source',
    instead: 'list the registries you accept in `allow-registry`',
  },
  'bans.wildcards': {
    accepts: '`"*"` version requirements: any future major version, with any breaking or malicious change, resolves without review',
    instead: 'pin a version requirement in each manifest (`cargo update` then keeps them current)',
  },
};

interface Removed {
  /** What replaced it in cargo-deny's current schema. */
  now: string;
  /** The current form of a value (undefined: the key is deleted), or null when there is no equivalent. */
  rewrite(value: string | undefined): { value?: string; exact: boolean } | null;
}

const dropIfDeny = (now: string): Removed => ({
  now,
  rewrite: (v) => ({ exact: v === 'deny' }),
});

/** Keys cargo-deny removed (PR #611/#681, cargo-deny 0.16): using them is an error now. */
const REMOVED: Record<string, Removed> = {
  'advisories.vulnerability': dropIfDeny('every vulnerability advisory is an error; exceptions go in `ignore`'),
  'advisories.unsound': {
    now: '`unsound` takes a scope since cargo-deny 0.19: "all", "workspace", "transitive" or "none"',
    rewrite: (v) => (v === 'deny' ? { value: 'all', exact: true } : v === 'warn' ? { value: 'workspace', exact: false } : v === 'allow' ? { value: 'none', exact: true } : null),
  },
  'advisories.notice': dropIfDeny('every notice advisory is an error; exceptions go in `ignore`'),
  'advisories.severity-threshold': { now: 'vulnerabilities are errors whatever their severity', rewrite: () => ({ exact: false }) },
  'advisories.unmaintained': {
    now: '`unmaintained` takes a scope: "all", "workspace", "transitive" or "none"',
    rewrite: (v) => (v === 'deny' ? { value: 'all', exact: true } : v === 'warn' ? { value: 'workspace', exact: false } : v === 'allow' ? { value: 'none', exact: true } : null),
  },
  'licenses.unlicensed': dropIfDeny('crates without a license are always denied'),
  'licenses.copyleft': dropIfDeny('licenses not in `allow` are denied, copyleft or not'),
  'licenses.default': dropIfDeny('licenses not in `allow` are denied'),
  'licenses.deny': { now: 'licenses not in `allow` are denied', rewrite: () => ({ exact: true }) },
  'licenses.allow-osi-fsf-free': { now: 'only licenses listed in `allow` are accepted', rewrite: () => null },
};

export const rule = defineDocumentRule({
  meta: {
    id: 'deny-config-weak',
    title: 'cargo-deny configuration weak or outdated',
    priority: 'P2',
    area: 'Supply chain',
    nonTest: false,
    action: 'Deny unknown sources and wildcards in `deny.toml`; configure all four checks in the current schema',
    docs: {
      lang: 'toml',
      what: 'Checks `deny.toml`: settings that allow what the policy should deny (`unknown-git = "allow"`, `unknown-registry = "allow"`, `wildcards = "allow"`), a missing `[advisories]`, `[bans]`, `[licenses]` or `[sources]` section, and keys current cargo-deny removed (`vulnerability`, `notice`, `severity-threshold`, `unlicensed`, `copyleft`, `allow-osi-fsf-free`, `default`, `deny`, and the old `"deny"`/`"warn"`/`"allow"` levels of `unmaintained`/`unsound`, which now take a scope).',
      why: 'cargo-deny only enforces what it is told to: an allowed unknown git source or registry lets any fork into the build, and a missing section skips that check entirely. Removed keys make current cargo-deny (0.16+) stop with a configuration error, so `cargo deny check` in CI fails before checking anything, or gets pinned to an old version.',
      example: '[advisories]\nvulnerability = "deny"\nnotice = "warn"\n\n[licenses]\nunlicensed = "deny"\ncopyleft = "deny"\nallow = ["MIT", "Apache-2.0"]\n\n[sources]\nunknown-git = "allow"',
      useInstead: '[advisories]\nversion = 2\nunmaintained = "workspace"\n\n[licenses]\nversion = 2\nallow = ["MIT", "Apache-2.0"]\n\n[bans]\nwildcards = "deny"\n\n[sources]\nunknown-registry = "deny"\nunknown-git = "deny"',
      fixSafety: 'Removed keys are rewritten to the current form: deleted where the current default does the same (`vulnerability = "deny"`, `copyleft = "deny"`, `unlicensed = "deny"`, a `deny` list; preferred), `unmaintained`/`unsound` = `"deny"`/`"allow"` become `"all"`/`"none"` (preferred). Rewrites that make the policy stricter (`notice = "warn"` deleted, `unmaintained = "warn"` → `"workspace"`) are offered but not preferred; `allow-osi-fsf-free` has no equivalent and no fix. A missing section is appended with strict defaults (preferred). Allowed sources/wildcards get a non-preferred "set to deny".',
    },
  },
  fileKinds: ['toml'],
  check(ctx) {
    const doc = ctx.doc;
    const base = doc.path.slice(doc.path.lastIndexOf('/') + 1);
    if ((base !== 'deny.toml' && base !== '.deny.toml') || !doc.toml.ast) return;
    const entries: TomlEntry[] = tomlEntries(doc.toml.ast);
    for (const e of entries) {
      // Top-level keys of deny.toml, or keys in `[graph]`-less old layouts: only `<section>.<key>`.
      const key = e.path.length === 2 ? e.path.join('.') : undefined;
      if (!key) continue;
      const value = tomlString(e.value);
      if (WEAK[key] && value === 'allow') {
        // `wildcards = "allow"` with no `"*"` requirement in the workspace accepts nothing today (it is
        // the usual setting for path dependencies): hygiene; `wildcard-dependency` flags a real one.
        const acceptsNothing = key === 'bans.wildcards' && !ctx.ws.cargo.crates.some((c) => [...c.dependencies.values()].some((d) => d.version?.trim() === '*'));
        ctx.report(tomlRange(doc.index, e.value),
          `\`${e.path[1]} = "allow"\` accepts ${WEAK[key].accepts}. Set it to "deny" and ${WEAK[key].instead}.`,
          { tier: acceptsNothing ? 'hygiene' : undefined, fixes: [{ title: 'Set to "deny"', preferred: false, edits: [ctx.edit(tomlRange(doc.index, e.value), '"deny"')] }] });
      }
      const removed = REMOVED[key];
      // `unmaintained` and `unsound` are current again with a scope value; only the old levels are removed.
      const scoped = key === 'advisories.unmaintained' || key === 'advisories.unsound';
      if (removed && !(scoped && !['deny', 'warn', 'allow'].includes(value ?? ''))) {
        const r = removed.rewrite(value);
        const fixes: Fix[] = [];
        if (r) {
          const edit = r.value !== undefined ? ctx.edit(tomlRange(doc.index, e.value), tomlQuote(r.value)) : removeKeyValueEdit(doc, e.node);
          fixes.push({ title: r.value !== undefined ? `Rewrite as \`${e.path[1]} = "${r.value}"\`` : `Remove \`${e.path[1]}\` (${removed.now})`, preferred: r.exact, edits: [edit] });
        }
        ctx.report(tomlRange(doc.index, e.keyNode),
          `\`${e.path[1]}\` in [${e.path[0]}] was removed from cargo-deny (${removed.now}): current cargo-deny rejects this config, so \`cargo deny check\` fails before checking anything.`,
          { fixes });
      }
    }
    const value = doc.toml.value;
    const missing = SECTIONS.filter((s) => !(s in value));
    if (missing.length > 0) {
      const end = doc.index.positionAt(doc.text.length);
      const sep = doc.text.length === 0 ? '' : doc.text.endsWith('\n\n') ? '' : doc.text.endsWith('\n') ? '\n' : '\n\n';
      const text = missing.map((s) => denySection(s)).join('\n');
      ctx.report({ start: { line: 0, character: 0 }, end: { line: 0, character: doc.index.lineText(0).length } },
        `deny.toml has no ${missing.map((s) => `[${s}]`).join(', ')} section${missing.length > 1 ? 's' : ''}: cargo-deny runs ${missing.length > 1 ? 'those checks' : 'that check'} with lax defaults or not at all. Add ${missing.length > 1 ? 'them' : 'it'}.`,
        { fixes: [{ title: `Add ${missing.map((s) => `[${s}]`).join(', ')} with strict defaults`, preferred: true, edits: [ctx.edit({ start: end, end }, sep + text)] }] });
    }
  },
});
