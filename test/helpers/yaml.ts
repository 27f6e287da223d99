/** Helpers for the YAML rule tests: a minimal Rust workspace around the YAML under test. */
import type { Files } from './workspace';

export const CARGO_TOML = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n';

/** `files` inside a Rust repository (a root `Cargo.toml` and `src/main.rs`). */
export function rustRepo(files: Files): Files {
  return { 'Cargo.toml': CARGO_TOML, 'src/main.rs': 'fn main() {}\n', ...files };
}

/** Joins lines with `\n` and ends with one. */
export function y(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
