/**
 * The report's data: findings enriched with their rule's title, priority, area, why and fix, the
 * counts by priority and area, the scores, the checklist and the priority matrix. Markdown and
 * HTML are two renderings of this one model, so they always say the same thing.
 */
import { AREAS, type Area, type AuditTier, type Diagnostic, type Priority, type RuleMeta, type Severity } from '../core/engine/types';
import type { CodeLineOf } from './baseline';
import { redactCodeLine } from './redact';
import { emptyCounts, scores, verdict, type AssessedRule, type PriorityCounts, type Problem, type Scores } from './score';

export const PRIORITIES: readonly Priority[] = ['P0', 'P1', 'P2'];
export const PRIORITY_LABEL: Record<Priority, string> = {
  P0: 'Blocks production',
  P1: 'Before launch',
  P2: 'Continuous improvement',
};
const SEVERITY_PRIORITY: Record<Severity, Priority> = { error: 'P0', warning: 'P1', info: 'P2' };
const MAX_CODE_LENGTH = 200;

export interface ReportFinding {
  ruleId: string;
  title: string;
  priority: Priority;
  area: Area;
  severity: Severity;
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based (UTF-16). */
  column: number;
  /** The finding's source line, trimmed, secret values masked (and shortened when very long); '' when there is no text. */
  code: string;
  message: string;
  /** Titles of the quick-fixes the finding offers (preferred first). */
  fixes: string[];
  /** Set when the finding is in the audit profile only (hygiene, acknowledged, non-production). */
  tier?: AuditTier;
}

export type RuleStatus = 'passed' | 'open' | 'off';
export interface RuleRow { meta: RuleMeta; count: number; status: RuleStatus }

export type ChecklistStatus = 'Fix' | 'Improve' | 'Review' | 'Pass' | 'Not assessed';
export interface ChecklistRow {
  area: Area;
  status: ChecklistStatus;
  /** The rule the row is about; absent on an area's "passed" row. */
  rule?: RuleMeta;
  count: number;
  action: string;
}

export interface ReportModel {
  workspace: string;
  /** YYYY-MM-DD (UTC). */
  date: string;
  version: string;
  rulesRun: number;
  rulesTotal: number;
  filesAnalysed?: number;
  findings: ReportFinding[];
  counts: PriorityCounts;
  byArea: Record<Area, PriorityCounts>;
  scores: Scores;
  /** Areas with something to assess (an area without is "not assessed"). */
  assessedAreas: Area[];
  verdict: string;
  rules: RuleRow[];
  checklist: ChecklistRow[];
  /** Findings hidden because they are in the baseline. */
  baselined: number;
  baselineFile?: string;
}

export interface ReportInput {
  workspace: string;
  results: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Every rule of the catalog (engine.allMeta()). */
  rules: readonly RuleMeta[];
  /** Ids of the rules that ran (not configured off); default: all. */
  activeRuleIds?: ReadonlySet<string>;
  /** Ids of the rules that had something to examine (`assessed.ts`); default: the rules that ran. */
  assessedRuleIds?: ReadonlySet<string>;
  codeLine: CodeLineOf;
  version: string;
  date?: Date;
  filesAnalysed?: number;
  baselined?: number;
  baselineFile?: string;
}

const CHECKLIST_STATUS: Record<Priority, ChecklistStatus> = { P0: 'Fix', P1: 'Improve', P2: 'Review' };

function shorten(code: string): string {
  const t = code.trim();
  return t.length > MAX_CODE_LENGTH ? t.slice(0, MAX_CODE_LENGTH - 1) + '…' : t;
}

function comparePriority(a: Priority, b: Priority): number { return PRIORITIES.indexOf(a) - PRIORITIES.indexOf(b); }
function compareArea(a: Area, b: Area): number { return AREAS.indexOf(a) - AREAS.indexOf(b); }

