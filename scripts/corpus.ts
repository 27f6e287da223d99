/**
 * Precision on a labelled corpus of real services: `npm run corpus -- DIR… [--profile default|audit] [--write-skeleton]`
 * (or `node out/scripts/corpus.js …`). Not part of `npm test`.
 *
 * Each DIR is a checkout of a real Rust repository, anywhere on disk, whose basename is `<owner>-<repo>@<commit>`
 * (short or full hash). Its labels live in test/corpus/<owner>-<repo>@<commit>.labels.json (same basename):
 *   { repo, commit, labelledWith, findings: [{ rule, path, line, verdict: TP|FP|NOISE|?, reason, mustFind? }] }
 * For each DIR: runs the built CLI with `--format json`, matches every finding to a label by (rule, path, line),
 * allowing the line to have moved by ±3 when exactly one label of that rule+path is that close; prints per rule the
 * findings, TP, FP, NOISE, unlabelled and precision = TP / (TP+FP+NOISE); lists unlabelled findings and the
 * `mustFind` labels no longer found in the audit profile (the seeds are audits). Exit 1 when, for any DIR, overall precision < 95%, a rule's precision < 85%
 * (labelled findings only) or a must-find is missing (thresholds of the default profile; `--profile audit` relaxes
 * them). `--write-skeleton` instead writes, for a DIR with no labels file yet, every current finding with verdict "?"
 * (counted as unlabelled) to start labelling from; with an existing labels file it adds only the unmatched findings.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'out', 'server', 'src', 'cli', 'main.js');
const LABELS = path.join(ROOT, 'test', 'corpus');
const TOLERANCE = 3;
/** Ids of the rules that read Rust source (from the built rule catalog). */
const RUST_RULES: ReadonlySet<string> = new Set(
  (require(path.join(ROOT, 'out', 'rules', 'index.js')) as typeof import('../rules/index')).allRules.filter((r) => r.kind === 'rust').map((r) => r.meta.id),
);
const PROFILES: Record<string, { overall: number; perRule: number }> = {
  default: { overall: 0.95, perRule: 0.85 },
  audit: { overall: 0.8, perRule: 0.6 },
};

type Verdict = 'TP' | 'FP' | 'NOISE' | '?';
interface Label { rule: string; path: string; line: number; verdict: Verdict; reason: string; mustFind?: true }
interface LabelsFile { repo: string; commit: string; labelledWith: string; findings: Label[] }
interface Finding { ruleId: string; severity: string; path: string; line: number; message: string }

