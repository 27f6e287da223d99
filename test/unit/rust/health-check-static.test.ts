import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('health-check-static', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'async fn health() -> &\'static str { "OK" }, on the fn name',
      code: `
        async fn health() -> &'static str {
        //       ^^^^^^ warning: \`health\` returns a constant and checks nothing
            "OK"  // Always returns OK if server is running
        }
      `,
    },
    {
      name: 'StatusCode::OK, literal JSON, tuples, readiness/readyz/health_check names',
      code: `
        async fn readiness() -> StatusCode { StatusCode::OK }
        //       ^^^^^^^^^ warning: \`readiness\`
        async fn readyz() -> impl IntoResponse { Json(json!({"status": "ok"})) }
        //       ^^^^^^ warning: \`readyz\`
        pub async fn health_check() -> impl IntoResponse { tracing::debug!("health"); (StatusCode::OK, "healthy") }
        //           ^^^^^^^^^^^^ warning: \`health_check\`
        async fn healthz() -> Result<&'static str, StatusCode> { Ok("ok") }
        //       ^^^^^^^ warning: \`healthz\`
        fn ready() -> HttpResponse { HttpResponse::Ok().body("ready") }
        // ^^^^^ warning: \`ready\`
      `,
    },
  ],
  valid: [
    {
      name: 'handlers that check something, liveness handlers, non-handler helpers',
      code: `
        async fn readiness(State(db): State<PgPool>) -> StatusCode { match sqlx::query("SELECT 1").execute(&db).await { Ok(_) => StatusCode::OK, Err(_) => StatusCode::SERVICE_UNAVAILABLE } }
        async fn health(State(s): State<App>) -> Json<Health> { Json(s.health()) }
        async fn liveness() -> StatusCode { StatusCode::OK }
        async fn health_live() -> &'static str { "OK" }
        fn is_ready() -> bool { true }
        async fn health_status(s: &S) -> StatusCode { if s.db_ok() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE } }
      `,
    },
    {
      name: 'test code',
      code: `
        #[cfg(test)] mod t { async fn health() -> &'static str { "OK" } }
      `,
    },
  ],
});
