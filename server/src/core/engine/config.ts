/**
 * `.readiness.toml` at a workspace folder's root, shared by the editor and the CLI, and the
 * editor's `rustReadiness.*` settings, which win. A broken config is reported on its file
 * (`config-invalid`) and analysis goes on with defaults.
 */
import { parseToml, tomlEntries, tomlRange } from '../parsers/toml';
import { LineIndex } from './lineIndex';
import { PROFILES, type Finding, type Profile, type Range, type SeveritySetting } from './types';

export const CONFIG_FILE = '.readiness.toml';
const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;
const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

export interface RuleSetting { severity?: SeveritySetting; options: Record<string, unknown> }

export interface ReadinessConfig {
  rules: Map<string, RuleSetting>;
  exclude: string[];
  /** `[rename]` for `stale-name`: old → new. */
  rename: Record<string, string>;
  maxFileSize: number;
  /** Which findings to report: `default` (what a team acts on) or `audit` (also hygiene, acknowledged, non-production). */
  profile: Profile;
  /** Judge generated files (`@generated`, build output) too (`include-generated = true`). */
  includeGenerated: boolean;
}

/** Editor settings (`rustReadiness.*`) as the client sends them. */
export interface EditorSettings {
  enable?: boolean;
  rules?: Record<string, string>;
  exclude?: string[];
  maxFileSize?: number;
  profile?: string;
}

export function defaultConfig(): ReadinessConfig {
  return { rules: new Map(), exclude: [], rename: {}, maxFileSize: DEFAULT_MAX_FILE_SIZE, profile: 'default', includeGenerated: false };
}

export function isProfile(v: unknown): v is Profile {
  return typeof v === 'string' && (PROFILES as readonly string[]).includes(v);
}

export interface LoadedConfig { config: ReadinessConfig; problems: Finding[] }

/**
 * Parses `.readiness.toml`. `knownRules` lets unknown rule ids be reported instead of silently ignored.
 */
export function parseConfig(text: string, path: string, knownRules: ReadonlySet<string>): LoadedConfig {
  const config = defaultConfig();
  const problems: Finding[] = [];
  const index = new LineIndex(text);
  const problem = (range: Range, message: string) =>
    problems.push({ ruleId: 'config-invalid', path, range, message, fixes: [], related: [] });
  const parsed = parseToml(text);
  if (!parsed.ast) {
    const at = index.positionAt(parsed.error?.offset ?? 0);
    problem({ start: at, end: { line: at.line, character: at.character + 1 } },
      `${CONFIG_FILE} is not valid TOML (${parsed.error?.message}). Analysis uses the default configuration until it is fixed.`);
    return { config, problems };
  }
  for (const entry of tomlEntries(parsed.ast)) {
    const [head, id, ...rest] = entry.path;
    const at = tomlRange(index, entry.keyNode);
    const value = entry.value.type === 'TOMLValue' ? entry.value.value : undefined;
    if (head === 'exclude' && entry.path.length === 1) {
      const v = parsed.value.exclude;
      if (Array.isArray(v) && v.every((g) => typeof g === 'string')) config.exclude.push(...(v as string[]));
      else problem(at, '`exclude` must be an array of glob strings, e.g. `exclude = ["vendor/**"]`.');
    } else if (head === 'rename' && id !== undefined && rest.length === 0) {
      if (typeof value === 'string' && id) config.rename[id] = value;
      else problem(at, `\`[rename] ${id}\` must map the old name to the new name as a string.`);
    } else if (head === 'rules' && id !== undefined) {
      if (!knownRules.has(id)) {
        problem(at, `Unknown rule \`${id}\` in ${CONFIG_FILE}. Rule ids are listed in the rule catalog.`);
        continue;
      }
      const setting = config.rules.get(id) ?? { options: {} };
      config.rules.set(id, setting);
      const isSeverity = rest.length === 0 || (rest.length === 1 && rest[0] === 'severity');
      if (entry.value.type === 'TOMLInlineTable' || (rest.length === 0 && typeof value !== 'string')) {
        if (entry.value.type !== 'TOMLInlineTable') problem(at, `\`rules.${id}\` must be one of ${SEVERITIES.map((s) => `"${s}"`).join(', ')} or a table of options.`);
        continue; // inline-table contents arrive as their own entries
      }
      if (isSeverity) {
        if (typeof value === 'string' && (SEVERITIES as string[]).includes(value)) setting.severity = value as SeveritySetting;
        else problem(tomlRange(index, entry.value), `Severity for \`${id}\` must be one of ${SEVERITIES.map((s) => `"${s}"`).join(', ')}.`);
      } else if (rest.length === 1) {
        const data = (parsed.value.rules as Record<string, Record<string, unknown>>)[id];
        const option = data[rest[0]];
        // Every rule option is a list of strings (`names`, `allow`, `ignore`, `exporters`); anything
        // else would be read as an empty list, silently.
        if (Array.isArray(option) && option.every((x) => typeof x === 'string')) setting.options[rest[0]] = option;
        else problem(tomlRange(index, entry.value), `\`rules.${id}.${rest[0]}\` must be a list of strings, e.g. \`${rest[0]} = ["value"]\`; it is ignored until then.`);
      }
    } else if (head === 'maxFileSize' || head === 'max-file-size') {
      const bytes = typeof value === 'number' || typeof value === 'bigint' ? Number(value) : NaN;
      // 0 or less would skip every file: the audit would pass having read nothing.
      if (Number.isInteger(bytes) && bytes > 0) config.maxFileSize = bytes;
      else problem(tomlRange(index, entry.value), `\`max-file-size\` must be a positive whole number of bytes (default ${DEFAULT_MAX_FILE_SIZE}); ${bytes <= 0 ? 'a size of 0 or less would skip every file' : 'this value is not one'}. Analysis uses the default until it is fixed.`);
    } else if (head === 'profile' && entry.path.length === 1) {
      if (isProfile(value)) config.profile = value;
      else problem(tomlRange(index, entry.value), `\`profile\` must be one of ${PROFILES.map((p) => `"${p}"`).join(', ')}.`);
    } else if (head === 'include-generated' && entry.path.length === 1) {
      if (typeof value === 'boolean') config.includeGenerated = value;
      else problem(tomlRange(index, entry.value), '`include-generated` must be `true` or `false`.');
    } else if (!['rules', 'rename'].includes(head)) {
      problem(at, `Unknown key \`${entry.path.join('.')}\` in ${CONFIG_FILE}: expected \`[rules]\`, \`[rules.<id>]\`, \`exclude\`, \`[rename]\`, \`profile\`, \`include-generated\` or \`max-file-size\`.`);
    }
  }
  return { config, problems };
}

