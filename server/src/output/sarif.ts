/**
 * SARIF 2.1.0: `ruleId`, repository-relative `artifactLocation.uri` (with `uriBaseId`), 1-based
 * regions, rule metadata in `tool.driver.rules`, and fixes as `artifactChanges`.
 */
import type * as Sarif from 'sarif';
import type { Diagnostic, Profile, RuleMeta } from '../core/engine/types';
import { ruleMarkdown } from './ruleDocs';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function region(r: Diagnostic['range']): Sarif.Region {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function uri(p: string): string { return p.split('/').map(encodeURIComponent).join('/'); }

export function toSarif(results: ReadonlyMap<string, readonly Diagnostic[]>, rules: readonly RuleMeta[], version: string, rootUri?: string, profile: Profile = 'default'): Sarif.Log {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const sarifResults: Sarif.Result[] = [];
  for (const [path, diags] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
    for (const d of diags) {
      const result: Sarif.Result = {
        ruleId: d.ruleId,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: uri(path), uriBaseId: 'SRCROOT' }, region: region(d.range) } }],
        properties: { tier: d.tier ?? 'default' },
      };
      const idx = ruleIndex.get(d.ruleId);
      if (idx !== undefined) result.ruleIndex = idx;
      if (d.related.length) {
        result.relatedLocations = d.related.map((r, i) => ({
          id: i + 1,
          message: { text: r.message },
          physicalLocation: { artifactLocation: { uri: uri(r.path), uriBaseId: 'SRCROOT' }, region: region(r.range) },
        }));
      }
      const fixes = d.fixes.filter((f) => f.edits.length > 0);
      if (fixes.length) {
        result.fixes = fixes.map((f) => {
          const byFile = new Map<string, typeof f.edits>();
          for (const e of f.edits) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e]);
          return {
            description: { text: f.title },
            artifactChanges: [...byFile].map(([p, edits]) => ({
              artifactLocation: { uri: uri(p), uriBaseId: 'SRCROOT' },
              replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            })),
          };
        });
      }
      sarifResults.push(result);
    }
  }
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'rust-readiness',
        version,
        rules: rules.map((r) => ({
          id: r.id,
          name: r.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
          shortDescription: { text: r.title },
          fullDescription: { text: r.docs.what },
          help: { text: `${r.docs.why}\n\n${r.action}`, markdown: ruleMarkdown(r, 2) },
          defaultConfiguration: { level: LEVEL[r.priority === 'P0' ? 'error' : r.priority === 'P1' ? 'warning' : 'info'] },
          properties: { priority: r.priority, area: r.area, tags: [r.area.toLowerCase(), 'production-readiness'] },
        })),
      },
    },
    columnKind: 'utf16CodeUnits',
    results: sarifResults,
    properties: { profile },
  };
  if (rootUri) run.originalUriBaseIds = { SRCROOT: { uri: rootUri.endsWith('/') ? rootUri : rootUri + '/' } };
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
}
