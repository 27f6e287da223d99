/**
 * The workspace model: one workspace folder's files, its configuration, the editor's open
 * documents laid over the disk, and the parsed-document cache. This is where the engine does its
 * I/O; everything after it (rules, suppression, outputs) is pure.
 */
import * as fs from 'fs';
import { readRegularFile, readRegularText } from './fileRead';
import * as path from 'path';
import type { Ignore } from 'ignore';
import { gitignoreMatcher } from '../parsers/ignore';
import picomatch from 'picomatch';
import { parseDocument, withoutTree, type ParsedDocument } from '../parsers/document';
import { treeEditBetween, type Tree } from '../parsers/rust';
import { applySettings, CONFIG_FILE, defaultConfig, parseConfig, type EditorSettings, type ReadinessConfig } from './config';
import { fileKindOf } from './fileKinds';
import { featureGate, isGeneratedText, roleOfPath, saysLocalDevelopment, type FileRole } from './production';
import { isTestAttribute } from '../parsers/rustSyntax';
import type { Finding } from './types';
import { computeCargoFacts, findCrate, type CargoFacts, type CrateFacts, type WorkspaceFacts } from './workspaceFacts';

/** Directories never worth walking: build output, VCS data, vendored JS. */
const ALWAYS_SKIPPED = new Set(['.git', 'target', 'node_modules', '.hg', '.svn']);

export type SkipReason = 'too-large' | 'binary' | 'unreadable' | 'unparsable';
export interface SkippedFile { path: string; reason: SkipReason; message: string }

export interface WorkspaceOptions {
  settings?: EditorSettings;
  /** An explicit config file (CLI `--config`); default `<root>/.readiness.toml`. */
  configFile?: string;
  knownRules: ReadonlySet<string>;
  /**
   * The files of a loose workspace (a file opened outside every workspace folder): exactly these
   * relative paths, no listing of the directory (it may be `/` or a dependency's source).
   */
  only?: readonly string[];
}

interface Overlay { text: string; version: number }

/** Enough to build an identical model in another thread (`WorkspaceModel.replica`). */
export interface ModelReplica {
  root: string;
  configFile?: string;
  settings?: EditorSettings;
  /** Open documents' texts, laid over the disk. */
  overlays: [string, string][];
}

function toPosix(p: string): string { return p.split(path.sep).join('/'); }

export class WorkspaceModel implements WorkspaceFacts {
  readonly root: string;
  private all = new Set<string>();
  /** Links to files inside the workspace (`.dockerignore -> .gitignore`): they exist, their targets are what is analysed. */
  private links = new Set<string>();
  private analysableList: string[] = [];
  private readonly overlays = new Map<string, Overlay>();
  private readonly docs = new Map<string, ParsedDocument>();
  private readonly skippedFiles = new Map<string, SkippedFile>();
  private cargoCache: CargoFacts | undefined;
  private versionCounter = 0;
  private configValue: ReadinessConfig = defaultConfig();
  private configFindings: Finding[] = [];
  private excludeMatcher: (p: string) => boolean = () => false;
  /** Bumped on every change; lets callers drop work computed for an older state. */
  generation = 0;

  constructor(root: string, private options: WorkspaceOptions) {
    this.root = path.resolve(root);
    this.loadConfig();
    this.rescan();
  }

  get config(): ReadinessConfig { return this.configValue; }
  get configProblems(): readonly Finding[] { return this.configFindings; }
  get files(): readonly string[] { return this.analysableList; }
  get skipped(): readonly SkippedFile[] { return [...this.unreadableDirs, ...this.skippedFiles.values()]; }
  /** Directories the last listing could not read (permissions): said, not skipped silently. */
  private unreadableDirs: SkippedFile[] = [];

  setSettings(settings: EditorSettings | undefined): void {
    this.options = { ...this.options, settings };
    this.loadConfig();
    this.rescan();
  }

  relative(absPath: string): string | undefined {
    const rel = path.relative(this.root, absPath);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return toPosix(rel);
  }

  absolute(relPath: string): string { return path.join(this.root, ...relPath.split('/')); }

  exists(relPath: string): boolean { return this.all.has(relPath) || this.overlays.has(relPath) || this.links.has(relPath); }

  allFiles(): readonly string[] { return [...new Set([...this.all, ...this.overlays.keys(), ...this.links])]; }

