/** `use` items: whether a name is imported in a scope, and the edit that imports it once. */
import type { SyntaxNode } from '../../../server/src/parsers/rust';
import type { RustRuleContext } from '../../../server/src/engine/rule';
import type { FileTextEdit } from '../../../server/src/engine/types';

/** The module scope whose `use` items are visible at `node`: a `mod { … }` body or the file. */
export function moduleScopeOf(node: SyntaxNode): SyntaxNode {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'declaration_list' && n.parent?.type === 'mod_item') return n;
    if (n.type === 'source_file') return n;
  }
  return node.tree.rootNode;
}

/** Every `use` path (with the alias it is bound to) a `use_declaration` brings in, braces expanded. */
export function expandUse(decl: SyntaxNode): { path: string; alias: string }[] {
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

/** `use` items visible from `node`: its module scope's and those in enclosing blocks. */
export function visibleUses(node: SyntaxNode): { path: string; alias: string }[] {
  const out: { path: string; alias: string }[] = [];
  const scope = moduleScopeOf(node);
  for (let n: SyntaxNode | null = node.parent; n; n = n.parent) {
    if (n.type === 'block' || n === scope) {
      for (const c of n.namedChildren) if (c.type === 'use_declaration') out.push(...expandUse(c));
    }
    if (n === scope) break;
  }
  return out;
}

/** True when `path` (e.g. `anyhow::Context`) is in scope at `node` by name or glob. */
export function isImported(node: SyntaxNode, path: string): boolean {
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
  const uses = scope.namedChildren.filter((c) => c.type === 'use_declaration');
  if (uses.length > 0) {
    const last = uses[uses.length - 1];
    const indent = ' '.repeat(last.startPosition.column);
    const at = { line: last.endPosition.row, character: last.endPosition.column };
    return ctx.edit({ start: at, end: at }, `${eol}${indent}use ${path};`);
  }
  // No `use` yet: insert before the first item that is not an inner attribute or comment.
  const first = scope.namedChildren.find((c) => c.type !== 'inner_attribute_item' && !c.type.endsWith('comment'));
  if (first) {
    const indent = ' '.repeat(first.startPosition.column);
    const at = { line: first.startPosition.row, character: first.startPosition.column };
    return ctx.edit({ start: at, end: at }, `use ${path};${eol}${eol}${indent}`);
  }
  const end = scope.type === 'source_file'
    ? ctx.doc.index.positionAt(ctx.doc.text.length)
    : { line: scope.endPosition.row, character: Math.max(0, scope.endPosition.column - 1) };
  const prefix = scope.type === 'source_file' && ctx.doc.text.length > 0 && !ctx.doc.text.endsWith('\n') ? eol : '';
  return ctx.edit({ start: end, end }, `${prefix}use ${path};${eol}`);
}

/** Escapes text for a Rust string literal. */
export function rustStringLiteral(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}
