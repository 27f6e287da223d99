/** Which parser a file gets, decided from its workspace-relative path alone. */
export type FileKind = 'rust' | 'toml' | 'yaml' | 'json' | 'dockerfile' | 'env' | 'ignore' | 'sql' | 'codeowners';

/**
 * JSON, JSON5 and HJSON that configure the application (`config.json`, `settings.hjson`), not the
 * many tool manifests written in JSON (`package.json`, `tsconfig.json`, `renovate.json`, …).
 */
export function isAppConfigJsonPath(relPath: string): boolean {
  const b = relPath.slice(relPath.lastIndexOf('/') + 1).toLowerCase();
  if (/\.(hjson|json5)$/.test(b)) return true;
  if (!b.endsWith('.json')) return false;
  if (/^(package(-lock)?|tsconfig.*|jsconfig|composer(\.lock)?|\.?eslintrc|\.?prettierrc|\.?babelrc|renovate|lerna|nx|turbo|deno|manifest|openapi.*|swagger.*|rust-project|launch|tasks|extensions|devcontainer|\.devcontainer|components|vercel|firebase|app|angular|project)\.json$/.test(b)) return false;
  return /(config|settings|conf|secrets?|credentials|env|environment|options)/.test(b);
}

export function fileKindOf(relPath: string): FileKind | undefined {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower.endsWith('.rs')) return 'rust';
  if (isAppConfigJsonPath(relPath)) return 'json';
  if (lower.endsWith('.toml') || base === 'Cargo.lock') return 'toml';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'yaml';
  if (lower === 'dockerfile' || lower.endsWith('.dockerfile') || lower.startsWith('dockerfile.')) return 'dockerfile';
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'env';
  if (lower === '.gitignore' || lower === '.dockerignore') return 'ignore';
  if (lower.endsWith('.sql')) return 'sql';
  if (base === 'CODEOWNERS') return 'codeowners';
  return undefined;
}

/** The line-comment marker used by suppression comments in each kind. */
export function commentMarker(kind: FileKind): string {
  return kind === 'rust' || kind === 'json' ? '//' : kind === 'sql' ? '--' : '#';
}
