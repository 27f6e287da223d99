import { pkg } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('migration-without-down', {
  files: { 'Cargo.toml': pkg('svc', '') },
  invalid: [
    {
      name: 'a migrations directory that has down migrations: each missing one (sqlx .up.sql, _up.sql, plain .sql); on the first line',
      code: `
        //- migrations/20240101000000_init.sql
        CREATE TABLE users (id BIGINT PRIMARY KEY);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: is irreversible (plain \`.sql\`)
        //- migrations/20240301000001_add_user_email.up.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        //- migrations/20240301000001_add_user_email.down.sql
        ALTER TABLE users DROP COLUMN email;
        //- migrations/20240301000002_add_index_up.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: has no down migration (\`migrations/20240301000002_add_index_down.sql\`)
        //- migrations/20240315000000_create_rooms.up.sql
        CREATE TABLE rooms (id BIGINT PRIMARY KEY);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: has no down migration (\`migrations/20240315000000_create_rooms.down.sql\`)
      `,
    },
    {
      name: 'diesel: each migration folder up.sql without down.sql where others have one',
      code: `
        //- crates/db/migrations/2024-01-01-000000_create_users/up.sql
        CREATE TABLE users (id BIGINT PRIMARY KEY);
        //- crates/db/migrations/2024-01-01-000000_create_users/down.sql
        DROP TABLE users;
        //- crates/db/migrations/2024-03-01-000000_add_email/up.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: has no down migration (\`crates/db/migrations/2024-03-01-000000_add_email/down.sql\`)
      `,
    },
    {
      name: 'a project that never writes down migrations: one finding, on the newest, saying so',
      code: `
        //- migrations/20240101000001_create_users_table.sql
        CREATE TABLE users (id BIGINT PRIMARY KEY);
        //- migrations/20240101000002_create_rooms_table.sql
        CREATE TABLE rooms (id BIGINT PRIMARY KEY);
        //- migrations/20240202120002_partition_audit_log.sql
        CREATE TABLE audit_log_2024 PARTITION OF audit_log FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: None of the 3 migrations here has a down migration
      `,
    },
    {
      name: 'audit profile: the older migrations of a project that never writes down migrations are hygiene',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        //- migrations/20240101000001_create_users_table.sql
        CREATE TABLE users (id BIGINT PRIMARY KEY);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: [hygiene]
        //- migrations/20240202120002_partition_audit_log.sql
        CREATE TABLE audit_log_2024 (id BIGINT);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: is irreversible
        //- db/migrations/2024-01-01-000000_init/up.sql
        CREATE TABLE users (id BIGINT PRIMARY KEY);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: has no down migration
      `,
    },
  ],
  valid: [
    {
      name: 'migrations of a command-line tool\'s local database (no deploy to roll back)',
      files: { 'Cargo.toml': pkg('history-cli', 'clap = "4"\nsqlx = "0.8"') },
      code: `
        //- migrations/20240101000000_init.sql
        CREATE TABLE history (id INTEGER PRIMARY KEY);
        //- migrations/20240301000001_add_cwd.up.sql
        ALTER TABLE history ADD COLUMN cwd TEXT;
        //- migrations/20240301000001_add_cwd.down.sql
        ALTER TABLE history DROP COLUMN cwd;
      `,
    },
    {
      name: 'migrations with their down, down files, refinery V1__ files, SQL outside migrations/',
      code: `
        //- migrations/20240301000001_add_user_email.up.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        //- migrations/20240301000001_add_user_email.down.sql
        ALTER TABLE users DROP COLUMN email;
        //- migrations/20240301000002_x_up.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        //- migrations/20240301000002_x_down.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        //- db/migrations/2024-01-01_init/up.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        //- db/migrations/2024-01-01_init/down.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        //- migrations/V1__init.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        //- schema/20240101_seed.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        //- queries/get_user.sql
        SELECT 1;
      `,
    },
    {
      // The same migration as the irreversible one flagged above, with the comment.
      name: 'a file suppression for an intentionally irreversible migration',
      code: `
        //- migrations/20240101000000_init.sql
        -- readiness-ignore-file migration-without-down -- initial schema
        CREATE TABLE users (id BIGINT PRIMARY KEY);
      `,
    },
  ],
});
