import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { isScalar, mapEntries, mapGet, yamlRange, type YNode } from '../../server/src/core/parsers/yaml';
import { describeContainer, isComposeFile, k8sContainers } from '../shared/yamlKinds';

/** Splits an image reference: the tag (if any) and whether it carries a digest. */
export function parseImageRef(ref: string): { tag?: string; digest: boolean } {
  const at = ref.indexOf('@');
  const digest = at >= 0;
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return { tag: colon > slash ? name.slice(colon + 1) : undefined, digest };
}

/** Why an image reference is unpinned, or undefined when it is pinned (or cannot be judged). */
export function unpinnedReason(ref: string): 'latest' | 'no-tag' | undefined {
  const r = ref.trim();
  // Empty, or filled in by a template (`"{{ .Values.image }}"`): nothing to judge.
  if (!r || r.includes('{{')) return undefined;
  const { tag, digest } = parseImageRef(r);
  if (digest) return undefined;
  if (tag === undefined) return r.includes('$') ? undefined : 'no-tag';
  if (tag.includes('$')) return undefined;
  return tag.toLowerCase() === 'latest' ? 'latest' : undefined;
}

export const rule = defineDocumentRule({
  meta: {
    id: 'image-tag-unpinned',
    title: 'Container image without a pinned tag',
    priority: 'P1',
    area: 'Deployment',
    nonTest: false,
    action: 'Pin every compose/Kubernetes `image:` to a version tag or a `@sha256:` digest',
    docs: {
      lang: 'yaml',
      what: 'Flags an `image:` in a docker-compose service or a Kubernetes container (containers and init containers of Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, Pods) that has no tag or uses `:latest`. A `@sha256:` digest counts as pinned. A compose service with `build:` is skipped: its `image:` names the locally built image.',
      why: '`latest` (and no tag, which means `latest`) moves: two replicas, a node that re-pulls, or a rollback can run different code than the one tested, and `kubectl rollout undo` cannot bring back what `latest` pointed at yesterday. With `imagePullPolicy: IfNotPresent` nodes also keep stale copies.',
      example: 'services:\n  db:\n    image: postgres\n  app:\n    image: synctv:latest',
      useInstead: 'services:\n  db:\n    image: postgres:16.4\n  app:\n    image: ghcr.io/acme/synctv:1.8.2@sha256:4f1c…',
      fixSafety: 'No quick-fix: only you know which version to pin.',
      notes: 'References built from variables (`image: ${REGISTRY}/app:${TAG}`) are not judged unless the tag itself is a literal `latest`.',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    const file = ctx.doc;
    const seen = new Set<string>();
    const flag = (node: YNode, where: string) => {
      if (!isScalar(node) || typeof node.value !== 'string') return;
      const reason = unpinnedReason(node.value);
      const range = yamlRange(file.index, node);
      if (!reason || !range) return;
      const key = `${range.start.line}:${range.start.character}`;
      if (seen.has(key)) return;
      seen.add(key);
      const what = reason === 'latest' ? `uses \`:latest\`` : 'has no tag (which means `latest`)';
      ctx.report(range, `\`image: ${node.value}\` in ${where} ${what}: the image can change under a running deployment and a rollback cannot bring back the old one. Pin a version tag or a \`@sha256:\` digest.`);
    };
    if (isComposeFile(file)) {
      for (const doc of file.yaml.documents) {
        for (const svc of mapEntries(doc, mapGet(doc, doc.contents, 'services'))) {
          // With `build:`, `image:` names what compose builds locally, not what it pulls.
          if (mapGet(doc, svc.value, 'build') !== undefined) continue;
          flag(mapGet(doc, svc.value, 'image'), `compose service \`${svc.key}\``);
        }
      }
      return;
    }
    for (const c of k8sContainers(file)) flag(mapGet(c.obj.doc, c.node, 'image'), `the ${describeContainer(c)}`);
  },
});
