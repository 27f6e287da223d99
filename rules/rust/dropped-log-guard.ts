import { defineRustRule } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { calleePath, lastSegment, resolvePath } from '../shared/rust/paths';

/** Whether `value` is (a chain ending in) `tracing_appender::non_blocking(…)` or `NonBlocking(Builder)…`. */
function isNonBlocking(value: SyntaxNode | null, scope: SyntaxNode): boolean {
  for (let n = value, depth = 0; n && depth < 8; depth++) {
    if (n.type === 'try_expression' || n.type === 'await_expression') { n = n.namedChildren[0]; continue; }
    if (n.type !== 'call_expression') return false;
    const path = calleePath(n);
    if (path) {
      const last = lastSegment(path);
      if (last === 'non_blocking') return resolvePath(scope, path).some((p) => p === 'tracing_appender::non_blocking' || p === 'non_blocking' || p.endsWith('::non_blocking'));
      if (/(^|::)NonBlocking::new$/.test(path)) return true;
      return false;
    }
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'field_expression') return false;
    // `NonBlockingBuilder::default().lossy(false).finish(writer)`
    if (fn.childForFieldName('field')?.text === 'finish' && /NonBlockingBuilder/.test(fn.text)) return true;
    n = fn.childForFieldName('value');
  }
  return false;
}

export const rule = defineRustRule({
  meta: {
    id: 'dropped-log-guard',
    title: 'Log writer guard dropped at once',
    priority: 'P1',
    area: 'Observability',
    nonTest: false,
    action: 'Keep the `WorkerGuard` of `tracing_appender::non_blocking` alive for the whole program',
    docs: {
      lang: 'rust',
      what: 'Flags the `WorkerGuard` returned by `tracing_appender::non_blocking(…)` (or `NonBlockingBuilder::…finish(…)`) bound to `_`: `let (writer, _) = non_blocking(file);` or `let _ = non_blocking(file);`.',
      why: '`_` is not a binding: the guard is dropped at the end of the statement, which shuts down the background writer thread. Log lines buffered after that are lost (or, with the lossy default, dropped silently), and the final lines before a crash, the ones you need, never reach the file.',
      example: 'let (non_blocking, _) = tracing_appender::non_blocking(file_appender);\ntracing_subscriber::fmt().with_writer(non_blocking).init();',
      useInstead: 'let (non_blocking, _guard) = tracing_appender::non_blocking(file_appender);\ntracing_subscriber::fmt().with_writer(non_blocking).init();\n// keep `_guard` alive until main returns (return it from an init fn and hold it in main)',
      fixSafety: 'The fix renames `_` to `_guard`, which keeps the guard alive until the end of the enclosing scope; it always compiles and is preferred. When the binding is in an init function, the guard still drops when that function returns: return it to `main` and hold it there.',
    },
  },
  mentions: /non_blocking|NonBlocking/,
  // The `let` whose value calls `non_blocking(…)` / `NonBlocking…`.
  candidates: [{ pattern: /\b(non_blocking|NonBlocking\w*)\b/dg, group: 1, nodeTypes: ['let_declaration'], depth: 12, mainOnly: true }],
  check(node, ctx) {
    const pattern = node.childForFieldName('pattern');
    if (!pattern || !isNonBlocking(node.childForFieldName('value'), ctx.host(node))) return;
    let wildcard: SyntaxNode | undefined;
    let replacement = '_guard';
    if (pattern.type === '_' || pattern.text === '_') { wildcard = pattern; replacement = '(_writer, _guard)'; }
    else if (pattern.type === 'tuple_pattern') {
      const parts = pattern.children.filter((c) => c.type !== '(' && c.type !== ')' && c.type !== ',' && !c.type.endsWith('comment'));
      if (parts.length === 2 && parts[1].text === '_') wildcard = parts[1];
    }
    if (!wildcard) return;
    ctx.reportNode(wildcard,
      'The `WorkerGuard` of `tracing_appender::non_blocking` is bound to `_` and dropped at once: the background writer stops and buffered log lines are lost. Bind it to a named variable (`_guard`) that lives as long as the program.',
      { fixes: [{ title: `Keep the guard: bind it to \`${replacement}\``, preferred: true, edits: [ctx.edit(ctx.nodeRange(wildcard), replacement)] }] });
  },
});
