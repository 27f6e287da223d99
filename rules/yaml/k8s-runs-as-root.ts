import { defineDocumentRule } from '../../server/src/core/engine/rule';
import type { Range } from '../../server/src/core/engine/types';
import { mapEntry, mapGet, scalarString, yamlRange, type YamlDocument, type YNode } from '../../server/src/core/parsers/yaml';
import { containerRange, describeContainer, isPatchFragment, k8sContainers } from '../shared/yamlKinds';

export const rule = defineDocumentRule({
  meta: {
    id: 'k8s-runs-as-root',
    title: 'Kubernetes container may run as root',
    priority: 'P1',
    area: 'Security',
    nonTest: false,
    action: 'Set `runAsNonRoot: true` (and a non-zero `runAsUser`) in the pod or container securityContext; drop `privileged` and privilege escalation',
    docs: {
      lang: 'yaml',
      what: 'For every pod-bearing object (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod), flags a container whose pod and container `securityContext` set neither `runAsNonRoot: true` nor a non-zero `runAsUser`, and anywhere (containers, init containers, pod) `runAsUser: 0`, `runAsNonRoot: false`, `privileged: true` or `allowPrivilegeEscalation: true`.',
      why: 'A container without `runAsNonRoot` runs as whatever user the image declares, root for most images. A remote-code-execution bug in the service then has root inside the container, can write anywhere in its filesystem, and is one kernel or runtime bug away from the node; `privileged: true` removes that last barrier entirely. Pod Security Standards (`restricted`) reject these pods.',
      example: 'spec:\n  containers:\n    - name: synctv\n      image: synctv:1.8.2',
      useInstead: 'spec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n  containers:\n    - name: synctv\n      image: synctv:1.8.2\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true',
      fixSafety: 'No quick-fix: the image must have a non-root user that can read its files (see `docker-root-user`), otherwise the pod fails to start.',
      notes: 'Init containers are only checked for explicit root or privilege settings: they often need root to prepare volumes. A non-zero `runAsUser` without `runAsNonRoot` is accepted. Containers without `image` (kustomize patches) are only checked for explicit settings.',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    const file = ctx.doc;
    const seen = new Set<string>();
    const report = (range: Range | undefined, message: string) => {
      if (!range) return;
      const k = `${range.start.line}:${range.start.character}`;
      if (seen.has(k)) return;
      seen.add(k);
      ctx.report(range, message);
    };
    const value = (doc: YamlDocument, sc: YNode, key: string) => mapEntry(doc, sc, key);
    const explicit = (doc: YamlDocument, sc: YNode, where: string): boolean => {
      let root = false;
      const user = value(doc, sc, 'runAsUser');
      if (user && scalarString(doc, user.value) === '0') {
        root = true;
        report(yamlRange(file.index, user.value), `\`runAsUser: 0\` in ${where} runs it as root: a compromise of the service gets root in the container. Use a dedicated non-zero UID and \`runAsNonRoot: true\`.`);
      }
      const nonRoot = value(doc, sc, 'runAsNonRoot');
      if (nonRoot && scalarString(doc, nonRoot.value) === 'false') {
        report(yamlRange(file.index, nonRoot.value), `\`runAsNonRoot: false\` in ${where} allows running as root. Set \`runAsNonRoot: true\` with a non-zero \`runAsUser\`.`);
      }
      const priv = value(doc, sc, 'privileged');
      if (priv && scalarString(doc, priv.value) === 'true') {
        report(yamlRange(file.index, priv.value), `\`privileged: true\` in ${where} gives it every capability and the host's devices: a compromise of the container is a compromise of the node. Remove it (add only the capabilities needed).`);
      }
      const esc = value(doc, sc, 'allowPrivilegeEscalation');
      if (esc && scalarString(doc, esc.value) === 'true') {
        report(yamlRange(file.index, esc.value), `\`allowPrivilegeEscalation: true\` in ${where} lets its processes gain privileges (setuid binaries). Set it to \`false\`.`);
      }
      return root;
    };
    for (const c of k8sContainers(file)) {
      const doc = c.obj.doc;
      const psc = mapGet(doc, c.podSpec, 'securityContext');
      const csc = mapGet(doc, c.node, 'securityContext');
      const podWhere = `the pod securityContext of ${c.obj.kind}${c.obj.name ? ` \`${c.obj.name}\`` : ''}`;
      const rootPod = explicit(doc, psc, podWhere);
      const rootContainer = explicit(doc, csc, `the ${describeContainer(c)}`);
      if (c.init || rootPod || rootContainer || isPatchFragment(c)) continue;
      const pick = (key: string) => scalarString(doc, mapGet(doc, csc, key) ?? mapGet(doc, psc, key));
      const nonRoot = pick('runAsNonRoot');
      const user = pick('runAsUser');
      if (nonRoot === 'true' || nonRoot === 'false') continue;
      if (user && /^\d+$/.test(user) && user !== '0') continue;
      report(containerRange(file, c), `The ${describeContainer(c)} sets no \`runAsNonRoot: true\` (pod or container securityContext): it runs as the image's user, root for most images, so a compromise of the service gets root in the container. Set \`runAsNonRoot: true\` and a non-zero \`runAsUser\`.`);
    }
  },
});
