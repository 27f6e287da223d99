/** A file parsed once by the parser made for its kind; every rule reads this, none re-parses. */
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { LineIndex } from '../engine/lineIndex';
import type { FileKind } from '../engine/fileKinds';
import { parseRust, type Tree } from './rust';
import { parseToml, parseTomlValues, type TomlParseResult } from './toml';
import { parseYaml, type YamlParseResult } from './yaml';
import { parseEnv, type EnvEntry } from './env';
import { parseIgnore, type IgnorePattern } from './ignore';
import { parseJsonLike, type JsonParseResult } from './json';

interface DocumentBase {
  /** Workspace-relative path, POSIX separators. */
  path: string;
  text: string;
  index: LineIndex;
  /** Increases with each change the engine sees; used by caches and to drop stale work. */
  version: number;
}

export interface RustDocument extends DocumentBase { kind: 'rust'; tree: Tree }
/** `toml`: the positioned AST and its data; `values`: the data only, read faster, undefined when not valid TOML. Both parsed on first read. */
export interface TomlDocument extends DocumentBase { kind: 'toml'; toml: TomlParseResult; values: Record<string, unknown> | undefined }
export interface YamlDocumentFile extends DocumentBase { kind: 'yaml'; yaml: YamlParseResult }
export interface JsonDocument extends DocumentBase { kind: 'json'; json: JsonParseResult }
export interface DockerfileDocument extends DocumentBase { kind: 'dockerfile'; dockerfile: Dockerfile }
export interface EnvDocument extends DocumentBase { kind: 'env'; entries: EnvEntry[] }
export interface IgnoreDocument extends DocumentBase { kind: 'ignore'; patterns: IgnorePattern[] }
export interface PlainDocument extends DocumentBase { kind: 'sql' | 'codeowners' }

export type ParsedDocument =
  | RustDocument | TomlDocument | YamlDocumentFile | JsonDocument | DockerfileDocument | EnvDocument | IgnoreDocument | PlainDocument;

export type DocumentOfKind<K extends FileKind> = Extract<ParsedDocument, { kind: K }>;

/**
 * Parses `text` as `kind`. For Rust, `previousTree` (already `edit()`ed to match `text`) lets
 * tree-sitter re-parse incrementally.
 */
export function parseDocument(path: string, kind: FileKind, text: string, version: number, previousTree?: Tree): ParsedDocument {
  const index = new LineIndex(text);
  const base = { path, text, index, version };
  // The expensive payloads (syntax tree, TOML and YAML ASTs) are parsed on first read: many rules
  // only read another file's text (its role, a crate root's attributes, a route table), and a
  // scan that parses each file once per worker must not parse its neighbours again for that.
  switch (kind) {
    case 'rust': return lazy({ ...base, kind }, 'tree', () => parseRust(text, previousTree));
    case 'toml': return lazy(lazy({ ...base, kind }, 'toml', () => parseToml(text)), 'values', () => parseTomlValues(text));
    case 'yaml': return lazy({ ...base, kind }, 'yaml', () => parseYaml(text));
    case 'json': return { ...base, kind, json: parseJsonLike(text) };
    case 'dockerfile': return { ...base, kind, dockerfile: DockerfileParser.parse(text) };
    case 'env': return { ...base, kind, entries: parseEnv(index) };
    case 'ignore': return { ...base, kind, patterns: parseIgnore(index) };
    case 'sql': case 'codeowners': return { ...base, kind };
  }
}

/** The same Rust document as a new object whose tree is parsed again on first read (the old tree can be freed). */
export function withoutTree(doc: RustDocument): RustDocument {
  const { path, text, index, version } = doc;
  return lazy({ path, text, index, version, kind: 'rust' as const }, 'tree', () => parseRust(text));
}

/**
 * `target` with `key` as an enumerable property computed on first read, then kept. The computation
 * is let go once it has run: what it captured (for Rust, the previous version's tree and text, read
 * by the incremental parse) must not live as long as the document.
 */
function lazy<T extends object, K extends string, V>(target: T, key: K, compute: () => V): T & Record<K, V> {
  let value: V | undefined;
  let pending: (() => V) | undefined = compute;
  return Object.defineProperty(target, key, {
    enumerable: true,
    get: () => {
      if (pending) { value = pending(); pending = undefined; }
      return value as V;
    },
  }) as T & Record<K, V>;
}
