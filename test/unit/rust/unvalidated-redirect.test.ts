import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { crate, flaggedTexts } from '../../helpers/rust';

const ID = 'unvalidated-redirect';
const payload = '#[derive(Deserialize)]\npub struct AuthCallback { code: String, state: String, redirect: Option<String> }\n#[derive(Deserialize)]\npub struct Params { next: String }\n';

describe(ID, () => {
  describe('flags', () => {
    it('the seed 004 §1 snippet: let redirect_url = query.redirect…; format!("{}?code={}…", redirect_url, …)', () => {
      const src = payload + [
        'pub async fn oauth2_callback(Query(query): Query<AuthCallback>) -> Redirect {',
        '    let code = issue_code();',
        '    let state = query.state.clone();',
        '    let redirect_url = query.redirect.as_deref().unwrap_or("/");',
        '    Redirect::to(&format!("{}?code={}&state={}", redirect_url, code, state))',
        '}',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['redirect_url']);
      assert.strictEqual(findingsOf(crate(src), ID)[0].severity, 'error');
    });
    it('Redirect::to(&params.next), a destructured binding, a Form extractor, and a stored target', () => {
      const src = payload + [
        'async fn a(Query(params): Query<Params>) -> Redirect { Redirect::to(&params.next) }',
        'async fn b(Form(Login { return_to, .. }): Form<Login>) -> Redirect { Redirect::temporary(&return_to) }',
        'async fn c(q: Query<Cb>) -> Response { let s = Pending { redirect_uri: q.redirect_uri.clone() }; store(s) }',
        'async fn d(p: Params) -> Redirect { if let Some(n) = Some(p.next) { return Redirect::to(&n); } todo() }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), ['&params.next', '&return_to', 'redirect_uri: q.redirect_uri.clone()', '&n']);
    });
  });
  describe('does not flag', () => {
    it('a function that validates the target', () => {
      const src = payload + [
        'async fn a(Query(query): Query<AuthCallback>) -> Result<Redirect, E> {',
        '    let redirect_url = query.redirect.as_deref().unwrap_or("/");',
        '    validate_redirect_url(redirect_url, ALLOWED)?;',
        '    Ok(Redirect::to(&format!("{}?code=1", redirect_url)))',
        '}',
        'async fn b(Query(p): Query<Params>) -> Redirect { if !is_safe_redirect(&p.next) { return home(); } Redirect::to(&p.next) }',
        'async fn c(Query(p): Query<Params>) -> Redirect { let n = sanitize(&p.next); Redirect::to(&n) }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), []);
    });
    it('values not from the request, non-redirect fields, logging', () => {
      const src = payload + [
        'fn a(next: usize) { Redirect::to(&format!("/page/{}", next)); }',
        'async fn b(Query(q): Query<AuthCallback>) -> Redirect { tracing::info!("redirect to {:?}", q.redirect); Redirect::to(&format!("/done?state={}", q.state)) }',
        'async fn c(State(s): State<App>) -> Redirect { Redirect::to(&s.next) }',
      ].join('\n');
      assert.deepStrictEqual(flaggedTexts(crate(src), ID), []);
    });
  });
});
