/**
 * The tests that need a real editor or browser (Neovim, Chromium) skip when it is not installed
 * (`bash scripts/setup-editors.sh` installs them). With REQUIRE_EDITORS=1 (what `.ci/run` sets) a
 * missing one fails the run instead, so CI cannot pass without having run them.
 */
import * as assert from 'assert';

export function skipUnlessInstalled(ctx: Mocha.Context, installed: boolean, what: string): void {
  if (installed) return;
  const how = `${what} is not installed (run  bash scripts/setup-editors.sh)`;
  assert.ok(process.env.REQUIRE_EDITORS !== '1', `REQUIRE_EDITORS=1: ${how}`);
  console.log(`      (skipped: ${how})`);
  ctx.skip();
}
