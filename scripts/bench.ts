/**
 * Benchmark: `npm run bench [-- DIR…]` (or `node out/scripts/bench.js [--rounds N] [--edits N] [--top N]
 * [--no-rules] [--scan-only] [DIR…]`): the generated workspace, then each DIR (a real service).
 *
 * 1. Generates bench-workspace/ (gitignored): a Cargo workspace of ≥300 Rust files, ≥4 MB, written
 *    the way services are (handlers, startup code, channels, logging, config, error types, tests),
 *    mixing the patterns the rules look at, plus one 300 KB file; and the usual non-Rust files
 *    (Cargo manifests, Dockerfile, .gitignore, config, CI workflow, Kubernetes manifest, .env).
 * 2. Full scan vs parse-only, measured in one process, alternating, median of N rounds after a
 *    warm-up: the CLI engine's whole analysis (list, read, parse every file, run every rule) next to
 *    reading + tree-sitter parsing the same Rust files and nothing else. Budget: scan ≤ 1.5× parse.
 *    Interleaved with them, the language server started on the same folder as an editor starts it,
 *    timed from spawn to the end of its workspace scan (`$/progress` end). Budget: ≤ 1.2× the CLI's
 *    wall time. `--scan-only`: just the CLI scan and the server start (no parse, edits or rules).
 * 3. Edit to diagnostics through the real stdio server (vscode-languageserver-protocol client):
 *    open the 300 KB file, wait for the startup scan to finish, then send one-character
 *    incremental didChange edits and time each until publishDiagnostics carries that version.
 *    Budget: < 30 ms. Also the server's memory after a full collection, after the scan and after the
 *    edits (what it retains), and its peak RSS.
 * 4. Each rule alone (--no-rules skips it): its time over the parsed workspace and on the 300 KB
 *    file, the slowest first (--top N), to show where the time goes.
 * Prints tables. Deterministic: the generator is seeded. bench-workspace/ stays for inspection
 * (gitignored, regenerated each run).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
  PublishDiagnosticsNotification, ShutdownRequest, ExitNotification, ConfigurationRequest, WorkDoneProgressCreateRequest,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, type PublishDiagnosticsParams, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { allRules, createEngine, engineRules } from '../rules';
import { Engine } from '../server/src/core/engine/engine';
import { WorkspaceModel } from '../server/src/core/engine/workspace';
import type { ParsedDocument } from '../server/src/core/parsers/document';
import { sourceBytes, threadsFor } from '../server/src/core/engine/scan';
import { CRATES, Gen, HEADER, NOUNS, VERBS, rng } from './serviceGen';
import { DEBUG_REQUESTS, type ServerMemory } from '../server/src/protocol';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.resolve(__dirname, '..');
export const WS = path.join(ROOT, 'bench-workspace');
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

/** Writes bench-workspace/ afresh (deterministic: seeded); also used by the tests of the multi-threaded scan. */
export function generate(): Generated {
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

/** What a measured child process (`benchChild.ts`) says about itself when it is done. */
interface ChildReport { cpuMs: number; maxRssKb: number; findings?: number; files?: number }
interface ProcessSample extends ChildReport { wallMs: number }

function runChild(args: string[]): ProcessSample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(__dirname, 'benchChild.js'), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = ms(t0);
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  const last = r.stdout.trim().split('\n').pop()!;
  return { wallMs, ...(JSON.parse(last) as ChildReport) };
}

/** The Rust files a scan of `dir` reads (the CLI's own listing: .gitignore, exclude), absolute, largest first. */
function rustFilesOf(dir: string): string[] {
  const model = new WorkspaceModel(dir, { knownRules: createEngine().knownIds });
  return model.files.filter((f) => f.endsWith('.rs')).map((f) => model.absolute(f))
    .map((f) => ({ f, size: fs.statSync(f).size })).sort((a, b) => b.size - a.size).map((x) => x.f);
}

