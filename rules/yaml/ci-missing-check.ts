import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import type { Fix } from '../../server/src/core/engine/types';
import { buildNeeds, describeNeeds } from '../shared/buildNeeds';
import { CHECK_INFO, CHECKS, workflowFacts, type WorkflowFacts } from '../shared/ciChecks';
import { isCiFile, isCiPipelineFile } from '../shared/ciFiles';
import { firstLine } from '../shared/workspaceFiles';
import { isRustWorkspace } from '../shared/yamlKinds';

/** The pipeline that reports missing checks: the one doing the most checks, GitHub first (its findings get fixes), `ci.yml`-like names first. */
function primary(workflows: readonly WorkflowFacts[]): WorkflowFacts | undefined {
  const score = (w: WorkflowFacts) => w.checks.length * 10 + (w.system === 'github' ? 5 : 0) + (/(^|\/)\.?(ci|rust|check|test|build|gitlab-ci|woodpecker|drone)[^/]*$/i.test(w.path) ? 1 : 0);
  return [...workflows].sort((a, b) => score(b) - score(a) || a.path.localeCompare(b.path))[0];
}

/** A cargo-deny policy anywhere in the workspace (`deny.toml`, `.deny.toml`, `.cargo/deny.toml`). */
function hasDenyConfig(ws: { files: readonly string[] }): boolean {
  return ws.files.some((f) => /(^|\/)(\.cargo\/)?\.?deny\.toml$/.test(f));
}

