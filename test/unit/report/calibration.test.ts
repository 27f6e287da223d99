/**
 * The score against the hand audit it must agree with: seed 004 scored SyncTV at e2ff7159 6.5/10
 * overall (Security 7, Operations 5, Reliability 6, Observability 6, Deployment 5). The fixture
 * test/fixtures/seed-004 is a minimized workspace with the problems that audit found (our own
 * code, not SyncTV's); the report must score it within 6.5 ± 1.0 overall and each area within ± 1.5.
 * The same holds for the real tree (README: `node out/server/src/cli/main.js report …synctv…`).
 */
import * as assert from 'assert';
import * as path from 'path';
import { createEngine } from '../../../rules';
import { Analyzer } from '../../../server/src/core/engine/analyzer';
import type { Area } from '../../../server/src/core/engine/types';
import { WorkspaceModel } from '../../../server/src/core/engine/workspace';
import { buildReportForAnalyzer } from '../../../server/src/report';
import { packageRoot } from '../../../server/src/output/ruleDocs';

const FIXTURE = path.join(packageRoot(), 'test', 'fixtures', 'seed-004');
const SEED_OVERALL = 6.5;
const SEED_AREAS: Partial<Record<Area, number>> = { Security: 7, Operations: 5, Reliability: 6, Observability: 6, Deployment: 5 };

describe('score calibration against seed 004 (SyncTV e2ff7159: 6.5/10)', () => {
  const engine = createEngine();
  const model = new WorkspaceModel(FIXTURE, { knownRules: engine.knownIds });
  const report = buildReportForAnalyzer(new Analyzer(engine, model), FIXTURE).model;
  const rulesFound = new Set(report.findings.map((f) => f.ruleId));

  it('the fixture has the problems the audit found, in their areas', () => {
    for (const id of ['unvalidated-redirect', 'secret-in-log', 'unbounded-channel', 'panic-in-production', 'health-check-static', 'ci-workflow-missing',
      'migration-without-down', 'tracing-without-exporter', 'dockerfile-missing', 'git-dependency-unpinned', 'deny-config-missing',
      'multiple-locks-in-struct', 'credentials-in-url', 'log-file-without-rotation', 'duplicate-dependency-versions']) {
      assert.ok(rulesFound.has(id), `the fixture must reproduce ${id}`);
    }
  });

  it(`scores ${SEED_OVERALL} ± 1.0 overall and each area the seed scored within ± 1.5`, () => {
    const shown = `overall ${report.scores.overall}; ${Object.entries(report.scores.byArea).map(([a, s]) => `${a} ${s}`).join(', ')}`;
    assert.ok(report.scores.overall !== undefined && Math.abs(report.scores.overall - SEED_OVERALL) <= 1.0, shown);
    for (const [area, seed] of Object.entries(SEED_AREAS) as [Area, number][]) {
      const s = report.scores.byArea[area];
      assert.ok(s !== undefined && Math.abs(s - seed) <= 1.5, `${area}: ${s} vs the seed's ${seed} (${shown})`);
    }
  });
});
