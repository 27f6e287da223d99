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

export const rustLanguage = RustLanguage;
