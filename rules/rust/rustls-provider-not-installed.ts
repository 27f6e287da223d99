import { defineRustRule, type RustRuleContext } from '../../server/src/engine/rule';
import type { SyntaxNode } from '../../server/src/parsers/rust';
import { docMatches } from '../../server/src/engine/docText';
import { isTestAttribute } from '../../server/src/parsers/rustSyntax';
import type { CrateFacts, DependencyFacts } from '../../server/src/engine/workspaceFacts';

type Provider = 'ring' | 'aws_lc_rs';

interface RustlsUse {
  /** How the crate gets rustls 0.23+: `rustls 0.23`, `quinn 0.11`. */
  via: string;
  /** Path prefix to reach rustls in code: `rustls`, `quinn::rustls`. */
  prefix: string;
  provider: Provider;
  /** True when the provider and the path are known to compile. */
  certain: boolean;
}

/** `"0.23"`, `"^0.23.5"`, `">=0.23, <0.24"` → [0, 23]. */
export function versionOf(v: string | undefined): [number, number] | undefined {
  const m = v ? /(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
function atLeast(v: string | undefined, major: number, minor: number): boolean {
  const x = versionOf(v);
  return !!x && (x[0] > major || (x[0] === major && x[1] >= minor));
}

function dep(crate: CrateFacts, pkg: string, includeDev: boolean): DependencyFacts | undefined {
  for (const d of crate.dependencies.values()) if (d.package === pkg && (includeDev || d.section !== 'dev')) return d;
  return undefined;
}

/** How the crate uses rustls 0.23+ (directly or through a crate that pulls it in), if at all. */
function rustlsUse(crate: CrateFacts | undefined, includeDev: boolean): RustlsUse | undefined {
  if (!crate) return undefined;
  const has = (d: DependencyFacts, ...names: string[]) => names.some((n) => d.features.includes(n));
  const direct = dep(crate, 'rustls', includeDev);
  if (direct && atLeast(direct.version, 0, 23)) {
    const ring = has(direct, 'ring');
    // rustls' default features enable aws-lc-rs.
    const aws = has(direct, 'aws-lc-rs', 'aws_lc_rs') || direct.defaultFeatures;
    return { via: `rustls ${direct.version}`, prefix: direct.name.replace(/-/g, '_'), provider: ring ? 'ring' : 'aws_lc_rs', certain: ring !== aws };
  }
  const quinn = dep(crate, 'quinn', includeDev);
  if (quinn && atLeast(quinn.version, 0, 11)) {
    const aws = has(quinn, 'rustls-aws-lc-rs');
    return { via: `quinn ${quinn.version}`, prefix: `${quinn.name.replace(/-/g, '_')}::rustls`, provider: aws ? 'aws_lc_rs' : 'ring', certain: true };
  }
  const tokioRustls = dep(crate, 'tokio-rustls', includeDev);
  if (tokioRustls && atLeast(tokioRustls.version, 0, 26)) {
    const ring = has(tokioRustls, 'ring');
    return { via: `tokio-rustls ${tokioRustls.version}`, prefix: `${tokioRustls.name.replace(/-/g, '_')}::rustls`, provider: ring ? 'ring' : 'aws_lc_rs', certain: true };
  }
  const hyper = dep(crate, 'hyper-rustls', includeDev);
  if (hyper && atLeast(hyper.version, 0, 27)) return { via: `hyper-rustls ${hyper.version}`, prefix: 'rustls', provider: has(hyper, 'ring') ? 'ring' : 'aws_lc_rs', certain: false };
  const reqwest = dep(crate, 'reqwest', includeDev);
  if (reqwest && atLeast(reqwest.version, 0, 12) && reqwest.features.some((f) => f.includes('rustls'))) return { via: `reqwest ${reqwest.version} (rustls)`, prefix: 'rustls', provider: 'ring', certain: false };
  return undefined;
}

function isTestFn(fn: SyntaxNode): boolean {
  for (let a = fn.previousNamedSibling; a && (a.type === 'attribute_item' || a.type.endsWith('comment')); a = a.previousNamedSibling) {
    if (a.type === 'attribute_item' && isTestAttribute(a.text) && !/cfg/.test(a.text)) return true;
  }
  return false;
}

function insertEdit(ctx: RustRuleContext, fn: SyntaxNode, stmt: string) {
  const body = fn.childForFieldName('body')!;
  const open = body.child(0)!;
  const first = body.namedChildren.find((c) => !c.type.endsWith('comment'));
  const eol = ctx.doc.index.eol;
  if (first && first.startPosition.row === open.startPosition.row) {
    const at = ctx.nodeRange(first).start;
    return ctx.edit({ start: at, end: at }, `${stmt} `);
  }
  if (first) {
    const at = ctx.nodeRange(first).start;
    return ctx.edit({ start: at, end: at }, `${stmt}${eol}${' '.repeat(first.startPosition.column)}`);
  }
  const indent = ' '.repeat(fn.startPosition.column);
  const at = ctx.nodeRange(open).end;
  return ctx.edit({ start: at, end: ctx.nodeRange(body).end }, `${eol}${indent}    ${stmt}${eol}${indent}}`);
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
      what: 'Flags a test fn or `main` in a crate that depends on rustls 0.23+ (directly, or through quinn 0.11+, tokio-rustls 0.26+, hyper-rustls 0.27+, reqwest 0.12 with a rustls feature) when the file never calls `install_default()`. The diagnostic is on the fn name.',
      why: 'rustls 0.23 needs a process-level `CryptoProvider`. When it cannot pick one from the crate features (both `ring` and `aws-lc-rs` enabled somewhere in the dependency graph, or neither), the first TLS/QUIC handshake panics with "Could not automatically determine the process-level CryptoProvider". Tests are hit first: each test binary is its own process.',
      example: '#[tokio::test]\nasync fn e2e_happy_path_register_invite_join_send_recv() {\n    let server = spawn_server().await;\n    // panics: Could not automatically determine the process-level CryptoProvider\n}',
      useInstead: '#[tokio::test]\nasync fn e2e_happy_path_register_invite_join_send_recv() {\n    let _ = rustls::crypto::ring::default_provider().install_default();\n    let server = spawn_server().await;\n}',
      fixSafety: 'The fix inserts `let _ = rustls::crypto::<provider>::default_provider().install_default();` as the first statement, with the provider the crate enables (`ring` or `aws_lc_rs`) and the path it can reach rustls by (`rustls`, `quinn::rustls`, `tokio_rustls::rustls`). `let _ =` ignores the error when a provider is already installed, so it is safe in every test. It is preferred when the provider and path are known; otherwise (rustls only through reqwest/hyper-rustls, or ambiguous features) it is offered only.',
      notes: 'One call per process is enough: a shared test helper or `main` calling `install_default()` in the same file silences the rule for the whole file. See also `rustls-provider-ambiguous` for the Cargo features.',
    },
  },
  // A crate that uses rustls, in a file that installs no provider itself.
  appliesTo: (ctx) => rustlsUse(ctx.crate, true) !== undefined && !docMatches(ctx.doc, /install_default/),
  candidates: [{
    pattern: /\bfn\s+([A-Za-z_][A-Za-z0-9_]*)/dg, group: 1, nodeTypes: ['function_item'], depth: 1, mainOnly: true,
    // `main`, or a fn with a test attribute in the lines above it (text first).
    accept: (m, ctx) => m[1] === 'main' || /#\[[^\]]*test[^\]]*\][^{};]*$/.test(ctx.doc.text.slice(Math.max(0, m.index - 300), m.index)),
  }],
  check(node, ctx) {
    const name = node.childForFieldName('name');
    if (!name || !node.childForFieldName('body')) return;
    const isMain = name.text === 'main' && node.parent?.type === 'source_file';
    const isTest = !isMain && isTestFn(node);
    if (!isMain && !isTest) return;
    const use = rustlsUse(ctx.crate, isTest);
    if (!use) return;
    const stmt = `let _ = ${use.prefix}::crypto::${use.provider}::default_provider().install_default();`;
    ctx.reportNode(name,
      `\`${name.text}\` runs in a crate using ${use.via} but this file never installs a rustls CryptoProvider: when the provider cannot be picked from crate features, the first TLS/QUIC handshake panics ("Could not automatically determine the process-level CryptoProvider"). Install one at the start: \`${stmt}\``,
      { fixes: [{ title: `Install the ${use.provider} CryptoProvider first`, preferred: use.certain, edits: [insertEdit(ctx, node, stmt)] }] });
  },
});
