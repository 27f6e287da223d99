/** A file parsed once by the parser made for its kind; every rule reads this, none re-parses. */
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import { LineIndex } from '../engine/lineIndex';
import type { FileKind } from '../engine/fileKinds';
import { parseRust, type Tree } from './rust';
import { parseToml, type TomlParseResult } from './toml';
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
export interface TomlDocument extends DocumentBase { kind: 'toml'; toml: TomlParseResult }
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
  switch (kind) {
    case 'rust': return { ...base, kind, tree: parseRust(text, previousTree) };
    case 'toml': return { ...base, kind, toml: parseToml(text) };
    case 'yaml': return { ...base, kind, yaml: parseYaml(text) };
    case 'json': return { ...base, kind, json: parseJsonLike(text) };
    case 'dockerfile': return { ...base, kind, dockerfile: DockerfileParser.parse(text) };
    case 'env': return { ...base, kind, entries: parseEnv(index) };
    case 'ignore': return { ...base, kind, patterns: parseIgnore(index) };
    case 'sql': case 'codeowners': return { ...base, kind };
  }
}
