import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'multiple-locks-in-struct';

describe(ID, () => {
  describe('flags', () => {
    it('the seed 004 OAuth2Service with three RwLocks, on the struct name', () => {
      const src = 'pub struct OAuth2Service {\n    providers: RwLock<HashMap<String, OAuth2Provider>>,\n    state_store: RwLock<HashMap<String, PendingAuth>>,\n    client_cache: RwLock<HashMap<String, BasicClient>>,\n}\n';
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['OAuth2Service']);
      const d = findingsOf(crate(src), ID)[0];
      assert.strictEqual(d.severity, 'info');
      assert.match(d.message, /3 locks \(`providers`, `state_store`, `client_cache`\)/);
    });
    it('std, tokio and parking_lot locks, also inside Arc', () => {
      const src = 'struct S { a: std::sync::Mutex<u8>, b: Arc<tokio::sync::RwLock<u8>> }\nstruct T { a: parking_lot::Mutex<u8>, b: parking_lot::RwLock<u8>, c: u8 }\n';
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['S', 'T']);
    });
  });
  describe('does not flag', () => {
    it('one lock, a documented lock order, tuple structs', () => {
      const src = [
        'struct A { m: Mutex<u8>, n: u8 }',
        '/// Lock order: `a` before `b`.',
        'struct B { a: Mutex<u8>, b: Mutex<u8> }',
        'struct C {\n    // lock ordering: a then b\n    a: RwLock<u8>,\n    b: RwLock<u8>,\n}',
        'struct D(Mutex<u8>, Mutex<u8>);',
      ].join('\n');
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
    });
  });
});
