import * as assert from 'assert';
import { applyBaseline, BaselineError, createBaseline, normaliseCode, parseBaseline, serializeBaseline } from '../../../server/src/report/baseline';
import { codeLines, diag } from '../../helpers/report';

describe('report baseline', () => {
  const before = {
    'src/main.rs': 'fn main() {\n    let a = x.unwrap();\n    let b = y.unwrap(); let c = z.unwrap();\n}\n',
    'Cargo.toml': '[package]\nname = "a"\n',
  };
  const findings = [
    diag('panic-in-production', 'src/main.rs', 2, 'P1'),
    diag('panic-in-production', 'src/main.rs', 3, 'P1'),
    diag('panic-in-production', 'src/main.rs', 3, 'P1'),
    diag('ci-workflow-missing', 'Cargo.toml', 1, 'P0'),
  ];

  it('normalises code by collapsing whitespace', () => {
    assert.strictEqual(normaliseCode('  let  a =\tx.unwrap();  '), 'let a = x.unwrap();');
  });

  it('records rule id, file, normalised code and a count, not line numbers', () => {
    const b = createBaseline(findings, codeLines(before));
    assert.deepStrictEqual(b.entries, [
      { ruleId: 'ci-workflow-missing', path: 'Cargo.toml', code: '[package]', count: 1 },
      { ruleId: 'panic-in-production', path: 'src/main.rs', code: 'let a = x.unwrap();', count: 1 },
      { ruleId: 'panic-in-production', path: 'src/main.rs', code: 'let b = y.unwrap(); let c = z.unwrap();', count: 2 },
    ]);
    assert.ok(!serializeBaseline(b).includes('"line"'));
  });

  it('hides every baselined finding after lines are inserted above and code re-indented', () => {
    const b = parseBaseline(serializeBaseline(createBaseline(findings, codeLines(before))));
    const after = {
      'src/main.rs': '// a new comment\n\nfn main() {\n        let a  =  x.unwrap();\n    let b = y.unwrap(); let c = z.unwrap();\n}\n',
      'Cargo.toml': before['Cargo.toml'],
    };
    const shifted = [
      diag('panic-in-production', 'src/main.rs', 4, 'P1'),
      diag('panic-in-production', 'src/main.rs', 5, 'P1'),
      diag('panic-in-production', 'src/main.rs', 5, 'P1'),
      diag('ci-workflow-missing', 'Cargo.toml', 1, 'P0'),
    ];
    const r = applyBaseline(shifted, b, codeLines(after));
    assert.deepStrictEqual(r.kept, []);
    assert.strictEqual(r.baselined, 4);
  });

  it('counts duplicates: a third finding with a fingerprint baselined twice is new', () => {
    const b = createBaseline(findings, codeLines(before));
    const files = { ...before, 'src/main.rs': before['src/main.rs'] + 'fn g() {\n    let b = y.unwrap(); let c = z.unwrap();\n}\n' };
    const now = [...findings, diag('panic-in-production', 'src/main.rs', 6, 'P1')];
    const r = applyBaseline(now, b, codeLines(files));
    assert.strictEqual(r.baselined, 4);
    assert.deepStrictEqual(r.kept.map((d) => d.range.start.line + 1), [6]);
  });

  it('reports a finding whose line changed, in another file, or of another rule', () => {
    const b = createBaseline(findings, codeLines(before));
    const files = { ...before, 'src/main.rs': 'fn main() {\n    let a = x.expect("a");\n    let b = y.unwrap(); let c = z.unwrap();\n}\n', 'src/lib.rs': 'fn main() {\n    let a = x.unwrap();\n' };
    const now = [
      diag('panic-in-production', 'src/main.rs', 2, 'P1'),
      diag('panic-in-production', 'src/lib.rs', 2, 'P1'),
      diag('mutex-lock-unwrap', 'src/main.rs', 3, 'P1'),
    ];
    assert.strictEqual(applyBaseline(now, b, codeLines(files)).kept.length, 3);
  });

  it('rejects files that are not baselines with a readable error', () => {
    assert.throws(() => parseBaseline('{', 'b.json'), (e: Error) => e instanceof BaselineError && /b\.json is not valid JSON/.test(e.message));
    assert.throws(() => parseBaseline('{"findings": []}', 'b.json'), /no "entries" array/);
    assert.throws(() => parseBaseline('{"entries": [{"ruleId": 1}]}', 'b.json'), /entry 1/);
    assert.throws(() => parseBaseline('{"entries": [{"ruleId": "a", "path": "p", "code": "c", "count": 0}]}'), /count/);
    assert.throws(() => parseBaseline('{"version": 99, "entries": []}'), /version 99/);
    assert.deepStrictEqual(parseBaseline('{"entries": [{"ruleId": "a", "path": "p", "code": "  x   y "}]}').entries, [{ ruleId: 'a', path: 'p', code: 'x y', count: 1 }]);
  });
});
