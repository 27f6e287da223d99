/**
 * Whole-workspace facts rules may read: the file listing, parsed documents, the Cargo workspace and
 * each crate's dependencies. Computed by the engine from parsed documents (no rule reads files).
 */
import type { ParsedDocument, TomlDocument } from '../parsers/document';
import type { ReadinessConfig } from './config';
import type { Range } from './types';
import type { FileRole } from './production';
import { tomlEntries, tomlRange, type TomlEntry } from '../parsers/toml';
import picomatch from 'picomatch';

export interface DependencyFacts {
  /** The name the code uses (the key in `[dependencies]`). */
  name: string;
  /** The crates.io package (`package = "…"` renames), else `name`. */
  package: string;
  version?: string;
  features: string[];
  defaultFeatures: boolean;
  optional: boolean;
  git?: string;
  /** `[dev-dependencies]` / `[build-dependencies]` vs normal. */
  section: 'normal' | 'dev' | 'build';
}

export interface CrateFacts {
  /** Workspace-relative directory of the crate ('' for the root). */
  dir: string;
  manifestPath: string;
  name?: string;
  dependencies: Map<string, DependencyFacts>;
  /** The manifest's `[features]` table: feature → what it turns on (`"dep:sea-orm"`, `"sea-orm/macros"`, `"other_feature"`). */
  features: ReadonlyMap<string, readonly string[]>;
  /** True when the crate depends on `name` (any section but dev, unless `includeDev`). */
  dependsOn(name: string, includeDev?: boolean): boolean;
  /** Clippy lints the manifest's `[lints.clippy]` (or the workspace's, with `lints.workspace = true`) sets to `allow`. */
  allowedClippyLints: ReadonlySet<string>;
  /**
   * A crate built for the browser (a yew/leptos/dioxus-web/sycamore front-end, `cdylib` or without a
   * server framework) or a desktop GUI (tauri, egui, iced, gtk, slint): not a production server, so
   * server-readiness rules do not apply by default.
   */
  browserFrontend: boolean;
  /**
   * A test-support crate: other crates of the workspace depend on it only as a dev-dependency, and it
   * builds no binary or is named for tests (`crates_io_test_db`, `foo-test-utils`). Reachable only
   * from tests, it is test code.
   */
  testSupport: boolean;
  /**
   * A command-line tool a person runs (a `*-cli` crate, one with an argument parser and a terminal
   * UI, described as a CLI or without an async runtime, or a crate the workspace `exclude`s, and no
   * server framework): not a service, so service-readiness rules (`serverOnly`) do not apply by default.
   */
  commandLineTool: boolean;
  /** Root files of `[[bin]]` targets named as tools beside the service (`src/utils.rs` of `rustdesk-utils`): one-shot commands. */
  toolBinaries: ReadonlySet<string>;
}

/** Argument parsers and terminal UIs: what a command-line tool is built from. */
const ARGUMENT_PARSERS = ['clap', 'structopt', 'argh', 'pico-args', 'lexopt', 'gumdrop', 'bpaf'];
const TERMINAL_UI = ['dialoguer', 'ratatui', 'tui', 'indicatif', 'inquire', 'crossterm', 'console', 'cliclack', 'requestty'];

/** Async runtimes: a crate with an argument parser and none of these runs once and exits (a blocking tool). */
const ASYNC_RUNTIMES = ['tokio', 'async-std', 'smol', 'actix-rt', 'async-global-executor', 'glommio', 'monoio'];

/** The crate depends (normal dependency) on a server framework (`SERVER_FRAMEWORKS`). */
export function hasServerFramework(dependencies: ReadonlyMap<string, DependencyFacts>): boolean {
  return [...dependencies.values()].some((d) => d.section === 'normal' && SERVER_FRAMEWORKS.includes(d.package));
}

/**
 * A crate with an argument parser that is a tool a person runs: named `cargo-*` (a cargo subcommand),
 * even with a local server for its user; or, with no server framework, named `*-cli` or `admin`,
 * with a terminal UI, described as a CLI / command-line tool, or with no async runtime at all (a
 * blocking program that runs once: `set-password --user x`).
 */
