import { ruleTester } from '../../helpers/ruleTester';

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

ruleTester('ci-action-unpinned', {
  path: '.github/workflows/ci.yml',
  invalid: [
    {
      name: 'third-party actions by tag or branch, on the uses value',
      code: `
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@stable
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: \`dtolnay/rust-toolchain@stable\` is pinned by a branch or tag (\`stable\`)
              - uses: Swatinem/rust-cache@v2
        #             ^^^^^^^^^^^^^^^^^^^^^^ info: pinned by a tag (\`v2\`)
              - uses: "EmbarkStudios/cargo-deny-action@v2.0.1"
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: pinned by a tag (\`v2.0.1\`)
      `,
    },
    {
      name: 'reusable workflows (job-level uses), composite action.yml steps, actions in sub-paths',
      code: `
        //- .github/workflows/ci.yml
        on: push
        jobs:
          call:
            uses: org/shared/.github/workflows/rust.yml@main
        #         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: pinned by a branch or tag (\`main\`)
          s:
            runs-on: x
            steps:
            - uses: aws-actions/configure-aws-credentials/sub@v4
        #           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: \`aws-actions/configure-aws-credentials/sub@v4\` is pinned by a tag
        //- tools/setup/action.yml
        name: a
        runs:
          using: composite
          steps:
            - uses: taiki-e/install-action@v2
        #           ^^^^^^^^^^^^^^^^^^^^^^^^^ info: \`taiki-e/install-action@v2\` is pinned by a tag
              with: {tool: cargo-deny}
      `,
    },
  ],
  valid: [
    {
      name: 'SHA pins, actions/* and github/*, local and docker:// actions, run steps',
      code: `
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@${SHA} # stable
              - uses: actions/checkout@v4
              - uses: github/codeql-action/init@v3
              - uses: ./.github/actions/setup
              - uses: docker://alpine:3.20
              - run: echo uses: x/y@v1
      `,
    },
    {
      name: 'uses: keys outside workflows',
      code: `
        //- docs/example.yml
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: a/b@v1
      `,
    },
    {
      name: 'allow-listed owners and actions',
      files: { '.readiness.toml': '[rules.ci-action-unpinned]\nallow = ["my-org/*", "dtolnay/rust-toolchain"]\n' },
      code: `
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: my-org/setup@v1
              - uses: dtolnay/rust-toolchain@stable
      `,
    },
  ],
});
