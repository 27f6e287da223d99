import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import { parseDocument, type RustDocument } from '../../../server/src/core/parsers/document';
import { parseRust, treeEditBetween, type Tree } from '../../../server/src/core/parsers/rust';
import { WorkspaceModel } from '../../../server/src/core/engine/workspace';
import { writeWorkspace } from '../../helpers/workspace';

/**
 * A full garbage collection, without starting mocha with --expose-gc: the flag set at run time
 * makes `gc` available to contexts created after it.
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Collects until WeakRefs made in earlier turns can be cleared (a WeakRef's target is kept until its turn ends). */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
}

const source = (n: number) => Array.from({ length: 200 }, (_, i) => `fn handler_${i}() { let value = ${i + n}; }`).join('\n');

describe('parsed documents let old syntax trees go', () => {
  it('a Rust document parsed incrementally does not keep the previous tree once its own is built', async () => {
    const before = source(0), after = source(1);
    let doc: RustDocument | undefined;
    let previous: WeakRef<Tree> | undefined;
    (() => {
      const old = parseRust(before);
      old.edit(treeEditBetween(before, after)!);
      previous = new WeakRef(old);
      doc = parseDocument('src/main.rs', 'rust', after, 2, old) as RustDocument;
      assert.strictEqual(doc.tree.rootNode.hasError, false);
    })();
    await collect();
    assert.ok(doc!.tree, 'the document keeps its own tree');
    assert.strictEqual(previous!.deref(), undefined, 'the previous version\'s tree is still reachable from the new document');
  });

  it('an open file edited many times keeps only its current tree alive', async () => {
    const root = writeWorkspace({ 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n', 'src/main.rs': source(0) });
    const model = new WorkspaceModel(root, { knownRules: new Set() });
    const trees: WeakRef<Tree>[] = [];
    (() => {
      for (let version = 1; version <= 20; version++) {
        model.setOverlay('src/main.rs', source(version));
        const doc = model.document('src/main.rs') as RustDocument;
        trees.push(new WeakRef(doc.tree));
      }
    })();
    await collect();
    const alive = trees.map((t, i) => (t.deref() ? i + 1 : 0)).filter((v) => v > 0);
    assert.deepStrictEqual(alive, [20], `versions whose trees are still alive: ${alive.join(', ')}`);
    assert.strictEqual((model.document('src/main.rs') as RustDocument).tree, trees[19].deref());
  });
});
