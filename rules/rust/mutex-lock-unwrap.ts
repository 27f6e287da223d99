import { afterLockCall, isLockCall, UNWRAP_TEXT } from '../shared/rust/lockGuards';
import { statedReason } from '../shared/rust/statedReason';
import { defineRustRule } from '../../server/src/core/engine/rule';
import type { Fix } from '../../server/src/core/engine/types';
import { asMethodCall, asUnwrapCall, enclosingFunctionLikeIn, errorReturnOf } from '../shared/rust/functions';
import { rustStringLiteral } from '../shared/rust/imports';
import { calleePanicsIn, canPoison, guardSites, lockKeyAt, sectionPanic } from '../shared/rust/lockGuards';
import type { RustDocument } from '../../server/src/core/parsers/document';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';

/** What the critical sections of one lock (by name) in a document say about poisoning. */
interface Poisoning { panics: SyntaxNode | undefined; sections: number }
const poisoningMemo = new WeakMap<RustDocument, Map<string, Poisoning>>();

/** The first node under a poisoning guard (`lock()`/`write()`) of lock `key` in this file that can panic. */
function poisoningOf(doc: RustDocument, key: string): Poisoning {
  let byKey = poisoningMemo.get(doc);
  if (!byKey) { byKey = new Map(); poisoningMemo.set(doc, byKey); }
  let p = byKey.get(key);
  if (p) return p;
  const sites = guardSites(doc).filter((s) => s.key === key && canPoison(s.method));
  let panics: SyntaxNode | undefined;
  const calls = calleePanicsIn(doc);
  for (const s of sites) { panics = sectionPanic(s, calls); if (panics) break; }
  p = { panics, sections: sites.length };
  byKey.set(key, p);
  return p;
}

/**
 * The lock is declared in this file where no other file can lock it: a private field of a struct
 * (no field of that name is `pub` here) or a private `static`.
 */
function privateToFile(doc: RustDocument, key: string): boolean {
  // Once per document and lock: the scan reads the whole text (per unwrap, quadratic in a large file).
  let byKey = privateMemo.get(doc);
  if (!byKey) { byKey = new Map(); privateMemo.set(doc, byKey); }
  let found = byKey.get(key);
  if (found === undefined) { found = declaredPrivately(doc, key); byKey.set(key, found); }
  return found;
}
const privateMemo = new WeakMap<RustDocument, Map<string, boolean>>();

function declaredPrivately(doc: RustDocument, key: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(key)) return false;
  // One declaration a line: `    state: Mutex<State>,`, `static REGISTRY: RwLock<…> = …;` (a parameter is not one).
  const decl = new RegExp(`^[ \\t]*(pub(?:\\s*\\([^)]*\\))?\\s+)?(?:static\\s+(?:mut\\s+)?)?${key}\\s*:(?!:)(.*)$`, 'gm');
  let found = false;
  for (let m: RegExpExecArray | null; (m = decl.exec(doc.text));) {
    if (m[1]) return false;
    if (/Mutex|RwLock/.test(m[2])) found = true;
  }
  return found;
}

