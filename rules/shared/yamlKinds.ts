/**
 * Which YAML is which, decided once for every YAML rule: GitHub workflows and composite actions by
 * path, dependabot by path, compose files by name or a top-level `services:` of service maps,
 * Kubernetes objects by `apiVersion` + `kind` (in multi-document files and Helm-rendered output;
 * Helm templates are not parsed at all). Also the Kubernetes walk (workloads → pod spec →
 * containers), the GitHub Actions walk (jobs → steps → `uses:` / `run:`), and the edits that
 * append entries to a block map or sequence in the file's own indentation and sequence style.
 */
import { isCiFile, neverRuns } from './ciFiles';
import type { YamlDocumentFile } from '../../server/src/core/parsers/document';
import {
  columnAt, contentEnd, insertionAfter, isBlock, isMap, isScalar, isSeq, mapEntries, mapGet, mapPath, scalarString, seqDashColumn,
  seqItems, yamlLayout, yamlRange, type YamlDocument, type YamlLayout, type YamlNode, type YNode, type YAMLMap, type YAMLSeq, type Scalar,
} from '../../server/src/core/parsers/yaml';
import type { Range } from '../../server/src/core/engine/types';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** `.github/workflows/*.yml|yaml` (GitHub reads only that directory, not sub-directories). */
export function isWorkflowPath(path: string): boolean {
  return /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(path);
}

/** A composite/Docker action's metadata file (`action.yml`), which can also `uses:` actions. */
export function isActionPath(path: string): boolean {
  return /^action\.ya?ml$/i.test(baseName(path));
}

export function isDependabotPath(path: string): boolean {
  return /(^|\/)\.github\/dependabot\.ya?ml$/i.test(path);
}

function isComposePath(path: string): boolean {
  return /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i.test(baseName(path));
}

const SERVICE_KEYS = new Set(['image', 'build', 'environment', 'ports', 'command', 'volumes', 'depends_on', 'env_file']);

/** A compose file: by name, or any YAML with a top-level `services:` map of service definitions (and no `apiVersion`). */
export function isComposeFile(file: YamlDocumentFile): boolean {
  // A CI pipeline's `services:` (Woodpecker, GitLab) are throw-away CI containers, not a deployment.
  if (isCiFile(file.path) || isWorkflowPath(file.path) || isDependabotPath(file.path) || isActionPath(file.path)) return false;
  if (isComposePath(file.path)) return true;
  const doc = file.yaml.documents[0];
  if (!doc || file.yaml.documents.length !== 1) return false;
  const root = doc.contents;
  if (!isMap(root) || mapGet(doc, root, 'apiVersion') !== undefined) return false;
  const services = mapGet(doc, root, 'services');
  return mapEntries(doc, services).some((s) => mapEntries(doc, s.value).some((e) => SERVICE_KEYS.has(e.key)));
}

/** True when the workspace is a Rust project (a root manifest or any `Cargo.toml`). */
export function isRustWorkspace(ws: WorkspaceFacts): boolean {
  return !!ws.cargo.rootManifest || ws.files.some((f) => f === 'Cargo.toml' || f.endsWith('/Cargo.toml'));
}

// ---------------------------------------------------------------------------------------------
// Kubernetes

export interface K8sObject {
  doc: YamlDocument;
  root: YAMLMap;
  apiVersion: string;
  kind: string;
  name?: string;
}

/** Every Kubernetes object in the file (each `---` document; `kind: List` items too). */
export function k8sObjects(file: YamlDocumentFile): K8sObject[] {
  if (isWorkflowPath(file.path) || isDependabotPath(file.path)) return [];
  const out: K8sObject[] = [];
  const visit = (doc: YamlDocument, node: YNode, depth: number) => {
    if (!isMap(node) || depth > 3) return;
    const apiVersion = scalarString(doc, mapGet(doc, node, 'apiVersion'));
    const kind = scalarString(doc, mapGet(doc, node, 'kind'));
    if (!apiVersion || !kind) return;
    if (kind === 'List' || kind.endsWith('List')) {
      for (const item of seqItems(doc, mapGet(doc, node, 'items'))) visit(doc, item, depth + 1);
      return;
    }
    out.push({ doc, root: node, apiVersion, kind, name: scalarString(doc, mapPath(doc, node, 'metadata', 'name')) });
  };
  for (const doc of file.yaml.documents) visit(doc, doc.contents as YNode, 0);
  return out;
}

