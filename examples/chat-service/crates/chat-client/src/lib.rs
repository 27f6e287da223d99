//! Client library.
use std::net::SocketAddr;

pub struct Client {
    token: Option<String>,
}

impl Client {
    pub fn set_auth(&self) -> &str {
        self.token
            .as_deref()
            .expect("init_auth must be called with a non-empty token before RPCs")
    }

    pub fn bind_address() -> anyhow::Result<SocketAddr> {
        let addr: SocketAddr = "0.0.0.0:0".parse().unwrap();
        Ok(addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds() {
        let addr = Client::bind_address().unwrap();
        assert_eq!(addr.port(), 0);
    }
}
