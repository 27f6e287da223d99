import * as assert from 'assert';
import { analyze, assertFixWorks, findingsOf, type Files } from '../../helpers/workspace';
import { pkg } from '../../helpers/toml';
import { parseYaml } from '../../../server/src/parsers/yaml';
import { parseToml } from '../../../server/src/parsers/toml';

const root = '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n';
const base = (): Files => ({ 'Cargo.toml': root, 'crates/core/Cargo.toml': pkg('core', ''), 'crates/server/Cargo.toml': pkg('server', ''), 'crates/server/src/main.rs': 'fn main() {}\n' });

describe('ci-workflow-missing', () => {
  const ID = 'ci-workflow-missing';
  it('a Cargo workspace without CI, on the first line of the root Cargo.toml', () => {
    const found = findingsOf(base(), ID);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].path, 'Cargo.toml');
    assert.deepStrictEqual(found[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } });
    assert.strictEqual(found[0].severity, 'error');
  });
  it('the fix creates a valid workflow running test, clippy -D warnings, fmt --check, audit and deny', () => {
    const after = assertFixWorks(base(), ID, 'Cargo.toml');
    const wf = after['.github/workflows/ci.yml'];
    const parsed = parseYaml(wf);
    assert.deepStrictEqual(parsed.errors, []);
    const doc = parsed.documents[0].toJS() as { on: unknown; jobs: Record<string, { 'runs-on': string; steps: { uses?: string; run?: string }[] }> };
    const steps = Object.values(doc.jobs).flatMap((j) => j.steps);
    const runs = steps.map((s) => s.run ?? '').join('\n');
    const uses = steps.map((s) => s.uses ?? '');
    assert.match(runs, /cargo test --workspace/);
    assert.match(runs, /cargo clippy .*--all-targets -- -D warnings/);
    assert.match(runs, /cargo fmt --all --check/);
    assert.match(runs, /cargo audit/);
    assert.match(runs, /cargo deny check/);
    // Only first-party actions: the created workflow must not raise ci-action-unpinned itself.
    assert.deepStrictEqual([...new Set(uses.filter(Boolean))], ['actions/checkout@v4']);
    const yamlFindings = [...analyze(after).results.values()].flat().filter((d) => d.ruleId.startsWith('ci-'));
    assert.deepStrictEqual(yamlFindings.map((d) => d.ruleId), []);
    assert.ok(Object.values(doc.jobs).every((j) => j['runs-on'] === 'ubuntu-latest'));
  });
  it('not with a GitHub workflow, .gitlab-ci.yml or another CI; not without Cargo.toml', () => {
    assert.deepStrictEqual(findingsOf({ ...base(), '.github/workflows/build.yaml': 'on: push\njobs: {}\n' }, ID), []);
    assert.deepStrictEqual(findingsOf({ ...base(), '.gitlab-ci.yml': 'test:\n  script: cargo test\n' }, ID), []);
    assert.deepStrictEqual(findingsOf({ ...base(), '.circleci/config.yml': 'version: 2.1\n' }, ID), []);
    assert.deepStrictEqual(findingsOf({ 'src/main.rs': 'fn main() {}\n' }, ID), []);
  });
});

describe('deny-config-missing', () => {
  const ID = 'deny-config-missing';
  it('no deny.toml: on the root Cargo.toml; the fix creates a current-schema deny.toml that deny-config-weak accepts', () => {
    const found = findingsOf(base(), ID);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].path, 'Cargo.toml');
    const after = assertFixWorks(base(), ID, 'Cargo.toml');
    const v = parseToml(after['deny.toml']);
    assert.strictEqual(v.error, undefined);
    const value = v.value as Record<string, Record<string, unknown>>;
    for (const s of ['advisories', 'licenses', 'bans', 'sources']) assert.ok(value[s], s);
    assert.strictEqual(Number(value.advisories.version), 2);
    assert.strictEqual(Number(value.licenses.version), 2);
    for (const removed of ['vulnerability', 'notice', 'unsound', 'severity-threshold']) assert.ok(!(removed in value.advisories), removed);
    for (const removed of ['unlicensed', 'copyleft', 'allow-osi-fsf-free', 'default', 'deny']) assert.ok(!(removed in value.licenses), removed);
    assert.deepStrictEqual(findingsOf(after, 'deny-config-weak'), []);
  });
  it('not when deny.toml, .deny.toml or .cargo/deny.toml exists', () => {
    for (const p of ['deny.toml', '.deny.toml', '.cargo/deny.toml']) assert.deepStrictEqual(findingsOf({ ...base(), [p]: '[advisories]\n' }, ID), [], p);
  });
});

describe('codeowners-missing', () => {
  const ID = 'codeowners-missing';
  it('no CODEOWNERS: on the root Cargo.toml; the fix creates .github/CODEOWNERS mapping each member (not preferred)', () => {
    const found = findingsOf(base(), ID);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].severity, 'info');
    assert.strictEqual(found[0].fixes[0].preferred, false);
    const after = assertFixWorks(base(), ID, 'Cargo.toml');
    const text = after['.github/CODEOWNERS'];
    assert.match(text, /^\/crates\/core\/\s+@\S+$/m);
    assert.match(text, /^\/crates\/server\/\s+@\S+$/m);
    assert.match(text, /^\*\s+@\S+$/m);
  });
  it('not when CODEOWNERS is at the root, in .github/ or docs/', () => {
    for (const p of ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS']) assert.deepStrictEqual(findingsOf({ ...base(), [p]: '* @a\n' }, ID), [], p);
  });
});
