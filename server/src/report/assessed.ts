/**
 * What the report's score counts as checked: a rule is *assessed* in a workspace when the
 * workspace has something that rule examines, so that its silence means "passed" rather than
 * "nothing to look at". An area none of whose rules is assessed is "not assessed" in the report.
 *
 * A rule examines, by its kind: a Rust rule, production Rust code; a document rule, a judged file of
 * one of its file kinds (a Dockerfile rule needs a Dockerfile); a workspace rule, a Cargo workspace.
 * `SUBJECTS` narrows the rules whose file kind says too little (a YAML rule about Kubernetes needs a
 * Kubernetes manifest, not any YAML). Each condition is necessary for the rule to report at all, so
 * findings never change which rules are assessed: the score stays monotonic.
 */
import type { Rule } from '../core/engine/rule';
import { fileKindOf } from '../core/engine/fileKinds';
import type { WorkspaceFacts } from '../core/engine/workspaceFacts';
import type { YamlDocumentFile } from '../core/parsers/document';
import { hasCiPipeline, isCiFile } from '../../../rules/shared/ciFiles';
import { deploymentPackaging, servingBinaryCrates } from '../../../rules/shared/deployment';
import { isComposeFile, isDependabotPath, k8sObjects } from '../../../rules/shared/yamlKinds';

/** Roles of files whose findings the report lists (production, test, local development). */
const JUDGED = new Set(['production', 'test', 'local-dev']);

function judgedFiles(ws: WorkspaceFacts): string[] {
  return ws.files.filter((f) => JUDGED.has(ws.roleOf(f)));
}

function yamlFiles(ws: WorkspaceFacts): YamlDocumentFile[] {
  return judgedFiles(ws).filter((f) => fileKindOf(f) === 'yaml').map((f) => ws.document(f))
    .filter((d): d is YamlDocumentFile => d?.kind === 'yaml');
}

/** Things a rule can examine, beyond "a file of its kind". */
type Subject = 'kubernetes' | 'kubernetes-or-compose' | 'ci' | 'migrations' | 'renames' | 'service' | 'dockerfile' | 'deny-config';

/** The subject of the rules whose file kind is too broad a condition. */
const SUBJECTS: Record<string, Subject> = {
  'k8s-missing-probes': 'kubernetes',
  'k8s-missing-resources': 'kubernetes',
  'k8s-runs-as-root': 'kubernetes',
  'literal-secret-in-env': 'kubernetes-or-compose',
  'image-tag-unpinned': 'kubernetes-or-compose',
  'ci-missing-check': 'ci',
  'ci-deprecated-action': 'ci',
  'ci-action-unpinned': 'ci',
  'dependabot-missing-cargo': 'ci',
  'migration-without-down': 'migrations',
  'stale-name': 'renames',
  'dockerfile-missing': 'service',
  'dockerignore-missing': 'dockerfile',
  'deny-config-weak': 'deny-config',
};

/** Which subjects the workspace has, computed lazily (parsing YAML only when a rule asks). */
function subjectTest(ws: WorkspaceFacts): (s: Subject) => boolean {
  const cache = new Map<Subject, boolean>();
  const compute = (s: Subject): boolean => {
    switch (s) {
      case 'kubernetes': return yamlFiles(ws).some((f) => k8sObjects(f).length > 0);
      case 'kubernetes-or-compose': return yamlFiles(ws).some((f) => isComposeFile(f) || k8sObjects(f).length > 0);
      case 'ci': return hasCiPipeline(ws) || ws.files.some((f) => isCiFile(f) || isDependabotPath(f));
      case 'migrations': return ws.files.some((f) => fileKindOf(f) === 'sql' && /(^|\/)migrations\//.test(f));
      case 'renames': return Object.keys(ws.config.rename).length > 0;
      case 'service': return servingBinaryCrates(ws).length > 0 || deploymentPackaging(ws) !== undefined;
      case 'dockerfile': return judgedFiles(ws).some((f) => fileKindOf(f) === 'dockerfile');
      case 'deny-config': return ['deny.toml', '.deny.toml', '.cargo/deny.toml'].some((f) => ws.exists(f));
    }
  };
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) { v = compute(s); cache.set(s, v); }
    return v;
  };
}

/** Ids of the rules (of `rules`) that have something to examine in `ws`. */
export function assessedRuleIds(ws: WorkspaceFacts, rules: readonly Rule[]): Set<string> {
  const judged = judgedFiles(ws);
  const kinds = new Set(judged.map(fileKindOf));
  const productionRust = judged.some((f) => fileKindOf(f) === 'rust' && ws.roleOf(f) === 'production');
  const has = subjectTest(ws);
  const out = new Set<string>();
  for (const rule of rules) {
    const subject = SUBJECTS[rule.meta.id];
    const examined = subject ? has(subject)
      : rule.kind === 'rust' ? productionRust
      : rule.kind === 'document' ? rule.fileKinds.some((k) => kinds.has(k))
      : !!ws.cargo.rootManifest;
    if (examined) out.add(rule.meta.id);
  }
  return out;
}
