import { leadingAttributes } from '../../server/src/core/parsers/rustSyntax';
import { ancestryOf } from '../shared/rust/ancestry';
import { defineRustRule, type RustRuleContext } from '../../server/src/core/engine/rule';
import { docMatches } from '../../server/src/core/engine/docText';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { macroTokenArgs } from '../../server/src/core/parsers/rustMacros';

/** Field or binding names of a redirect target taken from the request. */
const REDIRECT_NAME = /^(r#)?(redirect|redirect_?(uri|url|to|path)|return_?(to|url|uri|path)|next|next_?(url|uri|path)|callback_?(url|uri)|continue|continue_?(url|to))$/i;
/** Extractor types whose content comes straight from the request. */
const EXTRACTOR = /(^|::|<|\b)(Query|Form|Json|RawForm|Path)\s*</;
/** Call names that validate (or at least look at) the target. */
const VALIDATION = /validat|allow|is_safe|sanitiz|sanitis|check/i;
/** Macros that build text (a URL) from their arguments. */
const FORMAT_MACROS = new Set(['format', 'format_args', 'concat', 'write', 'writeln']);

/** Calls that wrap the value without using it. */
/** Calls that put a value into a page rather than send the user somewhere. */
/** Records of URLs the server itself calls (webhooks, subscriptions, notification endpoints): not redirect targets. */
const SERVER_CALLBACK = /hook|subscription|subscriber|notification|notifier|endpoint/i;
const RENDERS = /^(?:render\w*|\w*_(?:page|template|html|view)|template\w*)$/;
const TRANSPARENT = new Set(['Some', 'Ok', 'from', 'Owned', 'Borrowed', 'new', 'clone', 'to_string', 'to_owned', 'into']);

/** Any redirect-like word in text: the prefilter. */
const REDIRECT_TEXT = /redirect|return_?(to|url|uri|path)|\bnext|callback_?ur|\bcontinue/i;

function isRedirectName(name: string): boolean { return REDIRECT_NAME.test(name); }

/** Identifiers a parameter pattern binds. */
function boundNames(pattern: SyntaxNode, out: SyntaxNode[]): void {
  if (pattern.type === 'identifier') { out.push(pattern); return; }
  if (pattern.type === 'field_pattern') {
    const name = pattern.childForFieldName('name');
    const inner = pattern.childForFieldName('pattern');
    if (inner) boundNames(inner, out);
    else if (name) out.push(name);
    return;
  }
  if (pattern.type === 'shorthand_field_identifier') { out.push(pattern); return; }
  // `Some(x)`, `Ok(x)`, `Form(x)`: the tuple struct's name (its `type` field, an identifier for variants) binds nothing.
  const type = pattern.type === 'tuple_struct_pattern' || pattern.type === 'struct_pattern' ? pattern.childForFieldName('type') : null;
  for (const c of pattern.namedChildren) {
    if (c.type === 'type_identifier' || c.type === 'scoped_type_identifier' || c.type === 'scoped_identifier' || (type && c.id === type.id)) continue;
    boundNames(c, out);
  }
}

/** `#[derive(…Deserialize…)]` struct names in the file (request payloads). */
function deserializeStructs(root: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const s of root.descendantsOfType('struct_item')) {
    const name = s.childForFieldName('name');
    if (name && leadingAttributes(s).some((a) => /Deserialize/.test(a.text))) out.add(name.text);
  }
  return out;
}

const structCache = new WeakMap<object, Set<string>>();

interface Taint {
  /** Parameter bindings holding a request payload. */
  roots: Set<string>;
  /** Bindings holding the redirect target (destructured or derived). */
  vars: Set<string>;
}

/** Whether `node` (an identifier or field identifier, main tree) reads the redirect target. */
function readsTarget(node: SyntaxNode, t: Taint): boolean {
  const name = node.text;
  if (node.type === 'identifier' && t.vars.has(name)) {
    // Not the field name of `x.redirect` or `Foo { redirect: … }`.
    const prev = node.previousSibling;
    if (prev?.type === '.') return false;
    return true;
  }
  if (!isRedirectName(name)) return false;
  // `query.redirect` as a field expression, or as tokens inside a macro: `query . redirect`.
  if (node.type === 'field_identifier' && node.parent?.type === 'field_expression') {
    const value = node.parent.childForFieldName('value');
    return !!value && rootOf(value) !== undefined && t.roots.has(rootOf(value)!);
  }
  if (node.type === 'identifier' && node.parent?.type === 'token_tree') {
    const dot = node.previousSibling;
    const obj = dot?.previousSibling;
    return dot?.type === '.' && obj?.type === 'identifier' && t.roots.has(obj.text);
  }
  return false;
}

