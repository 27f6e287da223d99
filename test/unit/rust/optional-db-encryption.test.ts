import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'optional-db-encryption';
const store = (body: string) => `use rusqlite::Connection;\n\npub fn open(path: &str, db_key: &str) -> anyhow::Result<Connection> {\n    let conn = Connection::open(path)?;\n${body}\n    Ok(conn)\n}\n`;

describe(ID, () => {
  describe('flags', () => {
    it('the seed 000 pattern: pragma_update(None, "key", …) inside if !db_key.is_empty()', () => {
      const src = store('    if !db_key.is_empty() {\n        conn.pragma_update(None, "key", db_key)?;\n    }');
      assert.deepStrictEqual(flaggedTexts(crate(src, 'rusqlite = "0.31"', 'src/sql_store.rs'), ID, 'src/sql_store.rs'), ['!db_key.is_empty()']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'error');
    });
    it('PRAGMA key in SQL (also built with format!), under if let Some / Some(..) arms / len() > 0', () => {
      const src = [
        'fn a(conn: &Connection, key: Option<String>) {',
        '    if let Some(k) = &key { conn.execute_batch(&format!("PRAGMA key = \'{}\';", k)).ok(); }',
        '    match key { Some(k) => { conn.execute("PRAGMA key = ?1", [k]).ok(); } None => {} }',
        '    if cfg.db_key.len() > 0 { conn.pragma_update(None, "key", &cfg.db_key).ok(); }',
        '}',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['let Some(k) = &key', 'Some(k)', 'cfg.db_key.len() > 0']);
    });
  });
  describe('does not flag', () => {
    it('an unconditional key, or a guard whose else refuses to continue', () => {
      const src = [
        'fn a(conn: &Connection, db_key: &str) -> anyhow::Result<()> {',
        '    conn.pragma_update(None, "key", db_key)?;',
        '    if !db_key.is_empty() { conn.pragma_update(None, "key", db_key)?; } else { anyhow::bail!("db_key must be set"); }',
        '    match key { Some(k) => conn.pragma_update(None, "key", k)?, None => return Err(anyhow::anyhow!("no key")) }',
        '    if !name.is_empty() { conn.pragma_update(None, "journal_mode", "WAL")?; }',
        '    Ok(())',
        '}',
      ].join('\n');
      assert.deepStrictEqual(findingsOf(crate(src), ID), []);
    });
    it('test code', () => {
      assert.deepStrictEqual(findingsOf(crate('#[cfg(test)]\nmod t { fn a() { if !k.is_empty() { c.pragma_update(None, "key", k); } } }'), ID), []);
    });
  });
});
