import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import type { YamlDocumentFile } from '../../server/src/core/parsers/document';
import type { FileTextEdit, Fix, Range } from '../../server/src/core/engine/types';
import { isMap, isScalar, mapEntry, mapGet, scalarString, seqItems, yamlRange } from '../../server/src/core/parsers/yaml';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import { appendToMap, appendToSeq, block, isDependabotPath, isRustWorkspace, layoutOf, seqBlock } from '../shared/yamlKinds';
import { ciSystemOf, hasCiPipeline } from '../shared/ciFiles';
import { firstLine } from '../shared/workspaceFiles';

/** Where Renovate looks for its configuration (besides a `renovate` key in package.json). */
export const RENOVATE_FILES = [
  'renovate.json', 'renovate.json5', '.renovaterc', '.renovaterc.json', '.renovaterc.json5',
  '.github/renovate.json', '.github/renovate.json5', '.gitlab/renovate.json', '.gitlab/renovate.json5',
];
const DEPENDABOT_FILES = ['.github/dependabot.yml', '.github/dependabot.yaml'];

/** A dependabot file without a cargo entry: where to report, and the edit adding one (the directory is filled in by `check`). */
interface DependabotFacts {
  range: Range;
  edit?: (dir: string) => FileTextEdit | undefined;
}

function dependabotFacts(file: YamlDocumentFile): DependabotFacts | undefined {
  const doc = file.yaml.documents[0];
  if (!doc) return undefined;
  const root = doc.contents;
  const updates = mapEntry(doc, root, 'updates');
  const items = seqItems(doc, updates?.value);
  if (items.some((i) => scalarString(doc, mapGet(doc, i, 'package-ecosystem')) === 'cargo')) return undefined;
  const layout = layoutOf(file);
  const firstEco = items.length ? mapGet(doc, items[0], 'package-ecosystem') : undefined;
  const q = (s: string) => (isScalar(firstEco) && firstEco.type === 'PLAIN' ? s : `"${s}"`);
  const edit = (dir: string): FileTextEdit | undefined => {
    const item = [`package-ecosystem: ${q('cargo')}`, `directory: ${q(dir)}`, ...block('schedule', [`interval: ${q('weekly')}`], layout.unit)];
    const e = updates && items.length ? appendToSeq(file, updates.value, item)
      : !updates && isMap(root) ? appendToMap(file, root, seqBlock('updates', [item], layout)) : undefined;
    return e ? { path: file.path, ...e } : undefined;
  };
  const range: Range = (updates && yamlRange(file.index, updates.keyNode)) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: file.index.lineText(0).length } };
  return { range, edit };
}

/** The directory of the shallowest Cargo manifest, as dependabot wants it (`/`, `/server`). */
function cargoDir(ws: WorkspaceFacts): string {
  const manifests = ws.files.filter((f) => f === 'Cargo.toml' || f.endsWith('/Cargo.toml')).sort((a, b) => a.split('/').length - b.split('/').length);
  return ws.cargo.rootManifest || !manifests.length || manifests[0] === 'Cargo.toml' ? '/' : '/' + manifests[0].slice(0, -'/Cargo.toml'.length);
}

function dependabotFile(dir: string): string {
  const entry = (eco: string, d: string) => [`  - package-ecosystem: "${eco}"`, `    directory: "${d}"`, '    schedule:', '      interval: "weekly"'];
  return ['version: 2', 'updates:', ...entry('cargo', dir), ...entry('github-actions', '/'), ''].join('\n');
}

const RENOVATE_JSON = '{\n  "$schema": "https://docs.renovatebot.com/renovate-schema.json",\n  "extends": ["config:recommended"]\n}\n';

