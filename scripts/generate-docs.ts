/** Writes docs/rules/<id>.md and the catalog docs/rules/README.md from the rule modules. */
import * as fs from 'fs';
import * as path from 'path';
import { allRuleMeta, allRules, engineRules } from '../rules';
import { DOCS_DIR, packageRoot, ruleMarkdown } from '../server/src/output/ruleDocs';

export function catalogMarkdown(): string {
  const rows = allRuleMeta().map((m) => `| [\`${m.id}\`](${m.id}.md) | ${m.priority} | ${m.area} | ${m.title} |`);
  const count = `${allRules.length + engineRules.length} rules: ${allRules.length} readiness rules and ${engineRules.length} engine rules (${engineRules.map((m) => `\`${m.id}\``).join(', ')}) about suppressions and the configuration.`;
  return ['# Rule catalog', '', 'Generated from the rule modules under `rules/` (`npm run compile`).', '', count, '',
    '| id | priority | area | title |', '|---|---|---|---|', ...rows, ''].join('\n');
}

export function generateDocs(root = packageRoot()): string[] {
  const dir = path.join(root, DOCS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const ids = new Set(allRuleMeta().map((m) => m.id));
  for (const meta of allRuleMeta()) {
    const file = path.join(dir, `${meta.id}.md`);
    fs.writeFileSync(file, ruleMarkdown(meta, 1, ids));
    written.push(file);
  }
  fs.writeFileSync(path.join(dir, 'README.md'), catalogMarkdown());
  return written;
}

if (require.main === module) generateDocs();
