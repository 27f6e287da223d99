import { parseAllDocuments, LineCounter, isMap, isSeq, isScalar, isPair } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { LineIndex } from '../engine/lineIndex';
import type { Range } from '../engine/types';

export type YamlDocument = Document.Parsed;
export { isMap, isSeq, isScalar, isPair };
export type { YamlNode };

export interface YamlParseResult {
  documents: YamlDocument[];
  /** Helm templates (`{{ … }}`) are not YAML until rendered: they are not parsed at all. */
  templated: boolean;
  errors: { message: string; offset: number }[];
}

export function parseYaml(text: string): YamlParseResult {
  if (/\{\{[-\s]/.test(text) && /\}\}/.test(text)) return { documents: [], templated: true, errors: [] };
  const documents = parseAllDocuments(text, { lineCounter: new LineCounter(), keepSourceTokens: false, merge: true });
  const list = Array.isArray(documents) ? documents : [];
  const errors = list.flatMap((d) => d.errors.map((e) => ({ message: e.message, offset: e.pos[0] })));
  return { documents: list, templated: false, errors };
}

/** The source range of a YAML node (from the `yaml` package's offsets). */
export function yamlRange(index: LineIndex, node: { range?: [number, number, number] | null } | null | undefined): Range | undefined {
  if (!node || !node.range) return undefined;
  return index.range(node.range[0], node.range[1]);
}
