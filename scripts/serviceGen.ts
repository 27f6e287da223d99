/**
 * Service-like Rust, seeded and deterministic: handlers, startup code, channels, logging, config,
 * error types and tests, mixing the patterns the rules look at. The benchmark writes a workspace of
 * it; the protocol tests and the fuzz script type into a large file of it.
 */

export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NOUNS = ['session', 'message', 'room', 'user', 'device', 'channel', 'stream', 'token', 'peer', 'invite',
  'upload', 'playlist', 'movie', 'member', 'account', 'frame', 'packet', 'key', 'bundle', 'audit', 'webhook', 'quota'];
export const VERBS = ['load', 'store', 'sync', 'fetch', 'publish', 'resolve', 'refresh', 'verify', 'dispatch', 'expire', 'index', 'relay'];
export const CRATES = ['core', 'server', 'gateway', 'storage', 'auth', 'media', 'relay', 'p2p', 'client', 'proto', 'metrics', 'admin',
  'billing', 'search', 'notify', 'sync', 'worker', 'scheduler', 'config', 'cli'];

const camel = (s: string) => s.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

export class Gen {
  private n = 0;
  constructor(private readonly r: () => number) {}
  pick<T>(a: readonly T[]): T { return a[Math.floor(this.r() * a.length)]; }
  id(): number { return this.n++; }
  chance(p: number): boolean { return this.r() < p; }
  int(lo: number, hi: number): number { return lo + Math.floor(this.r() * (hi - lo + 1)); }

