import * as assert from 'assert';
import { findingsOf, type Files } from '../../helpers/workspace';
import { pkg } from '../../helpers/toml';

const ID = 'migration-without-down';
const ws = (files: Files): Files => ({ 'Cargo.toml': pkg('svc', ''), ...files });
const SQL = 'ALTER TABLE users ADD COLUMN email VARCHAR(255);\n';

describe(ID, () => {
  it('sqlx .up.sql without .down.sql, the seed\'s _up.sql form, diesel up.sql, plain sqlx .sql; on the first line', () => {
    const files = ws({
      'migrations/20240301000001_add_user_email.up.sql': SQL,
      'migrations/20240301000002_add_index_up.sql': SQL,
      'crates/db/migrations/2024-03-01-000000_create_users/up.sql': SQL,
      'migrations/20240101000000_init.sql': 'CREATE TABLE users (id BIGINT PRIMARY KEY);\n',
    });
    const found = findingsOf(files, ID);
    assert.deepStrictEqual(found.map((d) => d.path).sort(), [
      'crates/db/migrations/2024-03-01-000000_create_users/up.sql',
      'migrations/20240101000000_init.sql',
      'migrations/20240301000001_add_user_email.up.sql',
      'migrations/20240301000002_add_index_up.sql',
    ]);
    const up = found.find((d) => d.path.endsWith('email.up.sql'))!;
    assert.match(up.message, /20240301000001_add_user_email\.down\.sql/);
    assert.deepStrictEqual(up.range, { start: { line: 0, character: 0 }, end: { line: 0, character: SQL.length - 1 } });
    assert.match(found.find((d) => d.path.endsWith('init.sql'))!.message, /irreversible/);
    assert.strictEqual(up.severity, 'warning');
  });
  it('does not flag migrations with their down, down files, refinery V1__ files, SQL outside migrations/', () => {
    const files = ws({
      'migrations/20240301000001_add_user_email.up.sql': SQL,
      'migrations/20240301000001_add_user_email.down.sql': 'ALTER TABLE users DROP COLUMN email;\n',
      'migrations/20240301000002_x_up.sql': SQL,
      'migrations/20240301000002_x_down.sql': SQL,
      'db/migrations/2024-01-01_init/up.sql': SQL,
      'db/migrations/2024-01-01_init/down.sql': SQL,
      'migrations/V1__init.sql': SQL,
      'schema/20240101_seed.sql': SQL,
      'queries/get_user.sql': 'SELECT 1;\n',
    });
    assert.deepStrictEqual(findingsOf(files, ID), []);
  });
  it('a file suppression for an intentionally irreversible migration', () => {
    const files = ws({ 'migrations/20240101000000_init.sql': '-- readiness-ignore-file migration-without-down -- initial schema\nCREATE TABLE t (id INT);\n' });
    assert.deepStrictEqual(findingsOf(files, ID), []);
  });
});
