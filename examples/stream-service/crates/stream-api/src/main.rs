//! Streaming API server (axum): HTTP, WebSocket and OAuth2 login.
mod http;
mod impls;
mod logging;
mod service;

use anyhow::Context;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    logging::init().context("initialise logging")?;
    let state = http::AppState::default();
    let app = http::router(state);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.context("bind 0.0.0.0:8080")?;
    axum::serve(listener, app).await.context("serve")?;
    Ok(())
}
