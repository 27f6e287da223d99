/**
 * The one list of secret-looking names, shared by every rule that asks "is this a secret?"
 * (log macros, comparisons, literals, config keys, env entries, Dockerfile ENV/ARG).
 * Matching is by whole words of the identifier: `token`, `auth_token`, `jwt_secret`, `apiKey`,
 * `DB_PASSWORD` match; `tokenizer`, `token_count`, `secretary`, `max_tokens` do not.
 * `[rules.<id>] names = [...]` in `.readiness.toml` extends the list for that rule.
 */
import { stringListOption } from '../../server/src/core/engine/config';

/** Single words that name a secret on their own. */
const SECRET_WORDS = [
  'token', 'password', 'passwd', 'secret', 'credential', 'credentials', 'jwt', 'otp', 'cookie', 'passphrase',
  'apikey', 'privkey', 'hmac', 'bearer',
];

/** Multi-word names (matched as consecutive words): `api_key`, `private_key`, `session_id`, `db_key`. */
const SECRET_PHRASES = [
  ['api', 'key'], ['private', 'key'], ['secret', 'key'], ['session', 'id'], ['session', 'key'], ['db', 'key'],
  ['access', 'key'], ['signing', 'key'], ['encryption', 'key'], ['client', 'secret'], ['auth', 'key'], ['master', 'key'],
];

/**
 * Last words that turn a secret word into something that is not a secret: `token_count`,
 * `password_len`, `token_type`, `secret_name`, `cookie_path`.
 */
const NOT_SECRET_SUFFIXES = new Set([
  'count', 'len', 'length', 'size', 'type', 'kind', 'name', 'names', 'id', 'ids', 'idx', 'index', 'path', 'file', 'dir', 'url', 'uri',
  'endpoint', 'header', 'field', 'policy', 'ttl', 'expiry', 'expires', 'expiration', 'exp', 'timeout', 'duration', 'max', 'min', 'limit',
  'hash', 'hashed', 'hasher', 'env', 'var', 'prefix', 'format', 'regex', 'pattern', 'enabled', 'required', 'valid', 'validator', 'store',
  'manager', 'provider', 'service', 'client', 'builder', 'config', 'settings', 'error', 'err', 'result', 'mode', 'source', 'version',
  'method', 'methods', 'alg', 'algorithm', 'algorithms', 'scheme', 'schemes', 'generation', 'epoch', 'revision', 'counter',
]);

/**
 * Words that, anywhere after the secret word, make the name describe the secret rather than hold it:
 * `SECRET_LEN_CLIENTS`, `COOKIE_NAME_HOST`, `TOKEN_TTL_SECS`, `token_endpoint_auth_method`.
 */
const DESCRIPTOR_WORDS = new Set([
  'len', 'length', 'size', 'count', 'ttl', 'timeout', 'expiry', 'expires', 'expiration', 'lifetime', 'name', 'names', 'path', 'type',
  'kind', 'method', 'methods', 'alg', 'algorithm', 'algorithms', 'header', 'headers', 'format', 'prefix', 'url', 'uri', 'endpoint',
  'generation', 'epoch', 'revision', 'counter',
]);

/** Splits an identifier into lower-case words: `authToken` → auth, token; `DB_PASSWORD` → db, password. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export interface SecretNameOptions {
  /** Extra single words or snake_case phrases (`"pin"`, `"license_key"`). */
  extra?: readonly string[];
}

/** True when the identifier names a secret (see the module comment for the rules). */
export function isSecretName(name: string, options: SecretNameOptions = {}): boolean {
  const words = identifierWords(name);
  if (words.length === 0) return false;
  const phrases = [...SECRET_PHRASES];
  const singles = new Set(SECRET_WORDS);
  for (const e of options.extra ?? []) {
    const w = identifierWords(e);
    if (w.length === 1) singles.add(w[0]);
    else if (w.length > 1) phrases.push(w);
  }
  const last = words[words.length - 1];
  for (let i = 0; i < words.length; i++) {
    for (const p of phrases) {
      if (p.every((pw, j) => words[i + j] === pw)) {
        const end = i + p.length - 1;
        // `session_id` is itself a phrase ending in a "not secret" suffix: judge what follows the phrase.
        if (end === words.length - 1 || !NOT_SECRET_SUFFIXES.has(last) && !words.slice(end + 1).some((w) => DESCRIPTOR_WORDS.has(w))) return true;
      }
    }
    if (singles.has(words[i])) {
      if (i === words.length - 1 || !NOT_SECRET_SUFFIXES.has(last) && !words.slice(i + 1).some((w) => DESCRIPTOR_WORDS.has(w))) return true;
    }
  }
  return false;
}

