import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('multiple-locks-in-struct', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'a struct with three RwLocks, on the struct name, naming the fields',
      code: `
        pub struct OAuth2Service {
        //         ^^^^^^^^^^^^^ info: \`OAuth2Service\` holds 3 locks (\`providers\`, \`state_store\`, \`client_cache\`)
            providers: RwLock<HashMap<String, OAuth2Provider>>,
            state_store: RwLock<HashMap<String, PendingAuth>>,
            client_cache: RwLock<HashMap<String, BasicClient>>,
        }
      `,
    },
    {
      name: 'std, tokio and parking_lot locks, also inside Arc',
      code: `
        struct S { a: std::sync::Mutex<u8>, b: Arc<tokio::sync::RwLock<u8>> }
        //     ^ info: holds 2 locks (\`a\`, \`b\`)
        struct T { a: parking_lot::Mutex<u8>, b: parking_lot::RwLock<u8>, c: u8 }
        //     ^ info: holds 2 locks (\`a\`, \`b\`)
      `,
    },
  ],
  valid: [
    {
      name: 'one lock, a documented lock order (doc or line comment), tuple structs',
      code: `
        struct A { m: Mutex<u8>, n: u8 }
        /// Lock order: \`a\` before \`b\`.
        struct B { a: Mutex<u8>, b: Mutex<u8> }
        struct C {
            // lock ordering: a then b
            a: RwLock<u8>,
            b: RwLock<u8>,
        }
        struct D(Mutex<u8>, Mutex<u8>);
      `,
    },
  ],
});
