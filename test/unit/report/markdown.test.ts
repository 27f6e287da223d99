import * as assert from 'assert';
import { buildReportModel, type ReportInput } from '../../../server/src/report/model';
import { fence, inlineMd, renderMarkdown } from '../../../server/src/report/markdown';
import { buildReportForAnalyzer } from '../../../server/src/report';
import { analyze } from '../../helpers/workspace';
import { codeLines, diag, meta, resultsOf } from '../../helpers/report';

const RULES = [
  meta('secret-in-log', 'P0', 'Security', { title: 'Secret written to logs', action: 'Log `mask(token)` instead of the token' }),
  meta('unbounded-channel', 'P0', 'Reliability'),
  meta('panic-in-production', 'P1', 'Reliability', { title: 'Panic in production code' }),
  meta('docker-cargo-unlocked', 'P2', 'Supply chain'),
  meta('codeowners-missing', 'P2', 'Operations'),
  meta('image-tag-unpinned', 'P1', 'Deployment'),
];
const FILES = {
  'src/main.rs': 'fn main() {\n    tracing::info!(token = %token, "login");\n    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();\n    let port: u16 = env_port().unwrap();\n    let host = "h".parse::<Ip>().expect("host `literal`");\n}\n',
  Dockerfile: 'FROM rust:1.80\nRUN cargo build --release\n',
};
const FIX = { title: 'Replace `.unwrap()` with `.context(…)?`', preferred: true, edits: [] };

function input(extra: Partial<ReportInput> = {}): ReportInput {
  return {
    workspace: 'svc',
    results: resultsOf([
      diag('secret-in-log', 'src/main.rs', 2, 'P0', '`token` is a secret: logging it writes it to every log sink.'),
      diag('unbounded-channel', 'src/main.rs', 3, 'P0', 'Unbounded channel of Vec<u8> | grows without limit'),
      diag('panic-in-production', 'src/main.rs', 4, 'P1', '`.unwrap()` panics', [FIX]),
      diag('panic-in-production', 'src/main.rs', 5, 'P1', '`.expect(…)` panics'),
      diag('docker-cargo-unlocked', 'Dockerfile', 2, 'P2', '`cargo build` without `--locked`'),
    ]),
    rules: RULES,
    activeRuleIds: new Set(RULES.map((r) => r.id).filter((id) => id !== 'image-tag-unpinned')),
    codeLine: codeLines(FILES),
    version: '1.2.3',
    date: new Date('2026-02-07T12:00:00Z'),
    filesAnalysed: 2,
    ...extra,
  };
}

