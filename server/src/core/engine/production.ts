/**
 * The production-code model: which files (and, in Rust, which items) are code that runs in the
 * deployed service. Decided here once; the engine applies it to every rule, so no rule keeps a list
 * of test folders of its own.
 *
 * - `test`: test code (README, "Profiles and production code") — `tests/`, `benches/`, `examples/` (also `example_configs/`,
 *   `samples/`, `docs/`, and YAML files named as examples such as `kubernetes/example.yaml`:
 *   examples and documentation) and end-to-end harness folders
 *   (`e2e/`, `playwright/`, `integration-tests/`, `fixtures/`, `testdata/`, cargo-fuzz's `fuzz/`, and names ending so:
 *   `client-integration-tests/`) for every file kind, compose files and Dockerfiles named for tests
 *   or CI (`testing-docker-compose.yml`, `Dockerfile.test`), Rust
 *   files a `#[cfg(test)] mod x;` declares (the workspace model follows the module graph), items
 *   under `#[cfg(test)]`/`#[test]`-like attributes, helpers named `*_for_tests`, private functions
 *   that only the file's test code calls (rustc's dead-code warning in a non-test build), and Rust
 *   files named as test helpers (`test_utils.rs`, `test_helpers.rs`, `testing.rs`), and code under a
 *   Cargo feature kept for local testing that production never turns on (`#[cfg(feature = "stub")]`,
 *   `featureGate`; the modules such a `cfg` declares too).
 * - `build-script`: `build.rs`; no runtime-readiness rule applies to it.
 * - `generated`: `@generated` in the first lines (prost, tonic, diesel, sea-orm output), a build's
 *   output under `target/`, or vendored sources (`vendor/`, `third_party/`); not written by the team,
 *   so not judged (unless the configuration asks).
 * - `template`: Jinja/Go/Helm templates (`*.j2`, `*.tmpl`, `*.template`, a chart's `templates/`):
 *   not the thing they render.
 * - `local-dev`: files for local development by name or place (`docker-compose.dev.yml`,
 *   `compose.override.yml`, `dev/`, `.devcontainer/`, `Dockerfile.dev`, `Dockerfile.ci*`): literal dev
 *   passwords and root users are there by design.
 * - `production`: everything else. Inside it, code no shipped build compiles (`#[cfg(windows)]` with
 *   no Windows build; `#[cfg(not(feature = "x"))]` where every build turns `x` on) is reported in the
 *   audit profile only, as non-production.
 */
import type { RustDocument } from '../parsers/document';
import type { SyntaxNode } from '../parsers/rust';
import { attributeSpans, inSpans, leadingAttributes, testSpans } from '../parsers/rustSyntax';
import { treePathOf, type PathStep } from '../parsers/treePath';
import { buildsBinary, type CrateFacts, type WorkspaceFacts } from './workspaceFacts';

export type FileRole = 'production' | 'test' | 'build-script' | 'generated' | 'template' | 'local-dev';

/** Folders whose files are test code, for every file kind. */
const TEST_DIRS = new Set([
  'tests', 'benches', 'examples', 'e2e', 'playwright', 'integration-tests', 'integration_tests',
  'fixtures', 'testdata', 'test-data', 'test_data',
  // cargo-fuzz harnesses (`fuzz/fuzz_targets/*.rs`, a `fuzz/` crate of helpers).
  'fuzz', 'fuzz_targets',
]);
/** Rust files named as test helpers. */
const TEST_HELPER_FILE = /^(?:test_?utils?|test_?helpers?|test_?support|test_?common|test_?fixtures?|testing|testutils?|testhelpers?)\.rs$/;
/** Folders of vendored third-party sources. */
const VENDORED_DIR = /^(?:vendor|vendored|third[-_]party)$/;
/** Examples and documentation, like `examples/`: `example_configs/`, `examples-k8s/`, `samples/`, `docs/`. */
const EXAMPLE_DIR = /^(?:examples?|samples?)(?:[-_][\w-]+)?$|^docs?$/i;
/** Folders only local development uses. */
const LOCAL_DEV_DIRS = new Set(['.devcontainer', 'dev']);

