/**
 * Turns the standalone report page into the VS Code webview's page: a strict policy (nothing but
 * inline styles and one nonce'd script) and a small script that posts `{ type: 'open', path, line }`
 * when a finding's location is clicked (or Enter pressed on it; locations carry no href there) and `{ type: 'saveMarkdown' }` from the "Save as Markdown"
 * button. Pure string work, so it is tested without VS Code.
 */

/** The policy of the standalone page (`html.ts`); replaced by the webview's own. No imports here: the extension host loads this file. */
export const STANDALONE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export type ReportWebviewMessage = { type: 'open'; path: string; line: number } | { type: 'saveMarkdown' };

export function webviewCsp(nonce: string, cspSource?: string): string {
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${cspSource ? cspSource + ' ' : ''}data:; script-src 'nonce-${nonce}';`;
}

/** The script the webview runs (also used by the headless-browser test with a stubbed `acquireVsCodeApi`). */
const WEBVIEW_SCRIPT = `(function () {
  const vscode = acquireVsCodeApi();
  const save = document.getElementById('save-markdown');
  if (save) {
    save.hidden = false;
    save.addEventListener('click', function () { vscode.postMessage({ type: 'saveMarkdown' }); });
  }
  function open(event) {
    const target = event.target instanceof Element ? event.target.closest('a[data-path]') : null;
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    vscode.postMessage({ type: 'open', path: target.getAttribute('data-path'), line: Number(target.getAttribute('data-line')) || 1 });
  }
  document.addEventListener('click', open, true);
  document.addEventListener('keydown', function (event) { if (event.key === 'Enter') open(event); }, true);
})();`;

export function toWebviewHtml(html: string, nonce: string, cspSource?: string): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('the nonce must be 16+ base64/alphanumeric characters');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${webviewCsp(nonce, cspSource)}">`;
  const standalone = `<meta http-equiv="Content-Security-Policy" content="${STANDALONE_CSP}">`;
  let out = html.includes(standalone) ? html.replace(standalone, meta) : html.replace(/<head>/i, `<head>\n${meta}`);
  // A location keeps no href in the webview: VS Code's webview host follows hrefs itself (in
  // code-server a relative one opened a "Not found" browser tab). The script opens the file instead;
  // role and tabindex keep it a focusable link.
  out = out.replace(/<a class="loc" href="[^"]*"/g, '<a class="loc" role="link" tabindex="0"');
  const script = `<script nonce="${nonce}">\n${WEBVIEW_SCRIPT}\n</script>\n`;
  const end = out.lastIndexOf('</body>');
  out = end >= 0 ? out.slice(0, end) + script + out.slice(end) : out + script;
  return out;
}

/** Validates a message from the webview (anything else is ignored by the extension). */
export function parseWebviewMessage(msg: unknown): ReportWebviewMessage | undefined {
  if (!msg || typeof msg !== 'object') return undefined;
  const m = msg as Record<string, unknown>;
  if (m.type === 'saveMarkdown') return { type: 'saveMarkdown' };
  if (m.type === 'open' && typeof m.path === 'string' && m.path.length > 0) {
    const line = typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 1 ? m.line : 1;
    // Workspace-relative paths only: no absolute paths, no climbing out of the folder.
    const p = m.path.replace(/\\/g, '/');
    if (p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.split('/').includes('..')) return undefined;
    return { type: 'open', path: p, line };
  }
  return undefined;
}
