/**
 * Suppression comments (`server/src/core/engine/suppression.ts`, README "Suppressing a finding") and the
 * engine's own `unused-suppression` finding. Each comment syntax is shown with a rule that reports in
 * that file kind: a case that must not flag has the comment (and checks the comment is not reported
 * as unused), and a flagged case holds the same code without the comment.
 */
import { RUST_CRATE, RUST_REPO } from '../helpers/fixtures';
import { ruleTester } from '../helpers/ruleTester';

describe('suppression comments', () => {
  describe('Rust (//)', () => {
    ruleTester('panic-in-production', {
      path: 'src/main.rs',
      files: RUST_CRATE,
      valid: [
        {
          name: 'readiness-ignore-next-line <id> -- reason, and readiness-ignore-line <id> after the code',
          code: `
            fn main() {
                // readiness-ignore-next-line panic-in-production -- the value is checked above
                let a = env::var("X").unwrap();
                let b = env::var("Y").unwrap(); // readiness-ignore-line panic-in-production -- test vector
            }
          `,
          alsoRules: ['unused-suppression'],
        },
        {
          name: 'readiness-ignore-file <id> in the first comment block: every finding of the file',
          code: `
            //! The service entry point.
            // readiness-ignore-file panic-in-production -- a prototype: every error is fatal
            use std::env;

            fn main() { env::var("X").unwrap(); }
            fn g() { env::var("Y").expect("y"); }
          `,
          alsoRules: ['unused-suppression'],
        },
        {
          name: 'several ids in one comment, comma-separated',
          code: `
            fn main() {
                // readiness-ignore-next-line panic-in-production, mutex-lock-unwrap -- poisoning and a missing x are fatal here
                let v = m.lock().unwrap().get(env::var("X").unwrap());
            }
          `,
          alsoRules: ['unused-suppression', 'mutex-lock-unwrap'],
        },
        {
          name: 'stacked next-line comments all apply to the next code line',
          code: `
            fn main() {
                // readiness-ignore-next-line mutex-lock-unwrap -- poisoning is fatal here
                // readiness-ignore-next-line panic-in-production -- x is checked at startup
                let v = m.lock().unwrap().get(env::var("X").unwrap());
            }
          `,
          alsoRules: ['unused-suppression', 'mutex-lock-unwrap'],
        },
        {
          name: '`all` suppresses every rule on the line',
          code: `
            fn main() {
                // readiness-ignore-next-line all -- generated code
                let v = m.lock().unwrap().get(env::var("X").unwrap());
            }
          `,
          alsoRules: ['unused-suppression', 'mutex-lock-unwrap'],
        },
      ],
      invalid: [
        {
          name: 'not a suppression: the pragma inside a string literal, and next-line names the very next line (an attribute line is code)',
          code: `
            fn main() { env::var("X").unwrap(); let s = "// readiness-ignore-line panic-in-production"; }
            //                        ^^^^^^ warning
            // readiness-ignore-next-line panic-in-production -- meant for the fn below the attribute
            //                            ^^^^^^^^^^^^^^^^^^^ info[unused-suppression]: suppresses nothing
            #[allow(dead_code)]
            fn f() { env::var("Y").unwrap(); }
            //                     ^^^^^^ warning
          `,
        },
        {
          name: 'the next-line / line example without its comments',
          code: `
            fn main() {
                let a = env::var("X").unwrap();
                //                    ^^^^^^ warning
                let b = env::var("Y").unwrap();
                //                    ^^^^^^ warning
            }
          `,
        },
        {
          name: 'the file example without its comment',
          code: `
            //! The service entry point.
            use std::env;

            fn main() { env::var("X").unwrap(); }
            //                        ^^^^^^ warning
            fn g() { env::var("Y").expect("y"); }
            //                     ^^^^^^ warning
          `,
        },
        {
          name: 'the several-ids, stacked and `all` examples without their comments',
          code: `
            fn main() {
                let v = m.lock().unwrap().get(env::var("X").unwrap());
                //               ^^^^^^ warning[mutex-lock-unwrap]
                //                                          ^^^^^^ warning
            }
          `,
        },
        {
          name: 'next-line covers only the next line, line only its own line',
          code: `
            fn main() {
                // readiness-ignore-next-line panic-in-production -- checked above
                let a = env::var("X").unwrap();
                let b = env::var("Y").unwrap();
                //                    ^^^^^^ warning
                let c = env::var("Z").unwrap(); // readiness-ignore-line panic-in-production -- test vector
                let d = env::var("W").unwrap();
                //                    ^^^^^^ warning
            }
          `,
        },
        {
          name: 'next-line followed by a blank line applies to the blank line',
          code: `
            fn main() {
                // readiness-ignore-next-line panic-in-production -- checked above
            //                                ^^^^^^^^^^^^^^^^^^^ info[unused-suppression]: suppresses nothing

                let a = env::var("X").unwrap();
                //                    ^^^^^^ warning
            }
          `,
        },
        {
          name: 'readiness-ignore-file after the first code line is not a suppression',
          code: `
            fn main() { env::var("X").unwrap(); }
            //                        ^^^^^^ warning
            // readiness-ignore-file panic-in-production -- too late
          `,
        },
        {
          name: 'a suppression of another rule hides nothing here (and is reported as unused)',
          code: `
            fn main() {
                // readiness-ignore-next-line mutex-lock-unwrap -- the wrong rule
            //                                ^^^^^^^^^^^^^^^^^ info[unused-suppression]: This suppression of \`mutex-lock-unwrap\` suppresses nothing
                let a = env::var("X").unwrap();
                //                    ^^^^^^ warning
            }
          `,
        },
        {
          name: 'a misspelt rule id hides nothing (and is reported as unknown)',
          code: `
            fn main() {
                // readiness-ignore-next-line panic-in-prod -- typo
            //                                ^^^^^^^^^^^^^ info[unused-suppression]: Unknown rule \`panic-in-prod\`
                let a = env::var("X").unwrap();
                //                    ^^^^^^ warning
            }
          `,
        },
      ],
    });
  });

  describe('TOML (#)', () => {
    ruleTester('wildcard-dependency', {
      path: 'Cargo.toml',
      files: { 'src/main.rs': 'fn main() {}\n' },
      valid: [
        {
          name: 'next-line and line suppressions in Cargo.toml',
          code: `
            [package]
            name = "svc"
            version = "0.1.0"
            edition = "2021"

            [dependencies]
            # readiness-ignore-next-line wildcard-dependency -- vendored, the version comes from the lock file
            tokio = "*"
            rand = "*" # readiness-ignore-line wildcard-dependency -- same
          `,
          alsoRules: ['unused-suppression'],
        },
      ],
      invalid: [
        {
          name: 'the same without the comments',
          code: `
            [package]
            name = "svc"
            version = "0.1.0"
            edition = "2021"

            [dependencies]
            tokio = "*"
            #       ^^^ warning: \`tokio\` accepts any version
            rand = "*"
            #      ^^^ warning: \`rand\` accepts any version
          `,
        },
      ],
    });

    // Workspace rules report on a file too (here the first line of Cargo.toml): a file suppression there hides them.
    ruleTester('ci-workflow-missing', {
      path: 'Cargo.toml',
      files: { 'src/main.rs': 'fn main() {}\n' },
      valid: [
        {
          name: 'readiness-ignore-file in Cargo.toml hides a workspace finding reported on it',
          code: `
            # readiness-ignore-file ci-workflow-missing -- CI runs in the monorepo's pipeline
            [package]
            name = "svc"
            version = "0.1.0"
            edition = "2021"
          `,
          alsoRules: ['unused-suppression'],
        },
      ],
      invalid: [
        {
          name: 'the same without the comment',
          code: `
            [package]
            #^^^^^^^^ error: This Cargo workspace has no CI workflow
            name = "svc"
            version = "0.1.0"
            edition = "2021"
          `,
        },
      ],
    });
  });

  describe('YAML (#)', () => {
    ruleTester('literal-secret-in-env', {
      path: 'docker-compose.yml',
      files: RUST_REPO,
      valid: [
        {
          name: 'next-line and line suppressions',
          code: `
            services:
              db:
                image: postgres:16.2
                environment:
                  # readiness-ignore-next-line literal-secret-in-env -- a throw-away local database
                  POSTGRES_PASSWORD: hunter2
                  API_TOKEN: abcdef123456 # readiness-ignore-line literal-secret-in-env -- a public test token
          `,
          alsoRules: ['unused-suppression'],
        },
        {
          name: 'a file suppression',
          code: `
            # Local development only.
            # readiness-ignore-file literal-secret-in-env -- throw-away credentials
            services:
              db:
                image: postgres:16.2
                environment:
                  POSTGRES_PASSWORD: hunter2
                  API_TOKEN: abcdef123456
          `,
          alsoRules: ['unused-suppression'],
        },
      ],
      invalid: [
        {
          name: 'the same without the comments',
          code: `
            services:
              db:
                image: postgres:16.2
                environment:
                  POSTGRES_PASSWORD: hunter2
            #                        ^^^^^^^ error: \`POSTGRES_PASSWORD\` in compose service \`db\`
                  API_TOKEN: abcdef123456
            #                ^^^^^^^^^^^^ error: \`API_TOKEN\` in compose service \`db\`
          `,
        },
      ],
    });
  });

  describe('Dockerfile (#)', () => {
    ruleTester('docker-base-image-unpinned', {
      path: 'Dockerfile',
      files: RUST_REPO,
      valid: [
        {
          name: 'a next-line suppression',
          code: `
            # readiness-ignore-next-line docker-base-image-unpinned -- rebuilt nightly on purpose
            FROM debian:latest
          `,
          alsoRules: ['unused-suppression'],
        },
        {
          name: 'a file suppression',
          code: `
            # syntax=docker/dockerfile:1
            # readiness-ignore-file docker-base-image-unpinned -- rebuilt nightly on purpose
            FROM debian:latest
          `,
          alsoRules: ['unused-suppression'],
        },
      ],
      invalid: [
        {
          name: 'the same without the comments',
          code: `
            # syntax=docker/dockerfile:1
            FROM debian:latest
            #    ^^^^^^^^^^^^^ warning: \`debian:latest\` uses the \`latest\` tag
          `,
        },
      ],
    });
  });

  describe('.env (#)', () => {
    ruleTester('credentials-in-url', {
      path: '.env',
      files: RUST_REPO,
      valid: [
        {
          name: 'a next-line suppression',
          code: `
            # readiness-ignore-next-line credentials-in-url -- the local docker-compose database
            DATABASE_URL=postgres://u:hunter2@db/x
          `,
          alsoRules: ['unused-suppression'],
        },
      ],
      invalid: [
        {
          name: 'the same without the comment',
          code: `
            DATABASE_URL=postgres://u:hunter2@db/x
            #                       ^^^^^^^^^ warning: embeds the password of \`u\`
          `,
        },
      ],
    });
  });

  describe('SQL (--)', () => {
    ruleTester('migration-without-down', {
      path: 'migrations/20240101000000_init.sql',
      files: RUST_REPO,
      valid: [
        {
          name: 'readiness-ignore-line on the first line (where whole-file findings are)',
          code: `
            CREATE TABLE users (id BIGINT PRIMARY KEY); -- readiness-ignore-line migration-without-down -- the initial schema
          `,
          alsoRules: ['unused-suppression'],
        },
        {
          name: 'readiness-ignore-file in the first comment block',
          code: `
            -- The initial schema.
            -- readiness-ignore-file migration-without-down -- nothing to roll back to
            CREATE TABLE users (id BIGINT PRIMARY KEY);
          `,
          alsoRules: ['unused-suppression'],
        },
      ],
      invalid: [
        {
          name: 'the line example without its comment',
          code: `
            CREATE TABLE users (id BIGINT PRIMARY KEY);
            --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: is irreversible
          `,
        },
        {
          name: 'the file example without its comment',
          code: `
            -- The initial schema.
            --^^^^^^^^^^^^^^^^^^^^ warning: is irreversible
            CREATE TABLE users (id BIGINT PRIMARY KEY);
          `,
        },
        {
          name: 'next-line on the first line cannot reach a finding on that first line',
          code: `
            -- readiness-ignore-next-line migration-without-down -- the initial schema
            --^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: is irreversible
            --                            ^^^^^^^^^^^^^^^^^^^^^^ info[unused-suppression]: suppresses nothing
            CREATE TABLE users (id BIGINT PRIMARY KEY);
          `,
        },
      ],
    });
  });
});