  /** One item of a service module; every kind a real file has, some carrying a pattern a rule flags. */
  item(): string {
    const k = this.id();
    const noun = this.pick(NOUNS), verb = this.pick(VERBS), T = camel(noun);
    const kinds = [
      () => `/// A ${noun} as stored and sent over the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ${T}Record${k} {
    pub id: u64,
    pub owner: String,
    pub created_at: i64,
    pub labels: Vec<String>,
    #[serde(default)]
    pub retries: u32,
}

impl ${T}Record${k} {
    pub fn new(id: u64, owner: impl Into<String>) -> Self {
        Self { id, owner: owner.into(), created_at: 0, labels: Vec::new(), retries: 0 }
    }

    pub fn is_expired(&self, now: i64, ttl: Duration) -> bool {
        now.saturating_sub(self.created_at) > ttl.as_secs() as i64
    }

    pub fn label_set(&self) -> HashSet<&str> {
        self.labels.iter().map(String::as_str).filter(|l| !l.is_empty()).collect()
    }
}
`,
      () => `pub async fn ${verb}_${noun}_${k}(state: &AppState, id: u64) -> anyhow::Result<Option<${T}Record${Math.max(0, k - 1)}>> {
    let started = Instant::now();
    let row = state
        .db
        .get(format!("${noun}:{id}"))
        .await
        .with_context(|| format!("reading ${noun} {id}"))?;
    let Some(bytes) = row else {
        tracing::debug!(id, "${noun} not found");
        return Ok(None);
    };
    let record: ${T}Record${Math.max(0, k - 1)} = serde_json::from_slice(&bytes).context("decoding ${noun}")?;
    metrics::histogram!("${noun}_${verb}_seconds").record(started.elapsed().as_secs_f64());
    Ok(Some(record))
}
`,
      () => `pub fn ${noun}_settings_${k}() -> anyhow::Result<Settings> {
    let port: u16 = std::env::var("${noun.toUpperCase()}_PORT")
        .unwrap_or_else(|_| "${this.int(7000, 9999)}".into())
        .parse()
        .expect("${noun.toUpperCase()}_PORT must be a port number");
    let timeout = Duration::from_secs(std::env::var("${noun.toUpperCase()}_TIMEOUT").ok().and_then(|v| v.parse().ok()).unwrap_or(30));
    Ok(Settings { port, timeout, ..Settings::default() })
}
`,
      () => `pub fn spawn_${noun}_pump_${k}(state: Arc<AppState>) -> JoinHandle<()> {
    let (tx, mut rx) = ${this.chance(0.5) ? 'tokio::sync::mpsc::unbounded_channel::<' + T + 'Event>()' : 'tokio::sync::mpsc::channel::<' + T + 'Event>(1024)'};
    state.register_${noun}_sink(tx);
    tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            if let Err(err) = handle_${noun}_event(&state, event).await {
                tracing::warn!(error = %err, "${noun} event failed");
            }
        }
    })
}
`,
      () => `async fn authenticate_${noun}_${k}(req: &Request, keys: &KeyStore) -> Result<Identity, AuthError> {
    let token = req.header("authorization").ok_or(AuthError::Missing)?;
    ${this.chance(0.4) ? `tracing::debug!("authenticating with token {}", token);` : `tracing::debug!(len = token.len(), "authenticating");`}
    let claims = keys.verify(token).map_err(|_| AuthError::Invalid)?;
    if claims.expires_at < now_unix() {
        return Err(AuthError::Expired);
    }
    Ok(Identity { user: claims.sub, scopes: claims.scopes })
}
`,
      () => `#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ${T}State${k} {
    Pending,
    Active,
    Suspended { until: i64 },
    Closed,
}

impl ${T}State${k} {
    pub fn transition(self, event: &str, now: i64) -> Self {
        match (self, event) {
            (Self::Pending, "activate") => Self::Active,
            (Self::Active, "suspend") => Self::Suspended { until: now + 3600 },
            (Self::Suspended { until }, "tick") if until <= now => Self::Active,
            (Self::Suspended { .. }, "close") | (Self::Active, "close") => Self::Closed,
            (state, other) => {
                tracing::trace!(?state, event = other, "ignored transition");
                state
            }
        }
    }
}
`,
      () => `#[derive(Debug, thiserror::Error)]
pub enum ${T}Error${k} {
    #[error("${noun} {0} not found")]
    NotFound(u64),
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    #[error("invalid ${noun}: {0}")]
    Invalid(String),
}

impl From<${T}Error${k}> for StatusCode {
    fn from(e: ${T}Error${k}) -> Self {
        match e {
            ${T}Error${k}::NotFound(_) => StatusCode::NOT_FOUND,
            ${T}Error${k}::Invalid(_) => StatusCode::BAD_REQUEST,
            ${T}Error${k}::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}
`,
      () => `fn index_${noun}s_${k}(items: &[(u64, String)]) -> HashMap<String, Vec<u64>> {
    let mut by_name: HashMap<String, Vec<u64>> = HashMap::with_capacity(items.len());
    for (id, name) in items {
        by_name.entry(name.to_lowercase()).or_default().push(*id);
    }
    let cache = CACHE.lock().unwrap();
    for ids in by_name.values_mut() {
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|id| !cache.contains(id));
    }
    by_name
}
`,
      () => `pub async fn ${verb}_${noun}_batch_${k}(pool: &PgPool, ids: &[i64]) -> sqlx::Result<Vec<(i64, String)>> {
    let rows = sqlx::query_as::<_, (i64, String)>("SELECT id, name FROM ${noun}s WHERE id = ANY($1) AND deleted_at IS NULL")
        .bind(ids)
        .fetch_all(pool)
        .await?;
    tracing::info!(count = rows.len(), "${verb} ${noun}s");
    Ok(rows)
}
`,
      () => `pub trait ${T}Sink${k}: Send + Sync {
    fn accept(&self, item: &[u8]) -> bool;
    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<F> ${T}Sink${k} for F
where
    F: Fn(&[u8]) -> bool + Send + Sync,
{
    fn accept(&self, item: &[u8]) -> bool {
        (self)(item)
    }
}
`,
      () => `pub fn connect_${noun}_${k}(cfg: &Config) -> Client {
    let url = cfg.${noun}_url.clone().unwrap_or_else(|| "http://localhost:${this.int(3000, 9000)}".to_string());
    ${this.chance(0.3) ? `let client = Client::builder().build(&url).unwrap();` : `let client = Client::builder().timeout(Duration::from_secs(10)).build(&url).unwrap_or_default();`}
    ${this.chance(0.2) ? `tracing::info!("connected with password={}", cfg.password);` : `tracing::info!(%url, "connected");`}
    client
}
`,
      () => `#[cfg(test)]
mod tests_${k} {
    use super::*;

    #[test]
    fn ${noun}_round_trips_${k}() {
        let rec = serde_json::to_vec(&vec![1u8, 2, 3]).unwrap();
        let back: Vec<u8> = serde_json::from_slice(&rec).expect("decodes");
        assert_eq!(back, vec![1, 2, 3]);
    }

    #[tokio::test]
    async fn ${noun}_channel_${k}() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        tx.send(${k}u64).unwrap();
        assert_eq!(rx.recv().await.unwrap(), ${k});
    }
}
`,
      () => `pub(crate) fn parse_${noun}_frame_${k}(buf: &[u8]) -> Option<(u8, &[u8])> {
    if buf.len() < 3 {
        return None;
    }
    let kind = buf[0];
    let len = u16::from_be_bytes([buf[1], buf[2]]) as usize;
    let body = buf.get(3..3 + len)?;
    match kind {
        0x01..=0x0f => Some((kind, body)),
        0x10 if len > 0 => Some((kind, &body[..len.min(64)])),
        _ => None,
    }
}
`,
    ];
    return this.pick(kinds)();
  }

  file(targetBytes: number, header: string): string {
    let s = header;
    while (s.length < targetBytes) s += '\n' + this.item();
    return s;
  }
}

export const HEADER = `use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tokio::task::JoinHandle;

use crate::prelude::*;
`;

