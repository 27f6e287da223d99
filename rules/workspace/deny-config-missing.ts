import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import { denyToml } from '../shared/templates';
import { anyExists, firstLine } from '../shared/workspaceFiles';
import { checksRunInCi } from '../shared/ciChecks';

export const rule = defineWorkspaceRule<never>({
  meta: {
    id: 'deny-config-missing',
    title: 'No cargo-deny configuration',
    priority: 'P1',
    area: 'Supply chain',
    nonTest: false,
    action: 'Add a `deny.toml` and run `cargo deny check` in CI',
    docs: {
      lang: 'toml',
      what: 'Reports a Cargo workspace without a cargo-deny configuration (`deny.toml`, `.deny.toml` or `.cargo/deny.toml` at the root), on the first line of the root `Cargo.toml`.',
      why: 'cargo-deny is the policy gate for dependencies: known vulnerabilities, unmaintained crates, licenses you cannot ship, duplicate versions and crates from unknown registries or git repositories. Without a config there is no policy to check, so new dependencies are never reviewed against one.',
      example: '# Cargo.toml exists, deny.toml does not',
      useInstead: '# deny.toml\n[advisories]\nversion = 2\nunmaintained = "workspace"\n\n[licenses]\nversion = 2\nallow = ["MIT", "Apache-2.0"]\n\n[bans]\nmultiple-versions = "warn"\nwildcards = "deny"\n\n[sources]\nunknown-registry = "deny"\nunknown-git = "deny"',
      notes: 'Audit profile only (hygiene): a workspace of a single crate, and one whose CI already scans the lock file for advisories (`cargo audit`, `rustsec/audit-check`, `trivy fs`, osv-scanner — as `ci-missing-check` reads CI): what a policy adds there is licence and source review.',
      fixSafety: 'The fix creates `deny.toml` in cargo-deny\'s current schema (advisories and licenses `version = 2`, no removed keys) with strict defaults: all advisories denied, common permissive licenses allowed, wildcards and unknown sources denied. It never overwrites a file and is preferred; adjust the license list and `allow-git` to your dependencies.',
    },
  },
  check(ctx) {
    const root = ctx.ws.cargo.rootManifest;
    if (!root || anyExists(ctx.ws, ['deny.toml', '.deny.toml', '.cargo/deny.toml'])) return;
    // A policy file pays off in a workspace of several crates (many dependencies, licences, duplicate
    // versions); a single crate rarely adds one, and where CI already scans the lock file for advisories
    // (`cargo audit`, Trivy, osv-scanner) what is left is licence and source policy: hygiene there.
    // Test harness crates (`tests/rust/Cargo.toml`, test-support crates) do not ship: they do not make a workspace of crates.
    const workspaceOfCrates = ctx.ws.cargo.crates.filter((c) => !c.testSupport && ctx.ws.roleOf(c.manifestPath) === 'production').length > 1;
    const audited = checksRunInCi(ctx.ws).has('audit');
    ctx.report(root, firstLine(ctx.ws, root),
      audited
        ? 'This Cargo workspace has no deny.toml: CI scans dependencies for advisories, but no policy checks licenses, duplicates or unknown sources. Add a deny.toml and run `cargo deny check` in CI.'
        : 'This Cargo workspace has no deny.toml: no policy checks dependencies for vulnerabilities, licenses, duplicates or unknown sources. Add a deny.toml and run `cargo deny check` in CI.',
      { tier: workspaceOfCrates && !audited ? undefined : 'hygiene', fixes: [{ title: 'Create deny.toml (current cargo-deny schema)', preferred: true, edits: [], creates: [{ path: 'deny.toml', content: denyToml() }] }] });
  },
});