/** A `[rules.<id>]` option that is a list of strings (`names = [...]`, `allow = [...]`); other values count as empty. */
export function stringListOption(options: Readonly<Record<string, unknown>>, key: string): string[] {
  const v = options[key];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * What is wrong with editor settings (`rustReadiness.*`) a client sent; such values are ignored
 * (`applySettings`), and the server says so instead of dropping them silently.
 */
export function settingsProblems(settings: EditorSettings | undefined, knownRules: ReadonlySet<string>): string[] {
  if (!settings) return [];
  const out: string[] = [];
  const s = settings as Record<string, unknown>;
  if (s.rules !== undefined && s.rules !== null) {
    if (typeof s.rules !== 'object' || Array.isArray(s.rules)) out.push('`rustReadiness.rules` must be an object of rule id → severity.');
    else {
      for (const [id, sev] of Object.entries(s.rules as Record<string, unknown>)) {
        if (!knownRules.has(id)) out.push(`\`rustReadiness.rules\` names an unknown rule \`${id}\`.`);
        else if (!(SEVERITIES as readonly unknown[]).includes(sev)) out.push(`\`rustReadiness.rules.${id}\` must be one of ${SEVERITIES.map((x) => `"${x}"`).join(', ')}.`);
      }
    }
  }
  if (s.exclude !== undefined && s.exclude !== null && !(Array.isArray(s.exclude) && s.exclude.every((g) => typeof g === 'string'))) out.push('`rustReadiness.exclude` must be a list of glob strings.');
  if (s.maxFileSize !== undefined && s.maxFileSize !== null && !(typeof s.maxFileSize === 'number' && Number.isInteger(s.maxFileSize) && s.maxFileSize > 0)) out.push('`rustReadiness.maxFileSize` must be a positive whole number of bytes.');
  if (s.profile !== undefined && s.profile !== null && !isProfile(s.profile)) out.push(`\`rustReadiness.profile\` must be one of ${PROFILES.map((p) => `"${p}"`).join(', ')}.`);
  if (s.enable !== undefined && s.enable !== null && typeof s.enable !== 'boolean') out.push('`rustReadiness.enable` must be true or false.');
  return out.map((m) => `${m} The value is ignored.`);
}

/** Settings win over the file: severities replace, excludes add up; wrongly typed values are ignored (`settingsProblems` names them). */
export function applySettings(config: ReadinessConfig, settings: EditorSettings | undefined): ReadinessConfig {
  if (!settings) return config;
  const rules = new Map([...config.rules].map(([k, v]) => [k, { ...v, options: { ...v.options } }]));
  const perRule = settings.rules && typeof settings.rules === 'object' && !Array.isArray(settings.rules) ? settings.rules : {};
  for (const [id, sev] of Object.entries(perRule)) {
    if (!(SEVERITIES as string[]).includes(sev)) continue;
    const s = rules.get(id) ?? { options: {} };
    s.severity = sev as SeveritySetting;
    rules.set(id, s);
  }
  return {
    rules,
    exclude: [...config.exclude, ...(Array.isArray(settings.exclude) ? settings.exclude.filter((g) => typeof g === 'string') : [])],
    rename: config.rename,
    maxFileSize: typeof settings.maxFileSize === 'number' && Number.isInteger(settings.maxFileSize) && settings.maxFileSize > 0 ? settings.maxFileSize : config.maxFileSize,
    profile: isProfile(settings.profile) ? settings.profile : config.profile,
    includeGenerated: config.includeGenerated,
  };
}
