/** The TOML rule pack (Cargo.toml, Cargo.lock, deny.toml, app config). One module per rule. */
import type { Rule } from '../../server/src/core/engine/rule';
import { rule as gitDependencyUnpinned } from './git-dependency-unpinned';
import { rule as wildcardDependency } from './wildcard-dependency';
import { rule as duplicateDependencyVersions } from './duplicate-dependency-versions';
import { rule as rustlsProviderAmbiguous } from './rustls-provider-ambiguous';
import { rule as insecureConfigDefault } from './insecure-config-default';
import { rule as credentialsInUrl } from './credentials-in-url';
import { rule as denyConfigWeak } from './deny-config-weak';

export const tomlRules: Rule[] = [
  gitDependencyUnpinned, wildcardDependency, duplicateDependencyVersions, rustlsProviderAmbiguous, insecureConfigDefault, credentialsInUrl, denyConfigWeak,
];
