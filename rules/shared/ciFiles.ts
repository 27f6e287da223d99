/**
 * The one list of CI configuration files, used by every rule that asks "is this CI?", and a walk
 * of the steps of the CI systems the rules read: GitHub Actions (and Gitea/Forgejo Actions, same
 * syntax) workflows and composite actions, Woodpecker, Drone and GitLab CI.
 *
 * - `isCiFile(path)`: any CI configuration file (pipelines, composite actions). Secret and
 *   credential rules treat these as CI: a literal password for a CI service database is a
 *   throw-away value, not a production secret.
 * - `hasCiPipeline(ws)`: the workspace has a CI pipeline (any system; composite actions alone do not count).
 * - `ciSteps(file)`: every step of a pipeline file, with the shell scripts it runs, the action or
 *   image it runs, and the secrets it receives or has in reach.
 */
import type { YamlDocumentFile } from '../../server/src/core/parsers/document';
import {
  isMap, isScalar, isSeq, mapEntries, mapEntry, mapGet, scalarString, seqItems,
  type Scalar, type YamlDocument, type YNode, type YAMLMap,
} from '../../server/src/core/parsers/yaml';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import type { Fix } from '../../server/src/core/engine/types';
import { isSecretName } from './secretNames';

export type CiSystem = 'github' | 'github-action' | 'woodpecker' | 'drone' | 'gitlab' | 'other';

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Which CI system a path configures, by path alone. */
export function ciSystemOf(path: string): CiSystem | undefined {
  if (/(^|\/)\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i.test(path)) return 'github';
  const base = baseName(path);
  if (/^action\.ya?ml$/i.test(base)) return 'github-action';
  if (/(^|\/)\.woodpecker\.ya?ml$/i.test(path) || /(^|\/)\.woodpecker\/[^/]+\.ya?ml$/i.test(path)) return 'woodpecker';
  if (/(^|\/)\.drone\.ya?ml$/i.test(path)) return 'drone';
  // `.gitlab-ci.yml`, included fragments named `*.gitlab-ci.yml` or kept under `.gitlab/ci/`.
  if (/(^|\.)gitlab-ci\.ya?ml$/i.test(base) || /(^|\/)\.gitlab\/ci\/.+\.ya?ml$/i.test(path)) return 'gitlab';
  if (OTHER_CI.some((re) => re.test(path))) return 'other';
  return undefined;
}

/** Other CI systems, known by their configuration files (not read step by step). */
const OTHER_CI: readonly RegExp[] = [
  /(^|\/)\.circleci\/config\.ya?ml$/i, /(^|\/)\.travis\.ya?ml$/i, /(^|\/)azure-pipelines\.ya?ml$/i, /(^|\/)\.azure-pipelines\/[^/]+\.ya?ml$/i,
  /(^|\/)bitbucket-pipelines\.ya?ml$/i, /(^|\/)Jenkinsfile$/, /(^|\/)\.buildkite\/[^/]*pipeline[^/]*\.ya?ml$/i, /(^|\/)buildspec\.ya?ml$/i,
  /(^|\/)\.cirrus\.ya?ml$/i, /(^|\/)\.builds\/[^/]+\.ya?ml$/i, /(^|\/)\.semaphore\/semaphore\.ya?ml$/i, /(^|\/)\.?appveyor\.ya?ml$/i,
  /(^|\/)cloudbuild\.ya?ml$/i,
];

/** Fixed-name CI files, checked on disk too (`ws.files` holds only analysable, not excluded, files). */
const FIXED_CI_FILES = [
  'Jenkinsfile', '.github/workflows/ci.yml', '.github/workflows/ci.yaml', '.gitlab-ci.yml', '.gitlab-ci.yaml', '.woodpecker.yml', '.woodpecker.yaml',
  '.drone.yml', '.circleci/config.yml', '.travis.yml', 'azure-pipelines.yml', 'bitbucket-pipelines.yml', '.buildkite/pipeline.yml', '.cirrus.yml',
];

