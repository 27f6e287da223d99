import { Healthcheck, Instruction } from 'dockerfile-ast';
import { defineDocumentRule } from '../../server/src/engine/rule';
import { chainInstructions, runtimeStages } from '../shared/dockerfile';

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-missing-healthcheck',
    title: 'Exposed service without HEALTHCHECK',
    priority: 'P2',
    area: 'Operations',
    nonTest: false,
    action: 'Add a `HEALTHCHECK` that calls the readiness endpoint',
    docs: {
      lang: 'dockerfile',
      what: 'Flags a final stage that `EXPOSE`s ports (it is a network service) but declares no `HEALTHCHECK`, neither itself nor in the stages it is built from. `HEALTHCHECK NONE` is an explicit choice and is accepted.',
      why: 'Without a health check Docker, Compose (`depends_on: condition: service_healthy`) and Swarm only know whether the process is alive, not whether it serves: a server stuck on a dead database connection or a deadlock keeps receiving traffic and is never restarted.',
      example: 'FROM debian:bookworm-slim\nCOPY --from=builder /app/server /usr/local/bin/server\nEXPOSE 8080\nCMD ["server"]',
      useInstead: 'FROM debian:bookworm-slim\nCOPY --from=builder /app/server /usr/local/bin/server\nEXPOSE 8080\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -fsS http://localhost:8080/health/ready || exit 1\nCMD ["server"]',
      fixSafety: 'No quick-fix: the probe command depends on the endpoint and on the tools present in the image (distroless images have no curl; build a `--health` flag into the binary instead).',
      notes: 'Kubernetes ignores `HEALTHCHECK` and uses the pod\'s probes (see `k8s-missing-probes`); silence this rule in `.readiness.toml` if the image only ever runs there. Dockerfiles under `.devcontainer/` are not checked.',
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
    ctx.report(expose.getRange(), `The image exposes ${ports ? `\`${ports}\`` : 'ports'} but has no \`HEALTHCHECK\`: Docker and Compose cannot tell a hung server from a healthy one, so it keeps receiving traffic and is never restarted. Add a \`HEALTHCHECK\` calling the service's readiness endpoint.`);
  },
});
