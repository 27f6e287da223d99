/**
 * The rule runner: one pass per document, workspace rules as a fold, then configuration and
 * suppression. Shared by the language server and the CLI, so both give the same findings.
 */
import type { ParsedDocument, RustDocument } from '../parsers/document';
import type { SyntaxNode } from '../parsers/rust';
import { attributeSpans, inSpans } from '../parsers/rustSyntax';
import { hostNode } from '../parsers/rustMacros';
import { docMatches } from './docText';
import { candidateNodes } from './rustCandidates';
import { buildsForWindows, featureGatedSpans, testCodeSpans, windowsOnlySpans, type FileRole } from './production';
import { commentMarker } from './fileKinds';
import type { ReadinessConfig } from './config';
import type { DocumentRule, Rule, RuleContext, RustRule, RustRuleContext, WorkspaceRule } from './rule';
import { applySuppressions, parseSuppressions, type Suppression } from './suppression';
import { PRIORITY_SEVERITY, type AuditTier, type Profile, type Diagnostic, type Finding, type Fix, type Range, type ReportOptions, type RuleMeta, type Severity } from './types';
import type { CrateFacts, WorkspaceFacts } from './workspaceFacts';

/** Where a finding sits, for its tier: in test code, under a clippy allow, in code built only for a platform the project does not build for. */
interface PlaceAt { inTestCode: boolean; acknowledged: boolean; otherPlatform?: boolean }

/** Roles whose files the rules judge (`production.ts`): generated files, templates and build scripts are not. */
const JUDGED_ROLES: ReadonlySet<FileRole> = new Set(['production', 'test', 'local-dev']);

/** `#[allow(clippy::x)]` / `#[expect(clippy::x, reason = "…")]` naming one of `lints`. */
function allowsLint(attribute: string, lints: readonly string[]): boolean {
  const m = /^#!?\[\s*(?:allow|expect)\s*\(([^\]]*)\)\s*\]$/s.exec(attribute.trim());
  return !!m && lints.some((l) => new RegExp(`\\bclippy\\s*::\\s*${l}\\b`).test(m[1]));
}