interface ServiceNumbers {
  dir: string; rustFiles: number; rustBytes: number; allFiles: number; threads: number;
  scan: ProcessSample[]; scanOne: ProcessSample[]; parse: ProcessSample[]; server: ServerScanSample[];
}

/** One start of the language server on a folder, timed until its workspace scan is done. */
interface ServerScanSample {
  /** Process spawn → the scan's `$/progress` end (what the CLI's wall time is compared with). */
  wallMs: number;
  /** Process spawn → the first publishDiagnostics (the Problems panel starts filling). */
  firstPublishMs: number;
  publishes: number;
  /** `$/progress` reports with a percentage between begin and end. */
  progressReports: number;
  /** The server process's CPU time (every thread) and peak RSS up to then (Linux /proc; 0 elsewhere). */
  cpuMs: number;
  maxRssKb: number;
}

/** The stdio server, answering `workspace/configuration` (no settings) and progress creation as an editor does; not listening yet. */
function spawnServer(nodeArgs: readonly string[] = []): { child: ChildProcess; conn: ProtocolConnection; stderr: () => string } {
  const child = spawn(process.execPath, [...nodeArgs, path.join(OUT, 'server/src/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  conn.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  return { child, conn, stderr: () => stderr };
}

/** `initialize` with `root` as the one workspace folder and an editor's capabilities (pulled settings, progress, versioned diagnostics), then `initialized`. */
async function initializeServer(conn: ProtocolConnection, root: string): Promise<void> {
  const rootUri = pathToFileURL(root).toString();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
    capabilities: {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
      window: { workDoneProgress: true },
      textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } },
    },
  });
  await conn.sendNotification(InitializedNotification.type, {});
}

async function stopServer(child: ChildProcess, conn: ProtocolConnection): Promise<void> {
  await conn.sendRequest(ShutdownRequest.type).catch(() => undefined);
  await conn.sendNotification(ExitNotification.type).catch(() => undefined);
  setTimeout(() => child.kill(), 2000).unref();
  await new Promise((r) => child.once('exit', r));
  conn.dispose();
}

/** Peak resident set of another process so far (Linux); 0 elsewhere. */
function peakRssKb(pid: number): number {
  try { return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0); } catch { return 0; }
}

/** CPU time of another process so far, every thread (Linux: utime + stime, in clock ticks of 10 ms); 0 elsewhere. */
function cpuMsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch { return 0; }
}

/**
 * Starts the stdio server on `root` as an editor does (workspace folder, pulled settings,
 * work-done progress) and times spawn → the startup scan's `$/progress` end, nothing open.
 */
async function serverStartToScanDone(root: string, timeoutMs = 300000): Promise<ServerScanSample> {
  const t0 = process.hrtime.bigint();
  const { child, conn, stderr } = spawnServer();
  let firstPublishMs = 0, publishes = 0, progressReports = 0;
  conn.onNotification(PublishDiagnosticsNotification.type, () => { if (publishes++ === 0) firstPublishMs = ms(t0); });
  let scanEnded!: (at: number) => void;
  const scanDone = new Promise<number>((r) => (scanEnded = r));
  (conn as unknown as { onNotification(m: string, h: (p: { value?: { kind?: string; percentage?: number } }) => void): void })
    .onNotification('$/progress', (p) => {
      if (p.value?.kind === 'report' && p.value.percentage !== undefined) progressReports++;
      if (p.value?.kind === 'end') scanEnded(ms(t0));
    });
  conn.listen();
  try {
    await initializeServer(conn, root);
    let timer: NodeJS.Timeout | undefined;
    const wallMs = await Promise.race([scanDone, new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`server scan of ${root} not done in ${timeoutMs} ms\n${stderr()}`)), timeoutMs);
    })]).finally(() => clearTimeout(timer));
    return { wallMs, firstPublishMs, publishes, progressReports, cpuMs: cpuMsOf(child.pid!), maxRssKb: peakRssKb(child.pid!) };
  } finally {
    await stopServer(child, conn);
  }
}

