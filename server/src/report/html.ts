/**
 * The report as one self-contained HTML page: inline CSS, an inline SVG bar chart of findings by
 * area and priority, no scripts and no network fetches (its Content-Security-Policy forbids them).
 * The VS Code webview reuses this page, swapping in its own policy and adding a nonce'd script
 * (see `webview.ts`); the elements that script uses (`data-path`/`data-line` links, the hidden
 * "Save as Markdown" button) are already here.
 */
import { AREAS, type Area, type Priority } from '../core/engine/types';
import { findingsByRule, groupFindings, languageOf, PRIORITIES, PRIORITY_LABEL, type ChecklistStatus, type ReportFinding, type ReportModel, type RuleStatus } from './model';
import { formatScore, SCORE_NOTE } from './markdown';
import { STANDALONE_CSP } from '../protocol/reportWebview';

const PRIORITY_COLOR: Record<Priority, string> = { P0: '#d1242f', P1: '#db6d28', P2: '#0969da' };

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escaped text with `code spans` rendered as <code>. */
function inline(text: string): string {
  return text.split(/(`[^`]*`)/).map((p, i) => (i % 2 === 1 ? `<code>${escapeHtml(p.slice(1, -1))}</code>` : escapeHtml(p))).join('');
}

function plural(n: number, word: string): string { return `${n} ${word}${n === 1 ? '' : 's'}`; }

const CHECK_CLASS: Record<ChecklistStatus, string> = { Fix: 'p0', Improve: 'p1', Review: 'p2', Pass: 'pass', 'Not assessed': 'off' };
const RULE_STATUS: Record<RuleStatus, string> = { passed: 'Passed', open: 'Open', off: 'Off (not run)' };

/** Horizontal stacked bars: one row per area, one segment per priority. */
function renderChart(model: ReportModel): string {
  const labelW = 120, barW = 480, countW = 50, rowH = 34, barH = 20, top = 10, legendH = 30;
  const legendLabels = PRIORITIES.map((p) => `${p}: ${PRIORITY_LABEL[p]}`);
  // Room for each legend label at ~7.5px per character of the 13px font, then a gap.
  const legendStep = legendLabels.map((l) => 18 + Math.ceil(l.length * 7.5) + 22);
  const width = Math.max(labelW + barW + countW, labelW + legendStep.reduce((a, b) => a + b, 0));
  const height = top + AREAS.length * rowH + legendH;
  const totals = AREAS.map((a) => PRIORITIES.reduce((s, p) => s + model.byArea[a][p], 0));
  const max = Math.max(1, ...totals);
  const unit = barW / max;
  const parts: string[] = [];
  parts.push(`<svg id="findings-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="chart-title chart-desc">`);
  parts.push('<title id="chart-title">Findings by area and priority</title>');
  parts.push(`<desc id="chart-desc">${escapeHtml(AREAS.map((a, i) => `${a}: ${totals[i]} (P0 ${model.byArea[a].P0}, P1 ${model.byArea[a].P1}, P2 ${model.byArea[a].P2})`).join('; '))}</desc>`);
  AREAS.forEach((area: Area, i) => {
    const y = top + i * rowH;
    parts.push(`<text class="chart-label" x="${labelW - 10}" y="${y + barH / 2 + 5}" text-anchor="end">${escapeHtml(area)}</text>`);
    parts.push(`<rect class="track" x="${labelW}" y="${y}" width="${barW}" height="${barH}" rx="3"/>`);
    let x = labelW;
    for (const p of PRIORITIES) {
      const n = model.byArea[area][p];
      if (n === 0) continue;
      const w = n * unit;
      parts.push(`<rect class="bar bar-${p}" data-area="${escapeHtml(area)}" data-priority="${p}" data-count="${n}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${PRIORITY_COLOR[p]}"><title>${escapeHtml(area)}: ${plural(n, `${p} finding`)}</title></rect>`);
      x += w;
    }
    parts.push(`<text class="chart-count" x="${labelW + barW + 10}" y="${y + barH / 2 + 5}">${totals[i]}</text>`);
  });
  const ly = top + AREAS.length * rowH + 8;
  let lx = labelW;
  PRIORITIES.forEach((p, i) => {
    parts.push(`<rect class="legend legend-${p}" x="${lx}" y="${ly}" width="12" height="12" fill="${PRIORITY_COLOR[p]}"/>`);
    parts.push(`<text class="chart-legend" x="${lx + 18}" y="${ly + 11}">${escapeHtml(legendLabels[i])}</text>`);
    lx += legendStep[i];
  });
  parts.push('</svg>');
  return parts.join('\n');
}

const CSS = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif); font-size: 14px; line-height: 1.5;
  color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #ffffff); margin: 0; padding: 24px 32px; max-width: 1100px; }
