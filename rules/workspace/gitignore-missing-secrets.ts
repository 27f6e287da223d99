import type { Ignore } from 'ignore';
import { gitignoreMatcher } from '../../server/src/core/parsers/ignore';
import { inSpans } from '../../server/src/core/parsers/rustSyntax';
import { testCodeSpans } from '../../server/src/core/engine/production';
import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import type { ParsedDocument } from '../../server/src/core/parsers/document';
import { tomlEntries, tomlRange } from '../../server/src/core/parsers/toml';
import type { Range, RelatedLocation } from '../../server/src/core/engine/types';
import { isSecretName, placeholderKind } from '../shared/secretNames';
import { isCiFile } from '../shared/ciFiles';
import { ancestryOf } from '../shared/rust/ancestry';

/** File extensions that hold keys, certificates or databases. */
const SECRET_EXTENSIONS = ['der', 'pem', 'key', 'p12', 'pfx', 'jks', 'db', 'sqlite', 'sqlite3'];
/** Directory names that conventionally hold runtime data, keys or certificates. */
const DATA_DIRS = ['data', 'keys', 'certs', 'secrets', 'db'];

/** A path the workspace writes secrets or data to, and where it was named. */
export interface NamedPath {
  path: string;
  at: RelatedLocation;
  /** A `.env` file in the tree that sets no secret (empty or placeholder values only): a deliberately tracked template. */
  noSecrets?: boolean;
}

const EXT_RE = new RegExp(`\\.(${SECRET_EXTENSIONS.join('|')})$`, 'i');
const DIR_RE = new RegExp(`^(?:\\./)?(${DATA_DIRS.join('|')})(?:/|$)`);

/** The .gitignore pattern that covers `p`: its data directory, else its extension. */
function patternFor(p: string): string | undefined {
  const clean = p.replace(/^\.\//, '');
  const dir = DIR_RE.exec(clean);
  if (dir) return `${dir[1]}/`;
  const ext = EXT_RE.exec(clean);
  if (ext) return `*.${ext[1].toLowerCase()}`;
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  if (base === '.env' || (base.startsWith('.env.') && !/\.(example|sample|template|dist)$/.test(base))) return base === '.env' ? '.env' : '.env.*';
  return undefined;
}

/** A relative, workspace-local path value (not a URL, not absolute, not a glob). */
function looksLikeLocalPath(v: string): boolean {
  return v.length > 0 && v.length < 200 && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !v.startsWith('/') && !/[*?{}\s]/.test(v) && !v.includes('..');
}

/** A key that names a filesystem location: `data_dir`, `key_path`, `DB_FILE`, `storage`. */
function isPathKey(key: string | undefined): boolean {
  return !!key && /(^|[_.-])(dir|directory|path|file|folder|root|location|storage)$/i.test(key.replace(/([a-z])([A-Z])/g, '$1_$2'));
}

/**
 * A bare directory name (`data`, `keys`) is a path only when its key says so (`data_dir = "data"`);
 * in code only values with a `/`, a key/cert/database extension or `.env` count (`"data"` alone is
 * usually a JSON field or a map key).
 */
function namesPath(value: string, key: string | undefined): boolean {
  const clean = value.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean.includes('/') || EXT_RE.test(clean) || clean.startsWith('.env')) return true;
  return isPathKey(key);
}

