//! Room messaging: one sender per connected client.
use tokio::sync::mpsc;

pub struct ClientMessage {
    pub room: String,
    pub body: String,
}

pub fn subscribe() -> (mpsc::UnboundedSender<ClientMessage>, mpsc::UnboundedReceiver<ClientMessage>) {
    mpsc::unbounded_channel::<ClientMessage>()
}

/// Bounded: senders wait when the consumer falls behind (not flagged).
pub fn subscribe_bounded() -> (mpsc::Sender<ClientMessage>, mpsc::Receiver<ClientMessage>) {
    mpsc::channel::<ClientMessage>(1000)
}
