import { pkg } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import type { Files } from '../../helpers/workspace';

/** Two members; each case writes the root Cargo.toml, where the finding is. */
const MEMBERS: Files = { 'crates/core/Cargo.toml': pkg('core', ''), 'crates/server/Cargo.toml': pkg('server', ''), 'crates/server/src/main.rs': 'fn main() {}\n' };
/** The root manifest, unannotated, for the cases that must not flag. */
const ROOT = '//- Cargo.toml\n[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n';

// Review routing is a team-process choice: the finding is hygiene, listed by the audit profile.
ruleTester('codeowners-missing', {
  files: { ...MEMBERS, '.readiness.toml': 'profile = "audit"\n' },
  invalid: [
    {
      name: 'no CODEOWNERS: on the root Cargo.toml; the fix (not preferred) creates .github/CODEOWNERS with a line per member',
      code: `
        //- Cargo.toml
        [workspace]
        #^^^^^^^^^^ info: [hygiene] This workspace has no CODEOWNERS
        resolver = "2"
        members = ["crates/*"]
      `,
      fixes: ['Create .github/CODEOWNERS (one line per workspace member) (not preferred)'],
      output: `
        //- .github/CODEOWNERS
        # Review ownership: GitHub requests a review from these owners for changes under each path.
        # Replace @your-org/maintainers with real users or teams (later lines win).
        *                       @your-org/maintainers
        /crates/core/           @your-org/maintainers
        /crates/server/         @your-org/maintainers
        /Cargo.lock             @your-org/maintainers
        /deny.toml              @your-org/maintainers
        /.github/               @your-org/maintainers
      `,
    },
  ],
  valid: [
    { name: 'not in the default profile', files: { '.readiness.toml': 'profile = "default"\n' }, code: ROOT },
    { name: 'CODEOWNERS at the root', code: `${ROOT}//- CODEOWNERS\n* @a` },
    { name: '.github/CODEOWNERS', code: `${ROOT}//- .github/CODEOWNERS\n* @a` },
    { name: 'docs/CODEOWNERS', code: `${ROOT}//- docs/CODEOWNERS\n* @a` },
  ],
});
