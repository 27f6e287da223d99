/**
 * Free functions of the workspace's own crates, found by name: where `logging::init_logging(…)`
 * is defined when `logging` is a module of this crate or of another workspace crate, and what its
 * body says. One index per crate and file listing (a new listing when files are added or removed),
 * built from the files' text in one pass; the definition itself is read from the current document.
 */
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import type { RustDocument } from '../../../server/src/core/parsers/document';
import type { CrateFacts, WorkspaceFacts } from '../../../server/src/core/engine/workspaceFacts';
import { treePathOf } from '../../../server/src/core/parsers/treePath';
import { resolvePath } from './paths';
import { ancestryOf } from './ancestry';
import { testCodeSpans } from '../../../server/src/core/engine/production';
import { inSpans } from '../../../server/src/core/parsers/rustSyntax';

/** Per file listing, per crate directory: fn name → the crate's files that define `fn name`. */
const indexes = new WeakMap<readonly string[], Map<string, Map<string, string[]>>>();

const FN_DEFINITION = /\bfn\s+([A-Za-z_]\w*)/g;

function crateIndex(ws: WorkspaceFacts, crate: CrateFacts): Map<string, string[]> {
  let byCrate = indexes.get(ws.files);
  if (!byCrate) { byCrate = new Map(); indexes.set(ws.files, byCrate); }
  let index = byCrate.get(crate.dir);
  if (index) return index;
  const src = crate.dir ? `${crate.dir}/src/` : 'src/';
  index = namesByFile(ws, (file) => file.startsWith(src), FN_DEFINITION);
  byCrate.set(crate.dir, index);
  return index;
}

/** Each name `pattern` captures (group 1) in the production Rust files `keep` accepts → the files, in one pass. */
function namesByFile(ws: WorkspaceFacts, keep: (file: string) => boolean, pattern: RegExp): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const file of ws.files) {
    if (!file.endsWith('.rs') || !keep(file) || ws.roleOf(file) !== 'production') continue;
    const text = ws.document(file)?.text ?? '';
    pattern.lastIndex = 0;
    for (let m: RegExpExecArray | null; (m = pattern.exec(text));) {
      const files = index.get(m[1]);
      if (!files) index.set(m[1], [file]);
      else if (files[files.length - 1] !== file) files.push(file);
    }
  }
  return index;
}

/**
 * The workspace crate a called path belongs to: `crate::…`/`self::…`/`super::…` and paths no `use`
 * brings from elsewhere are this crate's; `other_crate::…` (also through a `use`) is that workspace
 * crate's; anything else (std, a dependency) is undefined.
 */
function crateOfCall(ws: WorkspaceFacts, own: CrateFacts | undefined, scope: SyntaxNode, path: string): CrateFacts | undefined {
  let resolved = resolvePath(scope, path);
  // `use syncserver::{logging}; use logging::init_logging;`: a `use` of a name another `use` brought.
  for (let hop = 0; hop < 3 && resolved.length > 1; hop++) {
    const next = resolvePath(scope, resolved[0]);
    if (next[0] === resolved[0]) break;
    resolved = next;
  }
  const best = resolved[0];
  const first = best.split('::')[0];
  if (/^(?:crate|self|super)$/.test(first)) return own;
  if (/^(?:std|core|alloc)$/.test(first)) return undefined;
  const workspaceCrate = ws.cargo.crates.find((c) => c.name?.replace(/-/g, '_') === first);
  if (workspaceCrate) return workspaceCrate;
  // A module of this crate (`use logging::init_logging;` beside `mod logging;`).
  if (own && best.includes('::')) {
    const src = own.dir ? `${own.dir}/src/` : 'src/';
    if (ws.files.some((f) => f.startsWith(src) && (f.endsWith(`/${first}.rs`) || f.endsWith(`/${first}/mod.rs`)))) return own;
  }
  // Brought in by a `use` from a crate that is not the workspace's: a dependency.
  if (resolved.length > 1 || best !== path.replace(/\s+/g, '')) return undefined;
  return own;
}

/** The one free function `name` of the crate (or undefined when none or several are defined). */
export function workspaceFunction(ws: WorkspaceFacts, own: CrateFacts | undefined, scope: SyntaxNode, path: string): { fn: SyntaxNode; doc: RustDocument } | undefined {
  if (path.split('::').some((seg) => /^[A-Z]/.test(seg))) return undefined; // `Type::method`: not a free function
  const crate = crateOfCall(ws, own, scope, path);
  if (!crate) return undefined;
  const name = path.slice(path.lastIndexOf(':') + 1);
  const files = crateIndex(ws, crate).get(name);
  if (files?.length !== 1) return undefined;
  const doc = ws.document(files[0]);
  if (doc?.kind !== 'rust') return undefined;
  const found = [...doc.text.matchAll(new RegExp(String.raw`\bfn\s+${name}\b`, 'g'))];
  if (found.length !== 1) return undefined;
  const at = found[0].index! + found[0][0].length - name.length;
  const steps = treePathOf(doc.tree).smallestSpanning(at, at + name.length);
  const step = [...steps].reverse().find((s) => s.type === 'function_item');
  if (!step || step.start > found[0].index!) return undefined;
  return { fn: treePathOf(doc.tree).nodeOf(step), doc };
}

/** Macros that make an error on their own. */
const ERROR_MACROS = /\b(?:bail|ensure|anyhow|eyre|format_err|err_msg|throw)\s*!/;

/**
 * A function declared to return a `Result` that never returns an error: no `?`, no `Err`, no
 * error-making macro, no `return` of anything but `Ok(…)`, and its body ends in `Ok(…)`
 * (`fn init_logging(…) -> Result<()> { …; Ok(()) }`, kept fallible for its callers' sake).
 */
