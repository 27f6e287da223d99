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
 *   files named as test helpers (`test_utils.rs`, `test_helpers.rs`, `testing.rs`).
 * - `build-script`: `build.rs`; no runtime-readiness rule applies to it.
 * - `generated`: `@generated` in the first lines (prost, tonic, diesel, sea-orm output), a build's
 *   output under `target/`, or vendored sources (`vendor/`, `third_party/`); not written by the team,
 *   so not judged (unless the configuration asks).
 * - `template`: Jinja/Go/Helm templates (`*.j2`, `*.tmpl`, `*.template`, a chart's `templates/`):
 *   not the thing they render.
 * - `local-dev`: files for local development by name or place (`docker-compose.dev.yml`,
 *   `compose.override.yml`, `dev/`, `.devcontainer/`, `Dockerfile.dev`, `Dockerfile.ci*`): literal dev
 *   passwords and root users are there by design.
 * - `production`: everything else.
 */
import type { RustDocument } from '../parsers/document';
import type { SyntaxNode } from '../parsers/rust';
import { attributeSpans, inSpans, leadingAttributes, testSpans } from '../parsers/rustSyntax';
import { treePathOf, type PathStep } from '../parsers/treePath';
import type { WorkspaceFacts } from './workspaceFacts';

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

/**
 * The spans of test code inside a Rust file (test attributes, `#[cfg(test)]`/`#[cfg(doc)]` items,
 * `*_for_tests` helpers), found text first: the attributes are looked up in the tree only where the
 * text has one. Cached per parsed document; the engine and any rule reading Rust ask here.
 */
export function testCodeSpans(doc: RustDocument): readonly [number, number][] {
  let spans = spansMemo.get(doc);
  if (spans) return spans;
  // Ancestors from the shared tree path, in text order: `.parent` is a search from the root (per
  // match, the depth again: quadratic in fuzzed code nested thousands deep).
  const path = treePathOf(doc.tree);
  const attributes: SyntaxNode[] = [];
  for (const m of doc.text.matchAll(MAY_HAVE_TEST_ATTRIBUTE)) {
    const steps = path.smallestSpanning(m.index!, m.index! + 1);
    const attribute = nearest(steps, (t) => t === 'attribute_item' || t === 'inner_attribute_item', 3);
    if (attribute && attribute.start === m.index) attributes.push(path.nodeOf(attribute));
  }
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