/** A crate root's inner `#![allow(clippy::x)]`, which covers the whole crate. */
function innerAllows(text: string, lints: readonly string[]): boolean {
  return (text.match(/#!\[\s*(?:allow|expect)\s*\([^\]]*\]/g) ?? []).some((a) => allowsLint(a, lints));
}

export class Engine {
  readonly byId: ReadonlyMap<string, Rule>;
  readonly knownIds: ReadonlySet<string>;
  private readonly rustRules: RustRule[];
  private readonly documentRules: DocumentRule[];
  private readonly workspaceRules: WorkspaceRule[];
  /** Per document object: what each workspace rule collected from it. */
  private readonly collectCache = new WeakMap<ParsedDocument, Map<string, unknown>>();
  private readonly suppressionCache = new WeakMap<ParsedDocument, Suppression[]>();

  /** `metaOnly` are ids handled by the engine itself (unused-suppression, config-invalid). */
  constructor(readonly rules: readonly Rule[], readonly engineRules: readonly RuleMeta[] = []) {
    this.byId = new Map(rules.map((r) => [r.meta.id, r]));
    this.knownIds = new Set([...rules.map((r) => r.meta.id), ...engineRules.map((m) => m.id)]);
    this.rustRules = rules.filter((r): r is RustRule => r.kind === 'rust');
    this.documentRules = rules.filter((r): r is DocumentRule => r.kind === 'document');
    this.workspaceRules = rules.filter((r): r is WorkspaceRule => r.kind === 'workspace');
  }

  /**
   * Where a rule's own failure goes. A bug in one rule must not cost the other rules' findings or
   * crash the server: the rule is skipped for that document and the error reported here.
   */
  onRuleError: (ruleId: string, path: string, error: unknown) => void = (ruleId, path, error) => {
    process.stderr.write(`rust-readiness: rule ${ruleId} failed on ${path}: ${(error as Error)?.stack ?? error}\n`);
  };

  /** A finding whose fixes, when given as a function, are computed on first access (and guarded). */
  private finding(ruleId: string, path: string, range: Range, message: string, opts: ReportOptions | undefined, tier: AuditTier | undefined): Finding {
    const f = { ruleId, path, range, message, related: opts?.related ?? [] } as Finding;
    if (tier) f.tier = tier;
    if (opts?.severity) f.severity = opts.severity;
    const fixes = opts?.fixes;
    if (typeof fixes === 'function') {
      const rule = this.byId.get(ruleId)!;
      lazyFixes(f, () => this.guard(rule, path, fixes) ?? []);
    } else f.fixes = fixes ?? [];
    return f;
  }

  private guard<T>(rule: Rule, path: string, run: () => T): T | undefined {
    try {
      return run();
    } catch (e) {
      this.onRuleError(rule.meta.id, path, e);
      return undefined;
    }
  }

  meta(id: string): RuleMeta | undefined {
    return this.byId.get(id)?.meta ?? this.engineRules.find((m) => m.id === id);
  }

  allMeta(): RuleMeta[] {
    return [...this.rules.map((r) => r.meta), ...this.engineRules];
  }

  severityOf(id: string, config: ReadinessConfig): Severity | 'off' {
    const configured = config.rules.get(id)?.severity;
    if (configured) return configured;
    const meta = this.meta(id);
    return meta ? PRIORITY_SEVERITY[meta.priority] : 'warning';
  }

  private active(config: ReadinessConfig): (r: Rule) => boolean {
    return (r) => this.severityOf(r.meta.id, config) !== 'off';
  }

  /** The file's role in the production-code model, with generated files judged when the configuration asks. */
  private roleOf(path: string, ws: WorkspaceFacts): FileRole {
    const role = ws.roleOf(path);
    return role === 'generated' && ws.config.includeGenerated ? 'production' : role;
  }

  /**
   * The production-code model applied to one finding: dropped where its rule does not apply (test
   * code for non-test rules), moved to the audit profile where the rule applies but the code does
   * not run in production (`non-production`), else the rule's own tier.
   */
  private placement(meta: RuleMeta, role: FileRole, inTestCode: boolean, ruleTier: AuditTier | undefined, crate?: CrateFacts, path?: string): AuditTier | 'drop' | undefined {
    if (role === 'test' || inTestCode) {
      if (meta.nonTest) return 'drop';
      if (meta.testCode !== 'report') return 'non-production';
    }
    if (role === 'local-dev') return 'non-production';
    if (meta.serverOnly && (crate?.browserFrontend || crate?.commandLineTool || (path !== undefined && crate?.toolBinaries.has(path)))) return 'non-production';
    return ruleTier;
  }

  /**
   * Findings of the Rust and document rules for one document (before suppression). Generated
   * files, templates and build scripts are not judged (`production.ts`).
   */
  runDocumentRules(doc: ParsedDocument, ws: WorkspaceFacts): Finding[] {
    return runToEnd(this.documentRuleSteps(doc, ws));
  }

  /**
   * `runDocumentRules` one rule at a time: it yields after each rule, so a caller (the language
   * server) can stop between rules when the document changed, or let other work in.
   */
  *documentRuleSteps(doc: ParsedDocument, ws: WorkspaceFacts): Generator<void, Finding[], void> {
    const findings: Finding[] = [];
    const role = this.roleOf(doc.path, ws);
    if (!JUDGED_ROLES.has(role)) return findings;
    const isActive = this.active(ws.config);
    const options = (id: string) => ws.config.rules.get(id)?.options ?? {};
    const baseContext = <D extends ParsedDocument>(rule: Rule, d: D, tierAt?: (range: Range) => PlaceAt): RuleContext<D> => ({
      doc: d,
      ws,
      options: options(rule.meta.id),
      report: (range: Range, message: string, opts?: ReportOptions) => {
        const at = tierAt?.(range);
        // Code compiled only for a platform the project never builds for does not ship.
        const placed = this.placement(rule.meta, role, at?.inTestCode ?? false, opts?.tier ?? (at?.acknowledged ? 'acknowledged' : undefined), ws.crateOf(d.path), d.path);
        const tier = at?.otherPlatform && placed !== 'drop' ? 'non-production' : placed;
        if (tier !== 'drop') findings.push(this.finding(rule.meta.id, d.path, range, message, opts, tier));
      },
      edit: (range: Range, newText: string) => ({ path: d.path, range, newText }),
    });
    if (doc.kind === 'rust') {
      yield* this.runRust(doc, ws, this.rustRules.filter(isActive), role, baseContext);
    }
    for (const rule of this.documentRules) {
      if (!isActive(rule) || !rule.fileKinds.includes(doc.kind)) continue;
      this.guard(rule, doc.path, () => rule.check(baseContext(rule, doc)));
      yield;
    }
    return findings;
  }

  /**
   * The Rust rules, text first: each rule's candidate patterns run over the text and the tree is
   * read only at their matches (`rustCandidates.ts`); test code is skipped for `nonTest` rules.
   */
  private *runRust(
    doc: RustDocument,
    ws: WorkspaceFacts,
    rules: RustRule[],
    role: FileRole,
    baseContext: <D extends ParsedDocument>(rule: Rule, d: D, tierAt?: (range: Range) => PlaceAt) => RuleContext<D>,
  ): Generator<void, void, void> {
    const testFile = role === 'test';
    const crate = ws.crateOf(doc.path);
    // Code under a feature kept for testing (`#[cfg(feature = "stub")]`) is test code; code no shipped build compiles (another platform, a feature every build turns on or off) does not ship.
    const gated = featureGatedSpans(doc, ws);
    const isTestOffset = (offset: number) => testFile || inSpans(testCodeSpans(doc), offset) || inSpans(gated.test, offset);
    const otherPlatform = [...(doc.text.includes('windows') && !buildsForWindows(ws) ? windowsOnlySpans(doc) : []), ...gated.unshipped];
    const crateAllows = crate?.allowedClippyLints ?? new Set<string>();
    const crateRoot = crate && [`${crate.dir ? crate.dir + '/' : ''}src/lib.rs`, `${crate.dir ? crate.dir + '/' : ''}src/main.rs`].filter((p) => p !== doc.path && ws.exists(p)).map((p) => ws.document(p)).filter((d) => d !== undefined);
    // Findings a clippy allow/expect covers (item, module or crate level, or `[lints]`) are acknowledged.
    const acknowledgedBy = (lints: readonly string[]): ((offset: number) => boolean) => {
      if (lints.some((l) => crateAllows.has(l)) || crateRoot?.some((d) => innerAllows(d!.text, lints))) return () => true;
      if (!lints.some((l) => doc.text.includes(l))) return () => false;
      const ack = attributeSpans(doc.tree, doc.text, (a) => allowsLint(a, lints));
      return (offset) => inSpans(ack, offset);
    };
    const isTestCode = (node: SyntaxNode) => testFile || isTestOffset(node.startIndex);
    // Tree-sitter counts rows at LF only; LSP also breaks lines at a lone CR. Such files take positions from the line index.
    const loneCr = doc.index.hasLoneCr;
    const nodeRange = (n: SyntaxNode): Range => loneCr ? doc.index.range(n.startIndex, n.endIndex) : {
      start: { line: n.startPosition.row, character: n.startPosition.column },
      end: { line: n.endPosition.row, character: n.endPosition.column },
    };
    for (const rule of rules) {
      if (rule.mentions && !docMatches(doc, rule.mentions)) continue;
      const acknowledged = rule.meta.clippyLints ? acknowledgedBy(rule.meta.clippyLints) : () => false;
      const base = baseContext(rule, doc, (range) => {
        const offset = doc.index.offsetAt(range.start);
        return { inTestCode: !rule.meta.nonTest && isTestOffset(offset), acknowledged: acknowledged(offset), otherPlatform: otherPlatform.length > 0 && inSpans(otherPlatform, offset) };
      });
      const ctx: RustRuleContext = {
        ...base,
        crate,
        isTestCode,
        nodeRange,
        inMacro: (n) => n.tree !== doc.tree,
        host: (n) => hostNode(doc, n),
        reportNode: (n, message, opts) => base.report(nodeRange(n), message, opts),
      };
      this.guard(rule, doc.path, () => {
        if (rule.appliesTo && !rule.appliesTo(ctx)) return;
        for (const spec of rule.candidates) {
          for (const node of candidateNodes(ctx, spec, rule.meta.nonTest, isTestOffset)) rule.check(node, ctx);
        }
        rule.finish?.(ctx);
      });
      yield;
    }
  }

  /**
   * What each active workspace rule collects from one document (rule id → value, undefined values
   * left out), cached per document object. A scan in worker threads sends these to the main thread.
   */
  collectFrom(doc: ParsedDocument, ws: WorkspaceFacts): Map<string, unknown> {
    const out = new Map<string, unknown>();
    let cache = this.collectCache.get(doc);
    if (!cache) { cache = new Map(); this.collectCache.set(doc, cache); }
    for (const rule of this.workspaceRules) {
      if (!rule.collect || !this.active(ws.config)(rule)) continue;
      let value = cache.get(rule.meta.id);
      if (!cache.has(rule.meta.id)) { value = this.guard(rule, doc.path, () => rule.collect!(doc, ws)); cache.set(rule.meta.id, value); }
      if (value !== undefined) out.set(rule.meta.id, value);
    }
    return out;
  }

  /**
   * Findings of the workspace rules, over every analysable document. `collected` (path → what
   * `collectFrom` returned for it) stands in for reading the documents when a scan already did.
   */
  runWorkspaceRules(ws: WorkspaceFacts, collected?: ReadonlyMap<string, ReadonlyMap<string, unknown>>): Finding[] {
    return runToEnd(this.workspaceRuleSteps(ws, collected));
  }

  /**
   * `runWorkspaceRules` yielding after each document it reads and each rule, for a caller that gives
   * the event loop back (the server after a change: reading every changed file is seconds of parsing).
   */
  *workspaceRuleSteps(ws: WorkspaceFacts, collected?: ReadonlyMap<string, ReadonlyMap<string, unknown>>): Generator<void, Finding[], void> {
    const findings: Finding[] = [];
    const rules = this.workspaceRules.filter(this.active(ws.config));
    if (rules.length === 0) return findings;
    const byRule = new Map<string, Map<string, unknown>>(rules.map((r) => [r.meta.id, new Map()]));
    if (rules.some((r) => r.collect)) {
      for (const path of ws.files) {
        let values = collected?.get(path);
        if (!values) {
          const doc = ws.document(path);
          if (!doc) continue;
          values = this.collectFrom(doc, ws);
          yield;
        }
        for (const [id, value] of values) byRule.get(id)?.set(path, value);
      }
    }
    for (const rule of rules) {
      yield;
      this.guard(rule, '(workspace)', () => rule.check({
        ws,
        options: ws.config.rules.get(rule.meta.id)?.options ?? {},
        collected: byRule.get(rule.meta.id)!,
        report: (path, range, message, opts) => {
          const role = this.roleOf(path, ws);
          const tier = JUDGED_ROLES.has(role) ? this.placement(rule.meta, role, false, opts?.tier, ws.crateOf(path), path) : 'drop';
          if (tier !== 'drop') findings.push(this.finding(rule.meta.id, path, range, message, opts, tier));
        },
      }));
    }
    return findings;
  }

  /**
   * Configuration, suppression and profile: severity per rule, `off` rules dropped, suppressed
   * findings dropped, unused suppressions reported, audit-tier findings kept only in the audit
   * profile (marked with their tier; non-production ones at most information), fixes that would
   * overwrite an existing file dropped.
   */
  finalize(path: string, doc: ParsedDocument | undefined, findings: Finding[], ws: WorkspaceFacts, profileOverride?: Profile): Diagnostic[] {
    return this.finalizeWith(path, doc ? this.suppressionsOf(doc) : [], findings, ws, profileOverride);
  }

  /** `finalize` with the document's suppressions already parsed (a worker thread parsed them). */
  finalizeWith(path: string, suppressions: readonly Suppression[], findings: Finding[], ws: WorkspaceFacts, profileOverride?: Profile): Diagnostic[] {
    const config = ws.config;
    const profile = profileOverride ?? config.profile;
    let kept = findings;
    if (suppressions.length > 0) {
      const activeIds = new Set([...this.knownIds].filter((id) => this.severityOf(id, config) !== 'off'));
      const result = applySuppressions(path, findings, suppressions, this.knownIds, activeIds);
      kept = [...result.kept, ...result.problems];
    }
    const out: Diagnostic[] = [];
    // One check per target path (lstat of each component), not one per edit.
    const safeTargets = new Map<string, boolean>();
    const isSafe = (p: string) => { let safe = safeTargets.get(p); if (safe === undefined) { safe = ws.isSafeWriteTarget(p); safeTargets.set(p, safe); } return safe; };
    for (const f of kept) {
      let severity = this.severityOf(f.ruleId, config);
      if (severity === 'off') continue;
      if (f.tier && profile !== 'audit') continue;
      if (f.severity && SEVERITY_RANK[f.severity] > SEVERITY_RANK[severity]) severity = f.severity;
      if (f.tier === 'non-production') severity = 'info';
      const message = f.tier ? `[${f.tier}] ${f.message}` : f.message;
      const d = { ruleId: f.ruleId, path: f.path, range: f.range, message, related: f.related, severity } as Diagnostic;
      if (f.tier) d.tier = f.tier;
      lazyFixes(d, () => f.fixes.filter((fix) =>
        !(fix.creates ?? []).some((c) => ws.exists(c.path))
        && [...fix.edits, ...(fix.creates ?? [])].every((e) => isSafe(e.path))));
      out.push(d);
    }
    out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
    return out;
  }

  suppressionsOf(doc: ParsedDocument): Suppression[] {
    let s = this.suppressionCache.get(doc);
    if (!s) { s = parseSuppressions(doc.index, commentMarker(doc.kind)); this.suppressionCache.set(doc, s); }
    return s;
  }
}

/** Drives a step generator (`documentRuleSteps`) to its result without pausing. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Defines `fixes` as a memoised, enumerable getter (spreads and JSON see a plain array). */
function lazyFixes(target: { fixes: Fix[] }, compute: () => Fix[]): void {
  let value: Fix[] | undefined;
  Object.defineProperty(target, 'fixes', { enumerable: true, configurable: true, get: () => (value ??= compute()) });
}
