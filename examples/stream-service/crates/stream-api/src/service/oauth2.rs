//! OAuth2 providers and pending logins.
use std::collections::HashMap;

use tokio::sync::RwLock;

#[derive(Clone)]
pub struct OAuth2Provider {
    pub name: String,
}

pub struct PendingAuth {
    pub state: String,
    pub created_at: u64,
}

#[derive(Clone)]
pub struct BasicClient {
    pub client_id: String,
}

#[derive(Default)]
pub struct OAuth2Service {
    providers: RwLock<HashMap<String, OAuth2Provider>>,
    state_store: RwLock<HashMap<String, PendingAuth>>,
    client_cache: RwLock<HashMap<String, BasicClient>>,
}

impl OAuth2Service {
    pub fn take_state(&self, state: &str) -> Option<String> {
        self.state_store.try_write().ok()?.remove(state).map(|p| p.state)
    }

    pub async fn exchange(&self, code: &str) -> String {
        let _providers = self.providers.read().await;
        let _clients = self.client_cache.read().await;
        code.to_string()
    }
}
