/**
 * Shared Dockerfile helpers (dockerfile-ast): build stages and their ancestry, the final stage,
 * base images with `ARG` defaults resolved, RUN command text with line continuations joined (and a
 * map back to document offsets), COPY sources, the build context, users and data directories, and
 * line insertion edits. Every Dockerfile rule reads the file through this module.
 */
import { Copy, Add, From, type Instruction, Run, User, Env, Volume, JSONInstruction, type ModifiableInstruction } from 'dockerfile-ast';
import type { Dockerfile } from 'dockerfile-ast';
import picomatch from 'picomatch';
import type { DockerfileDocument } from '../../server/src/core/parsers/document';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import type { Range } from '../../server/src/core/engine/types';
import { fileKindOf } from '../../server/src/core/engine/fileKinds';
import { buildsOfDockerfile, composeServicesOf, dockerBuilds, type ComposeService } from './dockerBuilds';
import { describeContainer, k8sContainers } from './yamlKinds';
import { mapGet, scalarString } from '../../server/src/core/parsers/yaml';

// ---------------------------------------------------------------------------------------------
// Stages

export interface Stage {
  /** 0-based position among the FROMs. */
  index: number;
  from: From;
  /** The `AS name` of the stage, lower-cased. */
  name?: string;
  /** The instructions after the FROM, up to the next FROM. */
  instructions: Instruction[];
}

/** The build stages in file order (instructions before the first FROM belong to none). */
export function stagesOf(df: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  for (const instr of df.getInstructions()) {
    if (instr instanceof From) {
      stages.push({ index: stages.length, from: instr, name: instr.getBuildStage()?.toLowerCase() ?? undefined, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instr);
    }
  }
  return stages;
}

export function finalStage(stages: readonly Stage[]): Stage | undefined {
  return stages[stages.length - 1];
}

/**
 * The image a Dockerfile ships, for the rules about the runtime image: its stages and the final
 * one. Undefined for Dockerfiles under `.devcontainer/` (editor environments) and files with no stage.
 */
export function runtimeStages(path: string, df: Dockerfile): { stages: Stage[]; last: Stage } | undefined {
  if (isDevContainerPath(path)) return undefined;
  const stages = stagesOf(df);
  const last = finalStage(stages);
  return last ? { stages, last } : undefined;
}

/** The earlier stage this stage is built `FROM` (`FROM builder AS runtime`), if any. */
function parentStage(df: Dockerfile, stages: readonly Stage[], stage: Stage): Stage | undefined {
  const image = resolveImage(df, stage.from);
  if (!image || image.tag || image.digest) return undefined;
  const name = image.name.toLowerCase();
  for (let i = stage.index - 1; i >= 0; i--) if (stages[i].name === name) return stages[i];
  return undefined;
}

/** The stage followed by its ancestors: `[stage, parent, grandparent, …]`. */
export function stageChain(df: Dockerfile, stages: readonly Stage[], stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  let cur: Stage | undefined = stage;
  while ((cur = parentStage(df, stages, cur)) && !chain.includes(cur)) chain.push(cur);
  return chain;
}

/** The instructions of the stage chain, ancestors first (what the stage's image is made of). */
export function chainInstructions(df: Dockerfile, stages: readonly Stage[], stage: Stage): Instruction[] {
  return stageChain(df, stages, stage).reverse().flatMap((s) => s.instructions);
}

/** True when `from` names an earlier stage rather than an image. */
export function isStageReference(df: Dockerfile, stages: readonly Stage[], stage: Stage): boolean {
  return parentStage(df, stages, stage) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Images

export interface ImageRef {
  /** The image text as written (`rust:${RUST_VERSION}`). */
  written: string;
  /** With `ARG` defaults substituted (`rust:1.75`). */
  resolved: string;
  /** Registry and repository, no tag or digest (`docker.io/library/rust`). */
  name: string;
  tag?: string;
  digest?: string;
  /** True when an `ARG` was substituted. */
  usedArgs: boolean;
}

/** Substitutes `$X`, `${X}`, `${X:-d}`, `${X-d}` from `vars`; undefined when a variable has no value. */
function substituteVariables(text: string, vars: ReadonlyMap<string, string | null>): string | undefined {
  let unresolved = false;
  const out = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    const value = vars.get(name);
    const set = value !== undefined && value !== null && (op?.startsWith(':') ? value !== '' : true);
    if (op === ':-' || op === '-') return set ? value! : (word ?? '');
    if (op === ':+' || op === '+') return set ? (word ?? '') : '';
    if (!set) { unresolved = true; return ''; }
    return value!;
  });
  return unresolved ? undefined : out;
}

