/**
 * Regressions the fuzz script (`scripts/fuzz.ts`) found: inputs that crashed or stalled the whole
 * analysis through one file.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createEngine } from '../../rules';
import { Analyzer } from '../../server/src/core/engine/analyzer';
import { WorkspaceModel } from '../../server/src/core/engine/workspace';
import { LineIndex } from '../../server/src/core/engine/lineIndex';
import { writeWorkspace } from '../helpers/workspace';
import { parseDocument, type RustDocument } from '../../server/src/core/parsers/document';
import { calleePanicsIn } from '../../rules/shared/rust/lockGuards';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

function model(files: Record<string, string>): { model: WorkspaceModel; analyzer: Analyzer } {
  const root = writeWorkspace(files);
  const engine = createEngine();
  const m = new WorkspaceModel(root, { knownRules: engine.knownIds });
  return { model: m, analyzer: new Analyzer(engine, m) };
}

/** How long analysing `src/main.rs` (already parsed) takes, in a crate with `manifest`. */
function analysisTime(text: string, manifest: string): number {
  const { model: m, analyzer } = model({ 'src/main.rs': text, 'Cargo.toml': manifest });
  m.document('src/main.rs');
  const t0 = process.hrtime.bigint();
  analyzer.analyzeFile('src/main.rs');
  return ms(t0);
}