/** The role a workspace-relative path gives a file, from the path alone. */
export function roleOfPath(relPath: string): FileRole {
  const parts = relPath.split('/');
  const base = parts[parts.length - 1];
  const lower = base.toLowerCase();
  const dirs = parts.slice(0, -1);
  if (dirs[0] === 'target' || dirs.includes('target') && dirs.includes('build') && dirs.includes('out')) return 'generated';
  // Vendored third-party code (`vendor/axoasset/…`, `third_party/`): not written by the team, not judged.
  if (dirs.some((d) => VENDORED_DIR.test(d))) return 'generated';
  if (/\.(j2|jinja2?|tmpl|tpl|template|gotmpl)$/.test(lower) || isHelmTemplatePath(dirs)) return 'template';
  if (lower === 'build.rs') return 'build-script';
  // Test helpers by name (`test_utils.rs`, `test_helpers.rs`, `testing.rs`, `testutil/mod.rs`): support code that only tests call.
  if (TEST_HELPER_FILE.test(lower) || lower === 'mod.rs' && dirs.length > 0 && TEST_HELPER_FILE.test(`${dirs[dirs.length - 1].toLowerCase()}.rs`)) return 'test';
  if (dirs.some((d) => TEST_DIRS.has(d) || /(?:^|[-_])(?:tests|testing|e2e|integration[-_]?tests?)$/.test(d) || EXAMPLE_DIR.test(d))) return 'test';
  // A YAML manifest or config named as an example (`kubernetes/example.yaml`, `bridge.example.yaml`): a sample to adapt.
  // (TOML and .env examples stay judged: entrypoints copy such templates into place.)
  if (/\.ya?ml$/.test(lower) && /(?:^|[-_.])(?:examples?|samples?)(?:[-_.]|$)/.test(lower.replace(/\.ya?ml$/, ''))) return 'test';
  // Compose files and Dockerfiles named for tests or CI (`testing-docker-compose.yml`, `docker-compose.test.yml`, `Dockerfile.test`).
  if (/compose|dockerfile/.test(lower) && /(?:^|[-_.])(?:test|tests|testing|e2e|ci)(?:[-_.]|$)/.test(lower.replace(/\.ya?ml$/, ''))) return 'test';
  if (dirs.some((d) => LOCAL_DEV_DIRS.has(d))) return 'local-dev';
  if (/^(docker-)?compose\.override\.ya?ml$/.test(lower) || /^(docker-)?compose[.-](dev|development|local)\.ya?ml$/.test(lower)) return 'local-dev';
  if (/^dockerfile\.(dev|development|local|ci[\w.-]*)$/.test(lower) || /^(dev|ci)\.dockerfile$/.test(lower)) return 'local-dev';
  return 'production';
}

/** A Helm chart's `templates/` folder: a `templates` directory next to a `Chart.yaml` is not checked here; the name is enough. */
function isHelmTemplatePath(dirs: readonly string[]): boolean {
  const i = dirs.lastIndexOf('templates');
  return i >= 0 && (dirs.includes('charts') || dirs.includes('chart') || dirs.includes('helm') || i > 0 && /chart|helm/i.test(dirs[i - 1]));
}

/**
 * True when the first lines say the file is generated (`// @generated`, `# @generated`,
 * `// Code generated … DO NOT EDIT.`, `// This file is @generated by prost-build.`). Cargo.lock says
 * so too but is data the supply-chain rules read: callers decide which kinds it applies to.
 */