/**
 * Whole processes, interleaved (scan on every core, scan with --jobs 1, parse only, the language
 * server's start → scan done), `rounds` times after one warm-up of each: the machine may be
 * shared, so ratios come from one run. `scanOnly`: the CLI scan and the server only.
 */
async function measureService(dir: string, rounds: number, scanOnly = false): Promise<ServiceNumbers> {
  const rust = rustFilesOf(dir);
  const list = path.join(os.tmpdir(), `rust-readiness-bench-${process.pid}.txt`);
  fs.writeFileSync(list, rust.join('\n'));
  const model = new WorkspaceModel(dir, { knownRules: createEngine().knownIds });
  const allFiles = model.files.length;
  const bytes = sourceBytes(model, model.files);
  try {
    runChild(['scan', dir]); await serverStartToScanDone(dir);
    if (!scanOnly) runChild(['parse', list]);
    const scan: ProcessSample[] = [], scanOne: ProcessSample[] = [], parse: ProcessSample[] = [], server: ServerScanSample[] = [];
    for (let i = 0; i < rounds; i++) {
      scan.push(runChild(['scan', dir]));
      server.push(await serverStartToScanDone(dir));
      if (scanOnly) continue;
      scanOne.push(runChild(['scan', dir, '--jobs', '1']));
      parse.push(runChild(['parse', list]));
    }
    return {
      dir, rustFiles: rust.length, rustBytes: rust.reduce((n, f) => n + fs.statSync(f).size, 0), allFiles,
      threads: threadsFor(bytes), scan, scanOne, parse, server,
    };
  } finally {
    fs.rmSync(list, { force: true });
  }
}

/** An edit sent to the server, timed until the diagnostics for its version arrive. */
interface EditKind { name: string; text: (indent: string) => string }
const EDIT_KINDS: EditKind[] = [
  { name: 'one character', text: () => 'x' },
  { name: 'pasted line', text: (i) => `${i}let pasted_value = load_settings(&state).await.expect("settings load failed");\n` },
  {
    name: 'pasted 20-line block',
    text: (i) => [
      `${i}let pasted_config = match std::env::var("PASTED_CONFIG") {`,
      `${i}    Ok(value) => value,`,
      `${i}    Err(_) => String::from("default"),`,
      `${i}};`,
      `${i}let (pasted_tx, mut pasted_rx) = tokio::sync::mpsc::unbounded_channel::<String>();`,
      `${i}tokio::spawn(async move {`,
      `${i}    while let Some(message) = pasted_rx.recv().await {`,
      `${i}        tracing::info!("pasted message {}", message);`,
      `${i}    }`,
      `${i}});`,
      `${i}pasted_tx.send(pasted_config.clone()).unwrap();`,
      `${i}let pasted_token = std::env::var("PASTED_TOKEN").unwrap_or_default();`,
      `${i}tracing::debug!(token = %pasted_token, "pasted token read");`,
      `${i}let pasted_lock = std::sync::Mutex::new(0u64);`,
      `${i}*pasted_lock.lock().unwrap() += 1;`,
      `${i}if pasted_config.is_empty() {`,
      `${i}    panic!("pasted configuration is empty");`,
      `${i}}`,
      `${i}let pasted_parsed: u64 = pasted_config.len().try_into().expect("length fits");`,
      `${i}drop(pasted_parsed);`,
    ].join('\n') + '\n',
  },
];

interface ServerNumbers { open: number; samples: Map<string, number[]>; afterScan: ServerMemory; afterEdits: ServerMemory }

/**
 * Edits to diagnostics through the real stdio server (vscode-languageserver-protocol client): open
 * `file` in the workspace `root`, wait for the startup scan to finish, then per kind send `edits`
 * incremental didChange edits (each undone by the next) at spread positions inside function bodies,
 * and time each until publishDiagnostics carries that version. The server runs under --expose-gc,
 * so its memory after the scan and after the edits is read after a full collection (what it retains).
 */
