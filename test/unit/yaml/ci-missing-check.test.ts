import * as assert from 'assert';
import { analyze, assertFixWorks, findingsOf, syntaxErrors, type Files } from '../../helpers/workspace';
import { applyEdits, combinePreferredFixes } from '../../../server/src/engine/fixes';
import { rustRepo, y } from '../../helpers/yaml';
import { checksOfCommand, commandsOfScript } from '../../../rules/yaml/ci-missing-check';

const ID = 'ci-missing-check';
const WF = '.github/workflows/ci.yml';

const workflow = (...steps: string[]) => y('name: CI', 'on: [push, pull_request]', '', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', ...steps.map((s) => '      ' + s));
const missing = (files: Files) => findingsOf(files, ID).map((d) => (d.message.match(/runs (a vulnerability audit|a dependency policy check|a format check|clippy with|tests)|clippy without/) ?? ['?'])[0]);

const COMPLETE = [
  '- run: cargo test --workspace',
  '- run: cargo clippy --all-targets -- -D warnings',
  '- run: cargo fmt --all -- --check',
  '- uses: rustsec/audit-check@v2',
  '  with:',
  '    token: ${{ secrets.GITHUB_TOKEN }}',
  '- uses: EmbarkStudios/cargo-deny-action@v2',
];

describe(ID, () => {
  describe('flags', () => {
    it('the seed 004 workflow: one diagnostic per missing check, on jobs:', () => {
      const found = findingsOf(rustRepo({ [WF]: workflow('- uses: actions-rs/toolchain@v1', '  with:', '    toolchain: stable', '- run: cargo test --all-features') }), ID);
      assert.strictEqual(found.length, 4);
      for (const d of found) assert.deepStrictEqual([d.range.start.line, d.range.start.character, d.range.end.character], [3, 0, 4]);
      assert.strictEqual(found[0].severity, 'error');
      assert.match(found.map((d) => d.message).join('\n'), /clippy with `-D warnings`[\s\S]*cargo fmt --check[\s\S]*cargo audit[\s\S]*cargo deny check/);
    });
    it('clippy without -D warnings is reported on the clippy command, in a multi-line run', () => {
      const found = findingsOf(rustRepo({ [WF]: workflow(...COMPLETE.filter((s) => !s.includes('clippy')), '- name: Lint', '  run: |', '    cargo build', '    cargo clippy --all-targets --all-features') }), ID);
      assert.strictEqual(found.length, 1);
      assert.match(found[0].message, /without `-D warnings`/);
      assert.deepStrictEqual([found[0].range.start.line, found[0].range.start.character], [17, 16]);
    });
    it('a repository whose crates live in a sub-directory', () => {
      const files = { 'server/Cargo.toml': '[package]\nname = "s"\nversion = "0.1.0"\n', 'server/src/main.rs': '', [WF]: workflow('- run: cd server && cargo build') };
      assert.strictEqual(findingsOf(files, ID).length, 5);
    });
  });
  describe('does not flag', () => {
    it('a complete workflow: plain runs and the rustsec / cargo-deny actions', () => {
      assert.deepStrictEqual(findingsOf(rustRepo({ [WF]: workflow(...COMPLETE) }), ID), []);
    });
    it('checks spread over several workflows (ci + nightly security)', () => {
      const ci = workflow('- run: cargo nextest run', '- run: cargo clippy -- -Dwarnings', '- run: cargo fmt --check');
      const sec = y('on:', '  schedule: [{cron: "0 3 * * *"}]', 'jobs:', '  audit:', '    runs-on: ubuntu-latest', '    steps:', '    - uses: taiki-e/install-action@v2', '      with: {tool: cargo-deny}', '    - run: cargo deny check');
      assert.deepStrictEqual(findingsOf(rustRepo({ [WF]: ci, '.github/workflows/security.yaml': sec }), ID), []);
    });
    it('RUSTFLAGS=-D warnings in env, actions-rs/cargo steps, actions-rust-lang actions', () => {
      const wf = y('on: push', 'env:', '  RUSTFLAGS: "-D warnings"', 'jobs:', '  a:', '    runs-on: x', '    steps:',
        '    - uses: actions-rs/cargo@v1', '      with: {command: test, args: --all}', '    - run: cargo clippy --all-targets', '    - uses: actions-rust-lang/rustfmt@v1', '    - uses: actions-rust-lang/audit@v1', '    - run: |', '        cargo install cargo-deny', '        cargo deny --all-features check bans licenses sources');
      assert.deepStrictEqual(missing(rustRepo({ [WF]: wf })), []);
    });
    it('non-Rust repositories, workflows that never run cargo, non-workflow YAML', () => {
      assert.deepStrictEqual(findingsOf({ [WF]: workflow('- run: cargo build') }, ID), []);
      assert.deepStrictEqual(findingsOf(rustRepo({ [WF]: workflow('- run: docker build .') }), ID), []);
      assert.deepStrictEqual(findingsOf(rustRepo({ 'ci/pipeline.yml': workflow('- run: cargo build') }), ID), []);
    });
    it('a workspace calling a reusable workflow of another repository (local ones are read like any workflow)', () => {
      const caller = y('on: push', 'jobs:', '  rust:', '    uses: my-org/ci/.github/workflows/rust.yml@v3', '  release:', '    runs-on: x', '    steps:', '    - run: cargo build --release');
      assert.deepStrictEqual(findingsOf(rustRepo({ [WF]: caller }), ID), []);
      const local = y('on: push', 'jobs:', '  rust:', '    uses: ./.github/workflows/checks.yml', '  release:', '    runs-on: x', '    steps:', '    - run: cargo build --release');
      const checks = workflow(...COMPLETE).replace('on: [push, pull_request]', 'on: workflow_call');
      assert.deepStrictEqual(findingsOf(rustRepo({ [WF]: local, '.github/workflows/checks.yml': checks }), ID), []);
      assert.strictEqual(findingsOf(rustRepo({ [WF]: local }), ID).length, 5);
    });
    it('checks run by a local composite action', () => {
      const action = y('name: rust-checks', 'runs:', '  using: composite', '  steps:', '    - shell: bash', '      run: |', '        cargo clippy --all-targets -- -D warnings', '        cargo fmt --check', '        cargo deny check');
      const wf = workflow('- uses: ./.github/actions/rust-checks', '- run: cargo test');
      assert.deepStrictEqual(findingsOf(rustRepo({ [WF]: wf, '.github/actions/rust-checks/action.yml': action }), ID), []);
      assert.deepStrictEqual(findingsOf(rustRepo({ '.github/actions/rust-checks/action.yml': action }), ID), []);
    });
    it('cargo-deny without a check list counts as the vulnerability audit too', () => {
      assert.deepStrictEqual(missing(rustRepo({ [WF]: workflow(...COMPLETE.slice(0, 3), '- run: cargo deny check') })), []);
      assert.deepStrictEqual(missing(rustRepo({ [WF]: workflow(...COMPLETE.slice(0, 3), '- run: cargo deny check bans') })), ['runs a vulnerability audit']);
    });
  });
  describe('fix', () => {
    it('adds a job for a missing check at the end of jobs:, in the file\'s style', () => {
      const text = workflow(...COMPLETE.filter((s) => !s.includes('fmt'))) + y('', '# trailing comment');
      const after = assertFixWorks(rustRepo({ [WF]: text }), ID, WF);
      assert.strictEqual(after[WF], workflow(...COMPLETE.filter((s) => !s.includes('fmt'))) + y(
        '  fmt:', '    name: Format', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: rustup component add rustfmt', '      - run: cargo fmt --all --check',
        '', '# trailing comment'));
    });
    it('picks a free job id and follows flush sequences', () => {
      const text = y('on: push', 'jobs:', '  audit:', '    runs-on: x', '    steps:', '    - run: cargo test', '    - run: cargo clippy -- -D warnings', '    - run: cargo fmt --check', '    - run: cargo deny check bans');
      const after = assertFixWorks(rustRepo({ [WF]: text }), ID, WF);
      assert.ok(after[WF].endsWith(y('  audit-2:', '    name: Security audit', '    runs-on: ubuntu-latest', '    steps:', '    - uses: actions/checkout@v4', '    - run: cargo install cargo-audit --locked', '    - run: cargo audit')), after[WF]);
    });
    it('every fix of the seed workflow applied together (fix-all) leaves no finding', () => {
      let files = rustRepo({ [WF]: workflow('- run: cargo test --all-features', '- run: cargo clippy') });
      for (let i = 0; i < 5 && findingsOf(files, ID).length; i++) files = assertFixWorks(files, ID, WF);
      assert.deepStrictEqual(findingsOf(files, ID), []);
      assert.match(files[WF], /- run: cargo clippy -- -D warnings\n/);
    });
    it('fix-all in one pass: the clippy edit and the new jobs (same end of jobs:) do not mix', () => {
      const files = rustRepo({ [WF]: workflow('- run: cargo test', '- run: |', '    cargo clippy --all-targets') });
      const { results } = analyze(files);
      const combined = combinePreferredFixes([...results.values()].flat().filter((d) => d.ruleId === ID));
      assert.strictEqual(combined.applied.length, 4);
      const text = applyEdits(files[WF], combined.edits.filter((e) => e.path === WF));
      assert.deepStrictEqual(syntaxErrors(WF, text), []);
      assert.match(text, /\n {10}cargo clippy --all-targets -- -D warnings\n {2}fmt:\n/);
      assert.match(text, /- run: cargo deny check\n$/);
      assert.deepStrictEqual(findingsOf({ ...files, [WF]: text }, ID), []);
    });
    it('keeps a blank line between jobs when the file has them', () => {
      const text = y('on: push', 'jobs:', '  test:', '    runs-on: x', '    steps:', '      - run: cargo test', '', '  lint:', '    runs-on: x', '    steps:', '      - run: cargo clippy -- -D warnings', '      - run: cargo fmt --check', '      - run: cargo deny check bans');
      const after = assertFixWorks(rustRepo({ [WF]: text }), ID, WF);
      assert.strictEqual(after[WF], text + y('', '  audit:', '    name: Security audit', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: cargo install cargo-audit --locked', '      - run: cargo audit'));
    });
    it('-D warnings goes after an existing --', () => {
      const text = workflow(...COMPLETE.filter((s) => !s.includes('clippy')), '- run: cargo clippy --all -- -W clippy::pedantic # lint');
      const after = assertFixWorks(rustRepo({ [WF]: text }), ID, WF);
      assert.match(after[WF], /- run: cargo clippy --all -- -D warnings -W clippy::pedantic # lint\n/);
    });
  });
  it('command parsing', () => {
    assert.deepStrictEqual(commandsOfScript('cargo build \\\n  --release && cargo test; echo ok'), ['cargo build    --release', 'cargo test', 'echo ok']);
    assert.deepStrictEqual([...checksOfCommand('cargo +nightly fmt --all -- --check')], ['fmt']);
    assert.deepStrictEqual([...checksOfCommand('cargo hack --feature-powerset clippy -- -D warnings')], ['clippy']);
    assert.deepStrictEqual([...checksOfCommand('cargo install cargo-audit')], []);
    assert.deepStrictEqual([...checksOfCommand('cargo clippy --all')], []);
    assert.deepStrictEqual(commandsOfScript('${{ env.CARGO }} test --workspace ${{ env.TARGET_FLAGS }}\n$CARGO clippy'), ['cargo test --workspace ${{ env.TARGET_FLAGS }}', 'cargo clippy']);
  });
});
