/**
 * Secret values are masked in the code lines the report quotes and the baseline stores: a report
 * is shared more widely than the repository (pull-request comments, wikis, tickets), and a rule
 * that finds a hard-coded API key must not copy the key into it. Masked: the password of a URL
 * (`postgres://app:****@db`); the value given to a secret-named key, field or binding
 * (`api_key = "****"`, `JWT_SECRET=****`, `password: ****`, `const API_TOKEN: &str = "****"`);
 * on the line of a finding about a literal secret value, every literal value (a Kubernetes
 * `value: ****`, an env fallback `env::var("API_TOKEN").unwrap_or("****")`). Kept visible, because
 * they are the evidence of the finding and not secrets: empty values, references (`${VAR}`,
 * `$VAR`, `{{ … }}`), environment variable names and known placeholders (`changeme`, `devtoken`,
 * `your_key_here`).
 */
import { isSecretName, placeholderKind } from '../../../rules/shared/secretNames';

const MASK = '****';

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

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

function keep(value: string): boolean {
  const v = value.trim();
  return v === '' || /^\$\{?[A-Za-z_]/.test(v) || v.includes('{{') || placeholderKind(v) !== undefined;
}

function maskQuoted(literal: string): string {
  const inner = literal.slice(1, -1);
  return keep(inner) ? literal : `${literal[0]}${MASK}${literal[0]}`;
}

/** A string literal that names something (`"API_TOKEN"`, `"db.password"`), not a value. */
function isNameLiteral(literal: string): boolean {
  return /^["'][A-Za-z_][\w.-]*["']$/.test(literal) && (ENV_NAME.test(literal.slice(1, -1)) || isSecretName(literal.slice(1, -1)));
}

/** Name (optionally quoted, optionally typed: `token: &str`), `=` or `:`, then a quoted or bare value. */
const ASSIGNMENT = /(["']?)([A-Za-z_][\w.-]*)\1(\s*:\s*&?(?:'static\s+)?[A-Za-z_][\w:<>]*)?(\s*[=:]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;)}\]"'#=]+)/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"'<>]*):([^\s/@"'<>]+)@/gi;
const RUST_STRING = /"(?:[^"\\]|\\.)*"/g;

export function redactSecrets(line: string, lang: string, secretValue = false): string {
  let out = line.replace(URL_PASSWORD, (m, head: string, pass: string) => (keep(pass) ? m : `${head}:${MASK}@`));
  out = out.replace(ASSIGNMENT, (m, _q: string, name: string, typed: string | undefined, sep: string, value: string) => {
    const secretName = isSecretName(name);
    if (!secretName && !secretValue) return m;
    if (typed && !sep.includes('=')) return m;
    // A URL under a name that is not a secret's keeps its shape: only its password (masked above) hides.
    if (!secretName && value.includes('://')) return m;
    const prefix = m.slice(0, m.length - value.length);
    if (value.startsWith('"') || value.startsWith("'")) {
      if (!secretName && isNameLiteral(value)) return m;
      return prefix + maskQuoted(value);
    }
    // In Rust a bare value is an expression (a variable, a call), never a literal secret.
    if (lang === 'rust' || keep(value) || /^(true|false|null|~)$/i.test(value)) return m;
    if (!secretName && ENV_NAME.test(value)) return m;
    return prefix + MASK;
  });
  if (lang === 'rust') {
    const literals = out.match(RUST_STRING) ?? [];
    // `env::var("API_TOKEN").unwrap_or("…")`: a secret's name in a literal, its fallback in another.
    if (secretValue || literals.some((l) => isNameLiteral(l) && isSecretName(l.slice(1, -1)))) {
      out = out.replace(RUST_STRING, (l) => (isNameLiteral(l) ? l : maskQuoted(l)));
    }
  }
  return out;
}

/** The code line of a finding as the report and the baseline show it. */
export function redactCodeLine(ruleId: string, path: string, line: string): string {
  return redactSecrets(line, languageOf(path), SECRET_VALUE_RULES.has(ruleId));
}
