import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import { isCiFile } from '../shared/ciFiles';
import type { ParsedDocument } from '../../server/src/core/parsers/document';
import { isDevOrExampleFile } from '../shared/configFiles';
import { isThrowAwayPassword } from '../shared/secretNames';
import { k8sObjects } from '../shared/yamlKinds';
import { configValues, isJsonDocument } from '../shared/configValues';
import type { Range } from '../../server/src/core/engine/types';

/** `scheme://user:password@host` with a non-empty password. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/:@'"]*):([^\s/@'"]+)@(\[[^\]\s]*\]|[^\s/:?#'"]*)/gi;

/** A password that is a reference to a value supplied elsewhere, not a credential. */
function isPlaceholderPassword(pw: string): boolean {
  return /^\$\{[^}]*\}$/.test(pw) || /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(pw) || /^\{\{.*\}\}$/.test(pw) || /^%\(.*\)s$/.test(pw)
    || /^<[^<>]*>$/.test(pw) || /^\*+$/.test(pw) || /^x{3,}$/i.test(pw) || /^\$\(.+\)$/.test(pw) || /^%[A-Z_]+%$/.test(pw);
}

export interface UrlCredential { scheme: string; user: string; password: string; host: string; offset: number; length: number }

/** The `user:password` parts of the URLs in `s` that embed a literal password. */
function urlCredentials(s: string): UrlCredential[] {
  const out: UrlCredential[] = [];
  for (const m of s.matchAll(URL_CREDENTIALS)) {
    const [, scheme, user, pw, host] = m;
    if (isPlaceholderPassword(pw) || /\$\{/.test(pw)) continue;
    const at = m.index! + scheme.length + 3;
    out.push({ scheme, user, password: pw, host, offset: at, length: user.length + 1 + pw.length });
  }
  return out;
}

/** A host only a laptop or a compose/pod network resolves: loopback, or a single-label service name (`db`, `pgbouncer`). */
function isLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\./.test(h) || h === '::1' || h === '0.0.0.0' || h === 'host.docker.internal' || /^[a-z0-9_-]+$/.test(h) && !/^\d+$/.test(h);
}

/** A compose file by name (the content check is the YAML rules'; the name is enough for a throw-away credential). */
function isComposeName(path: string): boolean {
  return /(^|\/)(docker-)?compose([.-][^/]*)?\.ya?ml$/i.test(path);
}

interface Found { range: Range; message: string; hygiene: boolean }

function findIn(doc: ParsedDocument): Found[] {
  // CI pipelines' service containers use throw-away credentials by design (one list: shared/ciFiles.ts).
  if (isCiFile(doc.path)) return [];
  if (doc.kind === 'toml' && (doc.path === 'Cargo.lock' || doc.path.endsWith('/Cargo.lock'))) return [];
  if (doc.kind !== 'toml' && doc.kind !== 'env' && doc.kind !== 'yaml' && doc.kind !== 'rust' && !isJsonDocument(doc)) return [];
  // A cheap text test first: most documents embed no `scheme://user:pass@`.
  if (!/:\/\/[^\s/:@'"]*:[^\s/@'"]+@/.test(doc.text)) return [];
  const out: Found[] = [];
  const devFile = isDevOrExampleFile(doc.path) || isComposeName(doc.path);
  const deployment = doc.kind === 'yaml' && k8sObjects(doc).length > 0;
  for (const v of configValues(doc, (t) => urlCredentials(t).length > 0)) {
    const creds = urlCredentials(v.value);
    if (creds.length === 0) continue;
    const source = doc.text.slice(v.start, v.end);
    for (const c of creds) {
      const part = v.value.slice(c.offset, c.offset + c.length);
      // Point at `user:password` when the source spells it as the value does (no escapes), else at the value.
      const i = source.indexOf(part);
      const range: Range = i >= 0 ? doc.index.range(v.start + i, v.start + i + part.length) : doc.index.range(v.start, v.end);
      // Throw-away: a well-known or user-named password, or any password, on a local/compose host in a dev, example or default file (or a compiled-in default).
      const weak = isThrowAwayPassword(c.password, [c.user]);
      const local = isLocalHost(c.host);
      // A Kubernetes manifest is the deployment itself: its credentials are real unless the file says it is for development.
      // A credential compiled into a Rust default is used by every deployment that forgets the setting: never hygiene.
      const hygiene = v.source === 'rust' || (deployment && !isDevOrExampleFile(doc.path)) ? false : (weak && (local || devFile)) || (local && devFile);
      const where = v.source === 'rust' ? ` compiled into the \`${v.owner}\` default` : '';
      const note = hygiene ? ' (a local or throw-away credential: worth moving out, rarely a leak by itself)' : '';
      out.push({
        range,
        hygiene,
        message: `This ${c.scheme} URL${where} embeds ${c.user ? `the password of \`${c.user}\`` : 'a password'}${note}: it is committed with the file and leaks through logs, \`docker inspect\` and error messages. Keep the user and host in the URL and supply the password from a secret or environment variable.`,
      });
    }
  }
  return out;
}

export const rule = defineWorkspaceRule<Found[]>({
  meta: {
    id: 'credentials-in-url',
    title: 'Credentials embedded in a URL',
    priority: 'P1',
    area: 'Security',
    nonTest: true,
    action: 'Take passwords out of connection URLs; supply them from a secret',
    docs: {
      lang: 'toml',
      what: 'Flags a URL with `user:password@` in config values: TOML files, YAML (compose, Kubernetes, Helm values, app config), JSON/JSON5/HJSON config files, `.env` files, and the defaults compiled into Rust (string literals in `impl Default for …Config` and serde `fn default_*`). `${VAR}`/`$VAR`/`{{ … }}` placeholders and `user@host` without a password are not flagged.',
      why: 'A password inside a connection string is committed with the file, shows up in `docker inspect`, process lists, logs of the URL and error messages that echo it (sqlx and reqwest errors do), and cannot be rotated without a code change.',
      example: 'database_url = "postgres://synctv:hunter2@db:5432/synctv"',
      useInstead: '# the URL without the password; the password from a secret\ndatabase_url = "postgres://synctv@db:5432/synctv"\n# PGPASSWORD / DATABASE_PASSWORD_FILE=/run/secrets/db_password',
      fixSafety: 'No quick-fix: the password has to move to a secret store or environment variable the deployment provides.',
      notes: 'CI workflow files (`.github/workflows`, `.gitlab-ci.yml`) and test/fixture paths are skipped: their service containers use throw-away credentials. Audit profile only (hygiene): throw-away credentials, i.e. a well-known default password (`postgres`, `guest`, `password`, …) or one equal to the user (`synctv:synctv`) on a local or compose host (`localhost`, `127.0.0.1`, `db`, `pgbouncer`) or in a development, example, default or compose file; and any password on a local or compose host in such a file. A credential compiled into a Rust default (`impl Default`, `fn default_*`) always stays in the default profile: every deployment that forgets the setting uses it. Kubernetes manifests are the deployment itself and stay in the default profile. Those point at a laptop or a compose network and are rarely a leak by themselves; a real password, or a password for a named remote host, stays in the default profile.',
    },
  },
  collect(doc) {
    const found = findIn(doc);
    return found.length ? found : undefined;
  },
  check(ctx) {
    for (const [path, found] of ctx.collected) {
      for (const f of found) ctx.report(path, f.range, f.message, f.hygiene ? { tier: 'hygiene' } : undefined);
    }
  },
});
