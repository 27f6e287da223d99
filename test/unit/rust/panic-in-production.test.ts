import * as assert from 'assert';
import { assertFixWorks, findingsOf, type Files } from '../../helpers/workspace';

const ID = 'panic-in-production';
const manifest = (deps = 'anyhow = "1"') => `[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}\n`;
const crate = (main: string, deps?: string): Files => ({ 'Cargo.toml': manifest(deps), 'src/main.rs': main });

describe(ID, () => {
  describe('flags', () => {
    it('.expect and .unwrap in production code, on the method name', () => {
      const src = 'fn main() {\n    let a: u16 = "7".parse().expect("port");\n    let b = std::env::var("X").unwrap();\n}\n';
      const found = findingsOf(crate(src), ID, 'src/main.rs');
      assert.deepStrictEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), [[1, 29, 35], [2, 31, 37]]);
      assert.match(found[0].message, /\.expect\("port"\)/);
      assert.strictEqual(found[0].severity, 'warning');
    });
    it('a literal parse: "0.0.0.0:0".parse().unwrap()', () => {
      assert.strictEqual(findingsOf(crate('fn f() { let a: std::net::SocketAddr = "0.0.0.0:0".parse().unwrap(); }\n'), ID).length, 1);
    });
    it('calls after await and in chains', () => {
      const src = 'async fn f() { let l = tokio::net::TcpListener::bind("x").await.expect("bind"); l.local_addr().unwrap().port(); }\n';
      assert.strictEqual(findingsOf(crate(src), ID).length, 2);
    });
    it('a #[cfg(not(test))] item is production code', () => {
      assert.strictEqual(findingsOf(crate('#[cfg(not(test))]\nfn f() { x.unwrap(); }\n'), ID).length, 1);
    });
  });

  describe('does not flag', () => {
    it('unwrap_or*, unwrap_err look-alikes and lock().unwrap() (another rule)', () => {
      const src = 'fn f() { a.unwrap_or(1); b.unwrap_or_default(); c.unwrap_or_else(|| 2); m.lock().unwrap(); r.read().unwrap(); w.write().expect("w"); }\n';
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
    });
    it('a method named expect with two arguments, or unwrap with one', () => {
      assert.deepStrictEqual(findingsOf(crate('fn f() { p.expect(a, b); q.unwrap(x); }\n'), ID), []);
    });
    it('test code: #[cfg(test)] modules, #[test], #[tokio::test], #[rstest] fns, helpers in test modules', () => {
      const src = [
        'fn prod() {}',
        '#[cfg(test)]',
        'mod tests {',
        '    fn helper() -> u8 { "1".parse().unwrap() }',
        '    #[test]',
        '    fn t() { helper(); x.unwrap(); }',
        '}',
        '#[test]',
        'fn top() { y.expect("y"); }',
        '#[tokio::test]',
        'async fn a() { z.unwrap(); }',
        '#[rstest]',
        '/// doc',
        'fn r() { w.unwrap(); }',
        '#[cfg(all(test, feature = "x"))]',
        'fn q() { v.unwrap(); }',
      ].join('\n');
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
    });
    it('files under tests/, benches/, examples/ and build.rs', () => {
      const files: Files = { 'Cargo.toml': manifest(), 'tests/it.rs': 'fn a() { x.unwrap(); }', 'benches/b.rs': 'fn a() { x.unwrap(); }', 'examples/e.rs': 'fn main() { x.unwrap(); }', 'build.rs': 'fn main() { x.unwrap(); }' };
      assert.deepStrictEqual(findingsOf(files, ID), []);
    });
  });

  describe('fix', () => {
    it('.expect("m") → .context("m")? and adds use anyhow::Context; after the existing uses', () => {
      const src = 'use std::net::SocketAddr;\nuse anyhow::Result;\n\nfn main() -> Result<()> {\n    let a: SocketAddr = "x".parse().expect("Invalid HTTP address");\n    Ok(())\n}\n';
      const after = assertFixWorks(crate(src), ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'use std::net::SocketAddr;\nuse anyhow::Result;\nuse anyhow::Context;\n\nfn main() -> Result<()> {\n    let a: SocketAddr = "x".parse().context("Invalid HTTP address")?;\n    Ok(())\n}\n');
    });
    it('.unwrap() → .context("<what failed>")? and does not add the import twice', () => {
      const src = 'use anyhow::{Context, Result};\n\nfn f() -> Result<u16> {\n    Ok("7".parse().unwrap())\n}\n';
      const after = assertFixWorks(crate(src), ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'use anyhow::{Context, Result};\n\nfn f() -> Result<u16> {\n    Ok("7".parse().context("failed to parse \\"7\\"")?)\n}\n');
    });
    it('imports into the enclosing module, not the file, and is preferred for anyhow::Result', () => {
      const src = 'mod net {\n    pub fn f() -> anyhow::Result<()> {\n        x.expect("x");\n        Ok(())\n    }\n}\n';
      const found = findingsOf(crate(src), ID);
      assert.strictEqual(found[0].fixes[0].preferred, true);
      const after = assertFixWorks(crate(src), ID, 'src/main.rs');
      assert.match(after['src/main.rs'], /mod net \{\n {4}use anyhow::Context;\n\n {4}pub fn f/);
    });
    it('offers no fix without anyhow, outside Result fns, or inside closures', () => {
      assert.deepStrictEqual(findingsOf(crate('fn f() -> anyhow::Result<()> { x.unwrap(); Ok(()) }', 'serde = "1"'), ID)[0].fixes, []);
      assert.deepStrictEqual(findingsOf(crate('fn f() { x.unwrap(); }'), ID)[0].fixes, []);
      assert.deepStrictEqual(findingsOf(crate('fn f() -> anyhow::Result<()> { let c = || x.unwrap(); Ok(()) }'), ID)[0].fixes, []);
    });
    it('is offered but not preferred when the error type is not anyhow-compatible', () => {
      const fixes = findingsOf(crate('fn f() -> Result<(), MyError> { x.unwrap(); Ok(()) }'), ID)[0].fixes;
      assert.strictEqual(fixes.length, 1);
      assert.strictEqual(fixes[0].preferred, false);
    });
  });
});

