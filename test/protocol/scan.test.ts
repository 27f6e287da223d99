/**
 * The language server's workspace scan on the CLI's worker pool: the same published diagnostics as
 * a scan on the main thread, open documents published from their editor text only, and workspace
 * rules that still see the whole workspace (and every later change) after a pooled scan.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, ExecuteCommandRequest, FileChangeType,
  type Diagnostic, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { TestClient } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';

const REPO = path.resolve(__dirname, '..', '..', '..');
/** The pool forced on (a worker beside the main thread) below its size threshold, and forced off. */
const POOLED = { RUST_READINESS_POOL_MIN_BYTES: '1', RUST_READINESS_JOBS: '2' };
const ONE_THREAD = { RUST_READINESS_JOBS: '1' };

const scanCommand = (client: TestClient) =>
  client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'rust-readiness.scanWorkspace', arguments: [] }) as Promise<{ files: number; findings: number }>;

type Progress = { value: { kind: string; percentage?: number } };

/** Resolves once `client` has received `count` `$/progress` ends. */
function progressEnds(client: TestClient, count: number, timeoutMs = 100000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = setInterval(() => {
      const ends = (client.progress as Progress[]).filter((p) => p.value.kind === 'end').length;
      if (ends < count && Date.now() - started < timeoutMs) return;
      clearInterval(check);
      if (ends >= count) resolve(); else reject(new Error(`${ends} of ${count} scans ended\n${client.stderr}`));
    }, 5);
  });
}

/**
 * Starts a server on `root`, waits for its startup scan, then runs the scan command; returns the
 * client, what was published after the startup scan, and what the command answered.
 */
async function scanned(root: string, env: NodeJS.ProcessEnv): Promise<{ client: TestClient; atStartup: Map<string, Diagnostic[]>; result: { files: number; findings: number } }> {
  const client = new TestClient({ env });
  await client.initialize(root);
  await progressEnds(client, 1);
  const atStartup = published(client);
  return { client, atStartup, result: await scanCommand(client) };
}

function assertSamePublished(a: Map<string, Diagnostic[]>, b: Map<string, Diagnostic[]>, when: string): void {
  assert.deepStrictEqual([...a.keys()].sort(), [...b.keys()].sort(), when);
  for (const [uri, diags] of b) assert.deepStrictEqual(a.get(uri), diags, `${when}: ${uri}`);
}

/** The last diagnostics published per file, files with none left out. */
function published(client: TestClient): Map<string, Diagnostic[]> {
  return new Map([...client.diagnostics].filter(([, p]) => p.diagnostics.length > 0).map(([uri, p]) => [uri, p.diagnostics]));
}

const threadsLogged = (client: TestClient) => client.logs.map((l) => /scanned \d+ files on (\d+) thread/.exec(l.message)?.[1]).find((x) => x);

/** Filler modules: production Rust, each with four unwraps (findings of its own) and `lines` lines of clean code. */
function fillerModules(count: number, lines: number): Record<string, string> {
  const files: Record<string, string> = {};
  const helpers = Array.from({ length: 7 }, (_, k) => `fn step_${k}(x: u32) -> u32 {\n    x.rotate_left(${k}) ^ 0x5bd1e995\n}\n`).join('\n');
  for (let i = 0; i < count; i++) {
    const unwraps = Array.from({ length: 4 }, (_, k) => `    total += std::env::var("VALUE_${i}_${k}").unwrap().parse::<u32>().unwrap();`).join('\n');
    const clean = Array.from({ length: lines }, (_, k) => `    total = total.wrapping_mul(${k + 3}).wrapping_add(step_${k % 7}(total));`).join('\n');
    files[`src/handlers/handler_${i}.rs`] = `pub fn handle_${i}() -> u32 {\n    let mut total = 0;\n${unwraps}\n${clean}\n    total\n}\n\n${helpers}`;
  }
  return files;
}

const TRACED = [
  '#[tracing::instrument]',
  'pub fn traced() {',
  '    tracing::info!("traced");',
  '}',
  '',
].join('\n');

/**
 * A binary that creates spans in one module and has no trace exporter: `tracing-without-exporter`
 * on Cargo.toml, from what the scan collects in that module; 30 other modules of `lines` lines.
 */
function tracingFixture(lines = 40): string {
  return writeWorkspace({
    'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ntracing = "0.1"\n',
    '.gitignore': '/target\n',
    'src/main.rs': `mod handlers;\nmod traced;\n\nfn main() {\n    traced::traced();\n}\n`,
    'src/traced.rs': TRACED,
    'src/handlers/mod.rs': Array.from({ length: 30 }, (_, i) => `pub mod handler_${i};`).join('\n') + '\n',
    ...fillerModules(30, lines),
  });
}

const hasRule = (id: string) => (d: Diagnostic[]) => d.some((x) => x.code === id);

