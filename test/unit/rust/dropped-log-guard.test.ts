import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('dropped-log-guard', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'let (writer, _) = tracing_appender::non_blocking(…), imported bare, and let _ =',
      code: `
        use tracing_appender::non_blocking;
        fn a() { let (non_blocking, _) = tracing_appender::non_blocking(file_appender); }
        //                          ^ warning: \`WorkerGuard\` of \`tracing_appender::non_blocking\` is bound to \`_\`
        fn b() { let (w, _) = non_blocking(std::io::stdout()); }
        //               ^ warning: bound to \`_\`
        fn c() { let _ = tracing_appender::non_blocking::NonBlockingBuilder::default().lossy(false).finish(f); }
        //           ^ warning: bound to \`_\`
      `,
    },
    {
      name: 'fix: _ → _guard (preferred)',
      code: `
        fn a() {
            let (non_blocking, _) = tracing_appender::non_blocking(file_appender);
            //                 ^ warning
        }
      `,
      fixes: ['bind it to `_guard` (preferred)'],
      output: `
        fn a() {
            let (non_blocking, _guard) = tracing_appender::non_blocking(file_appender);
        }
      `,
    },
    {
      name: 'fix: let _ = … → let (_writer, _guard) = …',
      code: `
        fn a() { let _ = tracing_appender::non_blocking(f); }
        //           ^ warning
      `,
      fixes: ['bind it to `(_writer, _guard)` (preferred)'],
      output: `
        fn a() { let (_writer, _guard) = tracing_appender::non_blocking(f); }
      `,
    },
  ],
  valid: [
    {
      name: 'a named guard, other tuples bound to _',
      code: `
        fn a() { let (nb, _guard) = tracing_appender::non_blocking(f); let (tx, _) = mpsc::channel(1); let (a, _) = split(x); }
      `,
    },
  ],
});
