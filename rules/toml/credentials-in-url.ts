import { defineDocumentRule } from '../../server/src/engine/rule';
import type { ParsedDocument } from '../../server/src/parsers/document';
import { tomlEntries } from '../../server/src/parsers/toml';
import { isMap, isPair, isScalar, isSeq, type YamlNode } from '../../server/src/parsers/yaml';
import type { Range } from '../../server/src/engine/types';

/** `scheme://user:password@` with a non-empty password. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/:@'"]*):([^\s/@'"]+)@/gi;

/** A password that is a reference to a value supplied elsewhere, not a credential. */
function isPlaceholderPassword(pw: string): boolean {
  return /^\$\{[^}]*\}$/.test(pw) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(pw) || /^\{\{.*\}\}$/.test(pw) || /^%\(.*\)s$/.test(pw)
    || /^<[^<>]*>$/.test(pw) || /^\*+$/.test(pw) || /^x{3,}$/i.test(pw) || /^\$\(.+\)$/.test(pw) || /^%[A-Z_]+%$/.test(pw);
}

export interface UrlCredential { scheme: string; user: string; offset: number; length: number }

/** The `user:password` parts of the URLs in `s` that embed a literal password. */
function urlCredentials(s: string): UrlCredential[] {
  const out: UrlCredential[] = [];
  for (const m of s.matchAll(URL_CREDENTIALS)) {
    const [, scheme, user, pw] = m;
    if (isPlaceholderPassword(pw) || /\$\{/.test(pw)) continue;
    const at = m.index! + scheme.length + 3;
    out.push({ scheme, user, offset: at, length: user.length + 1 + pw.length });
  }
  return out;
}

/** CI workflow files: their service containers use throw-away credentials by design. */
function isCiFile(path: string): boolean {
  return /^\.(github|gitea|forgejo)\/workflows\//.test(path) || path === '.gitlab-ci.yml' || path.startsWith('.circleci/');
}

interface Value { text: string; start: number; end: number }

function values(doc: ParsedDocument): Value[] {
  const out: Value[] = [];
  switch (doc.kind) {
    case 'toml':
      if (!doc.toml.ast) break;
      for (const e of tomlEntries(doc.toml.ast)) {
        const push = (n: typeof e.value) => { if (n.type === 'TOMLValue' && n.kind === 'string') out.push({ text: n.value, start: n.range[0], end: n.range[1] }); };
        push(e.value);
        if (e.value.type === 'TOMLArray') e.value.elements.forEach(push);
      }
      break;
    case 'env':
      for (const e of doc.entries) out.push({ text: e.value, start: doc.index.offsetAt(e.valueRange.start), end: doc.index.offsetAt(e.valueRange.end) });
      break;
    case 'yaml': {
      const walk = (n: unknown): void => {
        if (!n) return;
        if (isScalar(n)) {
          if (typeof n.value === 'string' && n.range) out.push({ text: n.value, start: n.range[0], end: n.range[1] });
        } else if (isMap(n) || isSeq(n)) {
          for (const item of n.items) walk(item);
        } else if (isPair(n)) {
          walk(n.value);
        }
      };
      for (const d of doc.yaml.documents) walk(d.contents as YamlNode | null);
      break;
    }
    default:
      break;
  }
  return out;
}

export const rule = defineDocumentRule({
  meta: {
    id: 'credentials-in-url',
    title: 'Credentials embedded in a URL',
    priority: 'P1',
    area: 'Security',
    nonTest: true,
    action: 'Take passwords out of connection URLs; supply them from a secret',
    docs: {
      lang: 'toml',
      what: 'Flags a URL with `user:password@` in config values: TOML files, YAML (compose, Kubernetes, Helm values) and `.env` files. `${VAR}`/`$VAR`/`{{ … }}` placeholders and `user@host` without a password are not flagged.',
      why: 'A password inside a connection string is committed with the file, shows up in `docker inspect`, process lists, logs of the URL and error messages that echo it (sqlx and reqwest errors do), and cannot be rotated without a code change.',
      example: 'database_url = "postgres://synctv:hunter2@db:5432/synctv"',
      useInstead: '# the URL without the password; the password from a secret\ndatabase_url = "postgres://synctv@db:5432/synctv"\n# PGPASSWORD / DATABASE_PASSWORD_FILE=/run/secrets/db_password',
      fixSafety: 'No quick-fix: the password has to move to a secret store or environment variable the deployment provides.',
      notes: 'CI workflow files (`.github/workflows`, `.gitlab-ci.yml`) and test/fixture paths are skipped: their service containers use throw-away credentials.',
    },
  },
  fileKinds: ['toml', 'yaml', 'env'],
  check(ctx) {
    const doc = ctx.doc;
    if (isCiFile(doc.path)) return;
    if (doc.kind === 'toml' && (doc.path === 'Cargo.lock' || doc.path.endsWith('/Cargo.lock'))) return;
    for (const v of values(doc)) {
      const creds = urlCredentials(v.text);
      if (creds.length === 0) continue;
      const source = doc.text.slice(v.start, v.end);
      for (const c of creds) {
        const part = v.text.slice(c.offset, c.offset + c.length);
        // Point at `user:password` when the source spells it as the value does (no escapes), else at the value.
        const i = source.indexOf(part);
        const range: Range = i >= 0 ? doc.index.range(v.start + i, v.start + i + part.length) : doc.index.range(v.start, v.end);
        ctx.report(range, `This ${c.scheme} URL embeds ${c.user ? `the password of \`${c.user}\`` : 'a password'}: it is committed with the file and leaks through logs, \`docker inspect\` and error messages. Keep the user and host in the URL and supply the password from a secret or environment variable.`);
      }
    }
  },
});