export function isGeneratedText(text: string): boolean {
  const head = text.slice(0, 600);
  if (/@generated\b/.test(head) || /automatically generated by rust-bindgen/.test(head)) return true;
  // `// Code generated by x. DO NOT EDIT.`, `//! AUTO-GENERATED by update-data.py - DO NOT EDIT MANUALLY`
  return /^\s*(?:\/\/[!/]?|#|\/\*)[^\n]*\b(?:auto-?generated|generated (?:by|from|with)|code generated)\b[^\n]*$/im.test(head) && /\b(?:do not|don'?t) (?:edit|modify)\b/i.test(head);
}

/** True for files a `local-dev` compose file or Dockerfile says of itself ("for local development only"). */
export function saysLocalDevelopment(text: string): boolean {
  const comments = text.slice(0, 2000).split('\n').filter((l) => /^\s*#/.test(l)).join('\n');
  return /\b(local development|development only|for development|dev(elopment)? environment|do not use in production|not for production)\b/i.test(comments);
}

/** Test-only helpers by name: `fn make_token_for_tests()`, `fn new_for_testing()`. */
const TEST_HELPER_FN = /\bfn\s+([A-Za-z_][A-Za-z0-9_]*_for_test(?:s|ing)?)\b/g;
/** Text that can start test code: a test-like attribute, `#[cfg(doc)]`, a `*_for_tests` helper. */
const MAY_HAVE_TEST_ATTRIBUTE = /#!?\[[^\]]*\b(test|rstest|test_case|test_log|proptest|quickcheck|bench|wasm_bindgen_test|cfg\s*\(\s*doc)\b/g;

const spansMemo = new WeakMap<RustDocument, [number, number][]>();

/** The attribute items that begin where `pattern` matches the text: the tree is read only there. */
function attributesStartingAt(doc: RustDocument, pattern: RegExp): SyntaxNode[] {
  // Ancestors from the shared tree path, in text order: `.parent` is a search from the root (per
  // match, the depth again: quadratic in fuzzed code nested thousands deep).
  const path = treePathOf(doc.tree);
  const attributes: SyntaxNode[] = [];
  for (const m of doc.text.matchAll(pattern)) {
    const steps = path.smallestSpanning(m.index!, m.index! + 1);
    const attribute = nearest(steps, (t) => t === 'attribute_item' || t === 'inner_attribute_item', 3);
    if (attribute && attribute.start === m.index) attributes.push(path.nodeOf(attribute));
  }
  return attributes;
}

/**
 * The spans of test code inside a Rust file (test attributes, `#[cfg(test)]`/`#[cfg(doc)]` items,
 * `*_for_tests` helpers), found text first: the attributes are looked up in the tree only where the
 * text has one. Cached per parsed document; the engine and any rule reading Rust ask here.
 */
export function testCodeSpans(doc: RustDocument): readonly [number, number][] {
  let spans = spansMemo.get(doc);
  if (spans) return spans;
  const path = treePathOf(doc.tree);
  const attributes = attributesStartingAt(doc, MAY_HAVE_TEST_ATTRIBUTE);
  spans = attributes.length ? testSpans(doc.tree, doc.text, attributes) : [];
  for (const m of doc.text.matchAll(TEST_HELPER_FN)) {
    const fn = nearest(path.smallestSpanning(m.index!, m.index! + 2), (t) => t === 'function_item');
    if (fn) spans.push([fn.start, fn.end]);
  }
  if (spans.length > 0) spans.push(...privateFunctionsOnlyTestsCall(doc, spans));
  spansMemo.set(doc, spans);
  return spans;
}

/** The deepest of `steps` (root first) whose type passes `test`, at most `levels` above the last; undefined when none. */
function nearest(steps: readonly PathStep[], test: (type: string) => boolean, levels = Infinity): PathStep | undefined {
  for (let i = steps.length - 1; i >= 0 && steps.length - 1 - i <= levels; i--) if (test(steps[i].type)) return steps[i];
  return undefined;
}

/** A function declared without a visibility: callable only from its module and the module's children. */
const PRIVATE_FN = /^[ \t]*(?:(?:async|const|unsafe|extern\s+"[^"]*")\s+)*fn\s+([A-Za-z_][A-Za-z0-9_]*)/gm;
/** `mod x;`: a child module in another file, which could call the parent's private functions through `super::`. */
const OUT_OF_LINE_MODULE = /^[ \t]*(?:pub(?:\([^)]*\))?\s+)?mod\s+[A-Za-z_][A-Za-z0-9_]*\s*;/gm;
/** Attributes that leave a function an ordinary one (no macro registers it: no route, no entry point, no export). */
const PLAIN_FN_ATTRIBUTE = /^#\[\s*(?:allow|expect|warn|deny|inline|cold|must_use|doc|track_caller|(?:tracing::)?instrument|cfg_attr)\b/;
const IDENTIFIER = /\b[A-Za-z_][A-Za-z0-9_]*\b/g;

/**
 * A name inside a comment, or inside a string that is not the name itself: `// see verification`,
 * `"email/verification/index.html"`. A string that is a path to the function is a use: serde's
 * `#[serde(default = "default_port")]` calls it.
 */
function mentionOnly(doc: RustDocument, at: number, name: string): boolean {
  const steps = treePathOf(doc.tree).smallestSpanning(at, at + name.length);
  const node = steps[steps.length - 1];
  if (node.type === 'line_comment' || node.type === 'block_comment' || node.type === 'doc_comment') return true;
  const literal = node.type === 'string_content' ? steps[steps.length - 2] : node;
  if (!literal || (literal.type !== 'string_literal' && literal.type !== 'raw_string_literal')) return false;
  const value = doc.text.slice(literal.start, literal.end).replace(/^r#*"|"#*$|^"|"$/g, '');
  return !(value === name || value.endsWith(`::${name}`));
}

/**
 * Private functions every use of which is inside the file's test code (a helper the tests call
 * that production never does). Only where no out-of-line child module could call them, never for a
 * trait's methods (callable from anywhere), and never for functions under attributes that may
 * register them (routes, entry points). Found to a fixed point: a helper only such a helper calls
 * is test code too.
 */
function privateFunctionsOnlyTestsCall(doc: RustDocument, testSpans: readonly [number, number][]): [number, number][] {
  const { text } = doc;
  for (const m of text.matchAll(OUT_OF_LINE_MODULE)) if (!inSpans(testSpans, m.index!)) return [];
  const candidates = new Map<string, { nameAt: number; span: [number, number] }>();
  const declared = new Set<string>();
  const path = treePathOf(doc.tree);
  for (const m of text.matchAll(PRIVATE_FN)) {
    const nameAt = m.index! + m[0].length - m[1].length;
    if (m[1] === 'main' || inSpans(testSpans, nameAt)) continue;
    const steps = path.smallestSpanning(nameAt, nameAt + m[1].length);
    let level = steps.length - 1;
    while (level >= 0 && steps[level].type !== 'function_item') level--;
    if (level < 0) continue;
    // Read before the node objects are made: the path's steps hold until its next question.
    const ownerStep = steps[level - 1]?.type === 'declaration_list' ? steps[level - 2] : undefined;
    const fn = path.nodeOf(steps[level]);
    const owner = ownerStep && path.nodeOf(ownerStep);
    if (fn.childForFieldName('name')?.startIndex !== nameAt) continue;
    if (owner && (owner.type === 'trait_item' || (owner.type === 'impl_item' && owner.childForFieldName('trait')))) continue;
    const registered = leadingAttributes(fn).some((a) => !PLAIN_FN_ATTRIBUTE.test(text.slice(a.startIndex, a.endIndex)));
    // Two functions of one name (in different impls) cannot be told apart by their uses.
    if (registered || declared.has(m[1])) candidates.delete(m[1]);
    else candidates.set(m[1], { nameAt, span: [fn.startIndex, fn.endIndex] });
    declared.add(m[1]);
  }
  if (candidates.size === 0) return [];
  const uses = new Map<string, number[]>();
  for (const m of text.matchAll(IDENTIFIER)) {
    const c = candidates.get(m[0]);
    if (c && m.index !== c.nameAt && !mentionOnly(doc, m.index!, m[0])) {
      const at = uses.get(m[0]);
      if (at) at.push(m.index!); else uses.set(m[0], [m.index!]);
    }
  }
  const found: [number, number][] = [];
  const spans = [...testSpans];
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, c] of candidates) {
      const at = uses.get(name);
      if (!at || !at.every((i) => inSpans(spans, i) || (i >= c.span[0] && i < c.span[1]))) continue;
      // Used somewhere other than its own body (recursion alone is not a test's call).
      if (!at.some((i) => i < c.span[0] || i >= c.span[1])) continue;
      found.push(c.span);
      spans.push(c.span);
      candidates.delete(name);
      changed = true;
    }
  }
  return found;
}

