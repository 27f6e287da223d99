/**
 * The reason the code itself gives that an unwrap cannot fail: a comment just above its statement or
 * on its lines (`// Safe to unwrap: … by construction`, `// SAFETY: …`), or the `.expect` message
 * (`.expect("infallible: validated at startup")`). The unwrap rules report such a site as
 * acknowledged (the team recorded its decision), not as a finding to act on.
 */
import type { RustRuleContext } from '../../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../../server/src/core/parsers/rust';
import { truncate } from '../text';
import { ancestryOf } from './ancestry';

/** Words that say an unwrap cannot fail: `// Safe to unwrap: … by construction`, `// SAFETY:`, `.expect("infallible")`. */
const SAYS_CANNOT_FAIL = /\bsafe to (?:unwrap|expect)\b|\b(?:unwrap|expect)(?:ing)?(?: here)? is (?:safe|fine|ok)\b|\bcan(?:not|'t| not|’t) (?:fail|panic|be (?:none|err|empty|poisoned))\b|\bnever (?:fails?|panics?|be none|(?:be |gets? )?poisoned|returns? (?:none|err))\b|\binfallible\b|\bby construction\b|\bis always (?:some|ok|valid|present|set)\b|\bguaranteed (?:to (?:be|succeed|exist)|by)\b|^\s*SAFETY:/im;
/** …unless the same comment doubts it. */
const DOUBTS = /\b(?:TODO|FIXME|XXX|HACK)\b|\b(?:might|may|could) (?:fail|panic)\b|\bshould(?:n't| not) (?:unwrap|panic)\b/i;

/**
 * The reason the code gives for an unwrap that cannot fail: a comment on the lines just above its
 * statement or on its lines (`// Safe to unwrap: \`tcp_listener_info\` is Some by construction above`),
 * or the `.expect` message itself (`.expect("infallible: validated at startup")`).
 */
export function statedReason(ctx: RustRuleContext, unwrap: SyntaxNode, expectMessage: string): string | undefined {
  const at = ctx.inMacro(unwrap) ? ctx.host(unwrap) : unwrap;
  // The statement: the ancestor (or the node itself) whose parent is a block or the file.
  const up = ancestryOf(at);
  const inBlock = (t: string | undefined) => t === 'block' || t === 'source_file';
  const i = inBlock(up.type(0)) ? -1 : up.findIndex((_, k) => inBlock(up.type(k + 1)));
  const statement = (i < 0 ? at : up.node(i)) ?? at;
  for (const text of [statementComments(ctx, statement), expectMessage]) {
    const said = SAYS_CANNOT_FAIL.exec(text);
    if (said && !DOUBTS.test(text)) return `\u201c${truncate(said[0].trim(), 40)}\u201d`;
  }
  return undefined;
}

/** A comment after a statement on its last line: a line comment or a block comment. */
const TRAILING_COMMENT = /^\s*\/[/*][/!*]?\s?(.*?)(?:\*\/)?\s*$/;

/** Per tree, per statement: its comments, read once however many unwraps it holds. */
const commentsMemo = new WeakMap<object, Map<number, string>>();

/** The comment lines just above a statement, those inside it and one trailing its last line. */
function statementComments(ctx: RustRuleContext, statement: SyntaxNode): string {
  let byTree = commentsMemo.get(statement.tree);
  if (!byTree) { byTree = new Map(); commentsMemo.set(statement.tree, byTree); }
  const memo = byTree.get(statement.startIndex);
  if (memo !== undefined) return memo;
  const index = ctx.doc.index;
  const first = statement.startPosition.row;
  const comments: string[] = [];
  for (let line = first - 1; line >= 0 && line >= first - 6; line--) {
    const text = index.lineText(line).trim();
    if (!text.startsWith('//')) break;
    comments.unshift(text.replace(/^\/\/[/!]?\s?/, ''));
  }
  // Comments inside the statement, and one trailing it on its last line.
  for (const c of statement.descendantsOfType(['line_comment', 'block_comment'])) comments.push(c.text.replace(/^\/[/*][/!*]?\s?|\*\/$/g, ''));
  // Read from the text, not `nextSibling` (a search from the root: quadratic in deeply nested code).
  const after = ctx.doc.text.slice(statement.endIndex, statement.endIndex + 400);
  const trailing = TRAILING_COMMENT.exec(after.slice(0, after.search(/[\r\n]|$/)));
  if (trailing) comments.push(trailing[1]);
  const text = comments.join('\n');
  byTree.set(statement.startIndex, text);
  return text;
}
