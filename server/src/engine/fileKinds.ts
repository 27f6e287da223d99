/** Which parser a file gets, decided from its workspace-relative path alone. */
export type FileKind = 'rust' | 'toml' | 'yaml' | 'dockerfile' | 'env' | 'ignore' | 'sql' | 'codeowners';

export function fileKindOf(relPath: string): FileKind | undefined {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower.endsWith('.rs')) return 'rust';
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
  return kind === 'rust' ? '//' : kind === 'sql' ? '--' : '#';
}
