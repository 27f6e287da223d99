/**
 * Imports point one way: rules depend on the core (the engine and the parsers), the shells (the
 * language server, the CLI, the outputs, the report) on the core and the rules, and the VS Code
 * client only on the protocol the client and the server share. Read from the TypeScript sources.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every `.ts` file below `dir` (repository-relative, `/`-separated). */
function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.name.endsWith('.ts')) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/** The repository-relative targets of a file's relative imports (`import … from '../x'`, `require('../x')`). */
function localImports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1])));
  }
  return out;
}

const CORE = ['server/src/core/'];
const under = (target: string, prefixes: readonly string[]) => prefixes.some((p) => target === p.replace(/\/$/, '') || target.startsWith(p));

function violations(dirs: readonly string[], allowed: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    for (const file of sources(dir)) {
      for (const target of localImports(file)) if (!under(target, allowed)) out.push(`${file} imports ${target}`);
    }
  }
  return out;
}

describe('layers: imports point one way', () => {
  it('the core (engine, parsers) imports only itself', () => {
    assert.deepStrictEqual(violations(['server/src/core'], CORE), []);
  });

  it('rules import only the core and other rules', () => {
    assert.deepStrictEqual(violations(['rules'], [...CORE, 'rules/']), []);
  });

  it('a rule imports no other rule: what two rules read is in rules/shared', () => {
    const ruleFile = (f: string) => /^rules\/(?!shared\/)[^/]+\/(?!index$)[^/]+$/.test(f.replace(/\.ts$/, ''));
    const wrong = sources('rules').filter(ruleFile).flatMap((f) => localImports(f).filter(ruleFile).map((t) => `${f} imports ${t}`));
    assert.deepStrictEqual(wrong, []);
  });

  it('the protocol the client and server share imports nothing of the repository', () => {
    assert.deepStrictEqual(violations(['server/src/protocol'], ['server/src/protocol/']), []);
  });

  it('the VS Code client imports only itself and the protocol', () => {
    assert.deepStrictEqual(violations(['client/src'], ['client/src/', 'server/src/protocol/']), []);
  });

  it('the shells (language server, CLI, outputs, report) import the core, the rules, the protocol and each other', () => {
    const shells = ['server/src/lsp/', 'server/src/cli/', 'server/src/output/', 'server/src/report/'];
    assert.deepStrictEqual(violations(shells.map((s) => s.slice(0, -1)), [...CORE, 'rules/', 'server/src/protocol/', ...shells, 'package.json']), []);
  });

  it('the language server\'s modules point one way: session.ts wires the others, nothing imports it, no cycles', () => {
    const modules = sources('server/src/lsp').map((f) => f.replace(/\.ts$/, ''));
    const importsOf = new Map(modules.map((m) => [m, localImports(`${m}.ts`).filter((t) => modules.includes(t))]));
    assert.deepStrictEqual(modules.filter((m) => importsOf.get(m)!.includes('server/src/lsp/session')), []);
    // Depth-first search: a module met again while it is still on the path closes a cycle.
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (m: string, trail: string[]) => {
      if (trail.includes(m)) { cycles.push([...trail.slice(trail.indexOf(m)), m].join(' -> ')); return; }
      if (done.has(m)) return;
      for (const t of importsOf.get(m)!) visit(t, [...trail, m]);
      done.add(m);
    };
    for (const m of modules) visit(m, []);
    assert.deepStrictEqual(cycles, []);
    assert.ok(importsOf.get('server/src/lsp/session')!.length >= 5, 'reads the session\'s imports of the other modules');
  });

  it('finds a wrong-way import (the check itself can fail)', () => {
    const rule = sources('rules').find((f) => f.endsWith('panic-in-production.ts'))!;
    assert.ok(localImports(rule).some((t) => t.startsWith('server/src/core/engine/')), 'reads a rule\'s imports of the engine');
    assert.ok(!under('server/src/lsp/session', [...CORE, 'rules/']), 'the LSP session is not core');
  });
});
