import type { LineIndex } from '../engine/lineIndex';
import type { Range } from '../engine/types';

/** One `KEY=value` line of a dotenv file. */
export interface EnvEntry { key: string; value: string; keyRange: Range; valueRange: Range; line: number }

const ENTRY = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*?)\s*$/;

/** Parses dotenv syntax: comments, `export`, single/double quotes; a `#` after a space ends the value. */
export function parseEnv(index: LineIndex): EnvEntry[] {
  const out: EnvEntry[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const text = index.lineText(line);
    if (/^\s*(#|$)/.test(text)) continue;
    const m = ENTRY.exec(text);
    if (!m) continue;
    const keyStart = m[1].length;
    const valueStart = keyStart + m[2].length + m[3].length;
    let raw = m[4];
    let value = raw;
    const quote = raw[0];
    if ((quote === '"' || quote === "'") && raw.length >= 2 && raw.lastIndexOf(quote) > 0) {
      raw = raw.slice(0, raw.lastIndexOf(quote) + 1);
      value = raw.slice(1, -1);
    } else {
      const hash = raw.search(/\s#/);
      if (hash >= 0) raw = raw.slice(0, hash).trimEnd();
      value = raw;
    }
    out.push({
      key: m[2],
      value,
      line,
      keyRange: { start: { line, character: keyStart }, end: { line, character: keyStart + m[2].length } },
      valueRange: { start: { line, character: valueStart }, end: { line, character: valueStart + raw.length } },
    });
  }
  return out;
}
