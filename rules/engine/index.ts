/**
 * Findings the engine itself produces (not rule modules with checks): suppression comments that
 * suppress nothing, and a `.readiness.toml` that cannot be read. Documented like every rule.
 */
import type { RuleMeta } from '../../server/src/core/engine/types';

const unusedSuppression: RuleMeta = {
  id: 'unused-suppression',
  title: 'Suppression comment suppresses nothing',
  priority: 'P2',
  area: 'Operations',
  nonTest: false,
  action: 'Remove stale `readiness-ignore` comments; fix misspelt rule ids',
  docs: {
    lang: 'rust',
    what: 'Reports a `readiness-ignore-line` / `-next-line` / `-file` comment that names an unknown rule id, names no rule, or no longer suppresses any finding.',
    why: 'A stale suppression hides the next real finding on that line, and a misspelt rule id silently suppresses nothing while looking like it does.',
    example: '// readiness-ignore-next-line panic-in-prod -- typo: the rule is panic-in-production\nlet port = env_port().unwrap();',
    useInstead: '// readiness-ignore-next-line panic-in-production -- checked at startup by validate_config()\nlet port = env_port().unwrap();',
    fixSafety: 'No fix: decide whether the comment should name another rule or go.',
  },
};

const configInvalid: RuleMeta = {
  id: 'config-invalid',
  title: 'Invalid .readiness.toml',
  priority: 'P1',
  area: 'Operations',
  nonTest: false,
  action: 'Fix `.readiness.toml` so the configuration applies',
  docs: {
    lang: 'toml',
    what: 'Reports a `.readiness.toml` that is not valid TOML, names an unknown rule, or sets a severity other than "error", "warning", "info" or "off".',
    why: 'A broken configuration silently falls back to the defaults: rules meant to be off fire, and options meant to apply do not. Analysis goes on with defaults until the file is fixed.',
    example: '[rules]\npanic-in-production = "of"',
    useInstead: 'exclude = ["vendor/**"]\n\n[rules]\npanic-in-production = "off"\n\n[rules.secret-in-log]\nnames = ["pin"]',
    fixSafety: 'No fix.',
  },
};

export const engineRules: RuleMeta[] = [unusedSuppression, configInvalid];
