/** Hover on a rule id in a suppression comment shows that rule's documentation. */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import type { Engine } from '../core/engine/engine';
import { ruleMarkdown } from '../output/ruleDocs';
import type { Folders } from './folders';

export function suppressionHover(engine: Engine, folders: Folders, params: HoverParams): Hover | undefined {
  const loc = folders.locate(params.textDocument.uri);
  if (!loc) return undefined;
  const doc = loc.folder.model.document(loc.rel);
  if (!doc) return undefined;
  for (const s of engine.suppressionsOf(doc)) {
    if (s.line !== params.position.line) continue;
    for (const id of s.ids) {
      const { start, end } = id.range;
      if (params.position.character < start.character || params.position.character > end.character) continue;
      const meta = engine.meta(id.id);
      const value = meta ? ruleMarkdown(meta, 3) : `Unknown rule \`${id.id}\`: this suppression suppresses nothing.`;
      return { contents: { kind: MarkupKind.Markdown, value }, range: id.range };
    }
  }
  return undefined;
}
