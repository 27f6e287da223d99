import { stringListOption } from '../../server/src/engine/config';
import { defineWorkspaceRule } from '../../server/src/engine/rule';
import type { RelatedLocation } from '../../server/src/engine/types';
import type { CrateFacts } from '../../server/src/engine/workspaceFacts';
import { tomlRange } from '../../server/src/parsers/toml';
import { dependencySpecs, packageName } from '../shared/cargoManifest';
import { firstLine } from '../shared/workspaceFiles';

const TRACING = ['tracing', 'tracing-subscriber'];

/** An exporter sending traces somewhere: OpenTelemetry in any form, or a configured extra name. */
function isExporter(pkg: string, extra: readonly string[]): boolean {
  return pkg.startsWith('opentelemetry') || pkg === 'tracing-opentelemetry' || pkg === 'init-tracing-opentelemetry' || extra.includes(pkg);
}

function hasBinary(ws: { exists(p: string): boolean; files: readonly string[] }, c: CrateFacts): boolean {
  const prefix = c.dir ? `${c.dir}/` : '';
  return ws.exists(`${prefix}src/main.rs`) || ws.files.some((f) => f.startsWith(`${prefix}src/bin/`));
}

export const rule = defineWorkspaceRule<never>({
  meta: {
    id: 'tracing-without-exporter',
    title: 'tracing without a trace exporter',
    priority: 'P2',
    area: 'Operations',
    nonTest: false,
    action: 'Export traces (OpenTelemetry: `tracing-opentelemetry` + `opentelemetry-otlp`)',
    docs: {
      lang: 'toml',
      what: 'Reports a workspace whose binaries use `tracing` but that has no OpenTelemetry exporter dependency (`opentelemetry*`, `tracing-opentelemetry`) anywhere: spans only reach the local log. Reported on the root `Cargo.toml` (on `tracing` in `[workspace.dependencies]` when it is there).',
      why: 'Spans that are only formatted to stdout cannot be followed across services or requests: latency problems and failures spanning an API, a queue and a worker have to be reconstructed from log lines by hand during an incident.',
      example: '[workspace.dependencies]\ntracing = "0.1"\ntracing-subscriber = "0.3"',
      useInstead: '[workspace.dependencies]\ntracing = "0.1"\ntracing-subscriber = "0.3"\ntracing-opentelemetry = "0.28"\nopentelemetry = "0.27"\nopentelemetry_sdk = { version = "0.27", features = ["rt-tokio"] }\nopentelemetry-otlp = "0.27"',
      fixSafety: 'No quick-fix: an exporter needs a subscriber layer and an endpoint configured in code.',
      notes: 'Library-only workspaces (no `src/main.rs` or `src/bin/`) are not reported. Other exporters can be declared with `[rules.tracing-without-exporter] exporters = ["sentry-tracing"]`.',
    },
  },
  check(ctx) {
    const root = ctx.ws.cargo.rootManifest;
    if (!root) return;
    const extra = stringListOption(ctx.options, 'exporters');
    const crates = ctx.ws.cargo.crates;
    const rootDoc = ctx.ws.document(root);
    const rootSpecs = rootDoc?.kind === 'toml' ? dependencySpecs(rootDoc) : [];
    const allPkgs = [
      ...crates.flatMap((c) => [...c.dependencies.values()].map((d) => d.package)),
      ...rootSpecs.map(packageName),
    ];
    if (allPkgs.some((p) => isExporter(p, extra))) return;
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
      `${names} ${users.length > 1 ? 'use' : 'uses'} tracing, but the workspace has no trace exporter (opentelemetry / tracing-opentelemetry): spans never leave the process, so requests cannot be followed across services in production. Add an OpenTelemetry layer exporting over OTLP.`,
      { related });
  },
});
