import { Cmd, Copy, Add, Entrypoint, type JSONInstruction, Run, type Instruction } from 'dockerfile-ast';
import { defineDocumentRule } from '../../server/src/core/engine/rule';
import type { DockerfileDocument } from '../../server/src/core/parsers/document';
import {
  APP_UID, NONROOT_USER, appendLines, baseFamily, chainInstructions, commandText, createUserLine, dataDirs, effectiveUser, firstLineRange,
  imageRepository, insertBefore, isExecForm, isIntermediateImage, producingDockerfile, resolveImage, stageChain, stagesOf, userName,
  runtimeStages, deploymentsRunning, type Stage,
} from '../shared/dockerfile';

const ROOT_USERS = new Set(['root', '0']);
const isRootUser = (u: string) => ROOT_USERS.has(userName(u).toLowerCase());

/** Tools an entrypoint uses to drop root privileges before starting the service. */
const DROP_TOOL_RE = /(?:^|[\s/"'])(gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst)(?=[\s"']|$)/;
/** Drop tools that are not part of the base system: installing or copying one is the sign an entrypoint script uses it. */
const INSTALLED_DROP_TOOL_RE = /(?:^|[\s/=:"'])(gosu|su-exec|s6-setuidgid|s6-overlay)(?=[\s/@:"'_.-]|$)/;

/** The user a drop-tool invocation switches to (`gosu app server`, `setpriv --reuid=app …`), if the text says. */
function dropTarget(tool: string, rest: string): string | undefined {
  const words = rest.trim().split(/\s+/).map((w) => w.replace(/^["']|["',]$/g, ''));
  switch (tool) {
    case 'setpriv': {
      const m = /--reuid(?:=|\s+)(\S+)/.exec(rest);
      return m?.[1].replace(/["',]/g, '');
    }
    case 'runuser': {
      const i = words.findIndex((w) => w === '-u' || w === '--user');
      return i >= 0 ? words[i + 1] : words.find((w) => !w.startsWith('-'));
    }
    case 'chpst': {
      const i = words.indexOf('-u');
      return i >= 0 ? words[i + 1] : undefined;
    }
    default:
      return words.find((w) => !w.startsWith('-'));
  }
}

/** The text of an ENTRYPOINT/CMD/RUN: exec-form strings joined by spaces, else the shell text. */
function instructionText(doc: DockerfileDocument, instr: Instruction): string {
  if (isExecForm(instr)) return (instr as JSONInstruction).getJSONStrings().map((j) => j.getJSONValue()).join(' ');
  return commandText(doc, instr)?.text ?? '';
}

/**
 * True when the image starts as root but drops to a non-root user before the service runs:
 * `ENTRYPOINT ["gosu", "app", "server"]` (or su-exec, setpriv, runuser, s6-setuidgid, chpst) to a
 * user other than root, or an entrypoint script in an image that installs such a tool (gosu,
 * su-exec, s6-overlay): the script itself cannot be read (shell scripts are not workspace documents),
 * so the installed tool is taken as the sign that it drops privileges.
 */
function dropsPrivileges(doc: DockerfileDocument, instructions: readonly Instruction[]): boolean {
  const lastOf = <T extends Instruction>(cls: new (...a: never[]) => T) => [...instructions].reverse().find((i): i is T => i instanceof cls);
  const starts = [lastOf(Entrypoint), lastOf(Cmd)].filter((i): i is Entrypoint | Cmd => !!i);
  if (starts.length === 0) return false;
  const startText = starts.map((i) => instructionText(doc, i)).join(' ');
  const m = DROP_TOOL_RE.exec(startText);
  if (m) {
    const target = dropTarget(m[1], startText.slice(m.index + m[0].length));
    return target === undefined || target.includes('$') || !isRootUser(target);
  }
  const first = startText.trim().split(/\s+/)[0] ?? '';
  const script = /\.(sh|bash)$|entrypoint|^\/init$|docker-start|start\.sh/i.test(first);
  if (!script) return false;
  return instructions.some((i) => {
    if (i instanceof Run) return INSTALLED_DROP_TOOL_RE.test(instructionText(doc, i));
    if (i instanceof Copy || i instanceof Add) return INSTALLED_DROP_TOOL_RE.test(i.getArgumentsContent() ?? '') || INSTALLED_DROP_TOOL_RE.test((i as Copy).getFromFlag?.()?.getValue() ?? '');
    return false;
  });
}

/** A base image built by another Dockerfile of the workspace whose final stage sets a non-root USER. */
function inheritsNonRootUser(ctx: { ws: Parameters<typeof producingDockerfile>[0] }, image: { name: string } | undefined, self: string): boolean {
  if (!image) return false;
  const parent = producingDockerfile(ctx.ws, image);
  if (!parent || parent.path === self) return false;
  const stages = stagesOf(parent.dockerfile);
  const last: Stage | undefined = stages[stages.length - 1];
  const user = last && effectiveUser(parent.dockerfile, stages, last);
  return !!user && !isRootUser(user.user);
}

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
      what: 'Flags a final stage that never sets `USER` (itself or through the stages it is built `FROM`), or whose last `USER` is `root` / `0`. Accepted: base images that default to a non-root user (`…:nonroot` distroless tags, Chainguard images other than `wolfi-base`), a base image built by another Dockerfile of the workspace whose final `USER` is non-root, and an image that starts as root but drops privileges before the service runs: `ENTRYPOINT`/`CMD` running `gosu`, `su-exec`, `setpriv --reuid`, `runuser`, `s6-setuidgid` or `chpst -u` to a non-root user, or an entrypoint script (`*.sh`, `*entrypoint*`, s6-overlay\'s `/init`) in an image that installs or copies `gosu`, `su-exec` or s6-overlay.',
      why: 'A process running as root inside the container is root on the container\'s filesystem and, after any container escape or a misconfigured volume mount, root on the node. A remote-code-execution bug in the service then hands over everything the runtime can reach.',
      example: 'FROM debian:bookworm-slim\nCOPY --from=builder /app/server /usr/local/bin/server\nCMD ["server"]',
      useInstead: 'FROM debian:bookworm-slim\nCOPY --from=builder /app/server /usr/local/bin/server\nRUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app\nUSER 10001\nCMD ["server"]',
      fixSafety: 'The fix inserts, before the first `CMD`/`ENTRYPOINT` (or at the end), what works on the final stage\'s base image: on Debian/Ubuntu (and other glibc distributions) a `RUN groupadd … && useradd --system --uid 10001 …` and `USER 10001`; on Alpine, BusyBox and Wolfi, which have no `useradd`, `RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 …` and `USER 10001`; on `scratch` and distroless images, which have no shell, no `RUN` at all but `USER 65532:65532` (distroless\' `nonroot` uid; a numeric user needs no passwd entry). The created user owns the data directories the stage names. It is offered, not preferred: the service may write to root-owned paths or bind a port below 1024.',
      notes: 'A numeric `USER` lets Kubernetes verify `runAsNonRoot`; pair it with `k8s-runs-as-root` for the pod side. Not checked: Dockerfiles under `.devcontainer/` (editor environments) and a final `FROM scratch` stage without `CMD`/`ENTRYPOINT` (an artifact export for `docker build --output`) — unless a production compose service builds or runs the image, or a Kubernetes manifest runs an image its builds produce: then it is the runtime image, its command given there, and it is judged. Shell scripts are not workspace documents, so an entrypoint script is not read: an installed `gosu`/`su-exec`/s6-overlay is taken as the sign it drops privileges, and a script using `setpriv`/`runuser` from the base system is not recognised (suppress the finding with a comment). Audit profile only (hygiene): a Dockerfile that builds an intermediate base image, named so (`Dockerfile.base`, `base.Dockerfile`) or whose image (compose `image:`, `docker build -t`, build-push-action `tags`) another Dockerfile of the workspace builds `FROM`: the images built on it are the ones that run.',
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
    if (user && (!isRootUser(user.user) || user.user.includes('$'))) return;
    // `FROM scratch` with no CMD/ENTRYPOINT is an artifact export (`docker build --output`), not a
    // runtime image — unless a compose file or Kubernetes manifest runs it (the command comes from there).
    const family = baseFamily(df, stages, last);
    const instructions = chainInstructions(df, stages, last);
    const runnable = instructions.some((i) => i instanceof Cmd || i instanceof Entrypoint);
    const deployedBy = family === 'scratch' && !runnable ? deploymentsRunning(doc, ctx.ws) : [];
    if (family === 'scratch' && !runnable && deployedBy.length === 0) return;
    if (!user) {
      const chain = stageChain(df, stages, last);
      const image = resolveImage(df, chain[chain.length - 1].from);
      const repo = image ? imageRepository(image.name) : '';
      if (image && (/nonroot/i.test(image.tag ?? '') || /nonroot/i.test(image.name) || repo.startsWith('chainguard/') && !repo.endsWith('/wolfi-base'))) return;
      if (inheritsNonRootUser(ctx, image, doc.path)) return;
    }
    if (dropsPrivileges(doc, instructions)) return;
    // A base image other Dockerfiles build FROM: the images built on it decide the user.
    const tier = isIntermediateImage(doc, ctx.ws) ? { tier: 'hygiene' as const } : {};
    const intermediate = (tier.tier ? ' (This Dockerfile builds a base image for others: set the user there or in every image built on it.)' : '')
      + (deployedBy.length ? ` (${deployedBy[0]} runs this image: it is the runtime image, its command set there.)` : '');
    // Where the fix goes: before the first CMD/ENTRYPOINT after the root USER, else at the end.
    const after = user && last.instructions.includes(user.instr) ? last.instructions.indexOf(user.instr) : -1;
    const start: Instruction | undefined = last.instructions.slice(after + 1).find((i) => i instanceof Cmd || i instanceof Entrypoint);
    // No shell on scratch/distroless: a numeric user needs no passwd entry; elsewhere create one.
    const create = createUserLine(family, dataDirs(df, stages, last).map((d) => d.dir));
    const target = create ? String(APP_UID) : NONROOT_USER;
    const lines = create ? [create, `USER ${target}`] : [`USER ${target}`];
    const edit = start ? insertBefore(doc, start, lines) : appendLines(doc, lines);
    const fixes = [{ title: create ? `Run as a dedicated user (uid ${APP_UID})` : `Run as the non-root uid ${NONROOT_USER}`, preferred: false, edits: [ctx.edit(edit.range, edit.newText)] }];
    const how = create ? `Create a dedicated user and switch to it with \`USER ${target}\`` : `The image has no shell to create users: switch to a numeric user with \`USER ${target}\``;
    if (user) {
      ctx.report(user.instr.getRange(), `\`USER ${user.user}\` makes the container run as root: a compromise of the service is root in the container and a step from the host. ${how}.${intermediate}`, { fixes, ...tier });
    } else {
      ctx.report(firstLineRange(doc, last.from), `The final stage never sets \`USER\`, so the container runs as root: a compromise of the service is root in the container and a step from the host. ${how}.${intermediate}`, { fixes, ...tier });
    }
  },
});
