/**
 * Where the workspace builds and runs its Dockerfiles, for the Dockerfile rules that need more than
 * the Dockerfile itself: the real build context (`dockerignore-missing`, the cache-layer rules), the
 * images a Dockerfile produces (an intermediate base image that other Dockerfiles build `FROM` is not
 * a runtime image) and whether Compose runs the image with a health check of its own.
 *
 * Read from:
 * - compose files: a service's `build: <dir>` / `build: { context, dockerfile }` (relative to the
 *   compose file), its `image:` (the tag the build produces) and `healthcheck:`;
 * - CI pipelines of every system the shared CI reading knows (`ciFiles.ts`: GitHub/Gitea/Forgejo,
 *   Woodpecker, Drone, GitLab): `docker build` / `docker buildx build` / `docker image build` /
 *   `podman build` / `buildah bud` in step scripts (`-f`, `-t`, the context argument, relative to a
 *   GitHub step's `working-directory`), and `docker/build-push-action` (`context`, `file`, `tags`).
 *
 * Paths with variables (`${{ … }}`, `$VAR`) are not resolved and are ignored. Each file's reading is
 * cached per parsed document (a new version of a file is a new document).
 */
import type { ParsedDocument, YamlDocumentFile } from '../../server/src/core/parsers/document';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import { isMap, isScalar, mapEntries, mapGet, scalarString, seqItems, type YamlDocument, type YNode } from '../../server/src/core/parsers/yaml';
import { isComposeFile } from './yamlKinds';
import { ciSteps, isCiFile } from './ciFiles';

