/**
 * Fuzzing: `npm run fuzz -- --seconds N [--seed S] [--keep DIR]` (or `node out/scripts/fuzz.js …`).
 *
 * Drives the CLI and the language server with
 * - structure-aware mutations of real files (examples/, bench-workspace/ when `npm run bench` made
 *   it): lines duplicated, dropped, swapped or spliced in from another file of the same kind,
 *   kind-specific fragments (`COPY src[`, YAML anchors and merges, TOML tables, unclosed raw
 *   strings…), deep nesting, repeated blocks, line-ending and BOM changes, astral and control
 *   characters, truncation;
 * - the property-test generators (random Rust documents with the catalog's fixable patterns, random
 *   edit sequences).
 * Each round copies a service into a temporary workspace, mutates some of its files, runs
 * `check --format json` (and every few rounds `--fix` twice), then writes the same files into the
 * server's workspace, announces them as watched-file changes, opens one, types a random edit
 * sequence into it and waits for the final diagnostics.
 *
 * Reported: crashes (an exit other than 0/1, an internal error, a rule that threw, a server that
 * died or logged an analysis failure), hangs (no answer within 5 s), RSS over 1 GB, and a second
 * `--fix` that still changes something. Each problem's workspace is kept under --keep
 * (default out-fuzz/) with the command to reproduce it. Exit 1 when anything was found.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import fc from 'fast-check';
import {
  DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  FileChangeType, MessageType,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOf, type FileKind } from '../server/src/core/engine/fileKinds';
import { concreteEdit, editSequence, RENAME_CONFIG, renderRustDoc, rustDocSpec } from '../test/helpers/generators';
import { TestClient } from '../test/helpers/lspClient';
import { rng } from './serviceGen';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.resolve(__dirname, '..', 'server', 'src', 'cli', 'main.js');
const HANG_MS = 5000;
const RSS_LIMIT_MB = 1024;
/** Mutated files stay under the default size limit (2 MB), where the analysis really runs. */
const MAX_FILE_CHARS = 1_500_000;

// ---------------------------------------------------------------------------------------------
// Random helpers

class Rand {
  private readonly next: () => number;
  constructor(readonly seed: number) { this.next = rng(seed); }
  float(): number { return this.next(); }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  chance(p: number): boolean { return this.next() < p; }
}

// ---------------------------------------------------------------------------------------------
// Seeds: services made of real files

interface Service { name: string; files: Map<string, string> }

function listService(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      if (e.name === 'target' || e.name === '.git' || e.name === 'node_modules') continue;
      const childAbs = path.join(abs, e.name), childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(childAbs, childRel);
      else if (e.isFile() && fs.statSync(childAbs).size < 400_000) files.set(childRel, fs.readFileSync(childAbs, 'utf8'));
    }
  };
  walk(dir, '');
  return files;
}

function loadServices(): Service[] {
  const services: Service[] = [];
  for (const base of ['examples', 'bench-workspace']) {
    const dir = path.join(ROOT, base);
    if (!fs.existsSync(dir)) continue;
    if (base === 'bench-workspace') {
      // One crate of the benchmark workspace with its root files: big enough, quick to copy.
      const all = listService(dir);
      const crate = [...all.keys()].find((p) => p.startsWith('crates/gateway/'))?.split('/').slice(0, 2).join('/');
      services.push({ name: base, files: new Map([...all].filter(([p]) => !p.startsWith('crates/') || (crate && p.startsWith(crate + '/')))) });
    } else {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) services.push({ name: `${base}/${e.name}`, files: listService(path.join(dir, e.name)) });
    }
  }
  return services;
}

// ---------------------------------------------------------------------------------------------
// Structure-aware mutations

