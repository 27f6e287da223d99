import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { argumentCount, asMethodCall, enclosingFunctionLikeIn } from '../shared/rust/functions';
import { calleePath, lastSegment, resolvePath } from '../shared/rust/paths';

const WRITER_TEXT = /rolling|with_writer|non_blocking|make_writer|Logger|log_file|\.chain\(|\.output\(|\.target\(/;

/** Calls that take a writer for log output. */
const WRITER_SINKS = new Set(['with_writer', 'non_blocking', 'make_writer', 'target', 'chain', 'output']);
/** Wrappers around a writer: `Mutex::new(file)`, `Arc::new(file)`, `BufWriter::new(file)`. */
const WRAPPERS = new Set(['new', 'from', 'Box', 'Pipe', 'some']);

/** The `File::create(…)` / `OpenOptions…open(…)` call a writer expression is built from, if any. */
function fileOpen(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  for (let n = node, depth = 0; n && depth < 8; depth++) {
    if (n.type === 'try_expression' || n.type === 'reference_expression' || n.type === 'parenthesized_expression') { n = n.namedChildren[n.namedChildren.length - 1]; continue; }
    if (n.type !== 'call_expression') return undefined;
    const path = calleePath(n);
    if (path) {
      if (/(^|::)File::(create|create_new|options)$/.test(path)) return n.childForFieldName('function')!;
      if (/(^|::)log_file$/.test(path)) return n.childForFieldName('function')!; // fern::log_file
      const args = n.childForFieldName('arguments');
      if (!args || argumentCount(args) !== 1 || !WRAPPERS.has(lastSegment(path))) return undefined;
      n = args.namedChildren.find((c) => !c.type.endsWith('comment'));
      continue;
    }
    const m = asMethodCall(n);
    if (!m) return undefined;
    if (m.name === 'open' && /OpenOptions/.test(m.receiver.text)) return m.method;
    n = m.receiver; // `.expect(…)`, `.unwrap()`, `.with_max_level(…)`
  }
  return undefined;
}

/** Follows an identifier to its `let` in the enclosing fn. */
function resolveLocal(id: SyntaxNode, fn: SyntaxNode | undefined): SyntaxNode | undefined {
  if (!fn) return undefined;
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  let found: SyntaxNode | undefined;
  for (const l of body.descendantsOfType('let_declaration')) {
    if (l.startIndex >= id.startIndex) break;
    const p = l.childForFieldName('pattern');
    if (p && (p.text === id.text || p.text === `mut ${id.text}`)) found = l.childForFieldName('value') ?? undefined;
  }
  return found;
}

function report(ctx: RustRuleContext, at: SyntaxNode, how: string): void {
  ctx.reportNode(at,
    `${how}: the log file grows without limit until the disk is full, and then the service (and often the database next to it) fails. Use a rotating writer such as \`tracing_appender::rolling::RollingFileAppender\` with \`Rotation::DAILY\` and \`max_log_files\`, or log to stdout and let the platform rotate.`);
}

export const rule = defineRustRule({
  meta: {
    id: 'log-file-without-rotation',
    title: 'Log file without rotation',
    priority: 'P2',
    area: 'Observability',
    nonTest: true,
    action: 'Write log files through a rotating appender (`RollingFileAppender`) or log to stdout',
    docs: {
      lang: 'rust',
      what: 'Flags a tracing or log writer built on a file opened with `File::create` / `OpenOptions…open` (passed to `with_writer`, `non_blocking`, `WriteLogger::new`, fern `chain`) and `tracing_appender::rolling::never(…)`.',
      why: 'A log file that is never rotated grows until the disk is full. Then writes fail everywhere on that volume: the service crashes or stops accepting data, often together with the database stored next to the logs.',
      example: 'let file = std::fs::File::create("/var/log/app/app.log")?;\ntracing_subscriber::fmt().with_writer(std::sync::Mutex::new(file)).init();\n\nlet appender = tracing_appender::rolling::never("/var/log/app", "app.log");',
      useInstead: 'use tracing_appender::rolling::{RollingFileAppender, Rotation};\n\nlet appender = RollingFileAppender::builder()\n    .rotation(Rotation::DAILY)\n    .filename_prefix("app")\n    .filename_suffix("log")\n    .max_log_files(14)\n    .build("/var/log/app")?;\nlet (writer, _guard) = tracing_appender::non_blocking(appender);',
      fixSafety: 'No automatic fix: rotation period and retention are operational choices.',
      notes: 'A file opened in a `let` and passed by name is followed within the fn. Test code is exempt.',
    },
  },
  mentions: WRITER_TEXT,
  // Calls that take a log writer (`with_writer(…)`, `WriteLogger::new(…)`, `rolling::never(…)`…).
  candidates: [{
    pattern: /\b(never|with_writer|non_blocking|make_writer|target|chain|output|new)\s*(?:::\s*<[^()]*?>\s*)?\(/dg, group: 1, nodeTypes: ['call_expression'], depth: 3,
    accept: (m, ctx) => m[1] !== 'new' || /(WriteLogger|FileLogger)\s*::\s*$/.test(ctx.doc.text.slice(Math.max(0, m.index - 20), m.index)),
  }],
  check(node, ctx) {
    const path = calleePath(node);
    if (path && lastSegment(path) === 'never') {
      const resolved = resolvePath(ctx.host(node), path);
      if (resolved.some((p) => /(^|::)rolling::never$/.test(p))) report(ctx, node.childForFieldName('function')!, '`rolling::never` writes one log file that is never rotated');
      return;
    }
    const m = asMethodCall(node);
    const name = m ? m.name : path ? lastSegment(path) : undefined;
    const isLogger = path && /(^|::)(WriteLogger|FileLogger)::new$/.test(path);
    if (!name || (!WRITER_SINKS.has(name) && !isLogger)) return;
    const args = node.childForFieldName('arguments');
    if (!args) return;
    if (m && (name === 'target' || name === 'output' || name === 'chain') && !/Target::Pipe|log_file|File::/.test(args.text)) return;
    const fn = enclosingFunctionLikeIn(ctx, node);
    for (const a of args.namedChildren) {
      let value: SyntaxNode | undefined = a;
      let open = fileOpen(value);
      // `Mutex::new(file)` or `file`: follow a local binding.
      for (let hop = 0; !open && value && hop < 2; hop++) {
        const id = value.type === 'identifier' ? value : value.descendantsOfType('identifier').find((i) => i.parent?.type === 'arguments');
        if (!id) break;
        value = resolveLocal(ctx.host(id), fn && !ctx.inMacro(fn) ? fn : enclosingFunctionLikeIn(ctx, ctx.host(id)));
        open = fileOpen(value);
      }
      if (open) { report(ctx, open, `The log writer is a plain file (\`${open.text}\`) with no rotation`); return; }
    }
  },
});
