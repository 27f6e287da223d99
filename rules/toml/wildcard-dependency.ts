import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { tomlRange, tomlString, type TomlValueNode } from '../../server/src/core/parsers/toml';
import type { Fix } from '../../server/src/core/engine/types';
import { dependencySpecs, isCargoManifest, isWorkspaceDependencies, packageName, tomlQuote } from '../shared/cargoManifest';
import { findLock, lockedVersion } from '../shared/cargoLock';

export const rule = defineDocumentRule({
  meta: {
    id: 'wildcard-dependency',
    title: 'Wildcard dependency version',
    priority: 'P1',
    area: 'Supply chain',
    nonTest: false,
    action: 'Replace `"*"` dependency versions with the version you build with',
    docs: {
      lang: 'toml',
      what: 'Flags a dependency whose version requirement is `"*"` (`x = "*"` or `version = "*"`), in any dependency section of a `Cargo.toml`.',
      why: '`"*"` accepts every future major version: `cargo update`, a fresh clone without the lock, or a consumer of the crate can pull a release with breaking API changes or a compromised publish. crates.io refuses to publish crates with wildcard dependencies, and cargo-deny\'s `wildcards = "deny"` fails on them.',
      example: '[dependencies]\nserde = "*"\ntokio = { version = "*", features = ["full"] }',
      useInstead: '[dependencies]\nserde = "1.0.210"\ntokio = { version = "1.40.0", features = ["full"] }',
      notes: 'Audit profile only (hygiene): a wildcard in `[dev-dependencies]` (also under `[target.…]`), built only for tests, examples and benches; `[build-dependencies]` run in the build and stay reported.',
      fixSafety: 'The fix writes the version `Cargo.lock` resolved the dependency to, so the build keeps the exact code it uses today; it is preferred. When the lock has no entry (or several versions and none is tied to this crate) there is no fix.',
    },
  },
  fileKinds: ['toml'],
  check(ctx) {
    const doc = ctx.doc;
    if (!isCargoManifest(doc.path) || !doc.toml.ast) return;
    const lock = findLock(ctx.ws, doc.path);
    // Crates whose lock entries say which version they use: this manifest's package, or every member.
    const own = typeof (doc.toml.value.package as Record<string, unknown> | undefined)?.name === 'string'
      ? [(doc.toml.value.package as Record<string, string>).name] : [];
    for (const spec of dependencySpecs(doc)) {
      let node: TomlValueNode | undefined;
      if (spec.shortVersion && tomlString(spec.shortVersion)?.trim() === '*') node = spec.shortVersion;
      const v = spec.fields.get('version');
      if (v && tomlString(v.value)?.trim() === '*') node = v.value;
      if (!node) continue;
      const owners = isWorkspaceDependencies(spec) ? ctx.ws.cargo.crates.map((c) => c.name).filter((n): n is string => !!n) : own;
      const locked = lock ? lockedVersion(lock, packageName(spec), owners) : undefined;
      const fixes: Fix[] = locked
        ? [{ title: `Use the locked version "${locked}"`, preferred: true, edits: [ctx.edit(tomlRange(doc.index, node), tomlQuote(locked))] }]
        : [];
      // A dev-dependency is built only for tests, examples and benches: it never ships in the service.
      const devOnly = spec.section[spec.section.length - 1] === 'dev-dependencies';
      ctx.report(tomlRange(doc.index, node),
        `\`${spec.name}\` accepts any version (\`"*"\`): an update or a build without Cargo.lock can pull a breaking or compromised release${devOnly ? ' into the test build (a dev-dependency: it does not ship)' : ''}. Require the version you build with${locked ? ` (${locked} in Cargo.lock)` : ''}.`,
        { fixes, ...(devOnly ? { tier: 'hygiene' as const } : {}) });
    }
  },
});