/** `#[cfg(windows)]`, `#[cfg(target_os = "windows")]`: an item compiled only for Windows. */
const WINDOWS_ONLY = /^#\[\s*cfg\s*\(\s*(?:windows|target_os\s*=\s*"windows"|target_family\s*=\s*"windows")\s*\)\s*\]$/;
/** Files that say which targets the project builds and releases for. */
const BUILD_CONFIG = /^(?:\.github\/workflows\/.+|\.gitlab-ci\.ya?ml|\.circleci\/.+|\.travis\.ya?ml|azure-pipelines\.ya?ml|appveyor\.ya?ml|\.appveyor\.ya?ml|\.woodpecker(?:\.ya?ml|\/.+)|\.drone\.ya?ml|\.cargo\/config(?:\.toml)?|Cross\.toml|dist-workspace\.toml|Cargo\.toml)$/;
const MENTIONS_WINDOWS = /\bwindows\b|-msvc\b|windows-gnu|\bwin64\b|\.exe\b/i;

const windowsBuildMemo = new WeakMap<object, boolean>();
/**
 * Whether the project builds for Windows: a CI pipeline, cargo or release configuration naming a
 * Windows runner or target (`runs-on: windows-latest`, `x86_64-pc-windows-msvc`), or an AppVeyor
 * pipeline. Without one, code compiled only for Windows never ships.
 */
