//! Peer-to-peer relay (not copied by the Dockerfile's cache layer).

pub fn relay_name() -> &'static str {
    "p2p"
}