export const rule = defineWorkspaceRule<WorkflowFacts>({
  meta: {
    id: 'ci-missing-check',
    title: 'CI does not run a standard Rust check',
    priority: 'P0',
    area: 'Supply chain',
    nonTest: false,
    action: 'Run tests, `cargo clippy -- -D warnings`, `cargo fmt --check`, `cargo audit` and `cargo deny check` in CI',
    docs: {
      lang: 'yaml',
      what: 'In a Rust repository, looks at every CI pipeline that runs cargo — GitHub Actions (and Gitea/Forgejo) workflows, Woodpecker (`.woodpecker.yml`, `.woodpecker/*.yml`), Drone and GitLab CI (`.gitlab-ci.yml`, included `.gitlab/ci/*.yml`), and the shell commands of CircleCI, Travis, Azure Pipelines, Bitbucket, Buildkite and Cirrus files (`run:`, `command:`, `script:`, `install:`…), read from the shared CI file list — and reports each of these checks that no pipeline runs: tests (`cargo test`, `nextest`, `llvm-cov`, `tarpaulin`, `cargo insta test`), clippy with `-D warnings` (in the command or `RUSTFLAGS` of the step, job or file env / GitLab `variables`), `cargo fmt --check`, a vulnerability audit (`cargo audit`, `rustsec/audit-check`, `actions-rust-lang/audit`, `cargo deny check` covering advisories, or a scanner over Cargo.lock: `trivy fs|repo`, `aquasecurity/trivy-action` with `scan-type: fs`, `osv-scanner` and its action or reusable workflow, `grype dir:`) and `cargo deny check` (or `EmbarkStudios/cargo-deny-action`). Multi-line `run: |` scripts, Woodpecker `commands:`, GitLab `script:` / `before_script:` (hidden template jobs too), `actions-rs/cargo` steps, tools installed with `taiki-e/install-action` and steps of the repository\'s own composite actions (`action.yml`) are understood. One diagnostic per missing check per project, on the main Rust pipeline (the one running the most checks, a GitHub workflow first among equals since its findings get fixes): on its `jobs:` key, `steps:` for Woodpecker/Drone, `stages:` or the first job for GitLab; a clippy that runs without `-D warnings` is reported on that `clippy` command instead.',
      why: 'A check that is not in CI does not happen: tests rot, clippy warnings pile up until nobody reads them, and a crate with a published RustSec advisory (or a GPL licence, or a git dependency from a fork) reaches production without anyone being told. CI is the one place every change passes through.',
      example: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test --all-features\n      - run: cargo clippy',
      useInstead: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test --all-features\n      - run: cargo clippy --all-targets -- -D warnings\n      - run: cargo fmt --all -- --check\n  audit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo install cargo-audit --locked\n      - run: cargo audit\n  deny:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo install cargo-deny --locked\n      - run: cargo deny check',
      fixSafety: 'A missing check gets a fix adding a job at the end of `jobs:` (checkout, then plain `run:` steps with the toolchain preinstalled on GitHub\'s Ubuntu runners, so no third-party action is introduced), in the file\'s indentation and sequence style, set up for what the workspace needs to build, as `ci-workflow-missing`\'s workflow: submodules checked out when `.gitmodules` exists, `protobuf-compiler` / `pkg-config libssl-dev` installed for the test and clippy jobs when build scripts need protoc or a non-vendored `openssl-sys`, and `rustup toolchain install` when a `rust-toolchain.toml` / `rust-toolchain` pins the toolchain. A clippy run without `-D warnings` gets `-- -D warnings` appended (after an existing `--`). Both keep the workflow valid and are applied by fix-all; the new jobs may of course fail until the code passes them.',
      notes: 'Without a cargo-deny policy (no `deny.toml`, `.deny.toml` or `.cargo/deny.toml`) a missing `cargo deny check` is the same gap `deny-config-missing` reports on Cargo.toml: it is hygiene (audit profile only), with that Cargo.toml line as related location, so the default profile reports it once. Workspaces calling a reusable workflow of another repository (`jobs.<id>.uses: org/ci/.github/workflows/rust.yml@…`), or whose GitLab pipeline includes a remote/project/template file or a local one not read here, are not judged: those steps cannot be seen; neither are workspaces with a Jenkinsfile (Groovy, not read). Checks run through a task runner (`just`, `make`, `cargo make`, `cargo xtask`, `task`, `mise run`, also inside `nix develop -c …`) are read from the recipe names: `just test`, `make fmt-check`, `just clippy-deny`, `cargo xtask lint` count as the check they name; a recipe whose name does not say (`just ci`, `make all`, `pre-commit`) makes the workspace not judged, since what it runs cannot be read. Checks run by shell scripts are not seen: suppress with `# readiness-ignore-next-line ci-missing-check -- runs in scripts/ci.sh` above `jobs:`. Fixes (a new job) are offered on GitHub workflows only. Installing cargo-audit/cargo-deny from source takes a few minutes; switch to a pinned `taiki-e/install-action` if that matters.',
    },
  },
  collect(doc, ws) {
    return doc.kind === 'yaml' && isCiFile(doc.path) ? workflowFacts(doc, ws) : undefined;
  },
  check(ctx) {
    if (!isRustWorkspace(ctx.ws)) return;
    const all = [...ctx.collected.values()];
    // Checks may live in a reusable workflow of another repository, or a GitLab include that is not read: nothing can be said.
    if (all.some((w) => w.callsRemoteWorkflow || w.localIncludes.some((p) => !ctx.collected.has(p)))) return;
    // A pipeline that is not YAML (a Jenkinsfile) runs commands that cannot be read here: nothing can be said either.
    if (ctx.ws.files.some((f) => isCiPipelineFile(f) && !/\.ya?ml$/i.test(f)) || ctx.ws.exists('Jenkinsfile')) return;
    const rust = all.filter((w) => w.runsCargo && w.system !== 'github-action');
    const main = primary(rust.filter((w) => w.anchor));
    if (!main?.anchor) return;
    const present = new Set(all.flatMap((w) => w.checks));
    const root = ctx.ws.cargo.rootManifest;
    for (const check of CHECKS) {
      if (present.has(check)) continue;
      const info = CHECK_INFO[check];
      if (check === 'clippy') {
        const w = rust.find((x) => x.clippyWithoutDeny);
        if (w?.clippyWithoutDeny) {
          const fixes: Fix[] = w.clippyWithoutDeny.edit ? [{ title: 'Add `-D warnings` to cargo clippy', preferred: true, edits: [w.clippyWithoutDeny.edit] }] : [];
          ctx.report(w.path, w.clippyWithoutDeny.range, 'CI runs clippy without `-D warnings`: its findings are warnings that never fail the build, so they pile up unread. Add `-- -D warnings` (or set `RUSTFLAGS: -D warnings`).', { fixes });
          continue;
        }
      }
      const job = main.addJob[check];
      const setup = describeNeeds(buildNeeds(ctx.ws));
      const fixes: Fix[] = job ? [{ title: `Add the job \`${job.id}\` running ${check === 'clippy' ? 'clippy -D warnings' : check === 'test' ? 'tests' : `cargo ${check}`}${setup ? ` (with ${setup})` : ''}`, preferred: true, edits: [job.edit] }] : [];
      const where = main.system === 'github' ? 'CI workflow' : 'CI pipeline';
      // Without a deny.toml there is no policy for CI to enforce: that gap is `deny-config-missing`'s finding on Cargo.toml.
      if (check === 'deny' && !hasDenyConfig(ctx.ws)) {
        ctx.report(main.path, main.anchor, `No ${where} runs ${info.label}, and there is no deny.toml policy for it to enforce (deny-config-missing). Add the policy first, then a step running it.`, {
          fixes, tier: 'hygiene', related: root ? [{ path: root, range: firstLine(ctx.ws, root), message: 'no deny.toml: deny-config-missing' }] : [],
        });
        continue;
      }
      ctx.report(main.path, main.anchor, `No ${where} runs ${info.label}: ${info.why}. Add a step or job running it.`, { fixes });
    }
  },
});
