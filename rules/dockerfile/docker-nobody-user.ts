import { defineDocumentRule } from '../../server/src/core/engine/rule';
import {
  APP_UID, baseFamily, createUserLine, dataDirs, effectiveUser, userName,
  runtimeStages,
} from '../shared/dockerfile';

const NOBODY = new Set(['nobody', '65534']);

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-nobody-user',
    title: 'Container runs as nobody',
    priority: 'P2',
    area: 'Deployment',
    nonTest: false,
    action: 'Replace `USER nobody` with a dedicated user that owns the data directory',
    docs: {
      lang: 'dockerfile',
      what: 'Flags `USER nobody` (or uid 65534) in effect in the final stage. The message names the data directory the image declares (`ENV *_DATA_DIR`, `VOLUME`), if any.',
      why: '`nobody` is not root, which is good, but it has no writable home (`/nonexistent`) and owns nothing: a server that writes its database, generated TLS keys or caches to a data directory fails at start-up (or on first write) with "permission denied". `nobody` is also shared by every other service using the same trick, so file ownership stops meaning anything.',
      example: 'ENV CHAT_DATA_DIR=/var/lib/chat\nUSER nobody\nCMD ["chat-server"]',
      useInstead: 'ENV CHAT_DATA_DIR=/var/lib/chat\nRUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app && mkdir -p /var/lib/chat && chown 10001:10001 /var/lib/chat\nUSER 10001\nCMD ["chat-server"]',
      fixSafety: 'The fix replaces `USER nobody` with a `RUN` creating system user `app` (uid 10001; `adduser -S` on Alpine) that owns the data directories, followed by `USER 10001`. It is offered, not preferred: volumes that already hold files owned by 65534 need a `chown` on the host. No fix on scratch/distroless images (no shell to create users).',
      notes: 'Only the `USER` in effect in the final stage counts (a later `USER` overrides it; stages the final one is built `FROM` are followed). Data directories are `ENV` keys ending in `DATA_DIR`, `DATA_PATH` or `DATA_HOME` with an absolute value, and `VOLUME` paths. Dockerfiles under `.devcontainer/` are not checked.',
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
    if (!user || !NOBODY.has(userName(user.user).toLowerCase())) return;
    const dirs = dataDirs(df, stages, last);
    const named = dirs.length
      ? `, so it cannot write to ${dirs.map((d) => `\`${d.dir}\` (${d.via})`).join(', ')}`
      : '';
    const message = `\`USER ${user.user}\` runs the service as \`nobody\`, which has no writable home and owns no data directory${named}. Create a dedicated user with a known uid that owns the data directory and use \`USER ${APP_UID}\`.`;
    const create = createUserLine(baseFamily(df, stages, last), dirs.map((d) => d.dir));
    const fixes = create ? [{
      title: `Use a dedicated user (uid ${APP_UID}) owning the data directory`,
      preferred: false,
      edits: [ctx.edit(user.instr.getRange(), `${create}${doc.index.eol}USER ${APP_UID}`)],
    }] : [];
    ctx.report(user.instr.getRange(), message, { fixes, related: dirs.map((d) => ({ path: doc.path, range: d.range, message: `data directory \`${d.dir}\` (${d.via})` })) });
  },
});
