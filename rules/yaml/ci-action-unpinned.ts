import { stringListOption } from '../../server/src/core/engine/config';
import { defineDocumentRule, type RuleContext } from '../../server/src/core/engine/rule';
import type { YamlDocumentFile } from '../../server/src/core/parsers/document';
import type { Fix, Range } from '../../server/src/core/engine/types';
import { PRIORITY_SEVERITY } from '../../server/src/core/engine/types';
import { yamlRange, type Scalar } from '../../server/src/core/parsers/yaml';
import { parseActionRef, trailingComment, usesRefRange } from '../shared/yamlKinds';
import { ciSteps, groupOccurrences, isActionsFile, isDigestPinned, isOfficialImage, isReadableCiFile, occurrencesNote, type CiStep } from '../shared/ciFiles';

/** Owners whose actions GitHub itself publishes and maintains. */
const FIRST_PARTY = new Set(['actions', 'github']);

/** `allow = ["dtolnay/rust-toolchain", "my-org/*"]` from `[rules.ci-action-unpinned]`. */
function allowList(options: Readonly<Record<string, unknown>>): string[] {
  return stringListOption(options, 'allow').map((x) => x.toLowerCase());
}

function allowed(repo: string, allow: readonly string[]): boolean {
  return allow.some((a) => a === repo || (a.endsWith('/*') && repo.startsWith(a.slice(0, -1))));
}

/** A download of whatever is `latest` (`…/releases/latest/download/…`, `…/latest/…`, `?version=latest`). */
const LATEST_FETCH = /\b(?:curl|wget|iwr|Invoke-WebRequest)\b[^\n]*?(https?:\/\/[^\s'"|;&)]*?(?:\/latest(?=[/?\s'"]|$)|[?&]version=latest\b)[^\s'"|;&)]*)/i;

const list = (xs: readonly string[]) => xs.slice(0, 3).map((x) => (x.includes('`') ? x : `\`${x}\``)).join(', ') + (xs.length > 3 ? ', …' : '');

/**
 * One finding for every `uses:` of an action at one ref in the file, at the first: at P1 (warning)
 * when any of them receives secrets or runs in a job holding some, naming them; else hygiene
 * (audit profile). The other lines are related locations.
 */
function reportRef(ctx: RuleContext<YamlDocumentFile>, uses: readonly { range: Range; step: CiStep; node: Scalar }[], what: string, ref: string, pinAdvice: string): void {
  const moving = `\`${what}\` is pinned by ${/^v?\d/.test(ref) ? 'a tag' : 'a branch or tag'} (\`${ref}\`), which its owner can move`;
  const secrets = [...new Set(uses.flatMap((u) => u.step.secrets))];
  const reach = [...new Set(uses.flatMap((u) => u.step.reach))];
  const name = what.slice(0, what.lastIndexOf('@'));
  const opts = {
    fixes: () => { const f = pinFix(ctx, uses, name, ref); return f ? [f] : []; },
    related: uses.slice(1).map((u) => ({ path: ctx.doc.path, range: u.range, message: `\`${what}\` again${u.step.secrets.length ? `, receiving ${list(u.step.secrets)}` : ''}` })),
  };
  const note = occurrencesNote(uses.length);
  const range = uses[0].range;
  if (secrets.length) {
    ctx.report(range, `${moving}, and it receives ${list(secrets)}: new code pushed to that ref would run with them. ${pinAdvice}${note}`, { severity: PRIORITY_SEVERITY.P1, ...opts });
  } else if (reach.length) {
    ctx.report(range, `${moving}, and it runs in a job holding ${list(reach)}: new code pushed to that ref could take them from the runner. ${pinAdvice}${note}`, { severity: PRIORITY_SEVERITY.P1, ...opts });
  } else {
    ctx.report(range, `${moving}: new code would run in CI, though no secret is in its reach here. ${pinAdvice}${note}`, { tier: 'hygiene', ...opts });
  }
}

/** `registry/owner/name:tag` → name (lower-case, no tag or digest) and tag (`latest` when none). */
function imageParts(image: string): { name: string; tag: string } {
  const v = image.trim();
  const at = v.indexOf('@');
  const base = at >= 0 ? v.slice(0, at) : v;
  const colon = base.lastIndexOf(':');
  const hasTag = colon > base.lastIndexOf('/');
  return { name: (hasTag ? base.slice(0, colon) : base).toLowerCase(), tag: hasTag ? base.slice(colon + 1) : 'latest' };
}