describe(`${ID} inside macros`, () => {
  it('sees unwraps inside tokio::select!, json!, vec![], assert! and nested format! in non-test code', () => {
    const src = [
      'async fn a() {',
      '    tokio::select! {',
      '        r = rx.recv() => { handle(r.unwrap()); }',
      '        _ = tokio::signal::ctrl_c() => {}',
      '    }',
      '    let j = serde_json::json!({ "port": port.parse::<u16>().unwrap() });',
      '    let v = vec![a.unwrap(), b.expect("b")];',
      '    assert!(cfg.validate().unwrap());',
      '    tracing::info!("{}", format!("{}", x.unwrap()));',
      '}',
    ].join('\n');
    const found = findingsOf(crate(src), ID);
    assert.deepStrictEqual(found.map((d) => [d.range.start.line, src.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character)]),
      [[2, 'unwrap'], [5, 'unwrap'], [6, 'unwrap'], [6, 'expect'], [7, 'unwrap'], [8, 'unwrap']]);
  });
  it('not in test code, and not twice', () => {
    assert.deepStrictEqual(findingsOf(crate('#[test]\nfn t() { assert!(x.unwrap()); }\n'), ID), []);
    assert.strictEqual(findingsOf(crate('fn a() { println!("{}", x.unwrap()); }\n'), ID).length, 1);
  });
  it('the fix works inside a macro and imports at the file scope', () => {
    const src = 'fn a() -> anyhow::Result<()> {\n    println!("{}", x.expect("x"));\n    Ok(())\n}\n';
    const after = assertFixWorks(crate(src), ID, 'src/main.rs');
    assert.strictEqual(after['src/main.rs'], 'use anyhow::Context;\n\nfn a() -> anyhow::Result<()> {\n    println!("{}", x.context("x")?);\n    Ok(())\n}\n');
  });
});