  /**
   * Whether a fix may write `relPath`: it stays inside the workspace folder and goes through no
   * symbolic link (each existing component is checked with lstat), so a `.github -> /elsewhere`
   * link or a dangling `deny.toml` link never receives a write. Parts that do not exist yet are
   * created inside the folder.
   */
  isSafeWriteTarget(relPath: string): boolean {
    const safe = this.checkWriteTarget(relPath);
    if (!safe) this.refusedWrites.add(relPath);
    return safe;
  }

  /** Paths a fix wanted to write and was refused (`isSafeWriteTarget`), for the CLI and the server log to name. */
  readonly refusedWrites = new Set<string>();

  private checkWriteTarget(relPath: string): boolean {
    const parts = relPath.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..') || path.isAbsolute(relPath)) return false;
    let current = this.root;
    for (const part of parts) {
      current = path.join(current, part);
      let stat: fs.Stats;
      try { stat = fs.lstatSync(current); } catch { return true; }
      if (stat.isSymbolicLink()) return false;
    }
    return fs.lstatSync(current).isFile();
  }

  isAnalysable(relPath: string): boolean {
    return fileKindOf(relPath) !== undefined && !this.excludeMatcher(relPath) && relPath !== CONFIG_FILE;
  }

  /** Re-reads `.readiness.toml` (and settings). */
  loadConfig(): void {
    const file = this.options.configFile ?? this.absolute(CONFIG_FILE);
    let base = defaultConfig();
    this.configFindings = [];
    const rel = this.relative(file) ?? file;
    // A UTF-8 BOM (editors on Windows write one) is not part of the TOML.
    const text = (this.overlays.get(rel)?.text ?? readText(file))?.replace(/^\uFEFF/, '');
    if (text !== undefined) {
      const loaded = parseConfig(text, rel, this.options.knownRules);
      base = loaded.config;
      this.configFindings = loaded.problems;
    }
    this.configValue = applySettings(base, this.options.settings);
    // Which rules are active may have changed: values collected under the old configuration go.
    this.configChangedAt = ++this.changeCount;
    this.collectedByScan.clear();
    // Globs, not regexes: picomatch passes `(`, `)`, `|` and `+` through to the regex it builds, so a
    // pattern such as `(a+)+b` would backtrack exponentially. Escaped, they match literally (no
    // extglobs); `*`, `**`, `?`, `[…]` and `{a,b}` keep their glob meaning.
    const globs = this.configValue.exclude.map((g) => g.replace(/[()|+]/g, '\\$&'));
    this.excludeMatcher = globs.length ? picomatch(globs, { dot: true, noextglob: true }) : () => false;
    this.touch();
  }

  /** Lists the folder's files again, honouring `.gitignore` files and `exclude`. */
  /** A loose workspace (`only`): one opened file, its own document rules, no workspace rules. */
  get loose(): boolean { return this.options.only !== undefined; }

  rescan(): void {
    this.ignoreCache.clear();
    if (this.options.only) this.all = new Set(this.options.only);
    else {
      const listing = listFiles(this.root);
      this.all = new Set(listing.files);
      this.links = new Set(listing.links);
      this.unreadableDirs = listing.unreadable.map((u) => ({ path: u.path, reason: 'unreadable', message: `${u.path}/ could not be read (${u.code}): the files in it are not analysed.` }));
    }
    this.rebuildAnalysable();
  }

  private rebuildAnalysable(): void {
    const set = new Set<string>();
    for (const f of this.all) if (this.isAnalysable(f)) set.add(f);
    for (const f of this.overlays.keys()) if (this.isAnalysable(f)) set.add(f);
    this.analysableList = [...set].sort();
    for (const p of [...this.docs.keys()]) if (!set.has(p)) this.docs.delete(p);
    this.cargoCache = undefined;
    this.touch();
  }

  private touch(): void { this.generation++; this.roles.clear(); }

  private readonly roles = new Map<string, FileRole>();

