#!/usr/bin/env node
/**
 * The CLI: a thin shell over the same engine as the language server.
 *   rust-readiness [paths…] [--format FORMAT] [--output FILE] [--fix] [--config FILE] [--fail-on LEVEL] [--profile default|audit]
 *   rust-readiness report [paths…] [--format FORMAT] [--output FILE] [--baseline FILE] [--write-baseline FILE]
 * The formats are the entries of `output/formats.ts`.
 * Exit codes: 0 nothing at or above --fail-on, 1 something is, 2 usage or configuration error.
 * Argument parsing uses Node's built-in util.parseArgs: no dependency, strict unknown-option errors.
 */
import { parseArgs } from 'util';
import { runCheck, CliUsageError, type CheckOptions } from './check';
import { packageVersion } from '../report/version';
import { defaultFormat, formatsHelp, formatsOf } from '../output/formats';

const USAGE = `Usage: rust-readiness [paths…] [options]
       rust-readiness report [paths…] [--output FILE] [--format ${formatsOf('report').map((f) => f.name).join('|')}] [options]

Audits Rust services for production readiness. Each path is a workspace folder (or a file in one);
default: the current directory. \`report\` writes a readiness report (score, findings by priority,
checklist, priority matrix) as Markdown or as a self-contained HTML page.

Options:
  --format FORMAT            output format, from the list below (default: ${defaultFormat('check').name}; for report: ${defaultFormat('report').name})
  --output FILE              write the output to FILE instead of stdout
  --fix                      apply the preferred fixes, then report what is left
  --config FILE              use FILE instead of <workspace>/.readiness.toml
  --profile default|audit    default: only what a team acts on; audit: also hygiene, acknowledged and
                             non-production findings, each marked (default: the config's \`profile\`,
                             else default; for report: audit)
  --jobs N                   threads for the scan (default: every core, used from 4 MB of sources; 1: the main thread only)
  --fail-on error|warning|info|none
                             exit 1 when a finding at or above this severity remains (default: error)
  --baseline FILE            report only findings not in FILE (a baseline written by --write-baseline)
  --write-baseline FILE      write the current findings to FILE as the new baseline (they are then
                             not reported: the exit code counts only findings outside it)
  -h, --help                 show this help
  -v, --version              show the version

${formatsHelp()}

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error.`;

export { packageVersion };

/** The command line, read by Node's util.parseArgs (unknown options are errors). */
function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      fix: { type: 'boolean' },
      config: { type: 'string' },
      'fail-on': { type: 'string' },
      profile: { type: 'string' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      jobs: { type: 'string', short: 'j' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (e) {
    err.write(`rust-readiness: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) { out.write(USAGE + '\n'); return 0; }
  if (values.version) { out.write(packageVersion() + '\n'); return 0; }
  const isReport = positionals[0] === 'report';
  const paths = isReport ? positionals.slice(1) : positionals;
  const options: CheckOptions = {
    paths: paths.length ? paths : ['.'],
    format: values.format ?? defaultFormat(isReport ? 'report' : 'check').name,
    output: values.output,
    fix: !!values.fix,
    config: values.config,
    failOn: values['fail-on'] ?? 'error',
    profile: values.profile ?? (isReport ? 'audit' : undefined),
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    report: isReport,
    jobs: values.jobs === undefined ? undefined : Number(values.jobs),
    color: !values.output && (out as NodeJS.WriteStream).isTTY === true,
  };
  try {
    return await runCheck(options, out, err);
  } catch (e) {
    if (e instanceof CliUsageError) {
      err.write(`rust-readiness: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  // `rust-readiness report | head`: a closed pipe ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
    process.stderr.write(`rust-readiness: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  });
}
