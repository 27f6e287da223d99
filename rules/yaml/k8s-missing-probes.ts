import { defineDocumentRule } from '../../server/src/engine/rule';
import type { Fix } from '../../server/src/engine/types';
import { mapGet, mapEntry, scalarString, seqItems } from '../../server/src/parsers/yaml';
import { appendToMap, block, containerRange, describeContainer, isPatchFragment, k8sContainers, SERVING_KINDS, type K8sContainer } from '../shared/yamlKinds';
import { layoutOf } from '../shared/yamlKinds';

/** The first `containerPort` of a container, if it declares one. */
function firstPort(c: K8sContainer): string | undefined {
  const doc = c.obj.doc;
  for (const p of seqItems(doc, mapGet(doc, c.node, 'ports'))) {
    const port = scalarString(doc, mapGet(doc, p, 'containerPort'));
    if (port && /^\d+$/.test(port)) return port;
  }
  return undefined;
}

export const rule = defineDocumentRule({
  meta: {
    id: 'k8s-missing-probes',
    title: 'Kubernetes container without liveness or readiness probe',
    priority: 'P0',
    area: 'Operations',
    nonTest: false,
    action: 'Add `livenessProbe` and `readinessProbe` (readiness checking the database and caches) to every serving container',
    docs: {
      lang: 'yaml',
      what: 'Flags a container of a Deployment, StatefulSet, DaemonSet, ReplicaSet or Argo Rollout that lacks a `livenessProbe` or a `readinessProbe`. Init containers, Jobs and CronJobs are not checked, nor containers without `image` (kustomize patches and overlay fragments).',
      why: 'Without a readiness probe a pod gets traffic as soon as its process starts, before it has connected to its database, and keeps getting it when the database is gone: users see errors instead of being routed to healthy replicas, and rolling updates shift traffic to pods that are not ready. Without a liveness probe a deadlocked process stays in rotation forever.',
      example: 'containers:\n  - name: synctv\n    image: synctv:1.8.2\n    ports:\n      - containerPort: 8080',
      useInstead: 'containers:\n  - name: synctv\n    image: synctv:1.8.2\n    ports:\n      - containerPort: 8080\n    livenessProbe:\n      httpGet:\n        path: /health/live\n        port: 8080\n      initialDelaySeconds: 10\n      periodSeconds: 10\n    readinessProbe:\n      httpGet:\n        path: /health/ready\n        port: 8080\n      periodSeconds: 5',
      fixSafety: 'The fix inserts the missing probes as HTTP GETs on `/health/live` and `/health/ready` at the container\'s first `containerPort` (no fix when it declares no port). The service must serve those paths (readiness checking its dependencies: see `health-check-static`), or the pods will be restarted and never receive traffic; so the fix is offered, not applied by fix-all.',
      notes: 'A `startupProbe` does not replace either probe: it only delays them.',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    const file = ctx.doc;
    let unit: number | undefined;
    for (const c of k8sContainers(file, SERVING_KINDS)) {
      if (c.init || isPatchFragment(c)) continue;
      const doc = c.obj.doc;
      const missing = (['livenessProbe', 'readinessProbe'] as const).filter((k) => !mapEntry(doc, c.node, k));
      if (missing.length === 0) continue;
      const port = firstPort(c);
      const fixes: Fix[] = [];
      if (port) {
        const u = (unit ??= layoutOf(file).unit);
        const lines: string[] = [];
        if (missing.includes('livenessProbe')) lines.push(...block('livenessProbe', [...block('httpGet', ['path: /health/live', `port: ${port}`], u), 'initialDelaySeconds: 10', 'periodSeconds: 10'], u));
        if (missing.includes('readinessProbe')) lines.push(...block('readinessProbe', [...block('httpGet', ['path: /health/ready', `port: ${port}`], u), 'periodSeconds: 5'], u));
        const edit = appendToMap(file, c.node, lines);
        if (edit) fixes.push({ title: `Add ${missing.join(' and ')} on ${missing.map((m) => (m === 'livenessProbe' ? '/health/live' : '/health/ready')).join(' and ')} (port ${port})`, preferred: false, edits: [ctx.edit(edit.range, edit.newText)] });
      }
      const what = missing.map((m) => `\`${m}\``).join(' and no ');
      ctx.report(containerRange(file, c), `The ${describeContainer(c)} has no ${what}: Kubernetes will send traffic to it before it is ready and keep a hung process in rotation. Add probes on a liveness endpoint and a readiness endpoint that checks its dependencies.`, { fixes });
    }
  },
});
