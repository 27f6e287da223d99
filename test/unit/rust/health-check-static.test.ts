import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'health-check-static';

describe(ID, () => {
  describe('flags', () => {
    it('the seed 004 handler: async fn health() -> &\'static str { "OK" }', () => {
      const src = 'async fn health() -> &\'static str {\n    "OK"  // Always returns OK if server is running\n}\n';
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['health']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'warning');
    });
    it('StatusCode::OK, literal JSON, tuples, readiness/readyz/health_check names', () => {
      const src = [
        'async fn readiness() -> StatusCode { StatusCode::OK }',
        'async fn readyz() -> impl IntoResponse { Json(json!({"status": "ok"})) }',
        'pub async fn health_check() -> impl IntoResponse { tracing::debug!("health"); (StatusCode::OK, "healthy") }',
        'async fn healthz() -> Result<&\'static str, StatusCode> { Ok("ok") }',
        'fn ready() -> HttpResponse { HttpResponse::Ok().body("ready") }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['readiness', 'readyz', 'health_check', 'healthz', 'ready']);
    });
  });
  describe('does not flag', () => {
    it('handlers that check something, liveness handlers, non-handler helpers, test code', () => {
      const src = [
        'async fn readiness(State(db): State<PgPool>) -> StatusCode { match sqlx::query("SELECT 1").execute(&db).await { Ok(_) => StatusCode::OK, Err(_) => StatusCode::SERVICE_UNAVAILABLE } }',
        'async fn health(State(s): State<App>) -> Json<Health> { Json(s.health()) }',
        'async fn liveness() -> StatusCode { StatusCode::OK }',
        'async fn health_live() -> &\'static str { "OK" }',
        'fn is_ready() -> bool { true }',
        'async fn health_status(s: &S) -> StatusCode { if s.db_ok() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE } }',
        '#[cfg(test)] mod t { async fn health() -> &\'static str { "OK" } }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), []);
    });
  });
});
