import { itemPrefix } from '../../server/src/core/parsers/rustSyntax';
import { ancestryOf } from '../shared/rust/ancestry';
import { defineRustRule } from '../../server/src/core/engine/rule';
import type { SyntaxNode } from '../../server/src/core/parsers/rust';
import type { RustDocument } from '../../server/src/core/parsers/document';
import { guardSites, type GuardSite } from '../shared/rust/lockGuards';

const LOCK_TYPE = /(^|[^\w])(Mutex|RwLock|ReentrantMutex|FairMutex)\s*</;
/** Words of a doc that ties one lock to another: serialized by, guarded by, taken after/before/under, while holding. */
const RELATION_DOC = /serializ|guarded by|protected by|\b(?:taken|acquired|locked|held)\s+(?:after|before|under|inside|while)|while holding|only under/i;
const LOCK_ORDER_DOC = /lock[\s-]*(order|ordering|hierarchy)|acquire[\s\S]{0,40}before|always lock/i;

/** Comments and doc attributes directly above an item. */
function leadingDocs(item: SyntaxNode): string {
  return itemPrefix(item).reverse().map((a) => a.text + '\n').join('');
}

/** Two guards of different locks held at once: `first` is alive when `second` is taken (directly, or in a `self.method()` called meanwhile). */
interface HeldTogether { first: GuardSite; second: GuardSite; via?: string }

/**
 * How the file nests the struct's guards: the first place each ordered pair of locks is held
 * together, and a pair also taken the other way round (`reverse`: the deadlock the rule is about).
 */
interface Nesting { first: HeldTogether; reverse?: HeldTogether }

/** The type of the `impl` block around a node (`Foo` for `impl<T> Trait for Foo<T>`). */
function enclosingImplType(node: SyntaxNode): string | undefined {
  const chain = ancestryOf(node);
  const impl = chain.node(chain.indexOf('impl_item'));
  return impl?.childForFieldName('type')?.text.replace(/<[\s\S]*$/, '').split('::').pop()?.trim();
}

function enclosingFnName(node: SyntaxNode): string | undefined {
  const chain = ancestryOf(node);
  return chain.node(chain.indexOf('function_item'))?.childForFieldName('name')?.text;
}

const SELF_CALL = /\bself\s*\.\s*([A-Za-z_]\w*)\s*(?:::\s*<[^()]*?>\s*)?\(/g;

/** Per document, per struct name and lock set: a struct repeated in a file is judged once. */
const heldMemo = new WeakMap<RustDocument, Map<string, Nesting | undefined>>();

/** Where this file holds guards of two of `locks` at the same time, and whether two places do it in opposite orders. */
function heldTogether(doc: RustDocument, struct: string, locks: ReadonlySet<string>): Nesting | undefined {
  let byStruct = heldMemo.get(doc);
  if (!byStruct) { byStruct = new Map(); heldMemo.set(doc, byStruct); }
  const key = `${struct}\0${[...locks].sort().join(',')}`;
  if (!byStruct.has(key)) byStruct.set(key, findHeldTogether(doc, struct, locks));
  return byStruct.get(key);
}

function findHeldTogether(doc: RustDocument, struct: string, locks: ReadonlySet<string>): Nesting | undefined {
  // `self.<lock>` in an impl of another type is that type's field.
  const sites = guardSites(doc).filter((s) => locks.has(s.key) && !(s.receiver === `self.${s.key}` && enclosingImplType(s.call) !== struct));
  if (new Set(sites.map((s) => s.key)).size < 2) return undefined;
  // Ordered pairs `held → taken`, each with the first place (in file order of the held guard) it happens.
  const pairs = new Map<string, HeldTogether>();
  const note = (h: HeldTogether) => { const k = `${h.first.key}\0${h.second.key}`; if (!pairs.has(k)) pairs.set(k, h); };
  // For each guard, the first site of another lock whose call starts while it is held: the calls
  // sorted by start, each guard's span found by bisection (every pair compared was quadratic).
  const starts = sites.map((s) => s.call.startIndex);
  const ids = sites.map((s) => s.call.id);
  const byStart = sites.map((_, i) => i).sort((x, y) => starts[x] - starts[y]);
  for (let ai = 0; ai < sites.length; ai++) {
    const a = sites[ai];
    let lo = 0, hi = byStart.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (starts[byStart[mid]] < a.start) lo = mid + 1; else hi = mid; }
    let first = -1;
    for (let k = lo; k < byStart.length && starts[byStart[k]] < a.end; k++) {
      const bi = byStart[k];
      // Taken after this guard (a temporary's span starts with its statement, before its own call).
      if (sites[bi].key !== a.key && ids[bi] !== ids[ai] && starts[bi] > starts[ai] && (first < 0 || bi < first)) first = bi;
    }
    if (first >= 0) note({ first: a, second: sites[first] });
  }
  // One call deep: `let g = self.a.lock(); self.helper();` where `helper` takes a guard of another lock.
  const byFn = new Map<string, GuardSite[]>();
  for (const s of sites) {
    const name = enclosingFnName(s.call);
    if (name) byFn.set(name, [...byFn.get(name) ?? [], s]);
  }
  for (const a of sites) {
    const from = Math.max(a.start, a.call.endIndex);
    const text = doc.text.slice(from, Math.max(from, a.end));
    SELF_CALL.lastIndex = 0;
    for (let m: RegExpExecArray | null; (m = SELF_CALL.exec(text));) {
      const other = byFn.get(m[1])?.find((s) => s.key !== a.key);
      if (other && enclosingFnName(a.call) !== m[1]) note({ first: a, second: other, via: m[1] });
    }
  }
  const found = [...pairs.values()].sort((x, y) => x.first.start - y.first.start);
  if (found.length === 0) return undefined;
  for (const h of found) {
    const reverse = pairs.get(`${h.second.key}\0${h.first.key}`);
    if (reverse) return { first: h, reverse };
  }
  return { first: found[0] };
}

