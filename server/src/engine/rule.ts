/**
 * What a rule is. Rules are pure: they receive a parsed document (or the workspace facts) and
 * return findings through `report`; they read no files and keep no state between calls.
 *
 * - `RustRule`: visitors keyed by tree-sitter node type. The runner walks each Rust tree once and
 *   calls every rule's visitor for each node, so adding a rule never adds a pass. `finish` is the
 *   "done" step for absence checks (hadolint style).
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
  /** RULES.md's "test code": test paths, `#[cfg(test)]` items, `#[test]`/`#[…::test]` fns. */
  isTestCode(node: SyntaxNode): boolean;
  /** `isTestCode` for a document offset (UTF-16): lets a rule skip test code before reading the tree. */
  isTestOffset(offset: number): boolean;
  reportNode(node: SyntaxNode, message: string, opts?: ReportOptions): void;
  nodeRange(node: SyntaxNode): Range;
  /**
   * True for nodes of the macro tree: code inside a macro invocation (`tokio::select! { … }`,
   * `debug!("{}", token)`), parsed by `parsers/rustMacros.ts` and dispatched to the same visitors.
   */
  inMacro(node: SyntaxNode): boolean;
  /**
   * The main-tree node at `node`'s place (itself for main-tree nodes). Macro-tree nodes have no
   * enclosing fn or module of their own: ask scope questions (imports, enclosing fn) of the host.
   */
  host(node: SyntaxNode): SyntaxNode;
}

export type RustVisitor = (node: SyntaxNode, ctx: RustRuleContext) => void;

export interface RustRule {
  readonly meta: RuleMeta;
  readonly kind: 'rust';
  readonly visit: Readonly<Record<string, RustVisitor>>;
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
