/**
 * Cheap whole-document prefilters. A rule that can only fire when the file mentions a word
 * (`non_blocking`, `PRAGMA`, `unbounded`) declares it (`RustRule.mentions`) or asks here, once per
 * document (cached), and does no other work otherwise: reading the syntax tree costs a native call per property, reading text does not.
 */
const cache = new WeakMap<object, Map<string, boolean>>();

/** Keyed by the pattern's text, so a regex literal written inline (a new object per call) still hits the cache. */
export function docMatches(doc: { text: string }, re: RegExp): boolean {
  let m = cache.get(doc);
  if (!m) { m = new Map(); cache.set(doc, m); }
  const key = `${re.flags}/${re.source}`;
  let v = m.get(key);
  if (v === undefined) { re.lastIndex = 0; v = re.test(doc.text); m.set(key, v); }
  return v;
}
