/**
 * A tolerant reader for the JSON family of config files: JSON, JSON5 (comments, single quotes,
 * unquoted keys, trailing commas) and HJSON (`#` comments, quoteless keys and values, optional
 * commas and root braces, `'''` multi-line strings). It does not validate: it returns the string
 * values it can read, each with the key it sits under and its offsets, and never throws. Numbers,
 * booleans and null are skipped. Enough for rules that ask "which strings does this config set?".
 */

export interface JsonStringEntry {
  /** Key path from the root (array items add no key). */
  path: string[];
  /** The nearest key (the last of `path`), or undefined for a string at the root or in a root array. */
  key: string | undefined;
  /** The decoded string value. */
  value: string;
  /** Offsets of the value in the text, quotes included. */
  start: number;
  end: number;
}

export interface JsonParseResult {
  entries: JsonStringEntry[];
}

const NON_STRING = /^(?:true|false|null|[-+]?(?:\d[\d_]*\.?\d*(?:[eE][-+]?\d+)?|\.\d+|0x[\da-fA-F]+|Infinity|NaN))$/;

export function parseJsonLike(text: string): JsonParseResult {
  const entries: JsonStringEntry[] = [];
  const n = text.length;
  let i = 0;
  let guard = 0;

  const skipSpace = (): void => {
    while (i < n) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\uFEFF') i++;
      else if (c === '#' || (c === '/' && text[i + 1] === '/')) { while (i < n && text[i] !== '\n') i++; }
      else if (c === '/' && text[i + 1] === '*') { const e = text.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; }
      else break;
    }
  };

  /** A quoted string at `i` (`"`, `'` or `'''`): its decoded value; `i` moves past it. */
  const quoted = (): string => {
    if (text.startsWith("'''", i)) {
      const e = text.indexOf("'''", i + 3);
      const raw = text.slice(i + 3, e < 0 ? n : e);
      i = e < 0 ? n : e + 3;
      return raw.replace(/^\r?\n/, '').replace(/\r?\n[ \t]*$/, '');
    }
    const q = text[i++];
    let out = '';
    while (i < n && text[i] !== q) {
      const c = text[i];
      if (c === '\n' && q === "'") break;
      if (c === '\\' && i + 1 < n) {
        const e = text[i + 1];
        i += 2;
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'u': { const h = text.slice(i, i + 4); if (/^[\da-fA-F]{4}$/.test(h)) { out += String.fromCharCode(parseInt(h, 16)); i += 4; } break; }
          case '\n': break;
          default: out += e;
        }
        continue;
      }
      out += c;
      i++;
    }
    if (i < n && text[i] === q) i++;
    return out;
  };

  const value = (path: string[], inArray: boolean): void => {
    if (++guard > 1_000_000) { i = n; return; }
    skipSpace();
    if (i >= n) return;
    const c = text[i];
    if (c === '{') { i++; object(path, '}'); return; }
    if (c === '[') { i++; array(path); return; }
    const start = i;
    if (c === '"' || c === "'") {
      const v = quoted();
      entries.push({ path, key: path[path.length - 1], value: v, start, end: i });
      return;
    }
    // A bare value: a number/literal up to a delimiter, else (HJSON) a quoteless string to the end of the line.
    let e = i;
    while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
    const line = text.slice(i, e);
    const token = /^[^,}\]\s#]*/.exec(line)![0];
    if (NON_STRING.test(token)) { i += token.length; return; }
    if (inArray) {
      // In an array a quoteless item ends at a comma or bracket too (JSON5/HJSON one-line arrays).
      const m = /^[^,\]]*/.exec(line)![0];
      const v = m.trimEnd();
      i += Math.max(m.length, 1);
      if (v) entries.push({ path, key: path[path.length - 1], value: v, start, end: start + v.length });
      return;
    }
    const v = line.replace(/\s+$/, '');
    i = e;
    if (v) entries.push({ path, key: path[path.length - 1], value: v, start, end: start + v.length });
  };

  const object = (path: string[], close: '}' | ''): void => {
    while (i < n) {
      if (++guard > 1_000_000) { i = n; return; }
      skipSpace();
      if (i >= n) return;
      const c = text[i];
      if (c === ',') { i++; continue; }
      if (close && c === close) { i++; return; }
      if (c === '}' || c === ']') { i++; if (!close) continue; return; }
      let key: string;
      if (c === '"' || c === "'") key = quoted();
      else {
        const m = /^[^:\s,{}[\]]+/.exec(text.slice(i, i + 200));
        if (!m) { i++; continue; }
        key = m[0];
        i += m[0].length;
      }
      skipSpace();
      if (text[i] !== ':') continue;
      i++;
      // HJSON: a value on the same line; skip only blanks and comments.
      value([...path, key], false);
    }
  };

  const array = (path: string[]): void => {
    while (i < n) {
      if (++guard > 1_000_000) { i = n; return; }
      skipSpace();
      if (i >= n) return;
      const c = text[i];
      if (c === ',') { i++; continue; }
      if (c === ']') { i++; return; }
      if (c === '}') { i++; return; }
      value(path, true);
    }
  };

  skipSpace();
  if (i < n && (text[i] === '{' || text[i] === '[')) value([], false);
  else object([], '');
  return { entries };
}