/** Any CI configuration file: a pipeline of any system, or a composite action's `action.yml`. */
export function isCiFile(path: string): boolean {
  return ciSystemOf(path) !== undefined;
}

/** A CI pipeline file (composite actions excluded: they run only when a pipeline uses them). */
export function isCiPipelineFile(path: string): boolean {
  const s = ciSystemOf(path);
  return s !== undefined && s !== 'github-action';
}

/** Systems whose steps (actions, images, secrets) `ciSteps` reads; of the others it reads only the shell commands. */
export function isReadableCiFile(path: string): boolean {
  const s = ciSystemOf(path);
  return s !== undefined && s !== 'other';
}

/** True when the workspace has a CI pipeline of any system. */
export function hasCiPipeline(ws: WorkspaceFacts): boolean {
  return ws.files.some(isCiPipelineFile) || FIXED_CI_FILES.some((p) => ws.exists(p));
}

// ---------------------------------------------------------------------------------------------
// Steps

export interface CiStep {
  system: CiSystem;
  doc: YamlDocument;
  /** The GitHub job id, GitLab job name, or Woodpecker/Drone step name (`''` when none). */
  job: string;
  node: YAMLMap;
  /** The shell scripts the step runs: `run:`, `commands:` items, `script:` / `before_script:` / `after_script:` items. */
  scripts: Scalar[];
  /** A GitHub action, or (`jobCall`) a reusable workflow called by a whole job (`jobs.<id>.uses:`). */
  uses?: Scalar;
  jobCall?: boolean;
  /** The image the step runs (Woodpecker, Drone, GitLab; a GitLab job may inherit the file's default). */
  image?: Scalar;
  /** A Woodpecker/Drone plugin: an image run with `settings:` and no commands of its own. */
  plugin: boolean;
  /** `with:` (GitHub) or `settings:` (Woodpecker, Drone). */
  inputs: YNode;
  /** The env maps that apply, innermost first (step, job, file; GitLab `variables:`). */
  envs: YNode[];
  /** Secrets the step itself receives (as `secrets.X`, `from_secret: x`, `$X`, `id-token: write`). */
  secrets: string[];
  /** Secrets in reach of the step: its own, and on GitHub those of its job (other steps, job and workflow env, a write-scoped token). */
  reach: string[];
}

/** Tokens that can only upload reports (coverage, benchmarks): not worth stealing. */
const LOW_VALUE_SECRET = /^(CODECOV|COVERALLS|CODACY|CC_TEST_REPORTER|CODSPEED|CODECLIMATE)[_A-Z0-9]*$/i;
/** Token permissions that publish or deploy (`issues`, `checks`, `security-events` only annotate). */
const WRITE_SCOPES = new Set(['contents', 'packages', 'id-token', 'deployments', 'actions', 'pages']);

function nodeText(file: YamlDocumentFile, node: YNode): string {
  return node?.range ? file.text.slice(node.range[0], node.range[1]) : '';
}

function scalars(doc: YamlDocument, node: YNode): Scalar[] {
  if (isScalar(node)) return typeof node.value === 'string' ? [node] : [];
  return seqItems(doc, node).flatMap((i) => scalars(doc, i));
}

/** `secrets.X` / `secrets['X']` / `github.token` in a GitHub expression text. */
function githubSecretRefs(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*['"]([^'"]+)['"]\s*\])/g)) out.add(m[1] ?? m[2]);
  if (/\bgithub\s*\.\s*token\b/.test(text)) out.add('GITHUB_TOKEN');
  return [...out];
}

/** `permissions:` granting a publishing scope: `write-all`, or `contents: write`, `id-token: write`, … */
function writeScopes(doc: YamlDocument, perms: YNode): string[] {
  const s = scalarString(doc, perms);
  if (s === 'write-all') return ['write-all'];
  return mapEntries(doc, perms).filter((e) => WRITE_SCOPES.has(e.key) && scalarString(doc, e.value) === 'write').map((e) => e.key);
}

