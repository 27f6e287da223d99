import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import type { Fix } from '../../server/src/core/engine/types';
import type { CrateFacts, WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import { APP_UID, createUserLine, DOCKERIGNORE_PATTERNS, memberStub, memberStubKinds } from '../shared/dockerfile';
import { deploymentPackaging, servingBinaryCrates } from '../shared/deployment';
import { firstLine } from '../shared/workspaceFiles';

const BUILD_IMAGE = 'rust:1-bookworm';
const RUNTIME_IMAGE = 'debian:bookworm-slim';

function record(v: unknown): Record<string, unknown> { return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}; }
function records(v: unknown): Record<string, unknown>[] { return Array.isArray(v) ? v.map(record) : []; }
function str(v: unknown): string | undefined { return typeof v === 'string' ? v : undefined; }

function manifestOf(ws: WorkspaceFacts, path: string): Record<string, unknown> | undefined {
  const doc = ws.document(path);
  return doc?.kind === 'toml' ? doc.toml.value : undefined;
}

/** The binary target of a serving crate and its source file: `src/main.rs` (the package name, or its `[[bin]]` name), else its first `[[bin]]` or `src/bin/*` target. */
function binaryTarget(ws: WorkspaceFacts, c: CrateFacts): { name: string; file: string } | undefined {
  const prefix = c.dir ? `${c.dir}/` : '';
  const bins = records(manifestOf(ws, c.manifestPath)?.bin);
  if (ws.exists(`${prefix}src/main.rs`)) {
    const name = str(bins.find((b) => str(b.path) === 'src/main.rs')?.name) ?? c.name;
    return name ? { name, file: `${prefix}src/main.rs` } : undefined;
  }
  const named = str(bins[0]?.name);
  if (named) return { name: named, file: prefix + (str(bins[0].path) ?? `src/bin/${named}.rs`) };
  for (const f of ws.files) {
    const m = f.startsWith(prefix) ? /^src\/bin\/([^/]+?)(?:\.rs|\/main\.rs)$/.exec(f.slice(prefix.length)) : null;
    if (m) return { name: m[1], file: f };
  }
  return undefined;
}

