import { defineDocumentRule } from '../../server/src/core/engine/rule';
import type { Fix, Range } from '../../server/src/core/engine/types';
import { columnAt, isScalar, mapEntries, mapEntry, mapGet, seqItems, yamlRange, type YNode } from '../../server/src/core/parsers/yaml';
import { extraSecretNames, isFlagValue, isSecretName, isThrowAwayPassword } from '../shared/secretNames';
import { describeContainer, isComposeFile, k8sContainers, layoutOf } from '../shared/yamlKinds';

/** True when a value is not a literal: `${VAR}` / `$VAR` interpolation, k8s `$(VAR)`, a template (`{{ … }}`), a mounted secret file path. */
function isIndirectValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || v.includes('{{')) return true;
  if (/(?<!\$)\$(\{|[A-Za-z_])/.test(v)) return true;
  if (/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(v)) return true;
  return /^\/(var\/)?run\/secrets\//.test(v);
}

/** `JWT_SECRET` → `jwt-secret` (a valid Secret data key). */
function secretKeyName(envName: string): string {
  return envName.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'secret';
}

export const rule = defineDocumentRule({
  meta: {
    id: 'literal-secret-in-env',
    title: 'Secret set as a literal environment value',
    priority: 'P0',
    area: 'Security',
    nonTest: false,
    action: 'Read secrets from a Kubernetes Secret (`secretKeyRef`) or the host environment (`${NAME:?…}`), never a literal',
    docs: {
      lang: 'yaml',
      what: 'Flags a docker-compose `environment:` entry (map form `KEY: value` and list form `- KEY=value`) and a Kubernetes container `env:` item with `value:` whose name is secret-named (password, token, secret, api key, private key, … — the shared secret-name list) and whose value is a literal. `${VAR}` / `$VAR` interpolation, Kubernetes `$(VAR)` references, `valueFrom.secretKeyRef`, `*_FILE` variables and `/run/secrets/…` paths are not literals.',
      why: 'A literal secret in a manifest is committed with it: everyone with read access to the repository, CI logs, `kubectl get deploy -o yaml` or `docker inspect` has it, and rotating it means a commit and a redeploy. Compose files written "for development" tend to end up on a server with the same password.',
      example: 'services:\n  app:\n    environment:\n      JWT_SECRET: super-secret-jwt-key\n  db:\n    environment:\n      - POSTGRES_PASSWORD=postgres\n\n# Kubernetes container\nenv:\n  - name: JWT_SECRET\n    value: change-me-in-production',
      useInstead: 'services:\n  app:\n    environment:\n      JWT_SECRET: "${JWT_SECRET:?set JWT_SECRET}"\n  db:\n    environment:\n      - "POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"\n\n# Kubernetes container\nenv:\n  - name: JWT_SECRET\n    valueFrom:\n      secretKeyRef:\n        name: synctv-secrets\n        key: jwt-secret',
      fixSafety: 'Compose: the value becomes `"${NAME:?set NAME}"`, so `docker compose` refuses to start until `NAME` is set (in the shell or `.env`). Kubernetes: `value:` becomes `valueFrom.secretKeyRef` on `<workload>-secrets` / `<name-in-kebab-case>`, a Secret you must create. Both change how the service starts, so they are offered, not applied by fix-all. Rotate the secret that was committed.',
      notes: 'Extra secret names: `[rules.literal-secret-in-env] names = ["pin", "license_key"]`. Empty values are not flagged.',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    const file = ctx.doc;
    const extra = extraSecretNames(ctx.options);
    const seen = new Set<string>();
    const once = (r: Range) => {
      const k = `${r.start.line}:${r.start.character}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    };
    const eol = file.index.eol;
    if (isComposeFile(file)) {
      for (const doc of file.yaml.documents) {
        for (const svc of mapEntries(doc, mapGet(doc, doc.contents, 'services'))) {
          const env = mapGet(doc, svc.value, 'environment');
          // The service's other values that name its user or database (`POSTGRES_USER`, `DB_NAME`).
          const names: string[] = [];
          for (const e of mapEntries(doc, env)) if (/USER|NAME|_DB$|DATABASE/i.test(e.key) && isScalar(e.value) && e.value.value !== null) names.push(String(e.value.value));
          for (const item of seqItems(doc, env)) {
            if (isScalar(item) && typeof item.value === 'string' && /^[^=]*(USER|NAME|_DB|DATABASE)[^=]*=/i.test(item.value)) names.push(item.value.slice(item.value.indexOf('=') + 1));
          }
          const report = (name: string, node: YNode, value: string, fixText: (ref: string) => string) => {
            if (isFlagValue(value)) return;
            const range = yamlRange(file.index, node);
            if (!range || !once(range)) return;
            const ref = `\${${name}:?set ${name}}`;
            const fixes: Fix[] = [{ title: `Read \`${name}\` from the environment (\`${ref}\`)`, preferred: false, edits: [ctx.edit(range, fixText(ref))] }];
            // A throw-away credential of a service container, committed on purpose for a local network.
            const throwAway = isThrowAwayPassword(value, [svc.key, ...names]);
            ctx.report(range, `\`${name}\` in compose service \`${svc.key}\` is set to a literal secret${throwAway ? ' (a throw-away default of a local service container)' : ''}: it is committed with the file and visible in \`docker inspect\`. Take it from the environment (\`${ref}\`) or a compose secret, and rotate it.`, { fixes, tier: throwAway ? 'hygiene' : undefined });
          };
          for (const e of mapEntries(doc, env)) {
            if (!isSecretName(e.key, { extra }) || !isScalar(e.value) || e.value.value === null) continue;
            if (isIndirectValue(String(e.value.value))) continue;
            report(e.key, e.value, String(e.value.value), (ref) => JSON.stringify(ref));
          }
          for (const item of seqItems(doc, env)) {
            if (!isScalar(item) || typeof item.value !== 'string') continue;
            const eq = item.value.indexOf('=');
            if (eq <= 0) continue;
            const name = item.value.slice(0, eq).trim();
            if (!isSecretName(name, { extra }) || isIndirectValue(item.value.slice(eq + 1))) continue;
            report(name, item, item.value.slice(eq + 1), (ref) => JSON.stringify(`${name}=${ref}`));
          }
        }
      }
      return;
    }
    let unit: number | undefined;
    for (const c of k8sContainers(file)) {
      const doc = c.obj.doc;
      for (const item of seqItems(doc, mapGet(doc, c.node, 'env'))) {
        const name = mapGet(doc, item, 'name');
        const valueEntry = mapEntry(doc, item, 'value');
        if (!isScalar(name) || typeof name.value !== 'string' || !valueEntry || !isScalar(valueEntry.value) || valueEntry.value.value === null) continue;
        if (!isSecretName(name.value, { extra }) || isIndirectValue(String(valueEntry.value.value))) continue;
        const range = yamlRange(file.index, valueEntry.value);
        const keyRange = yamlRange(file.index, valueEntry.keyNode);
        if (!range || !keyRange || !once(range)) continue;
        const col = columnAt(file.index, valueEntry.keyNode.range![0]);
        const u = (unit ??= layoutOf(file).unit);
        const pad = (n: number) => ' '.repeat(col + n * u);
        const secret = `${c.obj.name ?? 'app'}-secrets`;
        const key = secretKeyName(name.value);
        const text = `valueFrom:${eol}${pad(1)}secretKeyRef:${eol}${pad(2)}name: ${secret}${eol}${pad(2)}key: ${key}`;
        const fixes: Fix[] = [{
          title: `Read \`${name.value}\` from Secret \`${secret}\` (secretKeyRef)`,
          preferred: false,
          edits: [ctx.edit({ start: keyRange.start, end: range.end }, text)],
        }];
        ctx.report(range, `\`${name.value}\` in the ${describeContainer(c)} is set to a literal secret: it is committed with the manifest and readable by anyone who can get the ${c.obj.kind}. Use \`valueFrom.secretKeyRef\` (a Kubernetes Secret) and rotate it.`, { fixes });
      }
    }
  },
});
