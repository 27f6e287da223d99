/**
 * Does a string value look like a secret? The name says "secret" (`X_EMBY_TOKEN`,
 * `DEFAULT_ROOM_REQUIRE_PASSWORD`, `PASSWORD_RESET_TEMPLATE`); the value often says it is something
 * else: a header name, a settings key, a template, a path, a URL, an environment variable name, a
 * flag, a prefix. Pure text tests, no tree: callers run them on the literal's content.
 */
import { identifierWords, isFlagValue, placeholderKind } from '../secretNames';

/** Why a value is not a secret, for messages and tests. */
export type NotSecretReason =
  | 'empty' | 'env-var-name' | 'scheme' | 'format' | 'text' | 'markup' | 'url' | 'path' | 'header-name' | 'key-name' | 'flag' | 'prefix';

/** Words a settings key or map key is made of besides the name's own words (`csrf_token` under `CSRF_COOKIE`). */
const KEY_VOCABULARY = new Set([
  'token', 'tokens', 'password', 'passwd', 'pass', 'secret', 'secrets', 'key', 'keys', 'cookie', 'session', 'id', 'auth', 'api',
  'access', 'refresh', 'bearer', 'jwt', 'csrf', 'xsrf', 'otp', 'credential', 'credentials', 'private', 'client', 'signing',
]);
/** Header names that are bare words (`"Authorization"` under `AUTH_HEADER_TOKEN`). */
const HEADER_WORDS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'www-authenticate', 'x-api-key', 'x-auth-token']);
/** File names of keys, certificates and configuration: a path to the secret, not the secret. */
const FILE_EXT = /\.(pem|key|crt|cer|der|p8|p12|pfx|jks|keystore|pub|json|toml|ya?ml|txt|env|conf|cfg|ini|db|sqlite3?|log)$/i;

/**
 * Why `value` (a literal's content, escapes as written) is not a secret, or undefined when it may
 * be one. `name` is the identifier it is assigned to: a snake/kebab-case value made of the name's
 * own words is a key (`DEFAULT_ROOM_REQUIRE_PASSWORD = "require_password"`). With
 * `placeholdersAreSecrets`, a known placeholder (`"password"`, `"changeme"`) stays a secret even when
 * it reads like the name: a value position (`password: "password".into()`) rather than a key constant.
 */
export function notSecretValue(value: string, name?: string, opts: { placeholdersAreSecrets?: boolean } = {}): NotSecretReason | undefined {
  const v = value.trim();
  if (v === '') return 'empty';
  const placeholder = placeholderKind(v) === 'placeholder';
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v) || /^[A-Z][A-Z]*$/.test(v) && v.length > 1) return 'env-var-name';
  if (/^(Bearer|Basic|Token|Digest)\s*$/i.test(v)) return 'scheme';
  if (/\{[^}]*\}/.test(v) && !/\{\{/.test(v) || /%[sd]/.test(v) || /\$\{[^}]*\}/.test(v)) return 'format';
  if (/<\/?[a-z][a-z0-9]*[\s>/]/i.test(v) || /^#{1,6}\s/.test(v)) return 'markup';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return /[?&][^=&#]*(token|key|secret|password|sig|signature)[^=&#]*=[^&#{]/i.test(v) ? undefined : 'url';
  if (/\s|\\[ntr]/.test(v)) return placeholder && opts.placeholdersAreSecrets !== false ? undefined : 'text';
  if (/^(\/|\.\.?\/|~\/)[\w.\-/{}]*$/.test(v) || /^[\w.\-/\\]+$/.test(v) && FILE_EXT.test(v)) return 'path';
  if (isFlagValue(v)) return 'flag';
  if (HEADER_WORDS.has(v.toLowerCase())) return 'header-name';
  // `X-Emby-Token`, `X-CSRF-Token`, `x-api-key`: words of letters joined by dashes, capitalised or `x-`-led.
  if (/^[A-Za-z]+(-[A-Za-z]+)+$/.test(v) && (v.split('-').every((s) => /^[A-Z]/.test(s)) || /^x-/i.test(v))) return 'header-name';
  // `auto_v1_`, `sk_live_`, `whsec_`: a short word-like prefix that a real value is appended to.
  if (v.length <= 16 && /^[A-Za-z][A-Za-z0-9]*([_-][A-Za-z0-9]+)*[_\-:./]$/.test(v)) return 'prefix';
  if (name && /^[A-Za-z][A-Za-z0-9]*([_.\-:][A-Za-z0-9]+)*$/.test(v) && !(placeholder && opts.placeholdersAreSecrets)) {
    const nameWords = new Set(identifierWords(name));
    // `email.smtp_password`, `auth:api_key`: a namespaced key, judged by its last part.
    const words = identifierWords(v.split(/[.:]/).pop()!);
    // Snake/kebab/dot case (or the name's own words): a key, not a value. Random strings are not made of the name's words.
    if (words.length > 0 && words.some((w) => nameWords.has(w)) && words.every((w) => nameWords.has(w) || KEY_VOCABULARY.has(w))) return 'key-name';
    // `COOKIE_SESSION_ID = "kellnr_session_id"`: two or more of the name's words and one more (an app prefix) name a key too.
    const own = words.filter((w) => nameWords.has(w)).length;
    if (own >= 2 && words.length - own <= 1 && words.length >= 3 && !(placeholder && opts.placeholdersAreSecrets)) return 'key-name';
  }
  return undefined;
}
