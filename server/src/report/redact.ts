/**
 * Secrets in the code lines the report quotes and the baseline stores. A report travels further
 * than the repository (pull-request comments, wikis, tickets), so a value that looks like a real
 * secret is replaced by its shape — its first four characters and its length, `"wJal…" (40 chars)` —
 * enough to recognise it, not to use it. Everything else stays as written, because it is what lets
 * a reader judge the finding: names and keys (`api_key`, `POSTGRES_PASSWORD`), references
 * (`${VAR}`, `{{ … }}`), empty values, known placeholders (`changeme`, `devtoken`), and short or
 * word-like values (`hunter2`, `insecure_default_secret`: weak on purpose, and the evidence).
 *
 * A value looks like a real secret when it has a known token format (AWS, GitHub, GitLab, Slack,
 * Stripe, OpenAI, Google, SendGrid keys, JWTs, private-key blocks), or is long and high-entropy:
 * anywhere, 20+ base64/hex-alphabet characters mixing letters and digits at 3.5+ bits per character
 * (not pure hex: that is a commit or digest); where the context says it is a secret (a secret-named
 * key or binding, a URL password, the line of a literal-secret finding), 10+ characters of two
 * classes at 3.0+ bits, or 32+ hex digits.
 */
import { isSecretName, placeholderKind } from '../../../rules/shared/secretNames';

/** Rules whose findings are about a literal secret value on the reported line. */
const SECRET_VALUE_RULES: ReadonlySet<string> = new Set([
  'hardcoded-secret', 'literal-secret-in-env', 'docker-secret-in-env', 'insecure-config-default', 'credentials-in-url',
]);

/** The Markdown/HTML fence language for a file. */
export function languageOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base.endsWith('.rs')) return 'rust';
  if (base.endsWith('.toml') || base === 'Cargo.lock') return 'toml';
  if (/\.ya?ml$/.test(base)) return 'yaml';
  if (/^Dockerfile|\.Dockerfile$/i.test(base)) return 'dockerfile';
  if (base.endsWith('.sql')) return 'sql';
  if (base.startsWith('.env') || base.endsWith('.env')) return 'sh';
  return '';
}

/** Token formats of well-known services: a match is a secret whatever surrounds it. */
const KNOWN_TOKEN = new RegExp([
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, /\bgh[pousr]_[A-Za-z0-9]{30,}/, /\bgithub_pat_[A-Za-z0-9_]{40,}/, /\bglpat-[A-Za-z0-9_-]{20,}/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/, /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{10,}/, /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/,
  /\bAIza[0-9A-Za-z_-]{35}/, /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
].map((r) => r.source).join('|'), 'g');

/** Words joined by separators (`insecure_default_secret`, `astral-sh/setup-uv`, `v1.2-beta`): names, refs and placeholders, not keys. */
function isWordLike(v: string): boolean {
  return v.split(/[-_./]+/).filter(Boolean).every((part) => /^(?:[a-z]+|[A-Z]+|[A-Z][a-z]+|v?\d+)$/.test(part));
}

/** Bits of entropy per character of `s` (Shannon). */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) { const p = n / s.length; h -= p * Math.log2(p); }
  return h;
}

/** A reference or placeholder: the evidence of a finding, never a secret. */
function isEvidence(value: string): boolean {
  const v = value.trim();
  return v === '' || /^\$\{?[A-Za-z_]/.test(v) || v.includes('{{') || placeholderKind(v) !== undefined;
}

/** Whether `value` looks like a real secret; `secretContext` when a name or finding says the value is one. */
export function looksLikeSecret(value: string, secretContext = false): boolean {
  const v = value.trim();
  if (isEvidence(v)) return false;
  KNOWN_TOKEN.lastIndex = 0;
  if (KNOWN_TOKEN.test(v)) return true;
  if (/\s/.test(v) || v.length < (secretContext ? 10 : 20) || isWordLike(v) || v.includes('://')) return false;
  // Hex: a key under a secret's name; elsewhere a commit or digest (`rev = "4f647fc…"`, `sha256:…`).
  if (/^[0-9a-f]+$/i.test(v)) return secretContext && v.length >= 32;
  // Paths and file names (`./keys/jwt.pem`, `/etc/app/config.toml`) are not keys.
  if (/^(?:\.{0,2}\/|~\/)/.test(v) || (v.includes('/') && /\.[A-Za-z][A-Za-z0-9]{0,4}$/.test(v))) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(v)).length;
  if (secretContext) return classes >= 2 && entropy(v) >= 3.0;
  // Without a name saying so, only what random keys are made of: base64/base64url/hex characters,
  // letters and digits mixed (no `@`, `:` or `.` of image refs, hosts and format strings).
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && /[0-9]/.test(v) && /[A-Za-z]/.test(v) && classes >= 2 && entropy(v) >= 3.5;
}

