/**
 * The rule catalog: every rule the language server, the CLI and the report run. Rule ids are the
 * public interface (diagnostic codes, suppression comments, config keys, SARIF ruleIds): they never
 * change once published (docs/rules/README.md lists them, generated from these modules).
 */
import type { Rule } from '../server/src/core/engine/rule';
import type { RuleMeta } from '../server/src/core/engine/types';
import { Engine } from '../server/src/core/engine/engine';
import { rustRules } from './rust';
import { tomlRules } from './toml';
import { yamlRules } from './yaml';
import { dockerfileRules } from './dockerfile';
import { workspaceRules } from './workspace';
import { engineRules } from './engine';

export const allRules: readonly Rule[] = [...rustRules, ...tomlRules, ...yamlRules, ...dockerfileRules, ...workspaceRules];
export { engineRules };

export function allRuleMeta(): RuleMeta[] {
  return [...allRules.map((r) => r.meta), ...engineRules];
}

/** The engine with the full catalog. */
export function createEngine(): Engine {
  return new Engine(allRules, engineRules);
}