function checkImage(ctx: RuleContext<YamlDocumentFile>, step: CiStep, node: Scalar, allow: readonly string[]): void {
  const image = String(node.value);
  if (image.includes('$') || isDigestPinned(image)) return;
  const { name, tag } = imageParts(image);
  if (allowed(name, allow) || allowed(name.replace(/^[^/]*\.[^/]*\//, ''), allow)) return;
  const range = yamlRange(ctx.doc.index, node);
  if (!range) return;
  const advice = `Pin the image digest (\`${name}:${tag}@sha256:<digest>\`).`;
  const moving = `${step.plugin ? 'CI plugin' : 'CI image'} \`${image}\` is referenced by ${tag === 'latest' ? 'the moving tag `latest`' : `the tag \`${tag}\``}, which its publisher can move`;
  if (step.secrets.length) {
    ctx.report(range, `${moving}, and it receives ${list(step.secrets)}: a new image pushed to that tag would run with them. ${advice}`, { severity: PRIORITY_SEVERITY.P1 });
  } else if (step.plugin) {
    ctx.report(range, `${moving}: new code would run in CI, though no secret is passed to it here. ${advice}`, { tier: 'hygiene' });
  }
}

function checkLatestFetch(ctx: RuleContext<YamlDocumentFile>, step: CiStep): void {
  if (!step.secrets.length) return;
  for (const script of step.scripts) {
    const m = LATEST_FETCH.exec(String(script.value));
    if (!m || !script.range) continue;
    const src = ctx.doc.text.slice(script.range[0], script.range[1]);
    const at = src.indexOf(m[1]);
    const range = at >= 0 ? ctx.doc.index.range(script.range[0] + at, script.range[0] + at + m[1].length) : yamlRange(ctx.doc.index, script);
    if (!range) continue;
    ctx.report(range, `This step downloads whatever release is \`latest\` (\`${m[1]}\`) and runs it while holding ${list(step.secrets)}: a compromised or changed release gets them. Download a fixed version and verify its checksum.`, { severity: PRIORITY_SEVERITY.P1 });
  }
}

/**
 * The commit another `uses:` of the workspace already pins this action at for this very ref
 * (`owner/repo@<sha> # v2` for `owner/repo@v2`): the one SHA a fix can use without looking it up.
 */
function knownPin(ctx: RuleContext<YamlDocumentFile>, name: string, ref: string): string | undefined {
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`\\buses\\s*:\\s*["']?${esc(name)}@([0-9a-f]{40})["']?[ \\t]+#[ \\t]*${esc(ref)}[ \\t]*$`, 'im');
  for (const f of ctx.ws.files) {
    if (!isActionsFile(f)) continue;
    const text = f === ctx.doc.path ? ctx.doc.text : ctx.ws.document(f)?.text;
    const m = text ? re.exec(text) : null;
    if (m) return m[1];
  }
  return undefined;
}

/** Pins every `uses:` of the group to `sha`, keeping the ref as the `# ref` comment Dependabot and Renovate update. */
function pinFix(ctx: RuleContext<YamlDocumentFile>, uses: readonly { node: Scalar }[], name: string, ref: string): Fix | undefined {
  const sha = knownPin(ctx, name, ref);
  if (!sha) return undefined;
  const edits = [];
  for (const u of uses) {
    const refRange = usesRefRange(ctx.doc, u.node);
    // A line with a comment of its own keeps it: the `# ref` would have nowhere to go.
    if (!refRange || !u.node.range || trailingComment(ctx.doc, u.node) !== undefined) return undefined;
    const end = ctx.doc.index.positionAt(u.node.range[1]);
    edits.push(ctx.edit(refRange, sha), ctx.edit({ start: end, end }, ` # ${ref}`));
  }
  const where = uses.length > 1 ? ` (all ${uses.length} uses in this file)` : '';
  return { title: `Pin \`${name}\` to ${sha.slice(0, 12)}…, the commit this workspace already uses for \`${ref}\`${where}`, preferred: false, edits };
}

