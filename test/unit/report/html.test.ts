import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildReportModel, type ReportInput } from '../../../server/src/report/model';
import { renderHtml } from '../../../server/src/report/html';
import { parseWebviewMessage, toWebviewHtml, webviewCsp } from '../../../server/src/protocol/reportWebview';
import { buildReportForAnalyzer } from '../../../server/src/report';
import { Analyzer } from '../../../server/src/core/engine/analyzer';
import { WorkspaceModel } from '../../../server/src/core/engine/workspace';
import { createEngine } from '../../../rules';
import { codeLines, diag, meta, resultsOf } from '../../helpers/report';
import { writeWorkspace } from '../../helpers/workspace';
import { skipUnlessInstalled } from '../../helpers/editors';
import { pathToFileURL } from 'url';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const RULES = [
  meta('secret-in-log', 'P0', 'Security'),
  meta('k8s-runs-as-root', 'P1', 'Security'),
  meta('panic-in-production', 'P1', 'Reliability'),
  meta('docker-cargo-unlocked', 'P2', 'Supply chain'),
];
const FILES = { 'src/main.rs': 'fn main() {\n    info!(token = %token);\n    x.unwrap();\n    y.unwrap();\n}\n', 'Dockerfile': 'FROM a\nRUN cargo build\n', 'k8s/d.yaml': 'spec:\n  containers: []\n' };

function input(extra: Partial<ReportInput> = {}): ReportInput {
  return {
    workspace: 'svc <&>',
    results: resultsOf([
      diag('secret-in-log', 'src/main.rs', 2, 'P0', 'logs `token` <script>alert(1)</script>'),
      diag('k8s-runs-as-root', 'k8s/d.yaml', 2, 'P1'),
      diag('panic-in-production', 'src/main.rs', 3, 'P1'),
      diag('panic-in-production', 'src/main.rs', 4, 'P1'),
      diag('docker-cargo-unlocked', 'Dockerfile', 2, 'P2'),
    ]),
    rules: RULES,
    codeLine: codeLines(FILES),
    version: '1.0.0',
    date: new Date('2026-02-07T00:00:00Z'),
    ...extra,
  };
}

