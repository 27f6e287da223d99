import * as assert from 'assert';
import { assertFixWorks, findingsOf, type Files } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'unbounded-channel';

describe(ID, () => {
  describe('flags', () => {
    it('the seed 004 forms: mpsc::unbounded_channel::<T>() and the fully qualified path', () => {
      const src = [
        'use tokio::sync::mpsc;',
        'fn a() { let (tx, rx) = mpsc::unbounded_channel::<ServerMessage>(); }',
        'fn b() { let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<ClientMessage>(); }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['mpsc::unbounded_channel::<ServerMessage>', 'tokio::sync::mpsc::unbounded_channel::<ClientMessage>']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'error');
    });
    it('imported bare, aliased, via a glob and in a use list with self', () => {
      const src = [
        'use tokio::sync::mpsc::unbounded_channel as chan;',
        'use crossbeam_channel::*;',
        'use futures::channel::mpsc::{self as fmpsc};',
        'fn a() { let (t, r) = chan(); }',
        'fn b() { let (t, r) = unbounded::<u8>(); }',
        'fn c() { let (t, r) = fmpsc::unbounded::<u8>(); }',
        'mod m { use flume::unbounded; fn d() { let (t, r) = unbounded(); } }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['chan', 'unbounded::<u8>', 'fmpsc::unbounded::<u8>', 'unbounded']);
    });
    it("std::sync::mpsc::channel (std's channel is unbounded)", () => {
      const src = 'use std::sync::mpsc;\nfn a() { let (t, r) = mpsc::channel::<u8>(); let (u, v) = std::sync::mpsc::channel::<u8>(); }\n';
      assert.strictEqual(findingsOf(crate(src), ID).length, 2);
    });
    it('inside macros: tokio::select! and vec![]', () => {
      const src = 'use tokio::sync::mpsc;\nasync fn a() { tokio::select! { _ = x => { let (t, r) = mpsc::unbounded_channel::<u8>(); } } let v = vec![mpsc::unbounded_channel::<u8>()]; }\n';
      assert.strictEqual(findingsOf(crate(src), ID).length, 2);
    });
  });
  describe('does not flag', () => {
    it('bounded channels and look-alike names', () => {
      const src = [
        'use tokio::sync::mpsc;',
        'use std::sync::mpsc::sync_channel;',
        'fn a() { let (t, r) = mpsc::channel::<u8>(100); let (u, v) = sync_channel::<u8>(1); let (w, x) = crossbeam_channel::bounded::<u8>(4); }',
        'fn unbounded() {} fn b() { unbounded(); my::unbounded_queue(); }',
      ].join('\n');
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
    });
    it('test code', () => {
      const src = '#[cfg(test)]\nmod tests { #[tokio::test] async fn t() { let (a, b) = tokio::sync::mpsc::unbounded_channel::<u8>(); } }\n';
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
      assert.deepStrictEqual(findingsOf({ ...crate(''), 'tests/t.rs': 'fn t() { let (a, b) = tokio::sync::mpsc::unbounded_channel::<u8>(); }' }, ID), []);
    });
  });
  describe('fix', () => {
    it('tokio: mpsc::unbounded_channel::<T>() → mpsc::channel::<T>(1024), not preferred', () => {
      const files: Files = crate('use tokio::sync::mpsc;\nfn a() { let (tx, rx) = mpsc::unbounded_channel::<Msg>(); }\n');
      assert.strictEqual(findingsOf(files, ID)[0].fixes[0].preferred, false);
      const after = assertFixWorks(files, ID, 'src/main.rs');
      assert.strictEqual(after['src/main.rs'], 'use tokio::sync::mpsc;\nfn a() { let (tx, rx) = mpsc::channel::<Msg>(1024); }\n');
    });
    it('an aliased tokio call gets the full path', () => {
      const after = assertFixWorks(crate('use tokio::sync::mpsc::unbounded_channel as chan;\nfn a() { let (tx, rx) = chan(); }\n'), ID, 'src/main.rs');
      assert.match(after['src/main.rs'], /= tokio::sync::mpsc::channel\(1024\);/);
    });
    it('no fix for the other crates', () => {
      assert.deepStrictEqual(findingsOf(crate('fn a() { let (t, r) = flume::unbounded::<u8>(); }'), ID)[0].fixes, []);
    });
  });
});
