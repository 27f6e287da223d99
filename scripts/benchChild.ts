/**
 * The measured side of `npm run bench`'s whole-process rows: `node out/scripts/benchChild.js scan DIR
 * [--jobs N]` runs the CLI's own \`main\` (JSON output into memory), `… parse LIST` reads and
 * tree-sitter-parses the Rust files listed in LIST and loads nothing else (the floor a scan is
 * compared with). Prints one JSON line: CPU of the whole process (every thread) and its peak RSS.
 * Nothing is imported at the top, so the parse run pays only for tree-sitter.
 */
import * as fs from 'fs';
import { Writable } from 'stream';

function report(extra: Record<string, number>): void {
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, ...extra }) + '\n');
}

async function run(args: string[]): Promise<void> {
  const [mode, target, ...rest] = args;
  if (mode === 'parse') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseRust } = require('../server/src/core/parsers/rust') as typeof import('../server/src/core/parsers/rust');
    const files = fs.readFileSync(target, 'utf8').split('\n').filter(Boolean);
    let nodes = 0;
    for (const f of files) nodes += parseRust(fs.readFileSync(f, 'utf8')).rootNode.childCount;
    if (nodes === 0 && files.length > 0) throw new Error('nothing parsed');
    report({ files: files.length });
    return;
  }
  if (mode !== 'scan') throw new Error(`unknown mode ${mode}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../server/src/cli/main') as typeof import('../server/src/cli/main');
  const chunks: string[] = [];
  const out = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  const err = new Writable({ write(_chunk, _enc, cb) { cb(); } });
  const code = await main([target, '--format', 'json', '--fail-on', 'none', ...rest], out, err);
  if (code !== 0) throw new Error(`CLI exited ${code}`);
  report({ findings: (JSON.parse(chunks.join('')) as { findings: unknown[] }).findings.length });
}

run(process.argv.slice(2)).catch((e) => { process.stderr.write(`${(e as Error).stack ?? e}\n`); process.exit(1); });
