import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import { ciWorkflow } from '../shared/templates';
import { firstLine } from '../shared/workspaceFiles';
import { hasCiPipeline } from '../shared/ciFiles';
import { buildNeeds, describeNeeds } from '../shared/buildNeeds';

const CI_WORKFLOW_PATH = '.github/workflows/ci.yml';

export const rule = defineWorkspaceRule<never>({
  meta: {
    id: 'ci-workflow-missing',
    title: 'No CI workflow',
    priority: 'P0',
    area: 'Supply chain',
    nonTest: false,
    action: 'Add a CI workflow running tests, clippy, fmt, cargo audit and cargo deny',
    docs: {
      lang: 'yaml',
      what: 'Reports a Cargo workspace with no CI configuration: no `.github/workflows/*.yml` (or Gitea/Forgejo workflows), no `.gitlab-ci.yml`, no Woodpecker pipeline (`.woodpecker.yml`, `.woodpecker/*.yml`), no `.drone.yml`, nor another CI system\'s file (CircleCI, Travis, Azure Pipelines, Bitbucket, Jenkins, Buildkite, CodeBuild, Cirrus, sourcehut, Semaphore, AppVeyor, Cloud Build). Reported on the first line of the root `Cargo.toml`.',
      notes: 'The list of CI files is the one every rule shares (`rules/shared/ciFiles.ts`).',
      why: 'Without CI nothing stops a change that does not compile, fails its tests, adds clippy warnings or pulls a dependency with a known vulnerability from reaching the main branch and the next release.',
      example: '# Cargo.toml exists, .github/workflows/ does not',
      // The docs show exactly the file the fix creates.
      useInstead: '# .github/workflows/ci.yml\n' + ciWorkflow(),
      fixSafety: 'The fix creates `.github/workflows/ci.yml` (GitHub Actions) with one job per check: `cargo fmt --all --check`, `cargo clippy --workspace --all-targets -- -D warnings`, `cargo test --workspace`, `cargo audit` and `cargo deny check`, as plain `run:` steps after `actions/checkout@v4` (no third-party action to pin). The jobs are set up for what the workspace needs to build (`rules/shared/buildNeeds.ts`): the checkout fetches submodules (`submodules: recursive`) when `.gitmodules` exists; the building jobs (test, clippy) install with apt `protobuf-compiler` when a workspace crate\'s build script runs `prost-build`/`tonic-build` (no vendored protoc) and `pkg-config libssl-dev` when Cargo.lock has `openssl-sys` without `openssl-src` (not `vendored`); every job runs `rustup toolchain install` (rustup 1.28+: the toolchain, components and targets the file pins) when `rust-toolchain.toml` or `rust-toolchain` exists. It never overwrites a file. Preferred: it adds a file and changes no code, but the first run may fail until existing warnings are fixed.',
    },
  },
  check(ctx) {
    const root = ctx.ws.cargo.rootManifest;
    if (!root) return;
    if (hasCiPipeline(ctx.ws)) return;
    ctx.report(root, firstLine(ctx.ws, root),
      'This Cargo workspace has no CI workflow (.github/workflows/*.yml, .gitlab-ci.yml, .woodpecker.yml, …): broken builds, failing tests, clippy warnings and vulnerable dependencies reach main unchecked. Add a workflow running test, clippy, fmt, cargo audit and cargo deny.',
      { fixes: () => {
        const needs = buildNeeds(ctx.ws);
        const setup = describeNeeds(needs);
        return [{ title: `Create ${CI_WORKFLOW_PATH} (test, clippy, fmt, audit, deny${setup ? `; with ${setup}` : ''})`, preferred: true, edits: [], creates: [{ path: CI_WORKFLOW_PATH, content: ciWorkflow(needs) }] }];
      } });
  },
});