function rootOf(n: SyntaxNode): string | undefined {
  let x: SyntaxNode | null = n;
  while (x && x.type === 'field_expression') x = x.childForFieldName('value');
  if (x && (x.type === 'identifier' || x.type === 'self')) return x.text;
  return undefined;
}

/** The expression that carries the read at `node` up to the place it is used. */
function sinkOf(node: SyntaxNode): { kind: 'call' | 'macro' | 'store' | 'let' | 'validation' | 'other'; at: SyntaxNode; letPattern?: SyntaxNode; name?: string } {
  // Node objects made level by level as the walk climbs (it stops early).
  const chain = ancestryOf(node);
  let child = node;
  for (let i = 0, p = chain.node(0); p; child = p, p = chain.node(++i)) {
    switch (p.type) {
      case 'let_condition':
        if (p.childForFieldName('value')?.id === child.id) return { kind: 'let', at: child, letPattern: p.childForFieldName('pattern') ?? undefined };
        return { kind: 'other', at: child };
      case 'let_declaration':
        if (p.childForFieldName('value')?.id === child.id) return { kind: 'let', at: child, letPattern: p.childForFieldName('pattern') ?? undefined };
        return { kind: 'other', at: child };
      case 'arguments': {
        const call = p.parent;
        const fn = call?.childForFieldName('function');
        const name = fn ? (fn.type === 'field_expression' ? fn.childForFieldName('field')?.text : fn.text) ?? '' : '';
        if (VALIDATION.test(name) || fn && VALIDATION.test(fn.text)) return { kind: 'validation', at: child };
        // Wrappers that keep the value: follow it further (`Some(q.next)`, `String::from(q.next)`).
        if (call && TRANSPARENT.has(name.split('::').pop() ?? '')) { child = call; p = call; continue; }
        // Rendered into a page (`render_login(…, next)`): the template escapes it and a later request carries it back.
        if (RENDERS.test(name.split('::').pop() ?? '')) return { kind: 'other', at: child };
        return { kind: 'call', at: child, name };
      }
      case 'field_expression': {
        // A method call on the target: `redirect.starts_with(…)` / `is_safe_redirect(&r)` style checks.
        const field = p.childForFieldName('field');
        if (field && p.childForFieldName('value')?.id === child.id && VALIDATION.test(field.text)) return { kind: 'validation', at: child };
        break;
      }
      case 'field_initializer':
      case 'shorthand_field_initializer': {
        // Stored in a webhook or subscription (`Webhook { callback_url, … }`): the server calls it, no browser is sent there.
        const struct = p.parent?.parent;
        if (struct?.type === 'struct_expression' && SERVER_CALLBACK.test(struct.childForFieldName('name')?.text ?? '')) return { kind: 'other', at: p };
        return { kind: 'store', at: p };
      }
      case 'assignment_expression':
        if (p.childForFieldName('right')?.id === child.id) return { kind: 'store', at: child };
        return { kind: 'other', at: child };
      case 'token_tree': {
        // Inside a macro: find the macro's name (outermost or nested).
        let tt: SyntaxNode = p;
        while (tt.parent?.type === 'token_tree') {
          const bang = tt.previousSibling;
          if (bang?.type === '!' && bang.previousSibling?.type === 'identifier') break;
          tt = tt.parent;
        }
        const bang = tt.previousSibling;
        const macroName = tt.parent?.type === 'macro_invocation' ? tt.parent.childForFieldName('macro')?.text.split('::').pop() : bang?.type === '!' ? bang.previousSibling?.text : undefined;
        if (macroName && FORMAT_MACROS.has(macroName)) {
          // Only the argument that starts the URL picks the destination: not \`format!("/login?error={}", msg)\`.
          if (macroName !== 'concat' && !startsTheUrl(tt, node, macroName)) return { kind: 'other', at: node };
          return { kind: 'macro', at: node, name: macroName };
        }
        if (macroName && VALIDATION.test(macroName)) return { kind: 'validation', at: node };
        return { kind: 'other', at: node };
      }
      case 'block': case 'expression_statement': case 'function_item': case 'closure_expression':
        return { kind: 'other', at: child };
    }
  }
  return { kind: 'other', at: child };
}

