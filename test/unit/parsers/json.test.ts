import * as assert from 'assert';
import { parseJsonLike } from '../../../server/src/core/parsers/json';

const pairs = (text: string) => parseJsonLike(text).entries.map((e) => `${e.path.join('.')}=${e.value}@${text.slice(e.start, e.end)}`);

describe('parsers/json: the tolerant JSON / JSON5 / HJSON reader', () => {
  it('JSON: string values with their key path and offsets; numbers, booleans and null are skipped', () => {
    assert.deepStrictEqual(pairs('{"db": {"url": "postgres://a:b@h/d", "pool": 5, "tls": true}, "tags": ["x", null]}'), [
      'db.url=postgres://a:b@h/d@"postgres://a:b@h/d"',
      'tags=x@"x"',
    ]);
  });

  it('JSON5: comments, single quotes, unquoted keys, trailing commas, escapes', () => {
    assert.deepStrictEqual(pairs("// app\n{\n  jwt_secret: 'change me',\n  /* x */ name: \"a\\\"b\",\n  port: 8080,\n}\n"), [
      "jwt_secret=change me@'change me'",
      'name=a"b@"a\\"b"',
    ]);
  });

  it('HJSON: no root braces, # comments, quoteless values to the end of the line, optional commas, multi-line strings', () => {
    const text = "# config.hjson\nkey_seed: RanD0m STR1ng\nport: 8080\ndatabase: {\n  url: postgres://u:p@db/x\n  note:\n    '''\n    two\n    lines\n    '''\n}\n";
    assert.deepStrictEqual(parseJsonLike(text).entries.map((e) => `${e.path.join('.')}=${JSON.stringify(e.value)}`), [
      'key_seed="RanD0m STR1ng"',
      'database.url="postgres://u:p@db/x"',
      'database.note="    two\\n    lines"',
    ]);
    const seed = parseJsonLike(text).entries[0];
    assert.strictEqual(text.slice(seed.start, seed.end), 'RanD0m STR1ng');
  });

  it('never throws on broken input', () => {
    for (const t of ['{', '{"a": ', '[1, 2', '"unterminated', '}}}]]', 'a: {b: [c, d', "'''"]) assert.ok(Array.isArray(parseJsonLike(t).entries));
  });
});
