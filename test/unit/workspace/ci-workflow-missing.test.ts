import * as assert from 'assert';
import { lock, pkg } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import { analyze, applyFix, type Files } from '../../helpers/workspace';
import { assertFixedWorkflows } from '../../helpers/workflowShape';
import type { Diagnostic } from '../../../server/src/core/engine/types';
import { parse } from 'yaml';

interface Step { uses?: string; run?: string; name?: string; with?: Record<string, unknown> }
/** Applies the fix, checks the created workflow's shape, and returns its jobs' steps by job id. */
function createdJobs(files: Files, found: Diagnostic[]): Record<string, Step[]> {
  const after = assertFixedWorkflows(files, found[0]);
  const wf = parse(after['.github/workflows/ci.yml']) as { jobs: Record<string, { steps: Step[] }> };
  return Object.fromEntries(Object.entries(wf.jobs).map(([id, j]) => [id, j.steps]));
}
const ROOT_FINDING = '//- Cargo.toml\n[workspace]\n#^^^^^^^^^^ error: This Cargo workspace has no CI workflow\nmembers = ["crates/*"]\n';

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
      name: 'fix with submodules (.gitmodules): every job checks them out recursively',
      files: { ...MEMBERS, '.gitmodules': '[submodule "proto"]\n\tpath = proto\n\turl = https://example.com/proto.git\n' },
      code: ROOT_FINDING,
      fixes: ['Create .github/workflows/ci.yml (test, clippy, fmt, audit, deny; with submodules) (preferred)'],
      check: (found, files) => {
        for (const [id, steps] of Object.entries(createdJobs(files, found))) {
          assert.deepStrictEqual(steps[0], { uses: 'actions/checkout@v4', with: { submodules: 'recursive' } }, id);
        }
      },
    },
    {
      name: 'fix with protoc: tonic-build in a member\'s build-dependencies installs protobuf-compiler in the building jobs only',
      files: { ...MEMBERS, 'crates/server/Cargo.toml': pkg('server', 'tonic = "0.12"', '[build-dependencies]\ntonic-build = "0.12"\n') },
      code: ROOT_FINDING,
      check: (found, files) => {
        const jobs = createdJobs(files, found);
        for (const id of ['test', 'clippy']) {
          assert.deepStrictEqual(jobs[id][1], { name: 'Install system packages the build needs (protoc)', run: 'sudo apt-get update && sudo apt-get install -y --no-install-recommends protobuf-compiler' }, id);
        }
        for (const id of ['fmt', 'audit', 'deny']) assert.ok(!jobs[id].some((s) => s.run?.includes('apt-get')), id);
      },
    },
    {
      name: 'fix with protoc named only in build.rs (prost_build::compile_protos)',
      files: { ...MEMBERS, 'crates/core/build.rs': 'fn main() { prost_build::compile_protos(&["a.proto"], &["."]).unwrap(); }\n' },
      code: ROOT_FINDING,
      check: (found, files) => assert.match(createdJobs(files, found).test[1].run ?? '', /protobuf-compiler$/),
    },
    {
      name: 'fix with OpenSSL: openssl-sys in Cargo.lock without openssl-src installs pkg-config and libssl-dev',
      files: { ...MEMBERS, 'Cargo.lock': lock([{ name: 'openssl', version: '0.10.66', dependencies: ['openssl-sys'] }, { name: 'openssl-sys', version: '0.9.103' }, { name: 'server', version: '0.1.0', dependencies: ['openssl'] }]) },
      code: ROOT_FINDING,
      fixes: ['Create .github/workflows/ci.yml (test, clippy, fmt, audit, deny; with pkg-config, libssl-dev) (preferred)'],
      check: (found, files) => {
        const jobs = createdJobs(files, found);
        assert.deepStrictEqual(jobs.clippy[1], { name: 'Install system packages the build needs (OpenSSL)', run: 'sudo apt-get update && sudo apt-get install -y --no-install-recommends pkg-config libssl-dev' });
      },
    },
    {
      name: 'fix with a pinned toolchain (rust-toolchain.toml): every job installs it after the checkout',
      files: { ...MEMBERS, 'rust-toolchain.toml': '[toolchain]\nchannel = "1.82"\ncomponents = ["clippy", "rustfmt"]\n' },
      code: ROOT_FINDING,
      check: (found, files) => {
        for (const [id, steps] of Object.entries(createdJobs(files, found))) {
          assert.deepStrictEqual(steps[1], { name: 'Install the toolchain pinned by rust-toolchain.toml (1.82)', run: 'rustup toolchain install' }, id);
        }
      },
    },
    {
      name: 'fix with a legacy rust-toolchain file',
      files: { ...MEMBERS, 'rust-toolchain': 'nightly-2024-05-01\n' },
      code: ROOT_FINDING,
      check: (found, files) => assert.deepStrictEqual(createdJobs(files, found).fmt[1], { name: 'Install the toolchain pinned by rust-toolchain', run: 'rustup toolchain install' }),
    },
    {
      name: 'fix without extra setup: vendored OpenSSL (openssl-src) and a vendored protoc need no system package',
      files: {
        ...MEMBERS,
        'crates/server/Cargo.toml': pkg('server', 'openssl = { version = "0.10", features = ["vendored"] }', '[build-dependencies]\nprost-build = "0.13"\nprotoc-bin-vendored = "3"\n'),
        'Cargo.lock': lock([{ name: 'openssl-sys', version: '0.9.103', dependencies: ['openssl-src'] }, { name: 'openssl-src', version: '300.3.1' }, { name: 'protoc-bin-vendored', version: '3.1.0' }]),
      },
      code: ROOT_FINDING,
      fixes: ['Create .github/workflows/ci.yml (test, clippy, fmt, audit, deny) (preferred)'],
      check: (found, files) => {
        for (const [id, steps] of Object.entries(createdJobs(files, found))) assert.deepStrictEqual(steps[0], { uses: 'actions/checkout@v4' }, id);
        assert.ok(!Object.values(createdJobs(files, found)).flat().some((s) => s.run?.includes('apt-get') || s.run?.includes('rustup toolchain')));
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
