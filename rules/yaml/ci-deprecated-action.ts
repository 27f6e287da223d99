import { defineDocumentRule, type RuleContext } from '../../server/src/core/engine/rule';
import type { YamlDocumentFile } from '../../server/src/core/parsers/document';
import type { FileTextEdit, Fix, Range } from '../../server/src/core/engine/types';
import { isMap, isScalar, mapEntries, yamlRange } from '../../server/src/core/parsers/yaml';
import { ACTIONS_REVIEWED, adviceFor } from './data/actions';
import { deleteEntryLines, parseActionRef, scalarTextRange, trailingComment, usesRefRange, type UsesRef, type WorkflowStep } from '../shared/yamlKinds';
import { ciSteps, fixAllOccurrences, groupOccurrences, isActionsFile, occurrencesNote } from '../shared/ciFiles';

/** Every `uses:` of a GitHub, Gitea or Forgejo workflow (steps and reusable-workflow jobs) or composite action (the shared CI walk). */
function actionUses(file: YamlDocumentFile): UsesRef[] {
  if (!isActionsFile(file.path)) return [];
  return ciSteps(file).filter((s) => s.uses).map((s) => ({
    doc: s.doc, node: s.uses!, value: String(s.uses!.value),
    step: s.jobCall ? undefined : { doc: s.doc, job: s.job, step: s.node, uses: s.uses, run: s.scripts[0], with: s.inputs, env: s.envs[0] },
  }));
}

const SHA = /^[0-9a-f]{40}$/i;

/** The major version a ref names (`v3`, `v3.5.2`, `3`), or the one in a trailing `# v3.5.2` comment for a SHA. */
export function refMajor(ref: string, comment?: string): number | undefined {
  const source = SHA.test(ref) ? comment ?? '' : ref;
  const m = /^v?(\d+)(?:[.-]|$)/.exec(source.trim());
  return m ? Number(m[1]) : undefined;
}

/** `actions-rs/toolchain` → `dtolnay/rust-toolchain`: new ref, inputs dtolnay does not take removed, `target` → `targets`. */
function toolchainFix(ctx: RuleContext<YamlDocumentFile>, u: UsesRef, step: WorkflowStep | undefined): Fix | undefined {
  const valueRange = scalarTextRange(ctx.doc, u.node);
  if (!valueRange || !step) return undefined;
  const entries = mapEntries(step.doc, step.with);
  if (step.with && (!isMap(step.with) || step.with.flow || entries.some((e) => e.merged))) return undefined;
  const toolchain = entries.find((e) => e.key === 'toolchain');
  const tc = toolchain && isScalar(toolchain.value) ? String(toolchain.value.value ?? '') : '';
  const simple = /^(stable|beta|nightly|1\.\d+(\.\d+)?)$/.test(tc);
  const ref = !toolchain ? 'stable' : simple ? tc : 'master';
  const drop = new Set(['profile', 'override', 'default', ...(simple ? ['toolchain'] : [])]);
  const edits: FileTextEdit[] = [ctx.edit(valueRange, `dtolnay/rust-toolchain@${ref}`)];
  const kept = entries.filter((e) => !drop.has(e.key));
  const withEntry = mapEntries(step.doc, step.step).find((e) => e.key === 'with');
  if (withEntry && kept.length === 0) {
    const del = deleteEntryLines(ctx.doc, withEntry.keyNode, withEntry.value);
    if (!del) return undefined;
    edits.push(ctx.edit(del.range, del.newText));
  } else {
    for (const e of entries) {
      if (drop.has(e.key)) {
        const del = deleteEntryLines(ctx.doc, e.keyNode, e.value);
        if (!del) return undefined;
        edits.push(ctx.edit(del.range, del.newText));
      } else if (e.key === 'target') {
        edits.push(ctx.edit(yamlRange(ctx.doc.index, e.keyNode)!, 'targets'));
      }
    }
  }
  return { title: `Replace with \`dtolnay/rust-toolchain@${ref}\``, preferred: true, edits };
}

