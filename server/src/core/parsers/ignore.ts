import ignore, { type Ignore } from 'ignore';
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

/**
 * A matcher for a `.gitignore`'s text with git's line rules (lines end at LF; a CR before it is
 * dropped), built pattern by pattern: a line no path can match (longer than git's path limit) or
 * one the `ignore` package cannot compile is left out instead of failing the whole file.
 */
export function gitignoreMatcher(text: string): Ignore {
  const ig = ignore();
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0 || line.length > MAX_PATTERN_LENGTH) continue;
    try { ig.add(line); } catch { /* a pattern that does not compile matches nothing */ }
  }
  return ig;
}

/** Git's own path limit (PATH_MAX): a longer pattern cannot match a path in the tree. */
const MAX_PATTERN_LENGTH = 4096;