async function editToDiagnostics(root: string, file: string, edits: number): Promise<ServerNumbers> {
  const { child, conn, stderr } = spawnServer(['--expose-gc']);
  const waiters: ((p: PublishDiagnosticsParams, at: bigint) => void)[] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => { const at = process.hrtime.bigint(); for (const w of [...waiters]) w(p, at); });
  let scanEnded!: () => void;
  const scanDone = new Promise<void>((r) => (scanEnded = r));
  (conn as unknown as { onNotification(m: string, h: (p: { value?: { kind?: string } }) => void): void })
    .onNotification('$/progress', (p) => { if (p.value?.kind === 'end') scanEnded(); });
  conn.listen();
  const wait = (uri: string, version: number, timeoutMs = 60000) => new Promise<bigint>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} in ${timeoutMs} ms\n${stderr()}`)), timeoutMs);
    const w = (p: PublishDiagnosticsParams, at: bigint) => {
      if (p.uri !== uri || p.version !== version) return;
      clearTimeout(timer);
      waiters.splice(waiters.indexOf(w), 1);
      resolve(at);
    };
    waiters.push(w);
  });
  try {
    await initializeServer(conn, root);
    const uri = pathToFileURL(path.join(root, file)).toString();
    let text = fs.readFileSync(path.join(root, file), 'utf8');
    const opened = wait(uri, 1, 120000);
    const tOpen = process.hrtime.bigint();
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rust', version: 1, text } });
    const openAt = await opened;
    const open = Number(openAt - tOpen) / 1e6;
    await Promise.race([scanDone, new Promise((r) => setTimeout(r, 120000))]);
    await new Promise((r) => setTimeout(r, 500)); // let the post-scan refresh settle
    const memory = () => conn.sendRequest<ServerMemory>(DEBUG_REQUESTS.memory);
    const afterScan = await memory();
    // Statement lines inside function bodies, spread over the file.
    const lines = text.split('\n');
    const statements = lines.flatMap((l, i) => (/^(\s{4,})(let|tracing::|Ok\(|if |for |match )/.test(l) ? [i] : []));
    if (statements.length === 0) throw new Error(`${file}: no statement lines to edit`);
    const targets = Array.from({ length: Math.min(64, statements.length) }, (_, k) => statements[Math.floor((k * statements.length) / Math.min(64, statements.length))]);
    let version = 1;
    const send = async (range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string): Promise<number> => {
      const start = lineOffset(text, range.start.line) + range.start.character;
      const end = lineOffset(text, range.end.line) + range.end.character;
      text = text.slice(0, start) + newText + text.slice(end);
      version++;
      const published = wait(uri, version);
      const t = process.hrtime.bigint();
      await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
      const at = await published;
      return Number(at - t) / 1e6;
    };
    const samples = new Map<string, number[]>();
    for (const kind of EDIT_KINDS) {
      const times: number[] = [];
      for (let e = 0; e < edits; e++) {
        const line = targets[e % targets.length];
        const indent = /^\s*/.exec(text.split('\n', line + 1)[line])![0];
        const col = kind.name === 'one character' ? indent.length : 0;
        const inserted = kind.text(indent);
        times.push(await send({ start: { line, character: col }, end: { line, character: col } }, inserted));
        await new Promise((r) => setTimeout(r, 30)); // a typist's pace, not a flood
        // Undo (not timed): the file is back as it was for the next edit.
        const insertedLines = inserted.split('\n');
        const endLine = line + insertedLines.length - 1;
        const endChar = insertedLines.length === 1 ? col + inserted.length : insertedLines[insertedLines.length - 1].length;
        await send({ start: { line, character: col }, end: { line: endLine, character: endChar } }, '');
        await new Promise((r) => setTimeout(r, 30));
      }
      samples.set(kind.name, times);
    }
    return { open, samples, afterScan, afterEdits: await memory() };
  } finally {
    await stopServer(child, conn);
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
  for (const d of docs) if (d.kind === 'rust') void d.tree; // parsed here, not in the first rule's time
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

function table(rows: [string, string, string][]): void {
  const w0 = Math.max(...rows.map((x) => x[0].length)), w1 = Math.max(...rows.map((x) => x[1].length));
  console.log(`${'Measure'.padEnd(w0)}  ${'Value'.padStart(w1)}  Notes`);
  console.log(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ${'-'.repeat(30)}`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
  console.log('');
}