/** Long-running workloads (what probes are for). */
export const SERVING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Rollout']);
/** Every kind that carries a pod template. */
const POD_KINDS = new Set([...SERVING_KINDS, 'Job', 'CronJob', 'Pod']);

/** The pod spec of a workload: `spec` (Pod), `spec.jobTemplate.spec.template.spec` (CronJob), else `spec.template.spec`. */
function podSpecOf(obj: K8sObject): YAMLMap | undefined {
  const { doc, root } = obj;
  const spec = obj.kind === 'Pod' ? mapGet(doc, root, 'spec')
    : obj.kind === 'CronJob' ? mapPath(doc, root, 'spec', 'jobTemplate', 'spec', 'template', 'spec')
      : mapPath(doc, root, 'spec', 'template', 'spec');
  return isMap(spec) ? spec : undefined;
}

export interface K8sContainer {
  obj: K8sObject;
  podSpec: YAMLMap;
  node: YAMLMap;
  name?: string;
  init: boolean;
}

/** The containers (and init containers) of every pod-bearing object in the file. */
export function k8sContainers(file: YamlDocumentFile, kinds: ReadonlySet<string> = POD_KINDS): K8sContainer[] {
  const out: K8sContainer[] = [];
  for (const obj of k8sObjects(file)) {
    if (!kinds.has(obj.kind)) continue;
    const podSpec = podSpecOf(obj);
    if (!podSpec) continue;
    for (const [key, init] of [['containers', false], ['initContainers', true]] as const) {
      for (const c of seqItems(obj.doc, mapGet(obj.doc, podSpec, key))) {
        if (isMap(c)) out.push({ obj, podSpec, node: c, name: scalarString(obj.doc, mapGet(obj.doc, c, 'name')), init });
      }
    }
  }
  return out;
}

/** Where to report a container-level finding: its `name` value, else its first key. */
export function containerRange(file: YamlDocumentFile, c: K8sContainer): Range {
  const name = mapGet(c.obj.doc, c.node, 'name');
  const first = c.node.items[0]?.key as YamlNode | undefined;
  return yamlRange(file.index, isScalar(name) ? name : first ?? c.node)!;
}

/**
 * A container without `image` cannot run: it is a fragment (a kustomize strategic-merge patch, an
 * overlay), so rules about what a container lacks leave it alone.
 */
export function isPatchFragment(c: K8sContainer): boolean {
  return mapGet(c.obj.doc, c.node, 'image') === undefined;
}

export function describeContainer(c: K8sContainer): string {
  const what = c.init ? 'init container' : 'container';
  const name = c.name ? ` \`${c.name}\`` : '';
  const owner = c.obj.name ? ` of ${c.obj.kind} \`${c.obj.name}\`` : ` of a ${c.obj.kind}`;
  return `${what}${name}${owner}`;
}

// ---------------------------------------------------------------------------------------------
// Edits that add YAML without re-serialising the file

export interface InsertEdit { range: Range; newText: string }

const layoutCache = new WeakMap<object, YamlLayout>();

/** The layout (indentation unit, sequence style) of a parsed file, computed once per parse. */
export function layoutOf(file: YamlDocumentFile): YamlLayout {
  let layout = layoutCache.get(file.yaml);
  if (!layout) {
    layout = yamlLayout(file.index, file.text, file.yaml.documents);
    layoutCache.set(file.yaml, layout);
  }
  return layout;
}

/**
 * Appends `lines` (relative indentation, one entry per line) as new entries at the end of a block
 * map, at the column of its keys. Undefined for flow or empty maps.
 */
