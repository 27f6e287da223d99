/** Background files the rule tests share: a one-crate workspace and its manifest. */
import type { Files } from './workspace';

/** A package manifest named `name` with `deps` under `[dependencies]`. */
export const manifest = (deps = 'anyhow = "1"', name = 'svc'): string =>
  `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}\n`;

/** A one-crate workspace depending on anyhow (its `src/main.rs` comes from the fixture). */
export const RUST_CRATE: Files = { 'Cargo.toml': manifest() };