export function buildsForWindows(ws: WorkspaceFacts): boolean {
  const memo = windowsBuildMemo.get(ws);
  if (memo !== undefined) return memo;
  let found = false;
  for (const f of ws.files) {
    if (!BUILD_CONFIG.test(f)) continue;
    if (/appveyor/.test(f)) { found = true; break; }
    const text = ws.document(f)?.text ?? '';
    // The root manifest counts only for its release targets (`[workspace.metadata.dist] targets`).
    if (f === 'Cargo.toml' ? /targets\s*=\s*\[[^\]]*windows/i.test(text) : MENTIONS_WINDOWS.test(text)) { found = true; break; }
  }
  windowsBuildMemo.set(ws, found);
  return found;
}

const windowsSpansMemo = new WeakMap<RustDocument, readonly [number, number][]>();
/** The spans of items compiled only for Windows (`#[cfg(windows)]` and the item or statement it covers). */
export function windowsOnlySpans(doc: RustDocument): readonly [number, number][] {
  let spans = windowsSpansMemo.get(doc);
  if (!spans) {
    spans = /cfg\s*\(\s*(?:windows|target_os\s*=\s*"windows"|target_family)/.test(doc.text)
      ? attributeSpans(doc.tree, doc.text, (a) => WINDOWS_ONLY.test(a.replace(/\s+/g, ' ').trim()))
      : [];
    windowsSpansMemo.set(doc, spans);
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Cargo features no shipped build turns on (or off)

/** Words that name a feature kept for local testing: `stub`, `mock-server`, `test-utils`, `integration-tests`, `bench`. */
const TEST_FEATURE_WORDS = new Set(['stub', 'stubs', 'mock', 'mocks', 'mocking', 'fake', 'fakes', 'test', 'tests', 'testing', 'bench', 'benches', 'benchmark', 'benchmarks']);

/**
 * A feature named for local testing: one of its `-`/`_` words is a test word (`stub`, `mock-server`,
 * `test_support`, `metrics-test-harness`). `e2e` counts alone or beside a test word (`e2e`,
 * `e2e-tests`), never in `e2e-encryption` (end-to-end encryption ships).
 */
export function isTestFeatureName(name: string): boolean {
  const words = name.toLowerCase().split(/[-_]/);
  return words.some((w) => TEST_FEATURE_WORDS.has(w)) || (words.length === 1 && words[0] === 'e2e');
}

/** A `cfg(…)` predicate: `all(…)`, `any(…)`, `not(…)`, or an option (`test`, `feature = "x"`). */
type CfgPredicate = { op: 'all' | 'any' | 'not'; args: CfgPredicate[] } | { key: string; value?: string };

/** Parses the predicate of `#[cfg(…)]` / `#![cfg(…)]`; undefined for anything else or what does not parse. */
export function parseCfgAttribute(attributeText: string): CfgPredicate | undefined {
  const m = /^#!?\[\s*cfg\s*\(([\s\S]*)\)\s*\]$/.exec(attributeText.trim());
  if (!m) return undefined;
  const tokens = m[1].match(/"(?:[^"\\]|\\.)*"|[A-Za-z_][\w]*|[(),=]|\S/g) ?? [];
  let i = 0;
  const predicate = (): CfgPredicate | undefined => {
    const key = tokens[i++];
    if (!key || !/^[A-Za-z_]/.test(key)) return undefined;
    if ((key === 'all' || key === 'any' || key === 'not') && tokens[i] === '(') {
      i++;
      const args: CfgPredicate[] = [];
      while (tokens[i] !== ')') {
        const arg = predicate();
        if (!arg) return undefined;
        args.push(arg);
        if (tokens[i] === ',') i++;
        else if (tokens[i] !== ')') return undefined;
      }
      i++;
      return key === 'not' && args.length !== 1 ? undefined : { op: key, args };
    }
    if (tokens[i] !== '=') return { key };
    i++;
    const value = tokens[i++];
    return value?.startsWith('"') ? { key, value: value.slice(1, -1) } : undefined;
  };
  const parsed = predicate();
  return parsed && i === tokens.length ? parsed : undefined;
}

/** Kleene evaluation: `true`/`false` when every production build agrees, `undefined` when builds may differ. */
function evaluateCfg(p: CfgPredicate, option: (key: string, value?: string) => boolean | undefined): boolean | undefined {
  if (!('op' in p)) return option(p.key, p.value);
  const values = p.args.map((a) => evaluateCfg(a, option));
  if (p.op === 'not') return values[0] === undefined ? undefined : !values[0];
  if (p.op === 'all') return values.includes(false) ? false : values.every((v) => v === true) ? true : undefined;
  return values.includes(true) ? true : values.every((v) => v === false) ? false : undefined;
}

/** One `cargo build`/`install --path`/`chef cook` of the workspace, as a shipped build runs it. */
interface CargoBuild {
  /** `--no-default-features`, or arguments from a shell variable (`$BUILD_ARGS`) that may say so. */
  defaultsMayBeOff: boolean;
  allFeatures: boolean;
  /** Features listed literally (`--features=a,b`, `-F x`, `--features crate/x`), as written. */
  features: string[];
  /** A release build (`--release`, `-r`, `cargo install`, `chef cook --release`). */
  release: boolean;
}

/** A cargo command that compiles the workspace's code (`$BUILD_CMD build --release`: cargo or cross); the rest of the command is its arguments. */
const CARGO_BUILD = /(?:^|\s)(?:cargo(?:\s+\+\S+)?\s+(?:auditable\s+)?(build|install|rustc|zigbuild|chef\s+cook)|cross\s+(build)|\$\{?\w+\}?\s+(build)(?=\s.*--release))(?=\s|$)(.*)$/;
/** Cargo options whose value is the next argument (a `$CRATE` there is a path, not more arguments). */
const OPTION_WITH_VALUE = new Set(['--path', '--root', '--target', '--target-dir', '--profile', '--bin', '-p', '--package', '--manifest-path', '--recipe-path', '-j', '--jobs', '--config', '--example', '--color', '--message-format', '--version', '--git', '--branch', '--tag', '--rev']);

/** Shell words: split at blanks outside quotes, the quotes removed (`--features "a b"` is two words). */
function shellWords(command: string): string[] {
  return [...command.matchAll(/(?:"[^"]*"|'[^']*'|[^\s"']+)+/g)].map((m) => m[0].replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
}

/** The cargo builds in a Dockerfile's or CI file's text (line continuations joined, each shell command read alone). */
export function cargoBuildsIn(text: string): CargoBuild[] {
  const builds: CargoBuild[] = [];
  for (const command of text.replace(/\\\r?\n/g, ' ').split(/\r?\n|&&|\|\||;|\|/)) {
    const m = CARGO_BUILD.exec(command);
    if (!m) continue;
    const args = shellWords(m[4]);
    // `cargo install diesel_cli`: another crate, from the registry; only `--path` builds the workspace.
    if (m[1] === 'install' && !args.some((a) => a === '--path' || a.startsWith('--path='))) continue;
    const build: CargoBuild = { defaultsMayBeOff: false, allFeatures: false, features: [], release: m[1] === 'install' };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--') break;
      if (a === '--no-default-features') build.defaultsMayBeOff = true;
      else if (a === '--all-features') build.allFeatures = true;
      else if (a === '--release' || a === '-r') build.release = true;
      else if (a === '--features' || a === '-F' || a.startsWith('--features=') || /^-F\S/.test(a)) {
        const value = a === '--features' || a === '-F' ? args[++i] ?? '' : a.replace(/^--features=|^-F/, '');
        // A variable in a feature list (`$FEATURES`, `db/$BACKEND`) names no feature for certain.
        build.features.push(...value.split(/[,\s]+/).filter((f) => f && !f.includes('$')));
      } else if (a.startsWith('$') && !OPTION_WITH_VALUE.has(args[i - 1] ?? '')) {
        // `$BUILD_ARGS`: arguments not written here, which may turn the default features off.
        build.defaultsMayBeOff = true;
      }
    }
    builds.push(build);
  }
  return builds;
}

/** CI pipelines: their release builds may publish binaries. */
const CI_FILE = /^(?:\.github\/workflows\/.+|\.gitlab-ci\.ya?ml|\.circleci\/.+|\.travis\.ya?ml|azure-pipelines\.ya?ml|\.woodpecker(?:\.ya?ml|\/.+)|\.drone\.ya?ml)$/;
const DOCKERFILE = /(?:^|\/)(?:dockerfile(?:\.[^/]*)?|[^/]*\.dockerfile)$/i;

/** cargo-dist's configuration: the features its release builds use (`[dist]` in `dist-workspace.toml`, `[workspace.metadata.dist]`, `[package.metadata.dist]`). */
const DIST_CONFIG = /(?:^|\/)(?:dist-workspace\.toml|dist\.toml|Cargo\.toml)$/;

/** The release build a cargo-dist configuration describes, when it names features (`features`, `default-features`, `all-features`). */
export function distBuild(values: Record<string, unknown> | undefined): CargoBuild | undefined {
  const table = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});
  const dist = [table(values?.dist), table(table(table(values?.workspace).metadata).dist), table(table(table(values?.package).metadata).dist)]
    .find((d) => 'features' in d || 'default-features' in d || 'all-features' in d);
  if (!dist) return undefined;
  const features = Array.isArray(dist.features) ? dist.features.filter((f): f is string => typeof f === 'string') : [];
  return { defaultsMayBeOff: dist['default-features'] === false, allFeatures: dist['all-features'] === true, features, release: true };
}

const buildsMemo = new WeakMap<object, { files: readonly string[]; sources: string[]; texts: string[]; builds: CargoBuild[] }>();
/**
 * The cargo builds that ship: every build in a production Dockerfile (not a test, CI or
 * local-development one), CI pipelines' release builds, and cargo-dist's release builds when its
 * configuration (at the workspace root) names features. Read from the documents the workspace
 * already holds; remembered until the listing or one of their texts changes.
 */
function shippedCargoBuilds(ws: WorkspaceFacts): CargoBuild[] {
  let memo = buildsMemo.get(ws);
  const sources = memo && memo.files === ws.files ? memo.sources
    : ws.files.filter((f) => (DOCKERFILE.test(f) && ws.roleOf(f) === 'production') || CI_FILE.test(f) || (DIST_CONFIG.test(f) && !f.includes('/')));
  const texts = sources.map((f) => ws.document(f)?.text ?? '');
  if (memo && memo.sources === sources && memo.texts.every((t, i) => t === texts[i])) return memo.builds;
  const builds = sources.flatMap((f, i) => {
    if (DIST_CONFIG.test(f)) {
      const doc = ws.document(f);
      const dist = doc?.kind === 'toml' ? distBuild(doc.values) : undefined;
      return dist ? [dist] : [];
    }
    return cargoBuildsIn(texts[i]).filter((b) => !CI_FILE.test(f) || b.release);
  });
  memo = { files: ws.files, sources, texts, builds };
  buildsMemo.set(ws, memo);
  return builds;
}

/** What the production builds of one crate do with its features. */
interface FeatureFacts {
  /** Features named for testing that no production build turns on. */
  testOnly: ReadonlySet<string>;
  /** Features every production build turns on (only for a crate that builds a binary). */
  alwaysOn: ReadonlySet<string>;
}

/** The features `roots` turn on inside the crate's own `[features]` table (`default = ["production"]`, `production = ["stub"]`). */
function featureClosure(crate: CrateFacts, roots: readonly string[]): Set<string> {
  const on = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const f = queue.pop()!;
    if (on.has(f) || f.includes(':') || f.includes('/')) continue;
    on.add(f);
    queue.push(...(crate.features.get(f) ?? []));
  }
  return on;
}

