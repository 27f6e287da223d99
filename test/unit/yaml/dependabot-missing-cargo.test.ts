import { manifest, RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

// The non-Rust and crate-in-a-sub-directory cases need other repositories, so each case names its background files.
ruleTester('dependabot-missing-cargo', {
  path: '.github/dependabot.yml',
  invalid: [
    {
      name: 'updates without cargo, on the updates key',
      files: RUST_REPO,
      code: `
        version: 2
        updates:
        #^^^^^^ info: Dependabot has no \`package-ecosystem: "cargo"\` entry
          - package-ecosystem: "github-actions"
            directory: "/"
            schedule:
              interval: "weekly"
      `,
    },
    {
      name: '.yaml extension, and a file with no updates at all',
      files: RUST_REPO,
      code: `
        //- .github/dependabot.yaml
        version: 2
        #^^^^^^^^^ info: Dependabot has no \`package-ecosystem: "cargo"\` entry
      `,
    },
    {
      name: 'fix: appends an entry in the file\'s sequence style and quoting (indented, quoted), preferred',
      files: RUST_REPO,
      code: `
        version: 2
        updates:
        #^^^^^^ info: Dependabot has no \`package-ecosystem: "cargo"\` entry
          - package-ecosystem: "docker"
            directory: "/"
            schedule:
              interval: "weekly"
        # end
      `,
      fixes: ['(preferred)'],
      output: `
        version: 2
        updates:
          - package-ecosystem: "docker"
            directory: "/"
            schedule:
              interval: "weekly"
          - package-ecosystem: "cargo"
            directory: "/"
            schedule:
              interval: "weekly"
        # end
      `,
    },
    {
      name: 'fix: flush sequences, plain scalars, 4-space unit',
      files: RUST_REPO,
      code: `
        version: 2
        updates:
        #^^^^^^ info: Dependabot has no \`package-ecosystem: "cargo"\` entry
        - package-ecosystem: npm
          directory: /web
          schedule:
              interval: daily
      `,
      output: `
        version: 2
        updates:
        - package-ecosystem: npm
          directory: /web
          schedule:
              interval: daily
        - package-ecosystem: cargo
          directory: /
          schedule:
              interval: weekly
      `,
    },
    {
      name: 'fix: adds updates: when missing, pointing at the crate directory when there is no root manifest',
      files: { 'svc/Cargo.toml': manifest(''), 'svc/src/main.rs': 'fn main() {}\n' },
      code: `
        version: 2
        #^^^^^^^^^ info: Dependabot has no \`package-ecosystem: "cargo"\` entry
      `,
      output: `
        version: 2
        updates:
          - package-ecosystem: "cargo"
            directory: "/svc"
            schedule:
              interval: "weekly"
      `,
    },
    {
      name: 'a project with CI and no update config at all: on the root Cargo.toml, fix creates dependabot.yml',
      code: `
        //- Cargo.toml
        [package]
        #^^^^^^^^ info: This workspace has CI but no dependency-update config
        name = "svc"
        version = "0.1.0"
        //- .github/workflows/ci.yml
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: cargo test
      `,
      fixes: ['Create .github/dependabot.yml (cargo and github-actions, weekly) (preferred)'],
      output: `
        //- .github/dependabot.yml
        version: 2
        updates:
          - package-ecosystem: "cargo"
            directory: "/"
            schedule:
              interval: "weekly"
          - package-ecosystem: "github-actions"
            directory: "/"
            schedule:
              interval: "weekly"
      `,
    },
    {
      name: 'a GitLab or Woodpecker project with no update config: Renovate is offered, not preferred',
      code: `
        //- Cargo.toml
        [package]
        #^^^^^^^^ info: This workspace has CI but no dependency-update config
        name = "svc"
        //- .woodpecker.yml
        steps:
          - name: test
            image: rust
            commands: [cargo test]
      `,
      fixes: ['Create renovate.json (config:recommended) (not preferred)'],
    },
  ],
  valid: [
    {
      name: 'Renovate configured in any of its usual places (and dependabot kept for other ecosystems)',
      files: { 'Cargo.toml': manifest(''), '.github/renovate.json5': '{}', '.gitlab-ci.yml': 'test:\n  script: cargo test\n' },
      code: `
        version: 2
        updates:
          - package-ecosystem: "github-actions"
            directory: "/"
            schedule:
              interval: "weekly"
      `,
    },
    ...['renovate.json', 'renovate.json5', '.renovaterc', '.renovaterc.json', '.github/renovate.json', '.gitlab/renovate.json'].map((p) => ({
      name: `no dependabot, Renovate in ${p}`,
      files: { 'Cargo.toml': manifest(''), [p]: '{}' },
      code: '//- .gitlab-ci.yml\ntest:\n  script: cargo test',
    })),
    {
      name: 'a root package.json, which may hold a "renovate" key (JSON is not read)',
      files: { 'Cargo.toml': manifest(''), 'package.json': '{"renovate": {"extends": ["config:recommended"]}}' },
      code: '//- .github/workflows/ci.yml\non: push\njobs: {}',
    },
    {
      name: 'no CI pipeline: ci-workflow-missing says so',
      files: { 'Cargo.toml': manifest('') },
      code: '//- .github/actions/setup/action.yml\nruns:\n  using: composite\n  steps: []',
    },
    {
      name: 'a cargo entry (any quoting)',
      files: RUST_REPO,
      code: `
        version: 2
        updates:
        - package-ecosystem: cargo
          directory: /
          schedule: {interval: daily}
      `,
    },
    {
      name: 'a repository without Rust',
      code: `
        version: 2
        updates:
          - package-ecosystem: npm
            directory: /
            schedule: {interval: daily}
      `,
    },
    {
      name: 'dependabot-like files elsewhere',
      files: RUST_REPO,
      code: `
        //- docs/dependabot.yml
        version: 2
        updates: []
      `,
    },
  ],
});