/**
 * The `ARG`s declared before the first FROM, with their defaults (null: no default). A default that
 * refers to an earlier `ARG` (`ARG IMAGE=debian:${DEBIAN}-slim`) is substituted.
 */
function initialArgs(df: Dockerfile): Map<string, string | null> {
  const vars = new Map<string, string | null>();
  for (const arg of df.getInitialARGs()) {
    const p = arg.getProperty();
    if (!p) continue;
    const value = p.getValue();
    vars.set(p.getName(), value !== null && value.includes('$') ? substituteVariables(value, vars) ?? null : value);
  }
  return vars;
}

/** Splits an image reference into name, tag and digest. */
export function parseImageRef(ref: string): { name: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  const colon = rest.lastIndexOf(':');
  const slash = rest.lastIndexOf('/');
  let tag: string | undefined;
  if (colon > slash) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  return { name: rest, tag: tag || undefined, digest: digest || undefined };
}

/** The FROM's image with initial `ARG` defaults resolved; undefined when none or not resolvable. */
export function resolveImage(df: Dockerfile, from: From): ImageRef | undefined {
  const written = from.getImage();
  if (!written) return undefined;
  const usedArgs = written.includes('$');
  const resolved = usedArgs ? substituteVariables(written, initialArgs(df)) : written;
  if (resolved === undefined || resolved === '') return undefined;
  return { written, resolved, ...parseImageRef(resolved), usedArgs };
}

/** The repository without registry and `library/`: `docker.io/library/rust` → `rust`. */
export function imageRepository(name: string): string {
  let n = name.toLowerCase();
  const parts = n.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) n = parts.slice(1).join('/');
  return n.replace(/^library\//, '');
}

/**
 * How users are created in an image: `alpine` (Alpine, BusyBox, Wolfi: `addgroup`/`adduser -D -H`),
 * `debian-like` (Debian, Ubuntu and the other glibc distributions: `groupadd`/`useradd`), `scratch`
 * and `distroless` (no shell: only a numeric `USER`).
 */
export type BaseFamily = 'alpine' | 'scratch' | 'distroless' | 'debian-like';

/** The family of an image reference. */
export function imageFamily(image: { name: string; tag?: string }): BaseFamily {
  const repo = imageRepository(image.name);
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  const tag = (image.tag ?? '').toLowerCase();
  if (repo === 'scratch') return 'scratch';
  if (last === 'busybox' || last === 'wolfi-base' || last === 'alpine' || /(^|[-.])alpine/.test(tag)) return 'alpine';
  if (repo.includes('distroless') || repo.startsWith('chainguard/') || repo.startsWith('cgr.dev/')) return 'distroless';
  return 'debian-like';
}

/** The family of the image at the root of the stage chain (decides how users are created). */
export function baseFamily(df: Dockerfile, stages: readonly Stage[], stage: Stage): BaseFamily {
  const chain = stageChain(df, stages, stage);
  const root = chain[chain.length - 1];
  const image = resolveImage(df, root.from);
  return image ? imageFamily(image) : 'debian-like';
}

/** Tags that name a distribution's unstable, continuously changing branch, per repository. */
const UNSTABLE_TAGS: readonly [RegExp, RegExp][] = [
  // Debian's unstable/experimental (and images built on them: `buildpack-deps:sid`, `rust:…-sid`).
  [/./, /^(sid|unstable|experimental)$/],
  [/^(debian|[a-z0-9.-]+\/debian)$/, /^(testing|rc-buggy)$/],
  [/^(ubuntu|[a-z0-9.-]+\/ubuntu)$/, /^devel$/],
  [/^(alpine|[a-z0-9.-]+\/alpine)$/, /^edge$/],
  [/^(fedora|[a-z0-9.-]+\/fedora)$/, /^rawhide$/],
];