export function appendToMap(file: YamlDocumentFile, map: YNode, lines: readonly string[]): InsertEdit | undefined {
  if (!isMap(map) || !isBlock(map) || map.items.length === 0) return undefined;
  const firstKey = map.items[0].key as YamlNode | undefined;
  if (!firstKey?.range) return undefined;
  const col = columnAt(file.index, firstKey.range[0]);
  const { at, render } = insertionAfter(file.index, file.text, map);
  return { range: { start: at, end: at }, newText: render(lines, col) };
}

/** Appends one item (its lines, relative indentation) to a block sequence, in the sequence's own style. */
export function appendToSeq(file: YamlDocumentFile, seq: YNode, itemLines: readonly string[]): InsertEdit | undefined {
  if (!isSeq(seq) || !isBlock(seq) || seq.items.length === 0) return undefined;
  const dash = seqDashColumn(file.index, file.text, seq as YAMLSeq);
  const first = seq.items[0] as YamlNode | undefined;
  if (dash === undefined || !first?.range) return undefined;
  const gap = Math.max(2, columnAt(file.index, first.range[0]) - dash);
  const lines = itemLines.map((l, i) => (i === 0 ? '-' + ' '.repeat(gap - 1) : ' '.repeat(gap)) + l);
  const { at, render } = insertionAfter(file.index, file.text, seq);
  return { range: { start: at, end: at }, newText: render(lines, dash) };
}

/** Lines of a nested block: `key:` followed by `children` indented one unit. */
export function block(key: string, children: readonly string[], unit: number): string[] {
  return [`${key}:`, ...children.map((c) => ' '.repeat(unit) + c)];
}

/** Lines of a sequence under a key, in the file's sequence style. */
export function seqBlock(key: string, items: readonly (readonly string[])[], layout: YamlLayout): string[] {
  const pad = layout.seqIndented ? ' '.repeat(layout.unit) : '';
  const lines = [`${key}:`];
  for (const item of items) item.forEach((l, i) => { lines.push(pad + (i === 0 ? '- ' : '  ') + l); });
  return lines;
}

export { mapEntries, mapGet, mapPath, seqItems, scalarString };

// ---------------------------------------------------------------------------------------------
// GitHub Actions

export interface WorkflowStep {
  doc: YamlDocument;
  /** The job id (`''` for an action.yml's `runs.steps`). */
  job: string;
  step: YAMLMap;
  uses?: Scalar;
  run?: Scalar;
  with: YNode;
  env: YNode;
}

/** Every step of every job of a workflow, or of a composite action's `runs.steps`. */
export function workflowSteps(file: YamlDocumentFile): WorkflowStep[] {
  const out: WorkflowStep[] = [];
  const push = (doc: YamlDocument, job: string, steps: YNode) => {
    for (const s of seqItems(doc, steps)) {
      if (!isMap(s) || neverRuns(doc, s)) continue;
      const uses = mapGet(doc, s, 'uses');
      const run = mapGet(doc, s, 'run');
      out.push({ doc, job, step: s, uses: isScalar(uses) ? uses : undefined, run: isScalar(run) ? run : undefined, with: mapGet(doc, s, 'with'), env: mapGet(doc, s, 'env') });
    }
  };
  for (const doc of file.yaml.documents) {
    if (isWorkflowPath(file.path)) {
      for (const job of mapEntries(doc, mapGet(doc, doc.contents, 'jobs'))) if (!neverRuns(doc, job.value)) push(doc, job.key, mapGet(doc, job.value, 'steps'));
    } else if (isActionPath(file.path)) {
      push(doc, '', mapPath(doc, doc.contents, 'runs', 'steps'));
    }
  }
  return out;
}

export interface UsesRef { doc: YamlDocument; node: Scalar; value: string; step?: WorkflowStep }

