/**
 * What a rule is. Rules are pure: they receive a parsed document (or the workspace facts) and
 * return findings through `report`; they read no files and keep no state between calls.
 *
 * - `RustRule`: text first. A rule declares where it looks (`candidates`: a regex over the text
 *   and the node types to read there) and a `check(node, ctx)` for each candidate node. The engine
 *   runs the regexes, reads the tree only at the matches (the main tree, or the macro tree for
 *   code inside macro invocations), and skips test code for `nonTest` rules, so reading a file
 *   costs a regex pass plus a few tree lookups instead of a walk of the whole tree. `finish` is the
 *   "done" step for whole-document checks.
 * - `DocumentRule`: one check over a parsed TOML / YAML / Dockerfile / env / ignore / SQL document.
 * - `WorkspaceRule`: a fold over every document (`collect`, cached per document version) and a
 *   `check` over the collected facts; reports on any file.
 */
import type { FileKind } from './fileKinds';
import type { DocumentOfKind, ParsedDocument, RustDocument } from '../parsers/document';
import type { SyntaxNode } from '../parsers/rust';
import type { FileTextEdit, Range, ReportOptions, RuleMeta } from './types';
import type { WorkspaceFacts, CrateFacts } from './workspaceFacts';

export interface RuleContext<D extends ParsedDocument = ParsedDocument> {
  readonly doc: D;
  readonly ws: WorkspaceFacts;
  /** `[rules.<id>]` options from `.readiness.toml` (empty when none). */
  readonly options: Readonly<Record<string, unknown>>;
  report(range: Range, message: string, opts?: ReportOptions): void;
  /** A text edit in this document, for building fixes. */
  edit(range: Range, newText: string): FileTextEdit;
}

export interface RustRuleContext extends RuleContext<RustDocument> {
  /** The crate (Cargo package) this file belongs to, if the workspace model knows it. */
  readonly crate: CrateFacts | undefined;
  /** Test code as production.ts defines it: test paths, `#[cfg(test)]` items, `#[test]`/`#[…::test]` fns. */
  isTestCode(node: SyntaxNode): boolean;
  reportNode(node: SyntaxNode, message: string, opts?: ReportOptions): void;
  nodeRange(node: SyntaxNode): Range;
  /**
   * True for nodes of the macro tree: code inside a macro invocation (`tokio::select! { … }`,
   * `debug!("{}", token)`), parsed by `parsers/rustMacros.ts`; candidates are looked up there too.
   */
  inMacro(node: SyntaxNode): boolean;
  /**
   * The main-tree node at `node`'s place (itself for main-tree nodes). Macro-tree nodes have no
   * enclosing fn or module of their own: ask scope questions (imports, enclosing fn) of the host.
   */
  host(node: SyntaxNode): SyntaxNode;
}

/**
 * Where a Rust rule looks: each match of `pattern` in the document text is looked up in the tree
 * (the smallest node at the match, or at its `group`), climbing at most `depth` ancestors to a
 * node of one of `nodeTypes`; `check` receives each such node once, in text order.
 */
export interface RustCandidates {
  /** A global regex (with the `d` flag when `group` > 0), or one built per document (options can extend it). */
  readonly pattern: RegExp | ((ctx: RustRuleContext) => RegExp);
  /** The regex group whose span is looked up (default 0: the whole match). */
  readonly group?: number;
  readonly nodeTypes: readonly string[];
  /** How many ancestors to climb looking for one of `nodeTypes` (default 4). */
  readonly depth?: number;
  /** Look in the main tree only: the candidate never lies inside a macro invocation. */
  readonly mainOnly?: boolean;
  /** A text-only test of the match, before any tree lookup. */
  accept?(match: RegExpExecArray, ctx: RustRuleContext): boolean;
}

export interface RustRule {
  readonly meta: RuleMeta;
  readonly kind: 'rust';
  /** The rule runs only on documents whose text matches (a cheap whole-document prefilter). */
  readonly mentions?: RegExp;
  /** A per-document precondition over the workspace facts (e.g. the crate depends on rustls). */
  appliesTo?(ctx: RustRuleContext): boolean;
  readonly candidates: readonly RustCandidates[];
  check(node: SyntaxNode, ctx: RustRuleContext): void;
  /** The "done" step, after every candidate: checks over the whole document. */
  finish?(ctx: RustRuleContext): void;
}

export interface DocumentRule<K extends FileKind = FileKind> {
  readonly meta: RuleMeta;
  readonly kind: 'document';
  readonly fileKinds: readonly K[];
  check(ctx: RuleContext<DocumentOfKind<K>>): void;
}

export interface WorkspaceRuleContext<T> {
  readonly ws: WorkspaceFacts;
  readonly options: Readonly<Record<string, unknown>>;
  /** What `collect` returned per document path (documents returning undefined are absent). */
  readonly collected: ReadonlyMap<string, T>;
  report(path: string, range: Range, message: string, opts?: ReportOptions): void;
}

export interface WorkspaceRule<T = unknown> {
  readonly meta: RuleMeta;
  readonly kind: 'workspace';
  /** Extracts what this rule needs from one document. Must be pure: the engine caches it. */
  collect?(doc: ParsedDocument, ws: WorkspaceFacts): T | undefined;
  check(ctx: WorkspaceRuleContext<T>): void;
}

// biome-ignore lint/suspicious/noExplicitAny: one list holds rules of every collected type (each rule is typed where it is defined)
export type Rule = RustRule | DocumentRule<any> | WorkspaceRule<any>;

/** Helpers that keep rule modules declarative. */
export function defineRustRule(rule: Omit<RustRule, 'kind'>): RustRule {
  return { ...rule, kind: 'rust' };
}
export function defineDocumentRule<K extends FileKind>(rule: Omit<DocumentRule<K>, 'kind'>): DocumentRule<K> {
  return { ...rule, kind: 'document' };
}
export function defineWorkspaceRule<T>(rule: Omit<WorkspaceRule<T>, 'kind'>): WorkspaceRule<T> {
  return { ...rule, kind: 'workspace' };
}