export const rule = defineRustRule({
  meta: {
    id: 'mutex-lock-unwrap',
    title: 'Panic on a poisoned lock',
    priority: 'P1',
    area: 'Reliability',
    serverOnly: true,
    nonTest: true,
    clippyLints: ['unwrap_used', 'expect_used', 'panic'],
    action: 'Handle lock poisoning (`unwrap_or_else(PoisonError::into_inner)` or `map_err(…)?`) instead of `.lock().unwrap()`',
    docs: {
      lang: 'rust',
      what: 'Flags `.lock()`, `.read()` and `.write()` (without arguments) followed by `.unwrap()` or `.expect(…)` in non-test code: the std `Mutex`/`RwLock` pattern that panics when the lock is poisoned. In the default profile only when some critical section of that lock in the file can panic, so that the lock can actually be poisoned.',
      why: 'A std lock is poisoned when a thread panics while holding it. Every later `.lock().unwrap()` then panics too, so one panic in one request cascades into every request that touches the same state (a connection pool, a session map), and the service stays broken until it is restarted.',
      example: 'let conn = self.conn.lock().unwrap();\nconn.execute(&sql, params)?; // a panic in here poisons `conn`\nlet mut map = self.sessions.write().expect("sessions lock");\nmap.insert(id, parse_session(&body)?);',
      useInstead: 'let conn = self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner);\nconn.execute(&sql, params)?;\n// or, in a fn returning anyhow::Result:\nlet mut map = self.sessions.write().map_err(|_| anyhow::anyhow!("sessions lock poisoned"))?;\nmap.insert(id, parse_session(&body)?);',
      fixSafety: 'The preferred fix (applied by fix-all) replaces `.unwrap()`/`.expect(…)` with `.unwrap_or_else(std::sync::PoisonError::into_inner)`, which recovers the guard: it always compiles for std locks; make sure the protected data stays consistent after a panic. In a fn returning an anyhow-compatible `Result` in a crate depending on anyhow, a second fix returns an error instead: `.map_err(|_| anyhow::anyhow!("… lock poisoned"))?` (offered only).',
      notes: 'A lock is poisoned only when a thread panics while holding a `Mutex` guard or an `RwLock` write guard. The rule reads every critical section of the same lock (by field or static name) in the file: the code under each guard, a `let` guard to the end of its block or its `drop(guard)`, a temporary guard for its statement. A section can panic when it has an `unwrap`/`expect`, an index, a panicking macro (`panic!`, `assert!`, `unreachable!`…), a division by a non-literal, `+`/`-`/`*` on a time value without a literal operand (`Instant::now() + duration`, `expires_at - ttl`: time arithmetic panics on overflow even in release builds, while integer arithmetic wraps there), or a call out to a function of the same file whose body does one of these (one level). A call into a library (`handle.notify()`, `str::from_utf8(…).map_err(…)`) reports failure by value and is not evidence that the section panics. A comment on the statement (or the `.expect` message) saying the lock cannot be poisoned (`// cannot be poisoned: …`, `// SAFETY: …`) makes the site acknowledged (audit profile only), as in `panic-in-production`. When no section can panic (a registry map insert/get, counters, time reads), or the lock is a private field/static only ever read, the finding is hygiene (audit profile only): correct, but nothing can poison the lock today. Consider `parking_lot` locks (no poisoning) for state that cannot be left inconsistent. Test code is exempt. Code inside macros is analysed.',
    },
  },
  // `.unwrap()`/`.expect(` right after `.lock()`/`.read()`/`.write()`.
  candidates: [{ pattern: UNWRAP_TEXT, group: 1, nodeTypes: ['call_expression'], depth: 2, accept: (m, ctx) => afterLockCall(ctx.doc.text, m.index) }],
  check(node, ctx) {
    const call = asUnwrapCall(node);
    if (!call) return;
    if (!isLockCall(call.receiver)) return;
    const lock = asMethodCall(call.receiver)!;
    // Poisoning needs a panic under a guard of this lock: judge the critical sections in this file.
    const key = lockKeyAt(call.receiver, lock.receiver.text);
    const poisoning = poisoningOf(ctx.doc, key);
    const hygiene = !poisoning.panics && (poisoning.sections > 0 || privateToFile(ctx.doc, key));
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
    // The code says why the lock cannot be poisoned (a comment, the expect message): the team's recorded decision.
    const reason = statedReason(ctx, node, call.name === 'expect' ? call.args.text : '');
    if (reason) {
      ctx.reportNode(call.method,
        `\`.${lock.name}().${call.name === 'unwrap' ? 'unwrap()' : 'expect(…)'}\` on \`${key}\` is explained as unable to fail (${reason}): the team recorded why. If a panic can ever happen under this lock, recover the guard with \`.unwrap_or_else(std::sync::PoisonError::into_inner)\`.`,
        { fixes, tier: 'acknowledged' });
      return;
    }
    const panicAt = poisoning.panics;
    const why = panicAt
      ? ` Code under a guard of \`${key}\` can panic (line ${panicAt.startPosition.row + 1}: \`${snippet(panicAt.text)}\`).`
      : hygiene ? ` No critical section of \`${key}\` in this file can panic, so it is not poisoned today.` : '';
    ctx.reportNode(call.method,
      `\`.${lock.name}().${call.name === 'unwrap' ? 'unwrap()' : 'expect(…)'}\` panics when the lock is poisoned (another thread panicked while holding it), so one panic cascades into every later caller.${why} Recover the guard with \`.unwrap_or_else(std::sync::PoisonError::into_inner)\` or return an error.`,
      { fixes, ...(hygiene ? { tier: 'hygiene' as const } : {}) });
  },
});

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? t.slice(0, 57) + '…' : t;
}
