/**
 * Transitional: the TOML rule tests now use `ruleTester.ts`; these re-exports stay only until the
 * remaining importers (test/unit/workspace) take them from `fixtures.ts`. Then delete this file.
 */
export { COMMIT, COMMIT2, lock, pkg, type LockEntry } from './fixtures';
