import * as assert from 'assert';
import { COMMIT, lock, manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';

const REG = 'registry+https://github.com/rust-lang/crates.io-index';
const AUDIT = { '.readiness.toml': 'profile = "audit"\n' };

/** Two workspace members; `aead` in two versions, pulled by `srtp` (0.3.2) and `aes-gcm` (0.5.2). */
const AEAD_LOCK = lock([
  { name: 'aead', version: '0.3.2', source: REG },
  { name: 'aead', version: '0.5.2', source: REG },
  { name: 'aes-gcm', version: '0.10.3', source: REG, dependencies: ['aead 0.5.2'] },
  { name: 'api', version: '0.1.0', dependencies: ['aes-gcm', 'srtp'] },
  { name: 'srtp', version: '0.1.0', source: REG, dependencies: ['aead 0.3.2'] },
]);

/**
 * Built only for other targets: `windows-sys` / `windows-targets` in two versions, `hermit-abi` and
 * `r-efi` too, and `bitflags` 2.9.0 reached only through `wasi` (the server builds bitflags 1.3.2 alone).
 */
const TARGET_ONLY_LOCK = lock([
  { name: 'bitflags', version: '1.3.2', source: REG },
  { name: 'bitflags', version: '2.9.0', source: REG },
  { name: 'getrandom', version: '0.3.2', source: REG, dependencies: ['r-efi 5.2.0', 'wasi'] },
  { name: 'hermit-abi', version: '0.3.9', source: REG },
  { name: 'hermit-abi', version: '0.5.0', source: REG },
  { name: 'mio', version: '1.0.3', source: REG, dependencies: ['hermit-abi 0.3.9', 'windows-sys 0.52.0'] },
  { name: 'nix', version: '0.29.0', source: REG, dependencies: ['bitflags 1.3.2'] },
  { name: 'num_cpus', version: '1.16.0', source: REG, dependencies: ['hermit-abi 0.5.0'] },
  { name: 'r-efi', version: '5.2.0', source: REG },
  { name: 'r-efi', version: '6.0.0', source: REG },
  { name: 'svc', version: '0.1.0', dependencies: ['getrandom', 'mio', 'nix', 'num_cpus', 'tokio', 'uefi-shim'] },
  { name: 'tokio', version: '1.44.0', source: REG, dependencies: ['mio', 'windows-sys 0.59.0'] },
  { name: 'uefi-shim', version: '0.1.0', source: REG, dependencies: ['r-efi 6.0.0'] },
  { name: 'wasi', version: '0.14.2+wasi-0.2.4', source: REG, dependencies: ['bitflags 2.9.0'] },
  { name: 'windows-sys', version: '0.52.0', source: REG, dependencies: ['windows-targets 0.52.6'] },
  { name: 'windows-sys', version: '0.59.0', source: REG, dependencies: ['windows-targets 0.53.0'] },
  { name: 'windows-targets', version: '0.52.6', source: REG },
  { name: 'windows-targets', version: '0.53.0', source: REG },
]);

ruleTester('duplicate-dependency-versions', {
  files: { 'Cargo.toml': manifest('') },
  invalid: [
    {
      name: 'a second TLS stack: one finding per crate on its first entry, naming which direct dependency of which member pulls each version and through which old copy; each entry related with its chain',
      code: `
        //- Cargo.lock
        version = 4

        [[package]]
        name = "api"
        version = "0.1.0"
        dependencies = [
         "oauth2",
         "reqwest 0.12.9",
         "rustls 0.23.5",
        ]

        [[package]]
        name = "media"
        version = "0.3.0"
        source = "git+https://github.com/example/media.git?tag=v0.3.0#${COMMIT}"
        dependencies = [
         "webrtc 0.8.0",
        ]

        [[package]]
        name = "oauth2"
        version = "4.4.2"
        source = "${REG}"
        dependencies = [
         "reqwest 0.11.27",
        ]

        [[package]]
        name = "reqwest"
        version = "0.11.27"
        #         ^^^^^^^^^ info: \`reqwest\` is locked in 2 versions: 0.11.27 from \`oauth2\` 4.4.2 (api); 0.12.9 declared by api and stream. A second copy of a TLS/crypto stack
        source = "${REG}"
        dependencies = [
         "rustls 0.21.12",
        ]

        [[package]]
        name = "reqwest"
        version = "0.12.9"
        source = "${REG}"
        dependencies = [
         "rustls 0.23.5",
        ]

        [[package]]
        name = "rustls"
        version = "0.19.1"
        #         ^^^^^^^^ info: \`rustls\` is locked in 3 versions: 0.19.1 through \`webrtc\` 0.8.0 from \`media\` 0.3.0 (stream); 0.21.12 through \`reqwest\` 0.11.27 from \`oauth2\` 4.4.2 (api); 0.23.5 declared by api; from \`reqwest\` 0.12.9 (api and stream) and \`webrtc\` 0.11.0 (stream)
        source = "${REG}"

        [[package]]
        name = "rustls"
        version = "0.21.12"
        source = "${REG}"

        [[package]]
        name = "rustls"
        version = "0.23.5"
        source = "${REG}"

        [[package]]
        name = "stream"
        version = "0.1.0"
        dependencies = [
         "media",
         "reqwest 0.12.9",
         "webrtc 0.11.0",
        ]

        [[package]]
        name = "webrtc"
        version = "0.8.0"
        #         ^^^^^^^ info: \`webrtc\` is locked in 2 versions: 0.8.0 from \`media\` 0.3.0 (stream); 0.11.0 declared by stream. The workspace declares 0.11.0 while 0.8.0 alone brings a second copy of \`rustls\`
        source = "${REG}"
        dependencies = [
         "rustls 0.19.1",
        ]

        [[package]]
        name = "webrtc"
        version = "0.11.0"
        source = "${REG}"
        dependencies = [
         "rustls 0.23.5",
        ]
      `,
      check: (found) => {
        const rustls = found.find((d) => d.message.startsWith('`rustls`'))!;
        assert.deepStrictEqual(rustls.related.map((r) => `${r.path}:${r.range.start.line + 1}: ${r.message}`), [
          'Cargo.lock:46: rustls 0.19.1: through `webrtc` 0.8.0 from `media` 0.3.0 (stream) (`media` 0.3.0 → `webrtc` 0.8.0 → `rustls` 0.19.1)',
          'Cargo.lock:51: rustls 0.21.12: through `reqwest` 0.11.27 from `oauth2` 4.4.2 (api) (`oauth2` 4.4.2 → `reqwest` 0.11.27 → `rustls` 0.21.12)',
          'Cargo.lock:56: rustls 0.23.5: declared by api; from `reqwest` 0.12.9 (api and stream) and `webrtc` 0.11.0 (stream) (`reqwest` 0.12.9 → `rustls` 0.23.5)',
        ]);
      },
    },
    {
      name: 'a crate the workspace itself declares in two versions (one member on each); its transitive consequence is hygiene',
      code: `
        //- Cargo.lock
        version = 4

        [[package]]
        name = "api"
        version = "0.1.0"
        dependencies = [
         "prometheus 0.13.4",
        ]

        [[package]]
        name = "core"
        version = "0.1.0"
        dependencies = [
         "prometheus 0.14.0",
        ]

        [[package]]
        name = "prometheus"
        version = "0.13.4"
        #         ^^^^^^^^ info: \`prometheus\` is locked in 2 versions: 0.13.4 declared by api; 0.14.0 declared by core. The workspace itself declares 0.13.4 (api) and 0.14.0 (core): align them.
        source = "${REG}"
        dependencies = [
         "protobuf 2.28.0",
        ]

        [[package]]
        name = "prometheus"
        version = "0.14.0"
        source = "${REG}"
        dependencies = [
         "protobuf 3.7.2",
        ]

        [[package]]
        name = "protobuf"
        version = "2.28.0"
        source = "${REG}"

        [[package]]
        name = "protobuf"
        version = "3.7.2"
        source = "${REG}"
      `,
    },
    {
      name: 'audit profile: transitive duplicates outside the TLS/crypto stack are hygiene',
      files: AUDIT,
      code: `
        //- Cargo.lock
        version = 4

        [[package]]
        name = "api"
        version = "0.1.0"
        dependencies = [
         "config",
         "opendal",
        ]

        [[package]]
        name = "config"
        version = "0.14.1"
        source = "${REG}"
        dependencies = [
         "rust-ini 0.20.0",
        ]

        [[package]]
        name = "opendal"
        version = "0.49.2"
        source = "${REG}"
        dependencies = [
         "rust-ini 0.21.3",
        ]

        [[package]]
        name = "rust-ini"
        version = "0.20.0"
        #         ^^^^^^^^ info: [hygiene] \`rust-ini\` is locked in 2 versions: 0.20.0 from \`config\` 0.14.1 (api); 0.21.3 from \`opendal\` 0.49.2 (api). Only transitive dependencies pull the extra copies
        source = "${REG}"

        [[package]]
        name = "rust-ini"
        version = "0.21.3"
        source = "${REG}"
      `,
    },
    {
      name: 'audit profile: crates skipped in deny.toml [bans] (skip, skip-tree) are acknowledged',
      files: AUDIT,
      code: `//- deny.toml\n[bans]\nmultiple-versions = "deny"\nskip-tree = [{ crate = "srtp@0.1", reason = "media stack, upgrade tracked" }]\n//- Cargo.lock\n${
        AEAD_LOCK.replace('version = "0.3.2"', 'version = "0.3.2"\n#         ^^^^^^^ info: [acknowledged] `aead` is locked in 2 versions (skipped in deny.toml [bans])')}`,
    },
    {
      name: 'audit profile: multiple-versions = "allow" in deny.toml acknowledges every crate',
      files: AUDIT,
      code: `//- deny.toml\n[bans]\nmultiple-versions = "allow"\n//- Cargo.lock\n${
        AEAD_LOCK.replace('version = "0.3.2"', 'version = "0.3.2"\n#         ^^^^^^^ info: [acknowledged] `aead` is locked in 2 versions (deny.toml allows multiple versions): 0.3.2 from `srtp` 0.1.0 (api); 0.5.2 from `aes-gcm` 0.10.3 (api)')}`,
    },
    {
      name: 'a lock without workspace packages: reported on the crate name alone',
      code: `//- Cargo.lock\n${lock([{ name: 'aead', version: '0.4.3', source: REG }, { name: 'aead', version: '0.5.2', source: REG }])
        .replace('version = "0.4.3"', 'version = "0.4.3"\n#         ^^^^^^^ info: `aead` is locked in 2 versions: 0.4.3 pulled by no workspace member this lock records; 0.5.2 pulled by')}`,
    },
  ],
  valid: [
    {
      name: 'transitive duplicates outside the TLS/crypto stack are not in the default profile',
      code: `//- Cargo.lock\n${lock([
        { name: 'api', version: '0.1.0', dependencies: ['config', 'opendal'] },
        { name: 'config', version: '0.14.1', source: REG, dependencies: ['rust-ini 0.20.0'] },
        { name: 'opendal', version: '0.49.2', source: REG, dependencies: ['rust-ini 0.21.3'] },
        { name: 'rust-ini', version: '0.20.0', source: REG },
        { name: 'rust-ini', version: '0.21.3', source: REG },
      ])}`,
    },
    {
      name: 'audit profile: crates built only for other targets (windows-*, hermit-abi, r-efi, and crates reached only through wasi) are never reported',
      files: AUDIT,
      code: `//- Cargo.lock\n${TARGET_ONLY_LOCK}`,
    },
    {
      name: 'crates skipped in deny.toml [bans] are not in the default profile',
      code: `//- deny.toml\n[bans]\nskip = [{ name = "aead", version = "=0.3.2" }]\n//- Cargo.lock\n${AEAD_LOCK}`,
    },
    {
      name: 'deny.toml multiple-versions = "allow": nothing in the default profile',
      code: `//- deny.toml\n[bans]\nmultiple-versions = "allow"\n//- Cargo.lock\n${AEAD_LOCK}`,
    },
    {
      name: 'one version from two sources is not a duplicate',
      code: `//- Cargo.lock\n${lock([
        { name: 'svc', version: '0.1.0', dependencies: [`xiu 0.13.0 (git+https://github.com/harlanc/xiu.git?tag=v0.13.0#${COMMIT})`, `xiu 0.13.0 (${REG})`] },
        { name: 'xiu', version: '0.13.0', source: `git+https://github.com/harlanc/xiu.git?tag=v0.13.0#${COMMIT}` },
        { name: 'xiu', version: '0.13.0', source: REG },
      ])}`,
    },
    {
      name: 'crates ignored in [rules.duplicate-dependency-versions], even in the audit profile',
      files: { '.readiness.toml': 'profile = "audit"\n[rules.duplicate-dependency-versions]\nignore = ["aead"]\n' },
      code: `//- Cargo.lock\n${AEAD_LOCK}`,
    },
    {
      name: 'only Cargo.lock files',
      code: `//- other.toml\n${AEAD_LOCK}`,
    },
  ],
});