/** A workflow that runs on a release (a tag push or a `release` event): its token publishes. */
export function isReleaseWorkflow(doc: YamlDocument): boolean {
  const on = mapGet(doc, doc.contents, 'on');
  if (scalarString(doc, on) === 'release' || seqItems(doc, on).some((i) => scalarString(doc, i) === 'release')) return true;
  return mapEntry(doc, on, 'release') !== undefined || mapGet(doc, mapGet(doc, on, 'push'), 'tags') !== undefined;
}

function githubSteps(file: YamlDocumentFile, system: CiSystem): CiStep[] {
  const out: CiStep[] = [];
  for (const doc of file.yaml.documents) {
    const root = doc.contents;
    const fileEnv = mapGet(doc, root, 'env');
    const release = system === 'github' && isReleaseWorkflow(doc);
    const filePerms = mapGet(doc, root, 'permissions');
    const jobs: { id: string; node: YNode; steps: YNode }[] = system === 'github'
      ? mapEntries(doc, mapGet(doc, root, 'jobs')).map((j) => ({ id: j.key, node: j.value, steps: mapGet(doc, j.value, 'steps') }))
      : [{ id: '', node: undefined, steps: mapGet(doc, mapGet(doc, root, 'runs'), 'steps') }];
    for (const job of jobs) {
      if (neverRuns(doc, job.node)) continue;
      const jobEnv = mapGet(doc, job.node, 'env');
      const perms = mapEntry(doc, job.node, 'permissions') ? mapGet(doc, job.node, 'permissions') : filePerms;
      const scopes = writeScopes(doc, perms);
      const keep = (name: string) => !LOW_VALUE_SECRET.test(name) && (name !== 'GITHUB_TOKEN' || release || scopes.some((s) => s !== 'id-token'));
      const secretsOf = (text: string) => githubSecretRefs(text).filter(keep).map((n) => `secrets.${n}`);
      const envSecrets = [...secretsOf(nodeText(file, jobEnv)), ...secretsOf(nodeText(file, fileEnv))];
      const jobStart = out.length;
      for (const s of seqItems(doc, job.steps)) {
        if (!isMap(s) || neverRuns(doc, s)) continue;
        const uses = mapGet(doc, s, 'uses');
        const run = mapGet(doc, s, 'run');
        const env = mapGet(doc, s, 'env');
        out.push({
          system, doc, job: job.id, node: s, scripts: isScalar(run) && typeof run.value === 'string' ? [run] : [],
          uses: isScalar(uses) && typeof uses.value === 'string' ? uses : undefined, plugin: false,
          inputs: mapGet(doc, s, 'with'), envs: [env, jobEnv, fileEnv],
          secrets: [...new Set([...secretsOf(nodeText(file, s)), ...envSecrets])], reach: [],
        });
      }
      // A reusable workflow call: `secrets: inherit` hands it every secret.
      const callUses = mapGet(doc, job.node, 'uses');
      if (isScalar(callUses) && typeof callUses.value === 'string' && isMap(job.node)) {
        const passed = mapGet(doc, job.node, 'secrets');
        const secrets = scalarString(doc, passed) === 'inherit' ? ['every repository secret (`secrets: inherit`)'] : secretsOf(nodeText(file, passed));
        out.push({ system, doc, job: job.id, node: job.node, scripts: [], uses: callUses, jobCall: true, plugin: false, inputs: mapGet(doc, job.node, 'with'), envs: [], secrets, reach: [] });
      }
      const jobReach = new Set<string>(envSecrets);
      for (const st of out.slice(jobStart)) for (const x of st.secrets) jobReach.add(x);
      for (const sc of scopes) jobReach.add(sc === 'write-all' ? 'a `write-all` token' : `\`${sc}: write\``);
      for (const st of out.slice(jobStart)) st.reach = [...new Set([...st.secrets, ...jobReach])];
    }
  }
  return out;
}