function isCommandLineTool(name: string | undefined, description: string | undefined, dependencies: ReadonlyMap<string, DependencyFacts>): boolean {
  const deps = [...dependencies.values()].filter((d) => d.section === 'normal' && !d.optional);
  const has = (names: readonly string[]) => deps.some((d) => names.includes(d.package));
  if (!has(ARGUMENT_PARSERS)) return false;
  // A cargo subcommand is a developer's tool even when it runs a local server for its user (`cargo-shuttle`).
  if (/^cargo-/.test(name ?? '')) return true;
  if (hasServerFramework(dependencies)) return false;
  return /(?:^|[-_])(?:cli|admin)$/.test(name ?? '') || has(TERMINAL_UI) || /\b(?:cli|command[- ]line)\b/i.test(description ?? '') || !has(ASYNC_RUNTIMES);
}

/** `[[bin]]` targets named as tools beside the service (`rustdesk-utils`, `foo-cli`, `fooctl`, `admin`). */
const TOOL_BINARY = /(?:^|[-_])(?:cli|ctl|utils?|tools?|admin|cmd)$|ctl$/;

/** The root files of a crate's `[[bin]]` targets named as tools (only when the crate has another binary: the service). */
function toolBinaryRoots(manifest: Record<string, unknown>, dir: string): Set<string> {
  const bins = Array.isArray(manifest.bin) ? manifest.bin.map(obj) : [];
  const out = new Set<string>();
  if (bins.length < 2) return out;
  for (const b of bins) {
    const name = str(b.name);
    const path = str(b.path);
    if (name && path && TOOL_BINARY.test(name)) out.add((dir ? `${dir}/` : '') + path.replace(/^\.\//, ''));
  }
  return out.size < bins.length ? out : new Set();
}

/** Front-end frameworks that compile to wasm for the browser, and desktop GUI toolkits: user interfaces, not services. */
const BROWSER_FRAMEWORKS = ['yew', 'leptos', 'dioxus-web', 'sycamore', 'seed', 'percy-dom', 'tauri', 'eframe', 'egui', 'iced', 'gtk', 'gtk4', 'slint', 'druid', 'fltk', 'dioxus-desktop', 'sciter-rs'];
/** Server frameworks: a crate with one of these is a server even when it renders a front-end (leptos SSR). */
const SERVER_FRAMEWORKS = ['axum', 'actix-web', 'rocket', 'poem', 'warp', 'tonic', 'hyper', 'salvo', 'tide', 'leptos_axum', 'leptos_actix', 'tiny_http', 'rouille', 'astra'];

function isBrowserFrontend(manifest: Record<string, unknown>, dependencies: ReadonlyMap<string, DependencyFacts>): boolean {
  const deps = [...dependencies.values()].filter((d) => d.section === 'normal' && !d.optional);
  const has = (names: readonly string[]) => deps.some((d) => names.includes(d.package));
  const dioxusWeb = deps.some((d) => d.package === 'dioxus' && d.features.includes('web'));
  if (!has(BROWSER_FRAMEWORKS) && !dioxusWeb) return false;
  const crateTypes = obj(manifest.lib)['crate-type'];
  const cdylib = Array.isArray(crateTypes) && crateTypes.includes('cdylib');
  return cdylib || !has(SERVER_FRAMEWORKS);
}

export interface WorkspaceMember {
  dir: string;
  manifestPath: string;
  /** Where the member (or the glob that matched it) is named in the root manifest. */
  declaredAt?: Range;
}

export interface CargoFacts {
  /** `Cargo.toml` at the root, when there is one. */
  rootManifest?: string;
  isWorkspace: boolean;
  members: WorkspaceMember[];
  crates: CrateFacts[];
}

export interface WorkspaceFacts {
  /** Absolute path of the workspace folder. */
  readonly root: string;
  /** Workspace-relative paths of every analysable file (after `.gitignore` and `exclude`). */
  readonly files: readonly string[];
  /** True when any file (analysable or not) exists at this workspace-relative path. */
  exists(path: string): boolean;
  /** Every file of the folder, analysable or not (`.gitignore` honoured): for rules about files no parser reads (a `Containerfile`, a systemd unit). */
  allFiles(): readonly string[];
  /** The parsed document at `path`, if it is an analysable file (parsed on first use, cached). */
  document(path: string): ParsedDocument | undefined;
  readonly cargo: CargoFacts;
  crateOf(path: string): CrateFacts | undefined;
  readonly config: ReadinessConfig;
  /** What the file is to the production-code model (`production.ts`): production, test, generated… */
  roleOf(path: string): FileRole;
  /** Whether a fix may write `path`: inside the workspace folder, through no symbolic link. */
  isSafeWriteTarget(path: string): boolean;
}

function str(v: unknown): string | undefined { return typeof v === 'string' ? v : undefined; }
function obj(v: unknown): Record<string, unknown> { return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}; }

function readDependencies(manifest: Record<string, unknown>, workspaceDeps: Record<string, unknown>): Map<string, DependencyFacts> {
  const out = new Map<string, DependencyFacts>();
  const sections: [Record<string, unknown>, DependencyFacts['section']][] = [];
  const push = (m: Record<string, unknown>) => {
    sections.push([obj(m.dependencies), 'normal'], [obj(m['dev-dependencies']), 'dev'], [obj(m['build-dependencies']), 'build']);
  };
  push(manifest);
  for (const target of Object.values(obj(manifest.target))) push(obj(target));
  for (const [deps, section] of sections) {
    for (const [name, spec] of Object.entries(deps)) {
      let s = typeof spec === 'string' ? { version: spec } : obj(spec);
      if (s.workspace === true) {
        const ws = workspaceDeps[name];
        const base = typeof ws === 'string' ? { version: ws } : obj(ws);
        const features = [...((base.features as string[]) ?? []), ...((s.features as string[]) ?? [])];
        s = { ...base, ...s, features };
      }
      const prev = out.get(name);
      const facts: DependencyFacts = {
        name,
        package: str(s.package) ?? name,
        version: str(s.version),
        features: Array.isArray(s.features) ? (s.features as unknown[]).filter((f): f is string => typeof f === 'string') : [],
        defaultFeatures: s['default-features'] !== false && s.default_features !== false,
        optional: s.optional === true,
        git: str(s.git),
        section,
      };
      // A crate listed in several sections: keep the normal one, merging features.
      if (!prev || (prev.section !== 'normal' && section === 'normal')) out.set(name, facts);
      else if (section === prev.section) prev.features.push(...facts.features);
    }
  }
  return out;
}

/** `[lints.clippy]` entries set to `allow` (`unwrap_used = "allow"` or `{ level = "allow", … }`). */
function allowedLints(lints: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const [lint, v] of Object.entries(obj(lints.clippy))) {
    if ((typeof v === 'string' ? v : str(obj(v).level)) === 'allow') out.add(lint.replace(/-/g, '_'));
  }
  return out;
}

