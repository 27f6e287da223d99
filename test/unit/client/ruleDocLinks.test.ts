import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allRuleMeta } from '../../../rules';
import { openRuleDocsCommandUri, pageOfDocPath, ruleIdOfDocUrl } from '../../../client/src/ruleDocLinks';
import { linkRuleIds, packageRoot, ruleDocUrl, ruleMarkdown } from '../../../server/src/output/ruleDocs';

describe('rule documentation links (VS Code client)', () => {
  it('turns the server\'s file: link of a diagnostic into the command that opens the rendered page', () => {
    const id = ruleIdOfDocUrl(ruleDocUrl('panic-in-production'));
    assert.strictEqual(id, 'panic-in-production');
    const uri = openRuleDocsCommandUri(id!);
    assert.strictEqual(uri, 'command:rustReadiness.openRuleDocs?%5B%22panic-in-production%22%5D');
    assert.deepStrictEqual(JSON.parse(decodeURIComponent(uri.slice(uri.indexOf('?') + 1))), ['panic-in-production']);
    // Links that are not rule pages are left alone.
    for (const other of ['https://example.com/x.md', 'file:///ext/docs/report.md', 'file:///ext/docs/rules/../../secret.md']) {
      assert.strictEqual(ruleIdOfDocUrl(other), undefined, other);
    }
  });

  it('serves only rule pages from the read-only scheme (no path leaves docs/rules)', () => {
    assert.strictEqual(pageOfDocPath('/unbounded-channel.md'), 'unbounded-channel');
    assert.strictEqual(pageOfDocPath('/README.md'), 'README');
    for (const bad of ['/../package.json.md', '/a/b.md', '/x.txt', '/.hidden.md', '/Upper.md']) assert.strictEqual(pageOfDocPath(bad), undefined, bad);
  });

  it('rule pages link the other rules they name and back to the catalog; every link resolves', () => {
    const ids = new Set(allRuleMeta().map((m) => m.id));
    assert.strictEqual(linkRuleIds('see `docker-root-user`, `self-rule` and `cargo build`', ids, 'self-rule'), 'see [`docker-root-user`](docker-root-user.md), `self-rule` and `cargo build`');
    const dir = path.join(packageRoot(), 'docs', 'rules');
    let links = 0;
    for (const meta of allRuleMeta()) {
      const page = ruleMarkdown(meta, 1, ids);
      assert.strictEqual(fs.readFileSync(path.join(dir, `${meta.id}.md`), 'utf8'), page, `docs/rules/${meta.id}.md is out of date (npm run compile)`);
      assert.match(page, /\[All rules\]\(README\.md\)/);
      for (const m of page.matchAll(/\]\(([^)]+\.md)\)/g)) {
        assert.ok(fs.existsSync(path.join(dir, m[1])), `${meta.id}.md links ${m[1]}`);
        links++;
      }
    }
    assert.ok(links > ids.size, `${links} links`);
    // Hover and SARIF help stay plain.
    assert.doesNotMatch(ruleMarkdown(allRuleMeta().find((m) => m.id === 'dockerfile-missing')!), /\]\(/);
  });
});
