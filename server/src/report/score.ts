/**
 * The readiness score: 0–10 overall and per area, from the distinct problems found against what
 * was checked.
 *
 * A *problem* is a rule with findings: a rule failing in 12 places is one problem seen 12 times.
 * Each problem costs its priority's weight, times a spread factor that grows by a tenth for every
 * doubling of its sites; a problem seen only in audit-profile findings (hygiene, acknowledged,
 * non-production code) costs one priority lower:
 *
 *     weight:  P0 = 3,  P1 = 1,  P2 = 1/3
 *     cost(problem) = weight × spread(sites),      spread(n) = 1 + log2(1 + n) / 10
 *                                                  (1 site → 1.1, 3 → 1.2, 7 → 1.3, 15 → 1.4 …)
 *     penalty  L = Σ cost of P0 and P1 problems + min(Σ cost of P2 problems, 1)
 *     checked  W = Σ weight of the assessed rules (those with something to examine, `assessed.ts`),
 *                  at least 1 (one P1 check)
 *     score = 10 × W / (W + L)             shown rounded down to one decimal
 *
 * An area's score uses its own rules and problems; the overall score pools every area's W and L.
 * An area with no assessed rule and no problem is "not assessed" (no score).
 *
 * Properties (tested): 10 without problems, above 0 always (W / (W + L) never reaches 0, so
 * the score keeps telling 20 problems from 10); monotonic (in a workspace, W is fixed by its files,
 * and a finding only adds cost); a P0 problem (≥ 1.1 even when audit-only) and a P1 problem (≥ 1.1)
 * each cost more than every P2 problem together (≤ 1), however many and however widespread.
 */
import { AREAS, type Area, type Priority } from '../core/engine/types';

export interface PriorityCounts { P0: number; P1: number; P2: number }

export const PRIORITY_WEIGHT: Record<Priority, number> = { P0: 3, P1: 1, P2: 1 / 3 };
/** The most all P2 problems together can cost: less than any one P0 or P1 problem (≥ 1.1). */
export const P2_COST_CAP = 1;
const ONE_LOWER: Record<Priority, Priority> = { P0: 'P1', P1: 'P2', P2: 'P2' };

/** One rule failing in one area: its priority, number of sites, and whether every site is audit-only. */
export interface Problem {
  ruleId: string;
  priority: Priority;
  area: Area;
  sites: number;
  /** Every finding of the problem is in the audit profile only (hygiene, acknowledged, non-production). */
  auditOnly: boolean;
}

/** 1 + log2(1 + n) / 10: a tenth more for every doubling of the sites. */
export function spread(sites: number): number {
  return 1 + Math.log2(1 + Math.max(1, sites)) / 10;
}

/** The priority a problem is costed at: its own, or one lower when it is audit-only. */
export function costedPriority(p: Problem): Priority {
  return p.auditOnly ? ONE_LOWER[p.priority] : p.priority;
}

export function problemCost(p: Problem): number {
  return PRIORITY_WEIGHT[costedPriority(p)] * spread(p.sites);
}

/** L: the cost of the P0 and P1 problems plus that of the P2 problems, capped at `P2_COST_CAP`. */
export function penalty(problems: readonly Problem[]): number {
  let main = 0;
  let minor = 0;
  for (const p of problems) {
    if (costedPriority(p) === 'P2') minor += problemCost(p);
    else main += problemCost(p);
  }
  return main + Math.min(minor, P2_COST_CAP);
}

/**
 * The least W an assessed area counts: one P1 check's weight. Where only a P2 check applies (most
 * repositories' Operations: CODEOWNERS), its failure would otherwise swing the area by half.
 */
export const MIN_ASSESSED_WEIGHT = PRIORITY_WEIGHT.P1;

/** The exact score, 10 × W / (W + L) with W at least `MIN_ASSESSED_WEIGHT`; undefined when nothing was assessed and nothing found. */
export function rawScore(assessedWeight: number, problems: readonly Problem[]): number | undefined {
  const l = penalty(problems);
  if (assessedWeight <= 0 && l === 0) return undefined;
  const w = Math.max(assessedWeight, MIN_ASSESSED_WEIGHT);
  return (10 * w) / (w + l);
}

/** Rounded down to one decimal (keeps it monotonic, and never shows 10 with problems). */
export function shownScore(raw: number | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (raw >= 10) return 10;
  return Math.min(9.9, Math.floor(raw * 10 + 1e-9) / 10);
}

export function emptyCounts(): PriorityCounts { return { P0: 0, P1: 0, P2: 0 }; }

/** A score per area (undefined: not assessed) and overall. */
export interface Scores { overall: number | undefined; byArea: Record<Area, number | undefined> }

/** What was checked: the priority of every assessed rule, with its area. */
export interface AssessedRule { id: string; priority: Priority; area: Area }

/** The weight of the assessed rules (W). */
export function assessedWeight(rules: readonly AssessedRule[]): number {
  return rules.reduce((w, r) => w + PRIORITY_WEIGHT[r.priority], 0);
}

/** Overall and per-area scores. A rule with problems always counts as assessed. */
export function scores(assessed: readonly AssessedRule[], problems: readonly Problem[]): Scores {
  const checked = new Map(assessed.map((r) => [r.id, r]));
  for (const p of problems) if (!checked.has(p.ruleId)) checked.set(p.ruleId, { id: p.ruleId, priority: p.priority, area: p.area });
  const rules = [...checked.values()];
  const byArea = {} as Record<Area, number | undefined>;
  for (const area of AREAS) {
    byArea[area] = shownScore(rawScore(assessedWeight(rules.filter((r) => r.area === area)), problems.filter((p) => p.area === area)));
  }
  return { overall: shownScore(rawScore(assessedWeight(rules), problems)), byArea };
}

/** "Production-ready", "Needs work", …: a one-line verdict for the executive summary. */
export function verdict(counts: PriorityCounts): string {
  if (counts.P0 > 0) return 'Not production-ready: P0 findings block deployment';
  if (counts.P1 > 0) return 'Close: fix the P1 findings before launch';
  if (counts.P2 > 0) return 'Production-ready, with P2 improvements to make continuously';
  return 'Production-ready: no findings';
}