function crateFromManifest(doc: TomlDocument, workspaceDeps: Record<string, unknown>, workspaceLints: Record<string, unknown>): CrateFacts {
  const manifest = doc.toml.value;
  const lints = obj(manifest.lints);
  const dir = doc.path.includes('/') ? doc.path.slice(0, doc.path.lastIndexOf('/')) : '';
  const dependencies = readDependencies(manifest, workspaceDeps);
  const name = str(obj(manifest.package).name);
  return {
    dir,
    manifestPath: doc.path,
    name,
    dependencies,
    features: new Map(Object.entries(obj(manifest.features)).map(([f, on]) => [f, Array.isArray(on) ? on.filter((x): x is string => typeof x === 'string') : []])),
    allowedClippyLints: allowedLints(lints.workspace === true ? workspaceLints : lints),
    browserFrontend: isBrowserFrontend(manifest, dependencies),
    commandLineTool: isCommandLineTool(name, str(obj(manifest.package).description), dependencies),
    toolBinaries: toolBinaryRoots(manifest, dir),
    testSupport: false,
    dependsOn(name: string, includeDev = false) {
      for (const d of dependencies.values()) {
        if ((d.package === name || d.name === name) && (includeDev || d.section !== 'dev')) return true;
      }
      return false;
    },
  };
}

