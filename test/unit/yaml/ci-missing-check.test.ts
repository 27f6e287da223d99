import * as assert from 'assert';
import { assertFixWorks, findingsOf, syntaxErrors } from '../../helpers/workspace';
import { applyEdits, combinePreferredFixes } from '../../../server/src/core/engine/fixes';
import { manifest, RUST_REPO as RUST_NO_DENY } from '../../helpers/fixtures';

/** A Rust repository with a cargo-deny policy: a CI without `cargo deny check` leaves it unenforced (default profile). */
const RUST_REPO = { ...RUST_NO_DENY, 'deny.toml': '[advisories]\nversion = 2\n' };
import { dedent, ruleTester } from '../../helpers/ruleTester';
import { assertFixedWorkflows } from '../../helpers/workflowShape';
import { checksOfCommand, checksOfTaskRunner, commandsOfScript } from '../../../rules/shared/ciChecks';

const ID = 'ci-missing-check';
const WF = '.github/workflows/ci.yml';

// Most cases sit in a Rust repository; the non-Rust and sub-directory cases need another one, so
// each case names its background files.
ruleTester(ID, {
  path: WF,
  invalid: [
    {
      name: 'the seed 004 workflow: one diagnostic per missing check, on jobs:, in check order',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
        #^^^ error: No CI workflow runs clippy with \`-D warnings\`
        #^^^ error: No CI workflow runs a format check (\`cargo fmt --check\`)
        #^^^ error: No CI workflow runs a vulnerability audit (\`cargo audit\` or \`rustsec/audit-check\`)
        #^^^ error: No CI workflow runs a dependency policy check (\`cargo deny check\`)
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: actions-rs/toolchain@v1
                with:
                  toolchain: stable
              - run: cargo test --all-features
      `,
      check: (_found, files) => assert.match(findingsOf(files, ID).map((d) => d.message).join('\n'), /clippy with `-D warnings`[\s\S]*cargo fmt --check[\s\S]*cargo audit[\s\S]*cargo deny check/),
    },
    {
      name: 'clippy without -D warnings is reported on the clippy command, in a multi-line run',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace
              - run: cargo fmt --all -- --check
              - uses: rustsec/audit-check@v2
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
              - uses: EmbarkStudios/cargo-deny-action@v2
              - name: Lint
                run: |
                  cargo build
                  cargo clippy --all-targets --all-features
        #               ^^^^^^ error: CI runs clippy without \`-D warnings\`
      `,
    },
    {
      name: 'a repository whose crates live in a sub-directory',
      files: { 'server/Cargo.toml': manifest('', 's'), 'server/src/main.rs': '', 'server/deny.toml': '' },
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
        #^^^ error: No CI workflow runs tests (\`cargo test\`)
        #^^^ error: No CI workflow runs clippy with \`-D warnings\`
        #^^^ error: No CI workflow runs a format check (\`cargo fmt --check\`)
        #^^^ error: No CI workflow runs a vulnerability audit (\`cargo audit\` or \`rustsec/audit-check\`)
        #^^^ error: No CI workflow runs a dependency policy check (\`cargo deny check\`)
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cd server && cargo build
      `,
    },
    {
      name: 'a local reusable workflow that does not exist runs no checks',
      files: RUST_REPO,
      code: `
        on: push
        jobs:
        #^^^ error: No CI workflow runs tests (\`cargo test\`)
        #^^^ error: No CI workflow runs clippy with \`-D warnings\`
        #^^^ error: No CI workflow runs a format check (\`cargo fmt --check\`)
        #^^^ error: No CI workflow runs a vulnerability audit (\`cargo audit\` or \`rustsec/audit-check\`)
        #^^^ error: No CI workflow runs a dependency policy check (\`cargo deny check\`)
          rust:
            uses: ./.github/workflows/checks.yml
          release:
            runs-on: x
            steps:
            - run: cargo build --release
      `,
    },
    {
      name: 'cargo-deny with a check list that leaves out advisories is not an audit',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
        #^^^ error: No CI workflow runs a vulnerability audit (\`cargo audit\` or \`rustsec/audit-check\`)
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace
              - run: cargo clippy --all-targets -- -D warnings
              - run: cargo fmt --all -- --check
              - run: cargo deny check bans
      `,
    },
    {
      name: 'fix: adds a job for a missing check at the end of jobs:, in the file\'s style',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
        #^^^ error: No CI workflow runs a format check (\`cargo fmt --check\`)
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace
              - run: cargo clippy --all-targets -- -D warnings
              - uses: rustsec/audit-check@v2
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
              - uses: EmbarkStudios/cargo-deny-action@v2

        # trailing comment
      `,
      output: `
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace
              - run: cargo clippy --all-targets -- -D warnings
              - uses: rustsec/audit-check@v2
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
              - uses: EmbarkStudios/cargo-deny-action@v2
          fmt:
            name: Format
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: rustup component add rustfmt
              - run: cargo fmt --all --check

        # trailing comment
      `,
    },
    {
      name: 'fix: the added job builds what the repository needs (submodules, protoc, OpenSSL, pinned toolchain), in the file\'s 4-space style',
      files: {
        ...RUST_REPO,
        'Cargo.toml': manifest('openssl = "0.10"') + '\n[build-dependencies]\ntonic-build = "0.12"\n',
        '.gitmodules': '[submodule "proto"]\n\tpath = proto\n\turl = https://example.com/proto.git\n',
        'rust-toolchain.toml': '[toolchain]\nchannel = "1.82"\n',
      },
      code: `
        on: push
        jobs:
        #^^^ error: No CI workflow runs tests
            lint:
                runs-on: ubuntu-latest
                steps:
                    - uses: actions/checkout@v4
                    - run: cargo clippy -- -D warnings
                    - run: cargo fmt --check
                    - run: cargo deny check
      `,
      fixes: ['Add the job `test` running tests (with submodules; protobuf-compiler, pkg-config, libssl-dev; the toolchain of rust-toolchain.toml) (preferred)'],
      output: `
        on: push
        jobs:
            lint:
                runs-on: ubuntu-latest
                steps:
                    - uses: actions/checkout@v4
                    - run: cargo clippy -- -D warnings
                    - run: cargo fmt --check
                    - run: cargo deny check
            test:
                name: Tests
                runs-on: ubuntu-latest
                steps:
                    - uses: actions/checkout@v4
                      with:
                          submodules: recursive
                    - name: Install system packages the build needs (protoc, OpenSSL)
                      run: sudo apt-get update && sudo apt-get install -y --no-install-recommends protobuf-compiler pkg-config libssl-dev
                    - name: Install the toolchain pinned by rust-toolchain.toml (1.82)
                      run: rustup toolchain install
                    - run: cargo test --workspace
      `,
      check: (found, files) => { assertFixedWorkflows(files, found.find((d) => d.message.includes('tests'))!); },
    },
    {
      name: 'fix: picks a free job id and follows flush sequences',
      files: RUST_REPO,
      code: `
        on: push
        jobs:
        #^^^ error: No CI workflow runs a vulnerability audit (\`cargo audit\` or \`rustsec/audit-check\`)
          audit:
            runs-on: x
            steps:
            - run: cargo test
            - run: cargo clippy -- -D warnings
            - run: cargo fmt --check
            - run: cargo deny check bans
      `,
      output: `
        on: push
        jobs:
          audit:
            runs-on: x
            steps:
            - run: cargo test
            - run: cargo clippy -- -D warnings
            - run: cargo fmt --check
            - run: cargo deny check bans
          audit-2:
            name: Security audit
            runs-on: ubuntu-latest
            steps:
            - uses: actions/checkout@v4
            - run: cargo install cargo-audit --locked
            - run: cargo audit
      `,
    },
    {
      name: 'fix: keeps a blank line between jobs when the file has them',
      files: RUST_REPO,
      code: `
        on: push
        jobs:
        #^^^ error: No CI workflow runs a vulnerability audit (\`cargo audit\` or \`rustsec/audit-check\`)
          test:
            runs-on: x
            steps:
              - run: cargo test

          lint:
            runs-on: x
            steps:
              - run: cargo clippy -- -D warnings
              - run: cargo fmt --check
              - run: cargo deny check bans
      `,
      output: `
        on: push
        jobs:
          test:
            runs-on: x
            steps:
              - run: cargo test

          lint:
            runs-on: x
            steps:
              - run: cargo clippy -- -D warnings
              - run: cargo fmt --check
              - run: cargo deny check bans

          audit:
            name: Security audit
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo install cargo-audit --locked
              - run: cargo audit
      `,
    },
    {
      name: 'fix: -D warnings goes after an existing --',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace
              - run: cargo fmt --all -- --check
              - uses: rustsec/audit-check@v2
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
              - uses: EmbarkStudios/cargo-deny-action@v2
              - run: cargo clippy --all -- -W clippy::pedantic # lint
        #                  ^^^^^^ error: CI runs clippy without \`-D warnings\`
      `,
      output: `
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace
              - run: cargo fmt --all -- --check
              - uses: rustsec/audit-check@v2
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
              - uses: EmbarkStudios/cargo-deny-action@v2
              - run: cargo clippy --all -- -D warnings -W clippy::pedantic # lint
      `,
    },
    {
      name: 'fix: every fix of the seed workflow, applied one after another, leaves no finding',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
        #^^^ error: No CI workflow runs a format check (\`cargo fmt --check\`)
        #^^^ error: No CI workflow runs a vulnerability audit (\`cargo audit\` or \`rustsec/audit-check\`)
        #^^^ error: No CI workflow runs a dependency policy check (\`cargo deny check\`)
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --all-features
              - run: cargo clippy
        #                  ^^^^^^ error: CI runs clippy without \`-D warnings\`
      `,
      check: (_found, files) => {
        let after = files;
        for (let i = 0; i < 5 && findingsOf(after, ID).length; i++) after = assertFixWorks(after, ID, WF);
        assert.deepStrictEqual(findingsOf(after, ID), []);
        assert.strictEqual(after[WF], dedent(`
          name: CI
          on: [push, pull_request]

          jobs:
            test:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - run: cargo test --all-features
                - run: cargo clippy -- -D warnings
            fmt:
              name: Format
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - run: rustup component add rustfmt
                - run: cargo fmt --all --check
            audit:
              name: Security audit
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - run: cargo install cargo-audit --locked
                - run: cargo audit
            deny:
              name: Dependency policy
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - run: cargo install cargo-deny --locked
                - run: cargo deny check
        `) + '\n');
      },
    },
    {
      name: 'fix-all in one pass: the clippy edit and the new jobs (same end of jobs:) do not mix',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
        #^^^ error: No CI workflow runs a format check (\`cargo fmt --check\`)
        #^^^ error: No CI workflow runs a vulnerability audit (\`cargo audit\` or \`rustsec/audit-check\`)
        #^^^ error: No CI workflow runs a dependency policy check (\`cargo deny check\`)
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test
              - run: |
                  cargo clippy --all-targets
        #               ^^^^^^ error: CI runs clippy without \`-D warnings\`
      `,
      // Fix-all takes the findings in the engine's order (`found` follows the annotations), so it re-reads them.
      check: (_found, files) => {
        const combined = combinePreferredFixes(findingsOf(files, ID));
        assert.strictEqual(combined.applied.length, 4);
        const text = applyEdits(files[WF], combined.edits.filter((e) => e.path === WF));
        assert.deepStrictEqual(syntaxErrors(WF, text), []);
        assert.strictEqual(text, dedent(`
          name: CI
          on: [push, pull_request]

          jobs:
            test:
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - run: cargo test
                - run: |
                    cargo clippy --all-targets -- -D warnings
            fmt:
              name: Format
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - run: rustup component add rustfmt
                - run: cargo fmt --all --check
            audit:
              name: Security audit
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - run: cargo install cargo-audit --locked
                - run: cargo audit
            deny:
              name: Dependency policy
              runs-on: ubuntu-latest
              steps:
                - uses: actions/checkout@v4
                - run: cargo install cargo-deny --locked
                - run: cargo deny check
        `) + '\n');
        assert.deepStrictEqual(findingsOf({ ...files, [WF]: text }, ID), []);
      },
    },
  ],
  valid: [
    {
      name: 'a complete workflow: plain runs and the rustsec / cargo-deny actions',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace
              - run: cargo clippy --all-targets -- -D warnings
              - run: cargo fmt --all -- --check
              - uses: rustsec/audit-check@v2
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
              - uses: EmbarkStudios/cargo-deny-action@v2
      `,
    },
    {
      name: 'checks spread over several workflows (ci + nightly security)',
      files: RUST_REPO,
      code: `
        //- .github/workflows/ci.yml
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo nextest run
              - run: cargo clippy -- -Dwarnings
              - run: cargo fmt --check
        //- .github/workflows/security.yaml
        on:
          schedule: [{cron: "0 3 * * *"}]
        jobs:
          audit:
            runs-on: ubuntu-latest
            steps:
            - uses: taiki-e/install-action@v2
              with: {tool: cargo-deny}
            - run: cargo deny check
      `,
    },
    {
      name: 'RUSTFLAGS=-D warnings in env, actions-rs/cargo steps, actions-rust-lang actions',
      files: RUST_REPO,
      code: `
        on: push
        env:
          RUSTFLAGS: "-D warnings"
        jobs:
          a:
            runs-on: x
            steps:
            - uses: actions-rs/cargo@v1
              with: {command: test, args: --all}
            - run: cargo clippy --all-targets
            - uses: actions-rust-lang/rustfmt@v1
            - uses: actions-rust-lang/audit@v1
            - run: |
                cargo install cargo-deny
                cargo deny --all-features check bans licenses sources
      `,
    },
    {
      name: 'a non-Rust repository',
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo build
      `,
    },
    {
      name: 'a workflow that never runs cargo',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: docker build .
      `,
    },
    {
      name: 'non-workflow YAML',
      files: RUST_REPO,
      code: `
        //- ci/pipeline.yml
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo build
      `,
    },
    {
      name: 'a workspace calling a reusable workflow of another repository',
      files: RUST_REPO,
      code: `
        on: push
        jobs:
          rust:
            uses: my-org/ci/.github/workflows/rust.yml@v3
          release:
            runs-on: x
            steps:
            - run: cargo build --release
      `,
    },
    {
      name: 'a local reusable workflow is read like any workflow',
      files: RUST_REPO,
      code: `
        //- .github/workflows/ci.yml
        on: push
        jobs:
          rust:
            uses: ./.github/workflows/checks.yml
          release:
            runs-on: x
            steps:
            - run: cargo build --release
        //- .github/workflows/checks.yml
        name: CI
        on: workflow_call

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace
              - run: cargo clippy --all-targets -- -D warnings
              - run: cargo fmt --all -- --check
              - uses: rustsec/audit-check@v2
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
              - uses: EmbarkStudios/cargo-deny-action@v2
      `,
    },
    {
      name: 'checks run by a local composite action',
      files: RUST_REPO,
      code: `
        //- .github/workflows/ci.yml
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: ./.github/actions/rust-checks
              - run: cargo test
        //- .github/actions/rust-checks/action.yml
        name: rust-checks
        runs:
          using: composite
          steps:
            - shell: bash
              run: |
                cargo clippy --all-targets -- -D warnings
                cargo fmt --check
                cargo deny check
      `,
    },
    {
      name: 'a composite action on its own',
      files: RUST_REPO,
      code: `
        //- .github/actions/rust-checks/action.yml
        name: rust-checks
        runs:
          using: composite
          steps:
            - shell: bash
              run: |
                cargo clippy --all-targets -- -D warnings
                cargo fmt --check
                cargo deny check
      `,
    },
    {
      name: 'cargo-deny without a check list counts as the vulnerability audit too',
      files: RUST_REPO,
      code: `
        name: CI
        on: [push, pull_request]

        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace
              - run: cargo clippy --all-targets -- -D warnings
              - run: cargo fmt --all -- --check
              - run: cargo deny check
      `,
    },
  ],
});

// Woodpecker, GitLab CI and the deny-config relation.
const AUDIT_PROFILE = { '.readiness.toml': 'profile = "audit"\n' };
ruleTester(ID, {
  path: '.woodpecker.yml',
  invalid: [
    {
      name: 'a Woodpecker pipeline without clippy -D warnings and an audit: once per project, on steps:',
      files: RUST_REPO,
      code: `
        //- .woodpecker.yml
        when:
          - event: [push, pull_request]
        steps:
        #^^^^ error: No CI pipeline runs clippy with \`-D warnings\`
        #^^^^ error: No CI pipeline runs a vulnerability audit
          - name: test
            image: rust:1.80
            commands:
              - cargo fmt --all -- --check
              - cargo test --workspace
          - name: deny
            image: rust:1.80
            commands:
              - cargo deny check bans licenses
        services:
          - name: db
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: postgres
        //- .woodpecker/release.yml
        steps:
          - name: build
            image: rust:1.80
            commands:
              - cargo build --release
      `,
    },
    {
      name: 'a GitLab pipeline without fmt and deny, on stages:',
      files: RUST_REPO,
      code: `
        //- .gitlab-ci.yml
        stages:
        #^^^^^ error: No CI pipeline runs a format check
        #^^^^^ error: No CI pipeline runs a dependency policy check
          - test
        variables:
          RUSTFLAGS: "-D warnings"
        default:
          image: rust:1.80
        test:
          stage: test
          script:
            - cargo test --workspace
            - cargo clippy --all-targets
        audit:
          stage: test
          script: cargo audit
      `,
    },
    {
      name: 'trivy over an image is not an audit of Cargo.lock',
      files: RUST_REPO,
      code: `
        //- .gitlab-ci.yml
        build:
        #^^^^ error: No CI pipeline runs a vulnerability audit
          script:
            - cargo test
            - cargo clippy -- -D warnings
            - cargo fmt --check
            - cargo deny check bans
            - trivy image registry.example.com/app:latest
      `,
    },
    {
      name: 'no deny.toml: the missing cargo deny step is hygiene, related to deny-config-missing (audit profile)',
      files: { ...RUST_NO_DENY, ...AUDIT_PROFILE },
      code: `
        //- .gitlab-ci.yml
        check:
        #^^^^ error: [hygiene] No CI pipeline runs a dependency policy check (\`cargo deny check\`), and there is no deny.toml policy
          script:
            - cargo test
            - cargo clippy -- -D warnings
            - cargo fmt --check
            - cargo audit
      `,
      check: (found) => assert.deepStrictEqual(found[0].related.map((r) => `${r.path}:${r.range.start.line}`), ['Cargo.toml:0']),
    },
  ],
  valid: [
    {
      name: 'a complete Woodpecker pipeline (map-form steps, scanner image, RUSTFLAGS in the step environment)',
      files: RUST_REPO,
      code: `
        //- .woodpecker/ci.yml
        steps:
          lint:
            image: rust:1.80
            environment:
              RUSTFLAGS: -D warnings
            commands:
              - cargo clippy --all-targets
              - cargo fmt --check
          test:
            image: rust:1.80
            commands: cargo nextest run
          deny:
            image: rust:1.80
            commands:
              - cargo deny check bans licenses sources
          scan:
            image: ghcr.io/google/osv-scanner:v2
            commands:
              - osv-scanner scan --lockfile Cargo.lock
      `,
    },
    {
      name: 'a complete GitLab pipeline (insta tests, trivy fs, hidden template jobs, before_script)',
      files: RUST_REPO,
      code: `
        //- .gitlab-ci.yml
        stages: [check]
        .rust:
          image: rust:1.80
          before_script:
            - cargo fmt --all -- --check
        test:
          extends: .rust
          script:
            - cargo insta test --workspace
            - cargo clippy --workspace -- -D warnings
            - cargo deny check bans
        scan:
          image: aquasec/trivy:0.50.0
          script: trivy fs --scanners vuln .
      `,
    },
    {
      name: 'checks spread over GitHub Actions and Woodpecker count together',
      files: RUST_REPO,
      code: `
        //- .github/workflows/ci.yml
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: cargo test
        //- .woodpecker.yml
        steps:
          - name: lint
            image: rust
            commands:
              - cargo clippy -- -D warnings
              - cargo fmt --check
              - cargo deny check
      `,
    },
    {
      name: 'a GitLab include of another project: its jobs cannot be seen',
      files: RUST_REPO,
      code: `
        //- .gitlab-ci.yml
        include:
          - project: my-group/ci-templates
            file: /rust.yml
        build:
          script: cargo build
      `,
    },
    {
      name: 'no deny.toml: a CI without cargo deny is left to deny-config-missing in the default profile',
      files: RUST_NO_DENY,
      code: `
        //- .github/workflows/ci.yml
        on: push
        jobs:
          check:
            runs-on: ubuntu-latest
            steps:
              - run: cargo test
              - run: cargo clippy -- -D warnings
              - run: cargo fmt --check
              - uses: google/osv-scanner-action/osv-scanner-action@v2
      `,
    },
    {
      name: 'the OSV reusable workflow is an audit, not an unknown remote workflow',
      files: RUST_REPO,
      code: `
        //- .github/workflows/ci.yml
        on: push
        jobs:
          check:
            runs-on: ubuntu-latest
            steps:
              - run: cargo insta test
              - run: cargo clippy -- -D warnings
              - run: cargo fmt --check
              - run: cargo deny check bans
          scan:
            uses: google/osv-scanner-action/.github/workflows/osv-scanner-reusable.yml@v2
      `,
    },
  ],
});

// Not about findings: the command parser the rule is built on.
describe(`${ID} command parsing`, () => {
  it('splits scripts into commands and reads the checks each runs', () => {
    assert.deepStrictEqual(commandsOfScript('cargo build \\\n  --release && cargo test; echo ok'), ['cargo build    --release', 'cargo test', 'echo ok']);
    assert.deepStrictEqual([...checksOfCommand('cargo +nightly fmt --all -- --check')], ['fmt']);
    assert.deepStrictEqual([...checksOfCommand('cargo hack --feature-powerset clippy -- -D warnings')], ['clippy']);
    assert.deepStrictEqual([...checksOfCommand('cargo install cargo-audit')], []);
    assert.deepStrictEqual([...checksOfCommand('cargo clippy --all')], []);
    assert.deepStrictEqual(commandsOfScript('${{ env.CARGO }} test --workspace ${{ env.TARGET_FLAGS }}\n$CARGO clippy'), ['cargo test --workspace ${{ env.TARGET_FLAGS }}', 'cargo clippy']);
  });
});

// Other CI systems: their shell commands count (CircleCI, Travis…); a Jenkinsfile cannot be read, so nothing is judged.
ruleTester(ID, {
  path: '.github/workflows/publish.yml',
  invalid: [
    {
      name: 'CircleCI runs fmt, clippy and tests; a GitHub publishing workflow runs none: only the audit is missing, on CircleCI jobs:',
      files: RUST_REPO,
      code: `
        //- .github/workflows/publish.yml
        on:
          push:
            tags: ['v*']
        jobs:
          deb:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo build --release --locked
        //- .circleci/config.yml
        version: 2.1
        jobs:
        #^^^ error: No CI pipeline runs a vulnerability audit
          build:
            docker:
              - image: cimg/rust:1.80
            steps:
              - checkout
              - run:
                  name: fmt
                  command: "cargo fmt --check"
              - run: cargo clippy --all --all-targets -- -Dwarnings
              - run:
                  command: cargo build && cargo test && cargo deny check bans licenses
        workflows:
          version: 2
          build:
            jobs: [build]
      `,
    },
  ],
  valid: [
    {
      name: 'Travis runs every check in script: and install:',
      files: RUST_REPO,
      code: `
        //- .travis.yml
        language: rust
        install:
          - cargo install cargo-audit --locked
        script:
          - cargo fmt --all -- --check
          - cargo clippy --all-targets -- -D warnings
          - cargo test --workspace
          - cargo audit
          - cargo deny check
        //- .github/workflows/publish.yml
        on: { push: { tags: ['v*'] } }
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build --release --locked
      `,
    },
    {
      name: 'a Jenkinsfile beside a GitHub release workflow: the checks may run in Jenkins, which is not read',
      files: { ...RUST_REPO, Jenkinsfile: "pipeline { agent any\n stages { stage('test') { steps { sh 'cargo test' } } } }\n" },
      code: `
        on: { push: { tags: ['v*'] } }
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - run: cargo build --release --locked
      `,
    },
  ],
});

// Task runners: the recipe names say which check runs (the justfile or Makefile is not read).
ruleTester(ID, {
  path: WF,
  invalid: [
    {
      name: 'just recipes named for tests only (inside nix develop): the other checks are missing',
      files: RUST_REPO,
      code: `
        on: [push]
        jobs:
        #^^^ error: No CI workflow runs clippy
        #^^^ error: No CI workflow runs a format check
        #^^^ error: No CI workflow runs a vulnerability audit
        #^^^ error: No CI workflow runs a dependency policy check
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: nix develop --command just test
              - run: nix develop --command just test-docker
      `,
    },
  ],
  valid: [
    {
      name: 'every check through just / make / cargo xtask recipes named for it',
      files: RUST_REPO,
      code: `
        on: [push]
        jobs:
          checks:
            runs-on: ubuntu-latest
            steps:
              - run: nix develop --command just fmt-check
              - run: nix develop -c just clippy-deny
              - run: make test lint
              - run: cargo xtask audit
              - run: cargo make deny
      `,
    },
    {
      name: 'a recipe whose name does not say what it runs (just ci): not judged',
      files: RUST_REPO,
      code: `
        on: [push]
        jobs:
          ci:
            runs-on: ubuntu-latest
            steps:
              - run: just ci
      `,
    },
  ],
});

describe('ci-missing-check: task runner recipes', () => {
  it('reads recipe names, not flags or variables; a clippy-deny recipe is clippy, not cargo-deny', () => {
    const read = (c: string) => { const r = checksOfTaskRunner(c); return r && { checks: [...r.checks].sort(), opaque: r.opaque }; };
    assert.deepStrictEqual(read('just clippy-deny'), { checks: ['clippy'], opaque: false });
    assert.deepStrictEqual(read('make -j4 test fmt-check RUSTFLAGS=-Dwarnings'), { checks: ['fmt', 'test'], opaque: false });
    assert.deepStrictEqual(read('nix develop --command just ci'), { checks: [], opaque: true });
    assert.deepStrictEqual(read('cargo xtask dist'), { checks: [], opaque: false });
    assert.strictEqual(read('cargo test'), undefined);
    assert.strictEqual(read('echo just testing'), undefined);
  });
});

// A tool's version or help checks nothing: `cargo clippy --version` in a toolchain-info step is no lint run.
ruleTester(ID, {
  path: WF,
  invalid: [
    {
      name: 'cargo clippy --version (lint step commented out): clippy is missing, not "without -D warnings"',
      files: RUST_REPO,
      code: `
        on: [push]
        jobs:
        #^^^ error: No CI workflow runs clippy with \`-D warnings\`
        #^^^ error: No CI workflow runs a format check
        #^^^ error: No CI workflow runs a vulnerability audit
        #^^^ error: No CI workflow runs a dependency policy check
          test:
            runs-on: ubuntu-latest
            steps:
              - name: Toolchain info
                run: |
                  cargo --version --verbose
                  cargo clippy --version
                  cargo fmt --version
              # - run: cargo clippy -- -D warnings
              - run: cargo test
      `,
    },
  ],
  valid: [],
});