ruleTester('unused-suppression', {
  path: 'src/main.rs',
  files: RUST_CRATE,
  invalid: [
    {
      name: 'an unknown rule id, on the id; the finding stays',
      code: `
        fn main() {
            // readiness-ignore-next-line panic-in-prod -- typo
            //                            ^^^^^^^^^^^^^ info: Unknown rule \`panic-in-prod\` in a suppression comment
            let a = env::var("X").unwrap();
            //                    ^^^^^^ warning[panic-in-production]
        }
      `,
    },
    {
      name: 'a suppression whose finding is gone, on the id',
      code: `
        fn main() {
            // readiness-ignore-next-line panic-in-production -- checked above
            //                            ^^^^^^^^^^^^^^^^^^^ info: This suppression of \`panic-in-production\` suppresses nothing: the finding is gone
            let a = x.unwrap_or(1);
        }
      `,
    },
    {
      name: 'several ids: only the one that suppresses nothing',
      code: `
        fn main() {
            // readiness-ignore-next-line panic-in-production, mutex-lock-unwrap -- only one applies
            //                                                 ^^^^^^^^^^^^^^^^^ info: This suppression of \`mutex-lock-unwrap\` suppresses nothing
            let a = env::var("X").unwrap();
        }
      `,
    },
    {
      name: 'a suppression naming no rule, on the whole comment',
      code: `
        fn main() {
            // readiness-ignore-next-line -- reason
            //^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: This suppression names no rule: write \`readiness-ignore-next-line <rule-id> -- reason\`
            let a = env::var("X").unwrap();
            //                    ^^^^^^ warning[panic-in-production]
        }
      `,
    },
    {
      name: '`all` that suppresses nothing',
      code: `
        fn main() {
            // readiness-ignore-next-line all
            //                            ^^^ info: This suppression of \`all\` suppresses nothing
            let a = 1;
        }
      `,
    },
    {
      name: 'stale suppressions in TOML, YAML, Dockerfile, .env (#) and SQL (--)',
      code: `
        //- Cargo.toml
        [package]
        name = "svc"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        # readiness-ignore-next-line wildcard-dependency -- was "*"
        #                            ^^^^^^^^^^^^^^^^^^^ info: This suppression of \`wildcard-dependency\` suppresses nothing
        anyhow = "1"
        //- docker-compose.yml
        services:
          db:
            image: postgres:16.2 # readiness-ignore-line image-tag-unpinned -- was :latest
        #                                                ^^^^^^^^^^^^^^^^^^ info: This suppression of \`image-tag-unpinned\` suppresses nothing
        //- Dockerfile
        # readiness-ignore-next-line docker-base-image-unpinned -- was :latest
        #                            ^^^^^^^^^^^^^^^^^^^^^^^^^^ info: This suppression of \`docker-base-image-unpinned\` suppresses nothing
        FROM debian:bookworm-slim
        //- .env
        # readiness-ignore-next-line credentials-in-url
        #                            ^^^^^^^^^^^^^^^^^^ info: This suppression of \`credentials-in-url\` suppresses nothing
        DATABASE_URL=postgres://db/x
        //- migrations/20240101000000_init.up.sql
        -- readiness-ignore-file migration-without-down -- it has one now
        --                       ^^^^^^^^^^^^^^^^^^^^^^ info: This suppression of \`migration-without-down\` suppresses nothing
        CREATE TABLE users (id BIGINT PRIMARY KEY);
        //- migrations/20240101000000_init.down.sql
        DROP TABLE users;
      `,
    },
    {
      name: 'its severity comes from .readiness.toml like any rule\'s',
      files: { ...RUST_CRATE, '.readiness.toml': '[rules]\nunused-suppression = "error"\n' },
      code: `
        fn main() {
            // readiness-ignore-next-line panic-in-prod -- typo
            //                            ^^^^^^^^^^^^^ error: Unknown rule \`panic-in-prod\`
            let a = 1;
        }
      `,
    },
  ],
  valid: [
    {
      name: 'a suppression that suppresses its finding',
      code: `
        fn main() {
            // readiness-ignore-next-line panic-in-production -- checked above
            let a = env::var("X").unwrap();
        }
      `,
      alsoRules: ['panic-in-production'],
    },
    {
      // The same comment is reported above when the rule is on.
      name: 'a suppression of a rule switched off in .readiness.toml is not reported, with or without a finding under it',
      files: { ...RUST_CRATE, '.readiness.toml': '[rules]\npanic-in-production = "off"\n' },
      code: `
        fn main() {
            // readiness-ignore-next-line panic-in-production -- checked above
            let a = x.unwrap_or(1);
            // readiness-ignore-next-line panic-in-production -- checked above
            let b = env::var("X").unwrap();
        }
      `,
      alsoRules: ['panic-in-production'],
    },
    {
      name: 'nothing is reported when unused-suppression is off in .readiness.toml',
      files: { ...RUST_CRATE, '.readiness.toml': '[rules]\nunused-suppression = "off"\n' },
      code: `
        fn main() {
            // readiness-ignore-next-line panic-in-prod -- typo
            let a = 1;
            // readiness-ignore-next-line panic-in-production -- stale
            let b = 2;
            // readiness-ignore-next-line
            let c = 3;
        }
      `,
    },
  ],
});
