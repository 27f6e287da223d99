/** Whole-repository rules: facts about the workspace, reported on the file they concern. */
import type { Rule } from '../../server/src/core/engine/rule';
import { rule as gitignoreMissingSecrets } from './gitignore-missing-secrets';
import { rule as ciWorkflowMissing } from './ci-workflow-missing';
import { rule as denyConfigMissing } from './deny-config-missing';
import { rule as codeownersMissing } from './codeowners-missing';
import { rule as migrationWithoutDown } from './migration-without-down';
import { rule as staleName } from './stale-name';
import { rule as tracingWithoutExporter } from './tracing-without-exporter';
import { rule as dockerfileMissing } from './dockerfile-missing';

export const workspaceRules: Rule[] = [
  gitignoreMissingSecrets, ciWorkflowMissing, denyConfigMissing, codeownersMissing, migrationWithoutDown, staleName, tracingWithoutExporter, dockerfileMissing,
];