/** `wJal… (40 chars)`: enough to recognise the value, not to use it. */
export function secretShape(value: string, quote = ''): string {
  return `${quote}${[...value].slice(0, 4).join('')}…${quote} (${[...value].length} chars)`;
}

/** A quoted literal: its shape when its content looks like a secret (a known token inside is shaped alone). */
function redactQuoted(literal: string, secretContext: boolean): string {
  const q = literal[0];
  const inner = literal.slice(1, -1);
  if (!looksLikeSecret(inner, secretContext)) return literal;
  KNOWN_TOKEN.lastIndex = 0;
  const token = KNOWN_TOKEN.exec(inner);
  if (token && token[0] !== inner) return q + inner.replace(KNOWN_TOKEN, (t) => secretShape(t)) + q;
  return secretShape(inner, q);
}

/** A literal that names something (`"API_TOKEN"`, `"db.password"`), not a value. */
function isNameLiteral(literal: string): boolean {
  const inner = literal.slice(1, -1);
  return /^[A-Za-z_][\w.-]*$/.test(inner) && (/^[A-Z][A-Z0-9_]*$/.test(inner) || isSecretName(inner)) && !looksLikeSecret(inner);
}

/** Name (optionally quoted, optionally typed: `token: &str`), `=` or `:`, then a quoted or bare value. */
const ASSIGNMENT = /(["']?)([A-Za-z_][\w.-]*)\1(\s*:\s*&?(?:'static\s+)?[A-Za-z_][\w:<>]*)?(\s*[=:]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;)}\]"'#=]+)/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'<>]*):([^\s/@"'<>]+)@/gi;
const DOUBLE_QUOTED = /"(?:[^"\\]|\\.)*"/g;
const ANY_QUOTED = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;

/**
 * `line` with every value that looks like a real secret replaced by its shape. `secretValue`: the
 * line is that of a finding about a literal secret, so its values are judged as secrets.
 */
export function redactSecrets(line: string, lang: string, secretValue = false): string {
  let out = line.replace(URL_PASSWORD, (m, head: string, pass: string) => (looksLikeSecret(pass, true) ? `${head}:${secretShape(pass)}@` : m));
  out = out.replace(ASSIGNMENT, (m, _q: string, name: string, typed: string | undefined, sep: string, value: string) => {
    if (typed && !sep.includes('=')) return m;
    const context = secretValue || isSecretName(name);
    const prefix = m.slice(0, m.length - value.length);
    if (value.startsWith('"') || value.startsWith("'")) return isNameLiteral(value) ? m : prefix + redactQuoted(value, context);
    // In Rust a bare value is an expression (a variable, a call), never a literal secret.
    if (lang === 'rust' || value.includes('…')) return m;
    return looksLikeSecret(value, context) ? prefix + secretShape(value) : m;
  });
  // Literals outside assignments: an env fallback `env::var("API_TOKEN").unwrap_or("…")`, a call argument.
  const literals = lang === 'rust' ? DOUBLE_QUOTED : ANY_QUOTED;
  const secretNamed = (out.match(literals) ?? []).some((l) => isNameLiteral(l) && isSecretName(l.slice(1, -1)));
  out = out.replace(literals, (l) => (isNameLiteral(l) ? l : redactQuoted(l, secretValue || secretNamed)));
  // Known token formats anywhere else (a bare `Authorization: Bearer eyJ…`).
  return out.replace(KNOWN_TOKEN, (t) => secretShape(t));
}

/** The code line of a finding as the report and the baseline show it. */
export function redactCodeLine(ruleId: string, path: string, line: string): string {
  return redactSecrets(line, languageOf(path), SECRET_VALUE_RULES.has(ruleId));
}
