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
  ],
  valid: [
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
