import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { y } from '../../helpers/yaml';
import { refMajor } from '../../../rules/yaml/ci-deprecated-action';
import { ACTIONS, ACTIONS_REVIEWED } from '../../../rules/yaml/data/actions';

const ID = 'ci-deprecated-action';
const WF = '.github/workflows/ci.yml';

const workflow = (...steps: string[]) => y('name: CI', 'on: [push, pull_request]', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', ...steps.map((s) => '      ' + s));

describe(ID, () => {
  describe('flags', () => {
    it('the seed 004 workflow: actions/checkout@v3 and actions-rs/toolchain@v1, on the uses value', () => {
      const found = findingsOf({ [WF]: workflow('- uses: actions/checkout@v3', '- uses: actions-rs/toolchain@v1', '  with:', '    toolchain: stable', '- run: cargo test --all-features') }, ID);
      assert.deepStrictEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), [[6, 14, 33], [7, 14, 37]]);
      assert.match(found[0].message, /outdated \(v3\).*actions\/checkout@v4/);
      assert.match(found[1].message, /archived.*dtolnay\/rust-toolchain/);
      assert.strictEqual(found[0].severity, 'warning');
    });
    it('cache/artifact majors, full versions, SHA pins with a version comment, every actions-rs action', () => {
      const found = findingsOf({ [WF]: workflow('- uses: actions/cache@v3.3.2', '- uses: actions/upload-artifact@v2', '- uses: actions/checkout@8ade135a41bc03ea155e62e844d188df1ea18608 # v3.6.0', '- uses: actions-rs/tarpaulin@v0.1', '- uses: "actions/download-artifact@v3"') }, ID);
      assert.strictEqual(found.length, 5);
      assert.deepStrictEqual(found[2].fixes, []);
    });
  });
  describe('does not flag', () => {
    it('current and newer majors, branches of maintained actions, unknown actions, SHA pins without a comment', () => {
      const wf = workflow('- uses: actions/checkout@v4', '- uses: actions/checkout@v5', '- uses: actions/cache@main', '- uses: dtolnay/rust-toolchain@stable', '- uses: some/thing@v1', '- uses: actions/checkout@8ade135a41bc03ea155e62e844d188df1ea18608', '- uses: ./local');
      assert.deepStrictEqual(findingsOf({ [WF]: wf }, ID), []);
    });
  });
  describe('fix', () => {
    it('moves an outdated major to the current one, keeping quotes and comments', () => {
      const after = assertFixWorks({ [WF]: workflow('- uses: "actions/checkout@v3" # repo', '- run: cargo test') }, ID, WF);
      assert.strictEqual(after[WF], workflow('- uses: "actions/checkout@v4" # repo', '- run: cargo test'));
    });
    it('actions-rs/toolchain → dtolnay/rust-toolchain@<toolchain>, dropping inputs it does not take', () => {
      const text = workflow('- uses: actions-rs/toolchain@v1', '  with:', '    toolchain: stable', '    override: true', '    components: clippy', '- run: cargo test');
      const after = assertFixWorks({ [WF]: text }, ID, WF);
      assert.strictEqual(after[WF], workflow('- uses: dtolnay/rust-toolchain@stable', '  with:', '    components: clippy', '- run: cargo test'));
      assert.strictEqual(findingsOf({ [WF]: text }, ID)[0].fixes[0].preferred, true);
    });
    it('actions-rs/toolchain with only dropped inputs loses its with:, a custom toolchain uses @master', () => {
      let after = assertFixWorks({ [WF]: workflow('- name: Rust', '  uses: actions-rs/toolchain@v1', '  with:', '    profile: minimal', '    toolchain: 1.75.0', '    override: true', '- run: cargo test') }, ID, WF);
      assert.strictEqual(after[WF], workflow('- name: Rust', '  uses: dtolnay/rust-toolchain@1.75.0', '- run: cargo test'));
      after = assertFixWorks({ [WF]: workflow('- uses: actions-rs/toolchain@v1', '  with:', '    toolchain: nightly-2024-01-01', '    target: wasm32-unknown-unknown') }, ID, WF);
      assert.strictEqual(after[WF], workflow('- uses: dtolnay/rust-toolchain@master', '  with:', '    toolchain: nightly-2024-01-01', '    targets: wasm32-unknown-unknown'));
    });
    it('actions-rs/cargo → run: cargo <command> <args>', () => {
      const after = assertFixWorks({ [WF]: workflow('- uses: actions-rs/cargo@v1', '  with:', '    command: test', '    args: --all-features --workspace', '- run: echo done') }, ID, WF);
      assert.strictEqual(after[WF], workflow('- run: cargo test --all-features --workspace', '- run: echo done'));
    });
    it('actions-rs/audit-check → rustsec/audit-check@v2', () => {
      const after = assertFixWorks({ [WF]: workflow('- uses: actions-rs/audit-check@v1', '  with:', '    token: ${{ secrets.GITHUB_TOKEN }}') }, ID, WF);
      assert.strictEqual(after[WF], workflow('- uses: rustsec/audit-check@v2', '  with:', '    token: ${{ secrets.GITHUB_TOKEN }}'));
    });
  });
  it('the table is dated and every entry has advice', () => {
    assert.match(ACTIONS_REVIEWED, /^\d{4}-\d{2}-\d{2}$/);
    for (const a of ACTIONS) assert.ok(a.minMajor !== undefined || a.replacement, a.action);
    assert.strictEqual(refMajor('v3.5.2'), 3);
    assert.strictEqual(refMajor('8ade135a41bc03ea155e62e844d188df1ea18608', 'v4.1.1'), 4);
    assert.strictEqual(refMajor('main'), undefined);
  });
});
