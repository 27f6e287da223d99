//! End-to-end: register, invite, join, send, receive over QUIC.

#[tokio::test]
async fn e2e_happy_path_register_invite_join_send_recv() {
    let endpoint = quinn::Endpoint::client("0.0.0.0:0".parse().unwrap()).unwrap();
    // Panics without a process-level CryptoProvider (rustls 0.23).
    let _conn = endpoint.connect("127.0.0.1:7000".parse().unwrap(), "localhost");
}
