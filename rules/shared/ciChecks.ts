/**
 * What the CI pipelines of a workspace check (tests, clippy with -D warnings, fmt, an advisory audit,
 * cargo-deny) and how a missing check's job is added, read from every CI system's files: the reading
 * `ci-missing-check` reports on and `deny-config-missing` asks (does CI already scan advisories?).
 */
import type { YamlDocumentFile } from '../../server/src/core/parsers/document';
import type { FileTextEdit, Range } from '../../server/src/core/engine/types';
import { isMap, mapEntries, mapEntry, mapGet, scalarString, seqItems, yamlRange, type Scalar, type YamlDocument, type YNode } from '../../server/src/core/parsers/yaml';
import { CI_CHECK_STEPS, ciJobSteps } from './templates';
import { buildNeeds } from './buildNeeds';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import { appendToMap, block, layoutOf, parseActionRef, seqBlock } from './yamlKinds';
import { ciSteps, ciSystemOf, isCiFile, type CiStep, type CiSystem } from './ciFiles';

export type Check = 'test' | 'clippy' | 'fmt' | 'audit' | 'deny';
export const CHECKS: readonly Check[] = ['test', 'clippy', 'fmt', 'audit', 'deny'];

export const CHECK_INFO: Record<Check, { label: string; why: string; job: string; name: string }> = {
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

export function workflowFacts(file: YamlDocumentFile, ws: WorkspaceFacts): WorkflowFacts | undefined {
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
