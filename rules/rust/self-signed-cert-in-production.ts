import { leadingAttributes } from '../../server/src/core/parsers/rustSyntax';
import { ancestryOf } from '../shared/rust/ancestry';
import { defineRustRule } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import { asMethodCall } from '../shared/rust/functions';
import { calleePath, lastSegment } from '../shared/rust/paths';

/** Words in a condition, attribute or fn name that mark development-only code (or a production check). */
const DEV_GUARD = /\b(dev|devel|development|debug|debug_assertions|local|localhost|insecure|self_?signed|allow_self_signed|test|testing|production|prod|is_prod\w*|is_dev\w*|environment|env)\b|dev_|_dev\b|Dev|Prod/;

/** True when an `if` condition, a `#[cfg(…)]` or the fn's name around `node` marks it development-only. */
function isGuarded(node: SyntaxNode): boolean {
  // Node objects made level by level as the walk climbs (it stops early).
  const chain = ancestryOf(node);
  let child = node;
  for (let i = 0, p = chain.node(0); p; child = p, p = chain.node(++i)) {
    if (p.type === 'if_expression') {
      const cond = p.childForFieldName('condition');
      if (cond && cond.id !== child.id && DEV_GUARD.test(cond.text)) return true;
    }
    if (p.type === 'match_arm' && DEV_GUARD.test(p.childForFieldName('pattern')?.text ?? '')) return true;
    if (p.type === 'match_expression' && DEV_GUARD.test(p.childForFieldName('value')?.text ?? '')) return true;
    // `#[cfg(debug_assertions)]` / `#[cfg(feature = "dev")]` on the statement or item.
    if (leadingAttributes(p).some((a) => /cfg/.test(a.text) && DEV_GUARD.test(a.text))) return true;
    if (p.type === 'function_item') {
      const name = p.childForFieldName('name')?.text ?? '';
      if (/(^|_)(dev|devel|development|local|insecure|test|testing)(_|$)/.test(name)) return true;
      // The fn checks the environment before generating: `if is_production() { bail!(…) }`.
      const body = p.childForFieldName('body');
      if (body && /\bif\b[^{]*\b(production|prod|is_prod\w*)\b[^{]*\{[^}]*\b(bail!|return\s+Err|panic!|Err\s*\()/.test(body.text)) return true;
      // Keep climbing: an `impl`/`mod` under `#[cfg(…dev…)]` also guards.
    }
  }
  return false;
}

export const rule = defineRustRule({
  meta: {
    id: 'self-signed-cert-in-production',
    title: 'Self-signed certificate outside a development guard',
    priority: 'P1',
    area: 'Security',
    nonTest: true,
    action: 'Refuse self-signed certificates in production; require configured certificate and key paths',
    docs: {
      lang: 'rust',
      what: 'Flags self-signed certificate generation (`rcgen::generate_simple_self_signed`, `CertificateParams::…self_signed(…)`) in non-test code that is not under a development or production check: an `if`/`match` on a dev/debug/production flag, `#[cfg(debug_assertions)]`, or a fn whose name says dev/test/insecure.',
      why: 'A server that silently generates a self-signed certificate when none is configured runs in production with a certificate no client can verify: clients either fail, or are configured to skip verification, which removes the protection against man-in-the-middle attacks. Operators do not notice because nothing fails at startup.',
      example: 'if !cert_path.exists() {\n    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()])?;\n    std::fs::write(&cert_path, cert.cert.der())?;\n}',
      useInstead: 'if !cert_path.exists() {\n    if config.production {\n        anyhow::bail!("TLS certificate {} missing: production requires a CA-signed certificate", cert_path.display());\n    }\n    tracing::warn!("generating a self-signed certificate (development mode)");\n    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()])?;\n    std::fs::write(&cert_path, cert.cert.der())?;\n}',
      fixSafety: 'No automatic fix: the production switch (flag, environment variable, profile) is an application decision.',
      notes: 'The guard check reads conditions, `cfg` attributes and fn names around the call; a production check in the same fn that returns an error also counts. Test code is exempt.',
    },
  },
  mentions: /self_signed|from_params/,
  candidates: [{ pattern: /\b(generate_simple_self_signed|self_signed|from_params)\s*(?:::\s*<[^()]*?>\s*)?\(/dg, group: 1, nodeTypes: ['call_expression'], depth: 3 }],
  check(node, ctx) {
    let at: SyntaxNode | undefined;
    const path = calleePath(node);
    if (path && lastSegment(path) === 'generate_simple_self_signed') at = node.childForFieldName('function') ?? undefined;
    const m = asMethodCall(node);
    if (!at && m && (m.name === 'self_signed' || m.name === 'serialize_der' && /self_signed/.test(m.receiver.text))) at = m.method;
    if (!at && path && /(^|::)Certificate::from_params$|(^|::)(Certificate|CertificateParams)::self_signed$/.test(path)) at = node.childForFieldName('function') ?? undefined;
    if (!at) return;
    if (isGuarded(ctx.host(node))) return;
    ctx.reportNode(at,
      'A self-signed certificate is generated with no development/production check: in production the server silently serves a certificate clients cannot verify (or clients are told to skip verification). Generate it only in an explicit development mode and require a CA-signed certificate otherwise.');
  },
});
