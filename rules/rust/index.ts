/** The Rust rule pack (`.rs`, tree-sitter-rust). One module per rule. */
import type { Rule } from '../../server/src/core/engine/rule';
import { rule as panicInProduction } from './panic-in-production';
import { rule as mutexLockUnwrap } from './mutex-lock-unwrap';
import { rule as unboundedChannel } from './unbounded-channel';
import { rule as secretInLog } from './secret-in-log';
import { rule as nonConstantTimeCompare } from './non-constant-time-compare';
import { rule as unvalidatedRedirect } from './unvalidated-redirect';
import { rule as hardcodedSecret } from './hardcoded-secret';
import { rule as optionalDbEncryption } from './optional-db-encryption';
import { rule as selfSignedCertInProduction } from './self-signed-cert-in-production';
import { rule as rustlsProviderNotInstalled } from './rustls-provider-not-installed';
import { rule as healthCheckStatic } from './health-check-static';
import { rule as droppedLogGuard } from './dropped-log-guard';
import { rule as logFileWithoutRotation } from './log-file-without-rotation';
import { rule as multipleLocksInStruct } from './multiple-locks-in-struct';

/** In the catalog's order (docs/rules/README.md). */
export const rustRules: Rule[] = [
  panicInProduction, mutexLockUnwrap, unboundedChannel, secretInLog, nonConstantTimeCompare, unvalidatedRedirect,
  hardcodedSecret, optionalDbEncryption, selfSignedCertInProduction, rustlsProviderNotInstalled, healthCheckStatic,
  droppedLogGuard, logFileWithoutRotation, multipleLocksInStruct,
];
