/**
 * Resolving a path as written (`mpsc::unbounded_channel`, `chan`, `::tokio::sync::mpsc::channel`)
 * to the full paths it may name, through the `use` items visible where it is written (aliases,
 * `self` in lists, globs). Rules match calls by full path however they were imported.
 */
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import { calleeNode } from './functions';
import { visibleUses } from './imports';

function normalise(path: string): string {
  return path.replace(/\s+/g, '').replace(/^::/, '').replace(/<[^>]*>/g, '').replace(/::$/, '');
}

/**
 * The full paths `path` may name at `scopeNode` (a main-tree node: use `ctx.host(node)` for nodes
 * inside macros). The first is the best guess; the path as written is always included, and for
 * glob imports (`use tokio::sync::*`) each glob's expansion is added.
 */
export function resolvePath(scopeNode: SyntaxNode, path: string): string[] {
  const p = normalise(path);
  const segs = p.split('::');
  const first = segs[0];
  if (first === 'crate' || first === 'self' || first === 'super' || first === 'std' || first === 'core' || first === 'alloc') return [p];
  const uses = visibleUses(scopeNode);
  const out: string[] = [];
  for (const u of uses) {
    if (u.alias === first && u.alias !== '*') out.push(normalise([u.path.replace(/::self$/, ''), ...segs.slice(1)].join('::')));
  }
  if (out.length === 0) {
    for (const u of uses) if (u.alias === '*') out.push(normalise(u.path.replace(/::\*$/, '') + '::' + p));
  }
  out.push(p);
  return [...new Set(out)];
}

/** The callee path of a call expression as written (`tokio::sync::mpsc::channel::<T>` → without turbofish). */
const calleeMemo = new WeakMap<SyntaxNode, string | null>();

export function calleePath(call: SyntaxNode): string | undefined {
  if (call.type !== 'call_expression') return undefined;
  const memo = calleeMemo.get(call);
  if (memo !== undefined) return memo ?? undefined;
  const path = readCalleePath(call);
  calleeMemo.set(call, path ?? null);
  return path;
}

function readCalleePath(call: SyntaxNode): string | undefined {
  let fn: SyntaxNode | null | undefined = calleeNode(call);
  if (fn?.type === 'generic_function') fn = fn.childForFieldName('function');
  if (!fn || (fn.type !== 'identifier' && fn.type !== 'scoped_identifier')) return undefined;
  return normalise(fn.text);
}

/** The last segment of a path. */
export function lastSegment(path: string): string {
  const i = path.lastIndexOf('::');
  return i < 0 ? path : path.slice(i + 2);
}

const aliasCache = new WeakMap<object, ReadonlySet<string>>();
/**
 * Names bound by `use … as name` anywhere in the document (cached per document): lets a rule
 * skip resolving bare calls (`chan()`) that cannot be aliases.
 */
export function useAliases(doc: { text: string }): ReadonlySet<string> {
  let s = aliasCache.get(doc);
  if (!s) {
    const found = new Set<string>();
    const re = /\bas\s+([A-Za-z_][A-Za-z0-9_]*)\s*[;,}]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(doc.text)) !== null) found.add(m[1]);
    s = found;
    aliasCache.set(doc, s);
  }
  return s;
}
