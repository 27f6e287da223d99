/** `use` items: whether a name is imported in a scope, and the edit that imports it once. */
import { ancestryOf } from './ancestry';
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import type { RustRuleContext } from '../../../server/src/core/engine/rule';
import type { FileTextEdit } from '../../../server/src/core/engine/types';

/** The module scope whose `use` items are visible at `node`: a `mod { … }` body or the file. */
function moduleScopeOf(node: SyntaxNode): SyntaxNode {
  if (!hasInlineModules(node.tree)) return node.tree.rootNode;
  if (node.tree.rootNode.startIndex === node.startIndex && node.type === 'source_file') return node;
  // Inline module bodies are found from the text once per tree (see `inlineModules`): no climb.
  return moduleBodyAt(node.tree, node.startIndex) ?? node.tree.rootNode;
}

/** Every `use` path (with the alias it is bound to) a `use_declaration` brings in, braces expanded. */
function expandUse(decl: SyntaxNode): { path: string; alias: string }[] {
  const arg = decl.childForFieldName('argument');
  if (!arg) return [];
  const out: { path: string; alias: string }[] = [];
  const visit = (n: SyntaxNode, prefix: string) => {
    const join = (p: string) => (prefix ? `${prefix}::${p}` : p).replace(/^::/, '');
    switch (n.type) {
      case 'scoped_use_list': {
        const path = n.childForFieldName('path');
        const list = n.childForFieldName('list');
        const base = path ? join(path.text.replace(/\s+/g, '')) : prefix;
        if (list) for (const c of list.namedChildren) visit(c, base);
        break;
      }
      case 'use_list':
        for (const c of n.namedChildren) visit(c, prefix);
        break;
      case 'use_as_clause': {
        const path = n.childForFieldName('path');
        const alias = n.childForFieldName('alias');
        if (path && alias) out.push({ path: join(path.text.replace(/\s+/g, '')), alias: alias.text });
        break;
      }
      case 'use_wildcard': {
        const text = n.text.replace(/\s+/g, '');
        out.push({ path: join(text), alias: '*' });
        break;
      }
      case 'self':
        out.push({ path: prefix, alias: prefix.split('::').pop() ?? prefix });
        break;
      default: {
        if (n.type.endsWith('comment')) break;
        const text = n.text.replace(/\s+/g, '');
        const full = join(text);
        out.push({ path: full, alias: full.split('::').pop() ?? full });
      }
    }
  };
  visit(arg, '');
  return out;
}

/**
 * The `use_declaration` children of a scope (a block, a `mod` body or the file), cached per tree
 * and scope: a file's top level can hold hundreds of items, and rules ask once per finding.
 */
const scopeUseCache = new WeakMap<object, Map<string, { decls: SyntaxNode[]; uses: { path: string; alias: string }[] }>>();
function scopeUses(scope: SyntaxNode): { decls: SyntaxNode[]; uses: { path: string; alias: string }[] } {
  let byScope = scopeUseCache.get(scope.tree);
  if (!byScope) { byScope = new Map(); scopeUseCache.set(scope.tree, byScope); }
  const key = `${scope.type}:${scope.startIndex}:${scope.endIndex}`;
  let entry = byScope.get(key);
  if (!entry) {
    const decls = useDeclarationsOf(scope);
    entry = { decls, uses: decls.flatMap((d) => expandUse(d)) };
    byScope.set(key, entry);
  }
  return entry;
}

/**
 * The `use_declaration` children of `scope`, found from its text (a file's top level can hold
 * hundreds of items; reading each node is a native call): each `use` keyword at a statement start
 * is looked up in the tree and kept when it is a direct child of `scope`.
 */
function useDeclarationsOf(scope: SyntaxNode): SyntaxNode[] {
  const text = scope.text;
  const base = scope.startIndex;
  const out: SyntaxNode[] = [];
  const seen = new Set<number>();
  const re = /(^|[;{}\]])\s*(?:pub(?:\s*\([^)]*\))?\s+)?use\s/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const at = base + m.index + m[0].lastIndexOf('use');
    // The `use` keyword token; its parent is the declaration.
    const kw = scope.tree.rootNode.descendantForIndex(at, at + 3);
    const n = kw.type === 'use_declaration' ? kw : kw.parent;
    if (!n || n.type !== 'use_declaration') continue;
    const p = n.parent;
    const start = n.startIndex;
    if (p && p.type === scope.type && p.startIndex === base && !seen.has(start)) { seen.add(start); out.push(n); }
  }
  return out;
}