const FRAGMENTS: Record<string, readonly string[]> = {
  rust: ['.unwrap()', '.expect("x")', 'unsafe {', '}', '{', 'r#"', '"#', '/*', '*/', '#[cfg(test)]', 'mod tests {', '#[test]',
    'let (tx, rx) = tokio::sync::mpsc::unbounded_channel();', 'tracing::info!("{}", password);', "'a", 'macro_rules! m { () => {} }',
    'let token = "sk_live_abcdefghijklmnopqrstuv";', 'self.conn.lock().unwrap()', 'Redirect::to(&q.next)', 'if a == b {', '?;', '=>', '::<', 'impl<T>'],
  toml: ['[dependencies]', 'x = { git = "https://example.com/x", branch = "main" }', '[[bin]]', 'a.b.c = 1', '"""', "'''", '= ', '[workspace]\nmembers = ["*"]',
    'version = "*"', '[rules]\npanic-in-production = "off"', 'max-file-size = 0', 'exclude = ["(a+)+b"]', '[rename]\na = "a_b"', '[profile.release]'],
  yaml: ['image: nginx:latest', '- uses: actions/checkout@v2', '&a', '*a', '<<: *a', '{', '[', '---', '  env:\n    PASSWORD: hunter2', '!!binary', '? ', '|', '>-',
    'containers:\n- name: x\n  image: y', 'on: push', 'jobs:', '  - run: cargo build', 'apiVersion: apps/v1\nkind: Deployment'],
  dockerfile: ['COPY src[ /x', 'COPY [a-c]* /y', 'RUN cargo build --release', 'USER root', 'FROM scratch', 'ARG X', '\\', 'RUN <<EOF\ncargo install x\nEOF',
    'ENV SECRET_KEY=abc', 'HEALTHCHECK NONE', '# escape=`', 'FROM ${BASE}', 'COPY --from=build / /', 'EXPOSE 8080', 'ONBUILD RUN x'],
  any: ['\u0000', '\uFEFF', '\u2028', '😀', '\u0301', '\r', '\r\n', '\t', '"', "'", '\\', '${', '}}', '{{', '#', '//', '<<', 'é'],
};

type Mutation = (text: string, r: Rand, kind: FileKind, others: string[]) => string;

const splitLines = (t: string) => t.split(/(?<=\n)/);

