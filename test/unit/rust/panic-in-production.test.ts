import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('panic-in-production', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: '.expect and .unwrap in production code, on the method name',
      code: `
        fn main() {
            let a: u16 = "7".parse().expect("port");
            //                       ^^^^^^ warning: .expect("port")
            let b = std::env::var("X").unwrap();
            //                         ^^^^^^ warning
        }
      `,
    },
    {
      name: 'a literal parse: "0.0.0.0:0".parse().unwrap()',
      code: `
        fn f() { let a: std::net::SocketAddr = "0.0.0.0:0".parse().unwrap(); }
        //                                                         ^^^^^^ warning
      `,
    },
    {
      name: 'calls after await and in chains',
      code: `
        async fn f() { let l = tokio::net::TcpListener::bind("x").await.expect("bind"); l.local_addr().unwrap().port(); }
        //                                                              ^^^^^^ warning
        //                                                                                             ^^^^^^ warning
      `,
    },
    {
      name: 'a #[cfg(not(test))] item is production code',
      code: `
        #[cfg(not(test))]
        fn f() { x.unwrap(); }
        //         ^^^^^^ warning
      `,
    },
    {
      name: 'unwraps inside tokio::select!, json!, vec![], assert! and nested format!',
      code: `
        async fn a() {
            tokio::select! {
                r = rx.recv() => { handle(r.unwrap()); }
                //                          ^^^^^^ warning
                _ = tokio::signal::ctrl_c() => {}
            }
            let j = serde_json::json!({ "port": port.parse::<u16>().unwrap() });
            //                                                      ^^^^^^ warning
            let v = vec![a.unwrap(), b.expect("b")];
            //             ^^^^^^ warning
            //                         ^^^^^^ warning
            assert!(cfg.validate().unwrap());
            //                     ^^^^^^ warning
            tracing::info!("{}", format!("{}", x.unwrap()));
            //                                   ^^^^^^ warning
        }
      `,
    },
    {
      name: 'inside a macro once, not twice',
      code: `
        fn a() { println!("{}", x.unwrap()); }
        //                        ^^^^^^ warning
      `,
    },
    {
      name: 'fix: .expect("m") → .context("m")? and adds use anyhow::Context; after the existing uses',
      code: `
        use std::net::SocketAddr;
        use anyhow::Result;

        fn main() -> Result<()> {
            let a: SocketAddr = "x".parse().expect("Invalid HTTP address");
            //                              ^^^^^^ warning
            Ok(())
        }
      `,
      output: `
        use std::net::SocketAddr;
        use anyhow::Result;
        use anyhow::Context;

        fn main() -> Result<()> {
            let a: SocketAddr = "x".parse().context("Invalid HTTP address")?;
            Ok(())
        }
      `,
    },
    {
      name: 'fix: .unwrap() → .context("<what failed>")? and does not add the import twice',
      code: `
        use anyhow::{Context, Result};

        fn f() -> Result<u16> {
            Ok("7".parse().unwrap())
            //             ^^^^^^ warning
        }
      `,
      output: `
        use anyhow::{Context, Result};

        fn f() -> Result<u16> {
            Ok("7".parse().context("failed to parse \\"7\\"")?)
        }
      `,
    },
    {
      name: 'fix: imports into the enclosing module, not the file, and is preferred for anyhow::Result',
      code: `
        mod net {
            pub fn f() -> anyhow::Result<()> {
                x.expect("x");
              //  ^^^^^^ warning
                Ok(())
            }
        }
      `,
      fixes: ['(preferred)'],
      output: `
        mod net {
            use anyhow::Context;

            pub fn f() -> anyhow::Result<()> {
                x.context("x")?;
                Ok(())
            }
        }
      `,
    },
    {
      name: 'fix: works inside a macro and imports at the file scope',
      code: `
        fn a() -> anyhow::Result<()> {
            println!("{}", x.expect("x"));
            //               ^^^^^^ warning
            Ok(())
        }
      `,
      output: `
        use anyhow::Context;

        fn a() -> anyhow::Result<()> {
            println!("{}", x.context("x")?);
            Ok(())
        }
      `,
    },
    {
      name: 'no fix without anyhow',
      files: { 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde = "1"\n' },
      code: `
        fn f() -> anyhow::Result<()> { x.unwrap(); Ok(()) }
        //                               ^^^^^^ warning
      `,
      fixes: [],
    },
    {
      name: 'no fix outside a fn returning Result',
      code: `
        fn f() { x.unwrap(); }
        //         ^^^^^^ warning
      `,
      fixes: [],
    },
    {
      name: 'no fix inside a closure',
      code: `
        fn f() -> anyhow::Result<()> { let c = || x.unwrap(); Ok(()) }
        //                                          ^^^^^^ warning
      `,
      fixes: [],
    },
    {
      name: 'the fix is offered but not preferred when the error type is not anyhow-compatible',
      code: `
        fn f() -> Result<(), MyError> { x.unwrap(); Ok(()) }
        //                                ^^^^^^ warning
      `,
      fixes: ['(not preferred)'],
    },
  ],
  valid: [
    {
      name: 'unwrap_or*, unwrap_err look-alikes and lock().unwrap() (another rule)',
      code: `
        fn f() { a.unwrap_or(1); b.unwrap_or_default(); c.unwrap_or_else(|| 2); m.lock().unwrap(); r.read().unwrap(); w.write().expect("w"); }
      `,
    },
    {
      name: 'a method named expect with two arguments, or unwrap with one',
      code: 'fn f() { p.expect(a, b); q.unwrap(x); }',
    },
    {
      name: 'test code: #[cfg(test)] modules, #[test], #[tokio::test], #[rstest] fns, helpers in test modules',
      code: `
        fn prod() {}
        #[cfg(test)]
        mod tests {
            fn helper() -> u8 { "1".parse().unwrap() }
            #[test]
            fn t() { helper(); x.unwrap(); }
        }
        #[test]
        fn top() { y.expect("y"); }
        #[tokio::test]
        async fn a() { z.unwrap(); }
        #[rstest]
        /// doc
        fn r() { w.unwrap(); }
        #[cfg(all(test, feature = "x"))]
        fn q() { v.unwrap(); }
        #[test]
        fn m() { assert!(x.unwrap()); }
      `,
    },
    {
      name: 'files under tests/, benches/, examples/ and build.rs',
      code: `
        //- tests/it.rs
        fn a() { x.unwrap(); }
        //- benches/b.rs
        fn a() { x.unwrap(); }
        //- examples/e.rs
        fn main() { x.unwrap(); }
        //- build.rs
        fn main() { x.unwrap(); }
      `,
    },
  ],
});
