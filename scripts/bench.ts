/**
 * Benchmark: `npm run bench` (or `node out/scripts/bench.js [--rounds N] [--edits N] [--top N] [--no-rules]`).
 *
 * 1. Generates bench-workspace/ (gitignored): a Cargo workspace of ≥300 Rust files, ≥4 MB, written
 *    the way services are (handlers, startup code, channels, logging, config, error types, tests),
 *    mixing the patterns the rules look at, plus one 300 KB file; and the usual non-Rust files
 *    (Cargo manifests, Dockerfile, .gitignore, config, CI workflow, Kubernetes manifest, .env).
 * 2. Full scan vs parse-only, measured in one process, alternating, median of N rounds after a
 *    warm-up: the CLI engine's whole analysis (list, read, parse every file, run every rule) next to
 *    reading + tree-sitter parsing the same Rust files and nothing else. Budget: scan ≤ 1.5× parse.
 * 3. Edit to diagnostics through the real stdio server (vscode-languageserver-protocol client):
 *    open the 300 KB file, wait for the startup scan to finish, then send one-character
 *    incremental didChange edits and time each until publishDiagnostics carries that version.
 *    Budget: < 30 ms.
 * 4. Each rule alone (--no-rules skips it): its time over the parsed workspace and on the 300 KB
 *    file, the slowest first (--top N), to show where the time goes.
 * Prints tables. Deterministic: the generator is seeded. bench-workspace/ stays for inspection
 * (gitignored, regenerated each run).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
  PublishDiagnosticsNotification, ShutdownRequest, ExitNotification, ConfigurationRequest, WorkDoneProgressCreateRequest,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { allRules, createEngine, engineRules } from '../rules';
import { analyzeTargets } from '../server/src/cli/check';
import { Engine } from '../server/src/engine/engine';
import { WorkspaceModel } from '../server/src/engine/workspace';
import type { ParsedDocument } from '../server/src/parsers/document';
import { parseRust } from '../server/src/parsers/rust';
import { CRATES, Gen, HEADER, NOUNS, VERBS, rng } from './serviceGen';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.resolve(__dirname, '..');
const WS = path.join(ROOT, 'bench-workspace');
const BIG = 'crates/gateway/src/protocol.rs';

// ---------------------------------------------------------------------------------------------
// Workspace generator (the Rust text comes from serviceGen.ts)

function write(rel: string, text: string): number {
  const abs = path.join(WS, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
  return Buffer.byteLength(text);
}

interface Generated { rustFiles: string[]; rustBytes: number; otherFiles: number }

function generate(): Generated {
  fs.rmSync(WS, { recursive: true, force: true });
  const g = new Gen(rng(20260523));
  const rustFiles: string[] = [];
  let rustBytes = 0, otherFiles = 0;
  const other = (rel: string, text: string) => { write(rel, text); otherFiles++; };
  other('Cargo.toml', `[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n\n[workspace.package]\nedition = "2021"\nversion = "0.4.0"\n\n[workspace.dependencies]\nanyhow = "1"\ntokio = { version = "1", features = ["full"] }\nserde = { version = "1", features = ["derive"] }\nserde_json = "1"\ntracing = "0.1"\nthiserror = "1"\nsqlx = { version = "0.7", features = ["postgres", "runtime-tokio"] }\nrustls = "0.23"\n\n[profile.release]\nlto = true\n`);
  other('.gitignore', '/target\n*.swp\n');
  other('config.toml', `listen = "0.0.0.0:7000"\ndb_path = "data/app.db"\ntls_key = "data/server-key.pem"\nadmin_password = "changeme"\ndatabase_url = "postgres://app:hunter2@db:5432/app"\n`);
  other('.env.example', 'DATABASE_URL=postgres://app:secret@localhost:5432/app\nJWT_SECRET=dev-secret\nRUST_LOG=info\n');
  other('Dockerfile', `FROM rust:1.79 AS build\nWORKDIR /app\nCOPY Cargo.toml Cargo.lock ./\nCOPY crates ./crates\nRUN cargo build --release\n\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y ca-certificates\nCOPY --from=build /app/target/release/server /usr/local/bin/server\nCMD ["server"]\n`);
  other('.github/workflows/ci.yml', `name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: dtolnay/rust-toolchain@stable\n      - run: cargo test --workspace\n`);
  other('deploy/k8s/deployment.yaml', `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: server\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: server }\n  template:\n    metadata:\n      labels: { app: server }\n    spec:\n      containers:\n        - name: server\n          image: example/server:0.4.0\n          ports:\n            - containerPort: 7000\n`);
  const perCrate = 15; // 20 crates × 15 = 300 Rust files, plus the big one
  for (const c of CRATES) {
    const deps = ['anyhow', 'tokio', 'serde', 'serde_json', 'tracing', 'thiserror', ...(g.chance(0.4) ? ['sqlx'] : []), ...(g.chance(0.3) ? ['rustls'] : [])];
    other(`crates/${c}/Cargo.toml`, `[package]\nname = "${c}"\nversion.workspace = true\nedition.workspace = true\n\n[dependencies]\n${deps.map((d) => `${d}.workspace = true`).join('\n')}\n`);
    const modules = Array.from({ length: perCrate - 1 }, (_, i) => `${g.pick(NOUNS)}_${g.pick(VERBS)}_${i}`);
    const isBin = c === 'server' || c === 'cli' || c === 'worker';
    const rootFile = isBin ? 'main.rs' : 'lib.rs';
    let root = `//! The ${c} crate.\n${modules.map((m) => `pub mod ${m};`).join('\n')}\n${c === 'gateway' ? 'pub mod protocol;\n' : ''}mod prelude {\n    pub use super::*;\n}\n\n`;
    if (isBin) {
      root += `use anyhow::Result;\n\n#[tokio::main]\nasync fn main() -> Result<()> {\n    let addr: std::net::SocketAddr = std::env::var("LISTEN").unwrap_or_else(|_| "0.0.0.0:7000".into()).parse().expect("Invalid listen address");\n    let listener = tokio::net::TcpListener::bind(addr).await?;\n    tracing::info!("listening on {}", addr);\n    loop {\n        let (_socket, peer) = listener.accept().await?;\n        tracing::info!("connection from {}", peer);\n    }\n}\n`;
    }
    root = g.file(9000 + g.int(0, 4000), root);
    rustBytes += write(`crates/${c}/src/${rootFile}`, root);
    rustFiles.push(`crates/${c}/src/${rootFile}`);
    for (const m of modules) {
      const rel = `crates/${c}/src/${m}.rs`;
      rustBytes += write(rel, g.file(11000 + g.int(0, 6000), HEADER));
      rustFiles.push(rel);
    }
  }
  rustBytes += write(BIG, g.file(300 * 1024, `//! Wire protocol: frames, codecs and handlers (large on purpose).\n${HEADER}`));
  rustFiles.push(BIG);
  return { rustFiles, rustBytes, otherFiles };
}

// ---------------------------------------------------------------------------------------------
// Measurements

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

function fullScan(): { ms: number; findings: number; files: number } {
  const t0 = process.hrtime.bigint();
  const { workspaces } = analyzeTargets([WS]);
  const t = ms(t0);
  const results = workspaces[0].results;
  return { ms: t, files: results.size, findings: [...results.values()].reduce((n, d) => n + d.length, 0) };
}

function parseOnly(files: string[]): number {
  const t0 = process.hrtime.bigint();
  let nodes = 0;
  for (const rel of files) nodes += parseRust(fs.readFileSync(path.join(WS, rel), 'utf8')).rootNode.childCount;
  const t = ms(t0);
  if (nodes === 0) throw new Error('nothing parsed');
  return t;
}

async function editToDiagnostics(edits: number): Promise<{ open: number; scan: number; samples: number[] }> {
  const server = path.join(OUT, 'server/src/server.js');
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: ((p: PublishDiagnosticsParams, at: bigint) => void)[] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => { const at = process.hrtime.bigint(); for (const w of [...waiters]) w(p, at); });
  let scanEnded!: () => void;
  const scanDone = new Promise<void>((r) => (scanEnded = r));
  (conn as unknown as { onNotification(m: string, h: (p: { value?: { kind?: string } }) => void): void })
    .onNotification('$/progress', (p) => { if (p.value?.kind === 'end') scanEnded(); });
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  conn.listen();
  const wait = (uri: string, version: number, timeoutMs = 60000) => new Promise<bigint>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    const w = (p: PublishDiagnosticsParams, at: bigint) => {
      if (p.uri !== uri || p.version !== version) return;
      clearTimeout(timer);
      waiters.splice(waiters.indexOf(w), 1);
      resolve(at);
    };
    waiters.push(w);
  });
  try {
    const rootUri = pathToFileURL(WS).toString();
    const t0 = process.hrtime.bigint();
    await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench-workspace' }],
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } },
      },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    const uri = pathToFileURL(path.join(WS, BIG)).toString();
    let text = fs.readFileSync(path.join(WS, BIG), 'utf8');
    const opened = wait(uri, 1, 120000);
    const tOpen = process.hrtime.bigint();
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rust', version: 1, text } });
    const openAt = await opened;
    const open = Number(openAt - tOpen) / 1e6;
    await Promise.race([scanDone, new Promise((r) => setTimeout(r, 120000))]);
    const scan = ms(t0);
    await new Promise((r) => setTimeout(r, 500)); // let the post-scan refresh settle
    // One-character edits at spread positions: type a character inside a function body, then delete it.
    const lines = text.split('\n');
    const targets: number[] = [];
    for (let i = 0; i < lines.length && targets.length < 64; i += Math.floor(lines.length / 64)) {
      let j = i;
      while (j < lines.length && !/^ {4}(let|tracing|Ok\(|if|for|match) /.test(lines[j])) j++;
      if (j < lines.length) targets.push(j);
    }
    const samples: number[] = [];
    let version = 1;
    for (let e = 0; e < edits; e++) {
      const line = targets[Math.floor(e / 2) % targets.length];
      const insert = e % 2 === 0;
      const col = 4;
      const change = insert
        ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' }
        : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' };
      const offset = lineOffset(text, line) + col;
      text = insert ? text.slice(0, offset) + 'x' + text.slice(offset) : text.slice(0, offset) + text.slice(offset + 1);
      version++;
      const published = wait(uri, version);
      const t = process.hrtime.bigint();
      await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      const at = await published;
      samples.push(Number(at - t) / 1e6);
      await new Promise((r) => setTimeout(r, 30)); // a typist's pace, not a flood
    }
    return { open, scan, samples };
  } finally {
    await conn.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await conn.sendNotification(ExitNotification.type).catch(() => undefined);
    setTimeout(() => child.kill(), 2000).unref();
    await new Promise((r) => child.once('exit', r));
    conn.dispose();
  }
}

/**
 * Each rule alone over the already-parsed workspace (its document rules on every file, then its
 * workspace rule if any), and alone on the 300 KB file (median of 3): where the scan's time goes.
 * A rule alone pays its own node collection, so the column sums exceed the shared-pass scan.
 */
