import { stringListOption } from '../../server/src/engine/config';
import { defineDocumentRule } from '../../server/src/engine/rule';
import { tomlRange } from '../../server/src/parsers/toml';
import type { RelatedLocation } from '../../server/src/engine/types';
import { lockPackages, type LockPackage } from '../shared/cargoLock';

export const rule = defineDocumentRule({
  meta: {
    id: 'duplicate-dependency-versions',
    title: 'Several versions of one crate in Cargo.lock',
    priority: 'P2',
    area: 'Supply chain',
    nonTest: false,
    action: 'Consolidate duplicate crate versions (`cargo tree -d`)',
    docs: {
      lang: 'toml',
      what: 'Reports each `[[package]]` entry of `Cargo.lock` whose crate is locked in more than one version (e.g. `aead` 0.3.2, 0.4.3 and 0.5.2), on the entry\'s `version`.',
      why: 'Every extra version is more code to compile, ship and audit: a security fix has to reach each copy, binaries grow, and types from two versions do not interoperate (`expected Key, found Key`). Duplicates usually mean a dependency lags behind and can be updated or replaced.',
      example: '[[package]]\nname = "aead"\nversion = "0.4.3"\n\n[[package]]\nname = "aead"\nversion = "0.5.2"',
      useInstead: '[[package]]\nname = "aead"\nversion = "0.5.2"',
      fixSafety: 'No quick-fix: consolidating versions means updating the dependencies that pull the old one (`cargo tree -d -i aead` shows which).',
      notes: '`[rules.duplicate-dependency-versions] ignore = ["windows-sys"]` skips crates whose duplicates you accept (cargo-deny\'s `bans.skip` plays the same role).',
    },
  },
  fileKinds: ['toml'],
  check(ctx) {
    const doc = ctx.doc;
    if (!(doc.path === 'Cargo.lock' || doc.path.endsWith('/Cargo.lock')) || !doc.toml.ast) return;
    const ignored = new Set(stringListOption(ctx.options, 'ignore'));
    const byName = new Map<string, LockPackage[]>();
    for (const p of lockPackages(doc)) {
      const list = byName.get(p.name) ?? [];
      list.push(p);
      byName.set(p.name, list);
    }
    for (const [name, list] of byName) {
      const versions = [...new Set(list.map((p) => p.version))];
      if (versions.length < 2 || ignored.has(name)) continue;
      for (const p of list) {
        const at = p.versionEntry?.value ?? p.nameEntry?.value;
        if (!at) continue;
        const related: RelatedLocation[] = list.filter((o) => o !== p && o.versionEntry)
          .map((o) => ({ path: doc.path, range: tomlRange(doc.index, o.versionEntry!.value), message: `${name} ${o.version}` }));
        ctx.report(tomlRange(doc.index, at),
          `\`${name}\` ${p.version} is one of ${versions.length} versions of \`${name}\` in Cargo.lock (${versions.join(', ')}): more code to build and audit, and security fixes must reach every copy. Find who pulls each one with \`cargo tree -d -i ${name}\` and consolidate.`,
          { related });
      }
    }
  },
});
