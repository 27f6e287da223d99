import { stringListOption } from '../../server/src/core/engine/config';
import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import { testCodeSpans } from '../../server/src/core/engine/production';
import type { RelatedLocation } from '../../server/src/core/engine/types';
import type { CrateFacts } from '../../server/src/core/engine/workspaceFacts';
import { tomlRange } from '../../server/src/core/parsers/toml';
import { dependencySpecs, packageName } from '../shared/cargoManifest';
import { firstLine } from '../shared/workspaceFiles';

const TRACING = ['tracing', 'tracing-subscriber'];

/** Crates that send tracing spans to a tracing backend other than OpenTelemetry. */
const OTHER_EXPORTERS = ['sentry-tracing', 'tracing-honeycomb', 'tracing-datadog', 'datadog-tracing', 'tracing-newrelic', 'tracing-axiom'];

/** An exporter sending traces somewhere: OpenTelemetry in any form, Sentry's tracing integration, or a configured extra name. */
function isExporter(pkg: string, extra: readonly string[], features: readonly string[] = []): boolean {
  return pkg.startsWith('opentelemetry') || pkg === 'tracing-opentelemetry' || pkg === 'init-tracing-opentelemetry' || OTHER_EXPORTERS.includes(pkg)
    || extra.includes(pkg) || (pkg === 'sentry' && features.includes('tracing'));
}

/** What one Rust file does with `tracing`. */
export interface TracingUse {
  /** Emits events or spans through `tracing` (its macros, `#[instrument]`), not only through `log`. */
  emits: boolean;
  /** Creates spans: `#[instrument]`, `*_span!`, `.instrument(…)`, tower-http's `TraceLayer`, tracing-actix-web. */
  spans: boolean;
}