const inlineModCache = new WeakMap<object, { start: number; end: number; body: SyntaxNode }[]>();
/** The bodies of inline modules (`mod name { … }`), found from the text, innermost last. */
function inlineModules(tree: SyntaxNode['tree']): { start: number; end: number; body: SyntaxNode }[] {
  let v = inlineModCache.get(tree);
  if (!v) {
    v = [];
    const root = tree.rootNode;
    const re = /\bmod\s+[A-Za-z_][A-Za-z0-9_]*\s*\{/g;
    const text = root.text;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const at = m.index + m[0].length - 1;
      const brace = root.descendantForIndex(at, at + 1);
      const body = brace.parent;
      if (body?.type === 'declaration_list' && body.parent?.type === 'mod_item') v.push({ start: body.startIndex, end: body.endIndex, body });
    }
    inlineModCache.set(tree, v);
  }
  return v;
}
function hasInlineModules(tree: SyntaxNode['tree']): boolean { return inlineModules(tree).length > 0; }
/** The innermost inline module body containing `offset`, else undefined (the file). */
function moduleBodyAt(tree: SyntaxNode['tree'], offset: number): SyntaxNode | undefined {
  let best: { start: number; end: number; body: SyntaxNode } | undefined;
  for (const m of inlineModules(tree)) if (offset > m.start && offset < m.end && (!best || m.start >= best.start)) best = m;
  return best?.body;
}

const blockUseCache = new WeakMap<object, boolean>();
/** Whether any `use` item sits inside a fn body (a block): most files have none, and then blocks need no reading. */
function hasBlockUses(tree: SyntaxNode['tree']): boolean {
  let v = blockUseCache.get(tree);
  if (v === undefined) {
    v = false;
    const root = tree.rootNode;
    const re = /(^|[;{}\]])\s*use\s/g;
    const text = root.text;
    let m: RegExpExecArray | null;
    while (!v && (m = re.exec(text)) !== null) {
      const at = m.index + m[0].lastIndexOf('use');
      let n: SyntaxNode | null = root.descendantForIndex(at, at + 3);
      while (n && n.type !== 'use_declaration' && n.type !== 'source_file') n = n.parent;
      if (n?.type === 'use_declaration' && n.parent?.type === 'block') v = true;
    }
    blockUseCache.set(tree, v);
  }
  return v;
}

/** `use` items visible from `node`: its module scope's and those in enclosing blocks. */
export function visibleUses(node: SyntaxNode): { path: string; alias: string }[] {
  // One climb to the module scope (the same scope `moduleScopeOf` finds), blocks on the way.
  const blocks = hasBlockUses(node.tree);
  // No inline `mod … { }` and no `use` in blocks (most files): the file's own uses, no climb.
  if (!blocks) return [...scopeUses(moduleScopeOf(node)).uses];
  const out: { path: string; alias: string }[] = [];
  const chain = ancestryOf(node);
  for (let i = 0; i < chain.length; i++) {
    const isScope = chain.type(i) === 'source_file' || (chain.type(i) === 'declaration_list' && chain.type(i + 1) === 'mod_item');
    if ((blocks && chain.type(i) === 'block') || isScope) out.push(...scopeUses(chain.node(i)!).uses);
    if (isScope) break;
  }
  return out;
}

/** True when `path` (e.g. `anyhow::Context`) is in scope at `node` by name or glob. */
function isImported(node: SyntaxNode, path: string): boolean {
  const parent = path.slice(0, path.lastIndexOf('::'));
  return visibleUses(node).some((u) => u.path === path || (u.alias === '*' && u.path === `${parent}::*`));
}

/**
 * An edit adding `use <path>;` to the module scope of `node`: after the scope's last top-level
 * `use`, else after its inner attributes and leading comments. Undefined when already imported.
 */
export function addUseEdit(ctx: RustRuleContext, node: SyntaxNode, path: string): FileTextEdit | undefined {
  if (isImported(node, path)) return undefined;
  const scope = moduleScopeOf(node);
  const eol = ctx.doc.index.eol;
  const uses = scopeUses(scope).decls;
  if (uses.length > 0) {
    const last = uses[uses.length - 1];
    const indent = ctx.doc.index.indentAt(last.startIndex);
    const at = ctx.nodeRange(last).end;
    return ctx.edit({ start: at, end: at }, `${eol}${indent}use ${path};`);
  }
  // No `use` yet: insert before the first item that is not an inner attribute or comment.
  const first = scope.namedChildren.find((c) => c.type !== 'inner_attribute_item' && !c.type.endsWith('comment'));
  if (first) {
    const indent = ctx.doc.index.indentAt(first.startIndex);
    const at = ctx.nodeRange(first).start;
    return ctx.edit({ start: at, end: at }, `use ${path};${eol}${eol}${indent}`);
  }
  const end = scope.type === 'source_file'
    ? ctx.doc.index.positionAt(ctx.doc.text.length)
    : ctx.doc.index.positionAt(Math.max(scope.startIndex, scope.endIndex - 1));
  const prefix = scope.type === 'source_file' && ctx.doc.text.length > 0 && !ctx.doc.text.endsWith('\n') ? eol : '';
  return ctx.edit({ start: end, end }, `${prefix}use ${path};${eol}`);
}

/** Escapes text for a Rust string literal. */
export function rustStringLiteral(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}
