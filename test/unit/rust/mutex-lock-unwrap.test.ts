import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('mutex-lock-unwrap', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'self.conn.lock().unwrap() and read()/write().expect(…), on the unwrap/expect',
      code: `
        impl Store {
            fn a(&self) { let conn = self.conn.lock().unwrap(); }
            //                                        ^^^^^^ warning: \`.lock().unwrap()\` panics when the lock is poisoned
            fn b(&self) { let m = self.map.read().expect("map"); self.map.write().unwrap().clear(); }
            //                                    ^^^^^^ warning: \`.read().expect(…)\`
            //                                                                    ^^^^^^ warning: \`.write().unwrap()\`
        }
      `,
    },
    {
      name: 'inside macros',
      code: `
        fn a() { tokio::select! { _ = x => { let g = m.lock().unwrap(); } } println!("{}", m.lock().unwrap().len()); }
        //                                                    ^^^^^^ warning
        //                                                                                          ^^^^^^ warning
      `,
    },
    {
      name: 'panic-in-production leaves lock().unwrap() to this rule',
      code: `
        fn a() { m.lock().unwrap(); x.unwrap(); }
        //                ^^^^^^ warning: \`.lock().unwrap()\`
        //                            ^^^^^^ warning[panic-in-production]
      `,
    },
    {
      name: 'fix: → unwrap_or_else(std::sync::PoisonError::into_inner), preferred',
      code: `
        fn a(m: &std::sync::Mutex<u8>) -> u8 {
            *m.lock().expect("m")
            //        ^^^^^^ warning
        }
      `,
      fixes: ['Recover the guard from a poisoned lock (`unwrap_or_else(PoisonError::into_inner)`) (preferred)'],
      output: `
        fn a(m: &std::sync::Mutex<u8>) -> u8 {
            *m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
        }
      `,
    },
    {
      name: 'fix: in an anyhow Result fn, map_err(…)? is also offered, not preferred',
      code: `
        fn a(&self) -> anyhow::Result<()> {
            let c = self.conn.lock().unwrap();
            //                       ^^^^^^ warning
            Ok(())
        }
      `,
      fixes: ['Recover the guard from a poisoned lock (`unwrap_or_else(PoisonError::into_inner)`) (preferred)', 'Return an error on a poisoned lock (`map_err(…)?`) (not preferred)'],
      fix: 'Return an error',
      output: `
        fn a(&self) -> anyhow::Result<()> {
            let c = self.conn.lock().map_err(|_| anyhow::anyhow!("conn lock poisoned"))?;
            Ok(())
        }
      `,
    },
  ],
  valid: [
    {
      name: 'plain unwraps (panic-in-production), lock calls with arguments, tokio locks, recovered guards',
      code: `
        async fn a() { x.unwrap(); f.read(&mut buf).unwrap(); let g = m.lock().await; m.lock().unwrap_or_else(std::sync::PoisonError::into_inner); }
      `,
    },
    {
      name: 'test code',
      code: `
        #[cfg(test)] mod t { fn b() { m.lock().unwrap(); } }
      `,
    },
  ],
});