export const rule = defineDocumentRule({
  meta: {
    id: 'ci-action-unpinned',
    title: 'Third-party action or CI plugin not pinned',
    priority: 'P2',
    area: 'Supply chain',
    nonTest: false,
    action: 'Pin third-party actions to a full 40-character commit SHA (`@<sha> # v1.2.3`) and CI plugin images to a digest, first where they receive secrets',
    docs: {
      lang: 'yaml',
      what: 'Flags third-party code that CI runs by a moving reference: a `uses:` of a third-party GitHub action or reusable workflow (any owner but `actions` and `github`) by tag or branch instead of a 40-hex commit SHA (workflows, Gitea/Forgejo workflows, composite `action.yml`); a Woodpecker or Drone plugin (a step with `settings:` and no commands) by tag instead of an image digest; a third-party image (not a Docker Official Image) of a Woodpecker, Drone or GitLab step that receives secrets; and a binary downloaded from `latest` (`curl …/releases/latest/download/…`) in a step that holds a secret. Local actions (`./…`) and `docker://` images are not flagged.',
      why: 'Tags and branches are mutable: whoever controls the action\'s repository or the plugin\'s image — its maintainer, or an attacker with their token — can point `@v2` at new code, which then runs in your CI with your tokens and secrets (the tj-actions/changed-files compromise of 2025 leaked secrets from thousands of repositories this way). A commit SHA or digest cannot be moved. The risk is the secrets: an action in a job that publishes (a registry or crates.io token, `id-token: write`, a write-scoped `GITHUB_TOKEN` in a release workflow) is the target.',
      example: 'on:\n  push:\n    tags: ["v*"]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: dtolnay/rust-toolchain@stable\n      - run: cargo publish --token ${{ secrets.CARGO_REGISTRY_TOKEN }}',
      useInstead: 'on:\n  push:\n    tags: ["v*"]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: dtolnay/rust-toolchain@29eef336d9b2848a0b548edc03f92a220660cdb8 # stable\n      - run: cargo publish --token ${{ secrets.CARGO_REGISTRY_TOKEN }}',
      fixSafety: 'A fix is offered only where the workspace already pins the same action for the same ref elsewhere (`owner/repo@<sha> # v2`): it pins every line of the group to that commit with a `# v2` comment (not preferred: the tag may have moved on since). Otherwise no quick-fix: the commit or digest has to be looked up. Dependabot (`package-ecosystem: "github-actions"`) and Renovate keep SHA pins and their `# vX` comments up to date.',
      notes: 'One finding per action and ref per file, on its first `uses:` line, with the other lines as related locations; it is at the priority of the most exposed line. Priority follows the secrets (P1 when it receives secrets, P2 otherwise): a reference that receives secrets, or runs in a GitHub job that holds one (another step\'s `secrets.X`, job or workflow `env`, `permissions` with `contents`/`packages`/`id-token`/`deployments`/`actions`/`pages: write`, or `GITHUB_TOKEN` used in a tag/release workflow), is reported at warning severity in the default profile and says which secrets. Coverage upload tokens (`CODECOV_TOKEN`, …) and a read-only `GITHUB_TOKEN` do not count. Without secrets in reach the finding is hygiene: audit profile only (`--profile audit`), at info. A GitLab or Woodpecker command step\'s own image is only judged when the step receives secrets (tags of images in general are `image-tag-unpinned`\'s). Trusted owners, actions or images: `[rules.ci-action-unpinned] allow = ["my-org/*", "dtolnay/rust-toolchain", "plugins/*"]`.',
    },
  },
  fileKinds: ['yaml'],
  check(ctx) {
    if (!isReadableCiFile(ctx.doc.path)) return;
    const allow = allowList(ctx.options);
    const seenImages = new Set<Scalar>();
    const unpinned: { value: string; ref: string; range: Range; step: CiStep; node: Scalar }[] = [];
    for (const step of ciSteps(ctx.doc)) {
      if (step.uses) {
        const value = String(step.uses.value);
        const ref = parseActionRef(value);
        if (ref && !FIRST_PARTY.has(ref.owner) && !allowed(ref.repo, allow) && !/^[0-9a-f]{40}$/i.test(ref.ref)) {
          const range = yamlRange(ctx.doc.index, step.uses);
          if (range) unpinned.push({ value, ref: ref.ref, range, step, node: step.uses });
        }
      }
      if (step.image && !seenImages.has(step.image) && (step.plugin || (step.secrets.length && !isOfficialImage(String(step.image.value))))) {
        seenImages.add(step.image);
        checkImage(ctx, step, step.image, allow);
      }
      checkLatestFetch(ctx, step);
    }
    // One finding per action and ref in the file, at its first `uses:`.
    for (const group of groupOccurrences(unpinned, (u) => u.value)) {
      reportRef(ctx, group, group[0].value, group[0].ref, `Pin the full commit SHA (\`@<sha> # ${group[0].ref}\`).`);
    }
  },
});
