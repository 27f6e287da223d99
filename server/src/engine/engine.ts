/**
 * The rule runner: one pass per document, workspace rules as a fold, then configuration and
 * suppression. Shared by the language server and the CLI, so both give the same findings.
 */
import type { ParsedDocument, RustDocument } from '../parsers/document';
import type { SyntaxNode } from '../parsers/rust';
import { inSpans, testSpans } from '../parsers/rustSyntax';
import { hostNode } from '../parsers/rustMacros';
import { docMatches } from './docText';
import { candidateNodes } from './rustCandidates';
import { isTestPath } from './fileKinds';
import type { ReadinessConfig } from './config';
import type { DocumentRule, Rule, RuleContext, RustRule, RustRuleContext, WorkspaceRule } from './rule';
import { applySuppressions, parseSuppressions, type Suppression } from './suppression';
import { PRIORITY_SEVERITY, type Diagnostic, type Finding, type Fix, type Range, type ReportOptions, type RuleMeta, type Severity } from './types';
import type { WorkspaceFacts } from './workspaceFacts';

const MAY_HAVE_TEST_ATTRIBUTE = /#!?\[[^\]]*\b(test|rstest|test_case|test_log|proptest|quickcheck|bench|wasm_bindgen_test)\b/;

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
  private finding(ruleId: string, path: string, range: Range, message: string, opts: ReportOptions | undefined): Finding {
    const f = { ruleId, path, range, message, related: opts?.related ?? [] } as Finding;
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

  /** Findings of the Rust and document rules for one document (before suppression). */
  runDocumentRules(doc: ParsedDocument, ws: WorkspaceFacts): Finding[] {
    const findings: Finding[] = [];
    const isActive = this.active(ws.config);
    const options = (id: string) => ws.config.rules.get(id)?.options ?? {};
    const baseContext = <D extends ParsedDocument>(rule: Rule, d: D): RuleContext<D> => ({
      doc: d,
      ws,
      options: options(rule.meta.id),
      report: (range: Range, message: string, opts?: ReportOptions) =>
        findings.push(this.finding(rule.meta.id, d.path, range, message, opts)),
      edit: (range: Range, newText: string) => ({ path: d.path, range, newText }),
    });
    if (doc.kind === 'rust') {
      this.runRust(doc, ws, this.rustRules.filter(isActive), baseContext);
    }
    for (const rule of this.documentRules) {
      if (!isActive(rule) || !rule.fileKinds.includes(doc.kind)) continue;
      this.guard(rule, doc.path, () => rule.check(baseContext(rule, doc)));
    }
    return findings;
  }

  /**
   * The Rust rules, text first: each rule's candidate patterns run over the text and the tree is
   * read only at their matches (`rustCandidates.ts`); test code is skipped for `nonTest` rules.
   */
  private runRust(
    doc: RustDocument,
    ws: WorkspaceFacts,
    rules: RustRule[],
    baseContext: <D extends ParsedDocument>(rule: Rule, d: D) => RuleContext<D>,
  ): void {
    const testFile = isTestPath(doc.path);
    // The attributes that can mark test code, found from the text (no tree walk).
    const testAttributes = (): SyntaxNode[] => {
      const out: SyntaxNode[] = [];
      const re = new RegExp(MAY_HAVE_TEST_ATTRIBUTE.source, 'g');
      let m: RegExpExecArray | null;
      while ((m = re.exec(doc.text)) !== null) {
        let n: SyntaxNode | null = doc.tree.rootNode.descendantForIndex(m.index, m.index + 1);
        for (let d = 0; n && d < 3 && n.type !== 'attribute_item' && n.type !== 'inner_attribute_item'; d++) n = n.parent;
        if (n && (n.type === 'attribute_item' || n.type === 'inner_attribute_item') && n.startIndex === m.index) out.push(n);
      }
      return out;
    };
    // No attribute that can mark a test in the text: no test spans, and no lookup to find them.
    let spans: [number, number][] | undefined = testFile || !MAY_HAVE_TEST_ATTRIBUTE.test(doc.text) ? [] : undefined;
    const isTestOffset = (offset: number) => testFile || inSpans(spans ??= testSpans(doc.tree, doc.text, testAttributes()), offset);
    const isTestCode = (node: SyntaxNode) => testFile || isTestOffset(node.startIndex);
    const crate = ws.crateOf(doc.path);
    const nodeRange = (n: SyntaxNode): Range => ({
      start: { line: n.startPosition.row, character: n.startPosition.column },
      end: { line: n.endPosition.row, character: n.endPosition.column },
    });
    for (const rule of rules) {
      if (rule.mentions && !docMatches(doc, rule.mentions)) continue;
      const base = baseContext(rule, doc);
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
    }
  }

  /** Findings of the workspace rules, over every analysable document. */
  runWorkspaceRules(ws: WorkspaceFacts): Finding[] {
    const findings: Finding[] = [];
    const rules = this.workspaceRules.filter(this.active(ws.config));
    if (rules.length === 0) return findings;
    const collected = new Map<WorkspaceRule, Map<string, unknown>>(rules.map((r) => [r, new Map()]));
    for (const path of ws.files) {
      const withCollect = rules.filter((r) => r.collect);
      if (withCollect.length === 0) break;
      const doc = ws.document(path);
      if (!doc) continue;
      let cache = this.collectCache.get(doc);
      if (!cache) { cache = new Map(); this.collectCache.set(doc, cache); }
      for (const rule of withCollect) {
        let value = cache.get(rule.meta.id);
        if (!cache.has(rule.meta.id)) { value = this.guard(rule, path, () => rule.collect!(doc, ws)); cache.set(rule.meta.id, value); }
        if (value !== undefined) collected.get(rule)!.set(path, value);
      }
    }
    for (const rule of rules) {
      this.guard(rule, '(workspace)', () => rule.check({
        ws,
        options: ws.config.rules.get(rule.meta.id)?.options ?? {},
        collected: collected.get(rule)!,
        report: (path, range, message, opts) =>
          findings.push(this.finding(rule.meta.id, path, range, message, opts)),
      }));
    }
    return findings;
  }

  /**
   * Configuration and suppression: severity per rule, `off` rules dropped, suppressed findings
   * dropped, unused suppressions reported, fixes that would overwrite an existing file dropped.
   */
  finalize(path: string, doc: ParsedDocument | undefined, findings: Finding[], ws: WorkspaceFacts): Diagnostic[] {
    const config = ws.config;
    let kept = findings;
    if (doc) {
      let suppressions = this.suppressionCache.get(doc);
      if (!suppressions) { suppressions = parseSuppressions(doc.index); this.suppressionCache.set(doc, suppressions); }
      if (suppressions.length > 0) {
        const activeIds = new Set([...this.knownIds].filter((id) => this.severityOf(id, config) !== 'off'));
        const result = applySuppressions(path, findings, suppressions, this.knownIds, activeIds);
        kept = [...result.kept, ...result.problems];
      }
    }
    const out: Diagnostic[] = [];
    for (const f of kept) {
      const severity = this.severityOf(f.ruleId, config);
      if (severity === 'off') continue;
      const d = { ruleId: f.ruleId, path: f.path, range: f.range, message: f.message, related: f.related, severity } as Diagnostic;
      lazyFixes(d, () => f.fixes.filter((fix) => !(fix.creates ?? []).some((c) => ws.exists(c.path))));
      out.push(d);
    }
    out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
    return out;
  }

  suppressionsOf(doc: ParsedDocument): Suppression[] {
    let s = this.suppressionCache.get(doc);
    if (!s) { s = parseSuppressions(doc.index); this.suppressionCache.set(doc, s); }
    return s;
  }
}

/** Defines `fixes` as a memoised, enumerable getter (spreads and JSON see a plain array). */
function lazyFixes(target: { fixes: Fix[] }, compute: () => Fix[]): void {
  let value: Fix[] | undefined;
  Object.defineProperty(target, 'fixes', { enumerable: true, configurable: true, get: () => (value ??= compute()) });
}
