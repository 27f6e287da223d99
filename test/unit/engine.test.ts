import * as assert from 'assert';
import { allRules, engineRules } from '../../rules';
import { Engine } from '../../server/src/engine/engine';
import { Analyzer } from '../../server/src/engine/analyzer';
import { defineDocumentRule } from '../../server/src/engine/rule';
import { WorkspaceModel } from '../../server/src/engine/workspace';
import { writeWorkspace } from '../helpers/workspace';

describe('engine', () => {
  it('a rule that throws loses only its own findings, and the error is reported', () => {
    const broken = defineDocumentRule({
      meta: { ...allRules[0].meta, id: 'broken-rule' },
      fileKinds: ['rust'],
      check() { throw new Error('boom'); },
    });
    const engine = new Engine([broken, ...allRules], engineRules);
    const errors: string[] = [];
    engine.onRuleError = (id, path, e) => errors.push(`${id} ${path} ${(e as Error).message}`);
    const root = writeWorkspace({ 'Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n', 'src/lib.rs': 'pub fn f(x: Option<u8>) -> u8 { env::var("X").unwrap() }\n' });
    const model = new WorkspaceModel(root, { knownRules: engine.knownIds });
    const diags = new Analyzer(engine, model).analyzeFile('src/lib.rs');
    assert.ok(diags.some((d) => d.ruleId === 'panic-in-production'));
    assert.deepStrictEqual(errors, ['broken-rule src/lib.rs boom']);
  });
});
