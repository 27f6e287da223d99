/**
 * The engine's vocabulary. Data flows one way:
 * files → workspace model → parsed documents → rules → findings → suppression + configuration → outputs.
 * Positions are LSP positions (0-based line, UTF-16 character) everywhere inside the engine;
 * outputs convert (SARIF and text are 1-based).
 */
import type { ParsedDocument } from '../parsers/document';

export type Priority = 'P0' | 'P1' | 'P2';
export type Area = 'Security' | 'Reliability' | 'Operations' | 'Observability' | 'Deployment' | 'Supply chain';
export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/**
 * `default` (editor, `check`, CI): only findings a team acts on. `audit` (`--profile audit`, the
 * report): also what a hand auditor writes down though many engineers accept it, marked by tier.
 */
export type Profile = 'default' | 'audit';
export const PROFILES: readonly Profile[] = ['default', 'audit'];
/**
 * Why a finding is in the audit profile only: `hygiene` (correct but rarely worth a change, e.g. a
 * lock nothing under it can poison), `acknowledged` (the project recorded the decision: clippy
 * allow/expect, deny.toml skips), `non-production` (test code, local-development files).
 */
export type AuditTier = 'hygiene' | 'acknowledged' | 'non-production';

export const AREAS: readonly Area[] = ['Security', 'Reliability', 'Operations', 'Observability', 'Deployment', 'Supply chain'];
export const PRIORITY_SEVERITY: Record<Priority, Severity> = { P0: 'error', P1: 'warning', P2: 'info' };

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A text edit in one file. `path` is workspace-relative (POSIX separators). */
export interface FileTextEdit { path: string; range: Range; newText: string }
/** A file a fix creates. Never overwrites: a fix whose file exists is dropped by the engine. */
export interface FileCreation { path: string; content: string }

export interface Fix {
  title: string;
  /**
   * Preferred fixes are known to keep the code compiling; they are marked preferred in the editor
   * and applied by fix-all (`source.fixAll.rust-readiness`, `--fix`). Others are offered only.
   */
  preferred: boolean;
  edits: FileTextEdit[];
  creates?: FileCreation[];
}

export interface RelatedLocation { path: string; range: Range; message: string }

/** What a rule reports: always about one file, at the smallest range that shows the problem. */
export interface Finding {
  ruleId: string;
  path: string;
  range: Range;
  message: string;
  fixes: Fix[];
  related: RelatedLocation[];
  /** Set when the finding belongs to the audit profile only; absent for default-profile findings. */
  tier?: AuditTier;
  /** A severity floor set by the rule (`ReportOptions.severity`); absent for most findings. */
  severity?: Severity;
}

/** A finding after configuration and suppression: what every output shows. */
export interface Diagnostic extends Finding {
  severity: Severity;
}

/** The documentation that lives beside each rule's code: one source for hover, docs pages, SARIF and the report. */
export interface RuleDocs {
  /** What it does: one or two sentences. */
  what: string;
  /** Why it is bad: the production consequence. */
  why: string;
  /** Example of code or config the rule flags (fenced by the generator; give the language in `lang`). */
  example: string;
  /** The same example written the recommended way. */
  useInstead: string;
  /** Fix safety: what the quick-fix does and whether it is applied by fix-all. */
  fixSafety: string;
  /** Language of the example blocks for Markdown fences (rust, toml, yaml, dockerfile, …). */
  lang: string;
  /** Known limits, options, anything else worth saying. */
  notes?: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  priority: Priority;
  area: Area;
  /**
   * Never fires in test code (production.ts's definition). Other rules' findings in test code go to the
   * audit profile (`non-production`), unless `testCode` says test code is what the rule is about.
   */
  nonTest: boolean;
  /** `report`: findings in test code stay in the default profile (e.g. a test that panics at its first TLS handshake). */
  testCode?: 'report';
  /** About running services (panics, locks, channels): in a browser front-end or command-line tool crate its findings are audit-only (`non-production`). */
  serverOnly?: boolean;
  /** Clippy lints whose `allow`/`expect` (attribute or `[lints]`) acknowledges this rule's findings. */
  clippyLints?: readonly string[];
  docs: RuleDocs;
  /** Short "what to do" used by the report's checklist. */
  action: string;
}

export interface ReportOptions {
  /**
   * The finding's fixes, or a function computing them. A function is called only when an output
   * asks for fixes (quick-fixes, fix-all, JSON/SARIF), not for a text scan: building a fix (an
   * import to add, a message to derive) costs tree reads that most findings never need.
   */
  fixes?: Fix[] | (() => Fix[]);
  related?: RelatedLocation[];
  /** The audit-profile tier, when the rule itself knows the finding is only hygiene (or acknowledged). */
  tier?: AuditTier;
  /**
   * Raises this finding above the rule's severity (never lowers it, and a rule configured `off`
   * stays off): e.g. `error` for a literal that panics on every run.
   */
  severity?: Severity;
}

export type { ParsedDocument };
