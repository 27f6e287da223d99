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
