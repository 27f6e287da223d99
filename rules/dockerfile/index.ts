/** The Dockerfile rule pack (dockerfile-ast). One module per rule. */
import type { Rule } from '../../server/src/core/engine/rule';
import { rule as dockerWorkspaceMemberMissing } from './docker-workspace-member-missing';
import { rule as dockerRootUser } from './docker-root-user';
import { rule as dockerNobodyUser } from './docker-nobody-user';
import { rule as dockerMissingHealthcheck } from './docker-missing-healthcheck';
import { rule as dockerToolchainInRuntime } from './docker-toolchain-in-runtime';
import { rule as dockerBaseImageUnpinned } from './docker-base-image-unpinned';
import { rule as dockerCargoUnlocked } from './docker-cargo-unlocked';
import { rule as dockerAptHygiene } from './docker-apt-hygiene';
import { rule as dockerSecretInEnv } from './docker-secret-in-env';
import { rule as dockerignoreMissing } from './dockerignore-missing';

export const dockerfileRules: Rule[] = [
  dockerWorkspaceMemberMissing,
  dockerRootUser,
  dockerNobodyUser,
  dockerMissingHealthcheck,
  dockerToolchainInRuntime,
  dockerBaseImageUnpinned,
  dockerCargoUnlocked,
  dockerAptHygiene,
  dockerSecretInEnv,
  dockerignoreMissing,
];
