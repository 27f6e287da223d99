/**
 * A structural check of GitHub Actions workflows, for tests of fixes that write or edit them.
 * No GitHub workflow JSON schema is available offline (none in node_modules), so this parses the
 * YAML with `yaml` and checks the shape GitHub rejects a workflow for: `on`, a map of `jobs`, each
 * job either a reusable-workflow call (`uses`) or `runs-on` with a list of `steps`, each step with
 * exactly one of `uses` / `run`, action references of the form `owner/repo[/path]@ref`, and only
 * keys GitHub knows at each level.
 */
import * as assert from 'assert';
import { parse } from 'yaml';
import type { Diagnostic } from '../../server/src/core/engine/types';
import { applyFix, type Files } from './workspace';

const WORKFLOW_KEYS = new Set(['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs']);
const JOB_KEYS = new Set([
  'name', 'permissions', 'needs', 'if', 'runs-on', 'environment', 'concurrency', 'outputs', 'env', 'defaults', 'steps',
  'timeout-minutes', 'strategy', 'continue-on-error', 'container', 'services', 'uses', 'with', 'secrets',
]);
const STEP_KEYS = new Set(['id', 'if', 'name', 'uses', 'run', 'working-directory', 'shell', 'with', 'env', 'continue-on-error', 'timeout-minutes']);
const ACTION_REF = /^(?:\.\/\S+|docker:\/\/\S+|[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(?:\/[^@\s]+)?@[^@\s]+)$/;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fails with what is wrong when `text` is not a well-formed GitHub Actions workflow; returns the parsed workflow. */
export function assertWorkflowShape(text: string): Record<string, unknown> {
  const wf: unknown = parse(text);
  assert.ok(isMap(wf), `a workflow is a map:\n${text}`);
  for (const k of Object.keys(wf)) assert.ok(WORKFLOW_KEYS.has(k), `unknown workflow key \`${k}\`:\n${text}`);
  assert.ok('on' in wf, `a workflow needs \`on\`:\n${text}`);
  assert.ok(isMap(wf.jobs) && Object.keys(wf.jobs).length > 0, `\`jobs\` is a non-empty map:\n${text}`);
  for (const [id, job] of Object.entries(wf.jobs)) {
    assert.match(id, /^[A-Za-z_][A-Za-z0-9_-]*$/, `job id \`${id}\``);
    assert.ok(isMap(job), `job \`${id}\` is a map`);
    for (const k of Object.keys(job)) assert.ok(JOB_KEYS.has(k), `unknown key \`${k}\` in job \`${id}\`:\n${text}`);
    if (typeof job.uses === 'string') {
      assert.match(job.uses, ACTION_REF, `job \`${id}\` calls a workflow by \`owner/repo/path@ref\``);
      assert.ok(!('steps' in job), `job \`${id}\` calls a workflow and has steps`);
      continue;
    }
    assert.ok(job['runs-on'] !== undefined, `job \`${id}\` has no \`runs-on\`:\n${text}`);
    assert.ok(Array.isArray(job.steps) && job.steps.length > 0, `job \`${id}\` has no steps:\n${text}`);
    for (const [i, step] of (job.steps as unknown[]).entries()) {
      const where = `step ${i + 1} of job \`${id}\``;
      assert.ok(isMap(step), `${where} is a map`);
      for (const k of Object.keys(step)) assert.ok(STEP_KEYS.has(k), `unknown key \`${k}\` in ${where}:\n${text}`);
      assert.ok(('uses' in step) !== ('run' in step), `${where} needs exactly one of \`uses\` and \`run\`:\n${text}`);
      if ('uses' in step) assert.match(String(step.uses), ACTION_REF, `${where}: \`uses: ${String(step.uses)}\``);
      if ('run' in step) assert.ok(typeof step.run === 'string' && step.run.trim() !== '', `${where}: \`run\` is a command`);
      if ('with' in step) {
        assert.ok('uses' in step && isMap(step.with), `${where}: \`with\` is a map of an action's inputs`);
        for (const v of Object.values(step.with)) assert.ok(['string', 'number', 'boolean'].includes(typeof v), `${where}: inputs are scalars`);
      }
    }
  }
  return wf;
}

/** Applies the first fix of `finding` and checks every workflow it writes or edits. Returns the files after the fix. */
export function assertFixedWorkflows(files: Files, finding: Diagnostic): Files {
  const fix = finding.fixes[0];
  assert.ok(fix, `no fix on ${finding.path}:${finding.range.start.line + 1}`);
  const after = applyFix(files, fix);
  const touched = new Set([...fix.edits.map((e) => e.path), ...(fix.creates ?? []).map((c) => c.path)]);
  for (const p of touched) if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(p)) assertWorkflowShape(after[p]);
  return after;
}