/** The unstable distribution branch an image tag names (`debian:sid-slim` → `sid`), if any. */
export function unstableDistribution(image: { name: string; tag?: string }): string | undefined {
  if (!image.tag) return undefined;
  const repo = imageRepository(image.name);
  for (const word of image.tag.toLowerCase().split(/[-_.]/)) {
    for (const [repoRe, tagRe] of UNSTABLE_TAGS) if (repoRe.test(repo) && tagRe.test(word)) return word;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Command text

/** A RUN's shell text with continuations joined, and for each character its document offset. */
export interface CommandText {
  text: string;
  /** `offsets[i]` is the document offset of `text[i]`; `offsets[text.length]` the end offset. */
  offsets: number[];
}

/** True for the exec form (`RUN ["cargo", "build"]`). */
export function isExecForm(instr: Instruction): boolean {
  return instr instanceof JSONInstruction && instr.getJSONStrings().length > 0;
}

/**
 * The arguments of `instr` as the shell sees them: escaped newlines removed, comment lines inside
 * the continuation dropped (Docker strips them), flags such as `--mount=…` kept. Heredoc bodies
 * are kept line by line.
 */
export function commandText(doc: DockerfileDocument, instr: Instruction): CommandText | undefined {
  const range = instr.getArgumentsRange();
  if (!range) return undefined;
  const start = doc.index.offsetAt(range.start);
  const end = doc.index.offsetAt(range.end);
  const raw = doc.text.slice(start, end);
  const esc = doc.dockerfile.getEscapeCharacter();
  let text = '';
  const offsets: number[] = [];
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === esc) {
      const m = /^[ \t]*(\r?\n)/.exec(raw.slice(i + 1));
      if (m) {
        i += 1 + m[0].length;
        // Docker drops comment lines and blank lines inside a continued instruction.
        let skip: RegExpExecArray | null;
        while ((skip = /^[ \t]*(#[^\n]*)?\r?\n/.exec(raw.slice(i)))) i += skip[0].length;
        continue;
      }
    }
    text += raw[i];
    offsets.push(start + i);
    i++;
  }
  offsets.push(end);
  return { text, offsets };
}

/** A simple shell command inside a command text: split at `&&`, `||`, `;`, `|` and newlines. */
export interface SimpleCommand { text: string; start: number }

export function simpleCommands(text: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const re = /&&|\|\||[;|\n]/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ text: text.slice(last, m.index), start: last });
    last = m.index + m[0].length;
  }
  out.push({ text: text.slice(last), start: last });
  return out;
}

/** The document range of `text[from, to)` of a command text. */
export function commandRange(doc: DockerfileDocument, cmd: CommandText, from: number, to: number): Range {
  const endOffset = to > from ? cmd.offsets[to - 1] + 1 : cmd.offsets[from];
  return { start: doc.index.positionAt(cmd.offsets[from]), end: doc.index.positionAt(endOffset) };
}

/** The RUN instructions of a stage list. */
export function runsOf(instructions: readonly Instruction[]): Run[] {
  return instructions.filter((i): i is Run => i instanceof Run);
}

// ---------------------------------------------------------------------------------------------
// COPY / ADD

export interface CopySource { value: string; range: Range }

/** True for COPY/ADD from the build context (not `--from=<stage>`). */
function isContextCopy(instr: Instruction): instr is Copy | Add {
  if (instr instanceof Copy) return !instr.getFromFlag();
  return instr instanceof Add;
}

/** The source arguments (not the destination) of a COPY/ADD from the build context. */
export function copySources(instr: Instruction): CopySource[] {
  if (!isContextCopy(instr)) return [];
  if (instr instanceof JSONInstruction && instr.getJSONStrings().length > 0) {
    const strs = instr.getJSONStrings();
    return strs.slice(0, -1).map((s) => ({ value: s.getJSONValue(), range: s.getRange() }));
  }
  // Heredoc COPY (`COPY <<EOF /x`) copies no context file.
  const args = (instr as ModifiableInstruction).getArguments();
  if (args.some((a) => a.getValue().startsWith('<<'))) return [];
  return args.slice(0, -1).map((a) => ({ value: a.getValue(), range: a.getRange() }));
}

