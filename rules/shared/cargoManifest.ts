/**
 * Positioned view of the dependency specs in a `Cargo.toml`, in every form Cargo accepts:
 * `x = "1"`, `x = { git = "…", tag = "…" }`, `[dependencies.x]` tables, dotted keys
 * (`dependencies.x.git = "…"`), `[workspace.dependencies]`, `[target.'cfg(unix)'.dependencies]`,
 * dev/build sections and `[patch.<registry>]` overrides. Also builds edits that set or remove a field of a spec, whatever its form.
 */
import type { TomlDocument } from '../../server/src/core/parsers/document';
import { tomlEntries, tomlRange, tomlString, tomlTables, type TomlEntry, type TomlKeyValue, type TomlNode, type TomlTable, type TomlValueNode } from '../../server/src/core/parsers/toml';
import type { FileTextEdit, Range } from '../../server/src/core/engine/types';

const DEP_SECTIONS = new Set(['dependencies', 'dev-dependencies', 'build-dependencies', 'dev_dependencies', 'build_dependencies']);

export interface DependencySpec {
  /** The key in the section (the name the code uses). */
  name: string;
  /** The section path: `['dependencies']`, `['workspace','dependencies']`, `['target','cfg(unix)','dependencies']`. */
  section: string[];
  /** The node naming the dependency: the key of `x = …`, or the last key of a `[dependencies.x]` header. */
  nameNode: TomlNode;
  /** `x = "1"` or `x = { … }`: the whole key/value. Absent for the `[dependencies.x]` / dotted forms. */
  entry?: TomlEntry;
  /** The `[dependencies.x]` table, when the spec is one. */
  table?: TomlTable;
  /** `x = "1"`: the version string value node. */
  shortVersion?: TomlValueNode;
  /** Fields (`git`, `tag`, `version`, `features`, …) with their entries. */
  fields: Map<string, TomlEntry>;
}

/** The index in `path` of the dependency-section key, when `path` lies in a dependency section. */
function sectionEnd(path: readonly string[]): number {
  if (path.length >= 1 && DEP_SECTIONS.has(path[0])) return 0;
  if (path.length >= 2 && path[0] === 'workspace' && path[1] === 'dependencies') return 1;
  if (path.length >= 3 && path[0] === 'target' && DEP_SECTIONS.has(path[2])) return 2;
  // `[patch.crates-io]` / `[patch.'https://…']`: overrides written like dependencies.
  if (path.length >= 2 && path[0] === 'patch') return 1;
  return -1;
}

const specCache = new WeakMap<TomlDocument, DependencySpec[]>();

/** Every dependency spec of a manifest, in document order (memoised per parsed document). */
export function dependencySpecs(doc: TomlDocument): DependencySpec[] {
  let cached = specCache.get(doc);
  if (!cached) { cached = computeSpecs(doc); specCache.set(doc, cached); }
  return cached;
}

function computeSpecs(doc: TomlDocument): DependencySpec[] {
  const ast = doc.toml.ast;
  if (!ast) return [];
  const specs = new Map<string, DependencySpec>();
  const get = (section: string[], name: string, nameNode: TomlNode): DependencySpec => {
    const key = JSON.stringify([...section, name]);
    let s = specs.get(key);
    if (!s) { s = { name, section, nameNode, fields: new Map() }; specs.set(key, s); }
    return s;
  };
  for (const table of tomlTables(ast)) {
    const path = table.resolvedKey.map(String);
    const i = sectionEnd(path);
    if (i >= 0 && path.length === i + 2 && table.kind === 'standard') {
      const keys = table.key.keys;
      get(path.slice(0, i + 1), path[i + 1], keys[keys.length - 1]).table = table;
    }
  }
  for (const e of tomlEntries(ast)) {
    const i = sectionEnd(e.path);
    if (i < 0) continue;
    const section = e.path.slice(0, i + 1);
    if (e.path.length === i + 2) {
      const s = get(section, e.path[i + 1], e.keyNode);
      s.entry = e;
      s.nameNode = e.keyNode;
      if (e.value.type === 'TOMLValue' && e.value.kind === 'string') s.shortVersion = e.value;
    } else if (e.path.length === i + 3) {
      const s = get(section, e.path[i + 1], dottedNameNode(e, i + 1));
      s.fields.set(e.path[i + 2], e);
    }
  }
  return [...specs.values()].sort((a, b) => a.nameNode.range[0] - b.nameNode.range[0]);
}

/** For a dotted field entry (`dependencies.x.git`), the key segment at `pathIndex` (the dependency name) when the key spells it. */
function dottedNameNode(e: TomlEntry, pathIndex: number): TomlNode {
  const keys = e.node.key.keys;
  const idx = pathIndex - (e.path.length - keys.length);
  return idx >= 0 && idx < keys.length ? keys[idx] : e.keyNode;
}

export function fieldString(spec: DependencySpec, field: string): string | undefined {
  return tomlString(spec.fields.get(field)?.value);
}

/** The crate the spec resolves to (`package = "…"` renames). */
export function packageName(spec: DependencySpec): string {
  return fieldString(spec, 'package') ?? spec.name;
}

export function isWorkspaceDependencies(spec: DependencySpec): boolean {
  return spec.section[0] === 'workspace';
}

/** The string values of an array field (`features = ["a", "b"]`). */
export function fieldStrings(spec: DependencySpec, field: string): string[] {
  const v = spec.fields.get(field)?.value;
  if (v?.type !== 'TOMLArray') return [];
  return v.elements.map((el) => tomlString(el)).filter((s): s is string => s !== undefined);
}

