//! Shared types of the chat service.

pub struct Message {
    pub from: String,
    pub body: String,
}

pub fn parse_port(s: &str) -> u16 {
    // A stale suppression: this line once had `.unwrap()`; now it suppresses nothing.
    // readiness-ignore-next-line panic-in-production -- validated by the config loader
    s.parse().unwrap_or(7000)
}
