import { defineDocumentRule, type RuleContext } from '../../server/src/core/engine/rule';
import type { DockerfileDocument, YamlDocumentFile } from '../../server/src/core/parsers/document';
import type { Range } from '../../server/src/core/engine/types';
import { ciScriptCommands, ciSteps, isReadableCiFile, isReleaseWorkflow, type CiStep, type ScriptCommand } from '../shared/ciFiles';
import { parseActionRef } from '../shared/yamlKinds';
import { buildContextDir, chainInstructions, commandRange, commandText, copySources, isExecForm, runsOf, simpleCommands, sourceCovers, stagesOf } from '../shared/dockerfile';

/** `cargo [+toolchain] build|install|zigbuild|auditable build|chef cook`, with the end of the subcommand. */
const CARGO_RE = /\bcargo(?:\s+\+\S+)?\s+(?:auditable\s+)?(build|install|zigbuild|chef\s+cook)\b/g;

/** A build in a CI script: `cargo [+tc] [auditable] build|zigbuild`, `cross build`. */
const CI_BUILD_RE = /\b(?:cargo(?:\s+\+\S+)?\s+(?:auditable\s+)?(?:build|zigbuild)|cross(?:\s+\+\S+)?\s+build)\b/;
/** A release build: `--release`, `-r`, or a custom profile (`--profile dist`) other than the dev/test ones. */
const RELEASE_FLAG_RE = /(?:^|\s)(?:--release|-r)(?=\s|$)|(?:^|\s)--profile[=\s]+(?!(?:dev|test|bench|debug)(?:\s|$))\S+/;
/** Jobs that verify rather than ship: a release build there runs tests or benchmarks. */
const VERIFY_JOB = new Set(['test', 'tests', 'check', 'checks', 'lint', 'clippy', 'fmt', 'bench', 'benchmark', 'benchmarks', 'fuzz', 'coverage', 'miri', 'msrv', 'doc', 'docs', 'e2e', 'integration']);
const SHIP_JOB = new Set(['release', 'releases', 'publish', 'deploy', 'dist', 'package', 'packaging']);
/** Steps that ship what the job built: uploads, releases, registry pushes. */
const SHIP_ACTION = /^(?:actions\/upload-artifact|softprops\/action-gh-release|svenstaro\/upload-release-action|actions\/upload-release-asset|ncipollo\/release-action|taiki-e\/upload-rust-binary-action|docker\/build-push-action)$/;
const SHIP_COMMAND = /\bgh\s+release\s+(?:create|upload)\b|\bdocker\s+push\b|\baws\s+s3\s+cp\b|\bscp\b|\brsync\b/;

const jobWords = (job: string) => job.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

/**
 * Why a CI job's release build is what gets deployed, or undefined when it is not (a test, check
 * or benchmark job, or a job that neither ships its output nor runs on a release).
 */
function deploymentJob(file: YamlDocumentFile, step: CiStep): string | undefined {
  const words = jobWords(step.job);
  if (words.some((w) => VERIFY_JOB.has(w))) return undefined;
  if (words.some((w) => SHIP_JOB.has(w))) return `job \`${step.job}\``;
  if (step.system === 'github' && isReleaseWorkflow(step.doc)) return 'a release workflow';
  const sameJob = ciSteps(file).filter((s) => s.doc === step.doc && s.job === step.job);
  for (const s of sameJob) {
    const ref = s.uses ? parseActionRef(String(s.uses.value)) : undefined;
    if (ref && SHIP_ACTION.test(ref.repo)) return `job \`${step.job}\`, which ships its output with \`${ref.repo}\``;
    if (s.scripts.some((x) => SHIP_COMMAND.test(String(x.value)))) return `job \`${step.job}\`, which ships its output`;
  }
  return undefined;
}

/** `cargo build --release` (or `cross build`, `--profile dist`) without `--locked` in a CI job that ships its output. */
function checkCiBuilds(ctx: RuleContext<YamlDocumentFile>): void {
  const file = ctx.doc;
  let lockFile: boolean | undefined;
  for (const cmd of ciScriptCommands(file)) {
    const m = CI_BUILD_RE.exec(cmd.text);
    if (!m || !RELEASE_FLAG_RE.test(cmd.text) || /(?:^|\s)--(?:locked|frozen)\b/.test(cmd.text)) continue;
    const where = deploymentJob(file, cmd.step);
    if (!where) continue;
    const range = commandWordsRange(ctx, cmd, m.index, m.index + m[0].length);
    lockFile ??= ctx.ws.files.some((f) => /(^|\/)Cargo\.lock$/.test(f)) || ctx.ws.exists('Cargo.lock');
    const words = m[0].replace(/\s+/g, ' ');
    const note = lockFile ? '' : ' (no `Cargo.lock` is committed: commit it too, or `--locked` fails the build)';
    const fixes = range.exact ? [{ title: 'Add `--locked`', preferred: lockFile, edits: [ctx.edit({ start: range.range.end, end: range.range.end }, ' --locked')] }] : [];
    ctx.report(range.range,
      `\`${words}\` builds release binaries in ${where} without \`--locked\`: cargo re-resolves dependencies when \`Cargo.lock\` is missing or stale, so the released binaries can ship dependency versions nobody tested. Add \`--locked\`${note}.`,
      { fixes });
  }
}

