import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Area, Priority } from '../../../server/src/core/engine/types';
import {
  P2_COST_CAP, PRIORITY_WEIGHT, emptyCounts, penalty, problemCost, rawScore, scores, shownScore, spread, verdict,
  type AssessedRule, type PriorityCounts, type Problem,
} from '../../../server/src/report/score';

const c = (P0: number, P1: number, P2: number): PriorityCounts => ({ P0, P1, P2 });
const PRIORITIES: Priority[] = ['P0', 'P1', 'P2'];
let nextId = 0;
const problem = (priority: Priority, sites = 1, auditOnly = false, area: Area = 'Security'): Problem =>
  ({ ruleId: `rule-${nextId++}`, priority, area, sites, auditOnly });
const score = (w: number, ps: readonly Problem[]) => shownScore(rawScore(w, ps));

/** A small deterministic pseudo-random sequence (the tests must not depend on luck). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('report score', () => {
  it('is 10 without problems, "not assessed" with nothing to assess, below 10 with any problem', () => {
    assert.strictEqual(score(5, []), 10);
    assert.strictEqual(score(0, []), undefined);
    for (const p of PRIORITIES) for (const audit of [false, true]) assert.ok(score(50, [problem(p, 1, audit)])! < 10);
  });

  it('counts distinct problems: one rule failing in 12 places costs far less than 12 rules failing once', () => {
    assert.ok(problemCost(problem('P1', 12)) < 2 * problemCost(problem('P1', 1)));
    assert.ok(score(20, [problem('P1', 12)])! > score(20, Array.from({ length: 12 }, () => problem('P1', 1)))!);
  });

  it('weighs spread weakly: a tenth more per doubling of the sites', () => {
    assert.ok(Math.abs(spread(1) - 1.1) < 1e-9);
    assert.ok(Math.abs(spread(3) - 1.2) < 1e-9);
    assert.ok(Math.abs(spread(1023) - 2.0) < 1e-9);
    for (let n = 1; n < 2000; n++) assert.ok(spread(n + 1) > spread(n));
  });

  it('stays above 0 and at most 10, and keeps telling many problems from fewer (no saturation)', () => {
    const series = [1, 2, 5, 10, 20, 50, 200].map((n) => rawScore(30, Array.from({ length: n }, () => problem('P0', 100)))!);
    for (let i = 1; i < series.length; i++) assert.ok(series[i] < series[i - 1] && series[i] > 0, `series ${series}`);
    assert.ok(shownScore(series[3])! > shownScore(series[4])!, '10 P0 problems show higher than 20');
    assert.ok(rawScore(1, [problem('P0', 1e6)])! > 0);
  });

  it('never goes up when a finding is added, raw or shown (monotonic), in a workspace whose checks are fixed', () => {
    const rand = lcg(7);
    for (let trial = 0; trial < 2000; trial++) {
      const w = 1 + Math.floor(rand() * 40);
      const ps: Problem[] = Array.from({ length: Math.floor(rand() * 8) }, () =>
        problem(PRIORITIES[Math.floor(rand() * 3)], 1 + Math.floor(rand() * 50), rand() < 0.3));
      const before = rawScore(w, ps)!;
      const i = Math.floor(rand() * (ps.length + 1));
      let after: Problem[];
      if (i === ps.length) after = [...ps, problem(PRIORITIES[Math.floor(rand() * 3)], 1, rand() < 0.5)]; // a new problem
      else if (rand() < 0.5) after = ps.map((p, j) => (j === i ? { ...p, sites: p.sites + 1 } : p)); // one more site
      else after = ps.map((p, j) => (j === i ? { ...p, sites: p.sites + 1, auditOnly: false } : p)); // a default-profile site
      const now = rawScore(w, after)!;
      assert.ok(now <= before + 1e-12, `trial ${trial}: ${before} → ${now}`);
      assert.ok(shownScore(now)! <= shownScore(before)!);
    }
  });

  it('a P0 or P1 problem costs more than every P2 problem together, however many and widespread', () => {
    const manyP2 = Array.from({ length: 500 }, () => problem('P2', 10000));
    assert.ok(penalty(manyP2) <= P2_COST_CAP);
    for (const p of ['P0', 'P1'] as const) for (const audit of [false, true]) {
      // An audit-only P1 is costed as a P2: that one falls under the cap like the P2s.
      if (p === 'P1' && audit) continue;
      const one = problem(p, 1, audit);
      assert.ok(problemCost(one) > P2_COST_CAP, `${p}${audit ? ' (audit-only)' : ''}`);
      for (const base of [[], [problem('P1', 3)], [problem('P0', 40), problem('P2', 2)]] as Problem[][]) {
        assert.ok(rawScore(20, [...base, one])! < rawScore(20, [...base, ...manyP2])!, `${p} vs 500 P2s over ${base.length} problems`);
      }
    }
    assert.ok(PRIORITY_WEIGHT.P0 > PRIORITY_WEIGHT.P1 && PRIORITY_WEIGHT.P1 > PRIORITY_WEIGHT.P2);
  });

  it('weighs an area as at least one P1 check, so a lone P2 check does not halve it', () => {
    const lone = [problem('P2', 1, true)];
    assert.strictEqual(rawScore(1 / 3, lone), rawScore(1, lone));
    assert.ok(shownScore(rawScore(1 / 3, lone))! >= 7);
    assert.ok(rawScore(5, lone)! > rawScore(1, lone)!);
  });

  it('costs an audit-only problem one priority lower', () => {
    assert.strictEqual(problemCost(problem('P0', 2, true)), problemCost(problem('P1', 2)));
    assert.strictEqual(problemCost(problem('P1', 2, true)), problemCost(problem('P2', 2)));
  });

  it('scores areas on their own rules and problems, pools them overall, and leaves an area with nothing to assess unscored', () => {
    const assessed: AssessedRule[] = [
      { id: 'a', priority: 'P0', area: 'Security' }, { id: 'b', priority: 'P1', area: 'Security' },
      { id: 'c', priority: 'P1', area: 'Deployment' },
    ];
    const ps: Problem[] = [{ ruleId: 'a', priority: 'P0', area: 'Security', sites: 2, auditOnly: false }, { ruleId: 'c', priority: 'P1', area: 'Deployment', sites: 1, auditOnly: false }];
    const s = scores(assessed, ps);
    assert.strictEqual(s.byArea.Security, score(4, [ps[0]]));
    assert.strictEqual(s.byArea.Deployment, score(1, [ps[1]]));
    assert.strictEqual(s.byArea.Observability, undefined);
    assert.strictEqual(s.overall, score(5, ps));
    // A rule that reported though nothing said it had anything to examine counts as assessed.
    const extra = scores([], [{ ruleId: 'z', priority: 'P2', area: 'Operations', sites: 1, auditOnly: false }]);
    assert.strictEqual(extra.byArea.Operations, score(1 / 3, [{ ruleId: 'z', priority: 'P2', area: 'Operations', sites: 1, auditOnly: false }]));
  });

  it('matches the formula and the examples documented in docs/report.md', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'report.md'), 'utf8');
    assert.match(doc, /weight: +P0 = 3, P1 = 1, P2 = 1\/3/);
    assert.match(doc, /spread\(n\) = 1 \+ log2\(1 \+ n\) \/ 10/);
    assert.match(doc, /min\(Σ cost of P2 problems, 1\)/);
    let checked = 0;
    // | description | W | problems (P1:3 = a P1 problem with 3 sites; `a` = audit-only) | score |
    for (const m of doc.matchAll(/^\| [^|]+ \| ([\d.]+) \| ((?:P[012]:\d+a? ?)+) \| ([\d.]+) \|$/gm)) {
      const ps = m[2].trim().split(/\s+/).map((t) => { const [, p, n, a] = /^(P[012]):(\d+)(a?)$/.exec(t)!; return problem(p as Priority, Number(n), a === 'a'); });
      assert.strictEqual(score(Number(m[1]), ps), Number(m[3]), m[0]);
      checked++;
    }
    assert.ok(checked >= 6, `checked ${checked} documented examples`);
  });

  it('shows one decimal, rounded down', () => {
    const raw = rawScore(7, [problem('P1', 3)])!;
    assert.strictEqual(shownScore(raw), Math.floor(raw * 10) / 10);
  });

  it('gives a verdict by the highest priority found', () => {
    assert.match(verdict(c(1, 0, 0)), /Not production-ready/);
    assert.match(verdict(c(0, 1, 5)), /P1/);
    assert.match(verdict(c(0, 0, 5)), /P2/);
    assert.match(verdict(emptyCounts()), /no findings/);
  });
});
