import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AREAS, type Area, type Priority } from '../../../server/src/engine/types';
import { emptyCounts, rawScore, score, scores, tierCap, tierPenalty, verdict, type PriorityCounts } from '../../../server/src/report/score';

const c = (P0: number, P1: number, P2: number): PriorityCounts => ({ P0, P1, P2 });
const PRIORITIES: Priority[] = ['P0', 'P1', 'P2'];

describe('report score', () => {
  it('is 10 with no findings, and an area with no findings scores 10', () => {
    assert.strictEqual(score(emptyCounts()), 10);
    const byArea = Object.fromEntries(AREAS.map((a) => [a, emptyCounts()])) as Record<Area, PriorityCounts>;
    byArea.Security = c(2, 3, 4);
    const s = scores(byArea);
    for (const a of AREAS) if (a !== 'Security') assert.strictEqual(s.byArea[a], 10, a);
    assert.ok(s.byArea.Security < 10);
  });

  it('stays within 0–10, also for huge counts', () => {
    for (const n of [0, 1, 2, 5, 10, 100, 1000, 1e6]) {
      for (const counts of [c(n, 0, 0), c(0, n, 0), c(0, 0, n), c(n, n, n)]) {
        for (const v of [rawScore(counts), score(counts)]) {
          assert.ok(v >= 0 && v <= 10, `${JSON.stringify(counts)} → ${v}`);
          assert.ok(Number.isFinite(v));
        }
      }
    }
    assert.ok(score(c(1e6, 1e6, 1e6)) < 0.1);
    assert.strictEqual(tierCap('P0') + tierCap('P1') + tierCap('P2'), 10, 'the caps use the whole range');
  });

  it('never goes up when a finding is added (monotonic), raw and shown', () => {
    for (let p0 = 0; p0 <= 6; p0++) for (let p1 = 0; p1 <= 12; p1++) for (let p2 = 0; p2 <= 12; p2++) {
      const base = c(p0, p1, p2);
      for (const p of PRIORITIES) {
        const more = { ...base, [p]: base[p] + 1 };
        assert.ok(rawScore(more) < rawScore(base), `adding a ${p} to ${JSON.stringify(base)} must lower the raw score`);
        assert.ok(score(more) <= score(base), `adding a ${p} to ${JSON.stringify(base)} raised the score`);
      }
    }
    // Any finding at all takes the shown score below 10.
    for (const p of PRIORITIES) assert.ok(score({ ...emptyCounts(), [p]: 1 }) < 10);
  });

  it('one P0 costs more than any number of P1 and P2 findings', () => {
    const withP0 = score(c(1, 0, 0));
    for (const n of [1, 10, 100, 10000]) {
      assert.ok(withP0 < score(c(0, n, n)), `1 P0 (${withP0}) vs ${n} P1 + ${n} P2 (${score(c(0, n, n))})`);
      assert.ok(withP0 < score(c(0, 0, n)));
      assert.ok(rawScore(c(1, 0, 0)) < rawScore(c(0, n, n)));
    }
    assert.ok(tierPenalty('P0', 1) > tierCap('P1') + tierCap('P2'), 'the first P0 outweighs the P1 and P2 tiers together');
    assert.strictEqual(withP0, 7);
    // A workspace with a P0 always scores below one without, whatever else each has.
    for (const [a, b] of [[0, 0], [5, 5], [100, 100]]) for (const [x, y] of [[0, 0], [3, 7], [1e4, 1e4]]) {
      assert.ok(score(c(1, a, b)) < score(c(0, x, y)), `P0 + ${a}/${b} vs ${x}/${y}`);
    }
  });

  it('one P1 costs more than any number of P2s', () => {
    for (const n of [1, 10, 1000]) assert.ok(score(c(0, 1, 0)) < score(c(0, 0, n)));
    assert.ok(tierPenalty('P1', 1) > tierCap('P2'));
    assert.strictEqual(score(c(0, 1, 0)), 9.4);
    assert.strictEqual(score(c(0, 0, 1)), 9.9);
    assert.ok(score(c(0, 0, 1e4)) >= 9.5);
  });

  it('overall is computed over all findings and is never above the worst area', () => {
    const byArea = Object.fromEntries(AREAS.map((a) => [a, emptyCounts()])) as Record<Area, PriorityCounts>;
    byArea.Security = c(0, 1, 0);
    byArea.Reliability = c(0, 1, 2);
    byArea.Operations = c(0, 0, 3);
    const s = scores(byArea);
    assert.strictEqual(s.overall, score(c(0, 2, 5)));
    assert.ok(s.overall <= Math.min(...AREAS.map((a) => s.byArea[a])));
  });

  it('keeps telling many P0s from few (no early saturation)', () => {
    const series = [1, 2, 3, 5, 10].map((n) => score(c(n, 0, 0)));
    for (let i = 1; i < series.length; i++) assert.ok(series[i] < series[i - 1], `P0 series ${series}`);
    assert.deepStrictEqual(series, [7, 5.8, 5, 3.9, 2.8]);
  });

  it('matches the formula and examples documented in docs/report.md', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'report.md'), 'utf8');
    let checked = 0;
    for (const m of doc.matchAll(/^\| (P[012]) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| (.*) \|$/gm)) {
      const p = m[1] as Priority;
      assert.strictEqual(tierPenalty(p, 1), Number(m[2]), `${p} first`);
      assert.strictEqual(tierCap(p), Number(m[5]), `${p} cap`);
      for (const ex of m[6].matchAll(/(\d+)(?: P[012])? → ([\d.]+)/g)) {
        assert.strictEqual(score({ ...emptyCounts(), [p]: Number(ex[1]) }), Number(ex[2]), `${ex[1]} ${p} → ${ex[2]}`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `checked ${checked} documented examples`);
  });

  it('shows one decimal, rounded down', () => {
    const v = score(c(0, 2, 1));
    assert.strictEqual(v, Math.floor(rawScore(c(0, 2, 1)) * 10) / 10);
    assert.strictEqual(String(v).split('.')[1]?.length ?? 0, v === Math.trunc(v) ? 0 : 1);
  });

  it('gives a verdict by the highest priority found', () => {
    assert.match(verdict(c(1, 0, 0)), /Not production-ready/);
    assert.match(verdict(c(0, 1, 5)), /P1/);
    assert.match(verdict(c(0, 0, 5)), /P2/);
    assert.match(verdict(c(0, 0, 0)), /no findings/);
  });
});
