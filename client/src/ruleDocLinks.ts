/**
 * Rule documentation in the editor, rendered and read-only. The server links each diagnostic to
 * its rule's page as a `file:` URL (right for any LSP client); VS Code would open that as the raw,
 * editable `.md` of the extension's folder. The client rewrites the link to the
 * `rustReadiness.openRuleDocs` command, which shows the page in the Markdown preview from the
 * read-only file system of the `rust-readiness-doc:` scheme, so links between rules (`other-rule.md`)
 * stay in that scheme and open in the preview too. No `vscode` import: unit-tested without it.
 */
import { CLIENT_COMMANDS } from '../../server/src/protocol';

export const RULE_DOC_SCHEME = 'rust-readiness-doc';
export const OPEN_RULE_DOCS = CLIENT_COMMANDS.openRuleDocs;

/** A page name of docs/rules: a rule id (or README), nothing that could leave the folder. */
const PAGE = /^[a-z0-9][a-z0-9-]*$|^README$/;

/** The rule id a documentation URL points at (`…/docs/rules/<id>.md`), if it is one. */
export function ruleIdOfDocUrl(url: string): string | undefined {
  const m = /\/docs\/rules\/([^/?#]+)\.md(?:[?#].*)?$/.exec(url);
  return m && PAGE.test(decodeURIComponent(m[1])) ? decodeURIComponent(m[1]) : undefined;
}

/** The `command:` link that opens a rule's page (VS Code opens diagnostic code links with commands allowed). */
export function openRuleDocsCommandUri(id: string): string {
  return `command:${OPEN_RULE_DOCS}?${encodeURIComponent(JSON.stringify([id]))}`;
}

/** The page a `rust-readiness-doc:` path names (`/panic-in-production.md` → `panic-in-production`), if valid. */
export function pageOfDocPath(docPath: string): string | undefined {
  const m = /^\/?([^/]+)\.md$/.exec(docPath);
  return m && PAGE.test(m[1]) ? m[1] : undefined;
}
