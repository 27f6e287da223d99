import { defineDocumentRule } from '../../server/src/core/engine/rule';
import type { Fix } from '../../server/src/core/engine/types';
import { mapGet, mapEntry, scalarString, seqItems } from '../../server/src/core/parsers/yaml';
import { appendToMap, block, containerRange, describeContainer, isPatchFragment, k8sContainers, SERVING_KINDS, type K8sContainer } from '../shared/yamlKinds';
import { layoutOf } from '../shared/yamlKinds';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import { crateMentionsPort, healthRoutes, httpFramework } from '../shared/rust/routes';

/** The `containerPort`s of a container, with their names, in order. */
function containerPorts(c: K8sContainer): { port: string; name?: string }[] {
  const doc = c.obj.doc;
  const out: { port: string; name?: string }[] = [];
  for (const p of seqItems(doc, mapGet(doc, c.node, 'ports'))) {
    const port = scalarString(doc, mapGet(doc, p, 'containerPort'));
    if (port && /^\d+$/.test(port)) out.push({ port, name: scalarString(doc, mapGet(doc, p, 'name')) });
  }
  return out;
}

/** A port named for HTTP (`http`, `web`, `api`, `http-metrics`…; not `https`, whose probe needs a scheme). */
const HTTP_PORT_NAME = /^(?:http|web|api|rest)(?:$|-)/i;
/** An env var or argument naming an HTTP listener (`HTTP_PORT`, `--web-addr`, `API_LISTEN`). */
const HTTP_SETTING = /http(?!s)|web|api/i;

/** True when the container's env or arguments tie `port` to an HTTP listener (`HTTP_PORT=8080`, `--http-addr=0.0.0.0:8080`). */
function settingsSayHttp(c: K8sContainer, port: string): boolean {
  const doc = c.obj.doc;
  const token = new RegExp(`(?:^|[^\\d])${port}(?!\\d)`);
  for (const e of seqItems(doc, mapGet(doc, c.node, 'env'))) {
    const name = scalarString(doc, mapGet(doc, e, 'name')) ?? '';
    const value = scalarString(doc, mapGet(doc, e, 'value')) ?? '';
    if (HTTP_SETTING.test(name) && token.test(value)) return true;
  }
  for (const key of ['args', 'command']) {
    for (const a of seqItems(doc, mapGet(doc, c.node, key))) {
      const arg = scalarString(doc, a) ?? '';
      if (HTTP_SETTING.test(arg) && token.test(arg)) return true;
    }
  }
  return false;
}

type ProbePlan =
  | { kind: 'httpGet'; port: string; live: string; ready: string; why: string }
  | { kind: 'tcpSocket'; port: string; why: string };

/**
 * The probe that will answer on this container: `httpGet` on a health route only where the
 * workspace serves one over HTTP on that port (the crate's code binds the port, or the port or the
 * container's settings name it HTTP); else `tcpSocket` on the first port, which any listener answers.
 */
