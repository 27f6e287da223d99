import { defineRustRule } from '../../server/src/engine/rule';
import type { SyntaxNode } from '../../server/src/parsers/rust';

const LOCK_TYPE = /(^|[^\w])(Mutex|RwLock|ReentrantMutex|FairMutex)\s*</;
const LOCK_ORDER_DOC = /lock[\s-]*(order|ordering|hierarchy)|acquire[\s\S]{0,40}before|always lock/i;

/** Comments and doc attributes directly above an item. */
function leadingDocs(item: SyntaxNode): string {
  let text = '';
  let a = item.previousNamedSibling;
  while (a && (a.type === 'attribute_item' || a.type.endsWith('comment'))) { text = a.text + '\n' + text; a = a.previousNamedSibling; }
  return text;
}

export const rule = defineRustRule({
  meta: {
    id: 'multiple-locks-in-struct',
    title: 'Several locks in one struct',
    priority: 'P2',
    area: 'Reliability',
    nonTest: false,
    action: 'Merge the locks into one, or document the order in which they are taken',
    docs: {
      lang: 'rust',
      what: 'Flags a struct with two or more `Mutex`/`RwLock` fields (std, tokio, parking_lot; also inside `Arc<…>`) whose documentation does not state a lock order. The diagnostic is on the struct name.',
      why: 'With several locks in one struct, two methods that take them in different orders deadlock under load: each holds one lock and waits for the other. The service then hangs without crashing, and the bug only shows with real concurrency.',
      example: 'pub struct OAuth2Service {\n    providers: RwLock<HashMap<String, OAuth2Provider>>,\n    state_store: RwLock<HashMap<String, PendingAuth>>,\n    client_cache: RwLock<HashMap<String, BasicClient>>,\n}',
      useInstead: '/// Lock order: `providers` before `state_store` before `client_cache`.\npub struct OAuth2Service {\n    providers: RwLock<HashMap<String, OAuth2Provider>>,\n    state_store: RwLock<HashMap<String, PendingAuth>>,\n    client_cache: RwLock<HashMap<String, BasicClient>>,\n}\n\n// or one lock around the state that changes together:\npub struct OAuth2Service {\n    inner: RwLock<OAuth2State>,\n}',
      fixSafety: 'No automatic fix: merging locks or choosing an order needs a look at every method.',
      notes: 'A doc comment on the struct (or on a lock field) mentioning the "lock order" / "lock ordering" silences the rule.',
    },
  },
  mentions: /Mutex|RwLock/,
  candidates: [{
    pattern: /\bstruct\s+([A-Za-z_][A-Za-z0-9_]*)/dg, group: 1, nodeTypes: ['struct_item'], depth: 1, mainOnly: true,
    // Two lock types before the struct's closing brace (text first).
    accept: (m, ctx) => {
      const rest = ctx.doc.text.slice(m.index, m.index + 4000);
      const end = rest.search(/\n\}|^[^{]*;/);
      return (rest.slice(0, end < 0 ? rest.length : end).match(/(Mutex|RwLock)\s*</g) ?? []).length >= 2;
    },
  }],
  check(node, ctx) {
    const body = node.childForFieldName('body');
    if (!body || body.type !== 'field_declaration_list') return;
    const locks = body.namedChildren.filter((f) => f.type === 'field_declaration' && LOCK_TYPE.test(f.childForFieldName('type')?.text ?? ''));
    if (locks.length < 2) return;
    if (LOCK_ORDER_DOC.test(leadingDocs(node)) || body.namedChildren.some((c) => c.type.endsWith('comment') && LOCK_ORDER_DOC.test(c.text))) return;
    const name = node.childForFieldName('name');
    if (!name) return;
    const names = locks.map((f) => `\`${f.childForFieldName('name')?.text ?? '?'}\``).join(', ');
    ctx.reportNode(name,
      `\`${name.text}\` holds ${locks.length} locks (${names}) with no documented lock order: two code paths taking them in different orders deadlock under load. Merge them into one lock, or document the order (a "Lock order: …" doc comment) and follow it.`);
  },
});