/** `actions-rs/cargo` with `command`/`args` → `run: cargo <command> <args>`. */
function cargoFix(ctx: RuleContext<YamlDocumentFile>, step: WorkflowStep | undefined): Fix | undefined {
  if (!step || !isMap(step.with) || step.with.flow) return undefined;
  const entries = mapEntries(step.doc, step.with);
  const get = (k: string) => { const e = entries.find((x) => x.key === k); return e && isScalar(e.value) && e.value.value != null ? String(e.value.value) : undefined; };
  const command = get('command');
  if (!command || entries.some((e) => !['command', 'args', 'toolchain'].includes(e.key) || e.merged) || /\$\{\{/.test(get('args') ?? '')) return undefined;
  const stepEntries = mapEntries(step.doc, step.step);
  const usesEntry = stepEntries.find((e) => e.key === 'uses');
  const withEntry = stepEntries.find((e) => e.key === 'with');
  if (!usesEntry || !withEntry || !usesEntry.value?.range) return undefined;
  const del = deleteEntryLines(ctx.doc, withEntry.keyNode, withEntry.value);
  if (!del) return undefined;
  const tc = get('toolchain');
  const cmd = ['cargo', tc ? `+${tc}` : '', command, get('args') ?? ''].filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
  const runText = /[:#{}[\],&*!|>'"%@`]/.test(cmd) ? JSON.stringify(cmd) : cmd;
  const usesRange = { start: yamlRange(ctx.doc.index, usesEntry.keyNode)!.start, end: yamlRange(ctx.doc.index, usesEntry.value)!.end };
  return { title: `Replace with \`run: ${cmd}\``, preferred: true, edits: [ctx.edit(usesRange, `run: ${runText}`), ctx.edit(del.range, del.newText)] };
}

interface Judged { u: UsesRef; range: Range; message: string; fix?: Fix }

/** What is wrong with one `uses:` (archived, or an outdated major) and the fix for that line, if any. */
function judge(ctx: RuleContext<YamlDocumentFile>, u: UsesRef): Judged | undefined {
  const ref = parseActionRef(u.value);
  const advice = ref && adviceFor(ref.repo);
  const range = yamlRange(ctx.doc.index, u.node);
  if (!ref || !advice || !range) return undefined;
  if (advice.replacement) {
    let fix: Fix | undefined;
    if (ref.repo === 'actions-rs/toolchain') fix = toolchainFix(ctx, u, u.step);
    else if (ref.repo === 'actions-rs/audit-check') {
      const r = scalarTextRange(ctx.doc, u.node);
      if (r) fix = { title: `Replace with \`${advice.replacement}\``, preferred: true, edits: [ctx.edit(r, advice.replacement)] };
    } else if (ref.repo === 'actions-rs/cargo') fix = cargoFix(ctx, u.step);
    const instead = advice.replacement.includes(' ') ? advice.replacement : `\`${advice.replacement}\``;
    return { u, range, fix, message: `\`${u.value}\` is deprecated: ${advice.why}. Use ${instead} instead.` };
  }
  const major = refMajor(ref.ref, trailingComment(ctx.doc, u.node));
  if (advice.minMajor === undefined || major === undefined || major >= advice.minMajor) return undefined;
  const target = `v${advice.minMajor}`;
  const refRange = usesRefRange(ctx.doc, u.node);
  const fix = !SHA.test(ref.ref) && refRange ? { title: `Update to \`@${target}\``, preferred: true, edits: [ctx.edit(refRange, target)] } : undefined;
  const name = ref.path ? `${ref.repo}/${ref.path}` : ref.repo;
  return { u, range, fix, message: `\`${u.value}\` is outdated (v${major}): ${advice.why}. Use \`${name}@${target}\` or newer.` };
}

export const rule = defineDocumentRule({
  meta: {
    id: 'ci-deprecated-action',
    title: 'Deprecated or archived GitHub Action',
    priority: 'P1',
    area: 'Supply chain',
    nonTest: false,
    action: 'Replace archived actions (`actions-rs/*`) and move outdated majors (`actions/checkout@v3`, `actions/cache@v3`, …) to the current one',
    docs: {
      lang: 'yaml',
      what: `Flags \`uses:\` of archived actions (every \`actions-rs/*\`, \`actions/create-release\`, …) and of majors older than the oldest maintained one for \`actions/checkout\`, \`actions/cache\`, \`actions/upload-artifact\`, \`actions/download-artifact\`, \`actions/setup-*\`, \`github/codeql-action\`, the \`docker/*\` actions, \`Swatinem/rust-cache\` and others, in GitHub workflows (also Gitea/Forgejo workflows, which use the same actions) and composite \`action.yml\` files. The table lives in \`rules/yaml/data/actions.ts\` (last reviewed ${ACTIONS_REVIEWED}).`,
      why: 'Archived actions get no security fixes and run on Node.js runtimes GitHub has removed; old majors of the artifact and cache actions were shut down outright, so the pipeline fails (or quietly stops caching) on a day you did not choose. `actions-rs/toolchain` is the classic: unmaintained since 2023 and still in most Rust workflows.',
      example: 'steps:\n  - uses: actions/checkout@v3\n  - uses: actions-rs/toolchain@v1\n    with:\n      toolchain: stable\n      override: true\n  - uses: actions-rs/cargo@v1\n    with:\n      command: test',
      useInstead: 'steps:\n  - uses: actions/checkout@v4\n  - uses: dtolnay/rust-toolchain@stable\n  - run: cargo test',
      fixSafety: 'Outdated majors given by tag move to the current major tag (`@v3` → `@v4`); SHA-pinned ones are reported without a fix (pick the new commit). `actions-rs/toolchain` becomes `dtolnay/rust-toolchain@<toolchain>` (inputs it does not take — `profile`, `override`, `default` — removed, `target` renamed `targets`), `actions-rs/audit-check` becomes `rustsec/audit-check@v2`, `actions-rs/cargo` with only `command`/`args`/`toolchain` becomes a `run: cargo …` step, on every line of the file that uses it. These keep the workflow valid and are applied by fix-all; read the new major\'s release notes (upload-artifact v4 no longer merges uploads of the same name).',
      notes: 'One finding per action and ref per workflow file, on its first `uses:` line, with the other lines as related locations; the fix rewrites all of them (offered only when every line can be rewritten). Majors are read from the tag, or for a SHA from a trailing `# v3.5.2` comment. A branch ref (`@main`) has no major and is only flagged when the action is archived.',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    // One finding per action and ref per file, at its first `uses:`; the fix rewrites every line.
    const judged: Judged[] = [];
    for (const u of actionUses(ctx.doc)) {
      const j = judge(ctx, u);
      if (j) judged.push(j);
    }
    for (const group of groupOccurrences(judged, (j) => j.u.value)) {
      const [first, ...others] = group;
      const fix = fixAllOccurrences(group.map((j) => j.fix), (f) => `${f.title} (all ${group.length} uses in this file)`);
      ctx.report(first.range, first.message + occurrencesNote(group.length), {
        fixes: fix ? [fix] : [],
        related: others.map((j) => ({ path: ctx.doc.path, range: j.range, message: `\`${j.u.value}\` again` })),
      });
    }
  },
});