function probePlan(ws: WorkspaceFacts, c: K8sContainer, ports: { port: string; name?: string }[]): ProbePlan {
  const routes = healthRoutes(ws);
  for (const { port, name } of ports) {
    const named = !!name && HTTP_PORT_NAME.test(name);
    const settings = settingsSayHttp(c, port);
    const served = routes.filter((r) => named || settings || crateMentionsPort(ws, r.crate, port));
    if (!served.length) continue;
    const crate = served[0].crate;
    const own = served.filter((r) => r.crate === crate);
    const live = own.find((r) => r.kind === 'liveness') ?? own[0];
    const ready = own.find((r) => r.kind === 'readiness') ?? own[0];
    const because = named ? `port ${port} is named \`${name}\`` : settings ? `the container's settings put HTTP on port ${port}` : `\`${crate.name ?? 'the root crate'}\` listens on port ${port}`;
    return { kind: 'httpGet', port, live: live.path, ready: ready.path, why: `${because} and serves ${[...new Set([live.path, ready.path])].map((p) => `\`${p}\``).join(' and ')} with ${httpFramework(crate)} (${live.file})` };
  }
  const first = ports[0].port;
  return {
    kind: 'tcpSocket', port: first,
    why: routes.length ? `no HTTP health route of the workspace is shown to be served on port ${first}` : 'the workspace serves no HTTP health route',
  };
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
      what: 'Flags a container of a Deployment, StatefulSet, DaemonSet, ReplicaSet or Argo Rollout that lacks a `livenessProbe` or a `readinessProbe`. Init containers, Jobs and CronJobs are not checked, nor containers without `image` (kustomize patches and overlay fragments). Audit profile only (hygiene): a sidecar without probes in a pod where another container has a readiness probe (that probe already takes the pod out of rotation).',
      why: 'Without a readiness probe a pod gets traffic as soon as its process starts, before it has connected to its database, and keeps getting it when the database is gone: users see errors instead of being routed to healthy replicas, and rolling updates shift traffic to pods that are not ready. Without a liveness probe a deadlocked process stays in rotation forever.',
      example: 'containers:\n  - name: synctv\n    image: synctv:1.8.2\n    ports:\n      - containerPort: 8080',
      useInstead: 'containers:\n  - name: synctv\n    image: synctv:1.8.2\n    ports:\n      - containerPort: 8080\n    livenessProbe:\n      httpGet:\n        path: /health/live\n        port: 8080\n      initialDelaySeconds: 10\n      periodSeconds: 10\n    readinessProbe:\n      httpGet:\n        path: /health/ready\n        port: 8080\n      periodSeconds: 5',
      fixSafety: 'The fix inserts the missing probes, and says in its title which kind and why. An `httpGet` probe only where the workspace shows an HTTP server on that port with a health route: a crate serving with axum, actix-web, rocket, poem, warp, salvo, tide or hyper routes a health path (read as `health-check-static` reads routes: `.route("/healthz", …)`, `#[get("/readyz")]`, `warp::path("live")`), and its code binds that port (`0.0.0.0:8080`, `.bind(("0.0.0.0", 8080))`, `port: 8080` defaults), or the port is named `http`/`web`/`api`, or the container\'s env or args put HTTP on it (`HTTP_PORT: "8080"`); liveness goes to a liveness path (`/livez`, `/live`, `/ping`) when there is one, readiness to a readiness path (`/readyz`, `/health`). Otherwise a `tcpSocket` probe on the first `containerPort`, which any listener answers (a raw TCP/UDP or gRPC port would crash-loop on an HTTP probe). No fix when the container declares no port. Route paths are read as written: a route nested under a prefix (`.nest("/api", …)`) gets the unprefixed path, so review it; the fix is offered, not applied by fix-all.',
      notes: 'A `startupProbe` does not replace either probe: it only delays them.',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    const file = ctx.doc;
    let unit: number | undefined;
    const containers = k8sContainers(file, SERVING_KINDS);
    const probed = (c: (typeof containers)[number]) => mapEntry(c.obj.doc, c.node, 'readinessProbe') !== undefined;
    for (const c of containers) {
      if (c.init || isPatchFragment(c)) continue;
      const doc = c.obj.doc;
      const missing = (['livenessProbe', 'readinessProbe'] as const).filter((k) => !mapEntry(doc, c.node, k));
      if (missing.length === 0) continue;
      // A sidecar beside a container whose readiness probe gates the pod (a bundled database, a proxy): the pod is
      // taken out of rotation through that probe; the sidecar's own probes are hygiene.
      const sidecar = containers.some((o) => o !== c && !o.init && o.podSpec === c.podSpec && probed(o));
      const ports = containerPorts(c);
      const fixes: Fix[] = [];
      if (ports.length) {
        const plan = probePlan(ctx.ws, c, ports);
        const u = (unit ??= layoutOf(file).unit);
        const action = (path: string) => plan.kind === 'httpGet' ? block('httpGet', [`path: ${path}`, `port: ${plan.port}`], u) : block('tcpSocket', [`port: ${plan.port}`], u);
        const lines: string[] = [];
        if (missing.includes('livenessProbe')) lines.push(...block('livenessProbe', [...action(plan.kind === 'httpGet' ? plan.live : ''), 'initialDelaySeconds: 10', 'periodSeconds: 10'], u));
        if (missing.includes('readinessProbe')) lines.push(...block('readinessProbe', [...action(plan.kind === 'httpGet' ? plan.ready : ''), 'periodSeconds: 5'], u));
        const edit = appendToMap(file, c.node, lines);
        const where = plan.kind === 'httpGet'
          ? missing.map((m) => `${m} on ${m === 'livenessProbe' ? plan.live : plan.ready}`).join(' and ')
          : `${missing.join(' and ')} on port ${plan.port}`;
        if (edit) fixes.push({ title: `Add ${plan.kind} ${where} (${plan.kind === 'httpGet' ? `port ${plan.port}: ` : ''}${plan.why})`, preferred: false, edits: [ctx.edit(edit.range, edit.newText)] });
      }
      const what = missing.map((m) => `\`${m}\``).join(' and no ');
      ctx.report(containerRange(file, c), sidecar
        ? `The ${describeContainer(c)} has no ${what}; another container of the pod has a readiness probe that gates traffic, but a hung ${c.name ? `\`${c.name}\`` : 'sidecar'} is only restarted with a liveness probe of its own.`
        : `The ${describeContainer(c)} has no ${what}: Kubernetes will send traffic to it before it is ready and keep a hung process in rotation. Add probes on a liveness endpoint and a readiness endpoint that checks its dependencies.`,
      { fixes, ...(sidecar ? { tier: 'hygiene' as const } : {}) });
    }
  },
});
