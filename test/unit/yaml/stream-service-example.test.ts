/**
 * The YAML of `examples/stream-service` (seed 004): every YAML rule fires on it, and every fix
 * offered there applies cleanly (re-parsed, finding gone). A plain describe/it, not a ruleTester
 * case: it reads the example folder and is about all YAML rules at once, not one rule's findings.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze, applyFix, findingsOf, syntaxErrors, type Files } from '../../helpers/workspace';
import { RUST_REPO } from '../../helpers/fixtures';
import { yamlRules } from '../../../rules/yaml';

const ROOT = path.join(__dirname, '..', '..', '..', '..', 'examples', 'stream-service');
const YAML_FILES = ['.github/workflows/ci.yml', '.github/dependabot.yml', 'k8s/deployment.yaml', 'docker-compose.yml'];

function exampleFiles(): Files {
  const files: Files = { ...RUST_REPO };
  for (const f of YAML_FILES) files[f] = fs.readFileSync(path.join(ROOT, f), 'utf8');
  return files;
}

describe('examples/stream-service YAML', () => {
  it('shows every YAML rule (audit profile: the seed audit\'s hygiene findings included)', () => {
    const found = new Set([...analyze({ ...exampleFiles(), '.readiness.toml': 'profile = "audit"\n' }).results.values()].flat().map((d) => d.ruleId));
    for (const r of yamlRules) assert.ok(found.has(r.meta.id), `${r.meta.id} does not fire on the example`);
  });
  it('every YAML fix offered on it applies cleanly', () => {
    const files = exampleFiles();
    const diagnostics = [...analyze(files).results.values()].flat().filter((d) => yamlRules.some((r) => r.meta.id === d.ruleId));
    let applied = 0;
    for (const d of diagnostics) {
      for (const fix of d.fixes) {
        const after = applyFix(files, fix);
        for (const f of new Set(fix.edits.map((e) => e.path))) assert.deepStrictEqual(syntaxErrors(f, after[f]), [], `${fix.title}:\n${after[f]}`);
        const before = findingsOf(files, d.ruleId, d.path).length;
        assert.ok(findingsOf(after, d.ruleId, d.path).length < before, `${fix.title} left its finding:\n${after[d.path]}`);
        applied++;
      }
    }
    assert.ok(applied >= 10, `only ${applied} fixes`);
  });
});
