//! Health endpoints.
use axum::http::StatusCode;

/// Liveness: the process is running (static on purpose).
pub async fn liveness() -> StatusCode {
    StatusCode::OK
}

pub async fn health() -> &'static str {
    "OK" // Always returns OK if server is running
}
