/** The YAML rule pack (GitHub Actions, Kubernetes, docker-compose, dependabot). One module per rule. */
import type { Rule } from '../../server/src/engine/rule';

export const yamlRules: Rule[] = [];
