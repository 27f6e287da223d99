/** The rule tester itself: annotations parse to the right ranges, and every kind of mismatch fails. */
import * as assert from 'assert';
import { RUST_CRATE } from '../helpers/fixtures';
import { dedent, parseAnnotations, runCase, splitFixture } from '../helpers/ruleTester';

const opts = { path: 'src/main.rs', files: RUST_CRATE };

describe('ruleTester', () => {
  it('dedents and splits a fixture by //- path headers, each file ending with one newline', () => {
    assert.strictEqual(dedent('\n    a\n      b\n    '), 'a\n  b');
    assert.deepStrictEqual(splitFixture('\n  //- a.rs\n  x\n  //- b/c.toml\n  y = 1\n\n', undefined), { 'a.rs': 'x\n', 'b/c.toml': 'y = 1\n' });
    assert.deepStrictEqual(splitFixture('fn main() {}', 'src/main.rs'), { 'src/main.rs': 'fn main() {}\n' });
    // Headers only: nothing at the default path (it would hide a background file of that name).
    assert.deepStrictEqual(splitFixture('//- deny.toml\n[bans]', 'Cargo.toml'), { 'deny.toml': '[bans]\n' });
  });

  it('reads carets under the line above, in the kind\'s comment syntax; a marker right before the carets counts as carets', () => {
    const rust = parseAnnotations('src/main.rs', 'let a = x.unwrap();\n//        ^^^^^^ warning: msg\n', 'r');
    assert.strictEqual(rust.text, 'let a = x.unwrap();\n');
    assert.deepStrictEqual(rust.expected, [{ path: 'src/main.rs', line: 0, start: 10, end: 16, severity: 'warning', ruleId: 'r', message: 'msg' }]);
    const toml = parseAnnotations('Cargo.toml', '[package]\n#^^^^^^^^ info[other-rule]\nname = "x"\n', 'r');
    assert.deepStrictEqual(toml.expected.map((e) => [e.line, e.start, e.end, e.severity, e.ruleId]), [[0, 0, 9, 'info', 'other-rule']]);
    const sql = parseAnnotations('m/1.sql', 'CREATE TABLE t ();\n-- ^^^^^^…  error\n', 'r');
    assert.deepStrictEqual(sql.expected.map((e) => [e.start, e.end]), [[3, 'multiline']]);
    // A Rust `#` line and a TOML `//` line are not annotations.
    assert.strictEqual(parseAnnotations('a.rs', 'x\n# ^ error\n', 'r').expected.length, 0);
  });

  it('fails on a finding at another column, a missing finding, an unannotated finding and a wrong severity', () => {
    const at = (annotation: string) => () => runCase('panic-in-production', { name: 't', code: `fn f(x: &str) { x.parse::<u8>().unwrap(); }\n${annotation}` }, opts);
    assert.doesNotThrow(at('//                              ^^^^^^ warning'));
    assert.throws(at('//                             ^^^^^^ warning'), /expected, not found.*\n.*found, not annotated/);
    assert.throws(at('//                              ^^^^^^ error'), /expected, not found/);
    assert.throws(at('//                              ^^^^^^ warning: no such text'), /expected, not found/);
    assert.throws(at(''), /found, not annotated: src\/main.rs:1:33-39 warning\[panic-in-production\]/);
    assert.throws(() => runCase('panic-in-production', { name: 't', code: 'fn f() {}\n//  ^ warning' }, opts), /expected, not found/);
  });

  it('fails when a fixture file is not analysed (a mistyped or ignored path)', () => {
    assert.throws(() => runCase('panic-in-production', { name: 't', code: '//- target/debug/x.rs\nfn f() { x.unwrap(); }', files: { ...RUST_CRATE, '.gitignore': 'target/\n' } }, opts), /was not analysed/);
  });
});
