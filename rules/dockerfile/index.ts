/** The Dockerfile rule pack (dockerfile-ast). One module per rule. */
import type { Rule } from '../../server/src/engine/rule';

export const dockerfileRules: Rule[] = [];