export const rule = defineWorkspaceRule<DependabotFacts>({
  meta: {
    id: 'dependabot-missing-cargo',
    title: 'Cargo dependencies are not kept up to date',
    priority: 'P2',
    area: 'Supply chain',
    nonTest: false,
    action: 'Add a `package-ecosystem: "cargo"` entry to `.github/dependabot.yml` (or a Renovate config)',
    docs: {
      lang: 'yaml',
      what: 'In a Rust workspace, flags `.github/dependabot.yml` (or `.yaml`) whose `updates:` has no entry with `package-ecosystem: "cargo"` (on `updates:`), and a workspace with a CI pipeline (any system: GitHub Actions, GitLab CI, Woodpecker, …) but no dependency-update configuration at all: no dependabot file and no Renovate config (`renovate.json`, `renovate.json5`, `.renovaterc`, `.renovaterc.json`, `.github/renovate.json(5)`, `.gitlab/renovate.json(5)`), reported on the first line of the root `Cargo.toml`.',
      why: 'Without an update bot the Rust dependencies — the bulk of the attack surface — are never updated: security fixes in crates arrive only when someone remembers to run `cargo update`, and advisories found by `cargo audit` stay open. A dependabot file without cargo looks covered but is not.',
      example: 'version: 2\nupdates:\n  - package-ecosystem: "github-actions"\n    directory: "/"\n    schedule:\n      interval: "weekly"',
      useInstead: 'version: 2\nupdates:\n  - package-ecosystem: "github-actions"\n    directory: "/"\n    schedule:\n      interval: "weekly"\n  - package-ecosystem: "cargo"\n    directory: "/"\n    schedule:\n      interval: "weekly"',
      fixSafety: 'A dependabot file without cargo gets a `cargo` entry appended (weekly, at the workspace root) in the file\'s own indentation and sequence style; preferred. A workspace with no update config gets `.github/dependabot.yml` created (cargo and github-actions, weekly) when it uses GitHub Actions — preferred, it only adds a file — and otherwise an offered (not preferred) `renovate.json` extending `config:recommended`, which needs the Renovate app or runner.',
      notes: 'A Renovate config anywhere Renovate looks covers cargo (Renovate updates every manager it finds by default), so neither finding is made then. A `renovate` key in `package.json` cannot be read (JSON is not parsed): a workspace with a root `package.json` and no other update config is not flagged. Workspaces without any CI pipeline are left to `ci-workflow-missing`.',
    },
  },
  collect(doc) {
    return doc.kind === 'yaml' && isDependabotPath(doc.path) ? dependabotFacts(doc) : undefined;
  },
  check(ctx) {
    const ws = ctx.ws;
    if (!isRustWorkspace(ws)) return;
    if (RENOVATE_FILES.some((p) => ws.exists(p))) return;
    const dir = cargoDir(ws);
    for (const [path, facts] of ctx.collected) {
      const edit = facts.edit?.(dir);
      const fixes: Fix[] = edit ? [{ title: 'Add a cargo entry to dependabot', preferred: true, edits: [edit] }] : [];
      ctx.report(path, facts.range, 'Dependabot has no `package-ecosystem: "cargo"` entry: the Rust dependencies are never updated and crate security fixes wait for a manual `cargo update`. Add a cargo entry.', { fixes });
    }
    if (ws.files.some(isDependabotPath) || DEPENDABOT_FILES.some((p) => ws.exists(p)) || ws.exists('package.json') || !hasCiPipeline(ws)) return;
    const manifest = ws.cargo.rootManifest ?? ws.files.filter((f) => f === 'Cargo.toml' || f.endsWith('/Cargo.toml')).sort((a, b) => a.split('/').length - b.split('/').length)[0];
    if (!manifest) return;
    const github = ws.files.some((f) => ciSystemOf(f) === 'github');
    const fix: Fix = github
      ? { title: 'Create .github/dependabot.yml (cargo and github-actions, weekly)', preferred: true, edits: [], creates: [{ path: '.github/dependabot.yml', content: dependabotFile(dir) }] }
      : { title: 'Create renovate.json (config:recommended)', preferred: false, edits: [], creates: [{ path: 'renovate.json', content: RENOVATE_JSON }] };
    ctx.report(manifest, firstLine(ws, manifest), 'This workspace has CI but no dependency-update config (no .github/dependabot.yml, no Renovate config): the Rust dependencies are never updated and crate security fixes wait for a manual `cargo update`. Add dependabot with a cargo entry, or Renovate.', { fixes: [fix] });
  },
});
