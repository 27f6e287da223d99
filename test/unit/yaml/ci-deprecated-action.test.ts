import * as assert from 'assert';
import { ruleTester } from '../../helpers/ruleTester';
import { assertFixedWorkflows } from '../../helpers/workflowShape';
import { refMajor } from '../../../rules/yaml/ci-deprecated-action';
import { ACTIONS, ACTIONS_REVIEWED } from '../../../rules/yaml/data/actions';

ruleTester('ci-deprecated-action', {
  path: '.github/workflows/ci.yml',
  invalid: [
    {
      name: 'one finding per action and ref per file, on the first uses line, the others as related locations; another ref is its own finding',
      code: `
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v3
        #             ^^^^^^^^^^^^^^^^^^^ warning: \`actions/checkout@v3\` is outdated (v3): 
              - uses: actions/checkout@v2
        #             ^^^^^^^^^^^^^^^^^^^ warning: \`actions/checkout@v2\` is outdated (v2)
          lint:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v3
              - run: cargo clippy
          docs:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v3
      `,
      check: (found) => {
        assert.strictEqual(found.length, 2);
        assert.match(found[0].message, /used 3 times in this file/);
        assert.deepStrictEqual(found[0].related.map((r) => [r.range.start.line, r.message]), [[10, '`actions/checkout@v3` again'], [15, '`actions/checkout@v3` again']]);
        assert.deepStrictEqual(found[1].related, []);
        assert.doesNotMatch(found[1].message, /times in this file/);
      },
    },
    {
      name: 'fix: rewrites every line of the group at once',
      code: `
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/cache@v3
        #             ^^^^^^^^^^^^^^^^ warning: used 2 times in this file
          lint:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/cache@v3
                with: {path: target, key: k}
      `,
      fixes: ['Update to `@v4` (all 2 uses in this file) (preferred)'],
      output: `
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/cache@v4
          lint:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/cache@v4
                with: {path: target, key: k}
      `,
      check: (found, files) => { assertFixedWorkflows(files, found[0]); },
    },
    {
      name: 'fix: actions-rs/toolchain in several jobs, each with its own toolchain, all replaced',
      code: `
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions-rs/toolchain@v1
        #             ^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/toolchain@v1\` is deprecated
                with:
                  toolchain: stable
                  override: true
          nightly:
            runs-on: ubuntu-latest
            steps:
              - uses: actions-rs/toolchain@v1
                with:
                  toolchain: nightly
                  components: rustfmt
      `,
      output: `
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@stable
          nightly:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@nightly
                with:
                  components: rustfmt
      `,
      check: (found, files) => {
        assert.match(found[0].fixes[0].title, /Replace with `dtolnay\/rust-toolchain@stable` \(all 2 uses in this file\)/);
        assertFixedWorkflows(files, found[0]);
      },
    },
    {
      name: 'no fix for the group when one of its lines cannot be rewritten (actions-rs/cargo with inputs it cannot turn into a command)',
      code: `
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions-rs/cargo@v1
        #             ^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/cargo@v1\` is deprecated
                with: {command: test}
              - uses: actions-rs/cargo@v1
                with: {command: build, use-cross: true}
      `,
      fixes: [],
    },
    {
      name: 'Forgejo and Gitea workflows use the same actions (the shared CI file list)',
      code: `
        //- .forgejo/workflows/ci.yml
        on: push
        jobs:
          test:
            runs-on: docker
            steps:
              - uses: actions-rs/toolchain@v1
        #             ^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/toolchain@v1\` is deprecated
        //- .gitea/workflows/ci.yaml
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v3
        #             ^^^^^^^^^^^^^^^^^^^ warning: \`actions/checkout@v3\` is outdated (v3)
      `,
    },
    {
      name: 'the seed 004 workflow: actions/checkout@v3 and actions-rs/toolchain@v1, on the uses value',
      code: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v3
        #             ^^^^^^^^^^^^^^^^^^^ warning: \`actions/checkout@v3\` is outdated (v3)
              - uses: actions-rs/toolchain@v1
        #             ^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/toolchain@v1\` is deprecated
                with:
                  toolchain: stable
              - run: cargo test --all-features
      `,
      check: (found) => {
        assert.match(found[0].message, /outdated \(v3\).*actions\/checkout@v4/);
        assert.match(found[1].message, /archived.*dtolnay\/rust-toolchain/);
      },
    },
    {
      name: 'cache/artifact majors, full versions, SHA pins with a version comment (no fix), every actions-rs action',
      code: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/cache@v3.3.2
        #             ^^^^^^^^^^^^^^^^^^^^ warning: \`actions/cache@v3.3.2\` is outdated (v3)
              - uses: actions/upload-artifact@v2
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions/upload-artifact@v2\` is outdated (v2)
              - uses: actions/checkout@8ade135a41bc03ea155e62e844d188df1ea18608 # v3.6.0
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions/checkout@8ade135a41bc03ea155e62e844d188df1ea18608\` is outdated (v3)
              - uses: actions-rs/tarpaulin@v0.1
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/tarpaulin@v0.1\` is deprecated
              - uses: "actions/download-artifact@v3"
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions/download-artifact@v3\` is outdated (v3)
      `,
      check: (found) => assert.deepStrictEqual(found[2].fixes, []),
    },
    {
      name: 'fix: moves an outdated major to the current one, keeping quotes and comments',
      code: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: "actions/checkout@v3" # repo
        #             ^^^^^^^^^^^^^^^^^^^^^ warning: \`actions/checkout@v3\` is outdated (v3)
              - run: cargo test
      `,
      output: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: "actions/checkout@v4" # repo
              - run: cargo test
      `,
    },
    {
      name: 'fix: actions-rs/toolchain → dtolnay/rust-toolchain@<toolchain>, dropping inputs it does not take (preferred)',
      code: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions-rs/toolchain@v1
        #             ^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/toolchain@v1\` is deprecated
                with:
                  toolchain: stable
                  override: true
                  components: clippy
              - run: cargo test
      `,
      fixes: ['Replace with `dtolnay/rust-toolchain@stable` (preferred)'],
      output: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@stable
                with:
                  components: clippy
              - run: cargo test
      `,
    },
    {
      name: 'fix: actions-rs/toolchain with only dropped inputs loses its with:',
      code: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - name: Rust
                uses: actions-rs/toolchain@v1
        #             ^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/toolchain@v1\` is deprecated
                with:
                  profile: minimal
                  toolchain: 1.75.0
                  override: true
              - run: cargo test
      `,
      output: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - name: Rust
                uses: dtolnay/rust-toolchain@1.75.0
              - run: cargo test
      `,
    },
    {
      name: 'fix: actions-rs/toolchain with a custom toolchain uses @master, target → targets',
      code: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions-rs/toolchain@v1
        #             ^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/toolchain@v1\` is deprecated
                with:
                  toolchain: nightly-2024-01-01
                  target: wasm32-unknown-unknown
      `,
      output: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@master
                with:
                  toolchain: nightly-2024-01-01
                  targets: wasm32-unknown-unknown
      `,
    },
    {
      name: 'fix: actions-rs/cargo → run: cargo <command> <args>',
      code: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions-rs/cargo@v1
        #             ^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/cargo@v1\` is deprecated
                with:
                  command: test
                  args: --all-features --workspace
              - run: echo done
      `,
      output: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: cargo test --all-features --workspace
              - run: echo done
      `,
    },
    {
      name: 'fix: actions-rs/audit-check → rustsec/audit-check@v2',
      code: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions-rs/audit-check@v1
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`actions-rs/audit-check@v1\` is deprecated
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
      `,
      output: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: rustsec/audit-check@v2
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
      `,
    },
  ],
  valid: [
    {
      name: 'current and newer majors, branches of maintained actions, unknown actions, SHA pins without a comment',
      code: `
        name: CI
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: actions/checkout@v5
              - uses: actions/cache@main
              - uses: dtolnay/rust-toolchain@stable
              - uses: some/thing@v1
              - uses: actions/checkout@8ade135a41bc03ea155e62e844d188df1ea18608
              - uses: ./local
      `,
    },
  ],
});

// Not about findings: the data table the rule reads, and its version parser.
describe('ci-deprecated-action data', () => {
  it('the table is dated and every entry has advice', () => {
    assert.match(ACTIONS_REVIEWED, /^\d{4}-\d{2}-\d{2}$/);
    for (const a of ACTIONS) assert.ok(a.minMajor !== undefined || a.replacement, a.action);
    assert.strictEqual(refMajor('v3.5.2'), 3);
    assert.strictEqual(refMajor('8ade135a41bc03ea155e62e844d188df1ea18608', 'v4.1.1'), 4);
    assert.strictEqual(refMajor('main'), undefined);
  });
});