/** Matches a Cargo workspace member glob (`crates/*`, `tools/?x`) against a directory. */
function memberGlobMatches(glob: string, dir: string): boolean {
  const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '');
  // Cargo uses the `glob` crate: `*`, `?`, `[abc]`, `**`; no braces or extglobs (picomatch's are turned off).
  return picomatch.isMatch(norm(dir), norm(glob), { dot: true, nobrace: true, noextglob: true });
}

/** Reads the Cargo workspace from the root manifest and every crate manifest in the listing. */
export function computeCargoFacts(files: readonly string[], document: (p: string) => ParsedDocument | undefined): CargoFacts {
  const rootDoc = document('Cargo.toml');
  const root = rootDoc?.kind === 'toml' ? rootDoc : undefined;
  const rootValue = root?.toml.value ?? {};
  const workspace = obj(rootValue.workspace);
  const workspaceDeps = obj(workspace.dependencies);
  const manifests = files.filter((f) => f === 'Cargo.toml' || f.endsWith('/Cargo.toml'));
  const crates: CrateFacts[] = [];
  for (const m of manifests) {
    const d = document(m);
    if (d?.kind === 'toml' && d.toml.value.package) crates.push(crateFromManifest(d, workspaceDeps, obj(workspace.lints)));
  }
  markTestSupportCrates(crates, files);
  // A crate the workspace excludes (`exclude = ["db/db-migrations", "utils/cache-bust"]`) is not built with the service:
  // without a server framework it is a tool someone runs (a migration runner, an asset step).
  const excludedDirs = Array.isArray(workspace.exclude) ? (workspace.exclude as unknown[]).filter((g): g is string => typeof g === 'string') : [];
  for (const c of crates) {
    if (c.dir && !hasServerFramework(c.dependencies) && excludedDirs.some((x) => memberGlobMatches(x, c.dir) || c.dir.startsWith(`${x.replace(/\/+$/, '')}/`))) c.commandLineTool = true;
  }
  markToolLibraries(crates, files);
  const members: WorkspaceMember[] = [];
  const isWorkspace = !!rootValue.workspace;
  if (root && isWorkspace) {
    const memberEntries: TomlEntry[] = root.toml.ast ? tomlEntries(root.toml.ast).filter((e) => e.path.join('.') === 'workspace.members') : [];
    const arrayNode = memberEntries[0]?.value;
    const globs = Array.isArray(workspace.members) ? (workspace.members as unknown[]).filter((g): g is string => typeof g === 'string') : [];
    const excluded = Array.isArray(workspace.exclude) ? (workspace.exclude as unknown[]).filter((g): g is string => typeof g === 'string') : [];
    const globRange = (i: number): Range | undefined => {
      if (arrayNode?.type !== 'TOMLArray') return undefined;
      const el = arrayNode.elements[i];
      return el ? tomlRange(root.index, el) : undefined;
    };
    const seen = new Set<string>();
    globs.forEach((glob, i) => {
      for (const m of manifests) {
        const dir = m === 'Cargo.toml' ? '' : m.slice(0, -'/Cargo.toml'.length);
        if (!dir || seen.has(dir) || !memberGlobMatches(glob, dir)) continue;
        if (excluded.some((x) => memberGlobMatches(x, dir))) continue;
        seen.add(dir);
        members.push({ dir, manifestPath: m, declaredAt: globRange(i) });
      }
    });
  }
  return { rootManifest: root ? 'Cargo.toml' : undefined, isWorkspace, members, crates };
}

