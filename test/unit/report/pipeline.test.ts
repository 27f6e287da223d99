/**
 * One report pipeline: `rust-readiness report` and the language server's report (the "Open Report"
 * webview) build the report through `report/pipeline.ts`, so the same workspace, baseline and date
 * give the same report, byte for byte.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createEngine } from '../../../rules';
import { runCheck, type CheckOptions } from '../../../server/src/cli/check';
import { Analyzer } from '../../../server/src/core/engine/analyzer';
import { WorkspaceModel } from '../../../server/src/core/engine/workspace';
import { buildReportForAnalyzer } from '../../../server/src/report';
import { parseBaseline } from '../../../server/src/report/baseline';
import { writeWorkspace } from '../../helpers/workspace';
import { sink } from '../../helpers/streams';

const DATE = new Date('2026-03-04T12:00:00Z');

async function cliReport(root: string, extra: Partial<CheckOptions>): Promise<{ code: number; markdown: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const code = await runCheck({ paths: [root], format: 'markdown', report: true, fix: false, failOn: 'none', profile: 'audit', color: false, jobs: 1, date: DATE, ...extra }, out, err);
  return { code, markdown: out.text, stderr: err.text };
}

function serverReport(root: string, baselineFile?: string): string {
  const engine = createEngine();
  const analyzer = new Analyzer(engine, new WorkspaceModel(root, { knownRules: engine.knownIds }));
  const baseline = baselineFile ? parseBaseline(fs.readFileSync(baselineFile, 'utf8'), baselineFile) : undefined;
  return buildReportForAnalyzer(analyzer, root, { baseline, baselineFile, date: DATE }).markdown;
}

describe('report pipeline: the CLI and the language server', function () {
  this.timeout(60000);

  const service = () => writeWorkspace({
    'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nanyhow = "1"\n',
    'src/main.rs': 'use anyhow::Result;\n\nfn main() -> Result<()> {\n    let p: u16 = args.one.parse().expect("port");\n    Ok(())\n}\n',
    'config.toml': 'db_path = "data/app.db"\n',
    '.gitignore': '/target\n',
    // A configuration error: never baselined, whoever builds the report.
    '.readiness.toml': '[rules]\nno-such-rule = "off"\n',
  });

  it('give the same Markdown for the same workspace (no baseline)', async () => {
    const root = service();
    const cli = await cliReport(root, {});
    assert.strictEqual(cli.code, 2, 'the configuration error stops the CLI run');
    assert.match(cli.markdown, /\*\*Date\*\*: 2026-03-04/);
    assert.strictEqual(cli.markdown, serverReport(root));
  });

  it('give the same Markdown with a baseline: the same findings hidden, the configuration error kept', async () => {
    const root = service();
    const baselineFile = path.join(root, 'baseline.json');
    const written = await cliReport(root, { writeBaseline: baselineFile });
    assert.match(written.stderr, /wrote a baseline of \d+ findings/);
    assert.ok(parseBaseline(fs.readFileSync(baselineFile, 'utf8')).entries.some((e) => e.ruleId === 'config-invalid'), 'the baseline records the configuration error too');
    // A finding the baseline does not hold.
    fs.writeFileSync(path.join(root, 'src/main.rs'), fs.readFileSync(path.join(root, 'src/main.rs'), 'utf8').replace('    Ok(())', '    let q: u16 = args.two.parse().unwrap();\n    Ok(())'));
    const cli = await cliReport(root, { baseline: baselineFile });
    const server = serverReport(root, baselineFile);
    assert.match(cli.stderr, /\d+ findings? in the baseline not reported/);
    assert.match(cli.markdown, /\.unwrap\(\)/, 'the new finding is reported');
    assert.doesNotMatch(cli.markdown, /\.expect\("port"\)/, 'the baselined one is not');
    assert.match(cli.markdown, /config-invalid/, 'the configuration error is never baselined');
    assert.strictEqual(cli.markdown, server);
  });
});