const sameCrateName = (a: string, b: string) => a.replace(/-/g, '_') === b.replace(/-/g, '_');

const featureFactsMemo = new WeakMap<CrateFacts, { builds: CargoBuild[]; crates: readonly CrateFacts[]; facts: FeatureFacts }>();
/**
 * Which of a crate's features production leaves off or always turns on:
 * - test-only: named for testing (`isTestFeatureName`), not turned on by `default` (directly or
 *   through other features), by a shipped build's `--features` (any crate's `x/stub` counts), by
 *   another crate's normal dependency on this one, or by a feature of another crate not itself
 *   named for testing (`production = ["autoendpoint/stub"]`);
 * - always on (crates that build a binary, whose features only their own builds choose): turned on
 *   by `default`, and no shipped build turns the defaults off (`--no-default-features`, or
 *   arguments from a variable) without listing it, nor does a crate depend on this one with
 *   `default-features = false` without it.
 */
function featureFacts(ws: WorkspaceFacts, crate: CrateFacts): FeatureFacts {
  const builds = shippedCargoBuilds(ws);
  const crates = ws.cargo.crates;
  const memo = featureFactsMemo.get(crate);
  if (memo && memo.builds === builds && memo.crates === crates) return memo.facts;
  const defaults = featureClosure(crate, ['default']);
  const ownName = (f: string) => !f.includes('/') || (crate.name !== undefined && sameCrateName(f.slice(0, f.indexOf('/')), crate.name));
  const featureOf = (f: string) => f.slice(f.indexOf('/') + 1);
  // What each build turns on by name: this crate's features (`x`, `crate/x`), and for the test-only
  // reading any crate's (`other/stub` may be this crate under another name).
  const ownOn = builds.map((b) => featureClosure(crate, b.features.filter(ownName).map(featureOf)));
  const anyOn = builds.map((b) => featureClosure(crate, b.features.map(featureOf)));
  const dependents = crates.flatMap((c) => c === crate || !crate.name ? [] : [...c.dependencies.values()]
    .filter((d) => d.section !== 'dev' && sameCrateName(d.package, crate.name!))
    .map((d) => ({ crate: c, dependency: d })));
  const turnedOnElsewhere = (feature: string) => dependents.some(({ crate: c, dependency: d }) =>
    featureClosure(crate, d.features).has(feature)
    || [...c.features].some(([name, on]) => !isTestFeatureName(name) && featureClosure(crate, on.filter((x) => x.replace('?/', '/').startsWith(`${d.name}/`)).map(featureOf)).has(feature)));
  const testOnly = new Set<string>();
  for (const name of crate.features.keys()) {
    if (!isTestFeatureName(name) || defaults.has(name) || turnedOnElsewhere(name)) continue;
    if (builds.some((b, i) => b.allFeatures || anyOn[i].has(name))) continue;
    testOnly.add(name);
  }
  const alwaysOn = new Set<string>();
  if (buildsBinary(crate, ws.files)) {
    for (const name of defaults) {
      const keptByBuilds = builds.every((b, i) => !b.defaultsMayBeOff || b.allFeatures || ownOn[i].has(name));
      const keptByDependents = dependents.every(({ dependency: d }) => d.defaultFeatures || featureClosure(crate, d.features).has(name));
      if (keptByBuilds && keptByDependents) alwaysOn.add(name);
    }
  }
  const facts = { testOnly, alwaysOn };
  featureFactsMemo.set(crate, { builds, crates, facts });
  return facts;
}

