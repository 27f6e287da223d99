import { defineWorkspaceRule } from '../../server/src/engine/rule';
import type { YamlDocumentFile } from '../../server/src/parsers/document';
import type { FileTextEdit, Fix, Range } from '../../server/src/engine/types';
import { mapEntries, mapEntry, mapGet, scalarString, yamlRange, type Scalar, type YamlDocument, type YNode } from '../../server/src/parsers/yaml';
import { CI_CHECK_STEPS } from '../shared/templates';
import { appendToMap, block, isActionPath, isRustWorkspace, isWorkflowPath, layoutOf, parseActionRef, seqBlock, workflowSteps, type WorkflowStep } from '../shared/yamlKinds';

export type Check = 'test' | 'clippy' | 'fmt' | 'audit' | 'deny';
const CHECKS: readonly Check[] = ['test', 'clippy', 'fmt', 'audit', 'deny'];

const CHECK_INFO: Record<Check, { label: string; why: string; job: string; name: string; steps: string[] }> = {
  test: { label: 'tests (`cargo test`)', why: 'a change that breaks behaviour merges unnoticed', ...jobOf('test') },
  clippy: { label: 'clippy with `-D warnings`', why: 'lints (including correctness lints) scroll by as warnings nobody reads', ...jobOf('clippy') },
  fmt: { label: 'a format check (`cargo fmt --check`)', why: 'formatting drifts and reviews fill with whitespace noise', ...jobOf('fmt') },
  audit: { label: 'a vulnerability audit (`cargo audit` or `rustsec/audit-check`)', why: 'dependencies with published RustSec advisories ship to production', ...jobOf('audit') },
  deny: { label: 'a dependency policy check (`cargo deny check`)', why: 'banned licences, duplicate versions and crates from unknown registries or git sources get in unreviewed', ...jobOf('deny') },
};

/** The job the fix adds: the same commands as the workflow `ci-workflow-missing` creates. */
function jobOf(check: Check): { job: string; name: string; steps: string[] } {
  const { name, run } = CI_CHECK_STEPS[check];
  return { job: check, name, steps: run.map((r) => `run: ${r}`) };
}

const CARGO = String.raw`\bcargo(?:\s+\+\S+)?(?:\s+hack\b[^\n]*?)?\s+`;
const TEST_RE = new RegExp(`${CARGO}(?:test|nextest|llvm-cov|tarpaulin|careful\\s+test|miri\\s+test)\\b|\\bcross\\s+test\\b`);
const CLIPPY_RE = new RegExp(`${CARGO}clippy\\b`);
const DENY_WARNINGS_RE = /(?:^|\s)(?:-D\s*warnings|--deny[=\s]+warnings)\b/;
const FMT_RE = new RegExp(`${CARGO}fmt\\b.*--check\\b|\\brustfmt\\b.*--check\\b`);
const AUDIT_RE = /\bcargo\s+audit\b/;
const DENY_RE = /\bcargo(?:\s+\+\S+)?\s+deny\b(.*)$/;
const RUNS_CARGO_RE = /\bcargo\s|\bcross\s/;

