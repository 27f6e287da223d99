/** The TOML rule pack (Cargo.toml, Cargo.lock, deny.toml, app config). One module per rule. */
import type { Rule } from '../../server/src/engine/rule';

export const tomlRules: Rule[] = [];
