import * as assert from 'assert';
import { skipUnlessInstalled } from '../helpers/editors';

describe('editor-dependent tests: skipped unless installed, required under REQUIRE_EDITORS=1', () => {
  const saved = process.env.REQUIRE_EDITORS;
  afterEach(() => { if (saved === undefined) delete process.env.REQUIRE_EDITORS; else process.env.REQUIRE_EDITORS = saved; });
  const fakeContext = () => { const calls: string[] = []; return { calls, ctx: { skip: () => { calls.push('skip'); } } as unknown as Mocha.Context }; };

  it('runs when the tool is installed, whatever REQUIRE_EDITORS says', () => {
    for (const v of ['1', undefined]) {
      if (v === undefined) delete process.env.REQUIRE_EDITORS; else process.env.REQUIRE_EDITORS = v;
      const { calls, ctx } = fakeContext();
      skipUnlessInstalled(ctx, true, 'nvim');
      assert.deepStrictEqual(calls, []);
    }
  });

  it('skips a missing tool by default, and fails with REQUIRE_EDITORS=1', () => {
    delete process.env.REQUIRE_EDITORS;
    const quiet = fakeContext();
    const log = console.log;
    console.log = () => undefined;
    try { skipUnlessInstalled(quiet.ctx, false, 'nvim'); } finally { console.log = log; }
    assert.deepStrictEqual(quiet.calls, ['skip']);
    process.env.REQUIRE_EDITORS = '1';
    const strict = fakeContext();
    assert.throws(() => skipUnlessInstalled(strict.ctx, false, 'nvim'), /REQUIRE_EDITORS=1: nvim is not installed \(run {2}bash scripts\/setup-editors\.sh\)/);
    assert.deepStrictEqual(strict.calls, []);
  });
});
