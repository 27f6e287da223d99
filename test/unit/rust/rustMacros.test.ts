import * as assert from 'assert';
import { parseDocument, type RustDocument } from '../../../server/src/core/parsers/document';
import { formatStringArgs, macroNodeAt, macroText, macroTreeOf, scanMacros } from '../../../server/src/core/parsers/rustMacros';
import { parseRust } from '../../../server/src/core/parsers/rust';

const doc = (text: string) => parseDocument('src/a.rs', 'rust', text, 1) as RustDocument;

describe('rustMacros (code inside macro invocations)', () => {
  it('scans outermost and nested invocations, skipping strings, comments, chars and macro_rules', () => {
    const src = 'fn f() {\n  // info!(x.unwrap())\n  let s = "debug!(a)"; let c = \'(\';\n  info!("{}", format!("{}", y.unwrap()));\n  macro_rules! m { () => {} }\n  if !(a) {}\n}\n';
    const spans = scanMacros(src);
    assert.deepStrictEqual(spans.macros.map((m) => [m.name, m.nested]).sort(), [['format', true], ['info', false]]);
    assert.strictEqual(spans.regions.length, 1);
  });
  it('the macro text keeps length and lines, and parses without errors for common forms', () => {
    const src = 'fn f() {\n  info!(token = %t, ?secret, "m {}", a.len());\n  tokio::select! { v = rx.recv() => { h(v.unwrap()); } _ = stop() => {} }\n  let j = json!({ "a": b.len(), "c": [1, 2] });\n  assert!(x == y, "x {}", z.unwrap());\n}\n';
    const text = macroText(src, scanMacros(src));
    assert.strictEqual(text.length, src.length);
    assert.deepStrictEqual(text.split('\n').map((l) => l.length), src.split('\n').map((l) => l.length));
    assert.strictEqual(parseRust(text).rootNode.hasError, false, text);
  });
  it('nodes of the macro tree keep their original positions', () => {
    const src = 'fn f() {\n    tokio::select! { _ = a => { x.unwrap(); } }\n}\n';
    const d = doc(src);
    const at = src.indexOf('unwrap');
    const n = macroNodeAt(d, at, at + 6)!;
    assert.strictEqual(n.type, 'field_identifier');
    assert.deepStrictEqual([n.startPosition.row, n.startPosition.column, n.text], [1, 34, 'unwrap']);
    const whole = macroTreeOf(d).tree!.rootNode.descendantForIndex(at, at + 6);
    assert.strictEqual(whole.text, 'unwrap');
  });
  it('reads inline format arguments', () => {
    const d = doc('fn f() { println!("{token} {0} {{x}} {pw:?} {:>width$}", 1); }');
    const lit = d.tree.rootNode.descendantsOfType('string_literal')[0];
    assert.deepStrictEqual(formatStringArgs(lit).map((a) => a.name), ['token', 'pw', 'width']);
  });
});
