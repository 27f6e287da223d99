import { defineDocumentRule } from '../../server/src/engine/rule';
import { tomlEntries, tomlRange } from '../../server/src/parsers/toml';
import type { Range } from '../../server/src/engine/types';
import { extraSecretNames, identifierWords, isSecretName, placeholderKind } from '../shared/secretNames';
import { isAppConfigToml, isTemplateFile } from '../shared/configFiles';

/** `db_key`, `encryption_key`, `sqlcipher_key`: keys whose absence turns off encryption at rest. */
function isEncryptionKeyName(name: string): boolean {
  const w = identifierWords(name);
  const s = w.join('_');
  return /(^|_)(db|database|sqlcipher|storage|encryption|at_rest|store)_key$/.test(s) || s === 'sqlcipher_key';
}

interface Candidate { name: string; value: string; at: Range; keyAt: Range }

export const rule = defineDocumentRule({
  meta: {
    id: 'insecure-config-default',
    title: 'Secret in config set to an empty or placeholder value',
    priority: 'P0',
    area: 'Security',
    nonTest: true,
    action: 'Remove placeholder secrets (`devtoken`, `changeme`, empty keys) from shipped config; require real values at startup',
    docs: {
      lang: 'toml',
      what: 'In application config files (any `.toml` except Cargo/cargo-deny/toolchain/rustfmt/clippy manifests, and `.env`, `.env.*`, `*.env` files), flags a secret-named key (token, password, secret, api_key, db_key, …) whose value is empty or a known placeholder (`devtoken`, `changeme`, `secret`, `password`, `admin`, `test`, `example`, `xxx`, `your_…_here`).',
      why: 'Example and default config files get copied into deployments. A server started with `auth_token = "devtoken"` accepts anyone who read the README; `db_key = ""` silently turns off SQLCipher and writes the database in plaintext. The service should refuse to start with such values in production instead.',
      example: '# config.toml\nauth_token = "devtoken"\ndb_key = ""',
      useInstead: '# config.toml: secrets come from the environment or a secret store\n# auth_token: set QPC_AUTH_TOKEN\n# db_key: set QPC_DB_KEY (required in production)',
      fixSafety: 'No quick-fix: the right value is a secret that must come from outside the repository.',
      notes: 'Secret names come from the shared list; extend it with `[rules.insecure-config-default] names = ["pin"]`. In template files (`.env.example`, `*.sample.toml`) an empty value is the expected "fill me in" and is not reported; placeholders still are. Test and fixture files are skipped.',
    },
  },
  fileKinds: ['toml', 'env'],
  check(ctx) {
    const doc = ctx.doc;
    const extra = extraSecretNames(ctx.options);
    const candidates: Candidate[] = [];
    if (doc.kind === 'toml') {
      if (!isAppConfigToml(doc.path) || !doc.toml.ast) return;
      for (const e of tomlEntries(doc.toml.ast)) {
        if (e.value.type !== 'TOMLValue' || e.value.kind !== 'string') continue;
        candidates.push({ name: e.path[e.path.length - 1], value: e.value.value, at: tomlRange(doc.index, e.value), keyAt: tomlRange(doc.index, e.keyNode) });
      }
    } else {
      for (const e of doc.entries) candidates.push({ name: e.key, value: e.value, at: e.valueRange, keyAt: e.keyRange });
    }
    const template = isTemplateFile(doc.path);
    for (const c of candidates) {
      if (!isSecretName(c.name, { extra })) continue;
      const kind = placeholderKind(c.value);
      if (!kind || (kind === 'empty' && template)) continue;
      // An empty .env value has no width: point at the key instead.
      const range = c.at.start.line === c.at.end.line && c.at.start.character === c.at.end.character ? c.keyAt : c.at;
      let message: string;
      if (kind === 'empty' && isEncryptionKeyName(c.name)) {
        message = `\`${c.name}\` is empty: an empty key disables encryption at rest, so the database is written in plaintext. Require a non-empty key in production (fail at startup without one) and supply it from the environment or a secret store.`;
      } else if (kind === 'empty') {
        message = `\`${c.name}\` is empty: a service started with this config runs with no ${c.name} (weak or no authentication). Require a real value at startup and supply it from the environment or a secret store.`;
      } else {
        message = `\`${c.name}\` is set to the placeholder "${c.value}": anyone who has read this file can use it. Deployments copy example config; remove the value, require a real one at startup and supply it from the environment or a secret store.`;
      }
      ctx.report(range, message);
    }
  },
});
