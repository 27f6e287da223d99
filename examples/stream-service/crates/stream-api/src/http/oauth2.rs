//! OAuth2 login callback.
use axum::extract::{Query, State};
use axum::response::Redirect;
use serde::Deserialize;

use super::AppState;

#[derive(Deserialize)]
pub struct AuthCallback {
    pub code: String,
    pub state: String,
    pub redirect: Option<String>,
}

pub async fn oauth2_callback(
    State(app): State<AppState>,
    Query(query): Query<AuthCallback>,
) -> Result<Redirect, axum::http::StatusCode> {
    let expected_state = app.oauth2.take_state(&query.state).ok_or(axum::http::StatusCode::BAD_REQUEST)?;
    if query.state != expected_state {
        return Err(axum::http::StatusCode::BAD_REQUEST);
    }
    let code = app.oauth2.exchange(&query.code).await;
    let state = query.state.clone();
    let redirect_url = query.redirect.as_deref().unwrap_or("/");
    Ok(Redirect::to(&format!("{}?code={}&state={}", redirect_url, code, state)))
}
