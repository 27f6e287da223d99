//! WebSocket fan-out to room members.
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;

pub async fn ws_handler(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(handle_socket)
}

async fn handle_socket(mut socket: WebSocket) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    tokio::spawn(async move {
        while let Some(bytes) = rx.recv().await {
            tracing::trace!(len = bytes.len(), "frame queued");
        }
    });
    while let Some(Ok(Message::Binary(frame))) = socket.recv().await {
        if tx.send(frame).is_err() {
            break;
        }
    }
}
