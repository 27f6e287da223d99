/**
 * Test helpers: build a throw-away workspace from a map of files, analyse it with the real engine,
 * apply a fix and re-parse. Every rule test goes through these, so tests exercise the same code
 * paths as the CLI and the server.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEngine } from '../../rules';
import { Analyzer } from '../../server/src/core/engine/analyzer';
import { applyEdits } from '../../server/src/core/engine/fixes';
import type { Diagnostic, Fix } from '../../server/src/core/engine/types';
import { WorkspaceModel } from '../../server/src/core/engine/workspace';
import { parseRust } from '../../server/src/core/parsers/rust';
import { parseToml } from '../../server/src/core/parsers/toml';
import { parseYaml } from '../../server/src/core/parsers/yaml';

export type Files = Record<string, string>;

const created: string[] = [];
after(() => { for (const d of created) fs.rmSync(d, { recursive: true, force: true }); });

export function writeWorkspace(files: Files, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-test-'))): string {
  created.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return dir;
}

export interface Analysis { root: string; results: Map<string, Diagnostic[]>; model: WorkspaceModel; analyzer: Analyzer }

export function analyze(files: Files): Analysis {
  const root = writeWorkspace(files);
  const engine = createEngine();
  const model = new WorkspaceModel(root, { knownRules: engine.knownIds });
  const analyzer = new Analyzer(engine, model);
  return { root, results: analyzer.analyzeAll(), model, analyzer };
}

/** The diagnostics of one rule (optionally in one file). */
export function findingsOf(files: Files, ruleId: string, file?: string): Diagnostic[] {
  const { results } = analyze(files);
  return [...results].filter(([p]) => !file || p === file).flatMap(([, d]) => d).filter((d) => d.ruleId === ruleId);
}

/** Applies a fix's edits and creations to the file map, returning the new map. */
export function applyFix(files: Files, fix: Fix): Files {
  const out = { ...files };
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.path, [...(byFile.get(e.path) ?? []), e]);
  for (const [p, edits] of byFile) out[p] = applyEdits(out[p] ?? '', edits);
  for (const c of fix.creates ?? []) {
    assert.ok(!(c.path in files), `fix "${fix.title}" would overwrite ${c.path}`);
    out[c.path] = c.content;
  }
  return out;
}

/** Syntax errors a parser for the file's kind finds (tree-sitter ERROR/MISSING nodes for Rust). */
export function syntaxErrors(file: string, text: string): string[] {
  if (file.endsWith('.rs')) {
    const tree = parseRust(text);
    if (!tree.rootNode.hasError) return [];
    const errs: string[] = [];
    const walk = (n: import('tree-sitter').SyntaxNode) => {
      if (n.type === 'ERROR' || n.isMissing) errs.push(`${n.type} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}`);
      for (const c of n.children) walk(c);
    };
    walk(tree.rootNode);
    return errs;
  }
  if (file.endsWith('.toml') || file.endsWith('Cargo.lock')) {
    const r = parseToml(text);
    return r.error ? [r.error.message] : [];
  }
  if (file.endsWith('.yml') || file.endsWith('.yaml')) return parseYaml(text).errors.map((e) => e.message);
  return [];
}

/**
 * Applies the first fix (or the one titled `title`) of the first `ruleId` diagnostic in `file`,
 * then checks: no new syntax error in any edited file, and that diagnostic gone. Returns the new files.
 */
export function assertFixWorks(files: Files, ruleId: string, file: string, title?: string): Files {
  const before = findingsOf(files, ruleId, file);
  assert.ok(before.length > 0, `expected a ${ruleId} finding in ${file}`);
  const fix = title ? before[0].fixes.find((f) => f.title === title) : before[0].fixes[0];
  assert.ok(fix, `expected a fix${title ? ` titled "${title}"` : ''} on ${ruleId} in ${file}`);
  const after = applyFix(files, fix);
  for (const p of new Set([...fix.edits.map((e) => e.path), ...(fix.creates ?? []).map((c) => c.path)])) {
    const errorsBefore = p in files ? syntaxErrors(p, files[p]).length : 0;
    assert.deepStrictEqual(syntaxErrors(p, after[p]).length, errorsBefore, `fix "${fix.title}" added a syntax error to ${p}:\n${after[p]}`);
  }
  const remaining = findingsOf(after, ruleId, file);
  assert.ok(remaining.length < before.length, `fix "${fix.title}" did not remove the ${ruleId} finding in ${file}:\n${after[file] ?? ''}`);
  return after;
}