/** The text of one `## ` section (up to the next `## `). */
function section(md: string, heading: RegExp): string {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## ') && heading.test(l));
  assert.ok(start >= 0, `no section ${heading}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

describe('report model and Markdown', () => {
  it('counts by priority and area, scores, and sorts findings P0 first', () => {
    const m = buildReportModel(input());
    assert.deepStrictEqual(m.counts, { P0: 2, P1: 2, P2: 1 });
    assert.deepStrictEqual(m.byArea.Reliability, { P0: 1, P1: 2, P2: 0 });
    assert.deepStrictEqual(m.byArea.Deployment, { P0: 0, P1: 0, P2: 0 });
    // Deployment's only rule did not run: nothing was assessed there, which is not a 10.
    assert.strictEqual(m.scores.byArea.Deployment, undefined);
    assert.ok(!m.assessedAreas.includes('Deployment'));
    assert.strictEqual(m.scores.byArea.Operations, 10);
    assert.ok(m.scores.overall! <= 5.5);
    assert.deepStrictEqual(m.findings.map((f) => f.ruleId), ['secret-in-log', 'unbounded-channel', 'panic-in-production', 'panic-in-production', 'docker-cargo-unlocked']);
    assert.strictEqual(m.findings[2].code, 'let port: u16 = env_port().unwrap();');
    assert.deepStrictEqual(m.findings[2].fixes, [FIX.title]);
    assert.strictEqual(m.rulesRun, 5);
    assert.strictEqual(m.rulesTotal, 6);
  });

  it('writes the header and the executive summary', () => {
    const md = renderMarkdown(buildReportModel(input()));
    assert.match(md, /^# Production Readiness Report: svc$/m);
    assert.match(md, /\*\*Date\*\*: 2026-02-07/);
    assert.match(md, /\*\*Tool\*\*: rust-readiness 1\.2\.3/);
    assert.match(md, /\*\*Rules run\*\*: 5 of 6/);
    const summary = section(md, /Executive Summary/);
    assert.match(summary, /Production Readiness Score: \*\*\d\.\d\/10\*\*/);
    assert.match(summary, /\| 🔴 P0 \| Blocks production \| 2 \|/);
    assert.match(summary, /\| 🟠 P1 \| Before launch \| 2 \|/);
    assert.match(summary, /\| 🔵 P2 \| Continuous improvement \| 1 \|/);
    assert.match(summary, /\*\*Total\*\* \| \*\*5\*\*/);
    assert.match(summary, /\| Deployment \| not assessed \| 0 \| 0 \| 0 \|/);
    assert.match(summary, /\| Operations \| 10\.0\/10 \| 0 \| 0 \| 0 \|/);
    assert.match(summary, /Not production-ready/);
  });

  it('lists each finding in its priority section with path:line, code line, why and fix', () => {
    const md = renderMarkdown(buildReportModel(input()));
    const p0 = section(md, /P0: Blocks production \(2\)/);
    assert.match(p0, /### 1\. Secret written to logs \(`secret-in-log`\): 1 finding/);
    assert.match(p0, /\*\*Why it matters\*\*: Why secret-in-log matters in production\./);
    assert.match(p0, /\*\*Fix\*\*: Log `mask\(token\)` instead of the token/);
    assert.match(p0, /1\. `src\/main\.rs:2`: `token` is a secret/);
    assert.match(p0, /```rust\n {3}tracing::info!\(token = %token, "login"\);\n {3}```/);
    // `<` outside code spans is escaped so Markdown renderers do not take it for HTML.
    assert.match(p0, /Unbounded channel of Vec&lt;u8&gt;/);
    const p1 = section(md, /P1: Before launch \(2\)/);
    assert.match(p1, /Panic in production code \(`panic-in-production`\): 2 findings/);
    assert.match(p1, /`src\/main\.rs:4`/);
    assert.match(p1, /Quick fix: Replace `\.unwrap\(\)` with `\.context\(…\)\?`/);
    assert.match(p1, /`src\/main\.rs:5`/);
    const p2 = section(md, /P2: Continuous improvement \(1\)/);
    assert.match(p2, /`Dockerfile:2`/);
    assert.match(p2, /```dockerfile\n {3}RUN cargo build --release/);
    // Sections come in priority order.
    assert.ok(md.indexOf('P0: Blocks production (') < md.indexOf('P1: Before launch (') && md.indexOf('P1: Before launch (') < md.indexOf('P2: Continuous improvement ('));
  });

  it('says so when a priority has no findings', () => {
    const md = renderMarkdown(buildReportModel(input({ results: resultsOf([diag('docker-cargo-unlocked', 'Dockerfile', 2, 'P2')]) })));
    assert.match(section(md, /P0: Blocks production \(0\)/), /No P0 findings\./);
    assert.match(md, /Production-ready, with P2 improvements/);
  });

  it('writes the summary checklist by area with status and action', () => {
    const md = renderMarkdown(buildReportModel(input()));
    const cl = section(md, /Summary Checklist/);
    assert.match(cl, /\| Security \| Secret written to logs \(`secret-in-log`\) \| 🔴 Fix \| 1 \| Log `mask\(token\)` instead of the token \|/);
    assert.match(cl, /\| Reliability \| Panic in production code \(`panic-in-production`\) \| 🟠 Improve \| 2 \| Action for panic-in-production \|/);
    assert.match(cl, /\| Supply chain \| .* \| 🔵 Review \| 1 \|/);
    assert.match(cl, /\| Operations \| All checks \| ✅ Pass \| 0 \| 1 rule checked, no findings \|/);
    // image-tag-unpinned is off: Deployment has nothing checked.
    assert.match(cl, /\| Deployment \| All checks \| ⚪ Not assessed \| 0 \| Nothing here for its rules to examine \|/);
    const areas = [...cl.matchAll(/^\| (Security|Reliability|Operations|Observability|Deployment|Supply chain) \|/gm)].map((x) => x[1]);
    assert.deepStrictEqual([...new Set(areas)], ['Security', 'Reliability', 'Operations', 'Observability', 'Deployment', 'Supply chain']);
  });

  it('lists every rule in the priority matrix, passed and off ones included', () => {
    const md = renderMarkdown(buildReportModel(input()));
    const matrix = section(md, /Priority Matrix/);
    for (const r of RULES) assert.match(matrix, new RegExp(`\\(\`${r.id}\`\\)`), r.id);
    assert.match(matrix, /### P0: Blocks production \(2 of 2 rules with findings\)/);
    assert.match(matrix, /\| Panic in production code \(`panic-in-production`\) \| Reliability \| 2 \| 🟠 2 findings \|/);
    assert.match(matrix, /\(`codeowners-missing`\) \| Operations \| 0 \| ✅ Passed \|/);
    assert.match(matrix, /\(`image-tag-unpinned`\) \| Deployment \| 0 \| ⚪ Off \(not run\) \|/);
  });

  it('indents code under list items 10 and beyond to the item content column', () => {
    // Messages of different shapes, so each is its own entry.
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda'];
    const many = words.map((w) => diag('panic-in-production', 'src/main.rs', 4, 'P1', w));
    const md = renderMarkdown(buildReportModel(input({ results: resultsOf(many) })));
    assert.match(md, /^9\. `src\/main\.rs:4`: iota\n\n {3}```rust\n {3}let port/m);
    assert.match(md, /^10\. `src\/main\.rs:4`: kappa\n\n {4}```rust\n {4}let port/m);
  });

  it('groups findings of a rule that say the same thing: one entry, its sites listed', () => {
    const same = (line: number, name: string) => diag('panic-in-production', 'src/lib.rs', line, 'P1', `\`.expect("Error loading ${name}")\` on \`${name}.load(conn)\` panics on a database error (${line} rows)`);
    const results = resultsOf([same(1, 'rooms'), same(2, 'users'), same(3, 'media'), diag('panic-in-production', 'src/lib.rs', 4, 'P1', 'a different message')]);
    const codeLine = codeLines({ 'src/lib.rs': 'rooms.load(conn).expect("Error loading rooms")\nusers.load(conn).expect("Error loading users")\nmedia.load(conn).expect("Error loading `media`")\nother()\n' });
    const md = renderMarkdown(buildReportModel(input({ results, codeLine })));
    const p1 = section(md, /P1: Before launch \(4\)/);
    assert.match(p1, /: 4 findings/);
    assert.match(p1, /^1\. \*\*3 ×\*\* `\.expect\("Error loading rooms"\)` on `rooms\.load\(conn\)` panics/m);
    assert.match(p1, /^ {3}- `src\/lib\.rs:1`: `rooms\.load\(conn\)\.expect\("Error loading rooms"\)`$/m);
    assert.match(p1, /^ {3}- `src\/lib\.rs:2`: `users\.load/m);
    // A code line with backticks gets a longer code-span delimiter.
    assert.match(p1, /^ {3}- `src\/lib\.rs:3`: ``media\.load\(conn\)\.expect\("Error loading `media`"\)``$/m);
    assert.match(p1, /^2\. `src\/lib\.rs:4`: a different message/m);
    assert.strictEqual((p1.match(/^\d+\. /gm) ?? []).length, 2);
  });

  it('mentions the baseline when one is used', () => {
    const md = renderMarkdown(buildReportModel(input({ baselined: 7, baselineFile: '.readiness-baseline.json' })));
    assert.match(md, /\*\*Baseline\*\*: 7 known findings hidden \(`\.readiness-baseline\.json`\)/);
    assert.doesNotMatch(renderMarkdown(buildReportModel(input())), /Baseline/);
  });

  it('escapes table cells and fences code containing backticks', () => {
    assert.strictEqual(inlineMd('a | b <T> `x | y`', true), 'a \\| b &lt;T&gt; `x \\| y`');
    assert.strictEqual(inlineMd('line\nbreak'), 'line break');
    assert.strictEqual(fence('let s = "```";', 'rust'), '````rust\nlet s = "```";\n````');
  });

  it('reports a real workspace through the analyzer (sections, code lines, every rule listed)', () => {
    const a = analyze({
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nanyhow = "1"\n',
      'src/main.rs': 'use anyhow::Result;\n\nfn main() -> Result<()> {\n    let p: u16 = args.one.parse().expect("port");\n    Ok(())\n}\n',
      'config.toml': 'db_path = "data/app.db"\n',
      '.gitignore': '/target\n',
    });
    const { markdown, html, model } = buildReportForAnalyzer(a.analyzer, a.root, { date: new Date('2026-01-02T00:00:00Z') });
    assert.match(markdown, /\*\*Date\*\*: 2026-01-02/);
    assert.match(markdown, /`src\/main\.rs:4`: `\.expect\("port"\)`/);
    assert.match(markdown, /let p: u16 = args\.one\.parse\(\)\.expect\("port"\);/);
    assert.match(markdown, /`\.gitignore:1`/);
    for (const r of a.analyzer.engine.allMeta()) assert.ok(markdown.includes(`(\`${r.id}\`)`), `matrix lists ${r.id}`);
    assert.strictEqual(model.rulesTotal, a.analyzer.engine.allMeta().length);
    assert.ok(model.filesAnalysed! >= 4);
    assert.match(html, /<svg id="findings-chart"/);
  });
});
