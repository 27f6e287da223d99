import * as assert from 'assert';
import { denyToml } from '../../../rules/shared/templates';
import { manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

/** The seed's deny.toml (an old cargo-deny schema). */
const SEED = `
  //- deny.toml
  # deny.toml
  [advisories]
  db-urls = ["https://github.com/rustsec/advisory-db"]
  vulnerability = "deny"
  #^^^^^^^^^^^^ info: \`vulnerability\` in [advisories] was removed from cargo-deny
  unmaintained = "warn"
  #^^^^^^^^^^^ info: \`unmaintained\` in [advisories] was removed from cargo-deny
  notice = "warn"
  #^^^^^ info: \`notice\` in [advisories] was removed from cargo-deny

  [licenses]
  unlicensed = "deny"
  #^^^^^^^^^ info: \`unlicensed\` in [licenses] was removed from cargo-deny
  copyleft = "deny"
  #^^^^^^^ info: \`copyleft\` in [licenses] was removed from cargo-deny
  allow = ["MIT", "Apache-2.0", "BSD-3-Clause"]

  [bans]
  multiple-versions = "warn"
  wildcards = "deny"

  [sources]
  unknown-registry = "deny"
  unknown-git = "warn"
`;

const WEAK_SOURCES = `
  //- deny.toml
  [advisories]
  [licenses]
  allow = ["MIT"]
  [bans]
  wildcards = "allow"
  #           ^^^^^^^ info: \`wildcards = "allow"\` accepts \`"*"\` version requirements
  [sources]
  unknown-registry = "allow"
  #                  ^^^^^^^ info: \`unknown-registry = "allow"\` accepts crates from any registry
  unknown-git = "allow"
  #             ^^^^^^^ info: \`unknown-git = "allow"\` accepts git dependencies from any repository
`;

/** The missing-sections case after its fix: the sections appended in the current schema. */
const SECTIONS_ADDED = `
  //- deny.toml
  [bans]
  multiple-versions = "deny"

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

  [sources]
  unknown-registry = "deny"
  unknown-git = "deny"
  allow-registry = ["https://github.com/rust-lang/crates.io-index"]
  allow-git = []
`;

ruleTester('deny-config-weak', {
  // A wildcard requirement in the workspace: `wildcards = "allow"` then accepts something real.
  files: { 'Cargo.toml': manifest('serde = "*"') },
  invalid: [
    {
      name: 'the seed\'s removed keys, each on its key; removing the level-less ones is preferred, rewriting `unmaintained` is not',
      code: SEED,
      fixes: ['Remove `vulnerability` (every vulnerability advisory is an error; exceptions go in `ignore`) (preferred)'],
      check: (found) => {
        assert.deepStrictEqual(found.map((d) => d.fixes.map((f) => f.preferred)), [[true], [false], [false], [true], [true]]);
        assert.strictEqual(found[1].fixes[0].title, 'Rewrite as `unmaintained = "workspace"`');
      },
      output: `
        //- deny.toml
        # deny.toml
        [advisories]
        db-urls = ["https://github.com/rustsec/advisory-db"]
        unmaintained = "warn"
        notice = "warn"

        [licenses]
        unlicensed = "deny"
        copyleft = "deny"
        allow = ["MIT", "Apache-2.0", "BSD-3-Clause"]

        [bans]
        multiple-versions = "warn"
        wildcards = "deny"

        [sources]
        unknown-registry = "deny"
        unknown-git = "warn"
      `,
    },
    {
      name: 'fix: an `unmaintained` level is rewritten as the current scope',
      code: SEED,
      fix: 'unmaintained = "workspace"',
      output: `
        //- deny.toml
        # deny.toml
        [advisories]
        db-urls = ["https://github.com/rustsec/advisory-db"]
        vulnerability = "deny"
        unmaintained = "workspace"
        notice = "warn"

        [licenses]
        unlicensed = "deny"
        copyleft = "deny"
        allow = ["MIT", "Apache-2.0", "BSD-3-Clause"]

        [bans]
        multiple-versions = "warn"
        wildcards = "deny"

        [sources]
        unknown-registry = "deny"
        unknown-git = "warn"
      `,
    },
    {
      name: 'allowing wildcards, unknown registries and unknown git, on the value; fix: set to "deny"',
      code: WEAK_SOURCES,
      fixes: ['Set to "deny"'],
      fix: 'Set to "deny"',
      output: `
        //- deny.toml
        [advisories]
        [licenses]
        allow = ["MIT"]
        [bans]
        wildcards = "deny"
        [sources]
        unknown-registry = "allow"
        unknown-git = "allow"
      `,
    },
    {
      name: 'missing sections, on the first line; the fix appends them in the current schema',
      code: `
        //- deny.toml
        [bans]
        #^^^^^ info: deny.toml has no [advisories], [licenses], [sources] sections
        multiple-versions = "deny"
      `,
      fixes: ['Add [advisories], [licenses], [sources] with strict defaults (preferred)'],
      output: SECTIONS_ADDED,
    },
    {
      name: 'a .deny.toml in a subdirectory, inline `deny` license list and `default`, both removals preferred',
      code: `
        //- tools/.deny.toml
        [advisories]
        [bans]
        [sources]
        [licenses]
        allow = ["MIT"]
        deny = ["GPL-3.0"]
        #^^^ info: \`deny\` in [licenses] was removed from cargo-deny
        default = "deny"
        #^^^^^^ info: \`default\` in [licenses] was removed from cargo-deny
      `,
      check: (found) => assert.ok(found.every((d) => d.fixes[0].preferred)),
    },
    {
      name: 'SyncTV\'s current deny.toml: scopes for unmaintained/unsound are current; only the allowed wildcards and unknown git are weak',
      code: `
        //- deny.toml
        [advisories]
        unmaintained = "all"
        unsound = "all"
        yanked = "warn"
        ignore = [
            { id = "RUSTSEC-2023-0071", reason = "transitive" },
        ]

        [licenses]
        allow = [
            "MIT",
            "Apache-2.0",
        ]

        [bans]
        multiple-versions = "warn"
        wildcards = "allow"
        #           ^^^^^^^ info: \`wildcards = "allow"\`

        [sources]
        unknown-registry = "warn"
        unknown-git = "allow"
        #             ^^^^^^^ info: \`unknown-git = "allow"\`
        allow-registry = ["https://github.com/rust-lang/crates.io-index"]
        allow-git = []
      `,
    },
    {
      name: 'old `unsound` levels are rewritten to scopes (preferred)',
      code: `
        //- deny.toml
        [advisories]
        unsound = "deny"
        #^^^^^^ info: \`unsound\` in [advisories] was removed from cargo-deny
        [licenses]
        [bans]
        [sources]
      `,
      fixes: ['Rewrite as `unsound = "all"` (preferred)'],
      output: `
        //- deny.toml
        [advisories]
        unsound = "all"
        [licenses]
        [bans]
        [sources]
      `,
    },
  ],
  valid: [
    {
      name: 'wildcards = "allow" where no dependency uses "*" accepts nothing today (the path-dependency setting): audit profile only',
      files: { 'Cargo.toml': manifest('serde = "1"') },
      code: `
        //- deny.toml
        [advisories]
        [licenses]
        allow = ["MIT"]
        [bans]
        wildcards = "allow"
        [sources]
        unknown-registry = "deny"
        unknown-git = "deny"
      `,
    },
    {
      name: 'the deny.toml the deny-config-missing fix creates, and other TOML files with the same keys',
      files: { 'deny.toml': denyToml() },
      code: `
        //- config.toml
        vulnerability = "deny"
        [sources]
        unknown-git = "allow"
      `,
    },
    {
      name: 'what the missing-sections fix leaves behind',
      code: SECTIONS_ADDED,
    },
    {
      name: 'current `unmaintained` scopes and `yanked`',
      code: `
        //- deny.toml
        [advisories]
        version = 2
        unmaintained = "workspace"
        yanked = "deny"
        [licenses]
        version = 2
        allow = ["MIT"]
        [bans]
        [sources]
        unknown-git = "warn"
      `,
    },
  ],
});
