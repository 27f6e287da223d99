import { Cmd, Entrypoint, type Instruction } from 'dockerfile-ast';
import { defineDocumentRule } from '../../server/src/engine/rule';
import {
  APP_UID, appendLines, baseFamily, chainInstructions, createUserLine, dataDirs, effectiveUser, firstLineRange, imageRepository,
  insertBefore, resolveImage, stageChain, userName,
  runtimeStages,
} from '../shared/dockerfile';

const ROOT_USERS = new Set(['root', '0']);

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-root-user',
    title: 'Container runs as root',
    priority: 'P1',
    area: 'Security',
    nonTest: false,
    action: 'Create a dedicated user in the final stage and switch to it with `USER`',
    docs: {
      lang: 'dockerfile',
      what: 'Flags a final stage that never sets `USER` (itself or through the stages it is built `FROM`), or whose last `USER` is `root` / `0`. Base images that default to a non-root user (`…:nonroot` distroless tags, Chainguard images) are accepted.',
      why: 'A process running as root inside the container is root on the container\'s filesystem and, after any container escape or a misconfigured volume mount, root on the node. A remote-code-execution bug in the service then hands over everything the runtime can reach.',
      example: 'FROM debian:bookworm-slim\nCOPY --from=builder /app/server /usr/local/bin/server\nCMD ["server"]',
      useInstead: 'FROM debian:bookworm-slim\nCOPY --from=builder /app/server /usr/local/bin/server\nRUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app\nUSER 10001\nCMD ["server"]',
      fixSafety: 'The fix inserts, before the first `CMD`/`ENTRYPOINT` (or at the end), a `RUN` creating system user `app` with uid 10001 (`adduser -S` on Alpine; nothing on scratch/distroless, where a numeric user needs no passwd entry) that owns the data directories the stage names, and `USER 10001`. It is offered, not preferred: the service may write to root-owned paths or bind a port below 1024.',
      notes: 'A numeric `USER` lets Kubernetes verify `runAsNonRoot`; pair it with `k8s-runs-as-root` for the pod side. Not checked: Dockerfiles under `.devcontainer/` (editor environments) and a final `FROM scratch` stage without `CMD`/`ENTRYPOINT` (an artifact export for `docker build --output`).',
    },
  },
  fileKinds: ['dockerfile'],
  check(ctx) {
    const doc = ctx.doc;
    const df = doc.dockerfile;
    const runtime = runtimeStages(ctx.doc.path, df);
    if (!runtime) return;
    const { stages, last } = runtime;
    const user = effectiveUser(df, stages, last);
    if (user && (!ROOT_USERS.has(userName(user.user).toLowerCase()) || user.user.includes('$'))) return;
    // `FROM scratch` with no CMD/ENTRYPOINT is an artifact export (`docker build --output`), not a runtime image.
    const family = baseFamily(df, stages, last);
    const runnable = chainInstructions(df, stages, last).some((i) => i instanceof Cmd || i instanceof Entrypoint);
    if (family === 'scratch' && !runnable) return;
    if (!user) {
      const chain = stageChain(df, stages, last);
      const image = resolveImage(df, chain[chain.length - 1].from);
      if (image && (/nonroot/i.test(image.tag ?? '') || /nonroot/i.test(image.name) || imageRepository(image.name).startsWith('chainguard/'))) return;
    }
    // Where the fix goes: before the first CMD/ENTRYPOINT after the root USER, else at the end.
    const after = user && last.instructions.includes(user.instr) ? last.instructions.indexOf(user.instr) : -1;
    const start: Instruction | undefined = last.instructions.slice(after + 1).find((i) => i instanceof Cmd || i instanceof Entrypoint);
    const lines = [createUserLine(family, dataDirs(df, stages, last).map((d) => d.dir)), `USER ${APP_UID}`].filter((l): l is string => !!l);
    const edit = start ? insertBefore(doc, start, lines) : appendLines(doc, lines);
    const fixes = [{ title: `Run as a dedicated user (uid ${APP_UID})`, preferred: false, edits: [ctx.edit(edit.range, edit.newText)] }];
    if (user) {
      ctx.report(user.instr.getRange(), `\`USER ${user.user}\` makes the container run as root: a compromise of the service is root in the container and a step from the host. Create a dedicated user and switch to it with \`USER ${APP_UID}\`.`, { fixes });
    } else {
      ctx.report(firstLineRange(doc, last.from), `The final stage never sets \`USER\`, so the container runs as root: a compromise of the service is root in the container and a step from the host. Create a dedicated user and switch to it with \`USER ${APP_UID}\`.`, { fixes });
    }
  },
});
