/**
 * The default values compiled into a Rust service's configuration: string literals inside
 * `impl Default for <…Config|Settings|Options>` and inside serde default functions
 * (`fn default_database_url() -> String`). Those values are what a deployment runs with when the
 * operator sets nothing, so config rules read them as they read a shipped config file.
 */
import type { RustDocument } from '../../server/src/core/parsers/document';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { inSpans } from '../../server/src/core/parsers/rustSyntax';
import { testCodeSpans } from '../../server/src/core/engine/production';

export interface RustDefaultString {
  /** The field the literal initialises (`url`), or the name a `default_*` fn gives (`database_url`). */
  field: string | undefined;
  /** The type whose `Default` this is (`DatabaseConfig`), or the default fn's name. */
  owner: string;
  value: string;
  /** UTF-16 offsets of the literal's content (without quotes). */
  start: number;
  end: number;
}

/** Config-like type names: `DatabaseConfig`, `AppSettings`, `ServerOptions`, `Conf`. */
const CONFIG_TYPE = /(Config|Configuration|Settings|Options|Opts|Conf|Cfg|Params|Env)$/;
const MENTIONS = /\bimpl\s+Default\s+for\s+\w*(Config|Configuration|Settings|Options|Opts|Conf|Cfg|Params|Env)\b|\bfn\s+default_\w+\s*\(/;

/** Every string literal of the document's config defaults, outside test code. Cheap when the text has none. */
export function rustConfigDefaultStrings(doc: RustDocument, accept: (value: string) => boolean): RustDefaultString[] {
  if (!MENTIONS.test(doc.text)) return [];
  const out: RustDefaultString[] = [];
  const root = doc.tree.rootNode;
  let spans: readonly [number, number][] | undefined;
  const visitBody = (body: SyntaxNode, owner: string, fnField: string | undefined) => {
    for (const lit of body.descendantsOfType(['string_literal', 'raw_string_literal'])) {
      const content = lit.namedChildren.find((c) => c.type === 'string_content');
      if (!content || !accept(content.text)) continue;
      spans ??= testCodeSpans(doc);
      if (inSpans(spans, lit.startIndex)) continue;
      out.push({ field: fieldOf(lit) ?? fnField, owner, value: content.text, start: content.startIndex, end: content.endIndex });
    }
  };
  const re = /\bimpl\s+Default\s+for\s+(\w+)|\bfn\s+(default_\w+)\s*\(/g;
  for (const m of doc.text.matchAll(re)) {
    const node = root.descendantForIndex(m.index!, m.index! + 4);
    if (m[1]) {
      if (!CONFIG_TYPE.test(m[1])) continue;
      let impl: SyntaxNode | null = node;
      while (impl && impl.type !== 'impl_item') impl = impl.parent;
      const body = impl?.childForFieldName('body');
      if (body) visitBody(body, m[1], undefined);
    } else {
      let fn: SyntaxNode | null = node;
      while (fn && fn.type !== 'function_item') fn = fn.parent;
      const body = fn?.childForFieldName('body');
      if (body) visitBody(body, m[2], m[2].slice('default_'.length));
    }
  }
  return out;
}

/** The struct field a literal initialises: `url: "…".to_string()`, `url: String::from("…")`, `url: "…".into()`. */
function fieldOf(lit: SyntaxNode): string | undefined {
  let n: SyntaxNode | null = lit.parent;
  for (let d = 0; n && d < 6; d++, n = n.parent) {
    if (n.type === 'field_initializer') return n.childForFieldName('field')?.text;
    if (n.type === 'block' || n.type === 'function_item' || n.type === 'struct_expression') return undefined;
  }
  return undefined;
}
