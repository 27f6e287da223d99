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

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.resolve(__dirname, '..');
const WS = path.join(ROOT, 'bench-workspace');
const BIG = 'crates/gateway/src/protocol.rs';

// ---------------------------------------------------------------------------------------------
// Workspace generator

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['session', 'message', 'room', 'user', 'device', 'channel', 'stream', 'token', 'peer', 'invite',
  'upload', 'playlist', 'movie', 'member', 'account', 'frame', 'packet', 'key', 'bundle', 'audit', 'webhook', 'quota'];
const VERBS = ['load', 'store', 'sync', 'fetch', 'publish', 'resolve', 'refresh', 'verify', 'dispatch', 'expire', 'index', 'relay'];
const CRATES = ['core', 'server', 'gateway', 'storage', 'auth', 'media', 'relay', 'p2p', 'client', 'proto', 'metrics', 'admin',
  'billing', 'search', 'notify', 'sync', 'worker', 'scheduler', 'config', 'cli'];

const camel = (s: string) => s.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

class Gen {
  private n = 0;
  constructor(private readonly r: () => number) {}
  pick<T>(a: readonly T[]): T { return a[Math.floor(this.r() * a.length)]; }
  id(): number { return this.n++; }
  chance(p: number): boolean { return this.r() < p; }
  int(lo: number, hi: number): number { return lo + Math.floor(this.r() * (hi - lo + 1)); }