export function neverReturnsError(fn: SyntaxNode): boolean {
  const returns = fn.childForFieldName('return_type')?.text ?? '';
  if (!/Result\b/.test(returns)) return false; // `Result<…>`, `io::Result<…>`, a crate's `ApiResult<…>`
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const code = body.text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|r#*"[\s\S]*?"#*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)'/g, '""');
  if (/\?/.test(code) || /\bErr\b/.test(code) || ERROR_MACROS.test(code)) return false;
  if (/\breturn\b(?!\s+Ok\s*\()/.test(code)) return false;
  const statements = body.namedChildren.filter((c) => !c.type.endsWith('comment'));
  const last = statements[statements.length - 1];
  if (!last) return false;
  return last.type === 'expression_statement' ? /^return\s+Ok\s*\(/.test(last.text) : /^Ok\s*\(/.test(last.text);
}

const LITERAL_TYPES = new Set(['string_literal', 'raw_string_literal', 'integer_literal', 'float_literal', 'boolean_literal', 'char_literal']);

/** Per file listing: the literals every production caller passes for a parameter, by function and position (null: not all literal). */
const callerMemo = new WeakMap<readonly string[], Map<string, { literals: string[]; sites: string[] } | null>>();

/**
 * The literal every production call site of `fn` passes for parameter `param` (`Scheduler::new("0 0
 * * * * * *", pool)` is the only call of `Scheduler::new`): then a value the function parses from that
 * parameter is a constant of the program. Free functions and associated functions (`Type::name`)
 * only; a method (`self`) or a function passed by name elsewhere is not followed. Undefined when
 * there is no call site, or one passes anything but a literal.
 */
export function literalFromEveryCaller(ws: WorkspaceFacts, fnDocPath: string, fn: SyntaxNode, param: string): { literals: string[]; sites: string[] } | undefined {
  const name = fn.childForFieldName('name')?.text;
  const params = fn.childForFieldName('parameters')?.namedChildren.filter((c) => !c.type.endsWith('comment')) ?? [];
  if (!name || params.some((p) => p.type === 'self_parameter')) return undefined;
  const index = params.findIndex((p) => p.type === 'parameter' && p.childForFieldName('pattern')?.text === param);
  if (index < 0) return undefined;
  const chain = ancestryOf(fn);
  const impl = chain.node(chain.indexOf('impl_item'));
  const owner = impl?.childForFieldName('type')?.text.replace(/<[\s\S]*$/, '').trim();
  let byKey = callerMemo.get(ws.files);
  if (!byKey) { byKey = new Map(); callerMemo.set(ws.files, byKey); }
  const key = `${fnDocPath}\0${owner ?? ''}\0${name}\0${index}`;
  if (byKey.has(key)) return byKey.get(key) ?? undefined;
  const found = readCallers(ws, name, owner, index, fnDocPath);
  byKey.set(key, found ?? null);
  return found;
}

/** Per file listing: each called name (`name(`) → the production Rust files that call it, read in one pass over the workspace. */
const callIndexes = new WeakMap<readonly string[], Map<string, string[]>>();
const CALLED_NAME = /\b([A-Za-z_]\w*)\s*\(/g;

function filesCalling(ws: WorkspaceFacts, name: string): readonly string[] {
  let index = callIndexes.get(ws.files);
  if (!index) {
    index = namesByFile(ws, () => true, CALLED_NAME);
    callIndexes.set(ws.files, index);
  }
  return index.get(name) ?? [];
}

function readCallers(ws: WorkspaceFacts, name: string, owner: string | undefined, index: number, fnDocPath: string): { literals: string[]; sites: string[] } | undefined {
  // `Owner::name(` (or `Self::name(` in the defining file); a free fn: `name(` or `module::name(`, not `.name(` or `fn name(`.
  const call = owner
    ? new RegExp(String.raw`\b(?:${owner}|Self)\s*::\s*${name}\s*\(`, 'g')
    : new RegExp(String.raw`(?<![\w.])(?:\w+\s*::\s*)*${name}\s*\(`, 'g');
  const literals: string[] = [];
  const sites: string[] = [];
  for (const file of filesCalling(ws, name)) {
    const doc = ws.document(file);
    if (doc?.kind !== 'rust') continue;
    const tests = testCodeSpans(doc);
    call.lastIndex = 0;
    for (let m: RegExpExecArray | null; (m = call.exec(doc.text));) {
      if (/\bfn\s+$/.test(doc.text.slice(Math.max(0, m.index - 8), m.index))) continue;
      if (m[0].startsWith('Self') && file !== fnDocPath) continue;
      if (inSpans(tests, m.index)) continue;
      const at = m.index + m[0].lastIndexOf(name);
      const steps = treePathOf(doc.tree).smallestSpanning(at, at + name.length);
      const step = [...steps].reverse().find((s) => s.type === 'call_expression');
      if (!step) return undefined;
      const node = treePathOf(doc.tree).nodeOf(step);
      const args = node.childForFieldName('arguments')?.namedChildren.filter((c) => !c.type.endsWith('comment')) ?? [];
      let arg = args[index];
      if (arg?.type === 'reference_expression') arg = arg.namedChildren[arg.namedChildren.length - 1];
      if (!arg || !LITERAL_TYPES.has(arg.type)) return undefined;
      literals.push(arg.text);
      sites.push(`${file}:${node.startPosition.row + 1}`);
    }
  }
  return literals.length ? { literals, sites } : undefined;
}
