import { Healthcheck, type Instruction } from 'dockerfile-ast';
import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { baseFamily, chainInstructions, composeServicesRunning, isIntermediateImage, runtimeStages } from '../shared/dockerfile';

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-missing-healthcheck',
    title: 'Exposed service without HEALTHCHECK',
    priority: 'P2',
    area: 'Observability',
    nonTest: false,
    action: 'Add a `HEALTHCHECK` that calls the readiness endpoint',
    docs: {
      lang: 'dockerfile',
      what: 'Flags a final stage that `EXPOSE`s ports (it is a network service) but declares no `HEALTHCHECK`, neither itself nor in the stages it is built from. `HEALTHCHECK NONE` is an explicit choice and is accepted. In the default profile only when a compose file of the workspace runs the image without a `healthcheck:` of its own (see notes).',
      why: 'Without a health check Docker, Compose (`depends_on: condition: service_healthy`) and Swarm only know whether the process is alive, not whether it serves: a server stuck on a dead database connection or a deadlock keeps receiving traffic and is never restarted.',
      example: '# docker-compose.yml\nservices:\n  api:\n    build: .\n    ports: ["8080:8080"]\n# Dockerfile\nFROM debian:bookworm-slim\nCOPY --from=builder /app/server /usr/local/bin/server\nEXPOSE 8080\nCMD ["server"]',
      useInstead: '# docker-compose.yml\nservices:\n  api:\n    build: .\n    ports: ["8080:8080"]\n# Dockerfile\nFROM debian:bookworm-slim\nCOPY --from=builder /app/server /usr/local/bin/server\nEXPOSE 8080\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -fsS http://localhost:8080/health/ready || exit 1\nCMD ["server"]',
      fixSafety: 'No quick-fix: the probe command depends on the endpoint and on the tools present in the image (distroless images have no curl; build a `--health` flag into the binary instead).',
      notes: 'Kubernetes ignores `HEALTHCHECK` and uses the pod\'s probes (see `k8s-missing-probes`), and ECS and Nomad declare their own checks. So the finding is in the default profile only where Docker itself runs the container: a compose file of the workspace (not a dev/override or test one) has a service that builds this Dockerfile, or runs an image its builds produce, without a `healthcheck:` of its own. A final image on `scratch` or distroless that such a compose service runs is judged too (it has no shell or curl: the message says to build a `--health` mode into the binary or declare the check in the compose file). Audit profile only (hygiene): no such compose service (the image runs on an orchestrator that probes it, or the compose service declares the check), and a Dockerfile building an intermediate base image (`Dockerfile.base`, or an image another Dockerfile builds `FROM`). Dockerfiles under `.devcontainer/` are not checked.',
    },
  },
  fileKinds: ['dockerfile'],
  check(ctx) {
    const df = ctx.doc.dockerfile;
    const runtime = runtimeStages(ctx.doc.path, df);
    if (!runtime) return;
    const { stages, last } = runtime;
    const instructions = chainInstructions(df, stages, last);
    if (instructions.some((i) => i instanceof Healthcheck)) return;
    const exposes: Instruction[] = last.instructions.filter((i) => i.getKeyword() === 'EXPOSE');
    if (exposes.length === 0) return;
    const expose = exposes[0];
    const ports = exposes.map((e) => (e.getArgumentsContent() ?? '').trim()).filter(Boolean).join(' ');
    // Worth acting on where Docker itself runs the container: a production compose service that runs
    // this image without a `healthcheck:` of its own. Elsewhere (Kubernetes, ECS, Nomad probe the
    // service themselves), on images without a shell or curl to run a probe, and for intermediate
    // base images, it is hygiene.
    const unprobed = composeServicesRunning(ctx.doc, ctx.ws).filter((s) => !s.healthcheck);
    const family = baseFamily(df, stages, last);
    const noShell = family === 'scratch' || family === 'distroless';
    // A scratch/distroless image that Compose runs without a check is judged like any other: the probe is built into the binary.
    const hygiene = unprobed.length === 0 || isIntermediateImage(ctx.doc, ctx.ws);
    const where = unprobed.length ? ` Compose service \`${unprobed[0].service}\` (${unprobed[0].declaredIn}) runs it without a \`healthcheck:\`.` : '';
    const how = noShell
      ? ' The image has no shell or curl: give the binary a `--health` mode and use `HEALTHCHECK CMD ["/app", "--health"]`, or declare the check in the deployment.'
      : ' Add a `HEALTHCHECK` calling the service\'s readiness endpoint.';
    ctx.report(expose.getRange(), `The image exposes ${ports ? `\`${ports}\`` : 'ports'} but has no \`HEALTHCHECK\`: Docker and Compose cannot tell a hung server from a healthy one, so it keeps receiving traffic and is never restarted.${where}${how}`,
      hygiene ? { tier: 'hygiene' } : {});
  },
});
