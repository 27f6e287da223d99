import { defineDocumentRule } from '../../server/src/engine/rule';
import { buildContextDir, chainInstructions, commandRange, commandText, copySources, isExecForm, runsOf, simpleCommands, sourceCovers, stagesOf } from '../shared/dockerfile';

/** `cargo [+toolchain] build|install|zigbuild|auditable build|chef cook`, with the end of the subcommand. */
const CARGO_RE = /\bcargo(?:\s+\+\S+)?\s+(?:auditable\s+)?(build|install|zigbuild|chef\s+cook)\b/g;

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-cargo-unlocked',
    title: 'cargo build/install without --locked',
    priority: 'P2',
    area: 'Supply chain',
    nonTest: false,
    action: 'Add `--locked` to `cargo build` / `cargo install` in Dockerfiles',
    docs: {
      lang: 'dockerfile',
      what: 'Flags `cargo build`, `cargo install` and cargo-chef\'s `cargo chef cook` (the dependency-cache build) in a `RUN` (shell or heredoc form, line continuations joined) that pass neither `--locked` nor `--frozen`.',
      why: 'Without `--locked` cargo silently re-resolves dependencies whenever `Cargo.lock` is missing or stale, so the image can contain versions nobody tested or audited; `cargo install` ignores the published lock file entirely and takes the newest semver-compatible version of every dependency, which is how broken or malicious releases reach production builds.',
      example: 'RUN cargo build --release --bin server\nRUN cargo install cargo-chef\nRUN cargo chef cook --release --recipe-path recipe.json',
      useInstead: 'RUN cargo build --release --locked --bin server\nRUN cargo install --locked cargo-chef\nRUN cargo chef cook --locked --release --recipe-path recipe.json',
      fixSafety: 'The fix inserts ` --locked` after the subcommand. It is preferred (fix-all) for `cargo install`, for `cargo build` in a stage that copies `Cargo.lock` (or the whole context), and for `cargo chef cook` when the repository has a `Cargo.lock` in the build context that the Dockerfile copies (the recipe `cargo chef prepare` writes then carries it); otherwise it is offered only, because `--locked` fails the build when no lock file is present.',
    },
  },
  fileKinds: ['dockerfile'],
  check(ctx) {
    const doc = ctx.doc;
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
