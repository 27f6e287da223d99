/**
 * `isSecretName` memoised per extra-name list: rules test every identifier their text prefilters
 * see, and the same few hundred names repeat across a workspace. A pure function's cache: no
 * state that changes results.
 */
import { isSecretName } from '../secretNames';

const caches = new Map<string, Map<string, boolean>>();

export function secretNameTest(extra: readonly string[] = []): (name: string) => boolean {
  const key = extra.join('\u0000');
  let cache = caches.get(key);
  if (!cache) { cache = new Map(); caches.set(key, cache); }
  const c = cache;
  return (name: string) => {
    let v = c.get(name);
    if (v === undefined) {
      v = isSecretName(name, { extra });
      if (c.size > 50_000) c.clear();
      c.set(name, v);
    }
    return v;
  };
}
