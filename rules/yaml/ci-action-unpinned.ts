import { stringListOption } from '../../server/src/engine/config';
import { defineDocumentRule } from '../../server/src/engine/rule';
import { yamlRange } from '../../server/src/parsers/yaml';
import { actionUses, parseActionRef } from '../shared/yamlKinds';

/** Owners whose actions GitHub itself publishes and maintains. */
const FIRST_PARTY = new Set(['actions', 'github']);

/** `allow = ["dtolnay/rust-toolchain", "my-org/*"]` from `[rules.ci-action-unpinned]`. */
function allowList(options: Readonly<Record<string, unknown>>): string[] {
  return stringListOption(options, 'allow').map((x) => x.toLowerCase());
}

function allowed(repo: string, allow: readonly string[]): boolean {
  return allow.some((a) => a === repo || (a.endsWith('/*') && repo.startsWith(a.slice(0, -1))));
}

export const rule = defineDocumentRule({
  meta: {
    id: 'ci-action-unpinned',
    title: 'Third-party action not pinned to a commit',
    priority: 'P2',
    area: 'Supply chain',
    nonTest: false,
    action: 'Pin third-party actions to a full 40-character commit SHA (`@<sha> # v1.2.3`)',
    docs: {
      lang: 'yaml',
      what: 'Flags `uses:` of a third-party action or reusable workflow (any owner but `actions` and `github`) referenced by a tag or branch instead of a full 40-hex commit SHA, in workflows and composite `action.yml` files. Local actions (`./…`) and `docker://` images are not flagged.',
      why: 'Tags and branches are mutable: whoever controls the action\'s repository — its maintainer, or an attacker with their token — can point `@v2` at new code, which then runs in your CI with your repository token and secrets (the tj-actions/changed-files compromise of 2025 leaked secrets from thousands of repositories this way). A commit SHA cannot be moved.',
      example: 'steps:\n  - uses: dtolnay/rust-toolchain@stable\n  - uses: Swatinem/rust-cache@v2',
      useInstead: 'steps:\n  - uses: dtolnay/rust-toolchain@29eef336d9b2848a0b548edc03f92a220660cdb8 # stable\n  - uses: Swatinem/rust-cache@9d47c6ad4b02e050fd481d890b2ea34778fd09d6 # v2.7.8',
      fixSafety: 'No quick-fix: the commit has to be looked up. Dependabot (`package-ecosystem: "github-actions"`) keeps SHA pins and their `# vX` comments up to date.',
      notes: 'Trusted owners or actions: `[rules.ci-action-unpinned] allow = ["my-org/*", "dtolnay/rust-toolchain"]`.',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    const allow = allowList(ctx.options);
    for (const u of actionUses(ctx.doc)) {
      const ref = parseActionRef(u.value);
      if (!ref || FIRST_PARTY.has(ref.owner) || allowed(ref.repo, allow)) continue;
      if (/^[0-9a-f]{40}$/i.test(ref.ref)) continue;
      const range = yamlRange(ctx.doc.index, u.node);
      if (!range) continue;
      const kind = /^v?\d/.test(ref.ref) ? 'a tag' : 'a branch or tag';
      ctx.report(range, `\`${u.value}\` is pinned by ${kind} (\`${ref.ref}\`), which its owner can move: new code would run in CI with your token and secrets. Pin the full commit SHA (\`@<sha> # ${ref.ref}\`).`);
    }
  },
});
