//! Email verification and password reset.
use axum::Json;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct VerificationRequest {
    pub email: String,
}

pub async fn send_verification(Json(req): Json<VerificationRequest>) -> &'static str {
    let token = crate::service::tokens::generate();
    #[cfg(debug_assertions)]
    tracing::debug!("DEV ONLY - verification token for {}: {}", req.email, token);
    tracing::info!(email = %req.email, "verification email queued");
    "sent"
}

pub async fn send_password_reset(Json(req): Json<VerificationRequest>) -> &'static str {
    let token = crate::service::tokens::generate();
    #[cfg(debug_assertions)]
    tracing::debug!("DEV ONLY - password reset token for {}: {}", req.email, token);
    tracing::info!(token_len = token.len(), "password reset queued");
    "sent"
}
