import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import type { YamlDocumentFile } from '../../server/src/core/parsers/document';
import type { FileTextEdit, Fix, Range } from '../../server/src/core/engine/types';
import { isMap, mapEntries, mapEntry, mapGet, scalarString, seqItems, yamlRange, type Scalar, type YamlDocument, type YNode } from '../../server/src/core/parsers/yaml';
import { CI_CHECK_STEPS, ciJobSteps } from '../shared/templates';
import { buildNeeds, describeNeeds } from '../shared/buildNeeds';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import { firstLine } from '../shared/workspaceFiles';
import { appendToMap, block, isRustWorkspace, layoutOf, parseActionRef, seqBlock } from '../shared/yamlKinds';
import { ciSteps, ciSystemOf, isCiFile, isCiPipelineFile, type CiStep, type CiSystem } from '../shared/ciFiles';

export type Check = 'test' | 'clippy' | 'fmt' | 'audit' | 'deny';
const CHECKS: readonly Check[] = ['test', 'clippy', 'fmt', 'audit', 'deny'];

const CHECK_INFO: Record<Check, { label: string; why: string; job: string; name: string }> = {
  test: { label: 'tests (`cargo test`)', why: 'a change that breaks behaviour merges unnoticed', ...jobOf('test') },
  clippy: { label: 'clippy with `-D warnings`', why: 'lints (including correctness lints) scroll by as warnings nobody reads', ...jobOf('clippy') },
  fmt: { label: 'a format check (`cargo fmt --check`)', why: 'formatting drifts and reviews fill with whitespace noise', ...jobOf('fmt') },
  audit: { label: 'a vulnerability audit (`cargo audit` or `rustsec/audit-check`)', why: 'dependencies with published RustSec advisories ship to production', ...jobOf('audit') },
  deny: { label: 'a dependency policy check (`cargo deny check`)', why: 'banned licences, duplicate versions and crates from unknown registries or git sources get in unreviewed', ...jobOf('deny') },
};

/** The job the fix adds: the same as in the workflow `ci-workflow-missing` creates. */
function jobOf(check: Check): { job: string; name: string } {
  return { job: check, name: CI_CHECK_STEPS[check].name };
}

const CARGO = String.raw`\bcargo(?:\s+\+\S+)?(?:\s+hack\b[^\n]*?)?\s+`;
const TEST_RE = new RegExp(`${CARGO}(?:test|nextest|llvm-cov|tarpaulin|careful\\s+test|miri\\s+test|insta\\s+test)\\b|\\bcross\\s+test\\b`);
const CLIPPY_RE = new RegExp(`${CARGO}clippy\\b`);
const DENY_WARNINGS_RE = /(?:^|\s)(?:-D\s*warnings|--deny[=\s]+warnings)\b/;
const FMT_RE = new RegExp(`${CARGO}fmt\\b.*--check\\b|\\brustfmt\\b.*--check\\b`);
const AUDIT_RE = /\bcargo\s+audit\b/;
const DENY_RE = /\bcargo(?:\s+\+\S+)?\s+deny\b(.*)$/;
const RUNS_CARGO_RE = /\bcargo\s|\bcross\s/;
/** Vulnerability scanners that read Cargo.lock: `trivy fs|repo|rootfs` (not `trivy image`), osv-scanner (not over an image), `grype dir:`. */
const TRIVY_RE = /\btrivy\b(?:\s+--?\S+)*\s+(?:fs|filesystem|repo|repository|rootfs)\b|\btrivy\b.*\bCargo\.lock\b/;
const OSV_RE = /\bosv-scanner\b/;
const OSV_IMAGE_RE = /--docker\b|--image\b|\bscan\s+image\b/;
const GRYPE_RE = /\bgrype\s+(?:\S+\s+)*?(?:dir:|\.(?:\s|$)|\S*Cargo\.lock\b)/;

/** What one command (a line of a `run:`, or what a known action runs) does. */
/** `cargo clippy --version`, `cargo fmt -V`, `cargo audit --help`: a tool's version or help, which checks nothing. */
const INFO_ONLY_RE = /\s(?:--version|-V|--help|-h)(?:\s|$)/;

export function checksOfCommand(command: string): Set<Check> {
  const c = command.replace(/\s+/g, ' ');
  if (INFO_ONLY_RE.test(`${c} `)) return new Set();
  const out = new Set<Check>();
  if (TEST_RE.test(c)) out.add('test');
  if (CLIPPY_RE.test(c) && DENY_WARNINGS_RE.test(c.slice(c.search(/\bclippy\b/)))) out.add('clippy');
  if (FMT_RE.test(c)) out.add('fmt');
  if (AUDIT_RE.test(c)) out.add('audit');
  if (TRIVY_RE.test(c) || (OSV_RE.test(c) && !OSV_IMAGE_RE.test(c)) || GRYPE_RE.test(c)) out.add('audit');
  const deny = DENY_RE.exec(c);
  if (deny && /\bcheck\b/.test(deny[1])) {
    out.add('deny');
    // `cargo deny check` with no list, or a list naming advisories, is also a vulnerability audit.
    const after = deny[1].slice(deny[1].search(/\bcheck\b/) + 5).split(' ').filter((w) => w && !w.startsWith('-'));
    if (after.length === 0 || after.includes('advisories')) out.add('audit');
  }
  return out;
}

