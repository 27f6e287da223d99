import { RUST_CRATE } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('unvalidated-redirect', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
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
  ],
  valid: [
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
