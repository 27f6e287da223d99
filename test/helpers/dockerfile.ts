/** Helpers for the Dockerfile rule tests: re-parse with dockerfile-ast and small workspaces. */
import * as assert from 'assert';
import { DockerfileParser } from 'dockerfile-ast';
import { assertFixWorks, findingsOf, type Files } from './workspace';

/** The instruction keywords of a Dockerfile, re-parsed with dockerfile-ast. */
export function keywords(text: string): string[] {
  return DockerfileParser.parse(text).getInstructions().map((i) => i.getKeyword());
}

/** A single-crate workspace with a Dockerfile at the root. */
export function dockerWorkspace(dockerfile: string, extra: Files = {}): Files {
  return {
    'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
    'src/main.rs': 'fn main() {}\n',
    'Dockerfile': dockerfile,
    ...extra,
  };
}

/** [line, startChar, endChar] of each finding (0-based), for compact range assertions. */
export function spans(found: { range: { start: { line: number; character: number }; end: { character: number } } }[]): number[][] {
  return found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]);
}

/**
 * Applies the fix (assertFixWorks: finding gone) and checks the result re-parses with
 * dockerfile-ast into `expectedKeywords`; returns the new Dockerfile text.
 */
export function assertDockerFix(files: Files, ruleId: string, expectedKeywords: string[], file = 'Dockerfile', title?: string): string {
  const after = assertFixWorks(files, ruleId, file, title);
  assert.deepStrictEqual(keywords(after[file]), expectedKeywords, after[file]);
  return after[file];
}

export { findingsOf };