/** What one command (a line of a `run:`, or what a known action runs) does. */
export function checksOfCommand(command: string): Set<Check> {
  const c = command.replace(/\s+/g, ' ');
  const out = new Set<Check>();
  if (TEST_RE.test(c)) out.add('test');
  if (CLIPPY_RE.test(c) && DENY_WARNINGS_RE.test(c.slice(c.search(/\bclippy\b/)))) out.add('clippy');
  if (FMT_RE.test(c)) out.add('fmt');
  if (AUDIT_RE.test(c)) out.add('audit');
  const deny = DENY_RE.exec(c);
  if (deny && /\bcheck\b/.test(deny[1])) {
    out.add('deny');
    // `cargo deny check` with no list, or a list naming advisories, is also a vulnerability audit.
    const after = deny[1].slice(deny[1].search(/\bcheck\b/) + 5).split(' ').filter((w) => w && !w.startsWith('-'));
    if (after.length === 0 || after.includes('advisories')) out.add('audit');
  }
  return out;
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
function commandOfAction(doc: YamlDocument, step: WorkflowStep): string | undefined {
  const ref = step.uses && typeof step.uses.value === 'string' ? parseActionRef(step.uses.value) : undefined;
  if (!ref) return undefined;
  const w = (k: string) => scalarString(doc, mapGet(doc, step.with, k)) ?? '';
  switch (ref.repo) {
    case 'actions-rs/cargo': return `cargo ${w('command')} ${w('args')}`;
    case 'actions-rs/clippy-check': case 'clechasseur/rs-clippy-check': return `cargo clippy ${w('args')}`;
    case 'giraffate/clippy-action': return `cargo clippy ${w('clippy_flags')}`;
    case 'actions-rust-lang/rustfmt': return 'cargo fmt --check';
    case 'rustsec/audit-check': case 'actions-rust-lang/audit': case 'actions-rs/audit-check': return 'cargo audit';
    case 'embarkstudios/cargo-deny-action': return `cargo deny ${w('arguments')} ${w('command') || 'check'}`;
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
  runsCargo: boolean;
  checks: Check[];
  /** A `cargo clippy` run without `-D warnings`, when the workflow has no clippy that denies warnings. */
  clippyWithoutDeny?: { range: Range; edit?: FileTextEdit };
  jobsKey?: Range;
  /** A job calls a reusable workflow of another repository, whose checks cannot be seen. */
  callsRemoteWorkflow: boolean;
  /** The job id and the edit adding a job running each check. */
  addJob: Partial<Record<Check, { id: string; edit: FileTextEdit }>>;
}

function workflowFacts(file: YamlDocumentFile): WorkflowFacts | undefined {
  // Composite actions (`action.yml`, used as `uses: ./.github/actions/…`) can run the checks too.
  if ((!isWorkflowPath(file.path) && !isActionPath(file.path)) || file.yaml.documents.length === 0) return undefined;
  const doc = file.yaml.documents[0];
  const checks = new Set<Check>();
  let runsCargo = false;
  let clippyWithoutDeny: WorkflowFacts['clippyWithoutDeny'];
  const workflowDeny = envDeniesWarnings(doc, mapGet(doc, doc.contents, 'env'));
  for (const step of workflowSteps(file)) {
    const jobDeny = workflowDeny || envDeniesWarnings(doc, jobEnv(doc, step.job)) || envDeniesWarnings(doc, step.env);
    const commands: string[] = [];
    const run = step.run && typeof step.run.value === 'string' ? step.run : undefined;
    if (run) commands.push(...commandsOfScript(run.value as string));
    const fromAction = commandOfAction(doc, step);
    if (fromAction) commands.push(fromAction);
    for (const cmd of commands) {
      if (RUNS_CARGO_RE.test(cmd)) runsCargo = true;
      const found = checksOfCommand(cmd);
      for (const c of found) checks.add(c);
      if (!found.has('clippy') && CLIPPY_RE.test(cmd.replace(/\s+/g, ' '))) {
        if (jobDeny) checks.add('clippy');
        else if (!clippyWithoutDeny) {
          const loc = run ? clippyLocation(file, run) : undefined;
          const range = loc?.range ?? yamlRange(file.index, step.uses ?? step.run)!;
          clippyWithoutDeny = { range, edit: loc?.edit ? { path: file.path, ...loc.edit } : undefined };
        }
      }
    }
  }
  const jobs = mapEntry(doc, doc.contents, 'jobs');
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
      const steps = [['uses: actions/checkout@v4'], ...info.steps.map((s) => [s])];
      const lines = [...(spaced ? [''] : []), ...block(id, [`name: ${info.name}`, 'runs-on: ubuntu-latest', ...seqBlock('steps', steps, layout)], layout.unit)];
      const edit = appendToMap(file, jobs.value, lines);
      if (edit) addJob[check] = { id, edit: { path: file.path, ...edit } };
    }
  }
  const callsRemoteWorkflow = mapEntries(doc, jobs?.value).some((j) => {
    const uses = scalarString(doc, mapGet(doc, j.value, 'uses'));
    return !!uses && !uses.startsWith('./');
  });
  return {
    path: file.path,
    runsCargo,
    callsRemoteWorkflow,
    checks: [...checks],
    clippyWithoutDeny: checks.has('clippy') ? undefined : clippyWithoutDeny,
    jobsKey: jobs ? yamlRange(file.index, jobs.keyNode) : undefined,
    addJob,
  };
}

