import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { treePathOf } from '../../server/src/core/parsers/treePath';
import { isTestAttribute, leadingAttributes } from '../../server/src/core/parsers/rustSyntax';
import type { CrateFacts, DependencyFacts, WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import type { FileTextEdit } from '../../server/src/core/engine/types';
import { findCrate } from '../../server/src/core/engine/workspaceFacts';
import { manifestProviders, rustlsBuild, type RustlsBuild } from '../shared/rustlsBuild';

/** `"0.23"`, `"^0.23.5"`, `">=0.23, <0.24"` → [0, 23]. */
export function versionOf(v: string | undefined): [number, number] | undefined {
  const m = v ? /(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
function atLeast(v: string | undefined, major: number, minor: number): boolean {
  const x = versionOf(v);
  return !!x && (x[0] > major || (x[0] === major && x[1] >= minor));
}

/**
 * Test code that reaches TLS itself: rustls and its wrappers, QUIC, TLS types and settings, TLS URL
 * schemes. An HTTPS URL alone is not enough (reqwest and most clients pass their provider explicitly).
 */
const TLS_HINT = /\b(?:rustls|tokio_rustls|hyper_rustls|futures_rustls|quinn|tls|with_tls|use_tls|enable_tls|tls_config|TlsConnector|TlsAcceptor|TlsStream|ClientTlsConfig|ServerTlsConfig|RustlsConfig)\b|\b(?:ClientConfig|ServerConfig)::builder\b|\bEndpoint::(?:client|server)\b|\b(?:rediss|amqps|ldaps|wss|mqtts):\/\/|sslmode=(?:require|verify)/;
/** Registry crates that only wrap a rustls config they are given (never build one with the default provider). */
const PASSIVE_USERS = new Set(['tokio-rustls', 'futures-rustls', 'rustls-pemfile', 'rustls-native-certs', 'webpki-roots', 'tokio-postgres-rustls']);

/** How the crate's code can name rustls, and which provider its own dependency surely enables. */
interface Install { prefix: string; provider: 'ring' | 'aws_lc_rs'; certain: boolean }

function installOf(crate: CrateFacts, includeDev: boolean, build: RustlsBuild): Install {
  const deps = [...crate.dependencies.values()].filter((d) => d.section === 'normal' || (includeDev && d.section === 'dev'));
  const find = (pkg: string, major: number, minor: number) => deps.find((d) => d.package === pkg && atLeast(d.version, major, minor));
  const pick = (d: DependencyFacts, prefix: string): Install => {
    const p = manifestProviders(d) ?? new Set();
    if (p.has('ring')) return { prefix, provider: 'ring', certain: true };
    if (p.has('aws-lc-rs')) return { prefix, provider: 'aws_lc_rs', certain: true };
    return { prefix, provider: 'ring', certain: false };
  };
  const direct = find('rustls', 0, 23);
  if (direct) return pick(direct, direct.name.replace(/-/g, '_'));
  const quinn = find('quinn', 0, 11);
  if (quinn) return pick(quinn, `${quinn.name.replace(/-/g, '_')}::rustls`);
  const tokioRustls = find('tokio-rustls', 0, 26);
  if (tokioRustls) return pick(tokioRustls, `${tokioRustls.name.replace(/-/g, '_')}::rustls`);
  return { prefix: 'rustls', provider: build.providers.has('aws-lc-rs') && !build.providers.has('ring') ? 'aws_lc_rs' : 'ring', certain: false };
}

function isTestFn(fn: SyntaxNode): boolean {
  return leadingAttributes(fn).some((a) => isTestAttribute(a.text) && !/cfg/.test(a.text));
}

function insertEdit(ctx: RustRuleContext, fn: SyntaxNode, stmt: string): FileTextEdit {
  const body = fn.childForFieldName('body')!;
  const open = body.child(0)!;
  const first = body.namedChildren.find((c) => !c.type.endsWith('comment'));
  const eol = ctx.doc.index.eol;
  if (first && ctx.nodeRange(first).start.line === ctx.nodeRange(open).start.line) {
    const at = ctx.nodeRange(first).start;
    return ctx.edit({ start: at, end: at }, `${stmt} `);
  }
  if (first) {
    const at = ctx.nodeRange(first).start;
    return ctx.edit({ start: at, end: at }, `${stmt}${eol}${ctx.doc.index.indentAt(first.startIndex)}`);
  }
  const indent = ctx.doc.index.indentAt(fn.startIndex);
  const at = ctx.nodeRange(open).end;
  return ctx.edit({ start: at, end: ctx.nodeRange(body).end }, `${eol}${indent}    ${stmt}${eol}${indent}}`);
}

/** The crate's library files (`src/` without `main.rs` and `src/bin/`): what its binaries and tests link. */
function libFiles(ws: WorkspaceFacts, crate: CrateFacts): string[] {
  const src = `${crate.dir ? crate.dir + '/' : ''}src/`;
  return ws.files.filter((f) => f.startsWith(src) && f.endsWith('.rs') && f !== `${src}main.rs` && !f.startsWith(`${src}bin/`)
    && findCrate(ws.cargo.crates, f) === crate);
}

type Site = 'main' | 'unit-test' | 'test-binary';

/** The files whose code runs in the process before its TLS use may: where an `install_default()` counts. */
function scopeFiles(ctx: RustRuleContext, crate: CrateFacts, site: Site, build: RustlsBuild): string[] {
  const ws = ctx.ws;
  const out = new Set<string>([ctx.doc.path]);
  for (const f of libFiles(ws, crate)) if (site !== 'main' || ws.roleOf(f) !== 'test') out.add(f);
  if (site === 'test-binary') {
    const tests = `${crate.dir ? crate.dir + '/' : ''}tests/`;
    for (const f of ws.files) if (f.startsWith(tests) && f.endsWith('.rs')) out.add(f);
  }
  for (const c of build.workspaceCrates) for (const f of libFiles(ws, c)) if (ws.roleOf(f) !== 'test') out.add(f);
  return [...out];
}

/**
 * An `install_default()` on the way (this file, the crate's library, a test helper, a workspace
 * crate it uses), or rustls configs built with an explicit provider everywhere: the workspace's code
 * uses `builder_with_provider` and no `ClientConfig::builder()`, and no registry crate builds configs.
 */
function providerHandled(ctx: RustRuleContext, crate: CrateFacts, site: Site, build: RustlsBuild): boolean {
  const texts: string[] = [];
  for (const f of scopeFiles(ctx, crate, site, build)) {
    const d = f === ctx.doc.path ? ctx.doc : ctx.ws.document(f);
    if (d?.kind === 'rust') texts.push(d.text);
  }
  if (texts.some((t) => t.includes('install_default'))) return true;
  if (!texts.some((t) => t.includes('builder_with_provider'))) return false;
  if (texts.some((t) => /\b(?:ClientConfig|ServerConfig)::builder\s*\(/.test(t))) return false;
  return [...build.rustlsUsers].every((u) => PASSIVE_USERS.has(u));
}

const FN = /\bfn\s+([A-Za-z_][A-Za-z0-9_]*)/g;
const TEST_ATTR_BEFORE = /#\[[^\]]*test[^\]]*\][^{};]*$/;

/** Top-level `fn main`s and test fns of the file, from the text, read in the tree only there. */
function sites(ctx: RustRuleContext): { mains: SyntaxNode[]; tests: SyntaxNode[] } {
  const text = ctx.doc.text;
  const mains: SyntaxNode[] = [];
  const tests: SyntaxNode[] = [];
  FN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FN.exec(text)) !== null) {
    const isMain = m[1] === 'main';
    if (!isMain && !TEST_ATTR_BEFORE.test(text.slice(Math.max(0, m.index - 300), m.index))) continue;
    const at = m.index + m[0].length - m[1].length;
    // The name's path from the root (one cursor for the file: `.parent` searches from the root each time).
    const path = treePathOf(ctx.doc.tree).smallestSpanning(at, at + m[1].length);
    let level = path.length - 1;
    if (path[level].type !== 'function_item') level--;
    if (level < 1 || path[level].type !== 'function_item') continue;
    const n = treePathOf(ctx.doc.tree).nodeOf(path[level]);
    if (!n.childForFieldName('body')) continue;
    if (isMain && path[level - 1].type === 'source_file' && !isTestFn(n)) mains.push(n);
    else if (isTestFn(n)) tests.push(n);
  }
  return { mains, tests };
}

export const rule = defineRustRule({
  meta: {
    id: 'rustls-provider-not-installed',
    title: 'rustls CryptoProvider never installed',
    priority: 'P1',
    area: 'Reliability',
    nonTest: false,
    // The seed's failure is a test: an e2e test panicking at its first handshake.
    testCode: 'report',
    action: 'Install the rustls CryptoProvider at process start (`default_provider().install_default()`) in main and test harnesses',
    docs: {
      lang: 'rust',
      what: 'When rustls 0.23+ cannot pick a CryptoProvider (its `Cargo.lock` entry depends on both `ring` and `aws-lc-rs`, or on neither; or the manifests built together turn on both), flags each binary `main` whose crate links rustls through any dependency (by the `Cargo.lock` graph: an HTTP, database or LDAP client counts), and once per integration-test file, when no `install_default()` runs on the way. The diagnostic is on `main`, or on the first test fn of the file.',
      why: 'rustls 0.23 needs a process-level `CryptoProvider`. When it cannot pick one from the crate features (both `ring` and `aws-lc-rs` compiled in, or neither), the first TLS/QUIC handshake (a TLS database connection, a QUIC endpoint, an HTTPS client building a default `ClientConfig`) panics with "Could not automatically determine the process-level CryptoProvider". Each test binary is its own process, so tests are hit too.',
      example: '#[tokio::test]\nasync fn e2e_happy_path_register_invite_join_send_recv() {\n    let endpoint = quinn::Endpoint::client("0.0.0.0:0".parse().unwrap()).unwrap();\n    // panics: Could not automatically determine the process-level CryptoProvider\n    let conn = endpoint.connect(server_addr(), "localhost").unwrap().await.unwrap();\n}',
      useInstead: '#[tokio::test]\nasync fn e2e_happy_path_register_invite_join_send_recv() {\n    let _ = rustls::crypto::ring::default_provider().install_default();\n    let endpoint = quinn::Endpoint::client("0.0.0.0:0".parse().unwrap()).unwrap();\n    let conn = endpoint.connect(server_addr(), "localhost").unwrap().await.unwrap();\n}',
      fixSafety: 'The fix inserts `let _ = rustls::crypto::<provider>::default_provider().install_default();` as the first statement of `main` (or of every test fn of the file), with the provider the crate\'s own dependency enables (`ring` or `aws_lc_rs`) and the path it can reach rustls by (`rustls`, `quinn::rustls`, `tokio_rustls::rustls`). `let _ =` ignores the error when a provider is already installed, so it is safe in every test. It is preferred when the crate\'s own rustls (or quinn, tokio-rustls) dependency turns that provider on; otherwise (rustls only through another crate, or no provider feature) it is offered only.',
      notes: 'Nothing is reported when exactly one provider is compiled in: rustls installs it itself. The providers come from the manifests built together, with Cargo\'s feature resolution: each crate\'s default features through its `[features]` (`crypto-ring = ["rustls/ring"]`, `dep:x`, `x?/f`), what workspace crates ask of each other (`features`, `default-features`), unified per package across the build (the crate and the workspace members built with it), read for rustls, quinn, tokio-rustls, hyper-rustls, reqwest 0.12, sqlx and lettre. `Cargo.lock` lists every provider any feature could turn on, so it decides only when rustls is reached through a package whose provider features are not known. A workspace crate reaching rustls only through an optional dependency is followed only when the features the binary asks of it (defaults included) turn that dependency on. An `install_default()` in the file, the crate\'s library (a shared client builder), the integration tests\' helpers or a workspace crate it uses satisfies the rule, as does an explicit provider everywhere (`ClientConfig::builder_with_provider` in the workspace\'s code and no dependency building configs itself). Never reported in `build.rs`. Audit profile only ("hygiene"): unit tests, and integration-test files (examples, benches) that show no TLS use of their own (no rustls/quinn/TLS types, no `rediss://`-like URL): their process links rustls but usually never handshakes. See also `rustls-provider-ambiguous` for the Cargo features.',
    },
  },
  mentions: /\bfn\s+main\b|test/,
  // A crate linking rustls 0.23+ whose build cannot pick a provider.
  appliesTo: (ctx) => !!(rustlsBuild(ctx.ws, ctx.crate, false)?.ambiguous || rustlsBuild(ctx.ws, ctx.crate, true)?.ambiguous),
  candidates: [],
  check() { /* whole-file: see finish */ },
  finish(ctx) {
    const crate = ctx.crate;
    if (!crate) return;
    const { mains, tests } = sites(ctx);
    if (mains.length === 0 && tests.length === 0) return;
    const testFile = ctx.ws.roleOf(ctx.doc.path) === 'test';
    // Test code reaches TLS when it shows TLS use itself (default profile); a crate whose own code is
    // a TLS user (a rustls/quinn dependency) may reach it through the crate's functions (audit only).
    const tier = (hint: boolean): Tier => hint ? 'default' : usesTlsDirectly(crate) ? 'hygiene' : undefined;
    // Binaries of the crate: `main` in src/main.rs, src/bin/*.rs (examples and benches: below, as test binaries).
    if (!testFile) {
      for (const main of mains) report(ctx, crate, 'main', main, [main], 'default');
      if (tests.length > 0) report(ctx, crate, 'unit-test', tests[0], tests, tier(tests.some((t) => TLS_HINT.test(t.text))));
    } else {
      const fns = tests.length > 0 ? tests : mains;
      if (fns.length > 0) report(ctx, crate, 'test-binary', fns[0], fns, tier(TLS_HINT.test(ctx.doc.text)));
    }
  },
});

type Tier = 'default' | 'hygiene' | undefined;

/** The crate depends on a TLS crate itself (rustls, tokio-rustls, quinn…), tests included. */
function usesTlsDirectly(crate: CrateFacts): boolean {
  for (const d of crate.dependencies.values()) if (d.section !== 'build' && /rustls|^quinn(-proto)?$/.test(d.package)) return true;
  return false;
}

function report(ctx: RustRuleContext, crate: CrateFacts, site: Site, at: SyntaxNode, fns: SyntaxNode[], tier: Tier): void {
  if (!tier) return;
  const includeDev = site !== 'main';
  const build = rustlsBuild(ctx.ws, crate, includeDev);
  if (!build?.ambiguous || providerHandled(ctx, crate, site, build)) return;
  const name = at.childForFieldName('name')!;
  const install = installOf(crate, includeDev, build);
  const stmt = `let _ = ${install.prefix}::crypto::${install.provider}::default_provider().install_default();`;
  const via = build.via.includes('rustls') ? [] : build.via;
  const links = `rustls${build.version ? ` ${build.version}` : ''}${via.length ? ` (through ${via.slice(0, 3).map((v) => `\`${v}\``).join(', ')}${via.length > 3 ? '…' : ''})` : ''}`;
  const who = site === 'main'
    ? `\`main\` runs a binary linking ${links}`
    : `\`${name.text}\`${fns.length > 1 ? ` and ${fns.length - 1} other test${fns.length > 2 ? 's' : ''} of this file run` : ' runs'} in a test binary linking ${links}`;
  const where = site === 'main' ? 'at the start of `main`' : fns.length > 1 ? 'at the start of each test (or in a shared test helper)' : 'at the start of the test';
  ctx.reportNode(name,
    `${who}, but ${build.reason}: rustls cannot pick a process-level CryptoProvider and the first TLS/QUIC handshake panics ("Could not automatically determine the process-level CryptoProvider"). No \`install_default()\` runs first; install one ${where}: \`${stmt}\``,
    {
      tier: tier === 'hygiene' ? 'hygiene' : undefined,
      fixes: () => [{
        title: `Install the ${install.provider} CryptoProvider first`,
        preferred: install.certain,
        edits: fns.map((f) => insertEdit(ctx, f, stmt)),
      }],
    });
}
