/**
 * The readiness score: 0–10 overall and per area, from the findings' priorities.
 *
 * Each priority tier takes away a fixed amount for its first finding, then a further amount that
 * its next findings approach geometrically (every extra finding costs something, less than the one
 * before, and the tier never takes more than its cap):
 *
 *     penalty(0) = 0
 *     penalty(n) = first + rest × (1 − ratioⁿ⁻¹)          n ≥ 1 findings of that priority
 *
 *     tier   first   rest   ratio   cap (first + rest)
 *     P0     3.0     4.5    0.75    7.5     1 P0 → 3.0, 2 → 4.13, 3 → 4.97, 5 → 6.08, 10 → 7.16
 *     P1     0.6     1.4    0.8     2.0     1 P1 → 0.6, 2 → 0.88, 5 → 1.43, 10 → 1.81
 *     P2     0.1     0.4    0.8     0.5     1 P2 → 0.1, 5 → 0.34, 10 → 0.45
 *
 *     score = 10 − penalty(P0 count) − penalty(P1 count) − penalty(P2 count),
 *             shown rounded down to one decimal
 *
 * Properties (tested): the score stays within 0–10; it never goes up when a finding is added
 * (monotonic); one P0 finding (3.0) costs more than any number of P1 and P2 findings together can
 * (< 2.0 + 0.5), so a workspace with a P0 scores at most 7.0 and one without scores more than 7.5;
 * likewise one P1 (0.6) costs more than any number of P2s (< 0.5): at most 9.4 against more than
 * 9.5; no findings scores 10. An area's score uses that area's findings; the overall score uses all
 * findings together, so it is never higher than the worst area's.
 */
import { AREAS, type Area, type Priority } from '../engine/types';

export interface PriorityCounts { P0: number; P1: number; P2: number }

const SCORE_TIERS: Record<Priority, { first: number; rest: number; ratio: number }> = {
  P0: { first: 3.0, rest: 4.5, ratio: 0.75 },
  P1: { first: 0.6, rest: 1.4, ratio: 0.8 },
  P2: { first: 0.1, rest: 0.4, ratio: 0.8 },
};

/** Points a tier takes away for `n` findings: 0 for none, else `first + rest × (1 − ratioⁿ⁻¹)`. */
export function tierPenalty(priority: Priority, n: number): number {
  const { first, rest, ratio } = SCORE_TIERS[priority];
  if (!(n >= 1)) return 0;
  return first + rest * (1 - Math.pow(ratio, n - 1));
}

/** The most a tier can take away. */
export function tierCap(priority: Priority): number {
  return SCORE_TIERS[priority].first + SCORE_TIERS[priority].rest;
}

/** The exact score (not rounded), in [0, 10]. */
export function rawScore(counts: PriorityCounts): number {
  const s = 10 - tierPenalty('P0', counts.P0) - tierPenalty('P1', counts.P1) - tierPenalty('P2', counts.P2);
  return Math.min(10, Math.max(0, s));
}

/** The score as shown: rounded down to one decimal (rounding down keeps it monotonic and never shows 10 with findings). */
export function score(counts: PriorityCounts): number {
  const raw = rawScore(counts);
  if (raw >= 10) return 10;
  return Math.min(9.9, Math.floor(raw * 10 + 1e-9) / 10);
}

export function emptyCounts(): PriorityCounts { return { P0: 0, P1: 0, P2: 0 }; }

export interface Scores { overall: number; byArea: Record<Area, number> }

/** Overall and per-area scores from per-area priority counts. */
export function scores(byArea: Record<Area, PriorityCounts>): Scores {
  const total = emptyCounts();
  const areaScores = {} as Record<Area, number>;
  for (const area of AREAS) {
    const c = byArea[area] ?? emptyCounts();
    total.P0 += c.P0; total.P1 += c.P1; total.P2 += c.P2;
    areaScores[area] = score(c);
  }
  return { overall: score(total), byArea: areaScores };
}

/** "Production-ready", "Needs work", …: a one-line verdict for the executive summary. */
export function verdict(counts: PriorityCounts): string {
  if (counts.P0 > 0) return 'Not production-ready: P0 findings block deployment';
  if (counts.P1 > 0) return 'Close: fix the P1 findings before launch';
  if (counts.P2 > 0) return 'Production-ready, with P2 improvements to make continuously';
  return 'Production-ready: no findings';
}
