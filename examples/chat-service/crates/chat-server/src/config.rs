//! Server configuration from the environment (`QPC_*`).

pub struct ServerConfig {
    pub auth_token: String,
    pub db_key: String,
    pub db_path: String,
    pub cert_path: String,
    pub key_path: String,
}

impl ServerConfig {
    pub fn from_env() -> Self {
        let auth_token = std::env::var("QPC_AUTH_TOKEN").unwrap_or_else(|_| "devtoken".into());
        let db_key = std::env::var("QPC_DB_KEY").unwrap_or_default();
        Self {
            auth_token,
            db_key,
            db_path: std::env::var("QPC_DB_PATH").unwrap_or_else(|_| "data/chat.db".into()),
            cert_path: "data/server-cert.der".into(),
            key_path: "data/server-key.der".into(),
        }
    }
}
