/**
 * Rule documentation rendered from the rule modules: the docs pages (`docs/rules/<id>.md`), hover
 * on suppression comments, SARIF `help` and the report all come from here.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PRIORITY_SEVERITY, type RuleMeta } from '../engine/types';

const PRIORITY_TEXT = { P0: 'P0 (blocks production)', P1: 'P1 (before launch)', P2: 'P2 (continuous)' };

export function ruleMarkdown(meta: RuleMeta, headingLevel = 1): string {
  const h = '#'.repeat(headingLevel);
  const d = meta.docs;
  const parts = [
    `${h} \`${meta.id}\`: ${meta.title}`,
    '',
    `**Priority** ${PRIORITY_TEXT[meta.priority]} · **Area** ${meta.area} · **Default severity** ${PRIORITY_SEVERITY[meta.priority]}${meta.nonTest ? ' · not reported in test code' : ''}`,
    '',
    `${h}# What it does`, '', d.what, '',
    `${h}# Why is this bad?`, '', d.why, '',
    `${h}# Example`, '', '```' + d.lang, d.example, '```', '',
    `${h}# Use instead`, '', '```' + d.lang, d.useInstead, '```', '',
    `${h}# Fix safety`, '', d.fixSafety, '',
  ];
  if (d.notes) parts.push(`${h}# Notes`, '', d.notes, '');
  parts.push(`${h}# Suppressing`, '', `\`// readiness-ignore-next-line ${meta.id} -- reason\` (or \`#\` in TOML, YAML, Dockerfile), or \`${meta.id} = "off"\` under \`[rules]\` in \`.readiness.toml\`.`, '');
  return parts.join('\n');
}

/** Where the generated docs live, relative to the package root. */
export const DOCS_DIR = path.join('docs', 'rules');

/** The package root (works from `out/server/src/output` when compiled). */
export function packageRoot(): string {
  return path.resolve(__dirname, '..', '..', '..', '..');
}

/** The `codeDescription.href` for a rule: its docs page shipped with the extension and the CLI. */
export function ruleDocUrl(id: string): string {
  return pathToFileURL(path.join(packageRoot(), DOCS_DIR, `${id}.md`)).toString();
}