/** What a feature condition makes of code in production: test code, or code no shipped build compiles. */
export type FeatureGate = 'test' | 'unshipped';

/**
 * What the `#[cfg(…)]` attribute's feature conditions make of the code under it: `test` when it is
 * false wherever the crate's test-only features are off (`feature = "stub"`, `all(feature = "mock", unix)`),
 * `unshipped` when it is false in every shipped build (`not(feature = "py_verifier")` with
 * `py_verifier` on by default and kept on by every build), else undefined (production code).
 */
export function featureGate(attributeText: string, ws: WorkspaceFacts, crate: CrateFacts): FeatureGate | undefined {
  if (!/\bfeature\s*=/.test(attributeText)) return undefined;
  const facts = featureFacts(ws, crate);
  if (facts.testOnly.size === 0 && facts.alwaysOn.size === 0) return undefined;
  const predicate = parseCfgAttribute(attributeText);
  if (!predicate) return undefined;
  const inTestOnlyReading = evaluateCfg(predicate, (key, value) =>
    key === 'test' && value === undefined ? false : key === 'feature' && value !== undefined && facts.testOnly.has(value) ? false : undefined);
  if (inTestOnlyReading === false) return 'test';
  const inShippedBuilds = evaluateCfg(predicate, (key, value) => {
    if (key === 'test' && value === undefined) return false;
    if (key !== 'feature' || value === undefined) return undefined;
    return facts.testOnly.has(value) ? false : facts.alwaysOn.has(value) ? true : undefined;
  });
  return inShippedBuilds === false ? 'unshipped' : undefined;
}