const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER');

async function report(dir: string, largest: string, rounds: number, edits: number, scanOnly: boolean): Promise<void> {
  const n = await measureService(dir, rounds, scanOnly);
  const med = (xs: ProcessSample[], k: 'wallMs' | 'cpuMs' | 'maxRssKb') => median(xs.map((x) => x[k]));
  const wall = med(n.scan, 'wallMs'), cpu = med(n.scan, 'cpuMs'), rss = med(n.scan, 'maxRssKb') / 1024;
  const server = median(n.server.map((x) => x.wallMs)), firstPublish = median(n.server.map((x) => x.firstPublishMs));
  const serverRss = median(n.server.map((x) => x.maxRssKb)) / 1024, serverCpu = median(n.server.map((x) => x.cpuMs));
  const largestBytes = fs.statSync(path.join(dir, largest)).size;
  console.log(`== ${dir}: ${n.allFiles} files, ${n.rustFiles} Rust (${(n.rustBytes / 1048576).toFixed(2)} MB); largest ${largest} (${(largestBytes / 1024).toFixed(0)} KB)`);
  const rows: [string, string, string][] = [
    [`Scan, CLI process (json), ${n.threads} thread${n.threads > 1 ? 's' : ''}`, `${wall.toFixed(0)} ms`, `cpu ${cpu.toFixed(0)} ms, peak RSS ${rss.toFixed(0)} MB, ${n.scan[0].findings} findings`],
  ];
  const serverRows: [string, string, string][] = [
    ['Server: start → workspace scan done', `${server.toFixed(0)} ms`, `${(server / wall).toFixed(2)}× the CLI, budget ≤ 1.20×: ${verdict(server <= 1.2 * wall)}; cpu ${serverCpu.toFixed(0)} ms (${(serverCpu / cpu).toFixed(2)}× the CLI's), peak RSS ${serverRss.toFixed(0)} MB`],
    ['Server: start → first diagnostics published', `${firstPublish.toFixed(0)} ms`, `${n.server[0].publishes} publishes, ${n.server[0].progressReports} $/progress reports`],
  ];
  if (scanOnly) {
    table([...rows, ...serverRows]);
  } else {
    const wall1 = med(n.scanOne, 'wallMs'), cpu1 = med(n.scanOne, 'cpuMs'), rss1 = med(n.scanOne, 'maxRssKb') / 1024;
    const pWall = med(n.parse, 'wallMs'), pCpu = med(n.parse, 'cpuMs');
    const lsp = await editToDiagnostics(dir, largest, edits);
    rows.push(
      ['Scan, CLI process, --jobs 1', `${wall1.toFixed(0)} ms`, `cpu ${cpu1.toFixed(0)} ms, peak RSS ${rss1.toFixed(0)} MB`],
      ['Parse only, one thread (read + tree-sitter)', `${pWall.toFixed(0)} ms`, `cpu ${pCpu.toFixed(0)} ms, ${n.rustFiles} Rust files`],
      ['Scan ÷ parse, wall', `${(wall / pWall).toFixed(2)}×`, `budget ≤ 1.00× on 2+ cores: ${verdict(wall <= pWall)}; --jobs 1: ${(wall1 / pWall).toFixed(2)}×`],
      ['Scan ÷ parse, CPU', `${(cpu / pCpu).toFixed(2)}×`, `budget ≤ 1.50×: ${verdict(cpu / pCpu <= 1.5)}; --jobs 1: ${(cpu1 / pCpu).toFixed(2)}×`],
      ...serverRows,
      [`Server: open ${largest.split('/').pop()} → diagnostics`, `${lsp.open.toFixed(0)} ms`, 'first publish for the opened file'],
    );
    for (const [kind, xs] of lsp.samples) {
      const p90 = pct(xs, 90);
      rows.push([`Edit → diagnostics: ${kind} (median / p90 / max of ${xs.length})`, `${median(xs).toFixed(1)} ms`, `p90 ${p90.toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms; budget p90 ≤ 30 ms: ${verdict(p90 <= 30)}`]);
    }
    const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
    const edited = [...lsp.samples.values()].reduce((k, xs) => k + 2 * xs.length, 0);
    rows.push([`Server memory after a full collection: scan → ${edited} edits`, `${mb(lsp.afterScan.afterCollection.rss)} → ${mb(lsp.afterEdits.afterCollection.rss)}`,
      `live heap ${mb(lsp.afterScan.afterCollection.heapUsed)} → ${mb(lsp.afterEdits.afterCollection.heapUsed)}; peak RSS ${mb(lsp.afterEdits.peakRss)}`]);
    table(rows);
  }
  const list = (xs: { wallMs: number; cpuMs: number }[], k: 'wallMs' | 'cpuMs') => xs.map((x) => x[k].toFixed(0)).join(', ');
  console.log(`rounds (wall ms): scan ${list(n.scan, 'wallMs')}; server start → scan done ${list(n.server, 'wallMs')}` +
    (scanOnly ? '' : `; --jobs 1 ${list(n.scanOne, 'wallMs')}; parse ${list(n.parse, 'wallMs')}`));
  console.log(`rounds (cpu ms):  scan ${list(n.scan, 'cpuMs')}; server start → scan done ${list(n.server, 'cpuMs')}` +
    (scanOnly ? '' : `; --jobs 1 ${list(n.scanOne, 'cpuMs')}; parse ${list(n.parse, 'cpuMs')}`));
  console.log('');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const num = (name: string, dflt: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
  const rounds = num('--rounds', 5), edits = num('--edits', 20);
  const scanOnly = args.includes('--scan-only');
  const valued = new Set(['--rounds', '--edits', '--top']);
  const dirs = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1]));

  const tg = process.hrtime.bigint();
  const gen = generate();
  const bigBytes = fs.statSync(path.join(WS, BIG)).size;
  console.log(`bench-workspace: ${gen.rustFiles.length} Rust files, ${(gen.rustBytes / 1048576).toFixed(2)} MB of Rust ` +
    `(largest ${BIG}: ${(bigBytes / 1024).toFixed(0)} KB), ${gen.otherFiles} other files; generated in ${ms(tg).toFixed(0)} ms`);
  console.log(`machine: ${os.availableParallelism()} core(s) available, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`);
  console.log('');

  await report(WS, BIG, rounds, edits, scanOnly);
  for (const dir of dirs) {
    const abs = path.resolve(dir);
    const largest = rustFilesOf(abs)[0];
    if (!largest) { console.log(`${dir}: no Rust files`); continue; }
    await report(abs, path.relative(abs, largest).split(path.sep).join('/'), rounds, edits, scanOnly);
  }

  if (!args.includes('--no-rules') && !scanOnly) {
    const costs = ruleCosts();
    const top = costs.slice(0, num('--top', 12));
    const w = Math.max(...top.map((c) => c.id.length), 'Rule (alone)'.length);
    console.log(`${'Rule (alone), bench-workspace'.padEnd(w)}  ${'whole workspace'.padStart(15)}  ${'300 KB file'.padStart(11)}`);
    for (const c of top) console.log(`${c.id.padEnd(w)}  ${(c.all.toFixed(0) + ' ms').padStart(15)}  ${(c.big.toFixed(1) + ' ms').padStart(11)}`);
    const sumAll = costs.reduce((n, c) => n + c.all, 0), sumBig = costs.reduce((n, c) => n + c.big, 0);
    console.log(`${`all ${costs.length} rules, summed`.padEnd(w)}  ${(sumAll.toFixed(0) + ' ms').padStart(15)}  ${(sumBig.toFixed(1) + ' ms').padStart(11)}`);
    console.log('');
  }
  console.log(`load average at the end ${os.loadavg()[0].toFixed(1)}`);
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
