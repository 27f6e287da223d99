/** Which files are application configuration (as opposed to tool manifests), decided by path. */

/** TOML files that configure tools, not the application. */
const TOOL_TOML = new Set([
  'cargo.toml', 'cargo.lock', 'deny.toml', '.deny.toml', 'rust-toolchain.toml', 'clippy.toml', '.clippy.toml', 'rustfmt.toml',
  '.rustfmt.toml', '.readiness.toml', 'book.toml', 'cliff.toml', 'taplo.toml', '.taplo.toml', 'cross.toml', 'release.toml',
  'dist-workspace.toml', 'typos.toml', '_typos.toml', '.typos.toml', 'committed.toml', 'pyproject.toml', 'netlify.toml',
  'nextest.toml', 'audit.toml',
]);

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A `.toml` file that configures the application (not Cargo, cargo-deny, rustfmt, clippy, …). Test code is the engine's business (`production.ts`). */
export function isAppConfigToml(path: string): boolean {
  const b = base(path).toLowerCase();
  if (!b.endsWith('.toml') || TOOL_TOML.has(b)) return false;
  if (path.startsWith('.cargo/') || path.includes('/.cargo/') || path.startsWith('.config/')) return false;
  return true;
}

/** `.env.example`, `config.sample.toml`, `*.template`: files meant to be copied and filled in. */
export function isTemplateFile(path: string): boolean {
  return /(^|[./_-])(example|sample|template|dist|tmpl)([./_-]|$)/i.test(base(path));
}

/**
 * Files for local development or documentation by name (`development.env`, `config.default.toml`,
 * `settings.local.yaml`, `*.example.*`): values there are meant to be replaced or are for a laptop.
 */
export function isDevOrExampleFile(path: string): boolean {
  return isTemplateFile(path) || /(^|[./_-])(default|defaults|dev|development|local|demo|quickstart)([./_-]|$)/i.test(base(path));
}

/** YAML files that configure tools, CI or deployment, not the application. */
const TOOL_YAML = /^(\.?codecov|\.pre-commit-config|\.pre-commit-hooks|mkdocs|\.golangci|\.gitlab-ci|\.travis|appveyor|\.readthedocs|\.yamllint|\.markdownlint|\.clang-format|\.goreleaser|buf(\.gen|\.work)?|pnpm-lock|pnpm-workspace|chart|openapi|swagger|\.mergify|\.coderabbit|renovate|crowdin|\.releaserc|release-plz|snapcraft|\.hadolint|\.spectral|\.lycheeignore|\.lychee|fly|render|app\.?engine|serverless|netlify|vercel|cloudbuild|azure-pipelines|bitbucket-pipelines|\.drone|\.woodpecker|cliff|typos|dependabot|funding|issue_template)\.ya?ml$/i;

/**
 * A YAML file path that may hold application configuration: not CI (`.github/`, `.gitlab-ci.yml`,
 * `.circleci/`), not a tool file (codecov, pre-commit, mkdocs, OpenAPI, Helm `Chart.yaml`…) and not
 * inside `.github/`. Compose files and Kubernetes objects are decided from the content by the caller.
 */
export function isAppConfigYamlPath(path: string): boolean {
  const b = base(path);
  if (!/\.ya?ml$/i.test(b)) return false;
  if (/(^|\/)\.(github|gitea|forgejo|circleci|buildkite|azure-pipelines|gitlab)\//.test(path)) return false;
  if (TOOL_YAML.test(b)) return false;
  return true;
}

/** JSON-family files that may hold application configuration (`config.json`, `settings.hjson`, `appsettings.json`, `*.json5`). */
export { isAppConfigJsonPath } from '../../server/src/core/engine/fileKinds';

/** The leetspeak letters real placeholders are written with (`RanD0m STR1ng`, `ch4ngeme`). */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i' };

/** Lower case, leetspeak undone, brackets and quotes dropped, separators as single spaces. */
export function normalizePhrase(value: string): string {
  return value.toLowerCase()
    .replace(/[013457@$!]/g, (c) => LEET[c])
    .replace(/[<>[\]{}()"'`]/g, ' ')
    .replace(/[\s_\-.:,;/|+=*]+/g, ' ')
    .trim();
}

/**
 * Placeholder *phrases* in a config value: "change me please", "put your secret here",
 * "<generate one>", "RanD0m STR1ng", "a long random string", "replace with a real key",
 * "insert token here", "super secret key". Case-, separator- and leetspeak-insensitive.
 * Values with digits that are not leetspeak, long single tokens and base64-looking strings are
 * never phrases: real secrets do not read as English.
 */
export function isPlaceholderPhrase(value: string): boolean {
  const v = value.trim();
  if (v.length < 3 || v.length > 80) return false;
  // Digits not part of a leetspeak word (`k8J2mQ9x`): a real token. Leet words mix letters and digits but read as words.
  const p = normalizePhrase(v);
  if (!/^[a-z ]+$/.test(p)) return false;
  const words = p.split(' ');
  // A single token reads as a phrase only when it is one of the run-together forms below.
  const joined = words.join('');
  if (/^(change|replace|update|fill|set|edit)(me|this|it|that)(please|now)?$/.test(joined)) return true;
  if (/^(a|some)?(long|very|secure|strong|random|unique|secret)*random(ly)?(string|str|value|key|secret|token|password|chars|characters|bytes|text|generated)?(here)?$/.test(joined)) return true;
  if (/^(your|my)(own)?[a-z]*(secret|key|token|password|passphrase|seed)[a-z]*(here)?$/.test(joined) && words.length <= 6) return true;
  if (/^(generate|create|make)(one|it|me|this|a[a-z]*|your[a-z]*|some[a-z]*|new[a-z]*|random[a-z]*|with[a-z]*|using[a-z]*)?$/.test(joined)) return true;
  if (/^(super|very|top)?secret(key|value|token|password|string|phrase|passphrase)?(here)?$/.test(joined)) return true;
  if (/^(not|no)(a)?(real|secure)?(secret|key|token|password)$/.test(joined)) return true;
  if (words.length < 2) return false;
  const text = ` ${p} `;
  if (/^(please )?(change|replace|update|fill|set|edit|modify|override)( (me|this|it|in|that|with|to|before|value|the|a|your)\b.*)?$/.test(p)) return true;
  if (/^(put|insert|enter|paste|add|type|write|place|provide|set|use|fill) .*\b(here|in)$/.test(p)) return true;
  if (/^(put|insert|enter|paste|add|type|write|place|provide|use) (your|the|a|an|some|real|own)\b/.test(p)) return true;
  if (/ here $/.test(text) && /\b(secret|key|token|password|passphrase|seed|value|string|it)\b/.test(p)) return true;
  if (/\b(generate|generated|create) (one|it|a|an|your|with|using|by|via|new|random)\b/.test(p)) return true;
  if (/\brandom (string|str|value|key|secret|token|password|chars|characters|bytes|text|hex|data)\b/.test(p)) return true;
  if (/\b(must|should|needs? to|to) be (changed|replaced|set|generated)\b/.test(p)) return true;
  if (/\bopenssl rand\b|\bpwgen\b|\buuidgen\b/.test(p)) return true;
  return false;
}