function jobEnv(doc: YamlDocument, job: string): YNode {
  const j = mapGet(doc, mapGet(doc, doc.contents, 'jobs'), job);
  return mapGet(doc, j, 'env');
}

/** The workflow that reports missing checks: the Rust workflow doing the most checks, `ci.yml`-like names first. */
function primary(workflows: readonly WorkflowFacts[]): WorkflowFacts | undefined {
  const score = (w: WorkflowFacts) => w.checks.length * 10 + (/(^|\/)(ci|rust|check|test|build)[^/]*$/i.test(w.path) ? 1 : 0);
  return [...workflows].sort((a, b) => score(b) - score(a) || a.path.localeCompare(b.path))[0];
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
      what: 'In a Rust repository, looks at every GitHub Actions workflow that runs cargo and reports each of these checks that no workflow runs: tests (`cargo test`, `nextest`, `llvm-cov`, `tarpaulin`), clippy with `-D warnings` (in the command or `RUSTFLAGS`), `cargo fmt --check`, a vulnerability audit (`cargo audit`, `rustsec/audit-check`, `actions-rust-lang/audit`, or `cargo deny check` covering advisories) and `cargo deny check` (or `EmbarkStudios/cargo-deny-action`). Multi-line `run: |` scripts, `actions-rs/cargo` steps, tools installed with `taiki-e/install-action` and steps of the repository\'s own composite actions (`action.yml`) are understood. One diagnostic per missing check, on the `jobs:` key of the main Rust workflow (the one running the most checks); a clippy that runs without `-D warnings` is reported on that `clippy` command instead.',
      why: 'A check that is not in CI does not happen: tests rot, clippy warnings pile up until nobody reads them, and a crate with a published RustSec advisory (or a GPL licence, or a git dependency from a fork) reaches production without anyone being told. CI is the one place every change passes through.',
      example: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test --all-features\n      - run: cargo clippy',
      useInstead: 'jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test --all-features\n      - run: cargo clippy --all-targets -- -D warnings\n      - run: cargo fmt --all -- --check\n  audit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo install cargo-audit --locked\n      - run: cargo audit\n  deny:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo install cargo-deny --locked\n      - run: cargo deny check',
      fixSafety: 'A missing check gets a fix adding a job at the end of `jobs:` (checkout, then plain `run:` steps with the toolchain preinstalled on GitHub\'s Ubuntu runners, so no third-party action is introduced), in the file\'s indentation and sequence style. A clippy run without `-D warnings` gets `-- -D warnings` appended (after an existing `--`). Both keep the workflow valid and are applied by fix-all; the new jobs may of course fail until the code passes them.',
      notes: 'Workspaces calling a reusable workflow of another repository (`jobs.<id>.uses: org/ci/.github/workflows/rust.yml@…`) are not judged: its steps cannot be seen. Checks run through `cargo-make`, `just`, `make`, `xtask` or scripts are not seen (out of scope): suppress with `# readiness-ignore-next-line ci-missing-check -- runs in justfile` above `jobs:`. Only GitHub Actions workflows are read. Installing cargo-audit/cargo-deny from source takes a few minutes; switch to a pinned `taiki-e/install-action` if that matters.',
    },
  },
  collect(doc) {
    return doc.kind === 'yaml' ? workflowFacts(doc) : undefined;
  },
  check(ctx) {
    if (!isRustWorkspace(ctx.ws)) return;
    const all = [...ctx.collected.values()];
    // Checks may live in a reusable workflow of another repository: nothing can be said.
    if (all.some((w) => w.callsRemoteWorkflow)) return;
    const rust = all.filter((w) => w.runsCargo && isWorkflowPath(w.path));
    const main = primary(rust);
    if (!main?.jobsKey) return;
    const present = new Set(all.flatMap((w) => w.checks));
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
      const fixes: Fix[] = job ? [{ title: `Add the job \`${job.id}\` running ${check === 'clippy' ? 'clippy -D warnings' : check === 'test' ? 'tests' : `cargo ${check}`}`, preferred: true, edits: [job.edit] }] : [];
      ctx.report(main.path, main.jobsKey, `No CI workflow runs ${info.label}: ${info.why}. Add a step or job running it.`, { fixes });
    }
  },
});
