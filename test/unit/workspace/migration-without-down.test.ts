import { pkg } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

ruleTester('migration-without-down', {
  files: { 'Cargo.toml': pkg('svc', '') },
  invalid: [
    {
      name: 'sqlx .up.sql without .down.sql, the seed\'s _up.sql form, diesel up.sql, plain sqlx .sql; on the first line',
      code: `
        //- migrations/20240301000001_add_user_email.up.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: has no down migration (\`migrations/20240301000001_add_user_email.down.sql\`)
        //- migrations/20240301000002_add_index_up.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: has no down migration (\`migrations/20240301000002_add_index_down.sql\`)
        //- crates/db/migrations/2024-03-01-000000_create_users/up.sql
        ALTER TABLE users ADD COLUMN email VARCHAR(255);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: has no down migration (\`crates/db/migrations/2024-03-01-000000_create_users/down.sql\`)
        //- migrations/20240101000000_init.sql
        CREATE TABLE users (id BIGINT PRIMARY KEY);
        --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: is irreversible (plain \`.sql\`)
      `,
    },
  ],
  valid: [
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
