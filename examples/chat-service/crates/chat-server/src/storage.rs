//! File-backed storage with in-memory indexes.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

pub struct FileBackend {
    queues: Mutex<HashMap<String, Vec<Vec<u8>>>>,
    sessions: RwLock<HashMap<String, u64>>,
}

impl FileBackend {
    pub fn enqueue(&self, recipient: &str, payload: Vec<u8>) {
        self.queues.lock().unwrap().entry(recipient.to_string()).or_default().push(payload);
    }

    pub fn session(&self, id: &str) -> Option<u64> {
        self.sessions.read().expect("sessions lock").get(id).copied()
    }
}