/** A task runner invocation (`just test`, `make lint fmt-check`, `cargo make ci`, `cargo xtask fmt`, `nix develop -c just clippy-deny`) and its recipe names. */
const TASK_RUNNER_RE = /^(?:nix\s+develop\s+(?:[^-\s]\S*\s+)?(?:--command|-c)\s+|(?:sudo\s+)?(?:[A-Z_][A-Z0-9_]*=\S*\s+)+)?(?:just|make|task|mise\s+run|cargo\s+make|cargo\s+xtask|cargo\s+x)\s+((?:[\w:.=-]+\s*)+)/;
/** Recipe names that say which check they run, by whole words: `fmt-check`, `clippy-deny`, `test-docker`, `lint`. */
const RECIPE_CHECKS: readonly [RegExp, Check][] = [
  [/(?:^|[-_:.])(?:test|tests|nextest|coverage|cov)(?:$|[-_:.])/, 'test'],
  [/(?:^|[-_:.])(?:clippy|lint|lints)(?:$|[-_:.])/, 'clippy'],
  [/(?:^|[-_:.])(?:fmt|format|rustfmt)(?:$|[-_:.])/, 'fmt'],
  [/(?:^|[-_:.])audit(?:$|[-_:.])/, 'audit'],
  [/(?:^|[-_:.])deny(?:$|[-_:.])/, 'deny'],
];
/** Recipes that run an unknown set of checks (`just ci`, `make all`): what they run cannot be read here. */
const OPAQUE_RECIPE = /^(?:ci|all|check-all|checks|verify|validate|pre-?commit|pre-?push|default)$/;

/**
 * The checks a task-runner command runs, read from its recipe names (the justfile or Makefile itself is not read),
 * or `opaque` when a recipe's name does not say (`just ci`).
 */
export function checksOfTaskRunner(command: string): { checks: Set<Check>; opaque: boolean } | undefined {
  const m = TASK_RUNNER_RE.exec(command.replace(/\s+/g, ' ').trim());
  if (!m) return undefined;
  const recipes = m[1].trim().split(' ').filter((r) => r && !r.startsWith('-') && !r.includes('='));
  const checks = new Set<Check>();
  let opaque = false;
  for (const r of recipes) {
    const lower = r.toLowerCase();
    // A clippy recipe named for denying warnings (`clippy-deny`) is clippy with -D warnings, not cargo-deny.
    const found = RECIPE_CHECKS.filter(([re, c]) => re.test(lower) && !(c === 'deny' && /clippy|lint/.test(lower))).map(([, c]) => c);
    for (const c of found) checks.add(c);
    if (!found.length && OPAQUE_RECIPE.test(lower)) opaque = true;
  }
  return { checks, opaque };
}

