//! Static-token authentication (already constant-time: not flagged).
use subtle::ConstantTimeEq;

pub fn check_token(expected: &str, presented: &str) -> bool {
    bool::from(expected.as_bytes().ct_eq(presented.as_bytes()))
}