/** Reads `names = [...]` from a rule's options (the `[rules.<id>]` table). */
export function extraSecretNames(options: Readonly<Record<string, unknown>>): string[] {
  return stringListOption(options, 'names');
}

/** Values that stand for "not set yet": shipped defaults that must never reach production. */
const PLACEHOLDERS = new Set([
  'devtoken', 'dev-token', 'dev_token', 'devsecret', 'dev-secret', 'dev_secret', 'devpassword', 'changeme', 'change-me', 'change_me',
  'changeit', 'change-this', 'change_this', 'changethis', 'replaceme', 'replace-me', 'replace_me', 'secret', 'password', 'passwd',
  'admin', 'root', 'test', 'testing', 'example', 'default', 'token', 'mytoken', 'mysecret', 'mypassword', 'todo', 'tbd', 'fixme',
  'placeholder', 'dummy', 'insecure', 'none', 'null', 'dev', 'development', '123456', '12345678', 'password123', 'admin123', 'secret123',
  'letmein', 'supersecret', 'super-secret', 'super_secret', 'qwerty', 'foobar', 'abc123',
]);

/** Values of on/off settings, never secrets: `ALLOW_EMPTY_PASSWORD: "yes"`, `REDIS_AUTH=false`. */
const FLAG_VALUES = new Set(['yes', 'no', 'y', 'n', 'true', 'false', 'on', 'off', 'enabled', 'disabled', 'enable', 'disable', 'required', 'optional', 'allow', 'deny', '0', '1']);

export function isFlagValue(value: string): boolean {
  return FLAG_VALUES.has(value.trim().toLowerCase());
}

/** Passwords that are the documented defaults of service containers (databases, brokers) and examples. */
const SERVICE_DEFAULT_PASSWORDS = new Set([
  'postgres', 'password', 'pass', 'guest', 'root', 'admin', 'secret', 'changeme', 'example', 'test', 'dev', 'mysql', 'mariadb',
  'redis', 'mongo', 'rabbitmq', 'minioadmin', 'sa', 'toor', 'local', 'localdev', 'development',
]);

/**
 * A throw-away credential of a local service: a service container's well-known default password,
 * or one equal to a name beside it (the user, the database, the service: `synctv:synctv`).
 */
export function isThrowAwayPassword(password: string, names: readonly string[] = []): boolean {
  const p = password.trim().toLowerCase();
  return SERVICE_DEFAULT_PASSWORDS.has(p) || names.some((n) => n.trim().toLowerCase() === p);
}

/** The reason a value is a placeholder, or undefined for a real-looking value. */
export function placeholderKind(value: string): 'empty' | 'placeholder' | undefined {
  const v = value.trim();
  if (v === '') return 'empty';
  const lower = v.toLowerCase();
  if (PLACEHOLDERS.has(lower)) return 'placeholder';
  if (/^x{3,}$/i.test(v) || /^\*{3,}$/.test(v) || /^\.{3}$/.test(v)) return 'placeholder';
  if (/^your[-_ ].*([-_ ]here)?$/i.test(v) || /^<[^<>]+>$/.test(v) || /[-_ ]here$/i.test(v) && /^(your|put|insert|enter|set)/i.test(v)) return 'placeholder';
  if (/^(change|replace)[-_ ]?me(?![a-z])/i.test(v) || /^please[-_ ]?(?:change|replace|set)[-_ ]?(?:me|this|it)/i.test(v)) return 'placeholder';
  return undefined;
}