function ruleCosts(): { id: string; all: number; big: number }[] {
  const model = new WorkspaceModel(WS, { knownRules: createEngine().knownIds });
  const docs = model.files.map((p) => model.document(p)).filter((d): d is ParsedDocument => !!d);
  const big = model.document(BIG)!;
  const warm = createEngine();
  for (const d of docs) warm.runDocumentRules(d, model); // builds the shared per-document caches (macro trees, test spans)
  const out: { id: string; all: number; big: number }[] = [];
  for (const rule of allRules) {
    const e = new Engine([rule], engineRules);
    const t0 = process.hrtime.bigint();
    for (const d of docs) e.runDocumentRules(d, model);
    e.runWorkspaceRules(model);
    const all = ms(t0);
    const bigRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t1 = process.hrtime.bigint();
      e.runDocumentRules(big, model);
      bigRuns.push(ms(t1));
    }
    out.push({ id: rule.meta.id, all, big: median(bigRuns) });
  }
  return out.sort((a, b) => b.all - a.all);
}

function lineOffset(text: string, line: number): number {
  let off = 0;
  for (let i = 0; i < line; i++) off = text.indexOf('\n', off) + 1;
  return off;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const num = (name: string, dflt: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
  const rounds = num('--rounds', 5), edits = num('--edits', 40);

  const tg = process.hrtime.bigint();
  const gen = generate();
  const bigBytes = fs.statSync(path.join(WS, BIG)).size;
  console.log(`bench-workspace: ${gen.rustFiles.length} Rust files, ${(gen.rustBytes / 1048576).toFixed(2)} MB of Rust ` +
    `(largest ${BIG}: ${(bigBytes / 1024).toFixed(0)} KB), ${gen.otherFiles} other files; generated in ${ms(tg).toFixed(0)} ms`);

  // Warm-up (JIT, native module load, file cache), then alternate.
  const warm = fullScan();
  parseOnly(gen.rustFiles);
  const scans: number[] = [], parses: number[] = [];
  for (let i = 0; i < rounds; i++) {
    scans.push(fullScan().ms);
    parses.push(parseOnly(gen.rustFiles));
  }
  const scanMed = median(scans), parseMed = median(parses);

  // The CLI as a user runs it (process start, module load, scan, JSON output), once.
  const cli = path.join(OUT, 'server/src/cli/main.js');
  const tc = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, WS, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const cliMs = ms(tc);
  if (r.status !== 0) console.error(`CLI exited ${r.status}: ${r.stderr.slice(0, 500)}`);

  const costs = args.includes('--no-rules') ? [] : ruleCosts();

  const lsp = await editToDiagnostics(edits);
  const editMed = median(lsp.samples), editP90 = pct(lsp.samples, 90), editMax = Math.max(...lsp.samples);

  const ratio = scanMed / parseMed;
  const rows: [string, string, string][] = [
    ['Full scan, CLI engine (median of ' + rounds + ')', `${scanMed.toFixed(0)} ms`, `${warm.files} files, ${warm.findings} findings`],
    ['Parse only, tree-sitter (median of ' + rounds + ')', `${parseMed.toFixed(0)} ms`, `${gen.rustFiles.length} Rust files`],
    ['Scan ÷ parse', `${ratio.toFixed(2)}×`, `budget ≤ 1.50× ${ratio <= 1.5 ? 'OK' : 'OVER'}`],
    ['CLI process, end to end (json)', `${cliMs.toFixed(0)} ms`, 'node start + load + scan + output'],
    ['Server: open 300 KB file → diagnostics', `${lsp.open.toFixed(0)} ms`, 'first publish for the opened file'],
    ['Server: start → workspace scan done', `${lsp.scan.toFixed(0)} ms`, '$/progress end'],
    [`Edit → diagnostics, 300 KB file (median of ${lsp.samples.length})`, `${editMed.toFixed(1)} ms`, `budget < 30 ms ${editMed < 30 ? 'OK' : 'OVER'}`],
    ['Edit → diagnostics, p90 / max', `${editP90.toFixed(1)} / ${editMax.toFixed(1)} ms`, ''],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length)), w1 = Math.max(...rows.map((x) => x[1].length));
  console.log('');
  console.log(`${'Measure'.padEnd(w0)}  ${'Time'.padStart(w1)}  Notes`);
  console.log(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ${'-'.repeat(30)}`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
  console.log('');
  if (costs.length) {
    const top = costs.slice(0, num('--top', 12));
    const w = Math.max(...top.map((c) => c.id.length), 'Rule (alone)'.length);
    console.log(`${'Rule (alone)'.padEnd(w)}  ${'whole workspace'.padStart(15)}  ${'300 KB file'.padStart(11)}`);
    for (const c of top) console.log(`${c.id.padEnd(w)}  ${(c.all.toFixed(0) + ' ms').padStart(15)}  ${(c.big.toFixed(1) + ' ms').padStart(11)}`);
    const sumAll = costs.reduce((n, c) => n + c.all, 0), sumBig = costs.reduce((n, c) => n + c.big, 0);
    console.log(`${`all ${costs.length} rules, summed`.padEnd(w)}  ${(sumAll.toFixed(0) + ' ms').padStart(15)}  ${(sumBig.toFixed(1) + ' ms').padStart(11)}`);
    console.log('');
  }
  console.log(`rounds: scan ${scans.map((x) => x.toFixed(0)).join(', ')} ms; parse ${parses.map((x) => x.toFixed(0)).join(', ')} ms`);
  console.log(`machine: ${os.cpus().length} CPU(s), load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