  /**
   * The file's role (`production.ts`): by path; then by content (`@generated`, a compose file that
   * says it is for local development); then, for Rust, by the module graph (a file that a
   * `#[cfg(test)] mod x;` declares, directly or through its parents, is test code).
   */
  roleOf(relPath: string): FileRole {
    let role = this.roles.get(relPath);
    if (role) return role;
    this.roles.set(relPath, 'production'); // a module cycle reads as production, not as a loop
    role = roleOfPath(relPath);
    const kind = fileKindOf(relPath);
    if (role === 'production' && kind && !relPath.endsWith('Cargo.lock')) {
      const text = this.document(relPath)?.text ?? '';
      if (isGeneratedText(text)) role = 'generated';
      else if (kind === 'yaml' && this.document(relPath)?.kind === 'yaml' && (this.document(relPath) as { yaml: { templated: boolean } }).yaml.templated) role = 'template';
      // A compose file or Dockerfile whose own comments say it is for local development.
      else if ((kind === 'dockerfile' || (kind === 'yaml' && /compose[^/]*$/i.test(relPath))) && saysLocalDevelopment(text)) role = 'local-dev';
      else if (kind === 'rust' && this.declaredForTestsOnly(relPath)) role = 'test';
      else if (this.crateOf(relPath)?.testSupport) role = 'test';
    }
    this.roles.set(relPath, role);
    return role;
  }