/** The file names `tracing` itself (not only `tracing_subscriber` / `tracing_log`). */
const NAMES_TRACING = /\btracing::|\buse\s+tracing\s*;|\bextern\s+crate\s+tracing\b|#\[\s*instrument\b/;
const TRACING_MACRO = /\b(?:tracing::)?(?:trace|debug|info|warn|error|event|span|trace_span|debug_span|info_span|warn_span|error_span)!\s*[([{]/;
const SPANS = /#\[\s*(?:tracing::)?instrument\b|\b(?:trace_|debug_|info_|warn_|error_)?span!\s*[([{]|\.instrument\s*\(|\.in_current_span\s*\(|\bSpan::current\s*\(|\bTraceLayer\b|\btracing_actix_web\b|\bTracingLogger\b/;
const AUTO_SPANS = /\bTraceLayer\b|\btracing_actix_web\b|\bTracingLogger\b/;

/** How a Rust file uses tracing (a text reading: two regexes over the file). */
export function tracingUse(text: string): TracingUse | undefined {
  const auto = AUTO_SPANS.test(text);
  if (!auto && !NAMES_TRACING.test(text)) return undefined;
  // `use log::info` with no tracing path: the macros are log's (tracing may only be there for its log bridge).
  const logOnly = /\buse\s+log::|\blog::(?:trace|debug|info|warn|error)!/.test(text) && !/\buse\s+tracing\b|\bextern\s+crate\s+tracing\b|\btracing::(?:trace|debug|info|warn|error|event|span|instrument|[a-z]+_span)\b/.test(text);
  const emits = auto || (!logOnly && (TRACING_MACRO.test(text) || /#\[\s*(?:tracing::)?instrument\b/.test(text)));
  if (!emits) return undefined;
  return { emits, spans: SPANS.test(text) };
}

function hasBinary(ws: { exists(p: string): boolean; files: readonly string[] }, c: CrateFacts): boolean {
  const prefix = c.dir ? `${c.dir}/` : '';
  return ws.exists(`${prefix}src/main.rs`) || ws.files.some((f) => f.startsWith(`${prefix}src/bin/`));
}

export const rule = defineWorkspaceRule<TracingUse>({
  meta: {
    id: 'tracing-without-exporter',
    title: 'tracing without a trace exporter',
    priority: 'P2',
    area: 'Observability',
    nonTest: false,
    action: 'Export traces (OpenTelemetry: `tracing-opentelemetry` + `opentelemetry-otlp`)',
    docs: {
      lang: 'toml',
      what: 'Reports a workspace whose binaries emit spans or events through `tracing` but that has no OpenTelemetry exporter dependency (`opentelemetry*`, `tracing-opentelemetry`) anywhere: spans only reach the local log. Reported on the root `Cargo.toml` (on `tracing` in `[workspace.dependencies]` when it is there).',
      why: 'Spans that are only formatted to stdout cannot be followed across services or requests: latency problems and failures spanning an API, a queue and a worker have to be reconstructed from log lines by hand during an incident.',
      example: '# the handlers create spans: #[tracing::instrument]\n[workspace.dependencies]\ntracing = "0.1"\ntracing-subscriber = "0.3"',
      useInstead: '[workspace.dependencies]\ntracing = "0.1"\ntracing-subscriber = "0.3"\ntracing-opentelemetry = "0.28"\nopentelemetry = "0.27"\nopentelemetry_sdk = { version = "0.27", features = ["rt-tokio"] }\nopentelemetry-otlp = "0.27"',
      fixSafety: 'No quick-fix: an exporter needs a subscriber layer and an endpoint configured in code.',
      notes: 'Only when production code emits through `tracing` (its macros, `#[instrument]`, tower-http `TraceLayer`, tracing-actix-web): `tracing` in Cargo.toml only for its `log` bridge is not reported. Audit profile only (hygiene): code that emits events but creates no spans (no `#[instrument]`, `*_span!`, `.instrument(…)`, `TraceLayer`): an exporter would have nothing to follow across services; the events reach the logs. Sentry\'s tracing integration (`sentry-tracing`, `sentry` with the `tracing` feature) counts as an exporter. Library-only workspaces (no `src/main.rs` or `src/bin/`) are not reported. Other exporters can be declared with `[rules.tracing-without-exporter] exporters = ["sentry-tracing"]`.',
    },
  },
  collect(doc, ws) {
    if (doc.kind !== 'rust' || ws.roleOf(doc.path) !== 'production') return undefined;
    const use = tracingUse(doc.text);
    if (!use) return undefined;
    // Test modules and test fns do not count. Reading their spans costs a walk of the whole tree, so
    // only files whose text has a test attribute before the emitting code pay for it.
    const firstTest = doc.text.search(/#!?\[\s*(?:cfg\s*\(\s*(?:all\s*\(\s*)?test|[\w:]*test\b)/);
    if (firstTest < 0 || tracingUse(doc.text.slice(0, firstTest))?.spans === use.spans) return use;
    let text = '';
    let at = 0;
    for (const [s, e] of [...testCodeSpans(doc)].sort((a, b) => a[0] - b[0])) {
      if (s < at) { at = Math.max(at, e); continue; }
      text += doc.text.slice(at, s);
      at = e;
    }
    return tracingUse(text + doc.text.slice(at));
  },
  check(ctx) {
    const root = ctx.ws.cargo.rootManifest;
    if (!root) return;
    const extra = stringListOption(ctx.options, 'exporters');
    const crates = ctx.ws.cargo.crates;
    const rootDoc = ctx.ws.document(root);
    const rootSpecs = rootDoc?.kind === 'toml' ? dependencySpecs(rootDoc) : [];
    if (crates.some((c) => [...c.dependencies.values()].some((d) => isExporter(d.package, extra, d.features)))) return;
    if (rootSpecs.some((s) => isExporter(packageName(s), extra))) return;
    // No production code emits through tracing (it may be there only for its `log` bridge): nothing to export.
    const uses = [...ctx.collected.values()];
    if (uses.length === 0) return;
    const spans = uses.some((u) => u.spans);
    const users = crates.filter((c) => TRACING.some((t) => c.dependsOn(t)) && hasBinary(ctx.ws, c));
    if (users.length === 0) return;
    const related: RelatedLocation[] = [];
    for (const c of users.slice(0, 5)) {
      const d = ctx.ws.document(c.manifestPath);
      const spec = d?.kind === 'toml' ? dependencySpecs(d).find((s) => TRACING.includes(s.name) && s.section[0] !== 'workspace') : undefined;
      if (d && spec) related.push({ path: c.manifestPath, range: tomlRange(d.index, spec.nameNode), message: `${c.name ?? c.dir} uses ${spec.name}` });
    }
    const wsTracing = rootDoc?.kind === 'toml' ? rootSpecs.find((s) => s.name === 'tracing' && s.section.join('.') === 'workspace.dependencies') : undefined;
    const range = wsTracing && rootDoc ? tomlRange(rootDoc.index, wsTracing.nameNode) : firstLine(ctx.ws, root);
    const names = users.map((c) => c.name ?? c.dir).slice(0, 3).join(', ');
    ctx.report(root, range,
      spans
        ? `${names} ${users.length > 1 ? 'use' : 'uses'} tracing, but the workspace has no trace exporter (opentelemetry / tracing-opentelemetry): spans never leave the process, so requests cannot be followed across services in production. Add an OpenTelemetry layer exporting over OTLP.`
        : `${names} ${users.length > 1 ? 'use' : 'uses'} tracing for events only (no spans: no \`#[instrument]\`, \`info_span!\` or TraceLayer) and the workspace has no trace exporter: there is nothing to follow across services yet. Add request spans and an OpenTelemetry layer exporting over OTLP when requests cross services.`,
      spans ? { related } : { related, tier: 'hygiene' });
  },
});
