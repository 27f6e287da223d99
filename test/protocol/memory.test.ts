import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../helpers/lspClient';
import { writeWorkspace } from '../helpers/workspace';
import { DEBUG_REQUESTS, SERVER_COMMANDS, type ServerMemory } from '../../server/src/protocol';

/**
 * The language server's memory stays flat while a user types and while the workspace is scanned
 * again and again (issue 15): 10,000 one-character edits to one file, and repeated full scans.
 *
 * What is measured is what the server retains: its resident memory after a full garbage collection
 * (the `rustReadiness/debug/memory` request of a server started with --expose-gc). Without one, RSS
 * mid-work mostly shows V8 sizing its heap: the young generation grows to its maximum and the old
 * generation's limit rises between the rare major collections of a process that is never idle, so
 * RSS climbs for tens of thousands of edits before it levels (about 100 → 150 MB here) while the
 * heap live after each major collection stays the same (12–14 MB). A leak — objects or native
 * syntax trees kept per version — grows the collected figures too, and fails these tests.
 */
const EDITS = 10000;
/** Edits sent before waiting for diagnostics: a fast typist, and a bounded test time. */
const BATCH = 50;

const handler = (i: number) => [
  `pub async fn handle_${i}(state: &AppState, id: u64) -> anyhow::Result<String> {`,
  `    let user = state.users.get(&id).cloned().unwrap_or_default();`,
  `    let (tx, mut rx) = tokio::sync::mpsc::channel::<String>(16);`,
  `    tokio::spawn(async move { while let Some(m) = rx.recv().await { tracing::info!("got {}", m); } });`,
  `    tx.send(user.clone()).await?;`,
  `    Ok(format!("{}-{}", user, id))`,
  `}`,
  '',
].join('\n');

const MAIN = ['use std::collections::HashMap;', '', 'pub struct AppState { users: HashMap<u64, String> }', '',
  ...Array.from({ length: 120 }, (_, i) => handler(i))].join('\n');

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Samples after the warm-up (the first 30%: JIT, caches, every rule's first run) stay within ±10% of
 * the last warm-up sample, for resident memory and for the live heap.
 */
function assertFlat(samples: ServerMemory[], what: string): void {
  const warm = Math.ceil(samples.length * 0.3);
  const base = samples[warm - 1].afterCollection;
  const rss = samples.map((s) => s.afterCollection.rss);
  const heap = samples.map((s) => s.afterCollection.heapUsed);
  const within = (series: number[], b: number) => series.slice(warm).every((v) => v <= b * 1.1 && v >= b * 0.9);
  const peak = mb(samples[samples.length - 1].peakRss);
  const series = `RSS after collection ${rss.map(mb).join(', ')} MB; live heap ${heap.map(mb).join(', ')} MB; peak RSS ${peak} MB`;
  // The log shows about 20 evenly spaced samples; a failure shows them all.
  const every = Math.ceil(samples.length / 20);
  const spaced = (values: number[]) => values.filter((_, i) => i % every === every - 1 || i === values.length - 1).map(mb).join(', ');
  console.log(`      ${what}, every ${every === 1 ? '' : `${every}th `}sample: RSS after collection ${spaced(rss)} MB; live heap ${spaced(heap)} MB; peak RSS ${peak} MB`);
  assert.ok(within(rss, base.rss), `RSS left ±10% of ${mb(base.rss)} MB after warm-up over ${what}: ${series}`);
  assert.ok(within(heap, base.heapUsed), `the live heap left ±10% of ${mb(base.heapUsed)} MB after warm-up over ${what}: ${series}`);
}

describe('language server memory', function () {
  this.timeout(180000);
  let client: TestClient;
  let root: string;
  beforeEach(async () => {
    root = writeWorkspace({
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nanyhow = "1"\ntokio = "1"\ntracing = "0.1"\n',
      'src/main.rs': MAIN,
      ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`src/module_${i}.rs`, handler(i)])),
      '.gitignore': '/target\n',
    });
    client = new TestClient({ nodeArgs: ['--expose-gc'] });
    await client.initialize(root);
  });
  afterEach(async () => { await client.shutdown(); });
  const memory = () => client.connection.sendRequest<ServerMemory>(DEBUG_REQUESTS.memory);

  it(`stays within ±10% of its warmed-up RSS and live heap over ${EDITS} edits to one file`, async () => {
    const uri = pathToFileURL(path.join(root, 'src', 'main.rs')).toString();
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rust', version: 1, text: MAIN } });
    await client.waitFor(uri, (_, p) => p.version === 1, 30000);
    const lines = MAIN.split('\n');
    const targets = lines.flatMap((l, i) => (l.startsWith('    let user') ? [i] : []));
    let version = 1;
    const samples: ServerMemory[] = [];
    for (let sent = 0; sent < EDITS;) {
      for (let b = 0; b < BATCH && sent < EDITS; b++, sent++) {
        // Type a character into a statement, then delete it: the text returns to MAIN every two edits.
        const line = targets[Math.floor(sent / 2) % targets.length];
        const insert = sent % 2 === 0;
        version++;
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [insert
            ? { range: { start: { line, character: 8 }, end: { line, character: 8 } }, text: 'x' }
            : { range: { start: { line, character: 8 }, end: { line, character: 9 } }, text: '' }],
        });
      }
      const last = version;
      await client.waitFor(uri, (_, p) => p.version === last, 60000);
      samples.push(await memory());
    }
    assertFlat(samples, `${EDITS} edits`);
  });

  it('stays within ±10% of its warmed-up RSS and live heap over repeated full workspace scans', async () => {
    const samples: ServerMemory[] = [];
    const scans = Number(process.env.RUST_READINESS_SCANS) || 12;
    for (let i = 0; i < scans; i++) {
      await client.connection.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMANDS.scanWorkspace, arguments: [] });
      samples.push(await memory());
    }
    assertFlat(samples, `${scans} scans`);
  });
});