  /** True when the parent module declares this file with `#[cfg(test)] mod name;`, or is itself test code. */
  private declaredForTestsOnly(relPath: string): boolean {
    const parts = relPath.split('/');
    const file = parts.pop()!;
    if (['main.rs', 'lib.rs'].includes(file)) return false;
    // `a/b.rs` and `a/b/mod.rs` are module `b`, declared in `a.rs`, `a/mod.rs`, `a/lib.rs` or `a/main.rs`.
    const name = file === 'mod.rs' ? parts.pop() : file.slice(0, -3);
    if (!name) return false;
    const dir = parts.join('/');
    const prefix = dir ? `${dir}/` : '';
    const parents = [`${prefix}mod.rs`, `${prefix}lib.rs`, `${prefix}main.rs`];
    if (dir) parents.push(`${dir}.rs`);
    // `mod name;` first (a plain search), then the attributes written just before it.
    const declaration = new RegExp(`\\bmod\\s+${name}\\s*;`, 'g');
    for (const parent of parents) {
      if (parent === relPath || !this.exists(parent)) continue;
      const text = this.document(parent)?.text;
      if (!text || !text.includes(name)) continue;
      for (const m of text.matchAll(declaration)) {
        if (this.roleOf(parent) === 'test') return true;
        const before = text.slice(Math.max(0, m.index! - 400), m.index!);
        const attributes = /((?:#!?\[[^\]]*\]\s*)*)(?:pub(?:\([^)]*\))?\s+)?$/.exec(before)?.[1].match(/#\[[^\]]*\]/g) ?? [];
        // `#[cfg(test)] mod x;`, or `#[cfg(feature = "test-utils")] mod x;` for a feature kept for testing.
        const crate = this.crateOf(relPath);
        if (attributes.some((a) => isTestAttribute(a) || (crate !== undefined && featureGate(a, this, crate) === 'test'))) return true;
      }
    }
    return false;
  }

  /**
   * The editor opened or changed a document. A Rust document's last tree is kept with the text it
   * was parsed from, so the next parse is incremental (`document`), however many versions went by.
   */
  setOverlay(relPath: string, text: string): void {
    const hadOverlay = this.overlays.has(relPath);
    this.overlays.set(relPath, { text, version: ++this.versionCounter });
    const prev = this.docs.get(relPath);
    if (prev?.kind === 'rust') this.reusableTrees.set(relPath, { tree: prev.tree, text: prev.text });
    this.docs.delete(relPath);
    if (!this.all.has(relPath) && !hadOverlay) this.rebuildAnalysable();
    this.afterContentChange(relPath, true);
  }

  /** The editor closed a document: from now on the disk is the truth. */
  removeOverlay(relPath: string): void {
    if (!this.overlays.delete(relPath)) return;
    this.docs.delete(relPath);
    if (!this.all.has(relPath)) this.rebuildAnalysable();
    this.afterContentChange(relPath);
  }

  /** A file was created, changed or deleted on disk. */
  fileChanged(relPath: string, change: 'created' | 'changed' | 'deleted'): void {
    this.filesChanged([{ path: relPath, change }]);
  }

  /**
   * A batch of file-watcher events (a `cargo build` sends thousands): paths git would not track
   * (`target/`, `.git/`, anything a `.gitignore` excludes) are dropped, and the analysable set is
   * rebuilt once for the whole batch, not per event.
   */
  filesChanged(changes: readonly { path: string; change: 'created' | 'changed' | 'deleted' }[]): void {
    let gitignore = false, touched = false;
    for (const { path: relPath, change } of changes) {
      // A loose workspace is its one file: siblings' events do not add to it.
      if (this.options.only && !this.options.only.includes(relPath)) continue;
      const base = relPath.slice(relPath.lastIndexOf('/') + 1);
      if (base === '.gitignore') { gitignore = true; this.ignoreCache.clear(); }
      if (change === 'deleted') {
        // A deleted directory arrives as one event: drop everything under it.
        const before = this.all.size;
        for (const f of [...this.all]) if (f === relPath || f.startsWith(relPath + '/')) this.all.delete(f);
        touched ||= this.all.size !== before || this.overlays.has(relPath);
      } else {
        const abs = this.absolute(relPath);
        const isDir = fs.existsSync(abs) && fs.statSync(abs).isDirectory();
        if (this.isIgnored(relPath, isDir)) continue;
        if (isDir) { for (const f of listFiles(abs).files) if (!this.isIgnored(`${relPath}/${f}`, false)) this.all.add(`${relPath}/${f}`); }
        else this.all.add(relPath);
        touched = true;
      }
      if (!this.overlays.has(relPath)) this.docs.delete(relPath);
      this.afterContentChange(relPath);
    }
    if (gitignore) this.rescan();
    else if (touched) this.rebuildAnalysable();
  }

  /** Per directory: its `.gitignore` read once (null when it has none); cleared when a `.gitignore` changes. */
  private readonly ignoreCache = new Map<string, Ignore | null>();

  /**
   * Whether git would not track `relPath`: under `.git/`, `target/`, `node_modules/`, or excluded by
   * the `.gitignore` files on its way — git's rules: the deepest file with a matching pattern wins,
   * its last matching pattern decides (negations re-include), and nothing under an excluded
   * directory can be re-included.
   */
  isIgnored(relPath: string, isDir: boolean): boolean {
    const parts = relPath.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const last = i === parts.length;
      const dir = !last || isDir;
      if (dir && ALWAYS_SKIPPED.has(parts[i - 1])) return true;
      let verdict = false;
      // Every .gitignore in a directory above this prefix, shallowest first.
      for (let j = 0; j < i; j++) {
        const ig = this.gitignoreOf(parts.slice(0, j).join('/'));
        if (!ig) continue;
        const sub = parts.slice(j, i).join('/');
        const r = ig.test(dir ? `${sub}/` : sub);
        if (r.ignored) verdict = true;
        else if (r.unignored) verdict = false;
      }
      if (verdict) return true;
    }
    return false;
  }

  private gitignoreOf(dir: string): Ignore | null {
    let ig = this.ignoreCache.get(dir);
    if (ig === undefined) {
      const text = readText(path.join(this.root, dir, '.gitignore'));
      ig = text === undefined ? null : gitignoreMatcher(text);
      this.ignoreCache.set(dir, ig);
    }
    return ig;
  }

  private afterContentChange(relPath: string, keepTree = false): void {
    this.changedAt.set(relPath, ++this.changeCount);
    if (!this.collectedByScan.delete(relPath)) {
      // A directory: what was kept for the files under it goes too.
      for (const p of this.collectedByScan.keys()) if (p.startsWith(relPath + '/')) this.collectedByScan.delete(p);
    }
    if (relPath === CONFIG_FILE || (this.options.configFile && this.relative(this.options.configFile) === relPath)) this.loadConfig();
    if (relPath.endsWith('Cargo.toml')) {
      this.cargoCache = undefined;
      // What a file yields can depend on its crate (tool crate, front-end, test support): all goes.
      this.collectedByScan.clear();
    }
    this.skippedFiles.delete(relPath);
    if (!keepTree) this.reusableTrees.delete(relPath);
    this.touch();
  }

  /** Per open Rust document: its last tree and the text it was parsed from, for the next incremental parse. */
  private readonly reusableTrees = new Map<string, { tree: Tree; text: string }>();

  document(relPath: string): ParsedDocument | undefined {
    const cached = this.docs.get(relPath);
    if (cached) return cached;
    const kind = fileKindOf(relPath);
    if (!kind) return undefined;
    let text: string | undefined;
    const overlay = this.overlays.get(relPath);
    if (overlay) {
      text = overlay.text;
      if (text.length > this.config.maxFileSize) {
        this.skip(relPath, 'too-large', `${relPath} is larger than the ${formatBytes(this.config.maxFileSize)} limit (rustReadiness.maxFileSize): it is not analysed.`);
        return undefined;
      }
    } else {
      const read = readForAnalysis(this.absolute(relPath), this.config.maxFileSize);
      if (read.skipped) {
        // Asking for a file that does not exist (the root Cargo.toml of a folder without one) is no skipped file.
        if (!fs.existsSync(this.absolute(relPath))) return undefined;
        this.skip(relPath, read.skipped, read.message!.replace('%s', relPath));
        return undefined;
      }
      text = read.text!;
    }
    let previousTree: Tree | undefined;
    const reusable = this.reusableTrees.get(relPath);
    this.reusableTrees.delete(relPath);
    if (reusable && kind === 'rust') {
      const edit = treeEditBetween(reusable.text, text);
      if (edit) reusable.tree.edit(edit);
      previousTree = reusable.tree;
    }
    let doc: ParsedDocument;
    try {
      doc = parseDocument(relPath, kind, text, overlay?.version ?? ++this.versionCounter, previousTree);
      // YAML parses on first read; read it here, where a parser that gives up is caught (tree-sitter
      // never throws; `parseToml` returns its errors). TOML stays lazy: `Cargo.lock`, the largest
      // TOML file, is read without its syntax tree (`rules/shared/cargoLock.ts`).
      if (doc.kind === 'yaml') void doc.yaml;
    } catch (e) {
      // A parser that gives up (the yaml package recurses per nesting level and can run out of
      // stack) costs this file its analysis, said in a note, never the whole run.
      this.skip(relPath, 'unparsable', `${relPath} could not be parsed (${(e as Error).message}): it is not analysed.`);
      return undefined;
    }
    this.docs.set(relPath, doc);
    return doc;
  }

  private skip(relPath: string, reason: SkipReason, message: string): void {
    this.skippedFiles.set(relPath, { path: relPath, reason, message });
  }

  /**
   * Lets a Rust document's syntax tree go (the text stays): a scan that is done with a file does not
   * keep every tree alive. Rules reading the file's text later read it without a parse; one reading
   * its tree parses it again. Other kinds are small and shared (manifests, `Cargo.lock`): kept.
   */
  release(relPath: string): void {
    const doc = this.docs.get(relPath);
    if (doc?.kind === 'rust') this.docs.set(relPath, withoutTree(doc));
  }

  /** Why `relPath` was not analysed, if it was skipped. */
  skippedOf(relPath: string): SkippedFile | undefined { return this.skippedFiles.get(relPath); }

  /**
   * What a scan on other threads learnt about files, each from a model of the same folder in the
   * same state: their roles (so this model need not read them to know) and why some were skipped.
   */
  adoptScanFacts(roles: Iterable<[string, FileRole]>, skipped: Iterable<SkippedFile>): void {
    for (const [p, role] of roles) this.roles.set(p, role);
    for (const s of skipped) this.skippedFiles.set(s.path, s);
  }

  /**
   * Per file, what the workspace rules collected from it in a scan (on whatever thread), kept while
   * neither the file nor the configuration changes: later runs of the workspace rules read these
   * instead of parsing every file again (a scan lets the parses go).
   */
  private readonly collectedByScan = new Map<string, ReadonlyMap<string, unknown>>();
  /** Counts changes (content, configuration); per path, the count at its last change. */
  private changeCount = 0;
  private readonly changedAt = new Map<string, number>();
  private configChangedAt = 0;

  /** The change count now: a scan notes it before reading files (`keepCollected`). */
  get changeStamp(): number { return this.changeCount; }

  /** Keeps what was collected from `relPath` as read at `readAt` (`changeStamp`), unless it, a directory above it, or the configuration changed since. */
  keepCollected(relPath: string, values: ReadonlyMap<string, unknown>, readAt: number): void {
    if (this.configChangedAt > readAt) return;
    for (let p = relPath; ; p = p.slice(0, p.lastIndexOf('/'))) {
      if ((this.changedAt.get(p) ?? 0) > readAt) return;
      if (!p.includes('/')) break;
    }
    this.collectedByScan.set(relPath, values);
  }

  /** What scans collected per file, still valid (`keepCollected`). */
  get collected(): ReadonlyMap<string, ReadonlyMap<string, unknown>> { return this.collectedByScan; }

  /** What a worker thread needs to build the same model: options (minus the rule ids) and the editor's unsaved texts. */
  get replica(): ModelReplica {
    return {
      root: this.root,
      configFile: this.options.configFile,
      settings: this.options.settings,
      overlays: [...this.overlays].map(([p, o]) => [p, o.text]),
    };
  }

  get cargo(): CargoFacts {
    if (!this.cargoCache) this.cargoCache = computeCargoFacts(this.analysableList, (p) => this.document(p));
    return this.cargoCache;
  }

  crateOf(relPath: string): CrateFacts | undefined { return findCrate(this.cargo.crates, relPath); }

  isOpen(relPath: string): boolean { return this.overlays.has(relPath); }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

/** Small text files the model reads itself (`.gitignore`, `.readiness.toml`): regular files only, 1 MB at most. */
function readText(file: string): string | undefined {
  return readRegularText(file, 1 << 20);
}

interface ReadResult { text?: string; skipped?: SkipReason; message?: string }

/** Reads a file for analysis: too-large, binary and non-regular files are skipped with a message, never parsed. */
function readForAnalysis(file: string, maxSize: number): ReadResult {
  const read = readRegularFile(file, maxSize);
  if ('tooLarge' in read) return { skipped: 'too-large', message: `%s is ${formatBytes(read.size)}, over the ${formatBytes(maxSize)} limit (maxFileSize): it is not analysed.` };
  if ('notRegular' in read) return { skipped: 'unreadable', message: `%s is ${read.notRegular}, not a regular file: it is not analysed.` };
  if ('error' in read) return { skipped: 'unreadable', message: `%s could not be read: ${read.error.message}` };
  const bytes = read.bytes;
  if (bytes.subarray(0, 8000).includes(0)) return { skipped: 'binary', message: '%s looks binary (it contains NUL bytes): it is not analysed.' };
  // Invalid UTF-8 becomes U+FFFD: analysed, never crashing on it.
  return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
}


/**
 * Every file under `root` (POSIX relative paths), honouring `.gitignore` files at every level, and
 * the directories that could not be read (with the error code).
 */
function listFiles(root: string): { files: string[]; links: string[]; unreadable: { path: string; code: string }[] } {
  const out: string[] = [];
  const links: string[] = [];
  const unreadable: { path: string; code: string }[] = [];
  let realRoot: string | undefined;
  // A link git tracks (`.dockerignore -> .gitignore`) is a file of the workspace when it resolves to a
  // regular file inside it; links to directories (loops) or out of the workspace are not followed.
  const linkInside = (abs: string): boolean => {
    try {
      realRoot ??= fs.realpathSync(root);
      const target = fs.realpathSync(abs);
      return (target === realRoot || target.startsWith(realRoot + path.sep)) && fs.statSync(target).isFile();
    } catch { return false; }
  };
  const walk = (dir: string, rel: string, rules: { base: string; ig: Ignore }[]) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch (e) {
      unreadable.push({ path: rel || '.', code: (e as NodeJS.ErrnoException).code ?? String(e) });
      return;
    }
    const here = [...rules];
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const text = readText(path.join(dir, '.gitignore'));
      if (text !== undefined) here.push({ base: rel, ig: gitignoreMatcher(text) });
    }
    // Git's rule: the deepest .gitignore with a matching pattern decides (a nested `!x` re-includes).
    const ignored = (childRel: string, isDir: boolean) => {
      let verdict = false;
      for (const { base, ig } of here) {
        const sub = base ? childRel.slice(base.length + 1) : childRel;
        const r = ig.test(isDir ? sub + '/' : sub);
        if (r.ignored) verdict = true;
        else if (r.unignored) verdict = false;
      }
      return verdict;
    };
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || ignored(childRel, true)) continue;
        walk(path.join(dir, e.name), childRel, here);
      } else if (e.isFile() && !ignored(childRel, false)) out.push(childRel);
      else if (e.isSymbolicLink() && !ignored(childRel, false) && linkInside(path.join(dir, e.name))) links.push(childRel);
    }
  };
  walk(root, '', []);
  return { files: out.sort(), links: links.sort(), unreadable };
}

/** One note naming the generated files and templates the rules did not judge (`production.ts`), so nothing is skipped silently. */
export function notJudgedNote(model: WorkspaceModel): string | undefined {
  const byRole = new Map<string, string[]>();
  for (const f of model.files) {
    const role = model.roleOf(f);
    if ((role === 'generated' && !model.config.includeGenerated) || role === 'template') byRole.set(role, [...(byRole.get(role) ?? []), f]);
  }
  if (byRole.size === 0) return undefined;
  const parts = [...byRole].map(([role, files]) => `${files.length} ${role === 'generated' ? 'generated file' : 'template'}${files.length === 1 ? '' : 's'} (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''})`);
  return `not judged as production code: ${parts.join('; ')}${byRole.has('generated') ? ' — set include-generated = true in .readiness.toml to judge generated files' : ''}.`;
}