export interface DockerBuild {
  /** Workspace-relative path of the Dockerfile built. */
  dockerfile: string;
  /** Workspace-relative build context directory ('' = the workspace root). */
  context: string;
  /** Image names (tags) the build produces, as written. */
  images: string[];
  /** Where the build is declared. */
  via: 'compose' | 'ci';
  /** The file declaring it. */
  declaredIn: string;
  /** Compose only: the service name, and whether it declares its own `healthcheck:`. */
  service?: string;
  healthcheck?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Paths

/** Joins workspace-relative `base` and `rel` (POSIX), resolving `.` and `..`; undefined when it leaves the workspace or is not a plain path. */
export function joinWorkspacePath(base: string, rel: string): string | undefined {
  if (rel.includes('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(rel) || /^git@/.test(rel) || rel.startsWith('/')) return undefined;
  const out: string[] = base ? base.split('/').filter(Boolean) : [];
  for (const part of rel.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(part);
    }
  }
  return out.join('/');
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

// ---------------------------------------------------------------------------------------------
// Compose

function composeBuilds(file: YamlDocumentFile): DockerBuild[] {
  const out: DockerBuild[] = [];
  const base = dirOf(file.path);
  for (const doc of file.yaml.documents) {
    for (const svc of mapEntries(doc, mapGet(doc, doc.contents, 'services'))) {
      const build = mapGet(doc, svc.value, 'build');
      if (!build) continue;
      let contextRel: string | undefined;
      let dockerfileRel = 'Dockerfile';
      if (isScalar(build)) contextRel = scalarString(doc, build);
      else if (isMap(build)) {
        contextRel = scalarString(doc, mapGet(doc, build, 'context')) ?? '.';
        dockerfileRel = scalarString(doc, mapGet(doc, build, 'dockerfile')) ?? (mapGet(doc, build, 'dockerfile_inline') ? '' : 'Dockerfile');
      }
      if (contextRel === undefined || !dockerfileRel) continue;
      const context = joinWorkspacePath(base, contextRel);
      if (context === undefined) continue;
      const dockerfile = joinWorkspacePath(context, dockerfileRel);
      if (dockerfile === undefined) continue;
      const image = scalarString(doc, mapGet(doc, svc.value, 'image'));
      out.push({
        dockerfile, context, images: image ? [image] : [], via: 'compose', declaredIn: file.path,
        service: svc.key, healthcheck: mapGet(doc, svc.value, 'healthcheck') !== undefined,
      });
    }
  }
  return out;
}

/** A compose service that runs a container: what it builds (if anything), its image, its health check. */
export interface ComposeService {
  declaredIn: string;
  service: string;
  image?: string;
  /** The Dockerfile it builds, if it has `build:`. */
  dockerfile?: string;
  healthcheck: boolean;
}

function composeServices(file: YamlDocumentFile, builds: readonly DockerBuild[]): ComposeService[] {
  const out: ComposeService[] = [];
  for (const doc of file.yaml.documents) {
    for (const svc of mapEntries(doc, mapGet(doc, doc.contents, 'services'))) {
      if (!isMap(svc.value)) continue;
      out.push({
        declaredIn: file.path,
        service: svc.key,
        image: scalarString(doc, mapGet(doc, svc.value, 'image')),
        dockerfile: builds.find((b) => b.service === svc.key)?.dockerfile,
        healthcheck: mapGet(doc, svc.value, 'healthcheck') !== undefined,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CI

/** Shell words of one simple command (quotes removed; no expansion). */
function shellWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/** `docker build` flags that take a value (the next word when not written `--flag=value`). */
const VALUE_FLAGS = new Set([
  '-f', '--file', '-t', '--tag', '--build-arg', '--target', '--platform', '--label', '--cache-from', '--cache-to',
  '--secret', '--ssh', '-o', '--output', '--network', '--progress', '--iidfile', '--add-host', '--build-context',
  '--builder', '--metadata-file', '--shm-size', '--ulimit', '-m', '--memory', '--memory-swap', '--cpu-shares',
  '--cpuset-cpus', '--cpuset-mems', '--cpu-period', '--cpu-quota', '--annotation', '--attest', '--isolation',
  '--cgroup-parent', '--allow', '--call', '--format', '--layers', '--jobs', '--authfile', '--creds', '--arch', '--os',
]);

const BUILD_CMD_RE = /^(?:sudo\s+)?(?:docker\s+(?:buildx\s+|image\s+)?build|podman\s+(?:image\s+)?build|buildah\s+(?:bud|build(?:-using-dockerfile)?))\s/;

/** A `docker build …` simple command, read with `cwd` as the working directory. */
export function parseBuildCommand(command: string, cwd: string): { dockerfile: string; context: string; images: string[] } | undefined {
  const text = command.trim();
  if (!BUILD_CMD_RE.test(text + ' ')) return undefined;
  // GitHub expressions (`${{ github.sha }}`) hold spaces: one opaque word with a variable.
  const words = shellWords(text.replace(/^sudo\s+/, '').replace(/\$\{\{[^}]*\}\}/g, '$GH_EXPR'));
  // Skip the command words (`docker buildx build`).
  let i = words.findIndex((w) => /^(build|bud|build-using-dockerfile)$/.test(w)) + 1;
  let file: string | undefined;
  const images: string[] = [];
  const positional: string[] = [];
  for (; i < words.length; i++) {
    const w = words[i];
    if (/^\d*[<>]/.test(w)) break; // a redirection: the command's arguments end here
    if (w.startsWith('-') && w !== '-') {
      const eq = w.indexOf('=');
      const name = eq > 0 ? w.slice(0, eq) : w;
      let value: string | undefined;
      if (eq > 0) value = w.slice(eq + 1);
      else if (VALUE_FLAGS.has(name)) value = words[++i];
      if (name === '-f' || name === '--file') file = value;
      else if (name === '-t' || name === '--tag') { if (value) images.push(value); }
      continue;
    }
    positional.push(w);
  }
  const contextArg = positional[0];
  if (!contextArg || contextArg === '-' || file === '-') return undefined;
  const context = joinWorkspacePath(cwd, contextArg);
  if (context === undefined) return undefined;
  const dockerfile = file ? joinWorkspacePath(cwd, file) : joinWorkspacePath(context, 'Dockerfile');
  if (dockerfile === undefined) return undefined;
  return { dockerfile, context, images };
}

/** The simple commands of a shell script: continuations joined, split at `&&`, `||`, `;`, `|` and newlines. */
function scriptCommands(script: string): string[] {
  return script.replace(/\\\r?\n/g, ' ').split(/&&|\|\||[;|\n]/).map((c) => c.trim()).filter(Boolean);
}

/** Builds in any CI system's steps (the shared reading, `ciFiles.ts`): scripts, and `docker/build-push-action`. */
function ciBuilds(file: YamlDocumentFile): DockerBuild[] {
  const out: DockerBuild[] = [];
  for (const step of ciSteps(file)) {
    const doc = step.doc;
    const wd = scalarString(doc, mapGet(doc, step.node, 'working-directory'));
    const cwd = wd ? joinWorkspacePath('', wd) : '';
    if (cwd === undefined) continue;
    for (const script of step.scripts) {
      if (typeof script.value !== 'string') continue;
      for (const c of scriptCommands(script.value)) {
        const b = parseBuildCommand(c, cwd);
        if (b) out.push({ ...b, via: 'ci', declaredIn: file.path });
      }
    }
    const uses = step.uses && typeof step.uses.value === 'string' ? step.uses.value.toLowerCase() : '';
    if (uses.startsWith('docker/build-push-action@')) {
      const get = (k: string) => scalarString(doc, mapGet(doc, step.inputs, k));
      const contextRel = get('context') ?? '.';
      const context = joinWorkspacePath('', contextRel);
      if (context === undefined) continue;
      const fileRel = get('file');
      const dockerfile = fileRel ? joinWorkspacePath('', fileRel) : joinWorkspacePath(context, 'Dockerfile');
      if (dockerfile === undefined) continue;
      out.push({ dockerfile, context, images: listValue(doc, mapGet(doc, step.inputs, 'tags')), via: 'ci', declaredIn: file.path });
    }
  }
  return out;
}

/** A list input: a YAML sequence, or a comma/newline separated string. */
function listValue(doc: YamlDocument, node: YNode): string[] {
  const items = seqItems(doc, node).map((n) => scalarString(doc, n)).filter((s): s is string => !!s);
  if (items.length) return items;
  const s = scalarString(doc, node);
  return s ? s.split(/[,\n]/).map((x) => x.trim()).filter(Boolean) : [];
}

// ---------------------------------------------------------------------------------------------
// The workspace's builds

interface FileReading { builds: DockerBuild[]; services: ComposeService[] }

const NOTHING: FileReading = { builds: [], services: [] };
const cache = new WeakMap<ParsedDocument, FileReading>();

function readingOf(doc: ParsedDocument): FileReading {
  let cached = cache.get(doc);
  if (!cached) {
    cached = NOTHING;
    if (doc.kind === 'yaml') {
      if (isCiFile(doc.path)) cached = { builds: ciBuilds(doc), services: [] };
      else if (isComposeFile(doc)) {
        const builds = composeBuilds(doc);
        cached = { builds, services: composeServices(doc, builds) };
      }
    }
    cache.set(doc, cached);
  }
  return cached;
}

function readings(ws: WorkspaceFacts): FileReading[] {
  const out: FileReading[] = [];
  for (const f of ws.files) {
    if (!/\.ya?ml$/i.test(f)) continue;
    const doc = ws.document(f);
    if (doc) out.push(readingOf(doc));
  }
  return out;
}

/** Every build of a Dockerfile the workspace's compose files and CI workflows declare. */
export function dockerBuilds(ws: WorkspaceFacts): DockerBuild[] {
  return readings(ws).flatMap((r) => r.builds);
}

/** Every service of the workspace's compose files. */
export function composeServicesOf(ws: WorkspaceFacts): ComposeService[] {
  return readings(ws).flatMap((r) => r.services);
}

/** The declared builds of the Dockerfile at `path`. */
export function buildsOfDockerfile(ws: WorkspaceFacts, path: string): DockerBuild[] {
  return dockerBuilds(ws).filter((b) => b.dockerfile === path);
}
