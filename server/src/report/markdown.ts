/**
 * The report as Markdown, laid out like a hand-written readiness audit: header, executive summary
 * with the score, one section per priority, the summary checklist and the priority matrix.
 */
import { AREAS, type Priority } from '../core/engine/types';
import { findingsByRule, groupFindings, languageOf, PRIORITIES, PRIORITY_LABEL, type ChecklistStatus, type ReportModel, type RuleStatus } from './model';

const PRIORITY_MARK: Record<Priority, string> = { P0: '🔴', P1: '🟠', P2: '🔵' };
const CHECK_MARK: Record<ChecklistStatus, string> = { Fix: '🔴 Fix', Improve: '🟠 Improve', Review: '🔵 Review', Pass: '✅ Pass', 'Not assessed': '⚪ Not assessed' };
const RULE_STATUS: Record<RuleStatus, string> = { passed: '✅ Passed', open: 'Open', off: '⚪ Off (not run)' };

/** Escapes text for Markdown prose: `<`, `>` and `&` outside code spans; inside tables also `|` and newlines. */
export function inlineMd(text: string, inTable = false): string {
  const parts = text.replace(/\r?\n/g, ' ').split(/(`[^`]*`)/);
  return parts.map((p, i) => {
    let s = i % 2 === 1 ? p : p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    if (inTable) s = s.replace(/\|/g, '\\|');
    return s;
  }).join('');
}

/** An inline code span whose backtick run is longer than any in the code (padded when it starts or ends with one). */
export function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((m) => m.length));
  const tick = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${code}${pad}${tick}`;
}

/** A fenced code block whose fence is longer than any backtick run in the code. */
export function fence(code: string, lang: string, indent = ''): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return [`${indent}${f}${lang}`, ...code.split('\n').map((l) => indent + l), `${indent}${f}`].join('\n');
}

function plural(n: number, word: string): string { return `${n} ${word}${n === 1 ? '' : 's'}`; }

/** `6.5/10`, or `not assessed` for an area with nothing to assess. */
export function formatScore(n: number | undefined): string { return n === undefined ? 'not assessed' : `${n.toFixed(1)}/10`; }

/** How the score is computed, in one sentence under the area table. */
export const SCORE_NOTE = 'Each distinct problem (a rule with findings, however many sites) costs its priority\'s weight (P0 3, P1 1, P2 ⅓; a little more the more sites it has) against the weight of the checks that had something to assess; one P0 or P1 problem costs more than all P2 problems together, and an area with nothing to assess is "not assessed". Formula: `docs/report.md`.';

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [];
  const total = model.findings.length;
  out.push(`# Production Readiness Report: ${inlineMd(model.workspace)}`, '');
  out.push(`**Date**: ${model.date}  `);
  out.push(`**Tool**: rust-readiness ${model.version}  `);
  out.push(`**Rules run**: ${model.rulesRun} of ${model.rulesTotal}${model.filesAnalysed !== undefined ? `  \n**Files analysed**: ${model.filesAnalysed}` : ''}  `);
  if (model.baselineFile !== undefined || model.baselined > 0) {
    out.push(`**Baseline**: ${plural(model.baselined, 'known finding')} hidden${model.baselineFile ? ` (\`${model.baselineFile}\`)` : ''}; only new findings are listed  `);
  }
  out.push('', '---', '');

  out.push('## Executive Summary', '');
  out.push(`### Production Readiness Score: **${formatScore(model.scores.overall)}**`, '');
  out.push(`**Status**: ${model.verdict}`, '');
  out.push('| Priority | Meaning | Findings |', '|---|---|---:|');
  for (const p of PRIORITIES) out.push(`| ${PRIORITY_MARK[p]} ${p} | ${PRIORITY_LABEL[p]} | ${model.counts[p]} |`);
  out.push(`| | **Total** | **${total}** |`, '');
  out.push('**Breakdown by area**:', '');
  out.push('| Area | Score | P0 | P1 | P2 |', '|---|---:|---:|---:|---:|');
  for (const a of AREAS) {
    const c = model.byArea[a];
    out.push(`| ${a} | ${formatScore(model.scores.byArea[a])} | ${c.P0} | ${c.P1} | ${c.P2} |`);
  }
  out.push('', SCORE_NOTE, '', '---', '');

  let n = 0;
  for (const p of PRIORITIES) {
    out.push(`## ${PRIORITY_MARK[p]} ${p}: ${PRIORITY_LABEL[p]} (${model.counts[p]})`, '');
    const groups = findingsByRule(model, p);
    if (groups.length === 0) { out.push(`No ${p} findings. ✅`, ''); continue; }
    for (const { meta, findings } of groups) {
      n++;
      out.push(`### ${n}. ${inlineMd(meta.title)} (\`${meta.id}\`): ${plural(findings.length, 'finding')}`, '');
      out.push(`**Area**: ${meta.area}  `);
      if (meta.docs.why) out.push(`**Why it matters**: ${inlineMd(meta.docs.why)}  `);
      out.push(`**Fix**: ${inlineMd(meta.action)}`, '');
      groupFindings(findings).forEach((g, i) => {
        const marker = `${i + 1}. `;
        // Continuation lines are indented to the item's content column, or they would end the list.
        const indent = ' '.repeat(marker.length);
        const [f] = g.findings;
        if (g.findings.length === 1) {
          out.push(`${marker}\`${f.path}:${f.line}\`: ${inlineMd(f.message)}`);
          if (f.code) out.push('', fence(f.code, languageOf(f.path), indent));
        } else {
          // One entry for findings that say the same thing: the first one's message, then every site.
          out.push(`${marker}**${g.findings.length} ×** ${inlineMd(f.message)}`, '');
          for (const site of g.findings) out.push(`${indent}- \`${site.path}:${site.line}\`${site.code ? `: ${codeSpan(site.code)}` : ''}`);
        }
        if (g.fixes.length) out.push('', `${indent}Quick fix: ${g.fixes.map((t) => inlineMd(t)).join('; ')}`);
        out.push('');
      });
    }
  }
  out.push('---', '');

  out.push('## Summary Checklist', '');
  out.push('| Area | Check | Status | Findings | Action |', '|---|---|---|---:|---|');
  for (const row of model.checklist) {
    const check = row.rule ? `${inlineMd(row.rule.title, true)} (\`${row.rule.id}\`)` : 'All checks';
    out.push(`| ${row.area} | ${check} | ${CHECK_MARK[row.status]} | ${row.count} | ${inlineMd(row.action, true)} |`);
  }
  out.push('', '---', '');

  out.push('## Priority Matrix', '');
  out.push('Every rule that was checked, with its number of findings: a rule without findings passed.', '');
  for (const p of PRIORITIES) {
    const rows = model.rules.filter((r) => r.meta.priority === p);
    const open = rows.filter((r) => r.count > 0).length;
    out.push(`### ${p}: ${PRIORITY_LABEL[p]} (${open} of ${rows.length} rules with findings)`, '');
    out.push('| Rule | Area | Findings | Status |', '|---|---|---:|---|');
    for (const r of rows) {
      const status = r.status === 'open' ? `${PRIORITY_MARK[p]} ${plural(r.count, 'finding')}` : RULE_STATUS[r.status];
      out.push(`| ${inlineMd(r.meta.title, true)} (\`${r.meta.id}\`) | ${r.meta.area} | ${r.count} | ${status} |`);
    }
    out.push('');
  }
  out.push('---', '', `*Generated by rust-readiness ${model.version} on ${model.date}.*`, '');
  return out.join('\n');
}
