import type { Instruction } from 'dockerfile-ast';
import { defineDocumentRule } from '../../server/src/core/engine/rule';
import type { DockerfileDocument } from '../../server/src/core/parsers/document';
import type { WorkspaceFacts, WorkspaceMember } from '../../server/src/core/engine/workspaceFacts';
import type { Fix } from '../../server/src/core/engine/types';
import {
  buildContextDir, chainInstructions, commandText, copySources, firstLineRange, insertAfter, isExecForm, normalizeContextPath,
  memberStub, memberStubKinds, runsOf, simpleCommands, sourceCovers, stagesOf, type Stage,
} from '../shared/dockerfile';

/** A cargo command that loads the whole workspace. `cargo install` only with `--path`. */
const CARGO_WS_RE = /\bcargo(?:\s+\+\S+)?\s+(?:auditable\s+)?(build|b|check|c|fetch|test|t|run|r|doc|clippy|rustc|zigbuild|install|metadata|tree|vendor)\b/;

function loadsWorkspace(doc: DockerfileDocument, instr: Instruction): boolean {
  if (isExecForm(instr)) return false;
  const cmd = commandText(doc, instr);
  if (!cmd) return false;
  return simpleCommands(cmd.text).some((c) => {
    const m = CARGO_WS_RE.exec(c.text);
    return !!m && (m[1] !== 'install' || /(^|\s)--path\b/.test(c.text));
  });
}

const isManifestSource = (s: string) => /(^|\/)Cargo\.toml$/.test(normalizeContextPath(s));

/** Escapes `s` for a RegExp. */
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces the member directory `from` by `to` as a whole path prefix (`crates/a/` but not `crates/ab`). */
function swapMember(text: string, from: string, to: string): string {
  return text.replace(new RegExp(`(^|[\\s"'=/.])${reEscape(from)}(?=/|\\s|"|'|$)`, 'g'), (_m, pre: string) => pre + to);
}

/** Members named by a text (as whole path prefixes). */
function membersIn(text: string, members: readonly WorkspaceMember[]): WorkspaceMember[] {
  return members.filter((m) => new RegExp(`(^|[\\s"'=/.])${reEscape(m.dir)}(?=/|\\s|"|'|$)`).test(text));
}

