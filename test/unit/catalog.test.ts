/**
 * The catalog test: for every rule, the documented `example` (docs.example) is flagged and the
 * documented `useInstead` is not, each placed in a small realistic workspace. The rule pages
 * (docs/rules/*.md) are generated from these fields, so the docs cannot drift from the code.
 *
 * Placement is generic, one way per file kind (`complete`, `placeRust`), after two conventions the docs use:
 * - a comment line naming a file alone (`# .gitignore`, `# .github/workflows/ci.yml`) starts that file;
 * - a snippet of comments only (`# Cargo.toml exists, deny.toml does not`) describes the workspace:
 *   nothing is written, the background (a minimal Rust repository) is the case.
 * Text not under such a header goes where its content says (`defaultPath`): Rust to `src/main.rs`
 * (test fns alone to `tests/e2e.rs`),
 * a lock file to `Cargo.lock`, `[dependencies]` to `Cargo.toml`, a workflow to
 * `.github/workflows/ci.yml`, and so on. `OVERRIDES` lists the few rules needing more surroundings.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRules, engineRules } from '../../rules';
import { packageRoot } from '../../server/src/output/ruleDocs';
import { fileKindOf } from '../../server/src/core/engine/fileKinds';
import type { RuleMeta } from '../../server/src/core/engine/types';
import { RUST_REPO, lock, manifest, pkg } from '../helpers/fixtures';
import { analyze, syntaxErrors, type Files } from '../helpers/workspace';

interface Override {
  /** Background files (the snippet's own files win). */
  files?: Files;
  /** Extra `[dependencies]` lines for the Rust crate. */
  deps?: string;
  /** Where text without a file header goes, instead of the content-based default. */
  path?: string;
  /** Why the rule needs this (for the reader). */
  why: string;
}

const OVERRIDES: Record<string, Override> = {
  'rustls-provider-not-installed': {
    deps: 'rustls = { version = "0.23", features = ["ring"] }',
    files: { 'src/main.rs': 'fn main() {\n    let _ = rustls::crypto::ring::default_provider().install_default();\n}\n' },
    // ring and the default aws-lc-rs: rustls cannot pick a provider, the case the docs describe.
    why: 'a crate on rustls 0.23 (the example does not name it) whose main installs the provider: the tests are the point',
  },
  'gitignore-missing-secrets': {
    files: { 'config.toml': 'cert_path = "data/server-cert.der"\ndb_path = "data/app.db"\n' },
    why: 'the config.toml the example comment describes',
  },
  'tracing-without-exporter': {
    files: { 'src/main.rs': '#[tracing::instrument]\nasync fn create_room(name: String) {}\n\nfn main() {}\n' },
    why: 'the handlers the example comment describes: they create spans (events alone are hygiene)',
  },
  'dockerignore-missing': {
    files: { Dockerfile: 'FROM rust:1.82 AS builder\nWORKDIR /app\nCOPY . .\n' },
    why: 'useInstead is the .dockerignore next to the example\'s Dockerfile',
  },
  'docker-workspace-member-missing': {
    files: {
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n',
      'Cargo.lock': lock([{ name: 'core', version: '0.1.0' }, { name: 'p2p', version: '0.1.0' }, { name: 'server', version: '0.1.0' }]),
      'crates/core/Cargo.toml': pkg('core', ''),
      'crates/core/src/lib.rs': '',
      'crates/p2p/Cargo.toml': pkg('p2p', ''),
      'crates/p2p/src/lib.rs': '',
      'crates/server/Cargo.toml': pkg('server', ''),
      'crates/server/src/main.rs': 'fn main() {}\n',
    },
    why: 'the workspace the example comment describes (members crates/*: core, server, p2p)',
  },
  'dockerfile-missing': {
    files: {
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n',
      'Cargo.lock': lock([{ name: 'axum', version: '0.7.5' }]),
      'crates/server/Cargo.toml': pkg('server', 'axum = "0.7"'),
      'crates/server/src/main.rs': 'fn main() {}\n',
    },
    why: 'the workspace the example comment describes (a `server` crate on axum with src/main.rs); useInstead is its Dockerfile',
  },
  'stale-name': {
    files: { '.readiness.toml': '[rename]\nquicproquo = "quicprochat"\nQPQ_ = "QPC_"\n' },
    path: 'Dockerfile',
    why: 'useInstead is only the Dockerfile line, under the example\'s .readiness.toml',
  },
};

