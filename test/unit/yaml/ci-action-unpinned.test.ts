import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { y } from '../../helpers/yaml';

const ID = 'ci-action-unpinned';
const WF = '.github/workflows/ci.yml';
const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

const workflow = (...steps: string[]) => y('on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps.map((s) => '      - ' + s));

describe(ID, () => {
  describe('flags', () => {
    it('third-party actions by tag or branch, on the uses value', () => {
      const found = findingsOf({ [WF]: workflow('uses: dtolnay/rust-toolchain@stable', 'uses: Swatinem/rust-cache@v2', 'uses: "EmbarkStudios/cargo-deny-action@v2.0.1"') }, ID);
      assert.deepStrictEqual(found.map((d) => [d.range.start.line, d.range.start.character]), [[5, 14], [6, 14], [7, 14]]);
      assert.match(found[0].message, /branch or tag \(`stable`\)/);
      assert.match(found[1].message, /by a tag \(`v2`\)/);
      assert.strictEqual(found[0].severity, 'info');
    });
    it('reusable workflows (job-level uses), composite action.yml steps, actions in sub-paths', () => {
      const wf = y('on: push', 'jobs:', '  call:', '    uses: org/shared/.github/workflows/rust.yml@main', '  s:', '    runs-on: x', '    steps:', '    - uses: aws-actions/configure-aws-credentials/sub@v4');
      const action = y('name: a', 'runs:', '  using: composite', '  steps:', '    - uses: taiki-e/install-action@v2', '      with: {tool: cargo-deny}');
      assert.strictEqual(findingsOf({ [WF]: wf, 'tools/setup/action.yml': action }, ID).length, 3);
    });
  });
  describe('does not flag', () => {
    it('SHA pins, actions/* and github/*, local and docker:// actions, run steps', () => {
      const wf = workflow(`uses: dtolnay/rust-toolchain@${SHA} # stable`, 'uses: actions/checkout@v4', 'uses: github/codeql-action/init@v3', 'uses: ./.github/actions/setup', 'uses: docker://alpine:3.20', 'run: echo uses: x/y@v1');
      assert.deepStrictEqual(findingsOf({ [WF]: wf }, ID), []);
    });
    it('uses: keys outside workflows; allow-listed owners', () => {
      assert.deepStrictEqual(findingsOf({ 'docs/example.yml': workflow('uses: a/b@v1') }, ID), []);
      const files = { [WF]: workflow('uses: my-org/setup@v1', 'uses: dtolnay/rust-toolchain@stable'), '.readiness.toml': '[rules.ci-action-unpinned]\nallow = ["my-org/*", "dtolnay/rust-toolchain"]\n' };
      assert.deepStrictEqual(findingsOf(files, ID), []);
    });
  });
});
