import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'mutex-lock-unwrap';

describe(ID, () => {
  describe('flags', () => {
    it('the seed 000 pattern self.conn.lock().unwrap() and read()/write().expect(…)', () => {
      const src = 'impl Store {\n    fn a(&self) { let conn = self.conn.lock().unwrap(); }\n    fn b(&self) { let m = self.map.read().expect("map"); self.map.write().unwrap().clear(); }\n}\n';
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['unwrap', 'expect', 'unwrap']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'warning');
    });
    it('inside macros', () => {
      const src = 'fn a() { tokio::select! { _ = x => { let g = m.lock().unwrap(); } } println!("{}", m.lock().unwrap().len()); }\n';
      assert.strictEqual(findingsOf(crate(src), ID).length, 2);
    });
  });
  describe('does not flag', () => {
    it('plain unwraps (panic-in-production), lock calls with arguments, tokio locks, test code', () => {
      const src = [
        'async fn a() { x.unwrap(); f.read(&mut buf).unwrap(); let g = m.lock().await; m.lock().unwrap_or_else(std::sync::PoisonError::into_inner); }',
        '#[cfg(test)] mod t { fn b() { m.lock().unwrap(); } }',
      ].join('\n');
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
    });
    it('panic-in-production leaves lock().unwrap() to this rule', () => {
      assert.deepStrictEqual(findingsOf(crate('fn a() { m.lock().unwrap(); }'), 'panic-in-production'), []);
    });
  });
  describe('fix', () => {
    it('→ unwrap_or_else(std::sync::PoisonError::into_inner), preferred', () => {
      const files = crate('fn a(m: &std::sync::Mutex<u8>) -> u8 {\n    *m.lock().expect("m")\n}\n');
      assert.strictEqual(findingsOf(files, ID)[0].fixes[0].preferred, true);
      const after = assertFixWorks(files, ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'fn a(m: &std::sync::Mutex<u8>) -> u8 {\n    *m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)\n}\n');
    });
    it('in an anyhow Result fn: also map_err(…)?, offered only', () => {
      const files = crate('fn a(&self) -> anyhow::Result<()> {\n    let c = self.conn.lock().unwrap();\n    Ok(())\n}\n');
      const fixes = findingsOf(files, ID)[0].fixes;
      assert.deepStrictEqual(fixes.map((f) => f.preferred), [true, false]);
      const after = assertFixWorks(files, ID, 'src/main.rs', fixes[1].title);
      assert.match(after['src/main.rs'], /let c = self\.conn\.lock\(\)\.map_err\(\|_\| anyhow::anyhow!\("conn lock poisoned"\)\)\?;/);
    });
  });
});