// ---------------------------------------------------------------------------------------------
// Splitting a snippet into files

/** `# path` alone on a line, naming a file the engine reads. */
function headerPath(line: string): string | undefined {
  const m = /^#\s+([\w./-]+)\s*$/.exec(line);
  return m && fileKindOf(m[1]) ? m[1] : undefined;
}

/** The files a snippet names by header, and the text before the first header. */
function splitSnippet(text: string, lang: string): { files: Files; rest: string } {
  const bodies = new Map<string, string[]>();
  const rest: string[] = [];
  let current = rest;
  for (const line of text.split('\n')) {
    // SQL examples list each migration as its path, then its statements indented.
    const p = lang === 'sql' ? (/^\S+\.sql$/.test(line) ? line : undefined) : headerPath(line);
    if (p) bodies.set(p, (current = []));
    else current.push(lang === 'sql' ? line.replace(/^ {2}/, '') : line);
  }
  const files: Files = {};
  for (const [p, lines] of bodies) files[p] = lines.join('\n').replace(/^\n+/, '').replace(/\n*$/, '\n');
  return { files, rest: rest.join('\n') };
}

const isCommentOnly = (text: string, marker: string) =>
  text.split('\n').every((l) => l.trim() === '' || l.trimStart().startsWith(marker));

const indent = (text: string, n: number) => text.split('\n').map((l) => (l.trim() ? ' '.repeat(n) + l : l)).join('\n');

// ---------------------------------------------------------------------------------------------
// Where text without a header goes, by language and content

