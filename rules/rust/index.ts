/** The Rust rule pack (`.rs`, tree-sitter-rust). One module per rule. */
import type { Rule } from '../../server/src/engine/rule';
import { rule as panicInProduction } from './panic-in-production';

export const rustRules: Rule[] = [panicInProduction];