/** Target files a manifest names explicitly (`[[bin]] path`, `[[bench]]`, `build = "…"`): cargo refuses to load a manifest whose named files are missing, so the dependency layer needs stubs for them too. */
function explicitTargetFiles(manifest: Record<string, unknown>, dir: string): string[] {
  const prefix = dir ? `${dir}/` : '';
  const paths: string[] = [];
  for (const section of ['bin', 'bench', 'example', 'test']) for (const t of records(manifest[section])) { const p = str(t.path); if (p) paths.push(p); }
  const build = str(record(manifest.package).build);
  if (build) paths.push(build);
  return paths.filter((p) => !/^src\/(main|lib)\.rs$/.test(p)).map((p) => prefix + p.replace(/^\.\//, ''));
}

/** A path dependency outside the crates the Dockerfile copies, or leaving the folder: the dependency layer could not build. */
function hasOutsidePathDependency(manifests: readonly { dir: string; manifest: Record<string, unknown> }[]): boolean {
  const dirs = new Set(manifests.map((m) => m.dir));
  return manifests.some(({ dir, manifest }) => ['dependencies', 'dev-dependencies', 'build-dependencies'].some((section) =>
    Object.values(record(manifest[section])).some((spec) => {
      const p = str(record(spec).path);
      if (p === undefined) return false;
      const parts = [...(dir ? dir.split('/') : []), ...p.split('/')];
      const out: string[] = [];
      for (const part of parts) {
        if (part === '..') { if (!out.pop()) return true; } else if (part && part !== '.') out.push(part);
      }
      return !dirs.has(out.join('/'));
    })));
}

/** A RUN line writing an empty `main` at `file` (its directory created). */
function stubFile(file: string): string {
  const write = `echo "fn main() {}" > ${file}`;
  return file.includes('/') ? `RUN mkdir -p ${file.slice(0, file.lastIndexOf('/'))} && ${write}` : `RUN ${write}`;
}

/**
 * A multi-stage Dockerfile building `binary` of package `pkg`: a dependency layer from the
 * manifests and stub sources of every member (rebuilt only when a manifest or Cargo.lock changes),
 * then the real sources, `--locked` release build, and a slim runtime stage running as a dedicated
 * non-root user. Undefined when the layer could not build (no Cargo.lock, a path dependency outside).
 */
export function serviceDockerfile(ws: WorkspaceFacts, pkg: string, target: { name: string; file: string }): string | undefined {
  const binary = target.name;
  if (!ws.exists('Cargo.lock')) return undefined;
  const root = manifestOf(ws, 'Cargo.toml');
  if (!root) return undefined;
  const dirs = [...new Set([...(root.package ? [''] : []), ...ws.cargo.members.map((m) => m.dir)])];
  const manifests = dirs.map((dir) => ({ dir, manifest: manifestOf(ws, dir ? `${dir}/Cargo.toml` : 'Cargo.toml') }))
    .filter((m): m is { dir: string; manifest: Record<string, unknown> } => !!m.manifest);
  if (manifests.length !== dirs.length || hasOutsidePathDependency(manifests)) return undefined;

  const stubs: string[] = [];
  const copies: string[] = [];
  const touched: string[] = [];
  for (const { dir, manifest } of manifests) {
    if (dir) copies.push(`COPY ${dir}/Cargo.toml ${dir}/Cargo.toml`);
    const kinds = memberStubKinds(ws, dir);
    stubs.push(memberStub(dir, kinds));
    const src = dir ? `${dir}/src` : 'src';
    touched.push(...kinds.map((k) => `${src}/${k}.rs`));
    for (const file of explicitTargetFiles(manifest, dir)) {
      stubs.push(stubFile(file));
      touched.push(file);
    }
  }
  // A binary found under src/bin/ has no stub yet: `--bin` needs it in the dependency layer.
  if (!touched.includes(target.file)) {
    stubs.push(stubFile(target.file));
    touched.push(target.file);
  }
  const deps = ws.cargo.crates.flatMap((c) => [...c.dependencies.values()]);
  const builds = (names: readonly string[]) => deps.some((d) => d.section === 'build' && names.includes(d.package));
  const uses = (names: readonly string[]) => deps.some((d) => d.section === 'normal' && names.includes(d.package));
  const aptInstall = (packages: readonly string[]) =>
    `RUN apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')} && rm -rf /var/lib/apt/lists/*`;
  const buildTools = builds(['prost-build', 'tonic-build', 'tonic-prost-build', 'protobuf-codegen']) ? ['protobuf-compiler'] : [];
  const runtimeLibs = ['ca-certificates', ...(uses(['openssl', 'openssl-sys', 'native-tls', 'postgres-openssl']) ? ['libssl3'] : [])];
  const build = `cargo build --release --locked -p ${pkg} --bin ${binary}`;
  return [
    '# syntax=docker/dockerfile:1',
    '# Build stage: dependencies are compiled in their own layer, rebuilt only when a Cargo manifest or Cargo.lock changes.',
    `FROM ${BUILD_IMAGE} AS build`,
    ...(buildTools.length ? [aptInstall(buildTools)] : []),
    'WORKDIR /app',
    'COPY Cargo.toml Cargo.lock ./',
    ...copies,
    ...stubs,
    `RUN ${build}`,
    '# The real sources; touching the stubbed files makes cargo rebuild the workspace crates.',
    'COPY . .',
    `RUN touch ${touched.join(' ')} && ${build}`,
    '',
    '# Runtime stage: no compiler, a dedicated non-root user.',
    `FROM ${RUNTIME_IMAGE}`,
    aptInstall(runtimeLibs),
    createUserLine('debian-like', [])!,
    `COPY --from=build /app/target/release/${binary} /usr/local/bin/${binary}`,
    `USER ${APP_UID}`,
    `ENTRYPOINT ["/usr/local/bin/${binary}"]`,
    '',
  ].join('\n');
}

export const rule = defineWorkspaceRule<never>({
  meta: {
    id: 'dockerfile-missing',
    title: 'Service without a deployment package',
    priority: 'P1',
    area: 'Deployment',
    nonTest: false,
    action: 'Add a multi-stage Dockerfile (or Nix/deb/systemd packaging) for the service',
    docs: {
      lang: 'dockerfile',
      what: 'Reports a workspace whose binary crate serves (depends on axum, actix-web, rocket, poem, warp, tonic, hyper, salvo, tide or quinn) but that has no way to deploy it: no Dockerfile or Containerfile anywhere, no Nix flake or derivation, no Debian `control`/RPM spec or cargo-deb/cargo-generate-rpm metadata, no systemd unit, no Procfile/nixpacks or Shuttle crate. Reported on the first line of the root `Cargo.toml`.',
      why: 'A service without a reproducible build and runtime image is deployed by hand: `cargo build` on someone\'s machine, a binary copied to a server, whatever libraries that server has. Releases cannot be repeated or rolled back, the runtime environment is unknown, and the process often runs as root with the whole toolchain around it.',
      example: '# Cargo.toml: a workspace whose `server` crate depends on axum and has src/main.rs\n# no Dockerfile, Containerfile, flake.nix, debian/, *.service anywhere',
      useInstead: 'FROM rust:1-bookworm AS build\nWORKDIR /app\nCOPY Cargo.toml Cargo.lock ./\nCOPY crates/server/Cargo.toml crates/server/Cargo.toml\nRUN mkdir -p crates/server/src && echo "fn main() {}" > crates/server/src/main.rs\nRUN cargo build --release --locked -p server --bin server\nCOPY . .\nRUN touch crates/server/src/main.rs && cargo build --release --locked -p server --bin server\n\nFROM debian:bookworm-slim\nRUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app\nCOPY --from=build /app/target/release/server /usr/local/bin/server\nUSER 10001\nENTRYPOINT ["/usr/local/bin/server"]',
      fixSafety: 'The fix creates a multi-stage `Dockerfile` for the serving binary (one fix per serving crate): a dependency layer copying every workspace member\'s manifest with stub sources (the members `docker-workspace-member-missing` checks), a `--locked` release build, and a `debian:bookworm-slim` runtime stage with `ca-certificates` (and `libssl3` when the workspace uses OpenSSL), a dedicated user (uid 10001) and `USER 10001`; `protobuf-compiler` is installed in the build stage when a build script uses prost/tonic. It also creates `.dockerignore` when there is none. It is offered only when `Cargo.lock` exists and every path dependency is a workspace member, never overwrites a file, and is not preferred: add `EXPOSE` and a `HEALTHCHECK` for your port and health endpoint, and any other runtime library.',
      notes: 'A library-only workspace, a command-line tool (argument parser, no server framework), a browser or desktop front-end and test-support crates are not reported. Any Dockerfile counts, whatever it builds: the Dockerfile rules judge it. A `flake.nix` counts without being read (it may only define a development shell).',
    },
  },
  check(ctx) {
    const root = ctx.ws.cargo.rootManifest;
    if (!root || deploymentPackaging(ctx.ws)) return;
    const serving = servingBinaryCrates(ctx.ws);
    if (serving.length === 0) return;
    const names = serving.map((c) => `\`${c.name ?? c.dir}\``);
    const list = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    const fixes = (): Fix[] => serving.flatMap((c) => {
      const target = binaryTarget(ctx.ws, c);
      const content = c.name && target ? serviceDockerfile(ctx.ws, c.name, target) : undefined;
      if (!content) return [];
      const creates = [{ path: 'Dockerfile', content }];
      if (!ctx.ws.exists('.dockerignore')) creates.push({ path: '.dockerignore', content: DOCKERIGNORE_PATTERNS.join('\n') + '\n' });
      return [{ title: `Create a multi-stage Dockerfile for \`${target!.name}\``, preferred: false, edits: [], creates }];
    });
    ctx.report(root, firstLine(ctx.ws, root),
      `${list} ${names.length === 1 ? 'serves' : 'serve'} requests but nothing packages ${names.length === 1 ? 'it' : 'them'} for deployment (no Dockerfile or Containerfile, no Nix, deb/rpm or systemd packaging): every release is built and installed by hand, unrepeatable and without a known runtime. Add a multi-stage Dockerfile (or your platform's packaging).`,
      { fixes });
  },
});
