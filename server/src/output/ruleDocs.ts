/**
 * Rule documentation rendered from the rule modules: the docs pages (`docs/rules/<id>.md`), hover
 * on suppression comments, SARIF `help` and the report all come from here.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PRIORITY_SEVERITY, type RuleMeta } from '../core/engine/types';

const PRIORITY_TEXT = { P0: 'P0 (blocks production)', P1: 'P1 (before launch)', P2: 'P2 (continuous)' };

/** Prose with each other rule's id in a code span (`` `rule-id` ``) turned into a link to its page. */
export function linkRuleIds(text: string, ruleIds: ReadonlySet<string>, self: string): string {
  return text.replace(/`([a-z0-9][a-z0-9-]*)`/g, (m, id: string) => (id !== self && ruleIds.has(id) ? `[\`${id}\`](${id}.md)` : m));
}

/**
 * A rule's documentation page. With `ruleIds` (the docs pages), mentions of other rules link to
 * their pages and the page links back to the catalog; without (hover, SARIF help), plain text.
 */
export function ruleMarkdown(meta: RuleMeta, headingLevel = 1, ruleIds?: ReadonlySet<string>): string {
  const h = '#'.repeat(headingLevel);
  const link = (text: string) => (ruleIds ? linkRuleIds(text, ruleIds, meta.id) : text);
  const d = { ...meta.docs, what: link(meta.docs.what), why: link(meta.docs.why), fixSafety: link(meta.docs.fixSafety), notes: meta.docs.notes && link(meta.docs.notes) };
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
  parts.push(`${h}# Profiles`, '', profilesText(meta), '');
  if (d.notes) parts.push(`${h}# Notes`, '', d.notes, '');
  parts.push(`${h}# Suppressing`, '', `\`// readiness-ignore-next-line ${meta.id} -- reason\` (or \`#\` in TOML, YAML, Dockerfile), or \`${meta.id} = "off"\` under \`[rules]\` in \`.readiness.toml\`.`, '');
  if (ruleIds) parts.push('[All rules](README.md)', '');
  return parts.join('\n');
}

/**
 * What goes to which profile, from what the engine does with the rule (`engine/production.ts`);
 * rule-specific hygiene is in the rule's own notes.
 */
export function profilesText(meta: RuleMeta): string {
  const lines = ['The **default** profile (editor, `check`, CI) shows what a team acts on; the **audit** profile (`--profile audit`, the report) adds findings marked `[hygiene]`, `[acknowledged]` or `[non-production]`.'];
  if (meta.nonTest) lines.push('- Test code (`tests/`, `benches/`, `examples/`, harness folders, `#[cfg(test)]` items and the modules they declare, `#[cfg(doc)]`, `*_for_tests` helpers): never reported.');
  else if (meta.testCode === 'report') lines.push('- Test code: reported in both profiles — failing tests are what this rule is about.');
  else lines.push('- Test code (`tests/`, `benches/`, `examples/`, harness folders, `#[cfg(test)]` items and the modules they declare, `#[cfg(doc)]`): audit profile only, `[non-production]`, at information severity.');
  lines.push('- Local-development files (`docker-compose.dev.yml`, `compose.override.yml`, `dev/`, `.devcontainer/`, `Dockerfile.dev`, `Dockerfile.ci*`, or a compose file/Dockerfile whose comments say it is for local development): audit profile only, `[non-production]`.');
  if (meta.serverOnly) lines.push('- Crates built for the browser (a yew/leptos/dioxus-web/sycamore front-end compiled to wasm), desktop GUIs (tauri, egui, iced, gtk, slint) and command-line tools (a `*-cli` crate, or one with an argument parser such as clap and a terminal UI such as dialoguer or ratatui, without a server framework, and the library crates only such tools use): audit profile only, `[non-production]` — they are not running services.');
  if (meta.clippyLints?.length) {
    lines.push(`- Sites the project acknowledged with \`#[allow(…)]\`/\`#[expect(…)]\` of ${meta.clippyLints.map((l) => `\`clippy::${l}\``).join(', ')} (on the item, module or crate root) or \`[lints.clippy]\` set to \`"allow"\` in Cargo.toml: audit profile only, \`[acknowledged]\`.`);
  }
  lines.push('- Generated files (`@generated`, "generated … do not edit" headers, build output), templates and `build.rs`: not judged (named in a note; `include-generated = true` judges generated files).');
  return [lines[0], '', ...lines.slice(1)].join('\n');
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
