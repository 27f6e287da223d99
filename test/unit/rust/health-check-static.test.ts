import { RUST_CRATE, manifest, pkg } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('health-check-static', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'async fn health() -> &\'static str { "OK" } routed with axum, on the fn name',
      code: `
        fn app() -> Router { Router::new().route("/health", get(health)) }
        async fn health() -> &'static str {
        //       ^^^^^^ warning: \`health\` returns a constant and checks nothing
            "OK"  // Always returns OK if server is running
        }
      `,
    },
    {
      name: 'StatusCode::OK, literal JSON, tuples, readiness/readyz/health_check names, routed in the forms real code takes',
      code: `
        fn app() -> Router {
            Router::new()
                .route("/ready", get(readiness))
                .route("/readyz", axum::routing::get(handlers::readyz).head(handlers::readyz))
                .route("/health", on(MethodFilter::GET, health_check))
                .route("/healthz", get(Self::healthz))
        }
        async fn readiness() -> StatusCode { StatusCode::OK }
        //       ^^^^^^^^^ warning: \`readiness\`
        async fn readyz() -> impl IntoResponse { Json(json!({"status": "ok"})) }
        //       ^^^^^^ warning: \`readyz\`
        pub async fn health_check() -> impl IntoResponse { tracing::debug!("health"); (StatusCode::OK, "healthy") }
        //           ^^^^^^^^^^^^ warning: \`health_check\`
        async fn healthz() -> Result<&'static str, StatusCode> { Ok("ok") }
        //       ^^^^^^^ warning: \`healthz\`
      `,
    },
    {
      name: 'routed from another file of the crate (the router in mod.rs, the handler in health.rs)',
      code: `
        //- src/http/mod.rs
        pub mod health;
        pub fn router() -> Router { Router::new().route("/health", get(health::health)) }
        //- src/http/health.rs
        pub async fn health() -> &'static str {
        //           ^^^^^^ warning: \`health\`
            "OK"
        }
      `,
    },
    {
      name: 'actix: a route attribute, and web::get().to(handler)',
      code: `
        #[get("/health")]
        async fn health() -> impl Responder { HttpResponse::Ok().body("ok") }
        //       ^^^^^^ warning: \`health\`
        fn ready() -> HttpResponse { HttpResponse::Ok().body("ready") }
        // ^^^^^ warning: \`ready\`
        fn config(cfg: &mut web::ServiceConfig) { cfg.service(health).route("/ready", web::get().to(ready)); }
      `,
    },
    {
      name: 'routed-closure: a constant closure routed at a health path (axum, actix, warp)',
      code: `
        fn app() -> Router {
            Router::new()
                .route("/health", get(|| async { StatusCode::OK }))
                //     ^^^^^^^^^ warning: The route "/health" answers with a constant closure
                .route("/api/readyz", get(|| async move { Json(json!({"ready": true})) }))
                //     ^^^^^^^^^^^^^ warning: "/api/readyz"
        }
        fn actix(cfg: &mut web::ServiceConfig) {
            cfg.route("/healthz", web::get().to(|| async { HttpResponse::Ok().finish() }));
            //        ^^^^^^^^^^ warning: "/healthz"
            cfg.service(web::resource("/ready").route(web::get().to(|| async { "ok" })));
            //                        ^^^^^^^^ warning: "/ready"
        }
        fn filters() { let h = warp::path("health").map(|| "OK"); }
        //                                ^^^^^^^^ warning: "health"
      `,
    },
    {
      name: 'routed from a workspace crate that depends on the handler\'s crate',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["api", "server"]\n',
        'api/Cargo.toml': pkg('api', 'axum = "0.7"'),
        'server/Cargo.toml': pkg('server', 'api = { path = "../api" }'),
      },
      code: `
        //- api/src/lib.rs
        pub async fn healthz() -> &'static str { "ok" }
        //           ^^^^^^^ warning: \`healthz\`
        //- server/src/main.rs
        fn main() { let _ = Router::new().route("/healthz", get(api::healthz)); }
      `,
    },
  ],
  valid: [
    {
      name: 'handlers that check something, liveness handlers and routes, non-handler helpers',
      code: `
        fn app() -> Router {
            Router::new()
                .route("/ready", get(readiness))
                .route("/health", get(health))
                .route("/live", get(liveness))
                .route("/health/live", get(|| async { StatusCode::OK }))
                .route("/healthz", get(|State(s): State<App>| async move { s.check().await }))
                .route("/status", get(health_status))
        }
        async fn readiness(State(db): State<PgPool>) -> StatusCode { match sqlx::query("SELECT 1").execute(&db).await { Ok(_) => StatusCode::OK, Err(_) => StatusCode::SERVICE_UNAVAILABLE } }
        async fn health(State(s): State<App>) -> Json<Health> { Json(s.health()) }
        async fn liveness() -> StatusCode { StatusCode::OK }
        async fn health_live() -> &'static str { "OK" }
        fn is_ready() -> bool { true }
        async fn health_status(s: &S) -> StatusCode { if s.db_ok() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE } }
      `,
    },
    {
      name: 'poll-ready: tower::Service::poll_ready is a method, not a handler',
      code: `
        impl<B> Service<http::Request<B>> for Svc {
            type Response = http::Response<BoxBody>;
            type Error = Infallible;
            type Future = BoxFuture<Self::Response, Self::Error>;
            fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
                Poll::Ready(Ok(()))
            }
            fn call(&mut self, req: http::Request<B>) -> Self::Future { self.inner.call(req) }
        }
      `,
    },
    {
      name: 'unrouted: an OpenAPI doc stub and a helper no route reaches',
      code: `
        #[utoipa::path(get, path = "/health", tag = "health", responses((status = 200, body = String)))]
        pub async fn path_health() {}

        #[derive(OpenApi)]
        #[openapi(paths(path_health))]
        pub struct ApiDoc;

        pub async fn health() -> &'static str { "OK" }
        fn log() { let s = health(); }
      `,
    },
    {
      name: 'generated code (tonic/prost output)',
      code: `
        //- src/proto/svc.rs
        // This file is @generated by prost-build.
        pub async fn health() -> &'static str { "OK" }
        pub fn router() -> Router { Router::new().route("/health", get(health)) }
      `,
    },
    {
      name: 'test code',
      code: `
        #[cfg(test)] mod t {
            async fn health() -> &'static str { "OK" }
            fn app() -> Router { Router::new().route("/health", get(health)).route("/ready", get(|| async { "ok" })) }
        }
      `,
    },
    {
      name: 'a handler routed only in another, unrelated crate is not this crate\'s route',
      files: {
        'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n',
        'a/Cargo.toml': pkg('a', 'axum = "0.7"'),
        'b/Cargo.toml': manifest('axum = "0.7"', 'b'),
      },
      code: `
        //- a/src/lib.rs
        pub async fn health() -> &'static str { "OK" }
        //- b/src/main.rs
        async fn handler() -> StatusCode { check().await }
        fn main() { let _ = Router::new().route("/health", get(handler)); }
      `,
    },
  ],
});
