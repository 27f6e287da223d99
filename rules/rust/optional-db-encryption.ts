import { ancestryOf } from '../shared/rust/ancestry';
import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { docMatches } from '../../server/src/core/engine/docText';
import { asMethodCall } from '../shared/rust/functions';

const PRAGMA_KEY = /\bPRAGMA\s+key\b/i;
const PRAGMA_KEY_G = /\bPRAGMA\s+key\b/gi;

/** A condition that is true only when a key is present: `!key.is_empty()`, `key.len() > 0`, `key != ""`, `let Some(k) = …`, `key.is_some()`. */
function isPresenceCheck(cond: SyntaxNode): boolean {
  const t = cond.text.replace(/\s+/g, ' ');
  if (cond.type === 'let_condition' || cond.type === 'let_chain') return /^let (Some|Ok)\s*\(/.test(t) || /\blet (Some|Ok)\s*\(/.test(t);
  return /!\s*[\w.()&*]*\.is_empty\(\)/.test(t)
    || /\.len\(\)\s*(>\s*0|!=\s*0|>=\s*1)/.test(t)
    || /!=\s*""/.test(t)
    || /\.is_some\(\)/.test(t)
    || /\.is_empty\(\)\s*==\s*false/.test(t);
}

/** An else branch (or the rest of the fn) that refuses to go on without a key. */
function refuses(alternative: SyntaxNode | null): boolean {
  if (!alternative) return false;
  return /\b(return\s+Err|Err\s*\(|bail!|panic!|unreachable!|anyhow!|eyre!|ensure!|process::exit)/.test(alternative.text);
}

/** The `if` (or `match` arm on `Some`) guarding `node` with a key-presence check, if any. */
function presenceGuard(node: SyntaxNode): SyntaxNode | undefined {
  // Node objects made level by level as the walk climbs (it stops early).
  const chain = ancestryOf(node);
  let child = node;
  for (let i = 0, p = chain.node(0); p; child = p, p = chain.node(++i)) {
    if (p.type === 'function_item' || p.type === 'closure_expression') return undefined;
    if (p.type === 'if_expression' && p.childForFieldName('consequence')?.id === child.id) {
      const cond = p.childForFieldName('condition');
      if (cond && isPresenceCheck(cond) && !refuses(p.childForFieldName('alternative'))) return cond;
    }
    if (p.type === 'match_arm') {
      const pat = p.childForFieldName('pattern');
      if (pat && /^Some\s*\(/.test(pat.text)) {
        const arms = p.parent?.namedChildren.filter((a) => a.type === 'match_arm' && a.id !== p.id) ?? [];
        if (!arms.some((a) => refuses(a.childForFieldName('value')))) return pat;
      }
    }
  }
  return undefined;
}

function check(ctx: RustRuleContext, at: SyntaxNode): void {
  const host = ctx.host(at);
  const guard = presenceGuard(host);
  if (!guard) return;
  ctx.reportNode(guard,
    'The SQLCipher key is applied only when one is configured: with an empty or missing key the database is silently created and used in plaintext on disk. Require a non-empty key in production (fail at startup), or refuse to open the database without one.');
}

export const rule = defineRustRule({
  meta: {
    id: 'optional-db-encryption',
    title: 'Database encryption silently optional',
    priority: 'P0',
    area: 'Security',
    nonTest: true,
    action: 'Require a non-empty SQLCipher key in production instead of skipping encryption',
    docs: {
      lang: 'rust',
      what: 'Flags a SQLCipher key (`conn.pragma_update(None, "key", …)`, `PRAGMA key = …`) that is applied only inside `if !key.is_empty()`, `if let Some(key)` or a `Some(key) =>` match arm, with no branch refusing to continue without a key. The diagnostic is on the condition.',
      why: 'An empty `db_key` (the default in example configs) makes the code skip encryption without a word: the database, with every message and credential in it, is written to disk in plaintext. Backups, snapshots and stolen disks then expose it, while operators believe it is encrypted.',
      example: 'if !db_key.is_empty() {\n    conn.pragma_update(None, "key", db_key)?;\n}',
      useInstead: 'anyhow::ensure!(!db_key.is_empty(), "db_key must be set: refusing to store data unencrypted");\nconn.pragma_update(None, "key", db_key)?;',
      fixSafety: 'No automatic fix: whether an unencrypted development database is acceptable is a deployment decision.',
      notes: 'An `else` branch (or other match arm) that returns an error, bails or panics makes the check explicit and is not flagged. Test code is exempt.',
    },
  },
  mentions: /pragma/i,
  candidates: [
    { pattern: /\b(pragma_update(?:_and_check)?|pragma)\s*\(/dg, group: 1, nodeTypes: ['call_expression'], depth: 2 },
    // `PRAGMA key` in SQL text (also built with `format!`): the guard is read from the main tree.
    { pattern: PRAGMA_KEY_G, nodeTypes: ['string_literal', 'raw_string_literal'], depth: 2, mainOnly: true },
  ],
  check(node, ctx) {
    if (node.type !== 'call_expression') { check(ctx, node); return; }
    const m = asMethodCall(node);
    if (!m) return;
    if (m.name === 'pragma_update' || m.name === 'pragma_update_and_check' || m.name === 'pragma') {
      if (m.args.namedChildren.some((a) => a.type === 'string_literal' && /^"key"$/i.test(a.text))) check(ctx, node);
      return;
    }
    // `conn.execute_batch("PRAGMA key = …")`, also built with `format!` (main-tree tokens).
    if (/^(execute|execute_batch|query_row|prepare|query|execute_unprepared|raw_sql)$/.test(m.name) && !ctx.inMacro(node) && docMatches(ctx.doc, PRAGMA_KEY) && PRAGMA_KEY.test(m.args.text)) check(ctx, node);
  },
});
