//! HTTP routes.
pub mod email_verification;
pub mod health;
pub mod oauth2;
pub mod websocket;

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use crate::service::oauth2::OAuth2Service;

#[derive(Clone, Default)]
pub struct AppState {
    pub oauth2: Arc<OAuth2Service>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health::health))
        .route("/health/live", get(health::liveness))
        .route("/oauth/callback", get(oauth2::oauth2_callback))
        .route("/api/email/verify", post(email_verification::send_verification))
        .route("/ws", get(websocket::ws_handler))
        .with_state(state)
}