/** The range of `cmd.text[from, to)`, exact when the script's characters map to the document; else the whole script. */
function commandWordsRange(ctx: RuleContext<YamlDocumentFile>, cmd: ScriptCommand, from: number, to: number): { range: Range; exact: boolean } {
  const idx = ctx.doc.index;
  if (cmd.offsets && cmd.offsets.length > to) {
    return { range: { start: idx.positionAt(cmd.offsets[from]), end: idx.positionAt(cmd.offsets[to - 1] + 1) }, exact: true };
  }
  const r = cmd.script.range!;
  return { range: idx.range(r[0], r[1]), exact: false };
}

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-cargo-unlocked',
    title: 'cargo build/install without --locked',
    priority: 'P2',
    area: 'Supply chain',
    nonTest: false,
    action: 'Add `--locked` to `cargo build` / `cargo install` in Dockerfiles and to release builds in CI',
    docs: {
      lang: 'dockerfile',
      what: 'Flags `cargo build`, `cargo install` and cargo-chef\'s `cargo chef cook` (the dependency-cache build) in a `RUN` (shell or heredoc form, line continuations joined) that pass neither `--locked` nor `--frozen`; and in CI (GitHub/Gitea/Forgejo workflows, GitLab, Woodpecker, Drone, read by the shared CI step reader) a release build — `cargo build --release` / `-r` / `--profile <name>`, `cargo zigbuild`, `cross build` — without them in a job that ships its output: a job named `release`/`publish`/`deploy`/`dist`/`package`, any job of a workflow that runs on a tag push or a release, or a job that uploads an artifact, creates a release or pushes an image. Not flagged in CI: debug builds, release builds in test/check/lint/bench/coverage jobs (they verify, they do not ship), and `cargo install` of CI tools.',
      why: 'Without `--locked` cargo silently re-resolves dependencies whenever `Cargo.lock` is missing or stale, so the image can contain versions nobody tested or audited; `cargo install` ignores the published lock file entirely and takes the newest semver-compatible version of every dependency, which is how broken or malicious releases reach production builds.',
      example: 'RUN cargo build --release --bin server\nRUN cargo install cargo-chef\nRUN cargo chef cook --release --recipe-path recipe.json',
      useInstead: 'RUN cargo build --release --locked --bin server\nRUN cargo install --locked cargo-chef\nRUN cargo chef cook --locked --release --recipe-path recipe.json',
      fixSafety: 'The fix inserts ` --locked` after the subcommand. It is preferred (fix-all) for `cargo install`, for `cargo build` in a stage that copies `Cargo.lock` (or the whole context), and for `cargo chef cook` when the repository has a `Cargo.lock` in the build context that the Dockerfile copies (the recipe `cargo chef prepare` writes then carries it); otherwise it is offered only, because `--locked` fails the build when no lock file is present. In CI the fix inserts ` --locked` after the build command words, preferred when the repository commits a `Cargo.lock`; a command in a folded or escaped scalar gets no fix (its position in the file cannot be known).',
    },
  },
  fileKinds: ['dockerfile', 'yaml'],
  check(ctx) {
    if (ctx.doc.kind === 'yaml') {
      if (isReadableCiFile(ctx.doc.path)) checkCiBuilds(ctx as RuleContext<YamlDocumentFile>);
      return;
    }
    const doc: DockerfileDocument = ctx.doc;
    const df = doc.dockerfile;
    const stages = stagesOf(df);
    // cargo-chef: `cook` builds from the recipe `prepare` wrote in another stage, which carries the
    // lock file when the context has one and the Dockerfile copies it there.
    let recipeLock: boolean | undefined;
    const recipeHasLock = () => recipeLock ??= (() => {
      const dir = buildContextDir(doc, ctx.ws);
      return ctx.ws.exists(dir ? `${dir}/Cargo.lock` : 'Cargo.lock')
        && df.getInstructions().some((i) => copySources(i).some((s) => sourceCovers(s.value, 'Cargo.lock')));
    })();
    for (const stage of stages) {
      // One pass over the stage chain: where Cargo.lock is first copied, and each RUN's place.
      const instructions = chainInstructions(df, stages, stage);
      const firstLockCopy = instructions.findIndex((i) => copySources(i).some((s) => sourceCovers(s.value, 'Cargo.lock')));
      const position = new Map(instructions.map((i, n) => [i, n]));
      for (const run of runsOf(stage.instructions)) {
        if (isExecForm(run)) continue;
        const cmd = commandText(doc, run);
        if (!cmd) continue;
        const lockCopied = firstLockCopy !== -1 && firstLockCopy < position.get(run)!;
        for (const simple of simpleCommands(cmd.text)) {
          CARGO_RE.lastIndex = 0;
          const m = CARGO_RE.exec(simple.text);
          if (!m || /(^|\s)--(locked|frozen)\b/.test(simple.text)) continue;
          const sub = m[1].replace(/\s+/g, ' ');
          const from = simple.start + m.index;
          const to = from + m[0].length;
          const fromRegistry = sub === 'install' && !/(^|\s)--path\b/.test(simple.text);
          const preferred = fromRegistry || (sub === 'chef cook' ? recipeHasLock() : lockCopied);
          const insertAt = commandRange(doc, cmd, from, to).end;
          const note = preferred ? ''
            : sub === 'chef cook' ? ' (the recipe carries a `Cargo.lock` only when the planner stage copies one: commit and copy it too, or `--locked` fails the build)'
              : ' (the stage does not copy `Cargo.lock` before this step: copy it too, or `--locked` fails the build)';
          ctx.report(commandRange(doc, cmd, from, to),
            `\`${m[0].replace(/\s+/g, ' ')}\` without \`--locked\` re-resolves dependencies when \`Cargo.lock\` is missing or stale${sub === 'install' ? ' (`cargo install` ignores the lock file altogether)' : ''}, so the image can ship untested dependency versions. Add \`--locked\`${note}.`,
            { fixes: [{ title: 'Add `--locked`', preferred, edits: [ctx.edit({ start: insertAt, end: insertAt }, ' --locked')] }] });
        }
      }
    }
  },
});
