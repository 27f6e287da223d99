//! Shared types of the chat service.

pub struct Message {
    pub from: String,
    pub body: String,
}

pub fn parse_port(s: &str) -> u16 {
    s.parse().unwrap_or(7000)
}
