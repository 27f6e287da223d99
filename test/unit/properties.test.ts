/**
 * Property tests (#13, "make it stay fixed"), bounded to a few seconds each: random Rust documents
 * with the catalog's fixable patterns, random line endings and BOMs.
 * - `--fix` gives a file that parses (no syntax error introduced), without the findings it fixed,
 *   and a second `--fix` changes nothing;
 * - an incremental parse after any edit sequence equals a fresh parse;
 * - the shared tree path answers what tree-sitter's own walks answer, in any order of questions.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { runCheck } from '../../server/src/cli/check';
import { parseRust, treeEditBetween, type SyntaxNode } from '../../server/src/core/parsers/rust';
import { TreePath } from '../../server/src/core/parsers/treePath';
import { applyOffsetEdit, concreteEdit, editSequence, RENAME_CONFIG, renderRustDoc, rustDocSpec } from '../helpers/generators';
import { analyze, applyFix, syntaxErrors, writeWorkspace } from '../helpers/workspace';
import { sink } from '../helpers/streams';

/** Keeps the properties to a few seconds in `npm test`; fast-check stops early and reports what it ran. */
const BUDGET = { numRuns: 40, interruptAfterTimeLimit: 4000 };

const CARGO = '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nanyhow = "1"\ntokio = "1"\ntracing = "0.1"\ntracing-appender = "0.2"\ntracing-subscriber = "0.3"\nrusqlite = "0.31"\nsubtle = "2"\n';
const QUIET = '[rules]\nci-workflow-missing = "off"\ndeny-config-missing = "off"\ncodeowners-missing = "off"\ngitignore-missing-secrets = "off"\n';

async function check(root: string, fix: boolean): Promise<{ findings: { ruleId: string; fixes: { preferred?: boolean }[] }[]; stderr: string }> {
  const out = sink(), err = sink();
  await runCheck({ paths: [root], format: 'json', fix, failOn: 'none', report: false, color: false }, out, err);
  return { findings: JSON.parse(out.text).findings, stderr: err.text };
}