export function fieldBoolean(spec: DependencySpec, field: string): boolean | undefined {
  const v = spec.fields.get(field)?.value;
  return v?.type === 'TOMLValue' && v.kind === 'boolean' ? v.value : undefined;
}

/** A TOML basic string literal. */
export function tomlQuote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

function lineIndent(doc: TomlDocument, offset: number): string {
  const pos = doc.index.positionAt(offset);
  return /^\s*/.exec(doc.index.lineText(pos.line))![0];
}

/**
 * The source text of `kv`'s key up to (not including) its last segment: `dependencies.x.` for a
 * dotted entry, '' otherwise. A new field written with this prefix lands in the same spec.
 */
function keyPrefix(doc: TomlDocument, kv: TomlKeyValue): string {
  const keys = kv.key.keys;
  return doc.text.slice(kv.range[0], keys[keys.length - 1].range[0]);
}

/** Replaces the whole `field = value` of `entry` by `newField = newValue` (keeping a dotted prefix). */
export function replaceFieldEdit(doc: TomlDocument, entry: TomlEntry, newField: string, newValue: string): FileTextEdit {
  return { path: doc.path, range: tomlRange(doc.index, entry.node), newText: `${keyPrefix(doc, entry.node)}${newField} = ${newValue}` };
}

/** Replaces only the value of `entry`. */
export function replaceValueEdit(doc: TomlDocument, entry: TomlEntry, newValue: string): FileTextEdit {
  return { path: doc.path, range: tomlRange(doc.index, entry.value), newText: newValue };
}

/**
 * Adds `field = value` to a spec that has at least one field or is an inline table, placed after
 * `after` (default: its last field). Inline tables get `, field = value`; table and dotted forms a
 * new line with the same indentation and dotted prefix. Returns undefined for `x = "1"` specs
 * (use `expandShortSpecEdit`).
 */
export function addFieldEdit(doc: TomlDocument, spec: DependencySpec, field: string, value: string, after?: TomlEntry): FileTextEdit | undefined {
  return addFieldsEdit(doc, spec, [[field, value]], after);
}

/** `addFieldEdit` for several fields at once (one insertion). */
export function addFieldsEdit(doc: TomlDocument, spec: DependencySpec, pairs: readonly [string, string][], after?: TomlEntry): FileTextEdit | undefined {
  if (pairs.length === 0) return undefined;
  const fields = [...spec.fields.values()];
  const anchor = after ?? fields.sort((a, b) => a.node.range[1] - b.node.range[1])[fields.length - 1];
  const inline = spec.entry?.value.type === 'TOMLInlineTable' ? spec.entry.value : undefined;
  const kv = pairs.map(([k, v]) => `${k} = ${v}`);
  if (inline) {
    if (inline.body.length === 0) {
      const at = doc.index.positionAt(inline.range[0] + 1);
      return { path: doc.path, range: { start: at, end: at }, newText: ` ${kv.join(', ')} ` };
    }
    const lastNode = anchor ? anchor.node : inline.body[inline.body.length - 1];
    const at = doc.index.positionAt(lastNode.range[1]);
    return { path: doc.path, range: { start: at, end: at }, newText: kv.map((t) => `, ${t}`).join('') };
  }
  const eol = doc.index.eol;
  if (anchor) {
    const at = doc.index.positionAt(anchor.node.range[1]);
    const lead = `${eol}${lineIndent(doc, anchor.node.range[0])}${keyPrefix(doc, anchor.node)}`;
    return { path: doc.path, range: { start: at, end: at }, newText: kv.map((t) => lead + t).join('') };
  }
  if (spec.table) {
    const line = doc.index.positionAt(spec.table.key.range[1]).line;
    const end = doc.index.positionAt(doc.index.lineEnd(line));
    return { path: doc.path, range: { start: end, end }, newText: kv.map((t) => eol + t).join('') };
  }
  return undefined;
}

/** Turns `x = "1"` into `x = { version = "1", <fields> }`. */
export function expandShortSpecEdit(doc: TomlDocument, spec: DependencySpec, extra: [string, string][]): FileTextEdit | undefined {
  if (!spec.shortVersion) return undefined;
  const parts = [`version = ${doc.text.slice(spec.shortVersion.range[0], spec.shortVersion.range[1])}`, ...extra.map(([k, v]) => `${k} = ${v}`)];
  return { path: doc.path, range: tomlRange(doc.index, spec.shortVersion), newText: `{ ${parts.join(', ')} }` };
}

export function removeKeyValueEdit(doc: TomlDocument, kv: TomlKeyValue): FileTextEdit {
  const parent = kv.parent;
  if (parent.type === 'TOMLInlineTable') {
    const i = parent.body.indexOf(kv);
    let start = kv.range[0];
    let end = kv.range[1];
    if (i > 0) start = parent.body[i - 1].range[1];
    else if (parent.body.length > 1) end = parent.body[1].range[0];
    return { path: doc.path, range: doc.index.range(start, end), newText: '' };
  }
  const startLine = doc.index.positionAt(kv.range[0]).line;
  const endLine = doc.index.positionAt(kv.range[1]).line;
  const range: Range = { start: { line: startLine, character: 0 }, end: { line: endLine + 1, character: 0 } };
  if (endLine + 1 >= doc.index.lineCount) {
    // Last line without a trailing newline: remove from the end of the previous line.
    const prevEnd = startLine > 0 ? doc.index.positionAt(doc.index.lineEnd(startLine - 1)) : { line: 0, character: 0 };
    return { path: doc.path, range: { start: prevEnd, end: doc.index.positionAt(doc.text.length) }, newText: '' };
  }
  return { path: doc.path, range, newText: '' };
}

export function isCargoManifest(path: string): boolean {
  return path === 'Cargo.toml' || path.endsWith('/Cargo.toml');
}
