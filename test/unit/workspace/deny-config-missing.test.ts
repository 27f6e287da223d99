import * as assert from 'assert';
import { pkg } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import { analyze, applyFix, type Files } from '../../helpers/workspace';

/** Two members; each case writes the root Cargo.toml, where the finding is. */
const MEMBERS: Files = { 'crates/core/Cargo.toml': pkg('core', ''), 'crates/server/Cargo.toml': pkg('server', ''), 'crates/server/src/main.rs': 'fn main() {}\n' };
/** The root manifest, unannotated, for the cases that must not flag. */
const ROOT = '//- Cargo.toml\n[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n';

ruleTester('deny-config-missing', {
  files: MEMBERS,
  invalid: [
    {
      name: 'audit profile: with an advisory scan in CI it is hygiene, and says what is left',
      files: { ...MEMBERS, '.readiness.toml': 'profile = "audit"\n', '.github/workflows/ci.yml': 'on: [push]\njobs:\n  audit:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo audit\n' },
      code: `
        //- Cargo.toml
        [workspace]
        #^^^^^^^^^^ warning: [hygiene] This Cargo workspace has no deny.toml: CI scans dependencies for advisories, but no policy checks licenses, duplicates or unknown sources
        resolver = "2"
        members = ["crates/*"]
      `,
    },
    {
      name: 'no deny.toml: on the first line of the root Cargo.toml; the fix creates deny.toml in the current schema (version = 2, no removed keys)',
      code: `
        //- Cargo.toml
        [workspace]
        #^^^^^^^^^^ warning: This Cargo workspace has no deny.toml
        resolver = "2"
        members = ["crates/*"]
      `,
      fixes: ['Create deny.toml (current cargo-deny schema) (preferred)'],
      output: `
        //- deny.toml
        # cargo-deny configuration: https://embarkstudios.github.io/cargo-deny/
        # Run with \`cargo deny check\`.

        [graph]
        all-features = true

        [advisories]
        version = 2
        # Every vulnerability, unsound and notice advisory is an error; list reviewed exceptions here.
        ignore = []
        # Unmaintained crates are errors when the workspace depends on them directly.
        unmaintained = "workspace"
        yanked = "deny"

        [licenses]
        version = 2
        # Licenses not listed here are denied.
        allow = ["MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Unicode-3.0", "Zlib"]
        confidence-threshold = 0.8

        [bans]
        multiple-versions = "warn"
        wildcards = "deny"
        highlight = "all"

        [sources]
        unknown-registry = "deny"
        unknown-git = "deny"
        allow-registry = ["https://github.com/rust-lang/crates.io-index"]
        allow-git = []
      `,
      // The created file passes deny-config-weak.
      check: (found, files) => {
        const after = applyFix(files, found[0].fixes[0]);
        const weak = [...analyze(after).results.values()].flat().filter((d) => d.ruleId === 'deny-config-weak');
        assert.deepStrictEqual(weak.map((d) => `${d.path}:${d.range.start.line + 1} ${d.message}`), []);
      },
    },
  ],
  valid: [
    { name: 'deny.toml exists', code: `${ROOT}//- deny.toml\n[advisories]` },
    { name: '.deny.toml exists', code: `${ROOT}//- .deny.toml\n[advisories]` },
    { name: '.cargo/deny.toml exists', code: `${ROOT}//- .cargo/deny.toml\n[advisories]` },
    {
      name: 'default profile: CI already scans Cargo.lock for advisories (a daily Trivy job); the policy left is licences and sources',
      code: `${ROOT}//- .github/workflows/trivy.yml\non: { schedule: [{ cron: '0 3 * * *' }] }\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: trivy fs --scanners vuln .\n`,
    },
  ],
});

// A single crate beside a test harness crate: not a workspace of crates.
ruleTester('deny-config-missing', {
  files: { 'src/main.rs': 'fn main() {}\n', 'tests/rust/Cargo.toml': pkg('harness', ''), 'tests/rust/src/main.rs': 'fn main() {}\n' },
  invalid: [],
  valid: [
    { name: 'default profile: one crate and a test harness crate under tests/', code: `//- Cargo.toml\n[package]\nname = "pooler"\nversion = "0.1.0"\n` },
  ],
});
