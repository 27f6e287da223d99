/**
 * How a workspace is deployed: the binary crates that serve (a server framework in a binary) and
 * the files that package something for deployment (a container build, Nix, a Debian or RPM
 * package, a systemd unit, a platform that builds from the source). Read by `dockerfile-missing`
 * and by the report, which assesses the Deployment area only where there is something to deploy.
 */
import { buildsBinary, hasServerFramework, type CrateFacts, type WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';

/** Network endpoints that are not in the server-framework list but make a binary a service. */
const OTHER_SERVER_CRATES = ['quinn'];
/** Platforms that build and run the crate from its source without a container file of ours. */
const PLATFORM_CRATES = ['shuttle-runtime'];

/** A binary crate of the workspace that serves: a server framework (or a QUIC endpoint) in a crate with `src/main.rs` / `src/bin/`, in production code. */
export function servingBinaryCrates(ws: WorkspaceFacts): CrateFacts[] {
  return ws.cargo.crates.filter((c) => {
    if (c.browserFrontend || c.commandLineTool || c.testSupport || !buildsBinary(c, ws.files)) return false;
    if (!hasServerFramework(c.dependencies) && !OTHER_SERVER_CRATES.some((n) => c.dependsOn(n))) return false;
    return ws.roleOf(c.manifestPath) === 'production';
  }).sort((a, b) => a.dir.localeCompare(b.dir));
}

const CONTAINER_FILE = /^(?:(?:Docker|Container)file(?:\..+)?|.+\.(?:Docker|Container)file)$/i;
const NIX_PACKAGE = /^(?:flake|default|package)\.nix$/;
const PLATFORM_FILES = new Set(['Procfile', 'nixpacks.toml']);

/** Why a workspace-relative path packages something for deployment, or undefined. */
function packagingKind(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (CONTAINER_FILE.test(base)) return 'container build';
  if (NIX_PACKAGE.test(base)) return 'Nix';
  if (/(^|\/)debian\/control$/.test(path) || base.endsWith('.spec')) return 'distribution package';
  if (base.endsWith('.service')) return 'systemd unit';
  if (PLATFORM_FILES.has(base)) return 'platform build';
  return undefined;
}

/** A crate manifest declaring a cargo-deb or cargo-generate-rpm package. */
function packagedByCargo(ws: WorkspaceFacts, c: CrateFacts): boolean {
  const doc = ws.document(c.manifestPath);
  if (doc?.kind !== 'toml') return false;
  const metadata = (doc.toml.value.package as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  return !!metadata && typeof metadata === 'object' && ('deb' in metadata || 'generate-rpm' in metadata || 'rpm' in metadata);
}

/**
 * The first thing that packages the workspace for deployment: a Dockerfile or Containerfile
 * anywhere, a Nix flake or derivation, a Debian `control` file or RPM spec, a systemd unit, a
 * Procfile/nixpacks config, cargo-deb/rpm metadata or a Shuttle crate. Undefined when none.
 */
export function deploymentPackaging(ws: WorkspaceFacts): { path: string; kind: string } | undefined {
  for (const path of ws.allFiles()) {
    const kind = packagingKind(path);
    if (kind && ws.roleOf(path) !== 'test') return { path, kind };
  }
  for (const c of ws.cargo.crates) {
    if (packagedByCargo(ws, c)) return { path: c.manifestPath, kind: 'distribution package' };
    if (PLATFORM_CRATES.some((n) => c.dependsOn(n))) return { path: c.manifestPath, kind: 'platform build' };
  }
  return undefined;
}
