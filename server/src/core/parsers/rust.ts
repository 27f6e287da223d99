import Parser = require('tree-sitter');
// tree-sitter-rust ships no typings; it is the Language object tree-sitter's setLanguage takes.
const RustLanguage: Parser.Language = require('tree-sitter-rust');

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

let parser: Parser | undefined;
function rustParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(RustLanguage);
  }
  return parser;
}

/** An edit already applied to the text, in the form tree-sitter needs to re-use the old tree. */
export type TreeEdit = Parser.Edit;

/**
 * Parses Rust. With `previous` (the old tree with the edits since applied through `tree.edit`),
 * tree-sitter re-parses incrementally, re-using unchanged subtrees.
 */
export function parseRust(text: string, previous?: Tree): Tree {
  // node-tree-sitter's default buffer is too small for large files; size it to the text.
  return rustParser().parse(text, previous, { bufferSize: Math.max(32 * 1024, text.length * 2 + 16) });
}

/**
 * The one edit that turns `before` into `after`: everything between their common prefix and common
 * suffix replaced. However many changes the editor sent since the last parse, the old tree takes a
 * single `tree.edit` (each costs time in proportion to the nodes node-tree-sitter keeps for the
 * tree). Rows count LF only, as tree-sitter does; indices and columns are UTF-16 units, as
 * node-tree-sitter takes them. Undefined when the texts are equal.
 */
export function treeEditBetween(before: string, after: string): TreeEdit | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const pointAt = (text: string, index: number, from = 0, at = { row: 0, column: 0, lineStart: 0 }) => {
    let { row, lineStart } = at;
    for (let i = text.indexOf('\n', from); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) { row++; lineStart = i + 1; }
    return { row, column: index - lineStart, lineStart };
  };
  const start = pointAt(before, prefix);
  const oldEnd = pointAt(before, before.length - suffix, prefix, start);
  const newEnd = pointAt(after, after.length - suffix, prefix, start);
  return {
    startIndex: prefix, oldEndIndex: before.length - suffix, newEndIndex: after.length - suffix,
    startPosition: { row: start.row, column: start.column },
    oldEndPosition: { row: oldEnd.row, column: oldEnd.column },
    newEndPosition: { row: newEnd.row, column: newEnd.column },
  };
}

export const rustLanguage = RustLanguage;
