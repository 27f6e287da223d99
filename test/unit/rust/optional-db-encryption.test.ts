import { manifest, RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('optional-db-encryption', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'pragma_update(None, "key", …) inside if !db_key.is_empty(), on the condition',
      files: { 'Cargo.toml': manifest('rusqlite = "0.31"') },
      code: `
        //- src/sql_store.rs
        use rusqlite::Connection;

        pub fn open(path: &str, db_key: &str) -> anyhow::Result<Connection> {
            let conn = Connection::open(path)?;
            if !db_key.is_empty() {
            // ^^^^^^^^^^^^^^^^^^ error: The SQLCipher key is applied only when one is configured
                conn.pragma_update(None, "key", db_key)?;
            }
            Ok(conn)
        }
      `,
    },
    {
      name: 'PRAGMA key in SQL (also built with format!), under if let Some / Some(..) arms / len() > 0',
      code: `
        fn a(conn: &Connection, key: Option<String>) {
            if let Some(k) = &key { conn.execute_batch(&format!("PRAGMA key = '{}';", k)).ok(); }
            // ^^^^^^^^^^^^^^^^^^ error
            match key { Some(k) => { conn.execute("PRAGMA key = ?1", [k]).ok(); } None => {} }
            //          ^^^^^^^ error
            if cfg.db_key.len() > 0 { conn.pragma_update(None, "key", &cfg.db_key).ok(); }
            // ^^^^^^^^^^^^^^^^^^^^ error
        }
      `,
    },
  ],
  valid: [
    {
      name: 'an unconditional key, a guard whose else refuses to continue, other pragmas',
      code: `
        fn a(conn: &Connection, db_key: &str) -> anyhow::Result<()> {
            conn.pragma_update(None, "key", db_key)?;
            if !db_key.is_empty() { conn.pragma_update(None, "key", db_key)?; } else { anyhow::bail!("db_key must be set"); }
            match key { Some(k) => conn.pragma_update(None, "key", k)?, None => return Err(anyhow::anyhow!("no key")) }
            if !name.is_empty() { conn.pragma_update(None, "journal_mode", "WAL")?; }
            Ok(())
        }
      `,
    },
    {
      name: 'test code',
      code: `
        #[cfg(test)]
        mod t { fn a() { if !k.is_empty() { c.pragma_update(None, "key", k); } } }
      `,
    },
  ],
});
