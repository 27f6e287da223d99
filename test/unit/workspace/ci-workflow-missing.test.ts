import * as assert from 'assert';
import { pkg } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import { analyze, applyFix, type Files } from '../../helpers/workspace';

/** Two members; each case writes the root Cargo.toml, where the finding is. */
const MEMBERS: Files = { 'crates/core/Cargo.toml': pkg('core', ''), 'crates/server/Cargo.toml': pkg('server', ''), 'crates/server/src/main.rs': 'fn main() {}\n' };
/** The root manifest, unannotated, for the cases that must not flag. */
const ROOT = '//- Cargo.toml\n[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n';

ruleTester('ci-workflow-missing', {
  files: MEMBERS,
  invalid: [
    {
      name: 'a Cargo workspace without CI, on the first line of the root Cargo.toml',
      code: `
        //- Cargo.toml
        [workspace]
        #^^^^^^^^^^ error: This Cargo workspace has no CI workflow
        resolver = "2"
        members = ["crates/*"]
      `,
      fixes: ['Create .github/workflows/ci.yml (test, clippy, fmt, audit, deny) (preferred)'],
    },
    {
      name: 'fix: creates ci.yml with fmt, clippy -D warnings, test, audit and deny jobs, first-party actions only',
      code: `
        //- Cargo.toml
        [workspace]
        #^^^^^^^^^^ error
        resolver = "2"
        members = ["crates/*"]
      `,
      output: `
        //- .github/workflows/ci.yml
        name: CI

        on:
          push:
            branches: [main]
          pull_request:

        permissions:
          contents: read

        env:
          CARGO_TERM_COLOR: always

        jobs:
          fmt:
            name: Format
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: rustup component add rustfmt
              - run: cargo fmt --all --check

          clippy:
            name: Clippy
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: rustup component add clippy
              - run: cargo clippy --workspace --all-targets -- -D warnings

          test:
            name: Tests
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: cargo test --workspace

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
      `,
      // The created workflow must not raise a CI finding itself (ci-action-unpinned, ci-missing-check…).
      check: (found, files) => {
        const after = applyFix(files, found[0].fixes[0]);
        const ci = [...analyze(after).results.values()].flat().filter((d) => d.ruleId.startsWith('ci-'));
        assert.deepStrictEqual(ci.map((d) => `${d.path}:${d.range.start.line + 1} ${d.ruleId}`), []);
      },
    },
    {
      name: 'YAML that is not a pipeline: a composite action alone, a workflow-like file elsewhere',
      code: `
        //- Cargo.toml
        [workspace]
        #^^^^^^^^^^ error: This Cargo workspace has no CI workflow
        members = ["crates/*"]
        //- .github/actions/setup/action.yml
        runs:
          using: composite
          steps: []
        //- docs/ci.yml
        steps:
          - name: test
            commands: [cargo test]
      `,
    },
  ],
  valid: [
    { name: 'a GitHub workflow under another name', code: `${ROOT}//- .github/workflows/build.yaml\non: push\njobs: {}` },
    { name: '.gitlab-ci.yml', code: `${ROOT}//- .gitlab-ci.yml\ntest:\n  script: cargo test` },
    { name: 'another CI system (.circleci/config.yml)', code: `${ROOT}//- .circleci/config.yml\nversion: 2.1` },
    { name: 'a Woodpecker pipeline (.woodpecker.yml)', code: `${ROOT}//- .woodpecker.yml\nsteps:\n  - name: test\n    image: rust\n    commands: [cargo test]` },
    { name: 'a Woodpecker pipeline directory (.woodpecker/*.yaml)', code: `${ROOT}//- .woodpecker/test.yaml\nsteps:\n  test:\n    image: rust\n    commands: [cargo test]` },
    { name: 'a Forgejo workflow', code: `${ROOT}//- .forgejo/workflows/ci.yml\non: push\njobs: {}` },
    { name: 'no root Cargo.toml', code: '//- src/main.rs\nfn main() {}' },
  ],
});
