/** Helpers for the Rust rule tests: a one-crate workspace and compact finding summaries. */
import { findingsOf, type Files } from './workspace';

export const manifest = (deps = 'anyhow = "1"', name = 'svc'): string =>
  `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}\n`;

/** A crate with `src/main.rs` (or `file`) holding `src`. */
export const crate = (src: string, deps?: string, file = 'src/main.rs'): Files => ({ 'Cargo.toml': manifest(deps), [file]: src });

/** The text each finding covers in `file`. */
export function flaggedTexts(files: Files, ruleId: string, file = 'src/main.rs'): string[] {
  const text = files[file];
  const lines = text.split('\n');
  const offset = (l: number, c: number) => lines.slice(0, l).reduce((n, x) => n + x.length + 1, 0) + c;
  return findingsOf(files, ruleId, file).map((d) => text.slice(offset(d.range.start.line, d.range.start.character), offset(d.range.end.line, d.range.end.character)));
}
