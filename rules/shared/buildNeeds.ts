/**
 * What a fresh CI runner needs before this workspace builds: the one reading shared by the rules
 * that generate CI jobs (`ci-workflow-missing` creates a workflow, `ci-missing-check` adds jobs).
 *
 * - git submodules (`.gitmodules`): the checkout must fetch them (`submodules: recursive`);
 * - system packages build scripts need: `protoc` for `prost-build` / `tonic-build` (in a workspace
 *   crate's `[build-dependencies]` or named in its `build.rs`) unless a vendored protoc is used;
 *   `pkg-config` and the OpenSSL headers for `openssl-sys` unless built with the `vendored` feature
 *   (read from Cargo.lock: `openssl-src` present means vendored; without a lock, from the manifests);
 * - the toolchain pinned by `rust-toolchain.toml` / `rust-toolchain`, which rustup honours but
 *   GitHub's runners do not have installed.
 */
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import { findLock } from './cargoLock';

export interface SystemPackage { name: string; why: string }

export interface BuildNeeds {
  submodules: boolean;
  /** Debian/Ubuntu packages (apt) the build needs, each with the crate that needs it. */
  packages: SystemPackage[];
  /** The toolchain file, and its channel when it says one (`1.82`, `nightly-2024-05-01`). */
  toolchain?: { file: string; channel?: string };
}

/** Needs nothing beyond a checkout and the runner's stable toolchain (what templates show in docs). */
export const NO_BUILD_NEEDS: BuildNeeds = { submodules: false, packages: [] };

const PROTOC_BUILDERS = ['prost-build', 'tonic-build', 'tonic-prost-build', 'protobuf-codegen'];
/** Crates that bring their own protoc: the build then needs none from the system. */
const VENDORED_PROTOC = ['protoc-bin-vendored', 'protobuf-src'];

const needsCache = new WeakMap<readonly string[], BuildNeeds>();

/** What the workspace needs to build on a fresh Ubuntu runner (cached per file listing). */
export function buildNeeds(ws: WorkspaceFacts): BuildNeeds {
  let needs = needsCache.get(ws.files);
  if (!needs) {
    needs = readBuildNeeds(ws);
    needsCache.set(ws.files, needs);
  }
  return needs;
}

function readBuildNeeds(ws: WorkspaceFacts): BuildNeeds {
  const crates = ws.cargo.crates;
  const lock = ws.cargo.rootManifest ? findLock(ws, ws.cargo.rootManifest) : undefined;
  const locked = new Set(lock?.packages.map((p) => p.name) ?? []);
  const deps = crates.flatMap((c) => [...c.dependencies.values()].map((d) => ({ crate: c, dep: d })));
  const packages: SystemPackage[] = [];

  // protoc: a code generator run by a workspace crate's build script.
  const vendoredProtoc = VENDORED_PROTOC.some((n) => locked.has(n) || deps.some((d) => d.dep.package === n));
  const protocBy = deps.find((d) => d.dep.section === 'build' && PROTOC_BUILDERS.includes(d.dep.package))?.crate
    ?? crates.find((c) => /\b(?:prost_build|tonic_build|tonic_prost_build)::/.test(ws.document(c.dir ? `${c.dir}/build.rs` : 'build.rs')?.text ?? ''));
  if (protocBy && !vendoredProtoc) {
    packages.push({ name: 'protobuf-compiler', why: `protoc, for the build script of \`${protocBy.name ?? 'the root crate'}\`` });
  }

  // OpenSSL: openssl-sys links the system library unless its `vendored` feature builds it (openssl-src).
  const opensslVendoredInManifests = deps.some((d) => (d.dep.package === 'openssl' || d.dep.package === 'openssl-sys' || d.dep.package === 'native-tls') && d.dep.features.includes('vendored'));
  const opensslSys = lock ? locked.has('openssl-sys') && !locked.has('openssl-src')
    : deps.some((d) => d.dep.section !== 'dev' && ['openssl', 'openssl-sys'].includes(d.dep.package)) && !opensslVendoredInManifests;
  if (opensslSys) {
    packages.push({ name: 'pkg-config', why: 'to find OpenSSL for `openssl-sys`' }, { name: 'libssl-dev', why: 'OpenSSL headers for `openssl-sys` (not built `vendored`)' });
  }

  let toolchain: BuildNeeds['toolchain'];
  for (const file of ['rust-toolchain.toml', 'rust-toolchain']) {
    if (!ws.exists(file)) continue;
    const doc = ws.document(file);
    const value = doc?.kind === 'toml' ? doc.toml.value : undefined;
    const table = value?.toolchain;
    const channel = table && typeof table === 'object' && typeof (table as Record<string, unknown>).channel === 'string' ? (table as Record<string, string>).channel : undefined;
    toolchain = { file, channel };
    break;
  }
  return { submodules: ws.exists('.gitmodules'), packages, toolchain };
}

/**
 * The steps (each as YAML lines, first line the one after `- `) a job needs before its commands:
 * checkout (with submodules), system packages when the job builds, the pinned toolchain.
 */
export function setupSteps(needs: BuildNeeds, builds: boolean, unit = 2): string[][] {
  const pad = ' '.repeat(unit);
  const steps: string[][] = [needs.submodules ? ['uses: actions/checkout@v4', 'with:', `${pad}submodules: recursive`] : ['uses: actions/checkout@v4']];
  if (builds && needs.packages.length) {
    const names = needs.packages.map((p) => p.name).join(' ');
    steps.push([`name: Install system packages the build needs (${[...new Set(needs.packages.map((p) => p.name === 'protobuf-compiler' ? 'protoc' : p.name === 'libssl-dev' || p.name === 'pkg-config' ? 'OpenSSL' : p.name))].join(', ')})`,
      `run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names}`]);
  }
  if (needs.toolchain) {
    // With no argument, rustup installs the toolchain the file pins, with its components and targets.
    steps.push([`name: Install the toolchain pinned by ${needs.toolchain.file}${needs.toolchain.channel ? ` (${needs.toolchain.channel})` : ''}`, 'run: rustup toolchain install']);
  }
  return steps;
}

/** A short account of what the generated job installs and why, for fix titles and docs ('' when nothing). */
export function describeNeeds(needs: BuildNeeds): string {
  const parts: string[] = [];
  if (needs.submodules) parts.push('submodules');
  if (needs.packages.length) parts.push(needs.packages.map((p) => p.name).join(', '));
  if (needs.toolchain) parts.push(`the toolchain of ${needs.toolchain.file}`);
  return parts.join('; ');
}