/** Splits a `run:` script into commands (continuations joined; `&&`, `||`, `;`, newlines split). */
export function commandsOfScript(script: string): string[] {
  return script.replace(/\\\r?\n/g, ' ')
    // `${{ env.CARGO }} test` / `$CARGO test` (cargo or cross picked per matrix entry) run cargo.
    .replace(/\$\{\{\s*(?:env|matrix)\.cargo\s*\}\}|\$\{?CARGO\}?(?![A-Za-z0-9_])/gi, 'cargo')
    .split(/\r?\n|&&|\|\||;/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The command a known action step runs, in `cargo …` form. */
function commandOfAction(doc: YamlDocument, step: CiStep): string | undefined {
  const ref = step.uses && typeof step.uses.value === 'string' ? parseActionRef(step.uses.value) : undefined;
  if (!ref) return undefined;
  const w = (k: string) => scalarString(doc, mapGet(doc, step.inputs, k)) ?? '';
  switch (ref.repo) {
    case 'actions-rs/cargo': return `cargo ${w('command')} ${w('args')}`;
    case 'actions-rs/clippy-check': case 'clechasseur/rs-clippy-check': return `cargo clippy ${w('args')}`;
    case 'giraffate/clippy-action': return `cargo clippy ${w('clippy_flags')}`;
    case 'actions-rust-lang/rustfmt': return 'cargo fmt --check';
    case 'rustsec/audit-check': case 'actions-rust-lang/audit': case 'actions-rs/audit-check': return 'cargo audit';
    case 'embarkstudios/cargo-deny-action': return `cargo deny ${w('arguments')} ${w('command') || 'check'}`;
    // Scanners over the lockfile: trivy-action scans an image unless told `scan-type: fs|repo|rootfs`.
    case 'aquasecurity/trivy-action': return `trivy ${w('scan-type') || 'image'} ${w('scan-ref')}`;
    case 'google/osv-scanner-action': return `osv-scanner ${w('scan-args')}`;
    case 'dtolnay/rust-toolchain': case 'actions-rust-lang/setup-rust-toolchain': case 'actions-rs/toolchain': return 'cargo ';
    default: return undefined;
  }
}

function envDeniesWarnings(doc: YamlDocument, env: YNode): boolean {
  const v = scalarString(doc, mapGet(doc, env, 'RUSTFLAGS'));
  return !!v && (DENY_WARNINGS_RE.test(` ${v}`) || /-Dwarnings/.test(v));
}

/** Where `cargo clippy` appears in a `run:` scalar's source, and the edit adding `-D warnings`. */
function clippyLocation(file: YamlDocumentFile, run: Scalar): { range: Range; edit?: { range: Range; newText: string } } | undefined {
  if (!run.range) return undefined;
  const start = run.range[0];
  const src = file.text.slice(start, run.range[1]);
  const m = /\bcargo\b[^\n&;|#"']*?\bclippy\b[^\n&;|#"']*/.exec(src);
  if (!m) return undefined;
  const text = m[0].replace(/\s+$/, '');
  const from = start + m.index;
  const range = file.index.range(from + text.indexOf('clippy'), from + text.indexOf('clippy') + 6);
  if (text.endsWith('\\') || run.type === 'BLOCK_FOLDED') return { range };
  const dashes = / --(?=\s|$)/.exec(text);
  const at = dashes ? from + dashes.index + 3 : from + text.length;
  const pos = file.index.positionAt(at);
  return { range, edit: { range: { start: pos, end: pos }, newText: dashes ? ' -D warnings' : ' -- -D warnings' } };
}

export interface WorkflowFacts {
  path: string;
  system: CiSystem;
  runsCargo: boolean;
  checks: Check[];
  /** A `cargo clippy` run without `-D warnings`, when the file has no clippy that denies warnings. */
  clippyWithoutDeny?: { range: Range; edit?: FileTextEdit };
  /** Where this file's missing-check findings go: `jobs:` (GitHub), `steps:` / `pipeline:` (Woodpecker, Drone), `stages:` or the first job (GitLab). */
  anchor?: Range;
  /** Jobs whose steps cannot be seen: a reusable workflow of another repository, a GitLab `include:` of a remote or project file. */
  callsRemoteWorkflow: boolean;
  /** GitLab `include: local:` paths, which are judged only when they are CI files read here. */
  localIncludes: string[];
  /** The job id and the edit adding a job running each check (GitHub workflows). */
  addJob: Partial<Record<Check, { id: string; edit: FileTextEdit }>>;
}

/** Reusable workflows known to run a check (an OSV scan of the lockfile is an audit). */
function checksOfReusableWorkflow(uses: string): Check[] {
  return /^google\/osv-scanner-action\/\.github\/workflows\/osv-scanner-reusable(-pr)?\.ya?ml@/i.test(uses) ? ['audit'] : [];
}

function workflowFacts(file: YamlDocumentFile, ws: WorkspaceFacts): WorkflowFacts | undefined {
  const system = ciSystemOf(file.path);
  // Composite actions (`action.yml`, used as `uses: ./.github/actions/…`) can run the checks too.
  if (!system || file.yaml.documents.length === 0) return undefined;
  const doc = file.yaml.documents[0];
  const checks = new Set<Check>();
  let runsCargo = false;
  let clippyWithoutDeny: WorkflowFacts['clippyWithoutDeny'];
  let callsRemoteWorkflow = false;
  for (const step of ciSteps(file)) {
    const jobDeny = step.envs.some((e) => envDeniesWarnings(step.doc, e));
    if (step.jobCall && step.uses) {
      const uses = String(step.uses.value);
      const known = checksOfReusableWorkflow(uses);
      for (const c of known) checks.add(c);
      if (!known.length && !uses.startsWith('./')) callsRemoteWorkflow = true;
      continue;
    }
    const commands: { cmd: string; script?: Scalar }[] = [];
    for (const script of step.scripts) for (const cmd of commandsOfScript(String(script.value))) commands.push({ cmd, script });
    const fromAction = commandOfAction(step.doc, step);
    if (fromAction) commands.push({ cmd: fromAction });
    for (const { cmd, script } of commands) {
      if (RUNS_CARGO_RE.test(cmd)) runsCargo = true;
      const runner = checksOfTaskRunner(cmd);
      if (runner) {
        // A Rust repository's task runner builds with cargo; its recipes name the checks (or cannot be read).
        runsCargo = true;
        for (const c of runner.checks) checks.add(c);
        if (runner.opaque) callsRemoteWorkflow = true;
      }
      const found = checksOfCommand(cmd);
      for (const c of found) checks.add(c);
      if (!found.has('clippy') && CLIPPY_RE.test(cmd.replace(/\s+/g, ' ')) && !INFO_ONLY_RE.test(`${cmd.replace(/\s+/g, ' ')} `)) {
        if (jobDeny) checks.add('clippy');
        else if (!clippyWithoutDeny) {
          const loc = script ? clippyLocation(file, script) : undefined;
          const range = loc?.range ?? yamlRange(file.index, step.uses ?? script ?? step.node)!;
          clippyWithoutDeny = { range, edit: loc?.edit ? { path: file.path, ...loc.edit } : undefined };
        }
      }
    }
  }
  const localIncludes: string[] = [];
  if (system === 'gitlab') {
    for (const d of file.yaml.documents) {
      const inc = mapGet(d, d.contents, 'include');
      const items = inc === undefined ? [] : seqItems(d, inc).length ? seqItems(d, inc) : [inc];
      for (const i of items) {
        const local = scalarString(d, i) ?? scalarString(d, mapGet(d, i, 'local'));
        // A bare string is a local path unless it is a URL; `remote:`, `project:`, `template:`, `component:` are not here.
        if (local && !/^https?:/.test(local) && (isMap(i) ? mapGet(d, i, 'local') !== undefined : true)) localIncludes.push(local.replace(/^\//, ''));
        else callsRemoteWorkflow = true;
      }
    }
  }
  const jobs = system === 'github' ? mapEntry(doc, doc.contents, 'jobs') : undefined;
  const addJob: WorkflowFacts['addJob'] = {};
  if (jobs) {
    const layout = layoutOf(file);
    const jobEntries = mapEntries(doc, jobs.value).filter((e) => !e.merged);
    const ids = new Set(jobEntries.map((e) => e.key));
    // Jobs separated by a blank line get one before the new job too.
    const second = jobEntries[1]?.keyNode.range;
    const spaced = !!second && file.index.lineText(file.index.positionAt(second[0]).line - 1).trim() === '';
    for (const check of CHECKS) {
      const info = CHECK_INFO[check];
      let id = info.job;
      for (let i = 2; ids.has(id); i++) id = `${info.job}-${i}`;
      const steps = ciJobSteps(check, buildNeeds(ws), layout.unit);
      const lines = [...(spaced ? [''] : []), ...block(id, [`name: ${info.name}`, 'runs-on: ubuntu-latest', ...seqBlock('steps', steps, layout)], layout.unit)];
      const edit = appendToMap(file, jobs.value, lines);
      if (edit) addJob[check] = { id, edit: { path: file.path, ...edit } };
    }
  }
  return {
    path: file.path,
    system,
    runsCargo,
    callsRemoteWorkflow,
    localIncludes,
    checks: [...checks],
    clippyWithoutDeny: checks.has('clippy') ? undefined : clippyWithoutDeny,
    anchor: anchorOf(file, system),
    addJob,
  };
}

function anchorOf(file: YamlDocumentFile, system: CiSystem): Range | undefined {
  for (const doc of file.yaml.documents) {
    const keys = system === 'github' ? ['jobs'] : system === 'gitlab' ? ['stages'] : system === 'github-action' ? []
      : system === 'other' ? ['jobs', 'workflows', 'pipelines', 'steps', 'stages', 'script'] : ['steps', 'pipeline'];
    for (const k of keys) {
      const e = mapEntry(doc, doc.contents, k);
      if (e) return yamlRange(file.index, e.keyNode);
    }
    if (system === 'gitlab') {
      const job = mapEntries(doc, doc.contents).find((e) => !e.merged && isMap(e.value) && !e.key.startsWith('.') && !['default', 'workflow', 'variables', 'include', 'cache', 'services', 'image'].includes(e.key));
      if (job) return yamlRange(file.index, job.keyNode);
    }
  }
  return undefined;
}

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

/** The checks some CI pipeline of the workspace runs (read from every CI file, as this rule reads them). */
export function checksRunInCi(ws: WorkspaceFacts): Set<Check> {
  const out = new Set<Check>();
  for (const f of ws.files) {
    if (!isCiFile(f)) continue;
    const doc = ws.document(f);
    if (doc?.kind !== 'yaml') continue;
    for (const c of workflowFacts(doc, ws)?.checks ?? []) out.add(c);
  }
  return out;
}
