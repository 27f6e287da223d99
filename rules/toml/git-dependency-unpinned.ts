import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { tomlRange } from '../../server/src/core/parsers/toml';
import type { Fix } from '../../server/src/core/engine/types';
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import type { TomlDocument } from '../../server/src/core/parsers/document';
import { addFieldEdit, dependencySpecs, fieldString, isCargoManifest, packageName, replaceFieldEdit, tomlQuote } from '../shared/cargoManifest';
import { findLock, lockedGitCommit } from '../shared/cargoLock';

/** The account a git URL lives under on a forge: `realaravinth` in `https://github.com/realaravinth/argon2-creds`. */
function gitOwner(url: string): string | undefined {
  return /^(?:https?:\/\/|ssh:\/\/)?(?:[^@/]+@)?[^/:]+[/:]~?([^/]+)\/[^/]+/.exec(url.trim())?.[1]?.toLowerCase();
}

/** Mailbox names that say nothing about who owns an account. */
const GENERIC_MAILBOX = /^(?:info|admin|contact|hello|hi|dev|devs|team|support|noreply|no-reply|mail|me|security|maintainers?)$/;

/**
 * The project's own forge accounts, from the root and this manifest's `[package]` / `[workspace.package]`: the
 * `repository` owner, and each author's name (one word) and mailbox (`realaravinth <realaravinth@…>`).
 */
function ownAccounts(ws: WorkspaceFacts, doc: TomlDocument): string[] {
  const out = new Set<string>();
  const root = ws.exists('Cargo.toml') ? ws.document('Cargo.toml') : undefined;
  const tables = [doc.toml.value, root?.kind === 'toml' ? root.toml.value : undefined].flatMap((v) => {
    const o = (x: unknown) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {});
    return v ? [o(v.package), o(o(v.workspace).package)] : [];
  });
  for (const t of tables) {
    if (typeof t.repository === 'string') { const o = gitOwner(t.repository); if (o) out.add(o); }
    for (const a of Array.isArray(t.authors) ? t.authors : []) {
      if (typeof a !== 'string') continue;
      const m = /^\s*([^<]*?)\s*(?:<([^@>]+)@[^>]*>)?\s*$/.exec(a);
      const name = m?.[1]?.toLowerCase() ?? '';
      if (/^[\w.-]+$/.test(name)) out.add(name);
      const mailbox = m?.[2]?.toLowerCase();
      if (mailbox && !GENERIC_MAILBOX.test(mailbox)) out.add(mailbox);
    }
  }
  return [...out].filter((a) => a.length >= 3);
}

export const rule = defineDocumentRule({
  meta: {
    id: 'git-dependency-unpinned',
    title: 'Git dependency not pinned to a commit',
    priority: 'P1',
    area: 'Supply chain',
    nonTest: false,
    action: 'Pin git dependencies with `rev = "<full commit>"` instead of `tag`/`branch`',
    docs: {
      lang: 'toml',
      what: 'Flags a `Cargo.toml` dependency fetched from git (`git = "…"`) that is pinned by `tag`, by `branch` or not at all, instead of by `rev`. Covers `[dependencies]`, dev/build dependencies, `[workspace.dependencies]`, `[target.…dependencies]`, inline tables, `[dependencies.x]` tables and dotted keys.',
      why: 'A tag can be moved and a branch moves by design: the next `cargo update`, or a build without the lock file (a fresh `cargo install`, a library consumer), fetches whatever the remote points at now. Git dependencies are also outside crates.io\'s advisory and yanking process, so a compromised or force-pushed upstream goes straight into the release build.',
      example: '[dependencies]\nxiu = { git = "https://github.com/harlanc/xiu.git", tag = "v0.13.0" }',
      useInstead: '[dependencies]\n# v0.13.0\nxiu = { git = "https://github.com/harlanc/xiu.git", rev = "dffca6e6b8e0a1e2f9ab04a1c5b0e6e7b2b3f0a1" }',
      fixSafety: 'The fix replaces `tag = "…"`/`branch = "…"` (or adds `rev`) with `rev = "<commit>"`, taking the full commit that `Cargo.lock` already resolved for that repository and reference, so the build keeps using exactly the code it uses today. It is preferred (applied by fix-all). Without a matching `Cargo.lock` entry there is no fix: run `cargo generate-lockfile` first.',
      notes: 'The lock is looked up next to the manifest and in its parent directories (a workspace member uses the root `Cargo.lock`). A short `rev` counts as pinned. Audit profile only (hygiene): a git dependency on the maintainers\' own repository — its forge account is the `repository` owner or an author\'s name or mailbox in `[package]`/`[workspace.package]` (`realaravinth <realaravinth@…>` and `github.com/realaravinth/…`; `rustdesk` and `github.com/rustdesk-org/…`): they follow their own branch on purpose and `Cargo.lock` pins the commit.',
    },
  },
  fileKinds: ['toml'],
  check(ctx) {
    const doc = ctx.doc;
    if (!isCargoManifest(doc.path) || !doc.toml.ast) return;
    for (const spec of dependencySpecs(doc)) {
      const gitEntry = spec.fields.get('git');
      const url = fieldString(spec, 'git');
      if (!gitEntry || url === undefined || spec.fields.has('rev')) continue;
      const tagEntry = spec.fields.get('tag');
      const branchEntry = spec.fields.get('branch');
      const refEntry = tagEntry ?? branchEntry;
      const kind = tagEntry ? 'tag' : branchEntry ? 'branch' : undefined;
      const ref = kind ? fieldString(spec, kind) : undefined;
      const lock = findLock(ctx.ws, doc.path);
      const commit = lock ? lockedGitCommit(lock, packageName(spec), url, kind, ref) : undefined;
      const fixes: Fix[] = [];
      if (commit) {
        const edit = refEntry ? replaceFieldEdit(doc, refEntry, 'rev', tomlQuote(commit)) : addFieldEdit(doc, spec, 'rev', tomlQuote(commit), gitEntry);
        if (edit) fixes.push({ title: `Pin \`${spec.name}\` to rev ${commit.slice(0, 12)} (from Cargo.lock)`, preferred: true, edits: [edit] });
      }
      const how = kind === 'tag' ? `by tag \`${ref}\`, which can be moved`
        : kind === 'branch' ? `to branch \`${ref}\`, which moves with every push`
        : 'to nothing: it follows the default branch';
      const lockNote = commit ? '' : lock ? ' (no matching entry in Cargo.lock to take the commit from)' : ' (no Cargo.lock to take the commit from)';
      // The maintainers' own repository (the git host account is an author's or the project's): followed on purpose, the
      // lock file pins the commit and they advance it themselves.
      const owner = gitOwner(url);
      const own = !!owner && ownAccounts(ctx.ws, doc).some((a) => owner === a || owner.startsWith(`${a}-`) || owner.startsWith(`${a}_`));
      ctx.report(tomlRange(doc.index, refEntry ? refEntry.node : gitEntry.node),
        own
          ? `Git dependency \`${spec.name}\` is pinned ${how}; it is the maintainers' own repository (\`${owner}\`), so the lock file's commit is the pin. Pin it with \`rev = "<full commit>"\`${lockNote} if builds without the lock file must be reproducible.`
          : `Git dependency \`${spec.name}\` is pinned ${how}. A rebuild or \`cargo update\` can pull different, unreviewed code; pin it with \`rev = "<full commit>"\`${lockNote}.`,
        { fixes, ...(own ? { tier: 'hygiene' as const } : {}) });
    }
  },
});
