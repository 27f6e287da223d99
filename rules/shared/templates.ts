/**
 * Files the create-file fixes write: the CI workflow, `deny.toml`, `CODEOWNERS`. One place, so the
 * YAML rules (`ci-missing-check`) can reuse the same steps.
 */

import { NO_BUILD_NEEDS, setupSteps, type BuildNeeds } from './buildNeeds';

export type CiCheck = 'test' | 'clippy' | 'fmt' | 'audit' | 'deny';

/**
 * The commands that run each check, as plain `run:` steps on GitHub's runners (which ship rustup).
 * No third-party actions: a generated workflow must not itself need pinning (`ci-action-unpinned`).
 * Shared by the created workflow (`ci-workflow-missing`) and the steps `ci-missing-check` adds.
 */
export const CI_CHECK_STEPS: Record<CiCheck, { name: string; run: string[] }> = {
  test: { name: 'Tests', run: ['cargo test --workspace'] },
  clippy: { name: 'Clippy', run: ['rustup component add clippy', 'cargo clippy --workspace --all-targets -- -D warnings'] },
  fmt: { name: 'Format', run: ['rustup component add rustfmt', 'cargo fmt --all --check'] },
  audit: { name: 'Security audit', run: ['cargo install cargo-audit --locked', 'cargo audit'] },
  deny: { name: 'Dependency policy', run: ['cargo install cargo-deny --locked', 'cargo deny check'] },
};

/** Checks that compile the workspace (and so need its system packages); the others only read it. */
export const BUILDING_CHECKS: ReadonlySet<CiCheck> = new Set(['test', 'clippy']);

/** The steps of a job running `check`, each as YAML lines (the first follows `- `): setup for what the workspace needs, then the commands. */
export function ciJobSteps(check: CiCheck, needs: BuildNeeds, unit = 2): string[][] {
  return [...setupSteps(needs, BUILDING_CHECKS.has(check), unit), ...CI_CHECK_STEPS[check].run.map((r) => [`run: ${r}`])];
}

/** One job running `check`, as YAML lines indented for `jobs:` at column 0. */
function ciJob(check: CiCheck, needs: BuildNeeds): string[] {
  return [
    `  ${check}:`,
    `    name: ${CI_CHECK_STEPS[check].name}`,
    '    runs-on: ubuntu-latest',
    '    steps:',
    ...ciJobSteps(check, needs).flatMap((step) => step.map((l, i) => `      ${i === 0 ? '- ' : '  '}${l}`)),
    '',
  ];
}

/**
 * `.github/workflows/ci.yml`: tests, clippy, fmt, audit and cargo-deny on every push and pull
 * request, with what the workspace needs to build (submodules, system packages, pinned toolchain).
 */
export function ciWorkflow(needs: BuildNeeds = NO_BUILD_NEEDS): string {
  return [
    'name: CI',
    '',
    'on:',
    '  push:',
    '    branches: [main]',
    '  pull_request:',
    '',
    'permissions:',
    '  contents: read',
    '',
    'env:',
    '  CARGO_TERM_COLOR: always',
    '',
    'jobs:',
    ...(['fmt', 'clippy', 'test', 'audit', 'deny'] as const).flatMap((c) => ciJob(c, needs)),
  ].join('\n');
}

/** A `deny.toml` in cargo-deny's current schema (`version = 2` advisories/licenses; no removed keys). */
export function denyToml(): string {
  return [
    '# cargo-deny configuration: https://embarkstudios.github.io/cargo-deny/',
    '# Run with `cargo deny check`.',
    '',
    '[graph]',
    'all-features = true',
    '',
    '[advisories]',
    'version = 2',
    '# Every vulnerability, unsound and notice advisory is an error; list reviewed exceptions here.',
    'ignore = []',
    '# Unmaintained crates are errors when the workspace depends on them directly.',
    'unmaintained = "workspace"',
    'yanked = "deny"',
    '',
    '[licenses]',
    'version = 2',
    '# Licenses not listed here are denied.',
    'allow = ["MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Unicode-3.0", "Zlib"]',
    'confidence-threshold = 0.8',
    '',
    '[bans]',
    'multiple-versions = "warn"',
    'wildcards = "deny"',
    'highlight = "all"',
    '',
    '[sources]',
    'unknown-registry = "deny"',
    'unknown-git = "deny"',
    'allow-registry = ["https://github.com/rust-lang/crates.io-index"]',
    'allow-git = []',
    '',
  ].join('\n');
}

/** The sections of `denyToml()`, for appending one that a deny.toml lacks. */
export function denySection(name: 'advisories' | 'licenses' | 'bans' | 'sources'): string {
  const text = denyToml();
  const start = text.indexOf(`[${name}]`);
  const next = text.indexOf('\n[', start + 1);
  return text.slice(start, next < 0 ? undefined : next + 1).trimEnd() + '\n';
}

/** `CODEOWNERS` mapping the workspace and each member to a placeholder team to replace. */
export function codeowners(memberDirs: readonly string[]): string {
  const owner = '@your-org/maintainers';
  const lines = [
    '# Review ownership: GitHub requests a review from these owners for changes under each path.',
    `# Replace ${owner} with real users or teams (later lines win).`,
    `*                       ${owner}`,
  ];
  for (const dir of [...memberDirs].sort()) lines.push(`/${dir}/`.padEnd(24) + owner);
  lines.push(`/Cargo.lock             ${owner}`, `/deny.toml              ${owner}`, `/.github/               ${owner}`, '');
  return lines.join('\n');
}
