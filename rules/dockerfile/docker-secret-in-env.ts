import { Arg, Env } from 'dockerfile-ast';
import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { extraSecretNames, isSecretName } from '../shared/secretNames';

/** A value that only references a variable (`$X`, `${X}`, `${X:?msg}`): not a literal. */
const VARIABLE_ONLY = /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*)?\})$/;

/** True when an ENV/ARG value is a literal secret: non-empty, not a variable, not a secrets-file path. */
function isLiteralValue(value: string): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
  if (v === '' || VARIABLE_ONLY.test(v)) return false;
  if (/^\/run\/secrets\//.test(v)) return false;
  return true;
}

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-secret-in-env',
    title: 'Secret baked into the image',
    priority: 'P0',
    area: 'Security',
    nonTest: false,
    action: 'Pass secrets at run time (secret store, `--mount=type=secret`), never in `ENV`/`ARG`',
    docs: {
      lang: 'dockerfile',
      what: 'Flags an `ENV` or `ARG` whose key is secret-named (token, password, secret, api_key, jwt, private_key, credential, db_key, …) and whose value is a literal. `ARG TOKEN` without a default, an empty value, `ENV TOKEN=$TOKEN` and `/run/secrets/…` paths are not literals.',
      why: '`ENV` values are stored in the image config and `ARG` values in the build history: anyone who can pull the image reads them with `docker inspect` / `docker history`, and every container started from it shares the same secret. A placeholder such as `changeme` that is never overridden becomes the production secret.',
      example: 'ENV JWT_SECRET=changeme\nARG NPM_TOKEN=npm_abc123',
      useInstead: '# provided by the orchestrator at run time (Kubernetes Secret, compose secrets)\n# and, for build-time secrets:\nRUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) make',
      fixSafety: 'No quick-fix: the secret has to move to the deployment, and a secret that was in an image must be rotated.',
      notes: 'Secret names come from the shared list; extend it with `[rules.docker-secret-in-env] names = ["pin"]`. A `${X:-default}` fallback counts as a literal (the default is baked in).',
    },
  },
  fileKinds: ['dockerfile'],
  check(ctx) {
    const extra = extraSecretNames(ctx.options);
    for (const instr of ctx.doc.dockerfile.getInstructions()) {
      if (!(instr instanceof Env) && !(instr instanceof Arg)) continue;
      for (const p of instr.getProperties()) {
        const value = p.getValue();
        if (value === null || !isSecretName(p.getName(), { extra }) || !isLiteralValue(p.getUnescapedValue() ?? value)) continue;
        const kw = instr.getKeyword();
        const where = kw === 'ENV' ? 'the image config (`docker inspect`)' : 'the build history (`docker history`)';
        ctx.report(p.getRange(), `\`${kw} ${p.getName()}\` sets a secret to a literal value: it is stored in ${where} for anyone who can pull the image. Provide it at run time from a secret store${kw === 'ARG' ? ' or a `--mount=type=secret` build secret' : ''}, and rotate it.`);
      }
    }
  },
});
