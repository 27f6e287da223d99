import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'log-file-without-rotation';

describe(ID, () => {
  describe('flags', () => {
    it('a File::create writer passed by name (through Mutex::new) and inline', () => {
      const src = [
        'fn init() -> anyhow::Result<()> {',
        '    let file = std::fs::File::create("/var/log/app.log")?;',
        '    tracing_subscriber::fmt().with_writer(std::sync::Mutex::new(file)).init();',
        '    Ok(())',
        '}',
        'fn init2() { let (nb, _g) = tracing_appender::non_blocking(File::create("app.log").unwrap()); }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['std::fs::File::create', 'File::create']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'info');
    });
    it('OpenOptions…open and rolling::never (however imported)', () => {
      const src = [
        'use tracing_appender::rolling;',
        'fn a() { let f = OpenOptions::new().append(true).create(true).open(p).unwrap(); let (nb, _g) = tracing_appender::non_blocking(f); }',
        'fn b() { let appender = rolling::never("/var/log", "app.log"); }',
        'fn c() { WriteLogger::init(LevelFilter::Info, Config::default(), File::create("x.log").unwrap()); let l = WriteLogger::new(LevelFilter::Info, c, File::create("y.log").unwrap()); }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['open', 'rolling::never', 'File::create']);
    });
  });
  describe('does not flag', () => {
    it('rolling appenders, stdout, files not used for logging, test code', () => {
      const src = [
        'fn a() { let ap = tracing_appender::rolling::daily("/var/log", "app"); let (nb, _g) = tracing_appender::non_blocking(ap); }',
        'fn b() { tracing_subscriber::fmt().with_writer(std::io::stdout).init(); }',
        'fn c() { let f = File::create("out.csv").unwrap(); write_report(f); }',
        'fn never() {} fn d() { never(); }',
        '#[test] fn t() { let f = File::create("t.log").unwrap(); tracing_subscriber::fmt().with_writer(Mutex::new(f)).init(); }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), []);
    });
  });
});