/**
 * Whether the format argument holding \`node\` fills a placeholder with nothing before it but a
 * scheme (\`"{}?code={}"\`, \`"https://{}/cb"\`): that argument chooses where the user goes. A value
 * after a fixed path or in the query (\`"/login?next={}"\`) is data, not the destination.
 */
function startsTheUrl(tt: SyntaxNode, node: SyntaxNode, macroName: string): boolean {
  const args = macroTokenArgs(tt);
  const fmtIndex = macroName === 'write' || macroName === 'writeln' ? 1 : 0;
  const fmt = args[fmtIndex];
  if (!fmt || fmt.tokens.length !== 1 || !/string_literal$/.test(fmt.tokens[0].type)) return true;
  const k = args.findIndex((a) => a.start <= node.startIndex && node.endIndex <= a.end);
  if (k <= fmtIndex) return true;
  const arg = args[k];
  const named = arg.tokens.length > 2 && arg.tokens[0].type === 'identifier' && arg.tokens[1].type === '=' ? arg.tokens[0].text : undefined;
  const position = k - fmtIndex - 1;
  const text = fmt.tokens[0].text.replace(/^r?#*"/, '').replace(/"#*$/, '');
  let next = 0;
  const re = /\{\{|\}\}|\{([^{}:]*)(?::[^{}]*)?\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '{{' || m[0] === '}}') continue;
    const ref = m[1].trim();
    const uses = ref === '' ? next++ === position : /^\d+$/.test(ref) ? Number(ref) === position : ref === named;
    if (!uses) continue;
    const prefix = text.slice(0, m.index).trim();
    return prefix === '' || /^([a-z][a-z0-9+.-]*:)?\/\/$/i.test(prefix);
  }
  return true;
}

/** Uses of a value in a condition that are no check: \`if redirect.is_some()\`. */
const NOT_A_CHECK = /^(is_some|is_none|is_empty|is_ok|is_err|len|as_ref|as_deref|clone)$/;

/**
 * The \`if\` whose condition tests the target (\`if !next.starts_with('/') { return … }\`,
 * \`if ALLOWED.contains(&next)\`, \`if next != "/home"\`), when \`node\` is read in such a condition.
 */
function checkingIf(node: SyntaxNode, body: SyntaxNode): SyntaxNode | undefined {
  let child = node;
  for (let p = node.parent; p && p.id !== body.id; child = p, p = p.parent) {
    if (p.type === 'let_condition' || p.type === 'let_declaration' || p.type === 'closure_expression') return undefined;
    if (p.type === 'field_expression' && p.childForFieldName('value')?.id === child.id && NOT_A_CHECK.test(p.childForFieldName('field')?.text ?? '')) return undefined;
    // `if next != ""`: an emptiness test, no check of where it points.
    if (p.type === 'binary_expression' && [p.childForFieldName('left'), p.childForFieldName('right')].some((o) => o?.text === '""')) return undefined;
    if (p.type === 'if_expression') return p.childForFieldName('condition')?.id === child.id ? p : undefined;
    if (p.type === 'block' || p.type === 'expression_statement') return undefined;
  }
  return undefined;
}