function buildFix(doc: DockerfileDocument, ws: WorkspaceFacts, members: readonly WorkspaceMember[], layer: Instruction[], manifestCopies: Instruction[], missing: WorkspaceMember): Fix {
  const lastCopy = manifestCopies[manifestCopies.length - 1];
  const lineOf = (i: Instruction) => doc.text.slice(doc.index.offsetAt(i.getRange().start), doc.index.offsetAt(i.getRange().end));
  const singleLine = (i: Instruction) => i.getRange().start.line === i.getRange().end.line;
  // COPY: follow an existing single-member manifest COPY.
  let copyLine = `COPY ${missing.dir}/Cargo.toml ${missing.dir}/Cargo.toml`;
  for (const c of [...manifestCopies].reverse()) {
    const srcs = copySources(c).map((s) => normalizeContextPath(s.value));
    const named = membersIn(lineOf(c), members);
    if (singleLine(c) && srcs.length === 1 && named.length === 1 && srcs[0] === `${named[0].dir}/Cargo.toml`) {
      copyLine = swapMember(lineOf(c), named[0].dir, missing.dir);
      break;
    }
  }
  // Stub sources: follow an existing single-member stub RUN of the same kind.
  // Stub RUNs: create directories or files under a `src/` (`mkdir -p x/src`, `echo … > x/src/lib.rs`, `touch`).
  const stubRuns = runsOf(layer).filter((r) => /\/src\b/.test(commandText(doc, r)?.text ?? '') && /\bmkdir\b|\btouch\b|>/.test(commandText(doc, r)?.text ?? ''));
  const globLoop = stubRuns.some((r) => /\bfor\b[^;]*\*/.test(commandText(doc, r)?.text ?? ''));
  const kinds = memberStubKinds(ws, missing.dir);
  let stubLine: string | undefined = globLoop ? undefined : memberStub(missing.dir, kinds);
  if (stubLine) {
    for (const r of [...stubRuns].reverse()) {
      const text = lineOf(r);
      const named = membersIn(text, members);
      if (!singleLine(r) || named.length !== 1 || !/\bmkdir\b/.test(text)) continue;
      const hasLib = /src\/lib\.rs\b/.test(text);
      const hasMain = /src\/main\.rs\b/.test(text);
      if (hasLib === kinds.includes('lib') && hasMain === kinds.includes('main')) {
        stubLine = swapMember(text, named[0].dir, missing.dir);
        break;
      }
    }
  }
  const edits = [];
  const lastStub = stubRuns[stubRuns.length - 1];
  const stubAfterCopies = lastStub && layer.indexOf(lastStub) > layer.indexOf(lastCopy);
  if (stubLine && stubAfterCopies) {
    const a = insertAfter(doc, lastCopy, [copyLine.trim()]);
    const b = insertAfter(doc, lastStub, [stubLine.trim()]);
    edits.push({ path: doc.path, ...a }, { path: doc.path, ...b });
  } else {
    const a = insertAfter(doc, lastCopy, stubLine ? [copyLine.trim(), stubLine.trim()] : [copyLine.trim()]);
    edits.push({ path: doc.path, ...a });
  }
  return { title: `Copy \`${missing.dir}/Cargo.toml\` and stub its sources in the cache layer`, preferred: true, edits };
}

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-workspace-member-missing',
    title: 'Dockerfile cache layer misses a workspace member',
    priority: 'P0',
    area: 'Deployment',
    nonTest: false,
    action: 'Copy every workspace member\'s `Cargo.toml` (and a stub `src/`) into the dependency-cache layer',
    docs: {
      lang: 'dockerfile',
      what: 'Reads the Cargo workspace members from the root `Cargo.toml` (globs such as `crates/*` expanded, `exclude` honoured) and compares them with what a build stage copies before its first workspace-loading cargo command (`cargo build`, `fetch`, `check`, `test`, `install --path` …) when that stage has a dependency-cache layer (it copies Cargo manifests). A member counts as copied when its `Cargo.toml` is copied directly, through a directory (`COPY crates/ crates/`), a glob, or the whole context (`COPY . .`). One finding per missing member, on the last manifest `COPY`, with related information pointing at the member in `Cargo.toml`.',
      why: 'Cargo loads every member\'s manifest before building anything: with one missing, `cargo build` in the image fails ("failed to load manifest for workspace member"). CI builds from the full checkout and stays green, so the break shows up only when the release image is built, typically right after someone added a crate to the workspace.',
      example: '# Cargo.toml: members = ["crates/*"]  (core, server, p2p)\nCOPY Cargo.toml Cargo.lock ./\nCOPY crates/core/Cargo.toml crates/core/Cargo.toml\nCOPY crates/server/Cargo.toml crates/server/Cargo.toml\nRUN mkdir -p crates/core/src && echo "" > crates/core/src/lib.rs\nRUN mkdir -p crates/server/src && echo "fn main() {}" > crates/server/src/main.rs\nRUN cargo build --release --locked',
      useInstead: 'COPY Cargo.toml Cargo.lock ./\nCOPY crates/core/Cargo.toml crates/core/Cargo.toml\nCOPY crates/server/Cargo.toml crates/server/Cargo.toml\nCOPY crates/p2p/Cargo.toml crates/p2p/Cargo.toml\nRUN mkdir -p crates/core/src && echo "" > crates/core/src/lib.rs\nRUN mkdir -p crates/server/src && echo "fn main() {}" > crates/server/src/main.rs\nRUN mkdir -p crates/p2p/src && echo "" > crates/p2p/src/lib.rs\nRUN cargo build --release --locked\n\n# or generate the layer with cargo-chef (`cargo chef prepare` / `cargo chef cook`)',
      fixSafety: 'The fix inserts `COPY <member>/Cargo.toml <member>/Cargo.toml` after the last manifest COPY of the layer and a stub-source `RUN` (`lib.rs`, or `main.rs` for a binary-only crate) after the layer\'s last stub `RUN`, copying the form of the existing lines when they follow a one-member pattern. Both are plain instructions before the first cargo command, so the fix is preferred; the later `COPY` of the real sources replaces the stubs.',
      notes: 'The build context is assumed to be the Dockerfile\'s directory, or the workspace root when a Dockerfile in a subdirectory (`docker/Dockerfile`) copies files that only exist at the root; the rule only runs when that context is the workspace root. Dockerfiles using cargo-chef (`cargo chef prepare`/`cook`) are not checked: the recipe includes every member. COPY sources with build variables are assumed to cover everything. A layer that does not copy the root `Cargo.toml` builds a crate on its own, outside the workspace, and is not checked.',
    },
  },
  fileKinds: ['dockerfile'],
  check(ctx) {
    const doc = ctx.doc;
    const ws = ctx.ws;
    const members = ws.cargo.members;
    if (!ws.cargo.isWorkspace || members.length === 0) return;
    if (buildContextDir(doc, ws) !== '') return;
    const df = doc.dockerfile;
    const stages = stagesOf(df);
    const usesChef = runsOf(df.getInstructions()).some((r) => /\bcargo\s+chef\b/.test(commandText(doc, r)?.text ?? ''));
    if (usesChef) return;
    const manifest = ws.cargo.rootManifest ?? 'Cargo.toml';
    for (const stage of stages) checkStage(stage);

    function checkStage(stage: Stage): void {
      const buildIdx = stage.instructions.findIndex((i) => loadsWorkspace(doc, i));
      if (buildIdx < 0) return;
      const layer = stage.instructions.slice(0, buildIdx);
      const manifestCopies = layer.filter((i) => copySources(i).some((s) => isManifestSource(s.value)));
      if (manifestCopies.length === 0) return;
      const chain = chainInstructions(df, stages, stage);
      const before = chain.slice(0, chain.indexOf(stage.instructions[buildIdx]));
      const sources = before.flatMap((i) => copySources(i)).map((s) => s.value);
      if (sources.some((s) => s.includes('$'))) return;
      // Without the root manifest cargo does not see the workspace (a crate built standalone).
      if (!sources.some((s) => sourceCovers(s, manifest))) return;
      const missing = members.filter((m) => !sources.some((s) => sourceCovers(s, m.manifestPath)));
      const target = manifestCopies[manifestCopies.length - 1];
      const copied = members.length - missing.length;
      for (const m of missing) {
        ctx.report(firstLineRange(doc, target),
          `The dependency-cache layer copies ${copied} of ${members.length} workspace members' manifests but not \`${m.manifestPath}\`: \`cargo\` cannot load the workspace, so the image build fails or builds without \`${m.dir}\`. Copy its \`Cargo.toml\` and create a stub \`src/\` here.`,
          {
            fixes: [buildFix(doc, ws, members, layer, manifestCopies, m)],
            related: m.declaredAt ? [{ path: manifest, range: m.declaredAt, message: `workspace member \`${m.dir}\` is declared here` }] : [],
          });
      }
    }
  },
});
