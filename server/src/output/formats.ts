/**
 * The output formats, one entry each: the CLI's `--format` validation, its dispatch and its
 * `--help` all read this list, so a new format is one entry here.
 */
import type { Diagnostic, Profile, RuleMeta } from '../core/engine/types';
import { renderHtml } from '../report/html';
import { renderMarkdown } from '../report/markdown';
import type { ReportModel } from '../report/model';
import { toJson } from './json';
import { toSarif } from './sarif';
import { formatText } from './text';

/** The command a format serves: `check` renders findings, `report` renders the readiness report. */
export type FormatCommand = 'check' | 'report';

/** What a `check` format renders: the findings left after the baseline, and the run they come from. */
export interface CheckOutput {
  results: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Every rule of the catalog. */
  rules: readonly RuleMeta[];
  version: string;
  /** The file URL of the folder the paths are relative to. */
  rootUri: string;
  profile: Profile;
  /** ANSI colours (a terminal). */
  color: boolean;
}

interface FormatEntry {
  /** The `--format` value. */
  name: string;
  /** One line for `--help`. */
  description: string;
  /** The usual extension of a file written with `--output`, without the dot. */
  extension: string;
}
export interface CheckFormat extends FormatEntry { command: 'check'; render(output: CheckOutput): string }
export interface ReportFormat extends FormatEntry { command: 'report'; render(model: ReportModel): string }
export type OutputFormat = CheckFormat | ReportFormat;

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** Each command's first format is its default. */
export const OUTPUT_FORMATS: readonly OutputFormat[] = [
  { name: 'text', command: 'check', extension: 'txt', description: 'findings grouped by file, with a count', render: (o) => formatText(o.results, o.color) },
  { name: 'json', command: 'check', extension: 'json', description: 'one object per finding, with its fixes, for scripts', render: (o) => json(toJson(o.results, o.profile)) },
  {
    name: 'sarif', command: 'check', extension: 'sarif', description: 'SARIF 2.1.0, for code-scanning services',
    render: (o) => json(toSarif(o.results, o.rules, o.version, o.rootUri, o.profile)),
  },
  { name: 'markdown', command: 'report', extension: 'md', description: 'the readiness report as Markdown', render: renderMarkdown },
  { name: 'html', command: 'report', extension: 'html', description: 'the readiness report as one self-contained HTML page', render: renderHtml },
];

export function formatsOf(command: FormatCommand): OutputFormat[] {
  return OUTPUT_FORMATS.filter((f) => f.command === command);
}

export function defaultFormat(command: FormatCommand): OutputFormat {
  return formatsOf(command)[0];
}

export function findFormat(command: FormatCommand, name: string): OutputFormat | undefined {
  return formatsOf(command).find((f) => f.name === name);
}

/** `text, json or sarif`. */
export function formatNames(command: FormatCommand): string {
  const names = formatsOf(command).map((f) => f.name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}

/** The `--help` section listing the formats, one line each. */
export function formatsHelp(): string {
  const width = Math.max(...OUTPUT_FORMATS.map((f) => f.name.length));
  const commandWidth = Math.max(...OUTPUT_FORMATS.map((f) => f.command.length));
  const lines = OUTPUT_FORMATS.map((f) => {
    const isDefault = defaultFormat(f.command) === f;
    return `  ${f.name.padEnd(width)}  ${f.command.padEnd(commandWidth)}  ${f.description} (.${f.extension})${isDefault ? `; the default for ${f.command}` : ''}`;
  });
  return ['Formats (--format; `report` takes the report formats):', ...lines].join('\n');
}
