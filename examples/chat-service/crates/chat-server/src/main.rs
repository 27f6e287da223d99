mod auth;
mod config;
mod sql_store;
mod storage;
mod tls;

use anyhow::Result;
use std::net::SocketAddr;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> Result<()> {
    let config = config::ServerConfig::from_env();
    let http_address: SocketAddr = std::env::var("LISTEN")
        .unwrap_or_else(|_| "0.0.0.0:7000".into())
        .parse()
        .expect("Invalid HTTP address");
    let _store = sql_store::SqlStore::open(&config.db_path, &config.db_key)?;
    let (_cert, _key) = tls::load_or_generate(&config.cert_path, &config.key_path)?;
    let listener = TcpListener::bind(&http_address).await?;
    tracing::info!("listening on {}", http_address);
    loop {
        let (_socket, peer) = listener.accept().await?;
        tracing::info!("connection from {}", peer);
    }
}