/** Every `uses:` of a workflow (steps and reusable-workflow jobs) or action.yml. */
export function actionUses(file: YamlDocumentFile): UsesRef[] {
  const out: UsesRef[] = [];
  for (const step of workflowSteps(file)) {
    if (step.uses && typeof step.uses.value === 'string') out.push({ doc: step.doc, node: step.uses, value: step.uses.value, step });
  }
  if (isWorkflowPath(file.path)) {
    for (const doc of file.yaml.documents) {
      for (const job of mapEntries(doc, mapGet(doc, doc.contents, 'jobs'))) {
        const uses = mapGet(doc, job.value, 'uses');
        if (isScalar(uses) && typeof uses.value === 'string') out.push({ doc, node: uses, value: uses.value });
      }
    }
  }
  return out;
}

export interface ActionRef {
  /** `owner/repo`, lower-cased. */
  repo: string;
  owner: string;
  /** A sub-path (`github/codeql-action/init` → `init`) or reusable workflow path. */
  path: string;
  ref: string;
}

/** Parses `owner/repo[/path]@ref`; undefined for local (`./…`) and `docker://` references. */
export function parseActionRef(value: string): ActionRef | undefined {
  const v = value.trim();
  if (v.startsWith('./') || v.startsWith('../') || v.startsWith('docker://')) return undefined;
  const at = v.lastIndexOf('@');
  if (at <= 0) return undefined;
  const parts = v.slice(0, at).split('/');
  if (parts.length < 2 || !parts[0] || !parts[1]) return undefined;
  return { owner: parts[0].toLowerCase(), repo: `${parts[0]}/${parts[1]}`.toLowerCase(), path: parts.slice(2).join('/'), ref: v.slice(at + 1) };
}

/** The range of the `@ref` part of a `uses:` value in the source (for edits that change only the ref). */
export function usesRefRange(file: YamlDocumentFile, node: Scalar): Range | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  const src = file.text.slice(node.range[0], node.range[1]);
  const at = src.lastIndexOf('@');
  const ref = node.value.slice(node.value.lastIndexOf('@') + 1);
  if (at < 0 || src.slice(at + 1, at + 1 + ref.length) !== ref) return undefined;
  return file.index.range(node.range[0] + at + 1, node.range[0] + at + 1 + ref.length);
}

/** The comment after a node on its line (`uses: a/b@<sha> # v4.1.1` → `v4.1.1`). */
export function trailingComment(file: YamlDocumentFile, node: YamlNode): string | undefined {
  if (!node.range) return undefined;
  const pos = file.index.positionAt(node.range[1]);
  const rest = file.index.lineText(pos.line).slice(pos.character);
  const m = /^\s*#\s*(.*)$/.exec(rest);
  return m ? m[1].trim() : undefined;
}

/**
 * An edit deleting a map entry's whole lines (key line through the end of its value). Undefined
 * when the key shares its line with something else (`- with:` on a sequence dash, flow maps).
 */
export function deleteEntryLines(file: YamlDocumentFile, keyNode: YamlNode, value: YNode): InsertEdit | undefined {
  if (!keyNode.range) return undefined;
  const start = file.index.positionAt(keyNode.range[0]);
  if (file.index.lineText(start.line).slice(0, start.character).trim() !== '') return undefined;
  const end = value?.range ? Math.max(contentEnd(file.text, value), keyNode.range[1]) : keyNode.range[1];
  const endLine = file.index.positionAt(Math.max(keyNode.range[1], end - 1)).line;
  if (endLine + 1 < file.index.lineCount) {
    return { range: { start: { line: start.line, character: 0 }, end: { line: endLine + 1, character: 0 } }, newText: '' };
  }
  if (start.line === 0) return { range: { start: { line: 0, character: 0 }, end: { line: endLine, character: file.index.lineText(endLine).length } }, newText: '' };
  const prevEnd = { line: start.line - 1, character: file.index.lineText(start.line - 1).length };
  return { range: { start: prevEnd, end: { line: endLine, character: file.index.lineText(endLine).length } }, newText: '' };
}

/** The range of a scalar's value text inside its source (inside the quotes for a quoted scalar). */
export function scalarTextRange(file: YamlDocumentFile, node: Scalar): Range | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  const src = file.text.slice(node.range[0], node.range[1]);
  const at = src.indexOf(node.value);
  return at < 0 ? undefined : file.index.range(node.range[0] + at, node.range[0] + at + node.value.length);
}
