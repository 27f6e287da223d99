import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'dropped-log-guard';

describe(ID, () => {
  describe('flags', () => {
    it('let (writer, _) = tracing_appender::non_blocking(…), imported bare, and let _ =', () => {
      const src = [
        'use tracing_appender::non_blocking;',
        'fn a() { let (non_blocking, _) = tracing_appender::non_blocking(file_appender); }',
        'fn b() { let (w, _) = non_blocking(std::io::stdout()); }',
        'fn c() { let _ = tracing_appender::non_blocking::NonBlockingBuilder::default().lossy(false).finish(f); }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['_', '_', '_']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'warning');
    });
  });
  describe('does not flag', () => {
    it('a named guard, other tuples bound to _', () => {
      const src = 'fn a() { let (nb, _guard) = tracing_appender::non_blocking(f); let (tx, _) = mpsc::channel(1); let (a, _) = split(x); }';
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
    });
  });
  describe('fix', () => {
    it('_ → _guard (preferred)', () => {
      const files = crate('fn a() {\n    let (non_blocking, _) = tracing_appender::non_blocking(file_appender);\n}\n');
      assert.strictEqual(findingsOf(files, ID)[0].fixes[0].preferred, true);
      const after = assertFixWorks(files, ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'fn a() {\n    let (non_blocking, _guard) = tracing_appender::non_blocking(file_appender);\n}\n');
    });
    it('let _ = … → let (_writer, _guard) = …', () => {
      const after = assertFixWorks(crate('fn a() { let _ = tracing_appender::non_blocking(f); }\n'), ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'fn a() { let (_writer, _guard) = tracing_appender::non_blocking(f); }\n');
    });
  });
});