h1 { font-size: 1.7em; margin: 0 0 .3em; } h2 { border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); padding-bottom: .25em; margin-top: 1.8em; }
h3 { margin: 1.2em 0 .4em; font-size: 1.1em; }
code, pre { font-family: var(--vscode-editor-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace); font-size: .92em; }
code { background: var(--vscode-textCodeBlock-background, rgba(175,184,193,.2)); padding: .1em .3em; border-radius: 4px; }
pre { background: var(--vscode-textCodeBlock-background, #f6f8fa); padding: 8px 12px; border-radius: 6px; overflow-x: auto; margin: .4em 0; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: .6em 0 1.2em; }
th, td { border: 1px solid var(--vscode-panel-border, #d0d7de); padding: 4px 10px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.meta { color: var(--vscode-descriptionForeground, #59636e); margin: 0 0 1em; } .meta span { margin-right: 1.2em; }
.toolbar { float: right; }
button { font: inherit; padding: 4px 12px; cursor: pointer; color: var(--vscode-button-foreground, #fff); background: var(--vscode-button-background, #1f6feb); border: none; border-radius: 4px; }
.score { display: flex; gap: 24px; align-items: center; flex-wrap: wrap; margin: .5em 0 1em; }
.score-value { font-size: 2.6em; font-weight: 700; } .score-value small { font-size: .45em; font-weight: 400; }
.pill { display: inline-block; min-width: 2.2em; text-align: center; border-radius: 10px; padding: 0 8px; color: #fff; font-weight: 600; }
.p0 { background: ${PRIORITY_COLOR.P0}; } .p1 { background: ${PRIORITY_COLOR.P1}; } .p2 { background: ${PRIORITY_COLOR.P2}; } .pass { background: #1a7f37; } .off { background: #6e7781; }
.status { color: #fff; border-radius: 4px; padding: 0 6px; white-space: nowrap; }
#findings-chart { max-width: 100%; height: auto; }
#findings-chart text { fill: var(--vscode-foreground, #1f2328); font-size: 13px; font-family: inherit; }
#findings-chart .track { fill: var(--vscode-editorWidget-background, #eef1f4); }
details { margin: .6em 0 1em; } summary { cursor: pointer; font-weight: 600; font-size: 1.05em; }
ol.findings { padding-left: 1.6em; } ol.findings > li { margin: .5em 0 .8em; }
a.loc { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); color: var(--vscode-textLink-foreground, #0969da); text-decoration: none; }
a.loc:hover { text-decoration: underline; } a.loc { cursor: pointer; }
ul.sites { margin: .3em 0; padding-left: 1.2em; } ul.sites code { font-size: .9em; }
.why { margin: .3em 0; } .fixline { color: var(--vscode-descriptionForeground, #59636e); }
footer { margin-top: 2em; color: var(--vscode-descriptionForeground, #59636e); font-size: .9em; }
`;

export function renderHtml(model: ReportModel): string {
  const total = model.findings.length;
  const o: string[] = [];
  o.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">');
  o.push(`<meta http-equiv="Content-Security-Policy" content="${STANDALONE_CSP}">`);
  o.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  o.push(`<title>Production Readiness Report: ${escapeHtml(model.workspace)}</title>`);
  o.push(`<style>${CSS}</style>`, '</head>', '<body>');
  o.push('<header>');
  o.push('<div class="toolbar"><button id="save-markdown" type="button" hidden>Save as Markdown</button></div>');
  o.push(`<h1>Production Readiness Report: ${escapeHtml(model.workspace)}</h1>`);
  const meta = [`<span><b>Date</b> ${model.date}</span>`, `<span><b>Tool</b> rust-readiness ${escapeHtml(model.version)}</span>`, `<span><b>Rules run</b> ${model.rulesRun} of ${model.rulesTotal}</span>`];
  if (model.filesAnalysed !== undefined) meta.push(`<span><b>Files analysed</b> ${model.filesAnalysed}</span>`);
  if (model.baselineFile !== undefined || model.baselined > 0) meta.push(`<span><b>Baseline</b> ${plural(model.baselined, 'known finding')} hidden${model.baselineFile ? ` (<code>${escapeHtml(model.baselineFile)}</code>)` : ''}</span>`);
  o.push(`<p class="meta">${meta.join(' ')}</p>`, '</header>');

  o.push('<section id="summary">', '<h2>Executive Summary</h2>');
  o.push('<div class="score">');
  o.push(`<div><div>Production Readiness Score</div><div class="score-value" id="overall-score">${model.scores.overall === undefined ? 'not assessed' : `${model.scores.overall.toFixed(1)}<small>/10</small>`}</div></div>`);
  o.push('<table><thead><tr><th>Priority</th><th>Meaning</th><th class="num">Findings</th></tr></thead><tbody>');
  for (const p of PRIORITIES) o.push(`<tr><td><span class="pill ${p.toLowerCase()}">${p}</span></td><td>${PRIORITY_LABEL[p]}</td><td class="num">${model.counts[p]}</td></tr>`);
  o.push(`<tr><td></td><td><b>Total</b></td><td class="num"><b>${total}</b></td></tr></tbody></table>`);
  o.push('</div>');
  o.push(`<p><b>Status</b>: ${escapeHtml(model.verdict)}</p>`);
  o.push('<h3>Findings by area and priority</h3>', renderChart(model));
  o.push('<h3>Breakdown by area</h3>');
  o.push('<table id="area-scores"><thead><tr><th>Area</th><th class="num">Score</th><th class="num">P0</th><th class="num">P1</th><th class="num">P2</th></tr></thead><tbody>');
  for (const a of AREAS) {
    const c = model.byArea[a];
    o.push(`<tr><td>${a}</td><td class="num">${formatScore(model.scores.byArea[a])}</td><td class="num">${c.P0}</td><td class="num">${c.P1}</td><td class="num">${c.P2}</td></tr>`);
  }
  o.push('</tbody></table>');
  o.push(`<p class="meta">${inline(SCORE_NOTE)}</p>`);
  o.push('</section>');

  let n = 0;
  for (const p of PRIORITIES) {
    o.push(`<section id="${p.toLowerCase()}" class="priority">`);
    o.push(`<h2><span class="pill ${p.toLowerCase()}">${p}</span> ${PRIORITY_LABEL[p]} (${model.counts[p]})</h2>`);
    const groups = findingsByRule(model, p);
    if (groups.length === 0) o.push(`<p>No ${p} findings.</p>`);
    for (const { meta: m, findings } of groups) {
      n++;
      o.push(`<details open class="rule" data-rule="${escapeHtml(m.id)}"><summary>${n}. ${escapeHtml(m.title)} (<code>${escapeHtml(m.id)}</code>): ${plural(findings.length, 'finding')}</summary>`);
      o.push(`<p class="why"><b>Area</b>: ${m.area}${m.docs.why ? ` · <b>Why it matters</b>: ${inline(m.docs.why)}` : ''}</p>`);
      o.push(`<p class="why"><b>Fix</b>: ${inline(m.action)}</p>`);
      o.push('<ol class="findings">');
      const loc = (f: ReportFinding) => `<a class="loc" href="${escapeHtml(f.path.split('/').map(encodeURIComponent).join('/'))}" data-path="${escapeHtml(f.path)}" data-line="${f.line}" data-column="${f.column}">${escapeHtml(f.path)}:${f.line}</a>`;
      for (const g of groupFindings(findings)) {
        const [f] = g.findings;
        if (g.findings.length === 1) {
          const lang = languageOf(f.path);
          o.push(`<li>${loc(f)}: ${inline(f.message)}`);
          if (f.code) o.push(`<pre><code${lang ? ` class="language-${lang}"` : ''}>${escapeHtml(f.code)}</code></pre>`);
        } else {
          // One entry for findings that say the same thing: the first one's message, then every site.
          o.push(`<li class="group"><b>${g.findings.length} ×</b> ${inline(f.message)}`, '<ul class="sites">');
          for (const site of g.findings) o.push(`<li>${loc(site)}${site.code ? `: <code>${escapeHtml(site.code)}</code>` : ''}</li>`);
          o.push('</ul>');
        }
        if (g.fixes.length) o.push(`<div class="fixline">Quick fix: ${g.fixes.map(inline).join('; ')}</div>`);
        o.push('</li>');
      }
      o.push('</ol></details>');
    }
    o.push('</section>');
  }

  o.push('<section id="checklist">', '<h2>Summary Checklist</h2>');
  o.push('<table><thead><tr><th>Area</th><th>Check</th><th>Status</th><th class="num">Findings</th><th>Action</th></tr></thead><tbody>');
  for (const row of model.checklist) {
    const check = row.rule ? `${escapeHtml(row.rule.title)} (<code>${escapeHtml(row.rule.id)}</code>)` : 'All checks';
    o.push(`<tr><td>${row.area}</td><td>${check}</td><td><span class="status ${CHECK_CLASS[row.status]}">${row.status}</span></td><td class="num">${row.count}</td><td>${inline(row.action)}</td></tr>`);
  }
  o.push('</tbody></table>', '</section>');

  o.push('<section id="matrix">', '<h2>Priority Matrix</h2>', '<p>Every rule that was checked, with its number of findings: a rule without findings passed.</p>');
  for (const p of PRIORITIES) {
    const rows = model.rules.filter((r) => r.meta.priority === p);
    o.push(`<h3><span class="pill ${p.toLowerCase()}">${p}</span> ${PRIORITY_LABEL[p]} (${rows.filter((r) => r.count > 0).length} of ${rows.length} rules with findings)</h3>`);
    o.push('<table><thead><tr><th>Rule</th><th>Area</th><th class="num">Findings</th><th>Status</th></tr></thead><tbody>');
    for (const r of rows) {
      const cls = r.status === 'open' ? p.toLowerCase() : r.status === 'off' ? 'off' : 'pass';
      o.push(`<tr data-rule="${escapeHtml(r.meta.id)}"><td>${escapeHtml(r.meta.title)} (<code>${escapeHtml(r.meta.id)}</code>)</td><td>${r.meta.area}</td><td class="num">${r.count}</td><td><span class="status ${cls}">${RULE_STATUS[r.status]}</span></td></tr>`);
    }
    o.push('</tbody></table>');
  }
  o.push('</section>');
  o.push(`<footer>Generated by rust-readiness ${escapeHtml(model.version)} on ${model.date}.</footer>`);
  o.push('</body>', '</html>', '');
  return o.join('\n');
}