const NO_GATED_SPANS: Record<FeatureGate, readonly [number, number][]> = { test: [], unshipped: [] };
const gatedSpansMemo = new WeakMap<RustDocument, { facts: FeatureFacts; spans: Record<FeatureGate, readonly [number, number][]> }>();
const CFG_ATTRIBUTE = /#!?\[\s*cfg\s*\(/g;

/**
 * The spans of code under feature conditions that production never compiles (`featureGate`): items,
 * statements, match arms and expressions, and the whole module for an inner `#![cfg(…)]`.
 */
export function featureGatedSpans(doc: RustDocument, ws: WorkspaceFacts): Record<FeatureGate, readonly [number, number][]> {
  if (!doc.text.includes('feature')) return NO_GATED_SPANS;
  const crate = ws.crateOf(doc.path);
  if (!crate) return NO_GATED_SPANS;
  const facts = featureFacts(ws, crate);
  if (facts.testOnly.size === 0 && facts.alwaysOn.size === 0) return NO_GATED_SPANS;
  const memo = gatedSpansMemo.get(doc);
  if (memo?.facts === facts) return memo.spans;
  const attributes = attributesStartingAt(doc, CFG_ATTRIBUTE);
  const gate = (g: FeatureGate) => attributes.length ? attributeSpans(doc.tree, doc.text, (a) => featureGate(a, ws, crate) === g, attributes) : [];
  const spans = { test: gate('test'), unshipped: gate('unshipped') };
  gatedSpansMemo.set(doc, { facts, spans });
  return spans;
}
