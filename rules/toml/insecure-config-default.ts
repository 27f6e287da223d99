import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import type { ParsedDocument } from '../../server/src/core/parsers/document';
import type { Range } from '../../server/src/core/engine/types';
import { extraSecretNames, identifierWords, isSecretName, placeholderKind } from '../shared/secretNames';
import { isAppConfigToml, isAppConfigYamlPath, isPlaceholderPhrase, isTemplateFile, normalizePhrase } from '../shared/configFiles';
import { configValues, isJsonDocument } from '../shared/configValues';
import { isComposeFile, k8sObjects } from '../shared/yamlKinds';

/** `db_key`, `encryption_key`, `sqlcipher_key`: keys whose absence turns off encryption at rest. */
function isEncryptionKeyName(name: string): boolean {
  const w = identifierWords(name);
  const s = w.join('_');
  return /(^|_)(db|database|sqlcipher|storage|encryption|at_rest|store)_key$/.test(s) || s === 'sqlcipher_key';
}

/** Names this rule adds to the shared list: the seeds keys are derived from. */
const RULE_NAMES = ['key_seed', 'seed_key', 'secret_seed', 'master_seed', 'signing_seed', 'private_seed', 'secret_key_base'];

/** What `collect` found in one document: findings, ready to report. */
interface Found { key: string; range: Range; message: string; hygiene: boolean }

/** The placeholder a value is, single word (`changeme`), phrase (`change me please`) or leetspeak (`ch4ngeme`). */
function placeholderOf(value: string): 'empty' | 'placeholder' | undefined {
  const kind = placeholderKind(value);
  if (kind) return kind;
  if (isPlaceholderPhrase(value)) return 'placeholder';
  const squashed = normalizePhrase(value).replace(/ /g, '');
  return squashed && squashed !== value.toLowerCase() && /^[a-z]+$/.test(squashed) && placeholderKind(squashed) === 'placeholder' ? 'placeholder' : undefined;
}

/** Which documents hold application configuration this rule reads. */
function readsDocument(doc: ParsedDocument): boolean {
  switch (doc.kind) {
    case 'toml': return isAppConfigToml(doc.path) && !!doc.toml.ast;
    case 'env': case 'rust': return true;
    case 'yaml': return isAppConfigYamlPath(doc.path) && !doc.yaml.templated && !isComposeFile(doc) && k8sObjects(doc).length === 0;
    default: return isJsonDocument(doc);
  }
}

/** Every secret-candidate value of the document (the key is judged in `check`, where the options are). */
function findIn(doc: ParsedDocument): Found[] {
  if (!readsDocument(doc)) return [];
  const out: Found[] = [];
  const template = isTemplateFile(doc.path);
  // Rust: only literals that are placeholders (a text test before any tree lookup); empty defaults are "unset".
  const values = configValues(doc, (v) => placeholderOf(v) === 'placeholder');
  for (const c of values) {
    if (!c.key) continue;
    const kind = placeholderOf(c.value);
    if (!kind || (kind === 'empty' && c.source === 'rust')) continue;
    const encryption = kind === 'empty' && isEncryptionKeyName(c.key);
    // An empty value in a template is the expected "fill me in"; an empty encryption key stays (audit profile).
    if (kind === 'empty' && template && !encryption) continue;
    // An empty value with no width: point at the key instead.
    const at = c.start === c.end && c.keyStart !== undefined && c.keyEnd !== undefined ? [c.keyStart, c.keyEnd] : [c.start, c.end];
    const range = doc.index.range(at[0], at[1]);
    let message: string;
    let hygiene = false;
    if (encryption) {
      message = `\`${c.key}\` is empty: an empty key disables encryption at rest, so the database is written in plaintext. Require a non-empty key in production (fail at startup without one) and supply it from the environment or a secret store.`;
      hygiene = template;
    } else if (kind === 'empty') {
      message = `\`${c.key}\` is empty: a service started with this config runs with no ${c.key} (weak or no authentication). Require a real value at startup and supply it from the environment or a secret store.`;
      // Empty means "not set": whether the service then refuses to start or runs open is the code's decision.
      hygiene = true;
    } else if (c.source === 'rust') {
      message = `\`${c.key}\` defaults to the placeholder "${c.value}" in \`${c.owner}\`: every install that does not override it shares this secret. Remove the default and require a real value at startup (from the environment or a secret store).`;
    } else {
      message = `\`${c.key}\` is set to the placeholder "${c.value}": anyone who has read this file can use it. Deployments copy example config; remove the value, require a real one at startup and supply it from the environment or a secret store.`;
    }
    out.push({ key: c.key, range, message, hygiene });
  }
  return out;
}

export const rule = defineWorkspaceRule<Found[]>({
  meta: {
    id: 'insecure-config-default',
    title: 'Secret in config set to an empty or placeholder value',
    priority: 'P0',
    area: 'Security',
    nonTest: true,
    action: 'Remove placeholder secrets (`devtoken`, `changeme`, empty keys) from shipped config; require real values at startup',
    docs: {
      lang: 'toml',
      what: 'In application config (any `.toml` except Cargo/cargo-deny/toolchain/rustfmt/clippy manifests; `.env`, `.env.*` and `*.env` files; YAML app config such as `config.yaml` (not CI, compose or Kubernetes files); JSON/JSON5/HJSON config files; and the defaults compiled into Rust: `impl Default for …Config` and serde `fn default_*`), flags a secret-named key (token, password, secret, api_key, db_key, key_seed, …) whose value is empty or a placeholder: known words (`devtoken`, `changeme`, `secret`, `password`, `admin`, `test`, `xxx`) and placeholder phrases in any case, spacing or leetspeak (`change me please`, `put your secret here`, `<generate one>`, `RanD0m STR1ng`, `your_…_here`).',
      why: 'Example and default config files get copied into deployments. A server started with `auth_token = "devtoken"` accepts anyone who read the README; `db_key = ""` silently turns off SQLCipher and writes the database in plaintext. The service should refuse to start with such values in production instead.',
      example: '# config.toml\nauth_token = "devtoken"\ndb_key = ""',
      useInstead: '# config.toml: secrets come from the environment or a secret store\n# auth_token: set QPC_AUTH_TOKEN\n# db_key: set QPC_DB_KEY (required in production)',
      fixSafety: 'No quick-fix: the right value is a secret that must come from outside the repository.',
      notes: 'Secret names come from the shared list (plus `key_seed`-style seeds); extend it with `[rules.insecure-config-default] names = ["pin"]`. A placeholder is reported in template files too (`.env.example`, `*.sample.toml`): an entrypoint that copies the template as the live config makes every install share it. Audit profile only (hygiene): an empty value that is not an encryption key (empty means "not set"; whether the service then refuses to start or runs without that feature is the code\'s decision, e.g. optional auth), and an empty encryption key (`db_key = ""`, `QPC_DB_KEY=`) in a template file (the server started from it runs without encryption at rest, but the template asks to be filled in). Other empty values in templates are not reported. In Rust defaults only placeholders count (an empty default is "unset"). Test and fixture files and test code are skipped.',
    },
  },
  collect(doc) {
    const found = findIn(doc);
    return found.length ? found : undefined;
  },
  check(ctx) {
    const extra = [...RULE_NAMES, ...extraSecretNames(ctx.options)];
    for (const [path, found] of ctx.collected) {
      for (const f of found) if (isSecretName(f.key, { extra })) ctx.report(path, f.range, f.message, f.hygiene ? { tier: 'hygiene' } : undefined);
    }
  },
});