/** A branch that leaves the function: \`return\`, \`Err(…)\`, \`bail!\`, \`?\`. */
const EARLY_EXIT = /\breturn\b|\bErr\s*\(|\bbail!|\?\s*;/;

/** `fn from`/`fn try_from` of an `impl From<…>`/`impl TryFrom<…>`. */
function isConversionImpl(fn: SyntaxNode): boolean {
  const chain = ancestryOf(fn);
  const impl = chain.node(chain.indexOf('impl_item'));
  return /^(?:[\w:]*::)?(?:Try)?From\s*</.test(impl?.childForFieldName('trait')?.text ?? '');
}

function checkFunction(fn: SyntaxNode, ctx: RustRuleContext): void {
  const params = fn.childForFieldName('parameters');
  const body = fn.childForFieldName('body');
  if (!params || !body || params.namedChildCount === 0 || params.namedChildCount === 1 && params.namedChildren[0].type === 'self_parameter') return;
  // A type conversion (`impl From<HttpFrontend> for RequestHttpFrontend`) copies fields of a value, wherever it came from: not a handler.
  if (/^(?:try_)?from$/.test(fn.childForFieldName('name')?.text ?? '') && isConversionImpl(fn)) return;
  // The body must mention a redirect-like name (cheap text test before any tree walk).
  if (!REDIRECT_TEXT.test(ctx.doc.text.slice(body.startIndex, body.endIndex)) && !REDIRECT_TEXT.test(ctx.doc.text.slice(params.startIndex, params.endIndex))) return;
  let structs = structCache.get(ctx.doc);
  if (!structs) { structs = docMatches(ctx.doc, /Deserialize/) ? deserializeStructs(ctx.doc.tree.rootNode) : new Set(); structCache.set(ctx.doc, structs); }
  const t: Taint = { roots: new Set(), vars: new Set() };
  for (const p of params.namedChildren) {
    if (p.type !== 'parameter') continue;
    const type = p.childForFieldName('type')?.text ?? '';
    const typeName = type.replace(/^&\s*(mut\s+)?/, '').split('::').pop() ?? '';
    if (!EXTRACTOR.test(type) && !structs.has(typeName)) continue;
    const pattern = p.childForFieldName('pattern');
    if (!pattern) continue;
    const names: SyntaxNode[] = [];
    boundNames(pattern, names);
    for (const n of names) {
      if (isRedirectName(n.text)) t.vars.add(n.text);
      else t.roots.add(n.text);
    }
  }
  if (t.roots.size === 0 && t.vars.size === 0) return;
  const reads = body.descendantsOfType(['identifier', 'field_identifier']);
  // One pass in document order: `let` bindings derived from the target become targets too.
  const sinks: { at: SyntaxNode; kind: string; name?: string }[] = [];
  let validated = false;
  const checks: SyntaxNode[] = [];
  for (const n of reads) {
    if (!readsTarget(n, t)) continue;
    const check = checkingIf(n, body);
    if (check) { checks.push(check); continue; }
    const s = sinkOf(n);
    if (s.kind === 'validation') { validated = true; continue; }
    if (s.kind === 'let') {
      const names: SyntaxNode[] = [];
      if (s.letPattern) boundNames(s.letPattern, names);
      for (const x of names) t.vars.add(x.text);
      continue;
    }
    if (s.kind === 'call' || s.kind === 'macro' || s.kind === 'store') sinks.push(s);
  }
  if (validated) return;
  // A condition on the target with an early exit, or the use itself under the checking \`if\`.
  const branchesExit = (i: SyntaxNode) => [i.childForFieldName('consequence'), i.childForFieldName('alternative')].some((b) => !!b && EARLY_EXIT.test(b.text));
  if (checks.some(branchesExit)) return;
  const kept = sinks.filter((s) => !checks.some((i) => i.startIndex <= s.at.startIndex && s.at.endIndex <= i.endIndex));
  sinks.length = 0;
  sinks.push(...kept);
  // A handler with a JSON body is called by fetch/XHR (a link or a cross-site form cannot send one):
  // a redirect status it answers is followed inside that request and never moves the browser.
  const jsonBody = params.namedChildren.some((p) => p.type === 'parameter' && JSON_BODY.test(p.childForFieldName('type')?.text ?? ''));
  // Validation written after the use still counts (a helper called on the target anywhere in the fn).
  for (const s of sinks) {
    const method = (s.name ?? '').split('::').pop() ?? '';
    const redirectResponse = s.kind === 'call' && (REDIRECT_CALL.test(method) || LOCATION_HEADER.test(s.name ?? ''));
    const what = s.kind === 'macro' ? `built into a URL by \`${s.name}!\`` : s.kind === 'store' ? 'stored' : REDIRECT_CALL.test(method) ? `used as the redirect target of \`${s.name}\`` : `passed on to \`${s.name}\``;
    const shown = s.at.text.length > 40 ? s.at.text.slice(0, 37) + '…' : s.at.text;
    if (jsonBody && redirectResponse) {
      ctx.reportNode(s.at,
        `The redirect target \`${shown}\` comes from the request and is ${what} without validation, but the handler takes a JSON body: only fetch/XHR can call it, and a redirect answered to them never moves the browser. Validate it anyway if a page ever navigates to it.`,
        { tier: 'hygiene' });
      continue;
    }
    ctx.reportNode(s.at,
      `The redirect target \`${shown}\` comes from the request and is ${what} without validation: an attacker can send users (and OAuth codes) to any site (open redirect, CWE-601). Accept only relative paths or an allow-list of hosts before using it.`);
  }
}

/** A JSON request-body extractor: `web::Json<Login>`, `Json<Payload>`, `axum::Json<T>`. */
const JSON_BODY = /(?:^|::|\b)Json\s*</;
/** Calls that answer with a redirect status: `Redirect::to`, `HttpResponse::Found`, `.redirect(…)`. */
const REDIRECT_CALL = /^(?:to|temporary|permanent|see_other|redirect|found)$/;
/** A `Location` header set by hand: `.append_header((header::LOCATION, target))`. */
const LOCATION_HEADER = /^(?:append_header|insert_header|header)$/;

export const rule = defineRustRule({
  meta: {
    id: 'unvalidated-redirect',
    title: 'Unvalidated redirect target',
    priority: 'P0',
    area: 'Security',
    nonTest: true,
    action: 'Validate redirect targets from requests against an allow-list (or accept relative paths only)',
    docs: {
      lang: 'rust',
      what: 'Flags a redirect-like request input (a field or binding named `redirect`, `redirect_uri`, `redirect_url`, `return_to`, `next`, `callback_url`, `continue`) taken from an extractor (`Query`, `Form`, `Json`, or a `#[derive(Deserialize)]` struct parameter) that reaches `Redirect::to/temporary/permanent`, a `format!` building a URL, another call or a stored field, in a function that never passes it through a validation call (a call whose name or receiver contains `validat`, `allow`, `is_safe`, `sanitize` or `check`) nor tests it in an `if` with an early exit. The diagnostic is on the place the target is passed on. A target stored in a webhook or subscription record (`Webhook { callback_url, … }`, `Subscription`, `NotificationEndpoint`) is a URL the server calls (an SSRF question), not a redirect. Passing the target to a function that renders a page (`render…`, `…_page`, `…_template`, `…_html`, `…_view`) is not a redirect: the template escapes it, and the request that carries it back is checked where it redirects. Nor is a `From`/`TryFrom` conversion copying a `redirect` field from one type to another: the handler that takes the value is where it is checked.',
      why: 'An open redirect lets an attacker craft a link on your domain that lands on theirs: convincing phishing, and in OAuth flows the authorisation code or token is delivered to the attacker (`?redirect=https://evil.example`).',
      example: 'async fn callback(Query(query): Query<AuthCallback>) -> Redirect {\n    let redirect_url = query.redirect.as_deref().unwrap_or("/");\n    Redirect::to(&format!("{}?code={}&state={}", redirect_url, code, state))\n}',
      useInstead: 'fn validate_redirect_url(url: &str, allowed_hosts: &[&str]) -> Result<(), Error> {\n    if url.starts_with(\'/\') && !url.starts_with("//") { return Ok(()); }\n    let parsed = Url::parse(url)?;\n    if !allowed_hosts.contains(&parsed.host_str().unwrap_or("")) {\n        return Err(Error::InvalidRedirect);\n    }\n    Ok(())\n}\n\nasync fn callback(Query(query): Query<AuthCallback>) -> Result<Redirect, Error> {\n    let redirect_url = query.redirect.as_deref().unwrap_or("/");\n    validate_redirect_url(redirect_url, ALLOWED_HOSTS)?;\n    Ok(Redirect::to(&format!("{}?code={}&state={}", redirect_url, code, state)))\n}',
      fixSafety: 'No automatic fix: the allowed hosts are an application decision. The example shows a validator.',
      notes: 'The analysis follows `let` bindings inside one function (`let redirect_url = query.redirect.as_deref().unwrap_or("/")`) and arguments of macros such as `format!`. Validated, not flagged: a target tested in an `if` condition (`starts_with(\'/\')`, an allow-list `contains`, an equality) whose branch returns early (`return`, `Err(…)`, `?`), or used only inside the branches of that `if`; `is_some()`/emptiness tests are no check. In `format!`, only the argument that starts the URL (nothing but a scheme before its placeholder) is the target: `format!("/login?next={}&error={}", next, msg)` sends the user to a fixed path. Logging the target is not a use. Audit profile only (hygiene): a redirect response (`Redirect::to`, a `Location` header) answered by a handler that takes a JSON body (`Json<…>`): only fetch/XHR can send one, and a redirect answered to them is followed inside that request, never by the browser window. Test code is exempt.',
    },
  },
  mentions: REDIRECT_TEXT,
  // The fns around each redirect-like name.
  candidates: [{ pattern: new RegExp(REDIRECT_TEXT.source, 'gi'), nodeTypes: ['function_item'], depth: 64, mainOnly: true }],
  check: checkFunction,
});