const MUTATIONS: Record<string, Mutation> = {
  duplicateLine: (t, r) => { const ls = splitLines(t); const i = r.int(0, Math.max(0, ls.length - 1)); ls.splice(i, 0, ls[i] ?? ''); return ls.join(''); },
  deleteLines: (t, r) => { const ls = splitLines(t); ls.splice(r.int(0, ls.length), r.int(1, 5)); return ls.join(''); },
  swapLines: (t, r) => { const ls = splitLines(t); const i = r.int(0, ls.length - 1), j = r.int(0, ls.length - 1); [ls[i], ls[j]] = [ls[j], ls[i]]; return ls.join(''); },
  spliceFromOther: (t, r, _k, others) => {
    if (others.length === 0) return t;
    const src = splitLines(r.pick(others)); const ls = splitLines(t);
    const from = r.int(0, Math.max(0, src.length - 1));
    ls.splice(r.int(0, ls.length), 0, ...src.slice(from, from + r.int(1, 20)));
    return ls.join('');
  },
  fragment: (t, r, k) => {
    const frag = r.pick([...(FRAGMENTS[k] ?? []), ...FRAGMENTS.any]);
    const at = r.chance(0.5) ? lineStart(t, r) : r.int(0, t.length);
    return t.slice(0, at) + frag + (r.chance(0.5) ? '\n' : '') + t.slice(at);
  },
  truncate: (t, r) => t.slice(0, r.int(0, t.length)),
  lineEndings: (t, r) => { const eol = r.pick(['\r\n', '\r', '\n']); return r.chance(0.7) ? t.replace(/\r\n|\r|\n/g, eol) : t.replace(/\n/g, () => r.pick(['\r\n', '\r', '\n'])); },
  bom: (t) => (t.startsWith('\uFEFF') ? t.slice(1) : '\uFEFF' + t),
  deepNesting: (t, r, k) => {
    const depth = r.int(50, 3000);
    const at = lineStart(t, r);
    const [open, close] = k === 'rust' ? ['{ ', ' }'] : k === 'yaml' ? ['[', ']'] : k === 'toml' ? ['x = [', ']'] : ['(', ')'];
    const inner = k === 'rust' ? 'x.unwrap();' : '1';
    return t.slice(0, at) + (k === 'rust' ? 'fn deep() ' : '') + open.repeat(depth) + inner + close.repeat(depth) + '\n' + t.slice(at);
  },
  repeatBlock: (t, r) => {
    const ls = splitLines(t); const i = r.int(0, Math.max(0, ls.length - 1)); const block = ls.slice(i, i + r.int(1, 30)).join('');
    const times = Math.min(r.int(2, 5000), Math.floor(MAX_FILE_CHARS / Math.max(1, block.length)) - 1);
    return ls.slice(0, i).join('') + block.repeat(Math.max(1, times)) + ls.slice(i).join('');
  },
  bracketFlip: (t, r) => {
    const positions = [...t.matchAll(/[(){}[\]<>"']/g)].map((m) => m.index!);
    if (positions.length === 0) return t;
    const at = r.pick(positions);
    return t.slice(0, at) + r.pick(['(', ')', '{', '}', '[', ']', '<', '>', '"', "'", '']) + t.slice(at + 1);
  },
  indent: (t, r) => { const ls = splitLines(t); const i = r.int(0, ls.length - 1); ls[i] = r.pick(['  ', '\t', '        ', '']) + (ls[i] ?? '').trimStart(); return ls.join(''); },
};

function lineStart(t: string, r: Rand): number {
  const at = r.int(0, t.length);
  return t.lastIndexOf('\n', at - 1) + 1;
}

function mutate(text: string, kind: FileKind, others: string[], r: Rand): { text: string; applied: string[] } {
  const names = Object.keys(MUTATIONS);
  const applied: string[] = [];
  let out = text;
  for (let i = r.int(1, 4); i > 0; i--) {
    const name = r.pick(names);
    out = MUTATIONS[name](out, r, kind, others);
    applied.push(name);
  }
  return { text: out.length > MAX_FILE_CHARS ? out.slice(0, MAX_FILE_CHARS) : out, applied };
}

// ---------------------------------------------------------------------------------------------
// Running the CLI: exit, time, peak RSS

interface CliRun { code: number | null; stdout: string; stderr: string; ms: number; peakRssMb: number; hung: boolean }

function rssMb(pid: number): number {
  try { return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024; } catch { return 0; }
}

function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', peak = 0, hung = false;
    child.stdout.on('data', (d) => { if (stdout.length < 50_000_000) stdout += d; });
    child.stderr.on('data', (d) => { if (stderr.length < 1_000_000) stderr += d; });
    const watch = setInterval(() => {
      peak = Math.max(peak, rssMb(child.pid!));
      if (peak > RSS_LIMIT_MB) child.kill('SIGKILL');
    }, 50);
    const timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, HANG_MS);
    child.on('close', (code) => {
      clearInterval(watch); clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started, peakRssMb: peak, hung });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Problems

interface Problem { kind: string; detail: string; dir: string; repro: string }

class Findings {
  readonly problems: Problem[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly keepDir: string) { fs.mkdirSync(keepDir, { recursive: true }); }

  report(kind: string, detail: string, workspace: string, repro: string): void {
    // One of each kind and first line of detail; the rest are the same problem again.
    const key = `${kind}:${detail.split('\n')[0].replace(/\d+/g, 'N').slice(0, 160)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const dir = path.join(this.keepDir, `${this.problems.length + 1}-${kind}`);
    fs.cpSync(workspace, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'FUZZ-PROBLEM.txt'), `${kind}\n${detail}\n\nreproduce: ${repro.replaceAll(workspace, dir)}\n`);
    this.problems.push({ kind, detail, dir, repro });
    console.log(`  ! ${kind}: ${detail.split('\n')[0].slice(0, 200)}  (kept in ${path.relative(process.cwd(), dir)})`);
  }
}

/** What a CLI run says about robustness: an internal error, a rule that threw, an unexpected exit, a hang, too much memory. */
function judgeCli(run: CliRun, what: string, ws: string, args: string[], findings: Findings): void {
  const repro = `node ${path.relative(process.cwd(), CLI)} ${args.join(' ')}`;
  if (run.hung) findings.report('hang', `${what}: no exit after ${HANG_MS} ms`, ws, repro);
  else if (run.peakRssMb > RSS_LIMIT_MB) findings.report('memory', `${what}: RSS ${run.peakRssMb.toFixed(0)} MB`, ws, repro);
  else if (/internal error|rule [\w-]+ failed|\n\s+at .*\.js:\d+/.test(run.stderr)) findings.report('crash', `${what}: ${run.stderr.split('\n').find((l) => /internal error|failed|Error/.test(l)) ?? run.stderr.slice(0, 300)}`, ws, repro);
  else if (run.code !== 0 && run.code !== 1 && !/configuration error|not fixing/.test(run.stderr)) findings.report('crash', `${what}: exit ${run.code}: ${run.stderr.slice(0, 300)}`, ws, repro);
}

// ---------------------------------------------------------------------------------------------
// The server

class Server {
  client!: TestClient;
  readonly root: string;
  private opened = 0;
  constructor(base: string) { this.root = path.join(base, 'server-ws'); }

  async start(): Promise<void> {
    fs.rmSync(this.root, { recursive: true, force: true });
    fs.mkdirSync(this.root, { recursive: true });
    this.client = new TestClient();
    await withTimeout(this.client.initialize(this.root), HANG_MS * 2, 'initialize');
  }

  get alive(): boolean { return this.client.process.exitCode === null && this.client.process.signalCode === null; }

  /** Writes the files into the server's folder, announces them, opens `openRel` and types `edits` into it; resolves when the final version's diagnostics arrive. */
  async round(files: Map<string, string>, openRel: string, edits: { at: number; remove: number; insert: string }[], r: Rand): Promise<void> {
    const changes: { uri: string; type: FileChangeType }[] = [];
    for (const old of listService(this.root).keys()) if (!files.has(old)) { fs.rmSync(path.join(this.root, old), { force: true }); changes.push({ uri: pathToFileURL(path.join(this.root, old)).toString(), type: FileChangeType.Deleted }); }
    for (const [rel, text] of files) {
      const abs = path.join(this.root, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
      changes.push({ uri: pathToFileURL(abs).toString(), type: FileChangeType.Changed });
    }
    const c = this.client.connection;
    await c.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    const uri = pathToFileURL(path.join(this.root, openRel)).toString();
    const languageId = fileKindOf(openRel) ?? 'plaintext';
    let doc = TextDocument.create(uri, languageId, ++this.opened * 1000, files.get(openRel) ?? '');
    await c.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: doc.version, text: doc.getText() } });
    for (const e of edits) {
      const { at, remove, insert } = concreteEdit(doc.getText(), e);
      const range = { start: doc.positionAt(at), end: doc.positionAt(at + remove) };
      doc = TextDocument.update(doc, [{ range, text: insert }], doc.version + 1);
      await c.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges: [{ range, text: insert }] });
      if (r.chance(0.2)) await new Promise((res) => setTimeout(res, r.int(0, 20)));
    }
    try {
      // A file over the size limit or not analysed publishes nothing but an empty list; any answer will do.
      await this.client.waitFor(uri, (_, p) => p.version === doc.version || (p.version === undefined && p.diagnostics.length === 0), HANG_MS);
    } finally {
      await c.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }
    // The server still answers requests.
    await withTimeout(c.sendRequest('rustReadiness/rules'), HANG_MS, 'rustReadiness/rules');
  }

  async stop(): Promise<void> {
    if (this.alive) await withTimeout(this.client.shutdown(), HANG_MS, 'shutdown').catch(() => this.client.process.kill('SIGKILL'));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); })]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
  const seconds = Number(opt('--seconds', '60'));
  const seed = Number(opt('--seed', String(Date.now() % 2 ** 31)));
  const keep = path.resolve(opt('--keep', path.join(ROOT, 'out-fuzz')));
  const r = new Rand(seed);
  const services = loadServices();
  if (services.length === 0) throw new Error('no seed files: examples/ is missing');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-fuzz-'));
  const findings = new Findings(keep);
  console.log(`fuzz: ${seconds} s, seed ${seed}, ${services.length} services (${services.map((s) => `${s.name}: ${s.files.size} files`).join(', ')}); problems kept in ${keep}`);

  const server = new Server(work);
  await server.start();
  const deadline = Date.now() + seconds * 1000;
  let rounds = 0, cliRuns = 0, serverRounds = 0, slowest = 0, peakRss = 0;
  let lastStatus = Date.now();
  while (Date.now() < deadline) {
    rounds++;
    const service = r.pick(services);
    const files = new Map(service.files);
    const ws = path.join(work, `ws-${rounds}`);
    // Mutate 1–3 analysable files; sometimes add a generated Rust document or a mutated config.
    const analysable = [...files.keys()].filter((p) => fileKindOf(p));
    const mutated: string[] = [];
    for (let i = r.int(1, 3); i > 0; i--) {
      const rel = r.pick(analysable);
      const kind = fileKindOf(rel)!;
      const others = [...files].filter(([p]) => p !== rel && fileKindOf(p) === kind).map(([, t]) => t);
      const m = mutate(files.get(rel)!, kind, others, r);
      files.set(rel, m.text);
      mutated.push(`${rel} (${m.applied.join(', ')})`);
    }
    if (r.chance(0.4)) {
      const spec = fc.sample(rustDocSpec, { numRuns: 1, seed: r.int(0, 2 ** 30) })[0];
      const rel = `src/fuzz_${rounds}.rs`;
      files.set(rel, renderRustDoc(spec));
      mutated.push(`${rel} (generated)`);
    }
    if (r.chance(0.2)) files.set('.readiness.toml', mutate(RENAME_CONFIG + (files.get('.readiness.toml') ?? ''), 'toml', [], r).text);
    for (const [rel, text] of files) { const abs = path.join(ws, rel); fs.mkdirSync(path.dirname(abs), { recursive: true }); fs.writeFileSync(abs, text); }
    fs.writeFileSync(path.join(ws, 'FUZZ-MUTATIONS.txt'), `seed ${seed}, round ${rounds}, from ${service.name}\n${mutated.join('\n')}\n`);

    const checkArgs = [ws, '--format', 'json', '--fail-on', 'none'];
    const run = await runCli(checkArgs);
    cliRuns++;
    slowest = Math.max(slowest, run.ms); peakRss = Math.max(peakRss, run.peakRssMb);
    judgeCli(run, 'check', ws, checkArgs, findings);

    if (rounds % 4 === 0 && !run.hung) {
      const fixArgs = [ws, '--fix', '--format', 'json', '--fail-on', 'none'];
      const first = await runCli(fixArgs);
      judgeCli(first, 'check --fix', ws, fixArgs, findings);
      const snapshot = new Map([...listService(ws)]);
      const second = await runCli(fixArgs);
      judgeCli(second, 'check --fix (second)', ws, fixArgs, findings);
      cliRuns += 2;
      const changed = [...listService(ws)].filter(([p, t]) => snapshot.get(p) !== t).map(([p]) => p);
      if (!first.hung && !second.hung && changed.length > 0) findings.report('fix-not-idempotent', `a second --fix changed ${changed.join(', ')}: ${second.stderr.split('\n').filter((l) => /applied/.test(l)).join(' ')}`, ws, `node ${path.relative(process.cwd(), CLI)} ${fixArgs.join(' ')}`);
    }

    // The server: same files, one opened and typed into.
    const openable = [...files.keys()].filter((p) => fileKindOf(p));
    const openRel = r.pick(openable);
    const edits = fc.sample(editSequence, { numRuns: 1, seed: r.int(0, 2 ** 30) })[0];
    const logsBefore = server.client.logs.length;
    try {
      await server.round(files, openRel, edits, r);
      serverRounds++;
      const failures = server.client.logs.slice(logsBefore).filter((l) => l.type === MessageType.Error);
      if (failures.length) findings.report('server-error', `${openRel}: ${failures[0].message.slice(0, 400)}`, ws, `open ${openRel} in the editor after the mutations`);
      const rss = rssMb(server.client.process.pid!);
      peakRss = Math.max(peakRss, rss);
      if (rss > RSS_LIMIT_MB) { findings.report('server-memory', `RSS ${rss.toFixed(0)} MB after ${openRel}`, ws, 'open the files in the editor'); await server.stop(); await server.start(); }
    } catch (e) {
      findings.report(server.alive ? 'server-hang' : 'server-crash', `${openRel}: ${(e as Error).message}\n${server.client.stderr.slice(-2000)}`, ws, `open ${openRel} in the editor and type`);
      await server.stop().catch(() => undefined);
      await server.start();
    }
    fs.rmSync(ws, { recursive: true, force: true });
    if (Date.now() - lastStatus > 30000) {
      lastStatus = Date.now();
      console.log(`  … ${rounds} rounds, ${cliRuns} CLI runs, ${serverRounds} server rounds, ${findings.problems.length} problems; slowest CLI ${slowest} ms, peak RSS ${peakRss.toFixed(0)} MB`);
    }
  }
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`fuzz done: ${rounds} rounds, ${cliRuns} CLI runs, ${serverRounds} server rounds; slowest CLI run ${slowest} ms; peak RSS ${peakRss.toFixed(0)} MB`);
  if (findings.problems.length === 0) console.log('no crash, hang, memory or idempotence problem found');
  else {
    console.log(`${findings.problems.length} problem(s):`);
    for (const p of findings.problems) console.log(`- ${p.kind}: ${p.detail.split('\n')[0].slice(0, 300)}\n  ${path.relative(process.cwd(), p.dir)}`);
    process.exitCode = 1;
  }
}

main().catch((e) => { console.error(e); process.exit(2); });
