/**
 * Regressions the fuzz script (`scripts/fuzz.ts`) found: inputs that crashed or stalled the whole
 * analysis through one file.
 */
import * as assert from 'assert';
import { createEngine } from '../../rules';
import { Analyzer } from '../../server/src/engine/analyzer';
import { WorkspaceModel } from '../../server/src/engine/workspace';
import { writeWorkspace } from '../helpers/workspace';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

function model(files: Record<string, string>): { model: WorkspaceModel; analyzer: Analyzer } {
  const root = writeWorkspace(files);
  const engine = createEngine();
  const m = new WorkspaceModel(root, { knownRules: engine.knownIds });
  return { model: m, analyzer: new Analyzer(engine, m) };
}

describe('robustness: what the fuzz script found', function () {
  this.timeout(60000);

  it('a YAML file that exhausts the yaml parser\'s stack is skipped with a note; the rest is analysed', () => {
    // A one-space-indented line makes the yaml package nest every following entry one level deeper.
    const compose = 'services:\n  postgres:\n    environment:\n      X: y\n {{\n   volumes:\n      - a\n' + '  app:\n    build: .\n    environment:\n      - A=b\n'.repeat(3000);
    const { model: m, analyzer } = model({
      'docker-compose.yml': compose,
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
      'src/main.rs': 'fn main() { std::env::var("PORT").unwrap(); }\n',
    });
    const results = analyzer.analyzeAll();
    assert.ok(results.get('src/main.rs')!.some((d) => d.ruleId === 'panic-in-production'));
    assert.ok(m.skipped.some((s) => s.path === 'docker-compose.yml' && /could not be parsed \(Maximum call stack size exceeded\)/.test(s.message)), JSON.stringify(m.skipped));
  });

  it('many candidate matches deep inside nested blocks: about as fast as the same code nested a little', () => {
    // 3,000 `.unwrap()` calls the rules look at, inside 2,000 nested blocks. Each match used to be
    // climbed to with tree-sitter's `parent` (a search from the root) and its ancestor chain read
    // by walking up 48 levels first: matches × depth × 48 (107 s here, 10 s on a fuzzed 260 KB file).
    const nested = (depth: number) => 'fn deep() ' + '{ '.repeat(depth) + '\n' + '    let v = x.unwrap();\n'.repeat(3000) + '}'.repeat(depth) + '\n\nfn main() {}\n';
    const time = (text: string) => {
      const { model: m, analyzer } = model({ 'src/main.rs': text, 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n' });
      m.document('src/main.rs');
      const t0 = process.hrtime.bigint();
      analyzer.analyzeFile('src/main.rs');
      return ms(t0);
    };
    time(nested(5)); // warm-up
    const shallow = time(nested(5));
    const deep = time(nested(2000));
    // What is left grows with the depth only through a rule's own parent walk (panic-in-production's
    // let-type reading), a few steps per match.
    assert.ok(deep < 25 * shallow + 1500, `2,000 levels: ${deep.toFixed(0)} ms; 5 levels: ${shallow.toFixed(0)} ms`);
  });
});
