import { defineWorkspaceRule } from '../../server/src/core/engine/rule';
import { firstLine } from '../shared/workspaceFiles';

export interface UpMigration {
  /** The up migration's path. */
  path: string;
  /** The down migration that would reverse it. */
  down: string;
  style: 'sqlx' | 'diesel' | 'sqlx-simple';
}

/**
 * Classifies a `.sql` file inside a `migrations` directory: sqlx reversible
 * (`<ts>_<name>.up.sql` ↔ `.down.sql`, also `_up.sql` ↔ `_down.sql`), diesel
 * (`migrations/<dir>/up.sql` ↔ `down.sql`), or sqlx simple (`<ts>_<name>.sql`, irreversible:
 * its down would be `<ts>_<name>.down.sql` after renaming it `.up.sql`).
 */
function upMigration(path: string): UpMigration | undefined {
  const parts = path.split('/');
  const name = parts[parts.length - 1];
  const dir = parts.slice(0, -1).join('/');
  const at = (n: string) => (dir ? `${dir}/${n}` : n);
  const inMigrations = parts.slice(0, -1).includes('migrations');
  if (!inMigrations) return undefined;
  if (name === 'up.sql' && parts.length >= 3 && parts[parts.length - 3] === 'migrations') return { path, down: at('down.sql'), style: 'diesel' };
  if (parts[parts.length - 2] !== 'migrations') return undefined;
  let m = /^(.+)\.up\.sql$/i.exec(name);
  if (m) return { path, down: at(`${m[1]}.down.sql`), style: 'sqlx' };
  m = /^(.+)_up\.sql$/i.exec(name);
  if (m) return { path, down: at(`${m[1]}_down.sql`), style: 'sqlx' };
  if (/\.down\.sql$|_down\.sql$/i.test(name)) return undefined;
  m = /^(\d{1,20}_.+)\.sql$/.exec(name);
  if (m) return { path, down: at(`${m[1]}.down.sql`), style: 'sqlx-simple' };
  return undefined;
}

/** The `migrations` directory a `.sql` file belongs to (diesel: the parent of its folder), or undefined. */
function migrationsDir(path: string): string | undefined {
  const parts = path.split('/');
  const i = parts.lastIndexOf('migrations');
  if (i < 0 || i < parts.length - 3) return undefined;
  return parts.slice(0, i + 1).join('/');
}

export const rule = defineWorkspaceRule<never>({
  meta: {
    id: 'migration-without-down',
    title: 'Migration without a down migration',
    priority: 'P1',
    area: 'Operations',
    serverOnly: true,
    nonTest: false,
    action: 'Write a down migration for every schema migration',
    docs: {
      lang: 'sql',
      what: 'Reports an up migration in a `migrations/` directory with no matching down migration: sqlx `<ts>_<name>.up.sql` without `.down.sql`, diesel `<dir>/up.sql` without `down.sql`, and plain sqlx `<ts>_<name>.sql` files (irreversible by construction). Reported on the first line of the migration.',
      why: 'When a migration breaks production (a lock-heavy `ALTER`, a wrong default, a dropped column still read by the old version during a rollout), there is no tested way back: recovery becomes hand-written SQL under incident pressure, or a restore from backup with data loss.',
      example: 'migrations/20240301000001_add_user_email.sql\n  ALTER TABLE users ADD COLUMN email VARCHAR(255);',
      useInstead: 'migrations/20240301000001_add_user_email.up.sql\n  ALTER TABLE users ADD COLUMN email VARCHAR(255);\nmigrations/20240301000001_add_user_email.down.sql\n  ALTER TABLE users DROP COLUMN email;',
      fixSafety: 'No quick-fix: the reverse of a migration has to be written (and tested) by hand. `sqlx migrate add -r <name>` creates reversible pairs.',
      notes: 'In a migrations directory with no down migration at all (the project never writes them), only the newest irreversible migration is in the default profile: it is the practice gap and the one a bad deploy would roll back; the older ones (applied everywhere long ago, nobody back-fills a `DROP TABLE` for them) are in the audit profile (hygiene). Where some migrations have down migrations, each one missing is reported. Refinery-style `V1__name.sql` files (which have no down migrations) are not reported. A migration that truly cannot be reversed can be suppressed with `-- readiness-ignore-file migration-without-down -- reason` in its first lines.',
    },
  },
  check(ctx) {
    // Grouped by migrations directory (the parent of diesel's per-migration folders).
    const groups = new Map<string, { ups: UpMigration[]; downs: number }>();
    for (const f of ctx.ws.files) {
      if (!f.toLowerCase().endsWith('.sql')) continue;
      const dir = migrationsDir(f);
      if (dir === undefined) continue;
      const g = groups.get(dir) ?? { ups: [], downs: 0 };
      groups.set(dir, g);
      const up = upMigration(f);
      if (up) g.ups.push(up);
      else if (/(^|[._/])down\.sql$/i.test(f)) g.downs++;
    }
    for (const [, g] of groups) {
      const missing = g.ups.filter((up) => !ctx.ws.exists(up.down));
      if (missing.length === 0) continue;
      // A project that never writes down migrations: one finding on the newest (the practice gap, and the
      // migration a bad deploy would roll back); the older ones, applied everywhere long ago, are hygiene.
      const never = g.downs === 0;
      const newest = [...missing].sort((a, b) => a.path.localeCompare(b.path))[missing.length - 1];
      for (const up of missing) {
        const f = up.path;
        let message = up.style === 'sqlx-simple'
          ? `Migration \`${f}\` is irreversible (plain \`.sql\`): a bad deploy cannot be rolled back with a tested script. Make it reversible (\`.up.sql\` + \`.down.sql\`, as \`sqlx migrate add -r\` does) and write the down migration.`
          : `Migration \`${f}\` has no down migration (\`${up.down}\`): a bad deploy cannot be rolled back with a tested script. Write \`${up.down.slice(up.down.lastIndexOf('/') + 1)}\` reversing it.`;
        if (never && up === newest && missing.length > 1) message += ` None of the ${missing.length} migrations here has a down migration: start with the newest ones.`;
        ctx.report(f, firstLine(ctx.ws, f), message, never && up !== newest ? { tier: 'hygiene' } : undefined);
      }
    }
  },
});