/** Normalises a context path: no leading `./` or `/`, no trailing `/`; `.` becomes ''. */
export function normalizeContextPath(p: string): string {
  let s = p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (s === '.') s = '';
  return s.replace(/\/\.$/, '');
}

/**
 * Glob matching of COPY sources as Go's filepath.Match, which Docker uses: `*`, `?` and `[…]` /
 * `[!…]` / `[^…]` within one path segment; `**` is two `*` (no globstar), and braces, extglobs and a
 * leading `!` have no meaning. A `[` without its `]` (`COPY src[`, half-typed) matches itself; a
 * class Go rejects too (`[z-a]`) matches nothing. picomatch passes `(`, `)`, `|` and `+` through to
 * the regex it builds even without extglobs, so they are escaped to match literally.
 */
const COPY_GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, nobrace: true, noextglob: true, noglobstar: true, nonegate: true };

const copyGlobMatchers = new Map<string, picomatch.Matcher>();

function copyGlobMatches(glob: string, path: string): boolean {
  let matcher = copyGlobMatchers.get(glob);
  if (!matcher) {
    // Kept across analyses (the same Dockerfiles again and again); bounded for a long editor session.
    if (copyGlobMatchers.size >= 1000) copyGlobMatchers.clear();
    // picomatch reads `[!…]` as a class holding `!`: Go's negation is its `[^…]`.
    matcher = picomatch(glob.replace(/[()|+{}]/g, '\\$&').replace(/\[!(?=[^/]*\])/g, '[^'), COPY_GLOB_OPTIONS);
    copyGlobMatchers.set(glob, matcher);
  }
  return matcher(path);
}

/**
 * True when copying `source` (a context path) brings `path` into the image: the whole context
 * (`.`), a directory containing `path`, `path` itself, or a glob matching it or a parent of it.
 */
export function sourceCovers(source: string, path: string): boolean {
  const s = normalizeContextPath(source);
  if (s === '') return true;
  if (path === s || path.startsWith(s + '/')) return true;
  if (/[*?[]/.test(s)) {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) if (copyGlobMatches(s, parts.slice(0, i).join('/'))) return true;
  }
  return false;
}

/**
 * The build context directory of a Dockerfile ('' = workspace root). Assumed to be the Dockerfile's
 * own directory, except when the Dockerfile sits in a subdirectory (`docker/Dockerfile`) and copies
 * files that exist at the workspace root but not next to it (`COPY Cargo.toml …`): then the build
 * is run from the root (`docker build -f docker/Dockerfile .`).
 */
export function buildContextDir(doc: DockerfileDocument, ws: WorkspaceFacts): string {
  return buildContextDirs(doc, ws)[0];
}

/**
 * The build context directories of a Dockerfile: those its builds declare (a compose service's
 * `build.context`, a CI step's `docker build -f docker/Dockerfile .`, `docker/build-push-action`'s
 * `context`), else the one `guessedContextDir` infers. Never empty.
 */
export function buildContextDirs(doc: DockerfileDocument, ws: WorkspaceFacts): string[] {
  const declared = [...new Set(buildsOfDockerfile(ws, doc.path).map((b) => b.context))];
  return declared.length ? declared : [guessedContextDir(doc, ws)];
}

