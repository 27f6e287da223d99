//! Random verification tokens.
pub fn generate() -> String {
    format!("{:032x}", std::time::SystemTime::now().elapsed().map(|d| d.as_nanos()).unwrap_or_default())
}