/** Woodpecker and Drone: `steps:` (a list, or a map of name → step) or the old `pipeline:` map. */
function containerSteps(file: YamlDocumentFile, system: CiSystem): CiStep[] {
  const out: CiStep[] = [];
  for (const doc of file.yaml.documents) {
    const root = doc.contents;
    const steps = mapGet(doc, root, 'steps') ?? mapGet(doc, root, 'pipeline');
    const list: { name: string; node: YNode }[] = isSeq(steps)
      ? seqItems(doc, steps).map((s) => ({ name: scalarString(doc, mapGet(doc, s, 'name')) ?? '', node: s }))
      : mapEntries(doc, steps).map((e) => ({ name: e.key, node: e.value }));
    for (const { name, node } of list) {
      if (!isMap(node)) continue;
      const image = mapGet(doc, node, 'image');
      const commands = mapGet(doc, node, 'commands');
      const settings = mapGet(doc, node, 'settings');
      const env = mapGet(doc, node, 'environment');
      const secrets = new Set<string>();
      for (const m of nodeText(file, node).matchAll(/\bfrom_secret\s*:\s*['"]?([\w.-]+)/g)) secrets.add(`from_secret: ${m[1]}`);
      // Woodpecker < 2: `secrets: [docker_password, …]`.
      for (const s of seqItems(doc, mapGet(doc, node, 'secrets'))) {
        const n = scalarString(doc, s) ?? scalarString(doc, mapGet(doc, s, 'source'));
        if (n) secrets.add(`secret \`${n}\``);
      }
      const scripts = scalars(doc, commands);
      out.push({
        system, doc, job: name, node, scripts, image: isScalar(image) && typeof image.value === 'string' ? image : undefined,
        plugin: commands === undefined && image !== undefined, inputs: settings, envs: [env], secrets: [...secrets], reach: [...secrets],
      });
    }
  }
  return out;
}

const GITLAB_RESERVED = new Set(['image', 'services', 'stages', 'types', 'before_script', 'after_script', 'variables', 'cache', 'include', 'default', 'workflow', 'spec']);

/** GitLab CI: every top-level key that is a job (hidden `.template` jobs too: jobs `extends:` them). */
function gitlabSteps(file: YamlDocumentFile): CiStep[] {
  const out: CiStep[] = [];
  for (const doc of file.yaml.documents) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const dflt = mapGet(doc, root, 'default');
    const defaultImage = imageScalar(doc, mapGet(doc, dflt, 'image') ?? mapGet(doc, root, 'image'));
    const globalVars = mapGet(doc, root, 'variables');
    const literalVars = new Set<string>([...literalVariables(doc, globalVars)]);
    // Global `before_script` / `after_script` run in every job.
    const globalScripts = ['before_script', 'after_script'].flatMap((k) => [...scalars(doc, mapGet(doc, root, k)), ...scalars(doc, mapGet(doc, dflt, k))]);
    if (globalScripts.length) out.push({ system: 'gitlab', doc, job: '', node: root, scripts: globalScripts, plugin: false, inputs: undefined, envs: [globalVars], secrets: [], reach: [] });
    for (const e of mapEntries(doc, root)) {
      if (GITLAB_RESERVED.has(e.key) || !isMap(e.value)) continue;
      const job = e.value;
      const scripts = ['before_script', 'script', 'after_script'].flatMap((k) => scalars(doc, mapGet(doc, job, k)));
      const vars = mapGet(doc, job, 'variables');
      const local = new Set([...literalVars, ...literalVariables(doc, vars)]);
      const secrets = new Set<string>();
      for (const s of scripts) {
        for (const m of String(s.value).matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
          const n = m[1];
          if (!n.startsWith('CI_') && !local.has(n) && !LOW_VALUE_SECRET.test(n) && isSecretName(n)) secrets.add(`$${n}`);
        }
      }
      for (const s of mapEntries(doc, mapGet(doc, job, 'secrets'))) secrets.add(`secret \`${s.key}\``);
      for (const s of mapEntries(doc, mapGet(doc, job, 'id_tokens'))) secrets.add(`id token \`${s.key}\``);
      const own = imageScalar(doc, mapGet(doc, job, 'image'));
      const image = own ?? (mapGet(doc, job, 'extends') === undefined ? defaultImage : undefined);
      out.push({ system: 'gitlab', doc, job: e.key, node: job, scripts, image, plugin: false, inputs: undefined, envs: [vars, globalVars], secrets: [...secrets], reach: [...secrets] });
    }
  }
  return out;
}

/** Keys under which the other YAML CI systems keep shell commands (CircleCI `run:` / `command:`, Travis `script:` and
 * `install:`, Azure `script:` / `bash:`, Bitbucket `script:`, Buildkite `command(s):`, Cirrus `*_script:`). */
const SHELL_KEYS = /^(run|command|commands|script|scripts|bash|sh|pwsh|powershell|cmd|before_script|after_script|install|before_install|after_success|[\w-]+_script)$/;

/** CircleCI, Travis, Azure Pipelines, Bitbucket, Buildkite, Cirrus…: no step model is read, only the commands, as one step per file. */
function otherSteps(file: YamlDocumentFile): CiStep[] {
  const out: CiStep[] = [];
  for (const doc of file.yaml.documents) {
    const scripts: Scalar[] = [];
    const walk = (node: YNode, depth: number): void => {
      if (depth > 32) return;
      for (const e of mapEntries(doc, node)) {
        if (SHELL_KEYS.test(e.key)) scripts.push(...scalars(doc, e.value));
        walk(e.value, depth + 1);
      }
      for (const i of seqItems(doc, node)) walk(i, depth + 1);
    };
    walk(doc.contents, 0);
    if (scripts.length && isMap(doc.contents)) {
      out.push({ system: 'other', doc, job: '', node: doc.contents, scripts, plugin: false, inputs: undefined, envs: [], secrets: [], reach: [] });
    }
  }
  return out;
}

function imageScalar(doc: YamlDocument, node: YNode): Scalar | undefined {
  const n = isMap(node) ? mapGet(doc, node, 'name') : node;
  return isScalar(n) && typeof n.value === 'string' ? n : undefined;
}

/** Variables a GitLab file sets to a literal value (not secrets, whatever their name). */
function literalVariables(doc: YamlDocument, vars: YNode): string[] {
  return mapEntries(doc, vars).filter((e) => {
    const v = isMap(e.value) ? mapGet(doc, e.value, 'value') : e.value;
    const s = scalarString(doc, v);
    return s !== undefined && !s.includes('$');
  }).map((e) => e.key);
}

const stepsCache = new WeakMap<object, CiStep[]>();

/** A job or step that never runs: `if: false`, `if: ${{ false }}` (a switched-off release step). */
export function neverRuns(doc: YamlDocument, node: unknown): boolean {
  const cond = scalarString(doc, mapGet(doc, node, 'if'));
  return cond !== undefined && /^\s*(?:\$\{\{\s*)?(?:false|0)(?:\s*\}\})?\s*$/.test(cond);
}

/** Only GitHub Actions workflows (`.github/`, `.gitea/`, `.forgejo/workflows/`) and composite actions: the files with `uses:`. */
export function isActionsFile(path: string): boolean {
  const s = ciSystemOf(path);
  return s === 'github' || s === 'github-action';
}

/** Every step of a CI file of a system the rules read (empty for other files). Computed once per parse. */
export function ciSteps(file: YamlDocumentFile): CiStep[] {
  let steps = stepsCache.get(file.yaml);
  if (steps) return steps;
  const system = ciSystemOf(file.path);
  steps = system === 'github' || system === 'github-action' ? githubSteps(file, system)
    : system === 'woodpecker' || system === 'drone' ? containerSteps(file, system)
      : system === 'gitlab' ? gitlabSteps(file)
        : system === 'other' && file.yaml.documents.length ? otherSteps(file) : [];
  stepsCache.set(file.yaml, steps);
  return steps;
}

/** A container image reference pinned by digest (`image@sha256:…`). */
export function isDigestPinned(image: string): boolean {
  return /@sha256:[0-9a-f]{64}$/i.test(image.trim());
}

/** Docker Official Images (`rust:1.80`, `docker.io/library/postgres`): published by Docker, like `actions/*` by GitHub. */
export function isOfficialImage(image: string): boolean {
  const name = image.trim().replace(/^docker\.io\//, '').replace(/^library\//, '').split(/[:@]/)[0];
  return !name.includes('/') && !/^\$/.test(name);
}

// ---------------------------------------------------------------------------------------------
// One finding per action

/**
 * Occurrences grouped by `key` (an action and its ref: `uses:` value), in order of first
 * appearance: the CI rules report one problem once per file, at its first `uses:` line.
 */
export function groupOccurrences<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item); else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/** ` Used N times in this file (the other lines are listed as related locations).` for a group of more than one. */
export function occurrencesNote(count: number): string {
  return count > 1 ? ` It is used ${count} times in this file (the other lines are related locations).` : '';
}

/**
 * One fix applying every occurrence's fix, or undefined when one of them has none (a fix that
 * rewrote only some lines would leave the finding in place). A single occurrence keeps its fix as is.
 */
export function fixAllOccurrences(fixes: readonly (Fix | undefined)[], title: (first: Fix) => string): Fix | undefined {
  if (fixes.length === 0 || fixes.some((f) => !f)) return undefined;
  const all = fixes as Fix[];
  if (all.length === 1) return all[0];
  return { title: title(all[0]), preferred: all.every((f) => f.preferred), edits: all.flatMap((f) => f.edits) };
}

// ---------------------------------------------------------------------------------------------
// Commands of a step's scripts

/** A simple command of a step's script, with the document offset of each character of its text. */
export interface ScriptCommand { text: string; step: CiStep; script: Scalar; offsets?: number[] }

/**
 * Document offsets of a script scalar's value characters, when the value is the source text as
 * written (plain and single-line quoted scalars without escapes, `|` block scalars); undefined for
 * folded or escaped text, whose characters cannot be mapped back.
 */
function valueOffsets(file: YamlDocumentFile, script: Scalar): number[] | undefined {
  const value = String(script.value);
  if (!script.range) return undefined;
  const base = script.range[0];
  const src = file.text.slice(base, script.range[1]);
  if (script.type === 'BLOCK_FOLDED') return undefined;
  if (script.type !== 'BLOCK_LITERAL') {
    const at = src.indexOf(value);
    return at < 0 || value.includes('\n') ? undefined : [...value].map((_, i) => base + at + i).concat(base + at + value.length);
  }
  const offsets: number[] = [];
  let cursor = src.indexOf('\n') + 1;
  for (const line of value.split('\n')) {
    const at = line === '' ? cursor : src.indexOf(line, cursor);
    if (at < 0) return undefined;
    for (let i = 0; i < line.length; i++) offsets.push(base + at + i);
    offsets.push(base + at + line.length); // the newline
    cursor = at + line.length;
  }
  return offsets;
}

/**
 * Every simple command (split at `&&`, `||`, `;`, `|`, newlines; `\` continuations joined) of the
 * scripts of a CI file's steps, with where its characters are in the document when that can be known.
 */
export function ciScriptCommands(file: YamlDocumentFile): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  for (const step of ciSteps(file)) {
    for (const script of step.scripts) {
      // A continuation (`\` + newline) becomes two spaces: offsets stay aligned with the value.
      const value = String(script.value).replace(/\\\n/g, '  ');
      const offsets = valueOffsets(file, script);
      const re = /&&|\|\||[;|\n]/g;
      let last = 0;
      const push = (end: number) => {
        const raw = value.slice(last, end);
        const lead = raw.length - raw.trimStart().length;
        const text = raw.trim();
        if (text) out.push({ text, step, script, offsets: offsets?.slice(last + lead, last + lead + text.length + 1) });
      };
      for (let m = re.exec(value); m; m = re.exec(value)) { push(m.index); last = m.index + m[0].length; }
      push(value.length);
    }
  }
  return out;
}
