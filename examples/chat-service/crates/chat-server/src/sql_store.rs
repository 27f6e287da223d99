//! SQLCipher-backed message store.
use std::sync::Mutex;

use anyhow::Result;
use rusqlite::Connection;

pub struct SqlStore {
    conn: Mutex<Connection>,
}

impl SqlStore {
    pub fn open(path: &str, db_key: &str) -> Result<Self> {
        let conn = Connection::open(path)?;
        if !db_key.is_empty() {
            conn.pragma_update(None, "key", db_key)?;
        }
        conn.execute_batch("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, body BLOB)")?;
        Ok(Self { conn: Mutex::new(conn) })
    }

    pub fn store(&self, body: &[u8]) -> Result<()> {
        let conn = self.conn.lock().unwrap();
        conn.execute("INSERT INTO messages (body) VALUES (?1)", [body])?;
        Ok(())
    }

    pub fn count(&self) -> Result<i64> {
        let conn = self.conn.lock().unwrap();
        Ok(conn.query_row("SELECT COUNT(*) FROM messages", [], |r| r.get(0))?)
    }
}
