import { defineDocumentRule } from '../../server/src/engine/rule';
import type { Fix, Range } from '../../server/src/engine/types';
import { isMap, isScalar, mapEntry, mapGet, scalarString, seqItems, yamlRange } from '../../server/src/parsers/yaml';
import { appendToMap, appendToSeq, block, isDependabotPath, isRustWorkspace, layoutOf, seqBlock } from '../shared/yamlKinds';

export const rule = defineDocumentRule({
  meta: {
    id: 'dependabot-missing-cargo',
    title: 'Dependabot does not update Cargo dependencies',
    priority: 'P2',
    area: 'Supply chain',
    nonTest: false,
    action: 'Add a `package-ecosystem: "cargo"` entry to `.github/dependabot.yml`',
    docs: {
      lang: 'yaml',
      what: 'In a Rust workspace, flags `.github/dependabot.yml` (or `.yaml`) whose `updates:` has no entry with `package-ecosystem: "cargo"`.',
      why: 'The repository already uses Dependabot, so it looks covered, but the Rust dependencies — the bulk of the attack surface — are never updated: security fixes in crates arrive only when someone remembers to run `cargo update`, and advisories found by `cargo audit` stay open.',
      example: 'version: 2\nupdates:\n  - package-ecosystem: "github-actions"\n    directory: "/"\n    schedule:\n      interval: "weekly"',
      useInstead: 'version: 2\nupdates:\n  - package-ecosystem: "github-actions"\n    directory: "/"\n    schedule:\n      interval: "weekly"\n  - package-ecosystem: "cargo"\n    directory: "/"\n    schedule:\n      interval: "weekly"',
      fixSafety: 'The fix appends a `cargo` entry (weekly, at the workspace root) in the file\'s own indentation and sequence style. It only adds an entry, so it is applied by fix-all.',
      notes: 'Repositories without a dependabot file are not flagged (they may use Renovate).',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    const file = ctx.doc;
    if (!isDependabotPath(file.path) || !isRustWorkspace(ctx.ws)) return;
    const doc = file.yaml.documents[0];
    if (!doc) return;
    const root = doc.contents;
    const updates = mapEntry(doc, root, 'updates');
    const items = seqItems(doc, updates?.value);
    if (items.some((i) => scalarString(doc, mapGet(doc, i, 'package-ecosystem')) === 'cargo')) return;
    const layout = layoutOf(file);
    const firstEco = items.length ? mapGet(doc, items[0], 'package-ecosystem') : undefined;
    const q = (s: string) => (isScalar(firstEco) && firstEco.type === 'PLAIN' ? s : `"${s}"`);
    const manifests = ctx.ws.files.filter((f) => f === 'Cargo.toml' || f.endsWith('/Cargo.toml')).sort((a, b) => a.split('/').length - b.split('/').length);
    const dir = ctx.ws.cargo.rootManifest || !manifests.length || manifests[0] === 'Cargo.toml' ? '/' : '/' + manifests[0].slice(0, -'/Cargo.toml'.length);
    const item = [`package-ecosystem: ${q('cargo')}`, `directory: ${q(dir)}`, ...block('schedule', [`interval: ${q('weekly')}`], layout.unit)];
    const edit = updates && items.length ? appendToSeq(file, updates.value, item)
      : !updates && isMap(root) ? appendToMap(file, root, seqBlock('updates', [item], layout)) : undefined;
    const fixes: Fix[] = edit ? [{ title: 'Add a cargo entry to dependabot', preferred: true, edits: [ctx.edit(edit.range, edit.newText)] }] : [];
    const range: Range = (updates && yamlRange(file.index, updates.keyNode)) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: file.index.lineText(0).length } };
    ctx.report(range, 'Dependabot has no `package-ecosystem: "cargo"` entry: the Rust dependencies are never updated and crate security fixes wait for a manual `cargo update`. Add a cargo entry.', { fixes });
  },
});