/** The context inferred from the Dockerfile alone (see `buildContextDir`). */
function guessedContextDir(doc: DockerfileDocument, ws: WorkspaceFacts): string {
  const dir = doc.path.includes('/') ? doc.path.slice(0, doc.path.lastIndexOf('/')) : '';
  if (dir === '') return '';
  let atRoot = 0;
  let atDir = 0;
  for (const instr of doc.dockerfile.getInstructions()) {
    for (const src of copySources(instr)) {
      const p = normalizeContextPath(src.value);
      if (!p || /[*?[$]/.test(p)) continue;
      if (ws.exists(`${dir}/${p}`)) atDir++;
      else if (ws.exists(p)) atRoot++;
    }
  }
  return atRoot > atDir ? '' : dir;
}

// ---------------------------------------------------------------------------------------------
// Users and data directories

/** The USER in effect at the end of the stage (searching its ancestors), with its instruction. */
export function effectiveUser(df: Dockerfile, stages: readonly Stage[], stage: Stage): { user: string; instr: User } | undefined {
  for (const s of stageChain(df, stages, stage)) {
    const users = s.instructions.filter((i): i is User => i instanceof User);
    const last = users[users.length - 1];
    if (last) return { user: (last.getArgumentsContent() ?? '').trim(), instr: last };
  }
  return undefined;
}

/** The user part of a `USER user[:group]` value. */
export function userName(value: string): string {
  return value.split(':')[0].trim();
}

export interface DataDir { dir: string; via: string; range: Range }

/** Data directories the stage chain names: `ENV *_DATA_DIR=…` (also `DATA_DIR`, `*_DATA_PATH`) and `VOLUME`s. */
export function dataDirs(df: Dockerfile, stages: readonly Stage[], stage: Stage): DataDir[] {
  const out: DataDir[] = [];
  const seen = new Set<string>();
  const add = (dir: string, via: string, range: Range) => {
    if (!dir.startsWith('/') || dir.includes('$') || seen.has(dir)) return;
    seen.add(dir);
    out.push({ dir, via, range });
  };
  for (const instr of chainInstructions(df, stages, stage)) {
    if (instr instanceof Env) {
      for (const p of instr.getProperties()) {
        const v = p.getValue();
        if (v && /(^|_)DATA_(DIR|PATH|HOME)$/i.test(p.getName())) add(v, `ENV ${p.getName()}`, p.getRange());
      }
    } else if (instr instanceof Volume) {
      const values = isExecForm(instr) ? (instr as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue()) : instr.getArguments().map((a) => a.getValue());
      for (const v of values) add(v, 'VOLUME', instr.getRange());
    }
  }
  return out;
}

/** The uid the dedicated-user fixes create. */
export const APP_UID = 10001;
/** The uid:gid of distroless' `nonroot` user: what images without a shell switch to (no passwd entry needed). */
export const NONROOT_USER = '65532:65532';

/** A RUN line creating a dedicated system user `app` (uid 10001) that owns `dirs`. */
export function createUserLine(family: BaseFamily, dirs: readonly string[]): string | undefined {
  const own = dirs.length ? ` && mkdir -p ${dirs.join(' ')} && chown ${APP_UID}:${APP_UID} ${dirs.join(' ')}` : '';
  switch (family) {
    case 'alpine':
      return `RUN addgroup -S -g ${APP_UID} app && adduser -S -D -H -u ${APP_UID} -G app -s /sbin/nologin app${own}`;
    case 'debian-like':
      return `RUN groupadd --system --gid ${APP_UID} app && useradd --system --uid ${APP_UID} --gid app --no-create-home --shell /usr/sbin/nologin app${own}`;
    default:
      // scratch / distroless: no shell to create users with; a numeric USER needs no passwd entry.
      return undefined;
  }
}

/** What a `.dockerignore` should keep out of a build context: build output, VCS data, env files, data and keys. */
export const DOCKERIGNORE_PATTERNS = ['target/', '.git/', '.env*', 'data/', '*.pem', '*.key'];

// ---------------------------------------------------------------------------------------------
// Workspace members in a dependency-cache layer

export type MemberStubKind = 'lib' | 'main';

/** Which stub files a member needs: `main.rs` for a binary-only crate, `lib.rs` otherwise (both when it has both). */
export function memberStubKinds(ws: WorkspaceFacts, dir: string): MemberStubKind[] {
  const prefix = dir ? `${dir}/` : '';
  const lib = ws.exists(`${prefix}src/lib.rs`);
  const main = ws.exists(`${prefix}src/main.rs`);
  return main && lib ? ['lib', 'main'] : main ? ['main'] : ['lib'];
}

/** The RUN line writing a member's stub sources, so the dependency layer builds before the real sources are copied. */
export function memberStub(dir: string, kinds: readonly MemberStubKind[]): string {
  const src = dir ? `${dir}/src` : 'src';
  const files = kinds.map((k) => k === 'lib' ? `echo "" > ${src}/lib.rs` : `echo "fn main() {}" > ${src}/main.rs`);
  return `RUN mkdir -p ${src} && ${files.join(' && ')}`;
}

// ---------------------------------------------------------------------------------------------
// Edits

/** Leading whitespace of an instruction's first line. */
function indentOf(doc: DockerfileDocument, instr: Instruction): string {
  return /^[ \t]*/.exec(doc.index.lineText(instr.getRange().start.line))![0];
}

/** An insertion of whole `lines` after the last line of `instr`. */
export function insertAfter(doc: DockerfileDocument, instr: Instruction, lines: readonly string[]): { range: Range; newText: string } {
  const eol = doc.index.eol;
  const line = instr.getRange().end.line;
  const endChar = doc.index.lineText(line).length;
  const pos = { line, character: endChar };
  const indent = indentOf(doc, instr);
  return { range: { start: pos, end: pos }, newText: lines.map((l) => eol + indent + l).join('') };
}

/** An insertion of whole `lines` before the first line of `instr`. */
export function insertBefore(doc: DockerfileDocument, instr: Instruction, lines: readonly string[]): { range: Range; newText: string } {
  const eol = doc.index.eol;
  const line = instr.getRange().start.line;
  const pos = { line, character: 0 };
  const indent = indentOf(doc, instr);
  return { range: { start: pos, end: pos }, newText: lines.map((l) => indent + l + eol).join('') };
}

/** An insertion of whole `lines` at the end of the document (after a final newline). */
export function appendLines(doc: DockerfileDocument, lines: readonly string[]): { range: Range; newText: string } {
  const eol = doc.index.eol;
  const pos = doc.index.positionAt(doc.text.length);
  const prefix = doc.text.length === 0 || doc.text.endsWith('\n') ? '' : eol;
  return { range: { start: pos, end: pos }, newText: prefix + lines.map((l) => l + eol).join('') };
}

/** The range of the first line of an instruction (what whole-instruction findings point at). */
export function firstLineRange(doc: DockerfileDocument, instr: Instruction): Range {
  const r = instr.getRange();
  if (r.start.line === r.end.line) return r;
  const esc = doc.dockerfile.getEscapeCharacter();
  let line = doc.index.lineText(r.start.line).trimEnd();
  if (line.endsWith(esc)) line = line.slice(0, -1).trimEnd();
  return { start: r.start, end: { line: r.start.line, character: Math.max(r.start.character + 1, line.length) } };
}

/**
 * Dockerfiles of development containers (`.devcontainer/`): an editor environment, not a
 * production image; the runtime rules (user, health check, toolchain) skip them.
 */
function isDevContainerPath(path: string): boolean {
  return path.split('/').slice(0, -1).includes('.devcontainer');
}

// ---------------------------------------------------------------------------------------------
// Intermediate images

/** The repository of an image name without registry and tag, lower-cased; undefined with variables. */
function repositoryOf(image: string): string | undefined {
  const name = parseImageRef(image).name;
  return name.includes('$') || name.includes('{') ? undefined : imageRepository(name);
}

const dockerfilesCache = new WeakMap<readonly string[], string[]>();

/** The workspace's Dockerfiles (paths of kind `dockerfile`). */
function workspaceDockerfiles(ws: WorkspaceFacts): string[] {
  let paths = dockerfilesCache.get(ws.files);
  if (!paths) {
    paths = ws.files.filter((f) => fileKindOf(f) === 'dockerfile');
    dockerfilesCache.set(ws.files, paths);
  }
  return paths;
}

/** True for a file name that says it builds a base image: `Dockerfile.base`, `base.Dockerfile`, `Dockerfile-base`, `rust-base.Dockerfile`. */
export function isBaseImageName(path: string): boolean {
  const words = path.slice(path.lastIndexOf('/') + 1).toLowerCase().split(/[._-]/);
  return words.includes('dockerfile') && words.includes('base');
}

/**
 * True when the Dockerfile builds an intermediate image rather than the one that runs: its name
 * says so (`Dockerfile.base`), or an image its builds produce (compose `image:`, `docker build -t`,
 * build-push-action `tags`) is the base of another Dockerfile of the workspace (`FROM org/app-base`).
 */
export function isIntermediateImage(doc: DockerfileDocument, ws: WorkspaceFacts): boolean {
  if (isBaseImageName(doc.path)) return true;
  const produced = new Set(buildsOfDockerfile(ws, doc.path).flatMap((b) => b.images).map(repositoryOf).filter((r): r is string => !!r));
  if (produced.size === 0) return false;
  for (const path of workspaceDockerfiles(ws)) {
    if (path === doc.path) continue;
    const other = ws.document(path);
    if (other?.kind !== 'dockerfile') continue;
    for (const stage of stagesOf(other.dockerfile)) {
      const image = resolveImage(other.dockerfile, stage.from);
      if (image && produced.has(imageRepository(image.name))) return true;
    }
  }
  return false;
}

/** The workspace Dockerfile whose declared builds produce `image` (by repository), if any. */
export function producingDockerfile(ws: WorkspaceFacts, image: { name: string }): DockerfileDocument | undefined {
  const repo = imageRepository(image.name);
  for (const b of dockerBuilds(ws)) {
    if (!b.images.some((i) => repositoryOf(i) === repo)) continue;
    const doc = ws.document(b.dockerfile);
    if (doc?.kind === 'dockerfile') return doc;
  }
  return undefined;
}

/**
 * The compose services of production compose files (not `docker-compose.dev.yml`, test harnesses…)
 * that run the image of this Dockerfile: they build it, or run an image its builds produce.
 */
export function composeServicesRunning(doc: DockerfileDocument, ws: WorkspaceFacts): ComposeService[] {
  const produced = new Set(buildsOfDockerfile(ws, doc.path).flatMap((b) => b.images).map(repositoryOf).filter((r): r is string => !!r));
  return composeServicesOf(ws).filter((s) => ws.roleOf(s.declaredIn) === 'production'
    && (s.dockerfile === doc.path || (!s.dockerfile && !!s.image && produced.has(repositoryOf(s.image) ?? ''))));
}

/** The images Kubernetes containers of production manifests run, with where (cached per file listing). */
const k8sImagesCache = new WeakMap<readonly string[], { image: string; where: string }[]>();

function k8sImages(ws: WorkspaceFacts): { image: string; where: string }[] {
  let images = k8sImagesCache.get(ws.files);
  if (images) return images;
  images = [];
  for (const path of ws.files) {
    if (fileKindOf(path) !== 'yaml' || ws.roleOf(path) !== 'production') continue;
    const doc = ws.document(path);
    if (doc?.kind !== 'yaml' || !/\bcontainers\s*:/.test(doc.text)) continue;
    for (const c of k8sContainers(doc)) {
      const image = scalarString(c.obj.doc, mapGet(c.obj.doc, c.node, 'image'));
      if (image) images.push({ image, where: `Kubernetes ${describeContainer(c)} (${path})` });
    }
  }
  k8sImagesCache.set(ws.files, images);
  return images;
}

/**
 * Where the image of this Dockerfile is deployed: production compose services that build or run
 * it, and Kubernetes containers running an image its builds produce. A `FROM scratch` stage without
 * `CMD` run there is a runtime image (its command comes from the deployment), not an artifact export.
 */
export function deploymentsRunning(doc: DockerfileDocument, ws: WorkspaceFacts): string[] {
  const produced = new Set(buildsOfDockerfile(ws, doc.path).flatMap((b) => b.images).map(repositoryOf).filter((r): r is string => !!r));
  const compose = composeServicesRunning(doc, ws).map((s) => `Compose service \`${s.service}\` (${s.declaredIn})`);
  const k8s = produced.size ? k8sImages(ws).filter((k) => produced.has(repositoryOf(k.image) ?? '')).map((k) => k.where) : [];
  return [...compose, ...k8s];
}
