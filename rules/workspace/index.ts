/** Whole-repository rules: facts about the workspace, reported on the file they concern. */
import type { Rule } from '../../server/src/engine/rule';
import { rule as gitignoreMissingSecrets } from './gitignore-missing-secrets';

export const workspaceRules: Rule[] = [gitignoreMissingSecrets];
