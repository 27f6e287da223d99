/**
 * Generators for property tests and the fuzz script (`scripts/fuzz.ts`): Rust documents made of
 * items carrying the catalog's fixable patterns (the rules' documented examples), with random line
 * endings (LF, CRLF, lone CR, mixed), indentation and an optional UTF-8 BOM; and random edit
 * sequences over a text, as an editor sends them.
 */
import fc from 'fast-check';

/** The `[rename]` entry `stale-name` needs to find `oldsvc`. */
export const RENAME_CONFIG = '[rename]\noldsvc = "newsvc"\n';

/** Items of a service module, `n` keeping names unique; most carry a pattern a rule fixes. */
export const RUST_ITEMS: readonly ((n: number) => string[])[] = [
  // panic-in-production: expect/unwrap in a fn returning anyhow::Result
  (n) => [
    `fn start_${n}(addr: &str) -> anyhow::Result<()> {`,
    '    let addr: std::net::SocketAddr = addr.parse().expect("Invalid HTTP address");',
    '    let listener = std::net::TcpListener::bind(addr).unwrap();',
    '    drop(listener);',
    '    Ok(())',
    '}',
  ],
  // unbounded-channel
  (n) => [
    `async fn relay_${n}(msg: String) -> anyhow::Result<()> {`,
    '    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel::<String>();',
    '    tx.send(msg)?;',
    '    Ok(())',
    '}',
  ],
  // secret-in-log
  (n) => [
    `fn issue_${n}(email: &str, token: &str) {`,
    '    tracing::debug!("verification token for {}: {}", email, token);',
    '    println!("{token}");',
    '}',
  ],
  // mutex-lock-unwrap: a fallible call under the guard
  (n) => [
    `struct Store${n} {`,
    '    conn: std::sync::Mutex<Vec<u8>>,',
    '}',
    '',
    `impl Store${n} {`,
    '    fn put(&self, body: &[u8]) -> anyhow::Result<()> {',
    '        let mut conn = self.conn.lock().unwrap();',
    `        conn.push(parse_${n}(body)?);`,
    '        Ok(())',
    '    }',
    '}',
    '',
    `fn parse_${n}(body: &[u8]) -> anyhow::Result<u8> {`,
    '    body.first().copied().ok_or_else(|| anyhow::anyhow!("empty"))',
    '}',
  ],
  // dropped-log-guard
  (n) => [
    `fn init_logs_${n}() {`,
    '    let file_appender = tracing_appender::rolling::daily("/var/log/app", "app.log");',
    '    let (non_blocking, _) = tracing_appender::non_blocking(file_appender);',
    '    tracing_subscriber::fmt().with_writer(non_blocking).init();',
    '}',
  ],
  // hardcoded-secret
  (n) => [
    `fn auth_token_${n}() -> String {`,
    '    std::env::var("QPC_AUTH_TOKEN").unwrap_or_else(|_| "devtoken".into())',
    '}',
  ],
  // non-constant-time-compare
  (n) => [
    `fn check_state_${n}(received_state: &str, expected_state: &str) -> bool {`,
    '    if received_state == expected_state {',
    '        return true;',
    '    }',
    '    false',
    '}',
  ],
  // optional-db-encryption
  (n) => [
    `fn open_db_${n}(conn: &rusqlite::Connection, db_key: &str) -> anyhow::Result<()> {`,
    '    if !db_key.is_empty() {',
    '        conn.pragma_update(None, "key", db_key)?;',
    '    }',
    '    Ok(())',
    '}',
  ],
  // stale-name (with RENAME_CONFIG)
  (n) => [`const SERVICE_NAME_${n}: &str = "oldsvc";`],
  // neutral code: nothing to report
  (n) => [
    `/// Adds one (${n}).`,
    `pub fn helper_${n}(x: u32) -> u32 {`,
    '    let y = x.saturating_add(1);',
    '    y',
    '}',
  ],
];

export type Eol = '\n' | '\r\n' | '\r';

export interface RustDocSpec {
  items: number[];
  /** One line ending for the file, or per line (cycled) when mixed. */
  eols: Eol[];
  bom: boolean;
  tabs: boolean;
}

export function renderRustDoc(spec: RustDocSpec): string {
  const lines = ['use std::collections::HashMap;', '', 'fn main() -> anyhow::Result<()> {', '    let _m: HashMap<u8, u8> = HashMap::new();', '    Ok(())', '}'];
  spec.items.forEach((item, n) => { lines.push('', ...RUST_ITEMS[item % RUST_ITEMS.length](n)); });
  const indented = spec.tabs ? lines.map((l) => l.replace(/^( {4})+/, (m) => '\t'.repeat(m.length / 4))) : lines;
  const text = indented.map((l, i) => l + spec.eols[i % spec.eols.length]).join('');
  return (spec.bom ? '\uFEFF' : '') + text;
}

export const eolArb: fc.Arbitrary<Eol> = fc.constantFrom<Eol>('\n', '\r\n', '\r');

export const rustDocSpec: fc.Arbitrary<RustDocSpec> = fc.record({
  items: fc.array(fc.nat({ max: RUST_ITEMS.length - 1 }), { minLength: 1, maxLength: 6 }),
  eols: fc.oneof({ weight: 3, arbitrary: eolArb.map((e) => [e]) }, { weight: 1, arbitrary: fc.array(eolArb, { minLength: 2, maxLength: 5 }) }),
  bom: fc.boolean(),
  tabs: fc.boolean(),
});

/** An edit of a text by offsets (converted to LSP ranges by the caller), as typing or pasting makes them. */
export interface OffsetEdit { at: number; remove: number; insert: string }

const FRAGMENTS = ['x', ' ', ';', '(', ')', '{', '}', '"', '.unwrap()', '.expect("e")', '?', 'let a = 1;', '\n', '\r\n', '\r', '\t', 'token', 'é', '😀', '//', '/*', '*/', 'unbounded_channel', 'lock()'];

/** Edits whose positions are fractions of the text's length at that point (so any sequence applies). */
export const editSequence: fc.Arbitrary<{ at: number; remove: number; insert: string }[]> = fc.array(
  fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat({ max: 12 }),
    insert: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })),
  }),
  { minLength: 1, maxLength: 30 },
);

/** Turns a fractional edit into offsets valid for `text` (never splitting a surrogate pair). */
export function concreteEdit(text: string, e: { at: number; remove: number; insert: string }): OffsetEdit {
  const clampPair = (i: number) => (i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i]) ? i - 1 : i);
  const at = clampPair(Math.floor(e.at * text.length));
  const end = clampPair(Math.min(text.length, at + e.remove));
  return { at, remove: end - at, insert: e.insert };
}

export function applyOffsetEdit(text: string, e: OffsetEdit): string {
  return text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
}