describe('report HTML', () => {
  it('is self-contained: inline CSS and SVG, no scripts, no external fetches, a strict policy', () => {
    const html = renderHtml(buildReportModel(input()));
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
    assert.match(html, /<style>/);
    assert.match(html, /<svg id="findings-chart"/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<link\b/i);
    assert.doesNotMatch(html, /\b(src|href)="(https?:)?\/\//i);
    assert.doesNotMatch(html, /url\(/);
    assert.doesNotMatch(html, /@import/);
  });

  it('escapes everything that comes from the workspace', () => {
    const html = renderHtml(buildReportModel(input()));
    assert.match(html, /Production Readiness Report: svc &lt;&amp;&gt;/);
    assert.match(html, /logs <code>token<\/code> &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('draws one bar per area and priority with findings, sized by count', () => {
    const html = renderHtml(buildReportModel(input()));
    const bars = [...html.matchAll(/<rect class="bar bar-(P\d)" data-area="([^"]+)" data-priority="P\d" data-count="(\d+)" x="[\d.]+" y="\d+" width="([\d.]+)"/g)]
      .map((m) => ({ p: m[1], area: m[2], n: Number(m[3]), w: Number(m[4]) }));
    assert.deepStrictEqual(bars.map((b) => `${b.area}/${b.p}=${b.n}`), ['Security/P0=1', 'Security/P1=1', 'Reliability/P1=2', 'Supply chain/P2=1']);
    const rel = bars.find((b) => b.area === 'Reliability')!;
    const sec = bars.find((b) => b.area === 'Security')!;
    assert.ok(Math.abs(rel.w - 2 * sec.w) < 0.2, 'width proportional to count');
  });

  it('links each finding to its file and line (data-path / data-line)', () => {
    const html = renderHtml(buildReportModel(input()));
    assert.match(html, /<a class="loc" href="src\/main\.rs" data-path="src\/main\.rs" data-line="3" data-column="5">src\/main\.rs:3<\/a>/);
  });

  it('becomes the webview page: nonce policy, the script, the save button', () => {
    const page = toWebviewHtml(renderHtml(buildReportModel(input())), 'abcdefghijklmnop0123', 'vscode-resource:');
    assert.ok(page.includes(`content="${webviewCsp('abcdefghijklmnop0123', 'vscode-resource:')}"`));
    assert.match(page, /default-src 'none'; style-src 'unsafe-inline'; img-src vscode-resource: data:; script-src 'nonce-abcdefghijklmnop0123';/);
    assert.strictEqual(page.match(/Content-Security-Policy/g)!.length, 1);
    assert.match(page, /<script nonce="abcdefghijklmnop0123">[\s\S]*acquireVsCodeApi[\s\S]*<\/script>\n<\/body>/);
    assert.throws(() => toWebviewHtml('<html><head></head><body></body></html>', 'short'));
    // No href the webview host would follow (in code-server it opened a "Not found" tab): the script opens the file.
    assert.ok(page.includes('class="loc"'));
    assert.doesNotMatch(page, /<a class="loc"[^>]*\bhref=/);
    assert.match(page, /<a class="loc" role="link" tabindex="0" data-path="src\/main\.rs" data-line="3"/);
  });

  it('groups findings of a rule that say the same thing into one entry with its sites', () => {
    const html = renderHtml(buildReportModel(input()));
    // The two panic-in-production findings share a message: one entry, "2 ×", two site links.
    assert.match(html, /<li class="group"><b>2 ×<\/b> panic-in-production message<ul class="sites">|<li class="group"><b>2 ×<\/b> panic-in-production message\n?<ul class="sites">/);
    assert.match(html, /<ul class="sites">\n?<li><a class="loc"[^>]*data-line="3"[^>]*>src\/main\.rs:3<\/a>: <code>x\.unwrap\(\);<\/code><\/li>/);
    assert.match(html, /data-line="4"[^>]*>src\/main\.rs:4<\/a>: <code>y\.unwrap\(\);<\/code>/);
  });

  it('accepts only well-formed webview messages with workspace-relative paths', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'open', path: 'src/main.rs', line: 3 }), { type: 'open', path: 'src/main.rs', line: 3 });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'open', path: 'a.rs', line: 'x' }), { type: 'open', path: 'a.rs', line: 1 });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'saveMarkdown' }), { type: 'saveMarkdown' });
    for (const bad of [null, 'open', {}, { type: 'open' }, { type: 'open', path: '../../etc/passwd', line: 1 }, { type: 'open', path: '/etc/passwd', line: 1 }, { type: 'open', path: 'C:\\x', line: 1 }, { type: 'run' }]) {
      assert.strictEqual(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  describe('in headless Chromium', function () {
    this.timeout(60000);
    let browser: any;
    before(async function () {
      skipUnlessInstalled(this, fs.existsSync(CHROMIUM), CHROMIUM);
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    });
    after(async () => { await browser?.close(); });

    /** Opens the page from a file (a real navigation, so init scripts run); records every other request and console error. */
    async function open(html: string, init?: string) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      const file = path.join(writeWorkspace({ 'report.html': html }), 'report.html');
      const url = pathToFileURL(file).toString();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r: { url(): string }) => { if (r.url() !== url && !r.url().startsWith('data:')) requests.push(r.url()); });
      page.on('console', (m: { type(): string; text(): string }) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e: Error) => errors.push(e.message));
      if (init) await page.addInitScript(init);
      await page.goto(url, { waitUntil: 'load' });
      return { page, url, requests, errors };
    }

    it('shows the bar chart (every bar has a non-zero box) and fetches nothing', async () => {
      const { page, requests, errors } = await open(renderHtml(buildReportModel(input())));
      const chart = await page.locator('#findings-chart').boundingBox();
      assert.ok(chart && chart.width > 300 && chart.height > 100, `chart box ${JSON.stringify(chart)}`);
      const bars = page.locator('#findings-chart rect.bar');
      assert.strictEqual(await bars.count(), 4);
      for (let i = 0; i < 4; i++) {
        const box = await bars.nth(i).boundingBox();
        assert.ok(box && box.width > 0 && box.height > 0, `bar ${i} box ${JSON.stringify(box)}`);
        assert.ok(await bars.nth(i).isVisible());
      }
      const colors: string[] = await bars.evaluateAll((els: any[]) => els.map((e) => (globalThis as any).getComputedStyle(e).fill));
      assert.strictEqual(new Set(colors).size, 3, `three priority colours: ${colors}`);
      assert.strictEqual(await page.locator('#save-markdown').isVisible(), false, 'the save button is for the webview only');
      assert.deepStrictEqual(requests, []);
      assert.deepStrictEqual(errors, []);
      await page.close();
    });

    it('in the webview form, clicking a finding posts open and the button posts saveMarkdown', async () => {
      const stub = 'window.__messages = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__messages.push(m) });';
      const html = toWebviewHtml(renderHtml(buildReportModel(input())), 'nonce0123456789abcdef');
      const { page, url, errors } = await open(html, stub);
      await page.locator('a.loc[data-line="3"]').click();
      // Keyboard users open it with Enter.
      await page.locator('a.loc[data-line="4"]').focus();
      await page.keyboard.press('Enter');
      assert.ok(await page.locator('#save-markdown').isVisible());
      await page.locator('#save-markdown').click();
      const messages = await page.evaluate('window.__messages');
      assert.deepStrictEqual(messages, [{ type: 'open', path: 'src/main.rs', line: 3 }, { type: 'open', path: 'src/main.rs', line: 4 }, { type: 'saveMarkdown' }]);
      assert.strictEqual(page.url(), url, 'the link did not navigate');
      assert.deepStrictEqual(errors, []);
      await page.close();
    });

    it('renders the example workspace report and saves the screenshot for the README', async () => {
      const root = path.join(REPO, 'examples', 'chat-service');
      const engine = createEngine();
      const analyzer = new Analyzer(engine, new WorkspaceModel(root, { knownRules: engine.knownIds }));
      const { html, model } = buildReportForAnalyzer(analyzer, root);
      const { page, requests } = await open(html);
      const bars = page.locator('#findings-chart rect.bar');
      const expected = model.findings.length === 0 ? 0 : new Set(model.findings.map((f) => `${f.area}/${f.priority}`)).size;
      assert.strictEqual(await bars.count(), expected);
      for (let i = 0; i < expected; i++) {
        const box = await bars.nth(i).boundingBox();
        assert.ok(box && box.width > 0 && box.height > 0);
      }
      assert.deepStrictEqual(requests, []);
      // The README's screenshot is refreshed on request only, so a test run leaves the tree clean.
      const out = process.env.UPDATE_SCREENSHOTS ? path.join(REPO, 'docs', 'images', 'report.png') : path.join(REPO, '.test-run', 'report.png');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await page.setViewportSize({ width: 1000, height: 1100 });
      await page.screenshot({ path: out });
      assert.ok(fs.statSync(out).size > 10000);
      await page.close();
    });
  });
});