/** The rules' time on `src/main.rs` (parsed first, not timed) in a crate of its own, and their findings. */
function timedRules(text: string): { took: number; findings: ReturnType<Analyzer['analyzeFile']> } {
  const { model: m, analyzer } = model({ 'src/main.rs': text, 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n' });
  const doc = m.document('src/main.rs');
  assert.ok(doc?.kind === 'rust');
  void doc.tree; // parsed here: only the rules are timed
  const t0 = process.hrtime.bigint();
  const findings = analyzer.analyzeFile('src/main.rs');
  return { took: ms(t0), findings };
}

describe('robustness: what the fuzz script found', function () {
  this.timeout(60000);

  it('thousands of use declarations in one scope (a block repeated by the fuzz run): imports read in linear time', () => {
    const uses = (n: number) => Array.from({ length: n }, (_, i) => `use axum::extract::ws::{Message, WebSocket as Ws${i}};\r\n`).join('') + 'fn main() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Message>(); }\r\n';
    const time = (text: string) => analysisTime(text, '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\naxum = "0.7"\ntokio = "1"\n');
    time(uses(100)); // warm-up
    const small = time(uses(500));
    const large = time(uses(5000));
    // Ten times the declarations: about ten times the work, not a hundred (every pair was compared).
    assert.ok(large < 25 * small + 500, `5,000 uses: ${large.toFixed(0)} ms; 500 uses: ${small.toFixed(0)} ms`);
  });

  it('candidates among thousands of sibling statements: the path steps right, it does not rescan the children', () => {
    const block = (n: number) => 'fn main() {\n' + '    let v = std::env::var("A").unwrap();\n'.repeat(n) + '}\n';
    const time = (text: string) => analysisTime(text, '[package]\nname = "svc"\nversion = "0.1.0"\n');
    time(block(200)); // warm-up
    const small = time(block(2000));
    const large = time(block(20000));
    assert.ok(large < 25 * small + 500, `20,000 statements: ${large.toFixed(0)} ms; 2,000: ${small.toFixed(0)} ms`);
  });

  it('log macros and health routes repeated inside blocks nested as deep: linear, not number × depth', () => {
    // As deep as it is long (a fuzzed file both nested and repeated): a parent walk per match is quadratic.
    const body = (n: number) => 'fn main() {' + ' {'.repeat(n) + '\n' +
      '    tracing::info!("token {}", token); let app = Router::new().route("/health", get(|| async { "OK" }));\n'.repeat(n) +
      ' }'.repeat(n) + '}\n' + 'async fn health() -> &\'static str { "OK" }\n'.repeat(n);
    const time = (text: string) => analysisTime(text, '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\naxum = "0.7"\n');
    time(body(50)); // warm-up
    const small = time(body(300));
    const large = time(body(3000));
    // Ten times as many, ten times as deep: what is left grows with the depth through the ancestor chains
    // rules read (about 40× here); a walk up the tree per macro was over 300× (44 s).
    assert.ok(large < 80 * small + 2000, `3,000 repeats 3,000 deep: ${large.toFixed(0)} ms; 300: ${small.toFixed(0)} ms`);
  });

  it('a .gitignore of one enormous line (lone CRs, 1.4 MB) is matched as git would, not a rule failure', () => {
    const { model: m, analyzer } = model({
      '.gitignore': '/target\r'.repeat(180_000),
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
      'config.toml': 'data_dir = "data"\n',
      'src/main.rs': 'fn main() {}\n',
    });
    const results = analyzer.analyzeAll();
    const all = [...results.values()].flat();
    assert.ok(!all.some((d) => /failed/.test(d.message)), JSON.stringify(all.filter((d) => /failed/.test(d.message))));
    // The one line is no pattern git could match: data/ is still uncovered.
    assert.ok(all.some((d) => d.ruleId === 'gitignore-missing-secrets' && /`data\/`/.test(d.message)));
    assert.ok(m.files.includes('src/main.rs'));
  });

  it('a YAML file that would exhaust the yaml parser\'s stack is skipped with a note; the rest is analysed', () => {
    // A one-space-indented line makes the yaml package nest every following entry one level deeper.
    const compose = 'services:\n  postgres:\n    environment:\n      X: y\n {{\n   volumes:\n      - a\n' + '  app:\n    build: .\n    environment:\n      - A=b\n'.repeat(3000);
    const { model: m, analyzer } = model({
      'docker-compose.yml': compose,
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
      'src/main.rs': 'fn main() { std::env::var("PORT").unwrap(); }\n',
    });
    const results = analyzer.analyzeAll();
    assert.ok(results.get('src/main.rs')!.some((d) => d.ruleId === 'panic-in-production'));
    assert.ok(m.skipped.some((s) => s.path === 'docker-compose.yml' && /could not be parsed \(its collections nest more than 200 levels deep\)/.test(s.message)), JSON.stringify(m.skipped));
  });

  it('many candidate matches deep inside nested blocks: about as fast as the same code nested a little', () => {
    // 3,000 `.unwrap()` calls the rules look at, inside 2,000 nested blocks. Each match used to be
    // climbed to with tree-sitter's `parent` (a search from the root) and its ancestor chain read
    // by walking up 48 levels first: matches × depth × 48 (107 s here, 10 s on a fuzzed 260 KB file).
    const nested = (depth: number) => 'fn deep() ' + '{ '.repeat(depth) + '\n' + '    let v = x.unwrap();\n'.repeat(3000) + '}'.repeat(depth) + '\n\nfn main() {}\n';
    const time = (text: string) => analysisTime(text, '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n');
    time(nested(5)); // warm-up
    const shallow = time(nested(5));
    const deep = time(nested(2000));
    // What is left grows with the depth only through a rule's own parent walk (panic-in-production's
    // let-type reading), a few steps per match.
    assert.ok(deep < 25 * shallow + 1500, `2,000 levels: ${deep.toFixed(0)} ms; 5 levels: ${shallow.toFixed(0)} ms`);
  });

  it('1.5 MB of functions nested thousands of blocks deep, one candidate at the bottom of each (a fuzzed file): one pass down each, no node object per level', () => {
    // Each `.unwrap()` sits 2,500 blocks down its own fn: the candidate search and the rule's
    // ancestor chain each made a node object for every level on the way (10 s in the CLI).
    const deepFn = (i: number) => `fn deep${i}() ` + '{ '.repeat(2500) + 'x.unwrap();' + ' }'.repeat(2500) + '\n';
    const text = Array.from({ length: 150 }, (_, i) => deepFn(i)).join('') + 'fn main() {}\n';
    const { took, findings } = timedRules(text);
    assert.ok(took < 5000, `${took.toFixed(0)} ms for ${text.length} characters`);
    assert.ok(!findings.some((d) => /failed/.test(d.message)));
  });

  it('a block repeated thousands of times at the top level (a fuzzed config.rs, 270 KB): string literals and fallbacks read their parents from the tree path, not `.parent`', () => {
    // Each `.parent` is a search from the root, which here has thousands of children: per literal
    // (gitignore-missing-secrets) and per `unwrap_or_else` (hardcoded-secret) that was 11 s in the CLI.
    const head = 'pub struct ServerConfig { pub auth_token: String, pub db_path: String }\n\nimpl ServerConfig {\n    pub fn from_env() -> Self {\n        let auth_token = std::env::var("QPC_AUTH_TOKEN").unwrap_or_else(|_| "devtoken".into());\n';
    const block = '            db_key,\n            db_path: std::env::var("QPC_DB_PATH").unwrap_or_else(|_| "data/chat.db".into()),\n            auth_token: std::env::var("QPC_TOKEN").unwrap_or_else(|_| "devtoken".into()),\n            cert_path: "data/server-cert.der".into(),\n        }\n    }\n}\n';
    const text = head + block.repeat(1300);
    const { model: m, analyzer } = model({ 'src/main.rs': text, 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n', '.gitignore': '/target\n' });
    void (m.document('src/main.rs') as { tree: unknown }).tree;
    const t0 = process.hrtime.bigint();
    const results = analyzer.analyzeAll();
    const took = ms(t0);
    const all = [...results.values()].flat();
    assert.ok(took < 4000, `${took.toFixed(0)} ms for ${text.length} characters`);
    assert.ok(all.some((d) => d.ruleId === 'gitignore-missing-secrets'), 'the data paths are still named');
    assert.ok(all.some((d) => d.ruleId === 'hardcoded-secret'), 'the fallback secrets are still found');
  });

  it('a struct with two locks and its methods repeated hundreds of times (a fuzzed storage.rs): each struct and lock judged once, pairs found by bisection', () => {
    // multiple-locks-in-struct compared every pair of guard sites for every struct (cubic), and
    // mutex-lock-unwrap scanned the whole text for the lock's declaration per unwrap: over 60 s on 1.5 MB.
    const storage = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'chat-service', 'crates', 'chat-server', 'src', 'storage.rs'), 'utf8');
    const text = storage.repeat(400);
    const { took, findings } = timedRules(text);
    assert.ok(took < 4000, `${took.toFixed(0)} ms for ${text.length} characters`);
    assert.ok(!findings.some((d) => /failed/.test(d.message)));
  });

  it('thousands of fns each making an unbounded channel (a fuzzed websocket.rs): the binding is read from the tree path, not `.parent`', () => {
    // unbounded-channel climbed to the `let` with `.parent` (a search from the root's thousands of children): 19 s on 1.5 MB.
    // The repeated block leaves each fn open: every one nests inside the last.
    const text = 'async fn handle_socket(mut socket: WebSocket) {\n    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();\n    tokio::spawn(async move {\n        while let Some(bytes) = rx.recv().await {\n        }\n\n'.repeat(3800);
    const { took, findings } = timedRules(text);
    assert.ok(took < 4000, `${took.toFixed(0)} ms for ${text.length} characters`);
    assert.ok(!findings.some((d) => /failed/.test(d.message)));
  });

  it('a main repeated thousands of times behind a flipped bracket, each nesting in the last (a fuzzed main.rs, 1.5 MB): no `.parent`, `nextSibling` or whole-text `lastIndexOf` per site', () => {
    // Each was a search from the root (or back through the text) per `fn main` / statement / fallback:
    // rustls-provider-not-installed, the stated-reason reading and hardcoded-secret took 4.5 s of 7.8 s in the CLI.
    const example = path.join(__dirname, '..', '..', '..', 'examples', 'chat-service');
    const block = 'use anyhow::Result;\nuse std::net::SocketAddr;\nuse tokio::net::TcpListener;\n\n#)tokio::main]\nasync fn main() -> Result<()> {\n    let config = config::ServerConfig::from_env();\n    let http_address: SocketAddr = std::env::var("LISTEN")\n        .unwrap_or_else(|_| "0.0.0.0:7000".into())\n        .parse([\n        .expect("Invalid HTTP address");\n    let _store = sql_store::SqlStore::open(&config.db_path, &config.db_key)?;\n    let listener = TcpListener::bind(&http_address).await?;\n    traci\n';
    const text = 'mod config;\n' + block.repeat(2600);
    const manifest = fs.readFileSync(path.join(example, 'crates', 'chat-server', 'Cargo.toml'), 'utf8');
    const { model: m, analyzer } = model({
      'Cargo.toml': fs.readFileSync(path.join(example, 'Cargo.toml'), 'utf8'),
      'Cargo.lock': fs.readFileSync(path.join(example, 'Cargo.lock'), 'utf8'),
      'crates/chat-server/Cargo.toml': manifest,
      'crates/chat-server/src/main.rs': text,
    });
    void (m.document('crates/chat-server/src/main.rs') as { tree: unknown }).tree;
    const t0 = process.hrtime.bigint();
    const findings = analyzer.analyzeFile('crates/chat-server/src/main.rs');
    const took = ms(t0);
    assert.ok(took < 3000, `${took.toFixed(0)} ms for ${text.length} characters`);
    assert.ok(!findings.some((d) => /failed/.test(d.message)));
  });

  it('a handler repeated thousands of times without its header, each nesting in the last (a fuzzed oauth2.rs, 1.5 MB): a comparison\'s enclosing fn is found without reading the whole ancestor chain', () => {
    // 2,800 `query.state != expected_state`, each thousands of error nodes deep with no fn nearer
    // than the outermost: the ancestor chain was copied and searched to the root per site, several
    // times (non-constant-time-compare's enclosing fn per operand), 1.9 s of 4.5 s in the CLI.
    const head = 'use axum::extract::{Query, State};\nuse axum::response::Redirect;\n\npub async fn oauth2_callback(\n    State(app): State<AppState>,\n';
    const block = '    Query(query): Query<AuthCallback>,\n) -> Result<Redirect, axum::http::StatusCode> {\n    let expected_state = app.oauth2.take_state(&query.state).ok_or(axum::http::StatusCode::BAD_REQUEST)?;\n    if query.state != expected_state {\n        return Err(axum::http::StatusCode::BAD_REQUEST);\n    }\n    let state = query.state.clone();\n    Ok(Redirect::to(&format!("{}?state={}", "/", state)))\n}\n';
    const text = head + block.repeat(2800);
    const { took, findings } = timedRules(text);
    assert.ok(took < 2000, `${took.toFixed(0)} ms for ${text.length} characters`);
    assert.ok(findings.some((d) => d.ruleId === 'non-constant-time-compare'), 'the comparisons are still judged');
  });

  it('private fns and their calls thousands of blocks deep in a file with test code (a fuzzed user_dispatch.rs): test-code spans read the tree path, not `.parent`', () => {
    // Per private fn and per use of its name, `descendantForIndex` and `.parent` (each a search from
    // the root) went down the nesting again: 30 s in the CLI on a 690 KB file.
    const helpers = Array.from({ length: 1500 }, (_, i) => `fn helper_${i}() -> u32 { helper_${(i + 1) % 1500}(); std::env::var("A").unwrap().len() as u32 }\n`).join('');
    const text = 'fn deep() ' + '{ '.repeat(3000) + '\n' + helpers + '}'.repeat(3000) + '\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() { super::helper_0(); }\n}\n';
    const { took, findings } = timedRules(text);
    assert.ok(took < 3200, `${took.toFixed(0)} ms for ${text.length} characters`);
    assert.ok(!findings.some((d) => /failed/.test(d.message)));
  });

  it('thousands of fixes in a 1.5 MB Dockerfile of repeated stages (a fuzzed Dockerfile): the line-break style is read once, not per edit', () => {
    // Each fix asked the line index for the file's line break, and each answer scanned the whole text (1.2 s of 4.9 s in the CLI).
    const index = new LineIndex('FROM rust:1.80 AS build\nCOPY . .\nRUN cargo build --release\n'.repeat(25000));
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 100000; i++) assert.strictEqual(index.eol, '\n');
    const took = ms(t0);
    assert.ok(took < 300, `${took.toFixed(0)} ms for 100,000 questions on ${index.text.length} characters`);
  });

  it('lone-CR line endings: an inserted line is indented like its neighbour, not by tree-sitter\'s column (the whole text before, 750 KB per fix)', () => {
    // Tree-sitter counts columns from the last LF; in a lone-CR file that is everything before. The
    // rustls and `use` fixes repeated that many spaces: 1,800 fixes made a 1.3 GB edit and the CLI died.
    const example = path.join(__dirname, '..', '..', '..', 'examples', 'chat-service');
    const text = 'mod config;\r' + 'const A: u8 = 1;\r'.repeat(3000) + 'fn main() {\r    let x = std::env::var("A").unwrap();\r}\r';
    const { model: m, analyzer } = model({
      'Cargo.toml': fs.readFileSync(path.join(example, 'Cargo.toml'), 'utf8'),
      'Cargo.lock': fs.readFileSync(path.join(example, 'Cargo.lock'), 'utf8'),
      'crates/chat-server/Cargo.toml': fs.readFileSync(path.join(example, 'crates', 'chat-server', 'Cargo.toml'), 'utf8'),
      'crates/chat-server/src/main.rs': text,
    });
    void (m.document('crates/chat-server/src/main.rs') as { tree: unknown }).tree;
    const edits = analyzer.analyzeFile('crates/chat-server/src/main.rs').flatMap((d) => (d.fixes ?? []).flatMap((f) => f.edits ?? []));
    const found = analyzer.analyzeFile('crates/chat-server/src/main.rs').map((d) => d.ruleId);
    assert.ok(edits.length > 0, `the rustls fix is offered: ${found.join(', ')}`);
    for (const e of edits) assert.ok(e.newText.length < 200, `an edit of ${e.newText.length} characters: ${JSON.stringify(e.newText.slice(0, 80))}`);
    assert.ok(edits.some((e) => e.newText.includes('install_default') && e.newText.endsWith('\r    ')), 'indented like the statement it goes before');
  });

  it('a callee read from broken code is no fn name: the panic search neither builds a pattern from it nor throws', () => {
    // A fuzzed file made `warn!(error=%err,"x");}})` a callee: mutex-lock-unwrap failed with "Invalid regular expression".
    const doc = parseDocument('src/main.rs', 'rust', 'fn helper() { x.unwrap(); }\n', 1) as RustDocument;
    const panics = calleePanicsIn(doc);
    assert.strictEqual(panics('warn!(error=%err,"membereventfailed");}}})'), false);
    assert.strictEqual(panics('helper'), true);
  });

  describe('YAML the parser would take seconds on, or recurse through until the process aborts', () => {
    const manifest = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n';
    /** Analyses a workspace with `workflow` as its CI workflow: the time, the note and whether the Rust file was still analysed. */
    function analyseWithWorkflow(workflow: string): { ms: number; skipped: string | undefined; rustAnalysed: boolean } {
      const { model: m, analyzer } = model({ '.github/workflows/ci.yml': workflow, 'Cargo.toml': manifest, 'src/main.rs': 'fn main() { std::env::var("PORT").unwrap(); }\n' });
      const t0 = process.hrtime.bigint();
      const results = analyzer.analyzeAll();
      return {
        ms: ms(t0),
        skipped: m.skipped.find((s) => s.path === '.github/workflows/ci.yml')?.message,
        rustAnalysed: results.get('src/main.rs')!.some((d) => d.ruleId === 'panic-in-production'),
      };
    }

    it('1.5 MB of unclosed `[` in a workflow (a fuzzed file): skipped with a note at once, not parsed for 8 s', () => {
      const r = analyseWithWorkflow('['.repeat(1_500_000));
      assert.ok(r.ms < 2000, `${r.ms.toFixed(0)} ms`);
      assert.match(r.skipped ?? '', /could not be parsed \(it has more than 100,000 YAML tokens, more than the analysis reads without blocking for seconds\): it is not analysed/);
      assert.ok(r.rustAnalysed);
    });

    it('1,500 nested flow sequences: skipped with a note before the parser recurses through them (out of stack; near the limit a regex compile aborts the process)', () => {
      const r = analyseWithWorkflow('on: push\njobs: ' + '['.repeat(1500) + ']'.repeat(1500) + '\n');
      assert.match(r.skipped ?? '', /could not be parsed \(its collections nest more than 200 levels deep\): it is not analysed/);
      assert.ok(r.rustAnalysed);
    });

    it('1.5 MB of shallow flow sequences repeated: parsing stops at the token budget with a note', () => {
      const r = analyseWithWorkflow('- ' + '[[[[[1, 2], 3]]]]\n- '.repeat(75_000) + 'x\n');
      assert.ok(r.ms < 2000, `${r.ms.toFixed(0)} ms`);
      assert.match(r.skipped ?? '', /could not be parsed \(it has more than 100,000 YAML tokens, more than the analysis reads without blocking for seconds\)/);
      assert.ok(r.rustAnalysed);
    });

    it('nesting just under the limit and a long real workflow are still read', () => {
      const nested = analyseWithWorkflow('on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v2\n    env: ' + '['.repeat(150) + ']'.repeat(150) + '\n');
      assert.strictEqual(nested.skipped, undefined);
      const job = (i: number) => `  job${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test --locked\n`;
      const long = analyseWithWorkflow('on: push\njobs:\n' + Array.from({ length: 2000 }, (_, i) => job(i)).join(''));
      assert.strictEqual(long.skipped, undefined);
    });
  });
});
