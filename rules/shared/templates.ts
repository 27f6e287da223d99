/**
 * Files the create-file fixes write: the CI workflow, `deny.toml`, `CODEOWNERS`. One place, so the
 * YAML rules (`ci-missing-check`) can reuse the same steps.
 */

/** The steps of the CI workflow, by check. Each is a list item under `steps:` (6-space indented). */
export const CI_STEPS = {
  checkout: '      - uses: actions/checkout@v4',
  toolchain: '      - uses: dtolnay/rust-toolchain@stable\n        with:\n          components: clippy, rustfmt',
  test: '      - name: Tests\n        run: cargo test --workspace',
  clippy: '      - name: Clippy\n        run: cargo clippy --workspace --all-targets -- -D warnings',
  fmt: '      - name: Format\n        run: cargo fmt --check',
  audit: '      - name: Security audit\n        uses: rustsec/audit-check@v2\n        with:\n          token: ${{ secrets.GITHUB_TOKEN }}',
  deny: '      - name: Dependency policy (cargo-deny)\n        uses: EmbarkStudios/cargo-deny-action@v2',
} as const;

export type CiCheck = 'test' | 'clippy' | 'fmt' | 'audit' | 'deny';

/** `.github/workflows/ci.yml`: tests, clippy, fmt, audit and cargo-deny on every push and pull request. */
export function ciWorkflow(): string {
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
    '  check:',
    '    name: Test, lint, format',
    '    runs-on: ubuntu-latest',
    '    steps:',
    CI_STEPS.checkout,
    CI_STEPS.toolchain,
    '      - uses: Swatinem/rust-cache@v2',
    CI_STEPS.fmt,
    CI_STEPS.clippy,
    CI_STEPS.test,
    '',
    '  supply-chain:',
    '    name: Audit and dependency policy',
    '    runs-on: ubuntu-latest',
    '    permissions:',
    '      contents: read',
    '      checks: write',
    '      issues: write',
    '    steps:',
    CI_STEPS.checkout,
    CI_STEPS.audit,
    CI_STEPS.deny,
    '',
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
