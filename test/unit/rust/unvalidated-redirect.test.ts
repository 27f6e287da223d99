import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('unvalidated-redirect', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'the same Location from a handler without a JSON body (a link can carry it)',
      code: `
        async fn after_login(id: Identity, query: web::Query<RedirectQuery>) -> Result<HttpResponse, Error> {
            let query = query.into_inner();
            if let Some(redirect_to) = query.redirect_to {
                Ok(HttpResponse::Found().append_header((header::LOCATION, redirect_to)).finish())
                //                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: The redirect target
            } else {
                Ok(HttpResponse::Ok().finish())
            }
        }
      `,
    },
    {
      name: 'a JSON handler that keeps the target for a later page (not a redirect answered to fetch)',
      code: `
        async fn login(session: Session, Json(req): Json<LoginRequest>) -> StatusCode {
            session.insert("next", req.redirect_url);
            //                     ^^^^^^^^^^^^^^^^ error: The redirect target
            StatusCode::OK
        }
      `,
    },
    {
      name: 'a query field built into the redirect URL with format!, on the argument',
      code: `
        #[derive(Deserialize)]
        pub struct AuthCallback { code: String, state: String, redirect: Option<String> }
        #[derive(Deserialize)]
        pub struct Params { next: String }
        pub async fn oauth2_callback(Query(query): Query<AuthCallback>) -> Redirect {
            let code = issue_code();
            let state = query.state.clone();
            let redirect_url = query.redirect.as_deref().unwrap_or("/");
            Redirect::to(&format!("{}?code={}&state={}", redirect_url, code, state))
            //                                           ^^^^^^^^^^^^ error: The redirect target \`redirect_url\` comes from the request and is built into a URL by \`format!\` without validation
        }
      `,
      fixes: [],
    },
    {
      name: 'Redirect::to(&params.next), a destructured binding, a Form extractor, and a stored target',
      code: `
        #[derive(Deserialize)]
        pub struct AuthCallback { code: String, state: String, redirect: Option<String> }
        #[derive(Deserialize)]
        pub struct Params { next: String }
        async fn a(Query(params): Query<Params>) -> Redirect { Redirect::to(&params.next) }
        //                                                                  ^^^^^^^^^^^^ error: \`&params.next\` comes from the request and is used as the redirect target of \`Redirect::to\`
        async fn b(Form(Login { return_to, .. }): Form<Login>) -> Redirect { Redirect::temporary(&return_to) }
        //                                                                                       ^^^^^^^^^^ error: \`&return_to\` comes from the request and is used as the redirect target of \`Redirect::temporary\`
        async fn c(q: Query<Cb>) -> Response { let s = Pending { redirect_uri: q.redirect_uri.clone() }; store(s) }
        //                                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: comes from the request and is stored without validation
        async fn d(p: Params) -> Redirect { if let Some(n) = Some(p.next) { return Redirect::to(&n); } todo() }
        //                                                                                      ^^ error: \`&n\` comes from the request
      `,
    },
    {
      name: 'a condition that is no check (is_some, emptiness, no early exit) leaves the target unvalidated',
      code: `
        #[derive(Deserialize)]
        pub struct Params { next: Option<String> }
        async fn a(Query(p): Query<Params>) -> Redirect {
            if p.next.is_some() { tracing::info!("has target"); }
            Redirect::to(p.next.as_deref().unwrap_or("/"))
            //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error: The redirect target
        }
        async fn b(Query(p): Query<Params>) -> Redirect {
            let next = p.next.unwrap_or_default();
            if next != "" { Redirect::to(&next) } else { Redirect::to("/") }
            //                           ^^^^^ error: The redirect target
        }
      `,
    },
    {
      name: 'in format!, the argument that starts the URL is the target, not the message after it',
      code: `
        #[derive(Deserialize)]
        pub struct Params { next: String, message: String }
        async fn a(Query(p): Query<Params>) -> Redirect {
            let next = p.next.clone();
            Redirect::to(&format!("{}?message={}", next, p.message))
            //                                     ^^^^ error: built into a URL by \`format!\`
        }
        async fn b(Query(p): Query<Params>) -> Redirect {
            Redirect::to(&format!("https://{host}/done", host = p.next))
            //                                                    ^^^^ error: built into a URL by \`format!\`
        }
      `,
    },
  ],
  valid: [
    {
      name: 'a From conversion copying a redirect field of a deserialized config type',
      code: `
        #[derive(Deserialize)]
        pub struct HttpFrontend { pub hostname: String, pub redirect: Option<RedirectPolicy> }
        impl From<HttpFrontend> for RequestHttpFrontend {
            fn from(val: HttpFrontend) -> Self {
                RequestHttpFrontend { hostname: val.hostname, redirect: val.redirect }
            }
        }
      `,
    },
    {
      name: 'a Location answered to a handler with a JSON body (only fetch/XHR can call it; the browser does not move)',
      code: `
        async fn login(id: Identity, payload: web::Json<Login>, query: web::Query<RedirectQuery>) -> Result<HttpResponse, Error> {
            let user = check_login(payload.into_inner()).await?;
            id.remember(user);
            let query = query.into_inner();
            if let Some(redirect_to) = query.redirect_to {
                Ok(HttpResponse::Found().append_header((header::LOCATION, redirect_to)).finish())
            } else {
                Ok(HttpResponse::Ok().finish())
            }
        }
      `,
    },
    {
      name: 'a callback URL stored in a webhook or subscription record: the server calls it, no browser is redirected',
      code: `
        #[derive(Deserialize)]
        pub struct RegisterWebhook { event: String, callback_url: String, name: Option<String> }
        async fn register(State(db): State<Db>, Json(input): Json<RegisterWebhook>) -> Json<Id> {
            let id = db.register_webhook(Webhook { id: None, event: input.event, callback_url: input.callback_url, name: input.name }).await;
            Json(id)
        }
        async fn subscribe(Json(input): Json<RegisterWebhook>) { save(Subscription { callback_url: input.callback_url }).await; }
      `,
    },
    {
      name: 'a target bound through `if let Some(x)` (the variant name `Some` binds nothing, so a later `Some("message")` argument is not the target), and a target rendered back into a login page',
      code: `
        #[derive(Deserialize)]
        struct LoginForm { token: String, redirect: Option<String> }
        fn login(data: Form<LoginForm>) -> Result<Redirect, Page> {
            let data = data.into_inner();
            let redirect = data.redirect;
            if let Some(redirect) = redirect {
                return Ok(Redirect::to(format!("{}{redirect}", admin_path())));
            }
            Err(page(Some("Invalid admin token, please try again.")))
        }
        fn show_login(data: Form<LoginForm>) -> Page {
            render_admin_login(Some("Too many requests"), data.redirect.as_deref())
        }
      `,
    },
    {
      name: 'a target checked first: starts_with with an early return, an allow-list, equality, the use under the check',
      code: `
        #[derive(Deserialize)]
        pub struct Params { next: String }
        async fn a(Query(p): Query<Params>) -> Result<Redirect, E> {
            if !p.next.starts_with('/') || p.next.starts_with("//") {
                return Err(E::BadRedirect);
            }
            Ok(Redirect::to(&p.next))
        }
        async fn b(Query(p): Query<Params>) -> Redirect {
            let next = p.next;
            if !ALLOWED_TARGETS.contains(&next.as_str()) { return Redirect::to("/"); }
            Redirect::to(&next)
        }
        async fn c(Query(p): Query<Params>) -> Redirect {
            if p.next == "/settings" { Redirect::to(&p.next) } else { Redirect::to("/") }
        }
      `,
    },
    {
      name: 'the target as data after a fixed path (format! query parameter), not the destination',
      code: `
        #[derive(Deserialize)]
        pub struct Params { next: String }
        async fn login_redirect(Query(p): Query<Params>, msg: String) -> Redirect {
            Redirect::to(&format!("/login?next={}&error={}", p.next, msg))
        }
      `,
    },
    {
      name: 'a function that validates the target',
      code: `
        #[derive(Deserialize)]
        pub struct AuthCallback { code: String, state: String, redirect: Option<String> }
        #[derive(Deserialize)]
        pub struct Params { next: String }
        async fn a(Query(query): Query<AuthCallback>) -> Result<Redirect, E> {
            let redirect_url = query.redirect.as_deref().unwrap_or("/");
            validate_redirect_url(redirect_url, ALLOWED)?;
            Ok(Redirect::to(&format!("{}?code=1", redirect_url)))
        }
        async fn b(Query(p): Query<Params>) -> Redirect { if !is_safe_redirect(&p.next) { return home(); } Redirect::to(&p.next) }
        async fn c(Query(p): Query<Params>) -> Redirect { let n = sanitize(&p.next); Redirect::to(&n) }
      `,
    },
    {
      name: 'values not from the request, non-redirect fields, logging',
      code: `
        #[derive(Deserialize)]
        pub struct AuthCallback { code: String, state: String, redirect: Option<String> }
        #[derive(Deserialize)]
        pub struct Params { next: String }
        fn a(next: usize) { Redirect::to(&format!("/page/{}", next)); }
        async fn b(Query(q): Query<AuthCallback>) -> Redirect { tracing::info!("redirect to {:?}", q.redirect); Redirect::to(&format!("/done?state={}", q.state)) }
        async fn c(State(s): State<App>) -> Redirect { Redirect::to(&s.next) }
      `,
    },
  ],
});