describe('properties (#13)', function () {
  this.timeout(30000);

  it('--fix on random Rust documents: the result parses, the fixed findings are gone, a second --fix is a no-op', async () => {
    await fc.assert(fc.asyncProperty(rustDocSpec, async (spec) => {
      const original = renderRustDoc(spec);
      const root = writeWorkspace({
        'Cargo.toml': CARGO,
        'src/main.rs': original,
        '.readiness.toml': QUIET + '\n' + RENAME_CONFIG,
      });
      const file = path.join(root, 'src', 'main.rs');
      const before = await check(root, false);
      const preferredBefore = new Map<string, number>();
      for (const f of before.findings) if (f.fixes.some((x) => x.preferred)) preferredBefore.set(f.ruleId, (preferredBefore.get(f.ruleId) ?? 0) + 1);

      const fixed = await check(root, true);
      const once = fs.readFileSync(file, 'utf8');
      const note = `\n--- original ${JSON.stringify(original)}\n--- fixed ${JSON.stringify(once)}\n${fixed.stderr}`;
      assert.doesNotMatch(fixed.stderr, /not fixing|failed|internal error/, note);
      // A BOM stays first; the fixed file has no syntax error the original did not have.
      assert.strictEqual(once.startsWith('\uFEFF'), spec.bom, note);
      assert.ok(syntaxErrors('src/main.rs', once.replace(/^\uFEFF/, '')).length <= syntaxErrors('src/main.rs', original.replace(/^\uFEFF/, '')).length, `a fix introduced a syntax error${note}`);
      // Nothing preferred is left to fix, and every rule that was fixed has fewer findings.
      assert.deepStrictEqual(fixed.findings.filter((f) => f.fixes.some((x) => x.preferred)).map((f) => f.ruleId), [], note);
      for (const [ruleId, count] of preferredBefore) {
        const left = fixed.findings.filter((f) => f.ruleId === ruleId).length;
        const all = before.findings.filter((f) => f.ruleId === ruleId).length;
        assert.ok(left <= all - count, `${ruleId}: ${all} findings, ${count} with a preferred fix, ${left} left${note}`);
      }
      // Idempotent.
      await check(root, true);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), once, `a second --fix changed the file${note}`);
    }), BUDGET);
  });

  it('every fix offered on random Rust documents, applied alone, introduces no syntax error', () => {
    let fixesTried = 0;
    fc.assert(fc.property(rustDocSpec, (spec) => {
      // Fix ranges are on the text after the BOM (the CLI keeps the BOM outside the edited text).
      const text = renderRustDoc(spec).replace(/^\uFEFF/, '');
      const files = { 'Cargo.toml': CARGO, 'src/main.rs': text, '.readiness.toml': QUIET + '\n' + RENAME_CONFIG };
      const errorsBefore = syntaxErrors('src/main.rs', text).length;
      for (const d of analyze(files).results.get('src/main.rs') ?? []) {
        for (const fix of d.fixes) {
          if (!fix.edits.some((e) => e.path === 'src/main.rs')) continue;
          fixesTried++;
          const after = applyFix(files, fix)['src/main.rs'];
          assert.ok(syntaxErrors('src/main.rs', after).length <= errorsBefore,
            `${d.ruleId} fix "${fix.title}" introduced ${syntaxErrors('src/main.rs', after).join(', ')}\n--- before ${JSON.stringify(text)}\n--- after ${JSON.stringify(after)}`);
        }
      }
    }), BUDGET);
    assert.ok(fixesTried > 0, 'the generated documents offer fixes');
  });

  it('an incremental parse after any edit sequence equals a fresh parse of the final text', () => {
    fc.assert(fc.property(rustDocSpec, editSequence, (spec, edits) => {
      let text = renderRustDoc(spec).replace(/^\uFEFF/, '');
      let tree = parseRust(text);
      for (const e of edits) {
        const next = applyOffsetEdit(text, concreteEdit(text, e));
        const edit = treeEditBetween(text, next);
        if (edit) tree.edit(edit);
        tree = parseRust(next, tree);
        text = next;
      }
      assert.strictEqual(tree.rootNode.toString(), parseRust(text).rootNode.toString());
    }), BUDGET);
  });

  it('the tree path: smallest spanning nodes and ancestor chains (node objects made late, off the path too) equal tree-sitter\'s', () => {
    const allNodes = (root: SyntaxNode): SyntaxNode[] => {
      const out: SyntaxNode[] = [];
      const c = root.walk();
      for (;;) {
        out.push(c.currentNode);
        if (c.gotoFirstChild()) continue;
        while (!c.gotoNextSibling()) if (!c.gotoParent()) return out;
      }
    };
    fc.assert(fc.property(rustDocSpec, fc.integer({ min: 0, max: 40 }), fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (spec, depth, picks) => {
      const text = renderRustDoc(spec).replace('fn ', `fn deep() { ${'{ '.repeat(depth)}let v = x.unwrap(); ${'}'.repeat(depth)} }\nfn `);
      const tree = parseRust(text);
      const nodes = allNodes(tree.rootNode).filter((n) => n.endIndex > n.startIndex);
      const path = new TreePath(tree.rootNode);
      const asked = picks.map((p) => nodes[p % nodes.length]);
      // Chains read after the path has moved on: their node objects are made off the path.
      const chains = asked.map((n) => ({ n, chain: path.ancestorsOf(n) }));
      for (const { n, chain } of chains.reverse()) {
        const expected: SyntaxNode[] = [];
        for (let p = n.parent; p; p = p.parent) expected.push(p);
        if (!chain) continue; // a zero-width sibling shadows it: the caller climbs with `parent`
        assert.deepStrictEqual(Array.from({ length: chain.length }, (_, i) => chain.type(i)), expected.map((p) => p.type));
        for (let i = chain.length - 1; i >= 0; i--) {
          assert.strictEqual(chain.node(i)!.id, expected[i].id, `ancestor ${i} of ${n.type} at ${n.startIndex}`);
          assert.strictEqual(chain.start(i), expected[i].startIndex);
        }
        assert.strictEqual(chain.node(chain.length), undefined);
      }
      for (const n of asked) {
        const steps = path.smallestSpanning(n.startIndex, n.endIndex);
        const want = tree.rootNode.descendantForIndex(n.startIndex, n.endIndex);
        const last = steps[steps.length - 1];
        assert.deepStrictEqual([last.type, last.start, last.end], [want.type, want.startIndex, want.endIndex]);
        assert.strictEqual(path.nodeOf(steps[Math.max(0, steps.length - 3)]).id, (steps.length >= 3 ? want.parent!.parent! : steps.length === 2 ? want.parent! : want).id);
      }
    }), BUDGET);
  });
});