function defaultPath(lang: string, text: string): string {
  switch (lang) {
    case 'rust': return 'src/main.rs'; // or tests/e2e.rs, see placeRust
    case 'dockerfile': return 'Dockerfile';
    case 'gitignore': return '.gitignore';
    case 'toml':
      if (/^\[\[package\]\]/m.test(text)) return 'Cargo.lock';
      if (/^\[(workspace\.)?(dependencies|dev-dependencies|package)\]/m.test(text)) return 'Cargo.toml';
      if (/^\[(advisories|licenses|bans|sources|graph|output)\]/m.test(text)) return 'deny.toml';
      if (/^\[(rules|rename)\b/m.test(text)) return '.readiness.toml';
      return 'config.toml';
    case 'yaml':
      if (/^updates:/m.test(text)) return '.github/dependabot.yml';
      if (/^services:/m.test(text)) return 'docker-compose.yml';
      if (/^(on|jobs|steps):/m.test(text)) return '.github/workflows/ci.yml';
      return 'deploy/app.yaml';
    default:
      throw new Error(`no placement for docs.lang ${lang}`);
  }
}

/** Makes a fragment a complete file of its kind at `path`. */
function complete(path: string, text: string, ov: Override): Files {
  if (path.endsWith('.rs')) return placeRust(text, ov);
  if (path === 'Cargo.lock') return { [path]: `${lock([])}\n${text}` };
  if (path === 'Cargo.toml' && !/^\[package\]/m.test(text)) {
    // A workspace root package; it uses the `[workspace.dependencies]` the fragment declares.
    const wsDeps = /^\[workspace\.dependencies\]\n((?:[\w-]+\s*=.*\n?)*)/m.exec(text)?.[1] ?? '';
    const inherited = [...wsDeps.matchAll(/^([\w-]+)\s*=/gm)].map((m) => `${m[1]} = { workspace = true }`);
    const ws = /^\[workspace\./m.test(text) && !/^\[workspace\]/m.test(text) ? '[workspace]\n\n' : '';
    const head = inherited.length ? `${manifest(inherited.join('\n'))}\n` : manifest().replace(/\[dependencies\]\n.*\n$/, '');
    return { [path]: head + ws + text };
  }
  if (path === 'Dockerfile' && !/^FROM\s/m.test(text)) {
    // A fragment of a build stage (cargo) or of the runtime stage.
    const from = /\bcargo\b/.test(text) ? 'FROM rust:1.82-bookworm AS builder\nWORKDIR /app\n' : 'FROM debian:bookworm-slim\n';
    return { [path]: from + text };
  }
  if (path.startsWith('.github/workflows/')) {
    if (/^steps:/m.test(text)) text = `jobs:\n  build:\n    runs-on: ubuntu-latest\n${indent(text, 4)}`;
    if (!/^on:/m.test(text)) text = `name: CI\non: [push, pull_request]\n\n${text}`;
    return { [path]: text };
  }
  if (path.startsWith('deploy/')) return { [path]: k8s(text) };
  return { [path]: text };
}

/** A Kubernetes Deployment around a pod spec, a `containers:` list or a container's fields. */
function k8s(text: string): string {
  if (/^apiVersion:/m.test(text)) return text;
  if (!/^(spec|containers):/m.test(text)) text = `containers:\n  - name: app\n    image: app:1.0.0\n${indent(text, 4)}`;
  if (/^containers:/m.test(text)) text = `spec:\n${indent(text, 2)}`;
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: app', 'spec:', '  replicas: 2',
    '  selector:', '    matchLabels:', '      app: app', '  template:', '    metadata:', '      labels:', '        app: app',
    indent(text, 4),
  ].join('\n');
}

/** YAML snippets may show several files, each part after a blank line and a top-level comment. */
function yamlParts(text: string): string[] {
  return text.split(/\n\n(?=#)/);
}

// ---------------------------------------------------------------------------------------------
// Rust: items stay at file level, statements go into a handler; imports and dependencies follow use

const ITEM = /^(pub(\([^)]*\))?\s+)?(async\s+)?(unsafe\s+)?(fn|struct|enum|impl|mod|trait|type|use|static|const)\b/;

/** Names a snippet uses without importing them. */
const IMPORTS: [RegExp, string][] = [
  [/\bSocketAddr\b/, 'use std::net::SocketAddr;'],
  [/\bTcpListener\b/, 'use std::net::TcpListener;'],
  [/\bHashMap\b/, 'use std::collections::HashMap;'],
  [/\bRwLock\b/, 'use std::sync::RwLock;'],
  [/\bDuration\b/, 'use std::time::Duration;'],
  [/(?<!::)\bmpsc::/, 'use tokio::sync::mpsc;'],
  [/(?<!::)\binfo!/, 'use tracing::info;'],
  [/\.context\(/, 'use anyhow::Context;'],
  [/\bQuery\b/, 'use axum::extract::Query;'],
  [/\bState\b/, 'use axum::extract::State;'],
  [/\bRedirect\b/, 'use axum::response::Redirect;'],
  [/\bStatusCode\b/, 'use axum::http::StatusCode;'],
  [/\bPgPool\b/, 'use sqlx::PgPool;'],
  [/\bUrl::/, 'use url::Url;'],
];

/** Crates a snippet uses. */
const DEPS: [RegExp, string][] = [
  [/\banyhow\b/, 'anyhow = "1"'],
  [/\btokio\b|\bmpsc::/, 'tokio = { version = "1", features = ["full"] }'],
  [/\btracing\b|\binfo!/, 'tracing = "0.1"'],
  [/\btracing_subscriber\b/, 'tracing-subscriber = "0.3"'],
  [/\btracing_appender\b/, 'tracing-appender = "0.2"'],
  [/\brustls\b/, 'rustls = "0.23"'],
  [/\brcgen\b/, 'rcgen = "0.13"'],
  [/\bsubtle\b/, 'subtle = "2"'],
  [/\baxum\b/, 'axum = "0.7"'],
  [/\bsqlx\b/, 'sqlx = { version = "0.8", features = ["postgres", "runtime-tokio"] }'],
  [/\burl::/, 'url = "2"'],
  [/\bpragma_update\b/, 'rusqlite = "0.32"'],
];

function placeRust(snippet: string, ov: Override): Files {
  // Top-level units: a line at column 0 starts one (with the attributes and comments above it);
  // indented lines and closing brackets continue it.
  const units: { item: boolean; lines: string[] }[] = [];
  let pending: string[] = [];
  for (const line of snippet.split('\n')) {
    const last = units[units.length - 1];
    if (line.trim() === '') { if (pending.length === 0 && last) last.lines.push(line); continue; }
    if (/^[\s}\])]/.test(line) && last) { last.lines.push(line); continue; }
    if (/^(#!?\[|\/\/)/.test(line)) { pending.push(line); continue; }
    units.push({ item: ITEM.test(line), lines: [...pending, line] });
    pending = [];
  }
  if (pending.length) {
    if (units.length) units[units.length - 1].lines.push(...pending);
    else units.push({ item: false, lines: pending });
  }
  const trim = (ls: string[]) => ls.join('\n').replace(/\n+$/, '');
  const uses = units.filter((u) => u.item && /^use\s/.test(u.lines[0])).map((u) => trim(u.lines));
  const items = units.filter((u) => u.item && !/^use\s/.test(u.lines[0])).map((u) => trim(u.lines));
  const stmts = units.filter((u) => !u.item).map((u) => trim(u.lines));
  // Test fns alone are an integration test; anything else is the service's main.rs.
  const isTests = stmts.length === 0 && items.length > 0 && items.every((i) => /^#\[(\w+::)?test\]/m.test(i));
  const path = isTests ? 'tests/e2e.rs' : 'src/main.rs';
  const parts: string[] = [...items];
  if (stmts.length) {
    const body = indent(stmts.join('\n'), 4);
    const usesSelf = /\bself\b/.test(body);
    const fn = `async fn handler(${usesSelf ? '&self' : ''}) -> anyhow::Result<()> {\n${body}\n    Ok(())\n}`;
    parts.push(usesSelf ? `struct App;\n\nimpl App {\n${indent(fn, 4)}\n}` : fn);
  }
  if (!isTests && !/^fn main\b/m.test(parts.join('\n'))) parts.push('fn main() {}');
  let code = parts.join('\n\n') + '\n';
  const imports = [...IMPORTS.filter(([re, use]) => re.test(code) && !uses.includes(use)).map(([, use]) => use), ...uses];
  if (imports.length) code = imports.join('\n') + '\n\n' + code;
  const extra = ov.deps ? ov.deps.split('\n') : [];
  const name = (d: string) => d.split(/\s*=/)[0];
  const deps = [...DEPS.filter(([re, d]) => re.test(code) && !extra.some((e) => name(e) === name(d))).map(([, d]) => d), ...extra];
  return { 'Cargo.toml': manifest(deps.join('\n')), [path]: code };
}

// ---------------------------------------------------------------------------------------------
// The workspace for one snippet

function workspaceFor(meta: RuleMeta, snippet: string): { files: Files; placed: string[] } {
  const ov = OVERRIDES[meta.id] ?? { why: '' };
  const lang = meta.docs.lang;
  const { files: named, rest } = splitSnippet(snippet, lang);
  const marker = lang === 'rust' ? '//' : lang === 'sql' ? '--' : '#';
  const pieces: [string, string][] = Object.entries(named);
  if (!isCommentOnly(rest, marker)) {
    const restParts = lang === 'yaml' && !ov.path ? yamlParts(rest) : [rest];
    for (const part of restParts) pieces.push([ov.path ?? defaultPath(lang, part), part.replace(/\n*$/, '\n')]);
  }
  let placed: Files = {};
  for (const [p, text] of pieces) {
    assert.ok(!(p in placed), `${meta.id}: two parts of the snippet go to ${p}`);
    placed = { ...placed, ...complete(p, text, ov) };
  }
  // A Rust placement writes its own Cargo.toml; other placements rest on the minimal repository
  // (or on the override's own workspace).
  const files: Files = { ...(ov.files?.['Cargo.toml'] ? {} : RUST_REPO), ...ov.files, ...placed };
  return { files, placed: Object.keys(placed) };
}

function findingsFor(meta: RuleMeta, snippet: string) {
  const { files, placed } = workspaceFor(meta, snippet);
  for (const p of placed) assert.deepStrictEqual(syntaxErrors(p, files[p]), [], `${p} does not parse:\n${files[p]}`);
  // The audit profile: a documented example may be one the rule lists as hygiene (a single-crate
  // workspace without deny.toml); its useInstead must not be flagged even there.
  const results = analyze(files).analyzer.analyzeAll(undefined, 'audit');
  // (.readiness.toml is the engine's configuration, not a document the rules read.)
  for (const p of placed) if (fileKindOf(p) && p !== '.readiness.toml') assert.ok(results.has(p), `${p} was not analysed`);
  const found = [...results.values()].flat().filter((d) => d.ruleId === meta.id);
  const show = (): string => `${Object.entries(files).map(([p, t]) => `//- ${p}\n${t}`).join('')}\nfindings:\n${found.map((d) => `  ${d.path}:${d.range.start.line + 1}: ${d.message}`).join('\n')}`;
  return { found, show };
}

/**
 * Documented text known to be wrong where it cannot be fixed from here (rules/rust is edited
 * elsewhere): rule id → direction → the docs change needed. Run as `it.skip` until fixed.
 */
const SKIP: Record<string, { example?: string; useInstead?: string }> = {};

describe('catalog: every rule\'s documented example is flagged, its useInstead is not', () => {
  const metas: RuleMeta[] = [...allRules.map((r) => r.meta), ...engineRules];
  it('the README states the rule count, readiness and engine rules apart', () => {
    const readme = fs.readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');
    const total = allRules.length + engineRules.length;
    assert.match(readme, new RegExp(`\\*\\*${total} rules\\*\\*: ${allRules.length} readiness rules`));
    assert.match(readme, new RegExp(`"Rules run: ${total} of\\s+${total}"`));
    for (const m of engineRules) assert.ok(readme.includes(`\`${m.id}\``), m.id);
    assert.ok(fs.readFileSync(path.join(packageRoot(), 'docs', 'rules', 'README.md'), 'utf8').includes(`${total} rules: ${allRules.length} readiness rules and ${engineRules.length} engine rules`));
  });

  it('every rule documents an example and a useInstead; the tables name known rules', () => {
    for (const m of metas) assert.ok(m.docs.example.trim() && m.docs.useInstead.trim(), m.id);
    assert.strictEqual(new Set(metas.map((m) => m.id)).size, metas.length, 'duplicate rule ids');
    for (const id of [...Object.keys(OVERRIDES), ...Object.keys(SKIP)]) assert.ok(metas.some((m) => m.id === id), `unknown rule ${id}`);
  });
  for (const meta of metas) {
    describe(meta.id, () => {
      (SKIP[meta.id]?.example ? it.skip : it)(`${meta.id}: the example is flagged`, () => {
        const { found, show } = findingsFor(meta, meta.docs.example);
        assert.ok(found.length > 0, `${meta.id} did not flag its documented example:\n${show()}`);
      });
      (SKIP[meta.id]?.useInstead ? it.skip : it)(`${meta.id}: useInstead is not flagged`, () => {
        const { found, show } = findingsFor(meta, meta.docs.useInstead);
        assert.strictEqual(found.length, 0, `${meta.id} flagged its documented useInstead:\n${show()}`);
      });
    });
  }
});
