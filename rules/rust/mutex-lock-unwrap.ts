import { afterLockCall, isLockCall, UNWRAP_TEXT } from './panic-in-production';
import { defineRustRule } from '../../server/src/engine/rule';
import type { Fix } from '../../server/src/engine/types';
import { asMethodCall, asUnwrapCall, enclosingFunctionLikeIn, errorReturnOf } from '../shared/rust/functions';
import { rustStringLiteral } from '../shared/rust/imports';

export const rule = defineRustRule({
  meta: {
    id: 'mutex-lock-unwrap',
    title: 'Panic on a poisoned lock',
    priority: 'P1',
    area: 'Reliability',
    nonTest: true,
    clippyLints: ['unwrap_used', 'expect_used', 'panic'],
    action: 'Handle lock poisoning (`unwrap_or_else(PoisonError::into_inner)` or `map_err(…)?`) instead of `.lock().unwrap()`',
    docs: {
      lang: 'rust',
      what: 'Flags `.lock()`, `.read()` and `.write()` (without arguments) followed by `.unwrap()` or `.expect(…)` in non-test code: the std `Mutex`/`RwLock` pattern that panics when the lock is poisoned.',
      why: 'A std lock is poisoned when a thread panics while holding it. Every later `.lock().unwrap()` then panics too, so one panic in one request cascades into every request that touches the same state (a connection pool, a session map), and the service stays broken until it is restarted.',
      example: 'let conn = self.conn.lock().unwrap();\nlet map = self.sessions.write().expect("sessions lock");',
      useInstead: 'let conn = self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);\n// or, in a fn returning anyhow::Result:\nlet map = self.sessions.write().map_err(|_| anyhow::anyhow!("sessions lock poisoned"))?;',
      fixSafety: 'The preferred fix (applied by fix-all) replaces `.unwrap()`/`.expect(…)` with `.unwrap_or_else(std::sync::PoisonError::into_inner)`, which recovers the guard: it always compiles for std locks; make sure the protected data stays consistent after a panic. In a fn returning an anyhow-compatible `Result` in a crate depending on anyhow, a second fix returns an error instead: `.map_err(|_| anyhow::anyhow!("… lock poisoned"))?` (offered only).',
      notes: 'Consider `parking_lot` locks (no poisoning) for state that cannot be left inconsistent. Test code is exempt. Code inside macros is analysed.',
    },
  },
  // `.unwrap()`/`.expect(` right after `.lock()`/`.read()`/`.write()`.
  candidates: [{ pattern: UNWRAP_TEXT, group: 1, nodeTypes: ['call_expression'], depth: 2, accept: (m, ctx) => afterLockCall(ctx.doc.text, m.index) }],
  check(node, ctx) {
    const call = asUnwrapCall(node);
    if (!call) return;
    if (!isLockCall(call.receiver)) return;
    const lock = asMethodCall(call.receiver)!;
    const fixes = (): Fix[] => {
      const replaced = { start: ctx.nodeRange(call.method).start, end: ctx.nodeRange(node).end };
      const list: Fix[] = [{
        title: 'Recover the guard from a poisoned lock (`unwrap_or_else(PoisonError::into_inner)`)',
        preferred: true,
        edits: [ctx.edit(replaced, 'unwrap_or_else(std::sync::PoisonError::into_inner)')],
      }];
      if (ctx.crate?.dependsOn('anyhow') && errorReturnOf(enclosingFunctionLikeIn(ctx, node)) === 'anyhow-compatible') {
        const subject = lock.receiver.text.replace(/\s+/g, ' ').replace(/^self\./, '');
        const message = rustStringLiteral(`${subject.length > 40 ? subject.slice(0, 37) + '…' : subject} lock poisoned`);
        list.push({
          title: 'Return an error on a poisoned lock (`map_err(…)?`)',
          preferred: false,
          edits: [ctx.edit(replaced, `map_err(|_| anyhow::anyhow!(${message}))?`)],
        });
      }
      return list;
    };
    ctx.reportNode(call.method,
      `\`.${lock.name}().${call.name === 'unwrap' ? 'unwrap()' : 'expect(…)'}\` panics when the lock is poisoned (another thread panicked while holding it), so one panic cascades into every later caller. Recover the guard with \`.unwrap_or_else(std::sync::PoisonError::into_inner)\` or return an error.`,
      { fixes });
  },
});