  /** One item of a service module; every kind a real file has, some carrying a pattern a rule flags. */
  item(): string {
    const k = this.id();
    const noun = this.pick(NOUNS), verb = this.pick(VERBS), T = camel(noun);
    const kinds = [
      () => `/// A ${noun} as stored and sent over the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ${T}Record${k} {
    pub id: u64,
    pub owner: String,
    pub created_at: i64,
    pub labels: Vec<String>,
    #[serde(default)]
    pub retries: u32,
}

impl ${T}Record${k} {
    pub fn new(id: u64, owner: impl Into<String>) -> Self {
        Self { id, owner: owner.into(), created_at: 0, labels: Vec::new(), retries: 0 }
    }

    pub fn is_expired(&self, now: i64, ttl: Duration) -> bool {
        now.saturating_sub(self.created_at) > ttl.as_secs() as i64
    }

    pub fn label_set(&self) -> HashSet<&str> {
        self.labels.iter().map(String::as_str).filter(|l| !l.is_empty()).collect()
    }
}
`,
      () => `pub async fn ${verb}_${noun}_${k}(state: &AppState, id: u64) -> anyhow::Result<Option<${T}Record${Math.max(0, k - 1)}>> {
    let started = Instant::now();
    let row = state
        .db
        .get(format!("${noun}:{id}"))
        .await
        .with_context(|| format!("reading ${noun} {id}"))?;
    let Some(bytes) = row else {
        tracing::debug!(id, "${noun} not found");
        return Ok(None);
    };
    let record: ${T}Record${Math.max(0, k - 1)} = serde_json::from_slice(&bytes).context("decoding ${noun}")?;
    metrics::histogram!("${noun}_${verb}_seconds").record(started.elapsed().as_secs_f64());
    Ok(Some(record))
}
`,
      () => `pub fn ${noun}_settings_${k}() -> anyhow::Result<Settings> {
    let port: u16 = std::env::var("${noun.toUpperCase()}_PORT")
        .unwrap_or_else(|_| "${this.int(7000, 9999)}".into())
        .parse()
        .expect("${noun.toUpperCase()}_PORT must be a port number");
    let timeout = Duration::from_secs(std::env::var("${noun.toUpperCase()}_TIMEOUT").ok().and_then(|v| v.parse().ok()).unwrap_or(30));
    Ok(Settings { port, timeout, ..Settings::default() })
}
`,
      () => `pub fn spawn_${noun}_pump_${k}(state: Arc<AppState>) -> JoinHandle<()> {
    let (tx, mut rx) = ${this.chance(0.5) ? 'tokio::sync::mpsc::unbounded_channel::<' + T + 'Event>()' : 'tokio::sync::mpsc::channel::<' + T + 'Event>(1024)'};
    state.register_${noun}_sink(tx);
    tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            if let Err(err) = handle_${noun}_event(&state, event).await {
                tracing::warn!(error = %err, "${noun} event failed");
            }
        }
    })
}
`,
      () => `async fn authenticate_${noun}_${k}(req: &Request, keys: &KeyStore) -> Result<Identity, AuthError> {
    let token = req.header("authorization").ok_or(AuthError::Missing)?;
    ${this.chance(0.4) ? `tracing::debug!("authenticating with token {}", token);` : `tracing::debug!(len = token.len(), "authenticating");`}
    let claims = keys.verify(token).map_err(|_| AuthError::Invalid)?;
    if claims.expires_at < now_unix() {
        return Err(AuthError::Expired);
    }
    Ok(Identity { user: claims.sub, scopes: claims.scopes })
}
`,
      () => `#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ${T}State${k} {
    Pending,
    Active,
    Suspended { until: i64 },
    Closed,
}

impl ${T}State${k} {
    pub fn transition(self, event: &str, now: i64) -> Self {
        match (self, event) {
            (Self::Pending, "activate") => Self::Active,
            (Self::Active, "suspend") => Self::Suspended { until: now + 3600 },
            (Self::Suspended { until }, "tick") if until <= now => Self::Active,
            (Self::Suspended { .. }, "close") | (Self::Active, "close") => Self::Closed,
            (state, other) => {
                tracing::trace!(?state, event = other, "ignored transition");
                state
            }
        }
    }
}
`,
      () => `#[derive(Debug, thiserror::Error)]
pub enum ${T}Error${k} {
    #[error("${noun} {0} not found")]
    NotFound(u64),
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    #[error("invalid ${noun}: {0}")]
    Invalid(String),
}

impl From<${T}Error${k}> for StatusCode {
    fn from(e: ${T}Error${k}) -> Self {
        match e {
            ${T}Error${k}::NotFound(_) => StatusCode::NOT_FOUND,
            ${T}Error${k}::Invalid(_) => StatusCode::BAD_REQUEST,
            ${T}Error${k}::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}
`,
      () => `fn index_${noun}s_${k}(items: &[(u64, String)]) -> HashMap<String, Vec<u64>> {
    let mut by_name: HashMap<String, Vec<u64>> = HashMap::with_capacity(items.len());
    for (id, name) in items {
        by_name.entry(name.to_lowercase()).or_default().push(*id);
    }
    let cache = CACHE.lock().unwrap();
    for ids in by_name.values_mut() {
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|id| !cache.contains(id));
    }
    by_name
}
`,
      () => `pub async fn ${verb}_${noun}_batch_${k}(pool: &PgPool, ids: &[i64]) -> sqlx::Result<Vec<(i64, String)>> {
    let rows = sqlx::query_as::<_, (i64, String)>("SELECT id, name FROM ${noun}s WHERE id = ANY($1) AND deleted_at IS NULL")
        .bind(ids)
        .fetch_all(pool)
        .await?;
    tracing::info!(count = rows.len(), "${verb} ${noun}s");
    Ok(rows)
}
`,
      () => `pub trait ${T}Sink${k}: Send + Sync {
    fn accept(&self, item: &[u8]) -> bool;
    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<F> ${T}Sink${k} for F
where
    F: Fn(&[u8]) -> bool + Send + Sync,
{
    fn accept(&self, item: &[u8]) -> bool {
        (self)(item)
    }
}
`,
      () => `pub fn connect_${noun}_${k}(cfg: &Config) -> Client {
    let url = cfg.${noun}_url.clone().unwrap_or_else(|| "http://localhost:${this.int(3000, 9000)}".to_string());
    ${this.chance(0.3) ? `let client = Client::builder().build(&url).unwrap();` : `let client = Client::builder().timeout(Duration::from_secs(10)).build(&url).unwrap_or_default();`}
    ${this.chance(0.2) ? `tracing::info!("connected with password={}", cfg.password);` : `tracing::info!(%url, "connected");`}
    client
}
`,
      () => `#[cfg(test)]
mod tests_${k} {
    use super::*;

    #[test]
    fn ${noun}_round_trips_${k}() {
        let rec = serde_json::to_vec(&vec![1u8, 2, 3]).unwrap();
        let back: Vec<u8> = serde_json::from_slice(&rec).expect("decodes");
        assert_eq!(back, vec![1, 2, 3]);
    }

    #[tokio::test]
    async fn ${noun}_channel_${k}() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        tx.send(${k}u64).unwrap();
        assert_eq!(rx.recv().await.unwrap(), ${k});
    }
}
`,
      () => `pub(crate) fn parse_${noun}_frame_${k}(buf: &[u8]) -> Option<(u8, &[u8])> {
    if buf.len() < 3 {
        return None;
    }
    let kind = buf[0];
    let len = u16::from_be_bytes([buf[1], buf[2]]) as usize;
    let body = buf.get(3..3 + len)?;
    match kind {
        0x01..=0x0f => Some((kind, body)),
        0x10 if len > 0 => Some((kind, &body[..len.min(64)])),
        _ => None,
    }
}
`,
    ];
    return this.pick(kinds)();
  }

  file(targetBytes: number, header: string): string {
    let s = header;
    while (s.length < targetBytes) s += '\n' + this.item();
    return s;
  }
}

const HEADER = `use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;

use crate::prelude::*;
`;

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