/** `f` (line 8) holds `a` while taking `b` */
function describe(h: HeldTogether): string {
  return `\`${enclosingFnName(h.first.call) ?? 'a function'}\` (line ${h.first.call.startPosition.row + 1}) holds \`${h.first.key}\` while ${h.via ? `calling \`${h.via}\`, which takes` : 'taking'} \`${h.second.key}\``;
}

export const rule = defineRustRule({
  meta: {
    id: 'multiple-locks-in-struct',
    title: 'Several locks in one struct',
    priority: 'P2',
    area: 'Reliability',
    serverOnly: true,
    nonTest: false,
    action: 'Merge the locks into one, or document the order in which they are taken',
    docs: {
      lang: 'rust',
      what: 'Flags a struct with two or more `Mutex`/`RwLock` fields (std, tokio, parking_lot; also inside `Arc<…>`) whose documentation does not state a lock order, when the file takes two of them in opposite orders: one function holds a guard of `a` while taking `b`, another holds `b` while taking `a`. The diagnostic is on the struct name and names both places.',
      why: 'With several locks in one struct, two methods that take them in different orders deadlock under load: each holds one lock and waits for the other. The service then hangs without crashing, and the bug only shows with real concurrency.',
      example: 'pub struct OAuth2Service {\n    providers: RwLock<HashMap<String, OAuth2Provider>>,\n    state_store: RwLock<HashMap<String, PendingAuth>>,\n    client_cache: RwLock<HashMap<String, BasicClient>>,\n}\n\nimpl OAuth2Service {\n    async fn exchange(&self, name: &str, state: &str) {\n        let providers = self.providers.read().await;\n        let mut states = self.state_store.write().await; // `providers` still held\n        states.remove(state);\n    }\n\n    async fn expire(&self) {\n        let mut states = self.state_store.write().await;\n        let providers = self.providers.read().await; // the other order: deadlocks against `exchange`\n        states.retain(|_, s| providers.contains_key(&s.provider));\n    }\n}',
      useInstead: '/// Lock order: `providers` before `state_store` before `client_cache`.\npub struct OAuth2Service {\n    providers: RwLock<HashMap<String, OAuth2Provider>>,\n    state_store: RwLock<HashMap<String, PendingAuth>>,\n    client_cache: RwLock<HashMap<String, BasicClient>>,\n}\n\n// or one lock around the state that changes together:\npub struct OAuth2Service {\n    inner: RwLock<OAuth2State>,\n}',
      fixSafety: 'No automatic fix: merging locks or choosing an order needs a look at every method.',
      notes: 'A doc comment on the struct (or on a lock field) mentioning the "lock order" / "lock ordering" silences the rule, as does a lock field\'s doc tying it to another lock field by name ("writes are serialized by `fetching`", "taken after `state`", "guarded by", "while holding"). Two guards are held together when a guard bound by `let` is still alive (to the end of its block, or its `drop(guard)` in that block) when the other lock is taken, directly or in a `self.method()` that takes it; temporary guards (`*self.a.read()`) live for their statement only. Hygiene (audit profile only): a struct whose guards the file nests in one order only (`a` held while taking `b`, never the reverse), and one whose guards no function holds together. No deadlock is possible between those two locks today, but the next change can add one; documenting the order keeps it that way. The reading is per file: an order taken in another file is not seen.',
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
    const fieldNames = locks.map((f) => f.childForFieldName('name')?.text ?? '?');
    // A lock's doc naming another lock it is taken under (`writes are serialized by \`fetching\``) states the order.
    if (body.namedChildren.some((c) => c.type.endsWith('comment') && RELATION_DOC.test(c.text) && fieldNames.some((f) => c.text.includes(`\`${f}\``)))) return;
    const names = fieldNames.map((n) => `\`${n}\``).join(', ');
    const nesting = heldTogether(ctx.doc, name.text, new Set(fieldNames));
    // A deadlock needs two places taking two locks in opposite orders; one order alone is a convention to write down.
    const where = !nesting
      ? ' No function in this file holds two of them at once today.'
      : nesting.reverse
        ? ` ${describe(nesting.first)}, and ${describe(nesting.reverse)}: two tasks running them at once can each hold one lock and wait forever for the other.`
        : ` ${describe(nesting.first)}; nothing in this file takes them the other way round today.`;
    ctx.reportNode(name,
      `\`${name.text}\` holds ${locks.length} locks (${names}) with no documented lock order: two code paths taking them in different orders deadlock under load.${where} Merge them into one lock, or document the order (a "Lock order: …" doc comment) and follow it.`,
      nesting?.reverse ? undefined : { tier: 'hygiene' });
  },
});
