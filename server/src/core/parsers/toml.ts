/**
 * All TOML access goes through this module. `toml-eslint-parser` gives a positioned AST (TOML 1.0)
 * so diagnostics can point at the exact key or value in dotted keys, quoted keys, inline tables,
 * `[target.'cfg(unix)'.dependencies]` and multi-line arrays; its static evaluation gives the data.
 * `@iarna/toml` gives values only (no positions), 5-8× faster: `parseTomlValues`, for the largest
 * file that needs no positioned AST (Cargo.lock). toml-eslint-parser 0.12 is the last CommonJS
 * release, which VS Code's extension host can load without ESM support.
 */
import * as IarnaToml from '@iarna/toml';
import { parseTOML, getStaticTOMLValue } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser';
import type { LineIndex } from '../engine/lineIndex';
import type { Range } from '../engine/types';

export type TomlAst = AST.TOMLProgram;
export type TomlNode = AST.TOMLNode;
export type TomlKeyValue = AST.TOMLKeyValue;
export type TomlTable = AST.TOMLTable;
export type TomlValueNode = AST.TOMLContentNode;

export interface TomlParseResult {
  ast?: TomlAst;
  /** Plain data (tables → objects, arrays → arrays); `{}` when the file does not parse. */
  value: Record<string, unknown>;
  error?: { message: string; offset: number };
}

/** The data only, read by @iarna/toml; undefined when the text is not valid TOML. */
export function parseTomlValues(text: string): Record<string, unknown> | undefined {
  // @iarna/toml rejects the CR of a CRLF after a comment (a file checked out on Windows).
  try { return IarnaToml.parse(text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text) as Record<string, unknown>; } catch { return undefined; }
}

export function parseToml(text: string): TomlParseResult {
  try {
    const ast = parseTOML(text);
    return { ast, value: (getStaticTOMLValue(ast) ?? {}) as Record<string, unknown> };
  } catch (e) {
    const err = e as { message?: string; index?: number };
    return { value: {}, error: { message: String(err.message ?? e), offset: err.index ?? 0 } };
  }
}

/** One key/value with its full dotted path (table header + dotted key), e.g. `dependencies.xiu.git`. */
export interface TomlEntry {
  path: string[];
  node: TomlKeyValue;
  /** The last key segment's node: the range to report on "this key". */
  keyNode: AST.TOMLBare | AST.TOMLQuoted;
  value: TomlValueNode;
}

function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === 'TOMLBare' ? k.name : k.value;
}

/**
 * Every key/value in the document, descending into inline tables, with resolved paths. Array-of-
 * tables entries (`[[package]]`) get their index in the path: `package.3.name`.
 */
export function tomlEntries(ast: TomlAst): TomlEntry[] {
  const out: TomlEntry[] = [];
  const visitKv = (prefix: string[], kv: TomlKeyValue) => {
    const keys = kv.key.keys;
    const path = [...prefix, ...keys.map(keyName)];
    out.push({ path, node: kv, keyNode: keys[keys.length - 1], value: kv.value });
    if (kv.value.type === 'TOMLInlineTable') {
      for (const inner of kv.value.body) visitKv(path, inner);
    }
  };
  for (const top of ast.body) {
    for (const item of top.body) {
      if (item.type === 'TOMLKeyValue') visitKv([], item);
      else {
        const prefix = item.resolvedKey.map(String);
        for (const kv of item.body) visitKv(prefix, kv);
      }
    }
  }
  return out;
}

/** The tables (`[x]` / `[[x]]`) with their resolved keys. */
export function tomlTables(ast: TomlAst): TomlTable[] {
  const out: TomlTable[] = [];
  for (const top of ast.body) for (const item of top.body) if (item.type === 'TOMLTable') out.push(item);
  return out;
}

export function tomlRange(index: LineIndex, node: { range: [number, number] }): Range {
  return index.range(node.range[0], node.range[1]);
}

/** A string value node's text, or undefined for other value kinds. */
export function tomlString(node: TomlValueNode | undefined): string | undefined {
  return node && node.type === 'TOMLValue' && node.kind === 'string' ? node.value : undefined;
}

export { getStaticTOMLValue };
