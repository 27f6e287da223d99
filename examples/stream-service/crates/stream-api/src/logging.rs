//! Logging setup: JSON logs to a file under the log directory.
use std::fs::File;

pub fn init() -> anyhow::Result<()> {
    let log_dir = std::env::var("STREAM_LOG_DIR").unwrap_or_else(|_| "/var/log/stream".into());
    let file = File::create(format!("{log_dir}/stream.log"))?;
    let (non_blocking, _) = tracing_appender::non_blocking(file);
    tracing_subscriber::fmt().json().with_writer(non_blocking).init();
    Ok(())
}