/**
 * A library crate of the workspace (no binary of its own, no server framework) that only
 * command-line tools depend on is part of those tools (`atuin-lab-share` under the `atuin` CLI).
 */
function markToolLibraries(crates: CrateFacts[], files: readonly string[]): void {
  const byName = new Map(crates.filter((c) => c.name).map((c) => [c.name!, c]));
  const dependents = new Map<CrateFacts, CrateFacts[]>();
  for (const c of crates) {
    for (const d of c.dependencies.values()) {
      const dep = byName.get(d.package);
      if (!dep || dep === c || d.section !== 'normal') continue;
      dependents.set(dep, [...(dependents.get(dep) ?? []), c]);
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const [c, users] of dependents) {
      if (c.commandLineTool || c.browserFrontend || buildsBinary(c, files) || hasServerFramework(c.dependencies)) continue;
      if (users.every((u) => u.commandLineTool)) { c.commandLineTool = true; changed = true; }
    }
  }
}

/** The crate builds a binary: `src/main.rs` or `src/bin/*.rs`. */
export function buildsBinary(c: CrateFacts, files: readonly string[]): boolean {
  const prefix = c.dir ? `${c.dir}/` : '';
  return files.some((f) => f === `${prefix}src/main.rs` || (f.startsWith(`${prefix}src/bin/`) && f.endsWith('.rs')));
}

/** Marks the crates the others reach only through `[dev-dependencies]` (and that build no binary) as test support. */
function markTestSupportCrates(crates: CrateFacts[], files: readonly string[]): void {
  const byName = new Map(crates.filter((c) => c.name).map((c) => [c.name!, c]));
  const sections = new Map<string, Set<DependencyFacts['section']>>();
  for (const c of crates) {
    for (const d of c.dependencies.values()) {
      if (!byName.has(d.package) || byName.get(d.package) === c) continue;
      const s = sections.get(d.package) ?? new Set();
      s.add(d.section);
      sections.set(d.package, s);
    }
  }
  for (const [name, used] of sections) {
    if (used.size !== 1 || !used.has('dev')) continue;
    const c = byName.get(name)!;
    // A binary of a crate named for tests (`app_test_db` with a setup tool) is a test tool too.
    if (!buildsBinary(c, files) || TEST_CRATE_NAME.test(name)) c.testSupport = true;
  }
  // A crate nothing else builds on, named for tests or kept in a tests folder (`integration/rust`
  // named `integration_tests_rust`, `e2e/`, `tests/helpers`): its code runs only under `cargo test`.
  for (const c of crates) {
    if (c.testSupport || c.dir === '' || sections.has(c.name ?? '')) continue;
    const named = TEST_CRATE_NAME.test(c.name ?? '');
    const folder = c.dir.split('/').slice(0, -1).some((seg) => TEST_FOLDER.test(seg)) || TEST_FOLDER.test(c.dir.split('/').pop() ?? '');
    if ((named || folder) && (!buildsBinary(c, files) || named) && !hasServerFramework(c.dependencies)) c.testSupport = true;
  }
}

/** Crate names for tests: `app_test_db`, `integration_tests_rust`, `foo-testing` (not `e2e-encryption`). */
const TEST_CRATE_NAME = /(?:^|[-_])(?:test|tests|testing)(?:[-_]|$)/;
/** Folders that hold tests: `tests/`, `integration/` (not `integrations/`, often production connectors), `e2e/`. */
const TEST_FOLDER = /^(?:tests?|testing|e2e|integration|integration[-_]tests?|test[-_]\w+)$/;

/** The crate owning `path`: the deepest crate directory containing it. */
export function findCrate(crates: readonly CrateFacts[], path: string): CrateFacts | undefined {
  let best: CrateFacts | undefined;
  for (const c of crates) {
    if (c.dir === '' || path.startsWith(c.dir + '/')) {
      if (!best || c.dir.length > best.dir.length) best = c;
    }
  }
  return best;
}