export function buildReportModel(input: ReportInput): ReportModel {
  const metaById = new Map(input.rules.map((m) => [m.id, m]));
  const findings: ReportFinding[] = [];
  for (const [path, diags] of input.results) {
    for (const d of diags) {
      const meta = metaById.get(d.ruleId);
      const fixes = [...d.fixes].sort((a, b) => Number(b.preferred) - Number(a.preferred)).map((f) => f.title);
      findings.push({
        ruleId: d.ruleId,
        title: meta?.title ?? d.ruleId,
        priority: meta?.priority ?? SEVERITY_PRIORITY[d.severity],
        area: meta?.area ?? 'Operations',
        severity: d.severity,
        path: d.path || path,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        code: shorten(redactCodeLine(d.ruleId, d.path || path, input.codeLine(d.path || path, d.range.start.line))),
        message: d.message,
        fixes,
        ...(d.tier ? { tier: d.tier } : {}),
      });
    }
  }
  findings.sort((a, b) => comparePriority(a.priority, b.priority) || compareArea(a.area, b.area) || a.ruleId.localeCompare(b.ruleId)
    || a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);

  const counts = emptyCounts();
  const byArea = Object.fromEntries(AREAS.map((a) => [a, emptyCounts()])) as Record<Area, PriorityCounts>;
  const perRule = new Map<string, number>();
  for (const f of findings) {
    counts[f.priority]++;
    byArea[f.area][f.priority]++;
    perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
  }

  const active = input.activeRuleIds;
  // Rules not in the catalog that still reported (should not happen) get a row too.
  const allMeta = [...input.rules];
  for (const f of findings) {
    if (!metaById.has(f.ruleId)) {
      const meta: RuleMeta = { id: f.ruleId, title: f.ruleId, priority: f.priority, area: f.area, nonTest: false, action: 'See the finding', docs: { what: '', why: '', example: '', useInstead: '', fixSafety: '', lang: '' } };
      metaById.set(f.ruleId, meta);
      allMeta.push(meta);
    }
  }
  const rules: RuleRow[] = allMeta.map((meta) => {
    const count = perRule.get(meta.id) ?? 0;
    const status: RuleStatus = count > 0 ? 'open' : active && !active.has(meta.id) ? 'off' : 'passed';
    return { meta, count, status };
  }).sort((a, b) => comparePriority(a.meta.priority, b.meta.priority) || compareArea(a.meta.area, b.meta.area) || a.meta.id.localeCompare(b.meta.id));

  const ran = (id: string) => !active || active.has(id);
  const assessed: AssessedRule[] = input.rules
    .filter((m) => ran(m.id) && (input.assessedRuleIds ? input.assessedRuleIds.has(m.id) : true))
    .map((m) => ({ id: m.id, priority: m.priority, area: m.area }));

  const checklist: ChecklistRow[] = [];
  for (const area of AREAS) {
    const open = rules.filter((r) => r.meta.area === area && r.count > 0);
    if (open.length === 0) {
      const checked = assessed.filter((r) => r.area === area).length;
      checklist.push(checked === 0
        ? { area, status: 'Not assessed', count: 0, action: 'Nothing here for its rules to examine' }
        : { area, status: 'Pass', count: 0, action: `${checked} rule${checked === 1 ? '' : 's'} checked, no findings` });
      continue;
    }
    for (const r of open) checklist.push({ area, status: CHECKLIST_STATUS[r.meta.priority], rule: r.meta, count: r.count, action: r.meta.action });
  }

  return {
    workspace: input.workspace,
    date: (input.date ?? new Date()).toISOString().slice(0, 10),
    version: input.version,
    rulesRun: rules.filter((r) => r.status !== 'off' && input.rules.some((m) => m.id === r.meta.id)).length,
    rulesTotal: input.rules.length,
    filesAnalysed: input.filesAnalysed,
    findings,
    counts,
    byArea,
    scores: scores(assessed, problemsOf(findings)),
    assessedAreas: AREAS.filter((a) => assessed.some((r) => r.area === a) || byArea[a].P0 + byArea[a].P1 + byArea[a].P2 > 0),
    verdict: verdict(counts),
    rules,
    checklist,
    baselined: input.baselined ?? 0,
    baselineFile: input.baselineFile,
  };
}

/** The distinct problems: one per rule with findings, with its number of sites. */
export function problemsOf(findings: readonly ReportFinding[]): Problem[] {
  const byRule = new Map<string, Problem>();
  for (const f of findings) {
    const p = byRule.get(f.ruleId);
    if (p) { p.sites++; p.auditOnly &&= f.tier !== undefined; continue; }
    byRule.set(f.ruleId, { ruleId: f.ruleId, priority: f.priority, area: f.area, sites: 1, auditOnly: f.tier !== undefined });
  }
  return [...byRule.values()];
}

/**
 * A message with its particulars (code spans, quoted strings, numbers) blanked: findings of one
 * rule whose messages have the same shape say the same thing about different sites.
 */
export function messageShape(message: string): string {
  return message.replace(/`[^`]*`/g, '`…`').replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\b\d+(?:\.\d+)?\b/g, 'N');
}

/** Findings of one rule that say the same thing (same message shape), in order of their first site. */
export interface FindingGroup { message: string; findings: ReportFinding[]; fixes: string[] }

/** Groups one rule's findings by message shape: "12 × `.load(conn).expect(…)`" is one entry with 12 sites. */
export function groupFindings(findings: readonly ReportFinding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${messageShape(f.message)}`;
    const g = groups.get(key);
    if (!g) { groups.set(key, { message: f.message, findings: [f], fixes: [...f.fixes] }); continue; }
    g.findings.push(f);
    for (const t of f.fixes) if (!g.fixes.includes(t)) g.fixes.push(t);
  }
  return [...groups.values()];
}

/** The findings of one priority, grouped by rule in matrix order. */
export function findingsByRule(model: ReportModel, priority: Priority): { meta: RuleMeta; findings: ReportFinding[] }[] {
  const out: { meta: RuleMeta; findings: ReportFinding[] }[] = [];
  for (const row of model.rules) {
    if (row.count === 0) continue;
    const fs = model.findings.filter((f) => f.ruleId === row.meta.id && f.priority === priority);
    if (fs.length) out.push({ meta: row.meta, findings: fs });
  }
  return out;
}

export { languageOf } from './redact';
