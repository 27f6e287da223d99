import type { Run } from 'dockerfile-ast';
import { defineDocumentRule } from '../../server/src/core/engine/rule';
import type { DockerfileDocument } from '../../server/src/core/parsers/document';
import type { Range } from '../../server/src/core/engine/types';
import { chainInstructions, commandRange, commandText, finalStage, isExecForm, runsOf, simpleCommands, stagesOf } from '../shared/dockerfile';

/** `apt-get [opts] install` / `apt [opts] install`. */
const INSTALL_RE = /\bapt(?:-get)?((?:\s+-{1,2}\S+)*)\s+install\b/;
const NO_RECOMMENDS_RE = /--no-install-recommends\b|APT::Install-Recommends=(?:false|0|"false")/i;
const LISTS_CLEANUP_RE = /\/var\/lib\/apt\/lists/;
/** A BuildKit cache mount on the lists directory: they never reach the layer. */
const LISTS_CACHE_MOUNT_RE = /(?:^|,)(?:target|dst|destination)=\/var\/lib\/apt(?:\/lists)?\/?(?:,|$)/;

function mountsListsCache(run: Run): boolean {
  return run.getFlags().some((f) => f.getName() === 'mount' && LISTS_CACHE_MOUNT_RE.test(f.getValue() ?? ''));
}

const CLEANUP = 'rm -rf /var/lib/apt/lists/*';

/** The edit appending the lists cleanup to a RUN, following its continuation style. */
function cleanupEdit(doc: DockerfileDocument, run: Run): { range: Range; newText: string } | undefined {
  const heredoc = run.getHeredocs()[0];
  const range = run.getRange();
  if (heredoc) {
    if ((run.getRawArgumentsContent() ?? '').trimStart().startsWith('<<')) {
      // `RUN <<EOF … EOF`: the heredoc is the script; add a line before its terminator.
      const end = heredoc.getDelimiterRange();
      if (!end) return undefined;
      const pos = { line: end.start.line, character: 0 };
      return { range: { start: pos, end: pos }, newText: CLEANUP + doc.index.eol };
    }
    // `RUN cmd <<EOF`: the heredoc is stdin of a command; chain after the first line when it is not continued.
    const first = doc.index.lineText(range.start.line);
    if (first.trimEnd().endsWith(doc.dockerfile.getEscapeCharacter())) return undefined;
    const pos = { line: range.start.line, character: first.trimEnd().length };
    return { range: { start: pos, end: pos }, newText: ` && ${CLEANUP}` };
  }
  const lastLine = doc.index.lineText(range.end.line);
  // A shell comment at the end of the last line: insert before it.
  const comment = /\s#[^'"]*$/.exec(lastLine.slice(range.start.line === range.end.line ? run.getInstructionRange().end.character : 0));
  const endChar = comment ? lastLine.length - comment[0].length : range.end.character;
  const pos = { line: range.end.line, character: endChar };
  if (range.start.line === range.end.line) return { range: { start: pos, end: pos }, newText: ` && ${CLEANUP}` };
  const esc = doc.dockerfile.getEscapeCharacter();
  const indent = /^[ \t]*/.exec(lastLine)![0];
  const leading = /^[ \t]*(&&|;)/.test(lastLine);
  const newText = leading ? ` ${esc}${doc.index.eol}${indent}&& ${CLEANUP}` : ` && ${esc}${doc.index.eol}${indent}${CLEANUP}`;
  return { range: { start: pos, end: pos }, newText };
}

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-apt-hygiene',
    title: 'apt-get install without --no-install-recommends or list cleanup',
    priority: 'P2',
    area: 'Deployment',
    nonTest: false,
    action: 'Use `apt-get install --no-install-recommends` and `rm -rf /var/lib/apt/lists/*` in the same RUN',
    docs: {
      lang: 'dockerfile',
      what: 'Flags `apt-get install` (or `apt install`) without `--no-install-recommends`, and, in the stages that make up the final image, a `RUN` that installs packages without removing `/var/lib/apt/lists/*` in the same `RUN`.',
      why: 'Recommended packages routinely double the size of an image and add software nobody asked for (and that vulnerability scanners then report). Package lists left in a layer add tens of megabytes to every pull and stay in the layer even if a later `RUN` deletes them.',
      example: 'RUN apt-get update && \\\n    apt-get install -y ca-certificates libpq5',
      useInstead: 'RUN apt-get update && \\\n    apt-get install -y --no-install-recommends ca-certificates libpq5 && \\\n    rm -rf /var/lib/apt/lists/*',
      fixSafety: 'Two fixes: insert `--no-install-recommends` after `install`, and append `rm -rf /var/lib/apt/lists/*` to the `RUN` (as a new continued line when the `RUN` spans several lines, as a line before the terminator in a heredoc). Both keep the Dockerfile valid and are preferred; a package that only worked through a recommended dependency has to be listed explicitly.',
      notes: 'The cleanup is not required in builder stages (they never reach the final image) nor when the `RUN` mounts a BuildKit cache on `/var/lib/apt`. A missing `--no-install-recommends` in a builder stage only slows the build: audit profile only (hygiene). Exec-form `RUN [...]` gets no fix.',
    },
  },
  fileKinds: ['dockerfile'],
  check(ctx) {
    const doc = ctx.doc;
    const df = doc.dockerfile;
    const stages = stagesOf(df);
    const last = finalStage(stages);
    const shipped = new Set(last ? chainInstructions(df, stages, last) : []);
    for (const stage of stages) {
      for (const run of runsOf(stage.instructions)) {
        const cmd = commandText(doc, run);
        if (!cmd) continue;
        const exec = isExecForm(run);
        let firstInstall: Range | undefined;
        for (const simple of simpleCommands(cmd.text)) {
          const m = INSTALL_RE.exec(simple.text);
          if (!m) continue;
          const from = simple.start + m.index;
          const to = from + m[0].length;
          const range = commandRange(doc, cmd, from, to);
          firstInstall ??= range;
          if (NO_RECOMMENDS_RE.test(simple.text)) continue;
          // A builder stage is thrown away: its extra packages cost build time, not image size.
          const builder = !shipped.has(run);
          ctx.report(range, `\`apt-get install\` without \`--no-install-recommends\` pulls in recommended packages: ${builder ? 'a slower build (this stage does not reach the final image)' : 'a larger image and more software for scanners to flag'}. Add \`--no-install-recommends\` and list what is really needed.`, {
            fixes: exec ? [] : [{ title: 'Add `--no-install-recommends`', preferred: true, edits: [ctx.edit({ start: range.end, end: range.end }, ' --no-install-recommends')] }],
            ...(builder ? { tier: 'hygiene' as const } : {}),
          });
        }
        if (!firstInstall || !shipped.has(run) || LISTS_CLEANUP_RE.test(cmd.text) || mountsListsCache(run)) continue;
        const edit = exec ? undefined : cleanupEdit(doc, run);
        ctx.report(firstInstall, 'This `RUN` installs packages but leaves `/var/lib/apt/lists/*` in the layer: tens of megabytes in every pull that a later `RUN` cannot remove. Append `&& rm -rf /var/lib/apt/lists/*` to the same `RUN`.', {
          fixes: edit ? [{ title: 'Remove the apt lists in the same RUN', preferred: true, edits: [ctx.edit(edit.range, edit.newText)] }] : [],
        });
      }
    }
  },
});
