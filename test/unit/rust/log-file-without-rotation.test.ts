import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('log-file-without-rotation', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'a File::create writer passed by name (through Mutex::new) and inline',
      code: `
        fn init() -> anyhow::Result<()> {
            let file = std::fs::File::create("/var/log/app.log")?;
            //         ^^^^^^^^^^^^^^^^^^^^^ info: The log writer is a plain file (\`std::fs::File::create\`) with no rotation
            tracing_subscriber::fmt().with_writer(std::sync::Mutex::new(file)).init();
            Ok(())
        }
        fn init2() { let (nb, _g) = tracing_appender::non_blocking(File::create("app.log").unwrap()); }
        //                                                         ^^^^^^^^^^^^ info: (\`File::create\`)
      `,
    },
    {
      name: 'OpenOptions…open, rolling::never (however imported) and WriteLogger::new',
      code: `
        use tracing_appender::rolling;
        fn a() { let f = OpenOptions::new().append(true).create(true).open(p).unwrap(); let (nb, _g) = tracing_appender::non_blocking(f); }
        //                                                            ^^^^ info: (\`open\`)
        fn b() { let appender = rolling::never("/var/log", "app.log"); }
        //                      ^^^^^^^^^^^^^^ info: \`rolling::never\` writes one log file that is never rotated
        fn c() { WriteLogger::init(LevelFilter::Info, Config::default(), File::create("x.log").unwrap()); let l = WriteLogger::new(LevelFilter::Info, c, File::create("y.log").unwrap()); }
        //                                                                                                                                               ^^^^^^^^^^^^ info: (\`File::create\`)
      `,
    },
  ],
  valid: [
    {
      name: 'rolling appenders, stdout, files not used for logging, a local fn named never',
      code: `
        fn a() { let ap = tracing_appender::rolling::daily("/var/log", "app"); let (nb, _g) = tracing_appender::non_blocking(ap); }
        fn b() { tracing_subscriber::fmt().with_writer(std::io::stdout).init(); }
        fn c() { let f = File::create("out.csv").unwrap(); write_report(f); }
        fn never() {} fn d() { never(); }
      `,
    },
    {
      name: 'test code',
      code: `
        #[test] fn t() { let f = File::create("t.log").unwrap(); tracing_subscriber::fmt().with_writer(Mutex::new(f)).init(); }
      `,
    },
  ],
});
