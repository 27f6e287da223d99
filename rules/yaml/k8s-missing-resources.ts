import { defineDocumentRule } from '../../server/src/core/engine/rule';
import type { Fix } from '../../server/src/core/engine/types';
import type { YamlDocumentFile } from '../../server/src/core/parsers/document';
import { isMap, mapEntry, mapGet, type YamlDocument, type YAMLMap } from '../../server/src/core/parsers/yaml';
import { appendToMap, block, containerRange, describeContainer, isPatchFragment, k8sContainers, layoutOf, type InsertEdit } from '../shared/yamlKinds';

const REQUESTS = ['cpu: 100m', 'memory: 256Mi'];
const LIMIT_MEMORY = 'memory: 512Mi';

/**
 * The insertions completing a container's resources: the whole block, or the missing `requests`
 * block / `limits` block / `limits.memory` inside an existing one. Undefined when the existing
 * block cannot be extended in place (flow style, merged from an anchor, empty `requests: {}`).
 */
function resourceEdits(file: YamlDocumentFile, doc: YamlDocument, container: YAMLMap, u: number, hasRequests: boolean, hasMemoryLimit: boolean): InsertEdit[] | undefined {
  const resources = mapEntry(doc, container, 'resources');
  if (!resources) {
    const edit = appendToMap(file, container, block('resources', [...block('requests', REQUESTS, u), ...block('limits', [LIMIT_MEMORY], u)], u));
    return edit && [edit];
  }
  if (resources.merged || !isMap(resources.value)) return undefined;
  const toResources: string[] = [];
  const edits: InsertEdit[] = [];
  if (!hasRequests) {
    if (mapEntry(doc, resources.value, 'requests')) return undefined;
    toResources.push(...block('requests', REQUESTS, u));
  }
  if (!hasMemoryLimit) {
    const limits = mapEntry(doc, resources.value, 'limits');
    if (!limits) toResources.push(...block('limits', [LIMIT_MEMORY], u));
    else {
      const edit = !limits.merged ? appendToMap(file, limits.value, [LIMIT_MEMORY]) : undefined;
      if (!edit) return undefined;
      edits.push(edit);
    }
  }
  if (toResources.length) {
    const edit = appendToMap(file, resources.value, toResources);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits.length ? edits : undefined;
}

export const rule = defineDocumentRule({
  meta: {
    id: 'k8s-missing-resources',
    title: 'Kubernetes container without resource requests and memory limit',
    priority: 'P1',
    area: 'Operations',
    nonTest: false,
    action: 'Give every container `resources.requests` (cpu, memory) and `resources.limits.memory`',
    docs: {
      lang: 'yaml',
      what: 'Flags a container of a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod that has no `resources.requests` or no `resources.limits.memory`. Init containers are not checked, nor containers without `image` (kustomize patches and overlay fragments).',
      why: 'Without requests the scheduler packs pods blindly and the pod is first in line for eviction (BestEffort QoS); without a memory limit one leaking replica (an unbounded channel, a cache) eats the node\'s memory and the kernel OOM-kills whatever it picks, often a neighbour. The Horizontal Pod Autoscaler also needs requests to compute utilisation.',
      example: 'containers:\n  - name: synctv\n    image: synctv:1.8.2',
      useInstead: 'containers:\n  - name: synctv\n    image: synctv:1.8.2\n    resources:\n      requests:\n        cpu: 500m\n        memory: 512Mi\n      limits:\n        memory: 2Gi',
      fixSafety: `The fix inserts the missing parts of a \`resources\` block (requests \`${REQUESTS.join(', ')}\`, limit \`${LIMIT_MEMORY}\`) with the file's indentation. The numbers are placeholders to set from measured usage: too low a limit gets the pod OOM-killed, so the fix is offered, not applied by fix-all.`,
      notes: 'A CPU limit is deliberately not required: CPU limits throttle latency-sensitive services, while requests already guarantee a share.',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    const file = ctx.doc;
    let unit: number | undefined;
    for (const c of k8sContainers(file)) {
      if (c.init || isPatchFragment(c)) continue;
      const doc = c.obj.doc;
      const resources = mapEntry(doc, c.node, 'resources');
      const requests = mapGet(doc, resources?.value, 'requests');
      const limits = mapEntry(doc, resources?.value, 'limits');
      const hasRequests = isMap(requests) && requests.items.length > 0;
      const hasMemoryLimit = mapGet(doc, limits?.value, 'memory') != null;
      if (hasRequests && hasMemoryLimit) continue;
      const u = (unit ??= layoutOf(file).unit);
      const missing = [!hasRequests && '`resources.requests`', !hasMemoryLimit && '`resources.limits.memory`'].filter(Boolean).join(' and no ');
      const edits = resourceEdits(file, doc, c.node, u, hasRequests, hasMemoryLimit);
      const added = [!hasRequests && '`resources.requests`', !hasMemoryLimit && '`resources.limits.memory`'].filter(Boolean).join(' and ');
      const fixes: Fix[] = edits ? [{ title: `Add ${added}`, preferred: false, edits: edits.map((e) => ctx.edit(e.range, e.newText)) }] : [];
      ctx.report(containerRange(file, c), `The ${describeContainer(c)} has no ${missing}: the scheduler cannot place it sensibly and one leaking replica can OOM the node. Set requests from measured usage and a memory limit.`, { fixes });
    }
  },
});
