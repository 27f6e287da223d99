/**
 * The string values an application's configuration sets, whatever the format: TOML, `.env`, YAML,
 * JSON/JSON5/HJSON (a `json` document kind, when the engine has one) and the defaults compiled into
 * Rust (`impl Default for …Config`, `fn default_*`). One reading for the config rules
 * (insecure-config-default, credentials-in-url).
 */
import type { ParsedDocument } from '../../server/src/core/parsers/document';
import { tomlEntries } from '../../server/src/core/parsers/toml';
import { isMap, isPair, isScalar, isSeq, type YamlNode } from '../../server/src/core/parsers/yaml';
import { rustConfigDefaultStrings } from './rustConfigDefaults';

export type ConfigSource = 'toml' | 'env' | 'yaml' | 'json' | 'rust';

export interface ConfigValue {
  source: ConfigSource;
  /** The key (or struct field) the value is set under, when there is one. */
  key: string | undefined;
  value: string;
  /** Offsets of the value in the document text (quotes included for quoted values; content only in Rust). */
  start: number;
  end: number;
  /** Offsets of the key, when the format has one at a known place. */
  keyStart?: number;
  keyEnd?: number;
  /** For Rust defaults: the type (`DatabaseConfig`) or default fn. */
  owner?: string;
}

/** A document of the JSON family: JSON, JSON5, HJSON (`fileKinds.ts`). */
export function isJsonDocument(doc: ParsedDocument): boolean {
  return doc.kind === 'json';
}


/**
 * The document's string values. `rust` reads only config defaults and only literals `rustAccept`
 * keeps (a cheap text test, so most literals are never looked at).
 */
export function configValues(doc: ParsedDocument, rustAccept: (value: string) => boolean = () => true): ConfigValue[] {
  const out: ConfigValue[] = [];
  switch (doc.kind) {
    case 'toml':
      if (!doc.toml.ast) break;
      for (const e of tomlEntries(doc.toml.ast)) {
        const key = e.path[e.path.length - 1];
        const push = (n: typeof e.value) => {
          if (n.type === 'TOMLValue' && n.kind === 'string') out.push({ source: 'toml', key, value: n.value, start: n.range[0], end: n.range[1], keyStart: e.keyNode.range[0], keyEnd: e.keyNode.range[1] });
        };
        push(e.value);
        if (e.value.type === 'TOMLArray') e.value.elements.forEach(push);
      }
      break;
    case 'env':
      for (const e of doc.entries) {
        out.push({
          source: 'env', key: e.key, value: e.value,
          start: doc.index.offsetAt(e.valueRange.start), end: doc.index.offsetAt(e.valueRange.end),
          keyStart: doc.index.offsetAt(e.keyRange.start), keyEnd: doc.index.offsetAt(e.keyRange.end),
        });
      }
      break;
    case 'yaml': {
      const walk = (n: unknown, key: string | undefined, keyRange: [number, number] | undefined): void => {
        if (!n) return;
        if (isScalar(n)) {
          if (typeof n.value === 'string' && n.range) out.push({ source: 'yaml', key, value: n.value, start: n.range[0], end: n.range[1], keyStart: keyRange?.[0], keyEnd: keyRange?.[1] });
        } else if (isMap(n)) {
          for (const item of n.items) walk(item, key, keyRange);
        } else if (isSeq(n)) {
          for (const item of n.items) walk(item, key, keyRange);
        } else if (isPair(n)) {
          const k = isScalar(n.key) ? n.key : undefined;
          const name = k && (typeof k.value === 'string' || typeof k.value === 'number') ? String(k.value) : key;
          walk(n.value, name, k?.range ? [k.range[0], k.range[1]] : undefined);
        }
      };
      for (const d of doc.yaml.documents) walk(d.contents as YamlNode | null, undefined, undefined);
      break;
    }
    case 'rust':
      for (const s of rustConfigDefaultStrings(doc, rustAccept)) out.push({ source: 'rust', key: s.field, value: s.value, start: s.start, end: s.end, owner: s.owner });
      break;
    case 'json':
      for (const e of doc.json.entries) out.push({ source: 'json', key: e.key, value: e.value, start: e.start, end: e.end });
      break;
  }
  return out;
}