function runCli(dir: string, profile: string | undefined): Finding[] {
  const args = [CLI, dir, '--format', 'json', '--fail-on', 'none'];
  // Forward-compatible: pass --profile only once the CLI knows it.
  if (profile && spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout.includes('--profile')) {
    args.push('--profile', profile);
  }
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`CLI failed on ${dir} (exit ${r.status}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
}

/** Pairs each finding with a label: exact (rule, path, line) first, then the one unused label within ±3 lines. */
function match(findings: Finding[], labels: Label[]): Map<Finding, Label | undefined> {
  const used = new Set<Label>();
  const out = new Map<Finding, Label | undefined>();
  const key = (rule: string, p: string) => `${rule}\0${p}`;
  const byKey = new Map<string, Label[]>();
  for (const l of labels) byKey.set(key(l.rule, l.path), [...(byKey.get(key(l.rule, l.path)) ?? []), l]);
  for (const f of findings) {
    const exact = byKey.get(key(f.ruleId, f.path))?.find((l) => !used.has(l) && l.line === f.line);
    if (exact) used.add(exact);
    out.set(f, exact);
  }
  for (const f of findings) {
    if (out.get(f)) continue;
    const near = (byKey.get(key(f.ruleId, f.path)) ?? []).filter((l) => !used.has(l) && Math.abs(l.line - f.line) <= TOLERANCE);
    if (near.length === 1) { used.add(near[0]); out.set(f, near[0]); }
  }
  return out;
}

const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const sortLabels = (ls: Label[]) =>
  ls.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.rule.localeCompare(b.rule));

function parseName(dir: string): { owner: string; name: string; commit: string } {
  const m = /^([^-@]+)-(.+)@([0-9a-f]{7,40})$/.exec(path.basename(path.resolve(dir)));
  if (!m) throw new Error(`${dir}: basename must be <owner>-<repo>@<commit>`);
  return { owner: m[1], name: m[2], commit: m[3] };
}

/** test/corpus/<basename>.labels.json, or the labels file of the same repo whose commit is a prefix of DIR's or vice versa. */
function labelsPath(dir: string): string {
  const base = path.basename(path.resolve(dir));
  const exact = path.join(LABELS, `${base}.labels.json`);
  if (fs.existsSync(exact) || !fs.existsSync(LABELS)) return exact;
  const [repo, commit] = base.split('@');
  const other = fs.readdirSync(LABELS).find((f) => {
    const m = /^(.+)@([0-9a-f]+)\.labels\.json$/.exec(f);
    return m !== null && m[1] === repo && (m[2].startsWith(commit) || commit.startsWith(m[2]));
  });
  return other ? path.join(LABELS, other) : exact;
}

function writeSkeleton(dir: string, findings: Finding[]): void {
  const file = labelsPath(dir);
  const { owner, name, commit } = parseName(dir);
  const head = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  const data: LabelsFile = fs.existsSync(file)
    ? JSON.parse(fs.readFileSync(file, 'utf8'))
    : { repo: `${owner}/${name}` /* a guess when the owner has a '-' */, commit, labelledWith: `rust-readiness git ${head}`, findings: [] };
  const matched = match(findings, data.findings);
  for (const f of findings) {
    if (!matched.get(f)) data.findings.push({ rule: f.ruleId, path: f.path, line: f.line, verdict: '?', reason: '' });
  }
  sortLabels(data.findings);
  fs.mkdirSync(LABELS, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  console.log(`${file}: ${data.findings.length} labels (${data.findings.filter((l) => l.verdict === '?').length} to label)`);
}

/** Prints the service's report; returns the reasons it fails the thresholds. */
function report(dir: string, findings: Finding[], profile: string, auditFindings: Finding[]): string[] {
  const file = labelsPath(dir);
  if (!fs.existsSync(file)) return [`no labels file ${path.relative(ROOT, file)} (try --write-skeleton)`];
  const data: LabelsFile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const matched = match(findings, data.findings);
  const rows = new Map<string, { n: number; TP: number; FP: number; NOISE: number; un: number }>();
  const unlabelled: Finding[] = [];
  for (const f of findings) {
    const row = rows.get(f.ruleId) ?? { n: 0, TP: 0, FP: 0, NOISE: 0, un: 0 };
    rows.set(f.ruleId, row);
    row.n++;
    const v = matched.get(f)?.verdict;
    if (v === 'TP' || v === 'FP' || v === 'NOISE') row[v]++;
    else { row.un++; unlabelled.push(f); }
  }
  const limits = PROFILES[profile];
  const failures: string[] = [];
  const total = { n: 0, TP: 0, FP: 0, NOISE: 0, un: 0 };
  console.log(`\n## ${data.repo}@${data.commit.slice(0, 8)}  (${dir})`);
  console.log(`${'rule'.padEnd(34)} ${'found'.padStart(5)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'NOISE'.padStart(5)} ${'unlab'.padStart(5)}  precision`);
  for (const [rule, r] of [...rows].sort((a, b) => a[0].localeCompare(b[0]))) {
    const labelled = r.TP + r.FP + r.NOISE;
    console.log(`${rule.padEnd(34)} ${String(r.n).padStart(5)} ${String(r.TP).padStart(4)} ${String(r.FP).padStart(4)} ${String(r.NOISE).padStart(5)} ${String(r.un).padStart(5)}  ${pct(r.TP, labelled)}`);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
    if (labelled > 0 && r.TP / labelled < limits.perRule) failures.push(`${rule} precision ${pct(r.TP, labelled).trim()} < ${limits.perRule * 100}%`);
  }
  // The Rust rules' share (the precision issues' bar is on Rust findings), then everything.
  const rust = { n: 0, TP: 0, FP: 0, NOISE: 0, un: 0 };
  for (const [rule, r] of rows) if (RUST_RULES.has(rule)) for (const k of Object.keys(rust) as (keyof typeof rust)[]) rust[k] += r[k];
  const rustLabelled = rust.TP + rust.FP + rust.NOISE;
  console.log(`${'Rust rules'.padEnd(34)} ${String(rust.n).padStart(5)} ${String(rust.TP).padStart(4)} ${String(rust.FP).padStart(4)} ${String(rust.NOISE).padStart(5)} ${String(rust.un).padStart(5)}  ${pct(rust.TP, rustLabelled)}`);
  const labelled = total.TP + total.FP + total.NOISE;
  console.log(`${'overall'.padEnd(34)} ${String(total.n).padStart(5)} ${String(total.TP).padStart(4)} ${String(total.FP).padStart(4)} ${String(total.NOISE).padStart(5)} ${String(total.un).padStart(5)}  ${pct(total.TP, labelled)}`);
  if (labelled > 0 && total.TP / labelled < limits.overall) failures.push(`overall precision ${pct(total.TP, labelled).trim()} < ${limits.overall * 100}%`);
  if (unlabelled.length) {
    console.log(`\nUnlabelled findings (${unlabelled.length}):`);
    for (const f of unlabelled) console.log(`  ${f.ruleId} ${f.path}:${f.line} ${f.message.slice(0, 80)}`);
  }
  // Must-finds are the seed audits' findings: the audit profile reproduces them in full (some, like
  // a secret logged only in debug builds, are audit-only by design).
  const found = new Set(match(auditFindings, data.findings).values());
  const missing = data.findings.filter((l) => l.mustFind && !found.has(l));
  if (missing.length) {
    console.log(`\nMust-finds no longer found in the audit profile (${missing.length}):`);
    for (const l of missing) console.log(`  ${l.rule} ${l.path}:${l.line} ${l.reason}`);
    failures.push(`${missing.length} must-find(s) missing`);
  }
  return failures;
}

function main(argv: string[]): number {
  let profile = 'default';
  let skeleton = false;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--profile') profile = argv[++i];
    else if (argv[i] === '--write-skeleton') skeleton = true;
    else if (argv[i].startsWith('-')) { console.error(`unknown option ${argv[i]}`); return 2; }
    else dirs.push(argv[i]);
  }
  if (!PROFILES[profile] || dirs.length === 0) {
    console.error('usage: npm run corpus -- DIR… [--profile default|audit] [--write-skeleton]');
    return 2;
  }
  let failed = false;
  for (const dir of dirs) {
    parseName(dir);
    const findings = runCli(dir, profile);
    if (skeleton) { writeSkeleton(dir, findings); continue; }
    const failures = report(dir, findings, profile, profile === 'audit' ? findings : runCli(dir, 'audit'));
    for (const f of failures) console.log(`FAIL ${path.basename(dir)}: ${f}`);
    failed ||= failures.length > 0;
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
}
