/**
 * Whether `.context(…)?` (anyhow) or `.wrap_err(…)?` (eyre) type-checks in a fn or closure: what its
 * return type's error is, read from the signature and the file's own `use`/`type` items and
 * `From<anyhow::Error>` conversions. A bare `Result<T>` is anyhow's only when the file imports
 * or aliases anyhow's `Result`.
 */
import { splitGenericArgs } from './functions';
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import { visibleUses } from './imports';

export type ContextLib = 'anyhow' | 'eyre';

/** The error library a `?` after `.context(…)`/`.wrap_err(…)` converts into, or undefined when it would not compile. */
export function contextLibFor(fnLike: SyntaxNode | undefined, fileText: string): ContextLib | undefined {
  if (!fnLike) return undefined;
  if (fnLike.type !== 'function_item' && fnLike.type !== 'closure_expression') return undefined;
  const ret = fnLike.childForFieldName('return_type');
  if (!ret) return undefined;
  const text = ret.text.replace(/\s+/g, '');
  const qualified = /^(?:::)?(anyhow|eyre|color_eyre(?:::eyre)?)::Result<(.*)>$/.exec(text);
  if (qualified) {
    const args = splitGenericArgs(qualified[2]);
    if (args.length === 1 || isLibError(args[1])) return qualified[1] === 'anyhow' ? 'anyhow' : 'eyre';
    return undefined;
  }
  const m = /^(?:(?:::)?(?:std|core)::result::)?Result<(.*)>$/.exec(text);
  if (!m) return undefined;
  const args = splitGenericArgs(m[1]);
  if (args.length === 1) return resultAliasLib(fnLike, fileText);
  const err = args[1];
  const lib = isLibError(err);
  if (lib) return lib;
  if (/^Box<dyn(?:(?:::)?(?:std|core)::error::)?Error\b/.test(err)) return 'anyhow';
  // An error type of this file that converts from anyhow's error.
  const name = err.replace(/^(?:crate|self|super)::(?:\w+::)*/, '');
  if (/^[A-Z]\w*$/.test(name) && convertsFromAnyhow(fileText, name)) return 'anyhow';
  return undefined;
}

function isLibError(err: string): ContextLib | undefined {
  if (/^(?:::)?anyhow::Error$/.test(err)) return 'anyhow';
  if (/^(?:::)?(?:eyre|color_eyre(?:::eyre)?)::(?:Report|Error)$/.test(err)) return 'eyre';
  return undefined;
}

/** Which library's `Result` a bare `Result<T>` names in this file (its `use` items or a `type Result` alias). */
function resultAliasLib(node: SyntaxNode, fileText: string): ContextLib | undefined {
  for (const u of visibleUses(node)) {
    if (u.alias !== 'Result') continue;
    if (/^(?:::)?anyhow::Result$/.test(u.path)) return 'anyhow';
    if (/^(?:::)?(?:eyre|color_eyre(?:::eyre)?)::Result$/.test(u.path)) return 'eyre';
    return undefined;
  }
  const alias = /\btype\s+Result\s*<\s*T\s*(?:,[^>=]*)?>\s*=\s*(?:::)?(?:(anyhow)|eyre|color_eyre(?:::eyre)?)::Result\s*<\s*T\s*>/.exec(fileText)
    ?? /\btype\s+Result\s*<\s*T\s*(?:,[^>=]*)?>\s*=\s*(?:std::result::)?Result\s*<\s*T\s*,\s*(?:::)?(?:(anyhow)::Error|(?:eyre|color_eyre(?:::eyre)?)::Report)\s*>/.exec(fileText);
  if (alias) return alias[1] ? 'anyhow' : 'eyre';
  return undefined;
}

/** `impl From<anyhow::Error> for Name` or a `#[from] anyhow::Error` field in `Name` (thiserror). */
function convertsFromAnyhow(fileText: string, name: string): boolean {
  if (new RegExp(`impl\\s+From\\s*<\\s*(?:::)?anyhow::Error\\s*>\\s+for\\s+(?:\\w+::)*${name}\\b`).test(fileText)) return true;
  const def = new RegExp(`\\benum\\s+${name}\\b|\\bstruct\\s+${name}\\b`).exec(fileText);
  if (!def) return false;
  // The item's body: up to its closing brace at depth 0.
  const open = fileText.indexOf('{', def.index);
  if (open < 0) return false;
  let depth = 0, end = open;
  for (; end < fileText.length; end++) {
    if (fileText[end] === '{') depth++;
    else if (fileText[end] === '}' && --depth === 0) break;
  }
  return /#\[\s*from\s*\]\s*(?:\w+\s*:\s*)?(?:::)?anyhow::Error\b/.test(fileText.slice(open, end));
}
