import * as assert from 'assert';
import { ruleTester } from '../../helpers/ruleTester';
import { assertFixedWorkflows } from '../../helpers/workflowShape';

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';
const DIGEST = 'sha256:' + 'a'.repeat(64);
/** Findings without secrets in reach are hygiene: shown in the audit profile only. */
const AUDIT = { '.readiness.toml': 'profile = "audit"\n' };

ruleTester('ci-action-unpinned', {
  path: '.github/workflows/ci.yml',
  invalid: [
    {
      name: 'one finding per action and ref per file, at the first uses line, at the priority of the most exposed line; another ref is its own finding',
      code: `
        on:
          push:
            tags: ["v*"]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: Swatinem/rust-cache@v2
        #             ^^^^^^^^^^^^^^^^^^^^^^ warning: \`Swatinem/rust-cache@v2\` is pinned by a tag (\`v2\`), which its owner can move, and it receives \`secrets.CACHE_KEY\`
              - run: cargo test
          release:
            runs-on: ubuntu-latest
            steps:
              - uses: Swatinem/rust-cache@v2
                with:
                  key: \${{ secrets.CACHE_KEY }}
              - uses: Swatinem/rust-cache@v2.7.3
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: runs in a job holding \`secrets.CACHE_KEY\`
      `,
      check: (found) => {
        assert.strictEqual(found.length, 2);
        assert.match(found[0].message, /used 2 times in this file/);
        assert.deepStrictEqual(found[0].related.map((r) => [r.range.start.line, r.message]), [[12, '`Swatinem/rust-cache@v2` again, receiving `secrets.CACHE_KEY`']]);
        assert.deepStrictEqual(found[0].fixes, []);
      },
    },
    {
      name: 'fix: pins every line of the group to the commit another workflow of the workspace already uses for that ref',
      files: {
        ...AUDIT,
        '.github/workflows/release.yml': `on: push\njobs:\n  r:\n    runs-on: x\n    steps:\n      - uses: dtolnay/rust-toolchain@${SHA} # stable\n`,
      },
      code: `
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@stable
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: [hygiene] \`dtolnay/rust-toolchain@stable\`
              - run: cargo test
          lint:
            runs-on: ubuntu-latest
            steps:
              - uses: "dtolnay/rust-toolchain@stable"
                with: {components: clippy}
      `,
      fixes: [`Pin \`dtolnay/rust-toolchain\` to ${SHA.slice(0, 12)}…, the commit this workspace already uses for \`stable\` (all 2 uses in this file) (not preferred)`],
      output: `
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@${SHA} # stable
              - run: cargo test
          lint:
            runs-on: ubuntu-latest
            steps:
              - uses: "dtolnay/rust-toolchain@${SHA}" # stable
                with: {components: clippy}
      `,
      check: (found, files) => { assertFixedWorkflows(files, found[0]); },
    },
    {
      name: 'third-party actions by tag or branch with no secret in reach: hygiene, on the uses value',
      files: AUDIT,
      code: `
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@stable
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: [hygiene] \`dtolnay/rust-toolchain@stable\` is pinned by a branch or tag (\`stable\`)
              - uses: Swatinem/rust-cache@v2
        #             ^^^^^^^^^^^^^^^^^^^^^^ info: [hygiene] \`Swatinem/rust-cache@v2\` is pinned by a tag (\`v2\`)
              - uses: "EmbarkStudios/cargo-deny-action@v2.0.1"
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: [hygiene] \`EmbarkStudios/cargo-deny-action@v2.0.1\` is pinned by a tag (\`v2.0.1\`)
      `,
    },
    {
      name: 'reusable workflows (job-level uses), composite action.yml steps, actions in sub-paths',
      files: AUDIT,
      code: `
        //- .github/workflows/ci.yml
        on: push
        jobs:
          call:
            uses: org/shared/.github/workflows/rust.yml@main
        #         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: [hygiene] \`org/shared/.github/workflows/rust.yml@main\` is pinned by a branch or tag (\`main\`)
          s:
            runs-on: x
            steps:
            - uses: aws-actions/configure-aws-credentials/sub@v4
        #           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ info: [hygiene] \`aws-actions/configure-aws-credentials/sub@v4\` is pinned by a tag
        //- tools/setup/action.yml
        name: a
        runs:
          using: composite
          steps:
            - uses: taiki-e/install-action@v2
        #           ^^^^^^^^^^^^^^^^^^^^^^^^^ info: [hygiene] \`taiki-e/install-action@v2\` is pinned by a tag
              with: {tool: cargo-deny}
      `,
    },
    {
      name: 'an action receiving a secret, and one in the job that holds it: warning (P1) in the default profile',
      code: `
        on:
          push:
            tags: ["v*"]
        jobs:
          publish:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: dtolnay/rust-toolchain@stable
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: runs in a job holding \`secrets.CARGO_REGISTRY_TOKEN\`
              - run: cargo publish --token \${{ secrets.CARGO_REGISTRY_TOKEN }}
              - uses: svenstaro/upload-release-action@v2
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: it receives \`secrets.GITHUB_TOKEN\`
                with:
                  repo_token: \${{ secrets.GITHUB_TOKEN }}
          docs:
            runs-on: ubuntu-latest
            steps:
              - uses: dtolnay/rust-toolchain@stable
              - run: cargo doc
      `,
      files: {},
    },
    {
      name: 'write-scoped permissions and inherited secrets are secrets in reach',
      code: `
        on: workflow_dispatch
        jobs:
          pypi:
            permissions:
              id-token: write
            runs-on: ubuntu-latest
            steps:
              - uses: pypa/gh-action-pypi-publish@release/v1
        #             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: runs in a job holding \`id-token: write\`
          call:
            uses: org/shared/.github/workflows/release.yml@v1
        #         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: it receives every repository secret (\`secrets: inherit\`)
            secrets: inherit
      `,
    },
    {
      name: 'a binary downloaded from latest in a step holding a publish token',
      code: `
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            steps:
              - env:
                  CARGO_REGISTRY_TOKEN: \${{ secrets.CARGO_REGISTRY_TOKEN }}
                run: |
                  curl -sSfL https://github.com/acme/releaser/releases/latest/download/releaser-x86_64.tar.gz | tar xz
        #                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: downloads whatever release is \`latest\`
                  ./releaser publish
      `,
    },
    {
      name: 'Woodpecker: a plugin receiving from_secret by tag (warning); one without secrets (hygiene)',
      files: AUDIT,
      code: `
        //- .woodpecker/release.yml
        steps:
          - name: build
            image: rust:1.80
            commands:
              - cargo build --release
          - name: publish
            image: woodpeckerci/plugin-docker-buildx:5
        #          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: CI plugin \`woodpeckerci/plugin-docker-buildx:5\` is referenced by the tag \`5\`, which its publisher can move, and it receives \`from_secret: docker_password\`
            settings:
              repo: acme/app
              username: acme
              password:
                from_secret: docker_password
          - name: notify
            image: plugins/slack
        #          ^^^^^^^^^^^^^ info: [hygiene] CI plugin \`plugins/slack\` is referenced by the moving tag \`latest\`
            settings:
              channel: ci
      `,
    },
    {
      name: 'GitLab: a third-party job image running with a secret variable',
      code: `
        //- .gitlab-ci.yml
        publish:
          image: acme/rust-release:stable
        #        ^^^^^^^^^^^^^^^^^^^^^^^^ warning: CI image \`acme/rust-release:stable\` is referenced by the tag \`stable\`, which its publisher can move, and it receives \`$CARGO_REGISTRY_TOKEN\`
          script:
            - cargo publish --token "$CARGO_REGISTRY_TOKEN"
      `,
    },
  ],
  valid: [
    {
      name: 'steps and jobs that never run (if: false, if: ${{ false }}) are not judged, even with secrets',
      files: AUDIT,
      code: `
        on:
          push:
            tags: ["v*"]
        jobs:
          release:
            runs-on: windows-latest
            steps:
              - name: Sign (disabled)
                if: false
                uses: some/signing-action@v1
                with:
                  pfx: \${{ secrets.WINDOWS_PFX_BASE64 }}
              - if: \${{ false }}
                uses: other/upload@main
          old:
            if: false
            runs-on: ubuntu-latest
            steps:
              - uses: third/party@v2
      `,
    },
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
      name: 'no secret in reach: not in the default profile (coverage tokens, a read-only GITHUB_TOKEN outside releases)',
      code: `
        on:
          schedule:
            - cron: "0 0 * * 0"
        jobs:
          audit:
            runs-on: ubuntu-latest
            steps:
              - uses: rustsec/audit-check@v2.0.0
                with:
                  token: \${{ secrets.GITHUB_TOKEN }}
          coverage:
            runs-on: ubuntu-latest
            steps:
              - uses: taiki-e/install-action@cargo-llvm-cov
              - uses: codecov/codecov-action@v5
                with:
                  token: \${{ secrets.CODECOV_TOKEN }}
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
                env:
                  TOKEN: \${{ secrets.DEPLOY_TOKEN }}
      `,
    },
    {
      name: 'Woodpecker and GitLab: digest-pinned plugins, official images with secrets, images without secrets, service containers',
      code: `
        //- .woodpecker.yml
        steps:
          - name: publish
            image: woodpeckerci/plugin-docker-buildx@${DIGEST}
            settings:
              password:
                from_secret: docker_password
          - name: crates
            image: rust:1.80
            environment:
              CARGO_REGISTRY_TOKEN:
                from_secret: cargo_token
            commands:
              - cargo publish
          - name: test
            image: acme/rust-ci:latest
            commands:
              - cargo test
        services:
          - name: db
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: postgres
        //- .gitlab-ci.yml
        variables:
          DB_PASSWORD: postgres
        test:
          image: acme/rust-ci:latest
          script:
            - DATABASE_URL=postgres://app:$DB_PASSWORD@db/app cargo test
            - curl -sSfL https://example.com/tool/latest/tool.sh | sh
      `,
    },
  ],
});
