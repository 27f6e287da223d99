/** Whole-file findings on the root manifest, and presence checks shared by the workspace rules. */
import type { WorkspaceFacts } from '../../server/src/core/engine/workspaceFacts';
import type { Range } from '../../server/src/core/engine/types';

/** The first line of `path` (whole-file findings point there, see docs/rules/README.md). */
export function firstLine(ws: WorkspaceFacts, path: string): Range {
  const doc = ws.document(path);
  const len = doc ? doc.index.lineText(0).length : 0;
  return { start: { line: 0, character: 0 }, end: { line: 0, character: len } };
}

/** True when any of `paths` exists (analysable or not). */
export function anyExists(ws: WorkspaceFacts, paths: readonly string[]): boolean {
  return paths.some((p) => ws.exists(p));
}

/** The root manifest of a Cargo project, when the workspace is one. */
export function rootManifest(ws: WorkspaceFacts): string | undefined {
  return ws.cargo.rootManifest;
}
