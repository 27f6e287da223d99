import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { buildContextDirs, copySources, DOCKERIGNORE_PATTERNS, firstLineRange, normalizeContextPath, sourceCovers } from '../shared/dockerfile';

/** What the created `.dockerignore` excludes. */
export const rule = defineDocumentRule({
  meta: {
    id: 'dockerignore-missing',
    title: 'COPY . without .dockerignore',
    priority: 'P1',
    area: 'Security',
    nonTest: false,
    action: 'Add a `.dockerignore` excluding target/, .git/, .env*, data/ and keys',
    docs: {
      lang: 'dockerfile',
      what: 'Flags the first `COPY . …` / `ADD . …` (the whole build context) of a Dockerfile when there is no `.dockerignore` in the build context directory (nor a `<Dockerfile>.dockerignore` beside the Dockerfile). The context is the one the workspace builds the Dockerfile with: a compose service\'s `build:` / `build.context` (relative to the compose file, `context: ../`), a CI step\'s `docker build -f docker/Dockerfile .` (relative to its `working-directory`) or `docker/build-push-action`\'s `context`; a `.dockerignore` in any of them satisfies the rule. Without such a declaration it is the Dockerfile\'s directory, or the workspace root when a Dockerfile in a subdirectory copies files that only exist at the root.',
      why: 'Without `.dockerignore` the whole working tree goes into the image layer: `.env` files with real credentials, private keys, local databases under `data/`, the `.git` history (including deleted secrets) and gigabytes of `target/`. Anyone who can pull the image can read them, and every build uploads them to the daemon.',
      example: '# (no .dockerignore next to the Dockerfile)\nFROM rust:1.82 AS builder\nWORKDIR /app\nCOPY . .',
      useInstead: '# .dockerignore\ntarget/\n.git/\n.env*\ndata/\n*.pem\n*.key',
      fixSafety: 'The fix creates `.dockerignore` in the build context with `target/`, `.git/`, `.env*`, `data/`, `*.pem` and `*.key`. It is preferred unless the Dockerfile explicitly copies one of these paths (then it is offered only, since it would break that COPY).',
      notes: 'The rule does not check what an existing `.dockerignore` contains.',
    },
  },
  fileKinds: ['dockerfile'],
  check(ctx) {
    const doc = ctx.doc;
    const instructions = doc.dockerfile.getInstructions();
    const copyAll = instructions.find((i) => copySources(i).some((s) => normalizeContextPath(s.value) === ''));
    if (!copyAll) return;
    // The contexts the workspace builds it with (compose `build.context`, CI `docker build … <dir>`), else the guessed one.
    const dirs = buildContextDirs(doc, ctx.ws);
    const ignoreOf = (d: string) => (d ? `${d}/.dockerignore` : '.dockerignore');
    if (dirs.some((d) => ctx.ws.exists(ignoreOf(d))) || ctx.ws.exists(`${doc.path}.dockerignore`)) return;
    const dir = dirs[0];
    const ignorePath = ignoreOf(dir);
    const named = instructions.flatMap((i) => copySources(i)).map((s) => normalizeContextPath(s.value)).filter((p) => p !== '');
    const excludesNeeded = named.some((p) => ['target', '.git', 'data'].some((d) => sourceCovers(d, p)) || /(^|\/)\.env|\.(pem|key)$/.test(p));
    const keyword = copyAll.getKeyword();
    ctx.report(firstLineRange(doc, copyAll), `\`${keyword} .\` copies the whole build context${dir ? ` (\`${dir}/\`)` : ''} and there is no \`.dockerignore\`: \`.env\` files, keys, local data, \`.git\` and \`target/\` end up in the image for anyone who can pull it. Add a \`.dockerignore\`.`, {
      fixes: [{
        title: `Create ${ignorePath}`,
        preferred: !excludesNeeded,
        edits: [],
        creates: [{ path: ignorePath, content: DOCKERIGNORE_PATTERNS.join('\n') + '\n' }],
      }],
    });
  },
});
