use anyhow::Result;
use std::net::SocketAddr;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> Result<()> {
    let http_address: SocketAddr = std::env::var("LISTEN")
        .unwrap_or_else(|_| "0.0.0.0:7000".into())
        .parse()
        .expect("Invalid HTTP address");
    let listener = TcpListener::bind(&http_address).await?;
    tracing::info!("listening on {}", http_address);
    loop {
        let (_socket, peer) = listener.accept().await?;
        tracing::info!("connection from {}", peer);
    }
}
