/**
 * The one table of GitHub Actions that `ci-deprecated-action` knows: archived actions and their
 * maintained replacements, and the oldest major of each maintained action that still works.
 * Review it when GitHub retires a runtime or an action ships a breaking major.
 */

/** When the table was last checked against the actions' releases and GitHub's deprecation notices. */
export const ACTIONS_REVIEWED = '2026-11-23';

export interface ActionAdvice {
  /** `owner/repo`, lower-case. `owner/*` matches every action of an owner. */
  action: string;
  /** Oldest maintained major: any older major is flagged, and the fix moves to this one. */
  minMajor?: number;
  /** For archived actions: the maintained replacement (`owner/repo@ref`). */
  replacement?: string;
  /** Why older majors / the archived action are a problem (ends the message). */
  why: string;
}

const NODE = 'older majors run on a Node.js runtime GitHub has removed from its runners';

export const ACTIONS: readonly ActionAdvice[] = [
  { action: 'actions/checkout', minMajor: 4, why: NODE },
  { action: 'actions/cache', minMajor: 4, why: 'v1–v3 use the legacy cache service, which GitHub shut down in 2025: the step fails or silently stops caching' },
  { action: 'actions/upload-artifact', minMajor: 4, why: 'v1–v3 were shut down on 2025-01-30: the step fails' },
  { action: 'actions/download-artifact', minMajor: 4, why: 'v1–v3 were shut down on 2025-01-30 and cannot read v4 artifacts' },
  { action: 'actions/setup-node', minMajor: 4, why: NODE },
  { action: 'actions/setup-python', minMajor: 5, why: NODE },
  { action: 'actions/setup-go', minMajor: 5, why: NODE },
  { action: 'actions/setup-java', minMajor: 4, why: NODE },
  { action: 'actions/github-script', minMajor: 7, why: NODE },
  { action: 'actions/upload-pages-artifact', minMajor: 3, why: 'older majors depend on the retired artifact actions' },
  { action: 'actions/deploy-pages', minMajor: 4, why: 'older majors depend on the retired artifact actions' },
  { action: 'github/codeql-action', minMajor: 3, why: 'v1 and v2 are deprecated and no longer receive CodeQL updates' },
  { action: 'docker/login-action', minMajor: 3, why: NODE },
  { action: 'docker/setup-buildx-action', minMajor: 3, why: NODE },
  { action: 'docker/setup-qemu-action', minMajor: 3, why: NODE },
  { action: 'docker/metadata-action', minMajor: 5, why: NODE },
  { action: 'docker/build-push-action', minMajor: 5, why: NODE },
  { action: 'swatinem/rust-cache', minMajor: 2, why: NODE },
  { action: 'softprops/action-gh-release', minMajor: 2, why: NODE },
  { action: 'actions/create-release', replacement: 'softprops/action-gh-release@v2', why: 'it is archived and unmaintained' },
  { action: 'actions/upload-release-asset', replacement: 'softprops/action-gh-release@v2', why: 'it is archived and unmaintained' },
  { action: 'actions-rs/toolchain', replacement: 'dtolnay/rust-toolchain@stable', why: 'actions-rs is archived (2023) and runs on a removed Node.js runtime' },
  { action: 'actions-rs/audit-check', replacement: 'rustsec/audit-check@v2', why: 'actions-rs is archived (2023) and runs on a removed Node.js runtime' },
  { action: 'actions-rs/cargo', replacement: 'a plain `run: cargo …` step', why: 'actions-rs is archived (2023) and runs on a removed Node.js runtime' },
  { action: 'actions-rs/clippy-check', replacement: 'a `run: cargo clippy … -- -D warnings` step', why: 'actions-rs is archived (2023) and runs on a removed Node.js runtime' },
  { action: 'actions-rs/install', replacement: 'taiki-e/install-action@v2', why: 'actions-rs is archived (2023) and runs on a removed Node.js runtime' },
  { action: 'actions-rs/*', replacement: 'a maintained action or a plain `run:` step', why: 'actions-rs is archived (2023) and runs on a removed Node.js runtime' },
];

/** The advice for `owner/repo` (lower-case), exact entries before `owner/*` ones. */
export function adviceFor(repo: string): ActionAdvice | undefined {
  const r = repo.toLowerCase();
  return ACTIONS.find((a) => a.action === r) ?? ACTIONS.find((a) => a.action.endsWith('/*') && r.startsWith(a.action.slice(0, -1)));
}