/** The text before a literal that `include_bytes!` / `include_str!` / `include!` reads at compile time. */
/** The text before a literal that makes it an argument of a path join or a suffix/prefix test. */
const JOINED_OR_TESTED = /(?:\.\s*|\b)(?:join\w*|push|push_str|add|with_file_name|set_file_name|with_extension|set_extension|ends_with|starts_with|strip_suffix|strip_prefix|contains)\s*\(\s*(?:[^()";]*(?:\([^()]*\))?[^()";]*,\s*)?$/;
const INCLUDE_MACRO = /\binclude(?:_bytes|_str)?!\s*[([{][^;\n]*$/;

function collectPaths(doc: ParsedDocument): NamedPath[] {
  const out: NamedPath[] = [];
  const add = (value: string, range: Range, key: string | undefined) => {
    if (looksLikeLocalPath(value) && patternFor(value) && namesPath(value, key)) out.push({ path: value, at: { path: doc.path, range, message: `\`${value}\` is named here` } });
  };
  switch (doc.kind) {
    case 'toml':
      // The path first: the lock's syntax tree is never needed (it is read without one, `cargoLock.ts`).
      if (/(^|\/)(Cargo\.toml|Cargo\.lock|deny\.toml|rust-toolchain\.toml)$/.test(doc.path) || !doc.toml.ast) break;
      for (const e of tomlEntries(doc.toml.ast)) {
        if (e.value.type === 'TOMLValue' && e.value.kind === 'string') add(e.value.value, tomlRange(doc.index, e.value), e.path[e.path.length - 1]);
      }
      break;
    case 'env':
      for (const e of doc.entries) add(e.value, e.valueRange, e.key);
      break;
    case 'rust': {
      // A cheap text pre-check first: most files name no such path, and then no tree walk is needed.
      const quick = /"([^"\\\n]{1,200})"/g;
      let candidate = false;
      for (let m = quick.exec(doc.text); m && !candidate; m = quick.exec(doc.text)) {
        candidate = looksLikeLocalPath(m[1]) && !!patternFor(m[1]) && namesPath(m[1], undefined);
      }
      if (!candidate) break;
      const spans = testCodeSpans(doc);
      for (const lit of doc.tree.rootNode.descendantsOfType('string_literal')) {
        if (inSpans(spans, lit.startIndex)) continue;
        // `include_bytes!("ca.pem")`: a build input committed with the source (a public CA, a test key), not runtime data.
        const before = doc.text.slice(Math.max(0, lit.startIndex - 120), lit.startIndex);
        if (INCLUDE_MACRO.test(before)) continue;
        // `data_dir.join("history.db")`, `join_path(&cfg.data_folder, "db.sqlite3")`, `name.ends_with(".sqlite")`: a file
        // under a directory chosen at run time (data, home, config), or a suffix test — not a path in the repository.
        if (JOINED_OR_TESTED.test(before)) continue;
        // A match arm's pattern or one side of a comparison (`"postgresql.db" => "Database"`): a key compared, not a path written.
        // The parent from the shared tree path: `.parent` searches from the root (quadratic in a file of thousands of items).
        const up = ancestryOf(lit);
        if (up.type(0) === 'match_pattern' || up.type(0) === 'binary_expression' && /^[=!]=$/.test(up.node(0)!.childForFieldName('operator')?.text ?? '')) continue;
        const content = lit.namedChildren.find((c) => c.type === 'string_content');
        if (content) add(content.text, doc.index.range(lit.startIndex, lit.endIndex), undefined);
      }
      break;
    }
    default:
      break;
  }
  return out;
}

/** One `.gitignore` file: the directory it sits in ('' for the root) and its patterns. */
interface IgnoreFile { base: string; matcher: Ignore }

/** Every `.gitignore` of the workspace, shallowest first (deeper files override shallower ones, as in git). */
function ignoreFiles(ws: { files: readonly string[]; document(p: string): ParsedDocument | undefined }): IgnoreFile[] {
  const out: IgnoreFile[] = [];
  for (const f of ws.files) {
    if (f !== '.gitignore' && !f.endsWith('/.gitignore')) continue;
    const d = ws.document(f);
    if (d?.kind !== 'ignore') continue;
    out.push({ base: f === '.gitignore' ? '' : f.slice(0, -'/.gitignore'.length), matcher: gitignoreMatcher(d.text) });
  }
  return out.sort((a, b) => (a.base ? a.base.split('/').length : 0) - (b.base ? b.base.split('/').length : 0));
}

/** Git's verdict for one path: the last matching pattern of the deepest `.gitignore` that has one wins. */
function excluded(files: readonly IgnoreFile[], p: string, dir: boolean): boolean {
  let state = false;
  for (const f of files) {
    if (f.base && !p.startsWith(`${f.base}/`)) continue;
    const sub = f.base ? p.slice(f.base.length + 1) : p;
    if (!sub) continue;
    const r = f.matcher.test(dir ? `${sub}/` : sub);
    if (r.ignored) state = true;
    else if (r.unignored) state = false;
  }
  return state;
}

/**
 * True when git would not track `p` (a file, or a directory when `dir`): it, or a directory above
 * it, is excluded by any `.gitignore` (nested ones included: `data/.gitignore` with `*` covers `data/`'s
 * contents). A directory also counts as covered when everything in it is (`data/**`, `data/*`).
 */
function isIgnored(files: readonly IgnoreFile[], p: string, dir: boolean): boolean {
  const clean = p.replace(/^\.\//, '').replace(/\/+$/, '');
  const parts = clean.split('/');
  // Git does not look inside an excluded directory: nothing below it can be re-included.
  for (let i = 1; i < parts.length; i++) if (excluded(files, parts.slice(0, i).join('/'), true)) return true;
  if (excluded(files, clean, dir)) return true;
  return dir && excluded(files, `${clean}/__readiness_probe__`, false);
}

/** True when an env file sets a secret-named key to a real-looking value (not empty, not a placeholder, not a `${VAR}`). */
function setsSecret(doc: ParsedDocument | undefined): boolean {
  if (doc?.kind !== 'env') return true;
  return doc.entries.some((e) => isSecretName(e.key) && !placeholderKind(e.value) && !/^\$\{?[A-Za-z_]/.test(e.value.trim()));
}

/** Folders of CI configuration: a key or database they name is the test run's, made on the runner. */
const CI_CONFIG_DIR = /^\.(?:circleci|github|gitea|forgejo|gitlab|buildkite|woodpecker|drone|ci)\//;

export const rule = defineWorkspaceRule<NamedPath[]>({
  meta: {
    id: 'gitignore-missing-secrets',
    title: '.gitignore does not cover secrets or data',
    priority: 'P0',
    area: 'Security',
    nonTest: false,
    action: 'Add data directories, key/cert/database files and `.env` to `.gitignore`',
    docs: {
      lang: 'gitignore',
      what: 'Compares the root `.gitignore` with the paths the workspace writes secrets or data to: directories and files named in config files, `.env` files and code (`data/`, `keys/`, `*.der`, `*.pem`, `*.key`, `*.db`), and `.env` files present in the tree. Each path not ignored is one finding on `.gitignore`.',
      why: 'A server that generates its TLS key into `data/server-key.der` or keeps its SQLite database in `data/app.db` leaves them in the working tree; one `git add .` publishes the private key and the user data. Removing a secret from git history afterwards is slow and rarely complete: the key has to be rotated.',
      example: '# .gitignore\ntarget/\n\n# config.toml names: cert_path = "data/server-cert.der", db_path = "data/app.db"',
      useInstead: '# .gitignore\ntarget/\ndata/\n*.der\n*.pem\n*.key\n.env',
      fixSafety: 'The fix appends the missing patterns to `.gitignore` (or creates `.gitignore` when there is none). It only adds lines, so it is safe and preferred. Already committed files stay tracked: remove them with `git rm --cached` and rotate the secrets.',
      notes: 'Matching follows git: every `.gitignore` in the tree counts (a `data/.gitignore` with `*` covers `data/`), deeper files override shallower ones, the last matching pattern wins, negations (`!data/keep.db`) re-include, and nothing below an excluded directory can be re-included; `data/`, `/data`, `data/**`, `**/data/` and `*.der` are each understood as git would (the `ignore` package). Paths read by `include_bytes!`/`include_str!` are build inputs committed with the source (a public CA certificate), not runtime data, and are not considered; nor are file names joined onto a directory chosen at run time (`data_dir.join("history.db")`, `path.push(…)`, `join_path(&cfg.data_folder, "db.sqlite3")`) or appended to one (`random_name.add(".db")`, `push_str`), used in a suffix test (`ends_with(".sqlite")`), a match arm\'s pattern or a comparison (`"postgresql.db" => "Database"`): they do not land in the repository. Audit profile only (hygiene): a pattern matching a `.env` file in the tree that sets no secret (empty or placeholder values, or only settings such as `DATABASE_URL=sqlite://…`), even when code names it too: a file kept in git on purpose, where ignoring the tracked file would change nothing. A bare directory name counts only under a key that names a location (`data_dir = "data"`, `APP_DATA_DIR=data`); in Rust only string literals with a `/`, a key/cert/database extension or `.env` count, outside test code. Paths in `tests/`, `examples/`, `benches/` and fixture directories, and paths named by CI configuration (pipeline files, `.circleci/`, `.github/`… — the test run\'s keys, made on the runner), are not considered. When there is no `.gitignore`, each finding sits on the config value naming the path and its fix creates `.gitignore` with every missing pattern at once.',
    },
  },
  collect(doc, ws) {
    // Paths named by test code or fixtures are not where production writes secrets.
    if (ws.roleOf(doc.path) !== 'production' || isCiFile(doc.path) || CI_CONFIG_DIR.test(doc.path)) return undefined;
    const paths = collectPaths(doc);
    return paths.length ? paths : undefined;
  },
  check(ctx) {
    const candidates: NamedPath[] = [...ctx.collected.values()].flat();
    // `.env` files present in the tree (the listing already honours .gitignore: present means not ignored).
    // A tracked `.env` that sets no secret shows the team keeps that file in git on purpose (defaults the code reads):
    // its pattern is hygiene even where code names it too.
    const keptInGit = new Set<string>();
    for (const f of ctx.ws.files) {
      const base = f.slice(f.lastIndexOf('/') + 1);
      if (patternFor(base)?.startsWith('.env') && ctx.ws.roleOf(f) === 'production') {
        const noSecrets = !setsSecret(ctx.ws.document(f));
        if (noSecrets) keptInGit.add(patternFor(f.replace(/^\.\//, ''))!);
        candidates.push({ path: f, noSecrets, at: { path: f, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `\`${f}\` exists and is not ignored` } });
      }
    }
    if (candidates.length === 0) return;
    const gitignoreDoc = ctx.ws.exists('.gitignore') ? ctx.ws.document('.gitignore') : undefined;
    const gitignore = gitignoreDoc?.kind === 'ignore' ? gitignoreDoc : undefined;
    const files = ignoreFiles(ctx.ws);
    const missing = new Map<string, RelatedLocation[]>();
    // Patterns whose every path is a tracked `.env` that sets no secret: a template kept in git on purpose.
    const strong = new Set<string>();
    for (const c of candidates) {
      const p = c.path.replace(/^\.\//, '');
      const pattern = patternFor(p)!;
      if (isIgnored(files, p, pattern.endsWith('/') && !p.replace(/\/+$/, '').includes('/'))) continue;
      const list = missing.get(pattern) ?? [];
      list.push(c.at);
      missing.set(pattern, list);
      if (!c.noSecrets) strong.add(pattern);
    }
    const allMissing = [...missing.keys()].sort((a, b) => a.localeCompare(b));
    for (const [pattern, where] of [...missing].sort(([a], [b]) => a.localeCompare(b))) {
      const named = [...new Set(where.map((w) => w.path))].slice(0, 3).join(', ');
      const message = `\`.gitignore\` does not cover \`${pattern}\`, which holds secrets or data (named in ${named}). One \`git add .\` would commit it; add \`${pattern}\` to \`.gitignore\`.`;
      const tier = strong.has(pattern) && !keptInGit.has(pattern) ? {} : { tier: 'hygiene' as const };
      if (gitignore) {
        const endPos = gitignore.index.positionAt(gitignore.text.length);
        // Git splits .gitignore at LF only (a lone CR stays in the pattern): a CR-only file gets LF.
        const eol = gitignore.index.eol === '\r' ? '\n' : gitignore.index.eol;
        const prefix = gitignore.text.length === 0 || gitignore.text.endsWith('\n') ? '' : eol;
        const firstLine = { start: { line: 0, character: 0 }, end: { line: 0, character: gitignore.index.lineText(0).length } };
        ctx.report('.gitignore', firstLine, message, {
          ...tier,
          related: where,
          fixes: [{ title: `Add \`${pattern}\` to .gitignore`, preferred: true, edits: [{ path: '.gitignore', range: { start: endPos, end: endPos }, newText: `${prefix}${pattern}${eol}` }] }],
        });
      } else {
        ctx.report(where[0].path, where[0].range, message, {
          ...tier,
          related: where.slice(1),
          fixes: [{ title: `Create .gitignore ignoring ${allMissing.map((m) => `\`${m}\``).join(', ')}`, preferred: true, edits: [], creates: [{ path: '.gitignore', content: `/target/\n${allMissing.join('\n')}\n` }] }],
        });
      }
    }
  },
});
