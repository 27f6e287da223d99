//! TLS material: loads the certificate, or generates one on first run.
use std::path::Path;

use anyhow::Result;

pub fn load_or_generate(cert_path: &str, key_path: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    if !Path::new(cert_path).exists() {
        let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()])?;
        std::fs::write(cert_path, cert.cert.der())?;
        std::fs::write(key_path, cert.key_pair.serialize_der())?;
    }
    Ok((std::fs::read(cert_path)?, std::fs::read(key_path)?))
}
