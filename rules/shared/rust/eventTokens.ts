/**
 * Event-loop tokens: mio's `Token(usize)` names each registered socket, and networking code calls
 * it `token`, `back_token`, `client.token`. In a file of a crate built on mio that uses the `Token`
 * type, a name whose only secret word is "token" is such a handle, not a credential.
 */
import type { RustRuleContext } from '../../../server/src/core/engine/rule';
import { identifierWords, isSecretName } from '../secretNames';

const memo = new WeakMap<object, boolean>();

/** The file works with mio's event-loop `Token`s (the crate depends on mio, the file names the type). */
export function usesEventLoopTokens(ctx: RustRuleContext): boolean {
  let known = memo.get(ctx.doc);
  if (known === undefined) {
    known = !!ctx.crate?.dependsOn('mio') && /\bmio\b/.test(ctx.doc.text) && /\bToken\b/.test(ctx.doc.text);
    memo.set(ctx.doc, known);
  }
  return known;
}

/** `token`, `back_token`, `self.frontend_token`: secret-named by "token" alone (not `auth_token_password`). */
export function namedOnlyByToken(name: string, extra: readonly string[] = []): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1);
  const words = identifierWords(last);
  if (!words.includes('token')) return false;
  return !isSecretName(words.filter((w) => w !== 'token').join('_'), { extra }) && !words.some((w) => /^(?:auth|access|refresh|bearer|api|session|csrf|jwt|id)$/.test(w));
}
