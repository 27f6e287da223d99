import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import { codeowners } from '../shared/templates';
import { anyExists, firstLine } from '../shared/workspaceFiles';

/** Where GitHub (root, .github/, docs/) and GitLab (also .gitlab/) look for CODEOWNERS. */
const LOCATIONS = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

export const rule = defineWorkspaceRule<never>({
  meta: {
    id: 'codeowners-missing',
    title: 'No CODEOWNERS',
    priority: 'P2',
    area: 'Operations',
    nonTest: false,
    action: 'Add `.github/CODEOWNERS` mapping each crate to its owners',
    docs: {
      lang: 'text',
      what: 'Reports a Cargo workspace with no `CODEOWNERS` file at the root, in `.github/` or `docs/` (or `.gitlab/`), on the first line of the root `Cargo.toml`.',
      why: 'Without owners nobody is asked to review changes to security-sensitive crates, the lock file or CI, and branch protection cannot require an owner\'s approval.',
      example: '# Cargo.toml exists, no CODEOWNERS anywhere',
      useInstead: '# .github/CODEOWNERS\n*                    @acme/maintainers\n/crates/chat-core/   @acme/protocol\n/Cargo.lock          @acme/security',
      fixSafety: 'The fix creates `.github/CODEOWNERS` with one line per workspace member and a placeholder team (`@your-org/maintainers`) to replace. Not preferred, since the owners have to be filled in; it never overwrites a file.',
    },
  },
  check(ctx) {
    const root = ctx.ws.cargo.rootManifest;
    if (!root || anyExists(ctx.ws, LOCATIONS)) return;
    const members = ctx.ws.cargo.members.map((m) => m.dir).filter((d) => d !== '');
    // Review routing is a team-process choice (triage bots, team permissions, one maintainer): a
    // hand auditor lists it, few teams act on it: audit profile ("hygiene").
    ctx.report(root, firstLine(ctx.ws, root),
      'This workspace has no CODEOWNERS: no one is automatically asked to review changes to its crates, lock file or CI, and branch protection cannot require an owner\'s approval. Add .github/CODEOWNERS mapping each crate to its owners.',
      { tier: 'hygiene', fixes: [{ title: 'Create .github/CODEOWNERS (one line per workspace member)', preferred: false, edits: [], creates: [{ path: '.github/CODEOWNERS', content: codeowners(members) }] }] });
  },
});