describe('language server: the workspace scan on worker threads', function () {
  this.timeout(120000);
  const clients: TestClient[] = [];
  afterEach(async () => { await Promise.all(clients.splice(0).map((c) => c.shutdown())); });

  for (const target of ['examples/stream-service', 'tracing fixture']) {
    it(`${target}: a pooled scan publishes exactly what a scan on the main thread publishes, with $/progress`, async () => {
      const root = target === 'tracing fixture' ? tracingFixture() : path.join(REPO, target);
      const pooled = await scanned(root, POOLED);
      clients.push(pooled.client);
      const single = await scanned(root, ONE_THREAD);
      clients.push(single.client);
      assert.strictEqual(threadsLogged(pooled.client), '2', 'the pooled server scanned on 2 threads');
      assert.strictEqual(threadsLogged(single.client), '1', 'the other server scanned on the main thread only');
      assert.ok(single.atStartup.size >= 3, `the workspace has findings in several files (${single.atStartup.size})`);
      assertSamePublished(pooled.atStartup, single.atStartup, 'after the startup scan');
      assertSamePublished(published(pooled.client), published(single.client), 'after the scan command');
      assertSamePublished(published(single.client), single.atStartup, 'a second scan changes nothing');
      assert.deepStrictEqual(pooled.result, single.result);
      assert.ok(pooled.result.files > 20 && pooled.result.findings > 0, JSON.stringify(pooled.result));
      // The Problems panel fills as files finish: percentages reported between begin and end.
      const kinds = (pooled.client.progress as Progress[]).map((p) => p.value);
      assert.strictEqual(kinds[0].kind, 'begin');
      assert.strictEqual(kinds.filter((k) => k.kind === 'end').length, 2, 'the startup scan and the command each end');
      const firstScan = kinds.slice(0, kinds.findIndex((k) => k.kind === 'end') + 1);
      const percentages = firstScan.filter((k) => k.kind === 'report').map((k) => k.percentage!);
      assert.ok(percentages.length > 0 && percentages.every((p, i) => p >= 0 && p <= 100 && (i === 0 || p >= percentages[i - 1])), `percentages: ${percentages}`);
    });
  }

  it('files open in the editor are published from their current text, never from what a worker read when the scan began', async () => {
    // Large modules (~1.5 MB in all), more than half of them open: the main thread starts on them at
    // once, and the workers, up a moment later (after the edits below), take the rest.
    const root = tracingFixture(1200);
    const rels = Array.from({ length: 18 }, (_, i) => `src/handlers/handler_${i}.rs`);
    const uriOf = (rel: string) => pathToFileURL(path.join(root, rel)).toString();
    // Two workers beside the main thread.
    const client = new TestClient({ env: { ...POOLED, RUST_READINESS_JOBS: '3' } });
    clients.push(client);
    await client.initialize(root, { scanOnStartup: false });
    for (const rel of rels) {
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(rel), languageId: 'rust', version: 1, text: fs.readFileSync(path.join(root, rel), 'utf8') } });
    }
    for (const rel of rels) await client.waitFor(uriOf(rel), hasRule('panic-in-production'));
    // Once the scan has begun (its workers hold the texts as they were), the editor removes every unwrap.
    const begun = new Promise<void>((resolve) => {
      const check = setInterval(() => { if (client.progress.length > 0) { clearInterval(check); resolve(); } }, 1);
    });
    const scan = scanCommand(client);
    await begun;
    for (const rel of rels) {
      const edited = fs.readFileSync(path.join(root, rel), 'utf8').replace(/\.unwrap\(\)/g, '.unwrap_or_default()');
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(rel), version: 2 }, contentChanges: [{ text: edited }] });
    }
    await scan;
    for (const rel of rels) await client.waitFor(uriOf(rel), (d, p) => p.version === 2 && !hasRule('panic-in-production')(d));
    await new Promise((r) => setTimeout(r, 300)); // anything the scan's end still sends
    for (const rel of rels) {
      const forFile = client.publishes.filter((p) => p.uri === uriOf(rel));
      const after: PublishDiagnosticsParams[] = forFile.slice(forFile.findIndex((p) => p.version === 2));
      assert.ok(after.every((p) => p.version === 2 && !hasRule('panic-in-production')(p.diagnostics)),
        `${rel}: after the edit, only diagnostics of the editor text: ${JSON.stringify(after.map((p) => [p.version, p.diagnostics.map((d) => d.code)]))}`);
    }
  });

  it('after a pooled scan, workspace rules follow edits in the editor and on disk (what the scan collected is dropped for a changed file)', async () => {
    const root = tracingFixture();
    const cargoUri = pathToFileURL(path.join(root, 'Cargo.toml')).toString();
    const tracedPath = path.join(root, 'src/traced.rs');
    const tracedUri = pathToFileURL(tracedPath).toString();
    const { client } = await scanned(root, POOLED);
    clients.push(client);
    assert.strictEqual(threadsLogged(client), '2');
    await client.waitFor(cargoUri, hasRule('tracing-without-exporter'));
    // The editor removes the spans: the workspace rule reads the editor text, not the scan's values.
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: tracedUri, languageId: 'rust', version: 1, text: TRACED } });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: tracedUri, version: 2 }, contentChanges: [{ text: 'pub fn traced() {}\n' }] });
    await client.waitFor(cargoUri, (d) => !hasRule('tracing-without-exporter')(d));
    // Another module (scanned on some thread) starts creating spans on disk: the finding comes back.
    const handlerPath = path.join(root, 'src/handlers/handler_7.rs');
    fs.appendFileSync(handlerPath, `\n${TRACED.replace('traced', 'traced_handler')}`);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(handlerPath).toString(), type: FileChangeType.Changed }] });
    await client.waitFor(cargoUri, hasRule('tracing-without-exporter'));
  });
});
