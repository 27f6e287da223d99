/** The YAML rule pack (GitHub Actions, Kubernetes, docker-compose, dependabot). One module per rule. */
import type { Rule } from '../../server/src/core/engine/rule';
import { rule as ciMissingCheck } from './ci-missing-check';
import { rule as ciDeprecatedAction } from './ci-deprecated-action';
import { rule as ciActionUnpinned } from './ci-action-unpinned';
import { rule as k8sMissingProbes } from './k8s-missing-probes';
import { rule as k8sMissingResources } from './k8s-missing-resources';
import { rule as k8sRunsAsRoot } from './k8s-runs-as-root';
import { rule as literalSecretInEnv } from './literal-secret-in-env';
import { rule as imageTagUnpinned } from './image-tag-unpinned';
import { rule as dependabotMissingCargo } from './dependabot-missing-cargo';

export const yamlRules: Rule[] = [
  ciMissingCheck, ciDeprecatedAction, ciActionUnpinned,
  k8sMissingProbes, k8sMissingResources, k8sRunsAsRoot,
  literalSecretInEnv, imageTagUnpinned, dependabotMissingCargo,
];
