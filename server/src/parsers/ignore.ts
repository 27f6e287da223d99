import type { LineIndex } from '../engine/lineIndex';

/** One pattern line of a `.gitignore` / `.dockerignore`. */
export interface IgnorePattern { pattern: string; line: number }

export function parseIgnore(index: LineIndex): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (let line = 0; line < index.lineCount; line++) {
    const pattern = index.lineText(line).trim();
    if (pattern && !pattern.startsWith('#')) out.push({ pattern, line });
  }
  return out;
}
