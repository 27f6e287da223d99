/**
 * COPY sources are matched as Go's filepath.Match (what Docker uses): `*`, `?` and classes stay
 * within one path segment, `**` is no globstar, braces, extglobs and a leading `!` mean nothing.
 */
import * as assert from 'assert';
import { sourceCovers } from '../../../rules/shared/dockerfile';

describe('COPY source globs (sourceCovers)', () => {
  const covers: [string, string][] = [
    ['.', 'crates/core/src/main.rs'],
    ['./crates/', 'crates/core/Cargo.toml'],
    ['*.toml', 'Cargo.toml'],
    ['*', '.env'],
    ['crates/*/Cargo.toml', 'crates/core/Cargo.toml'],
    ['crates/*', 'crates/core/src/main.rs'],
    ['**/Cargo.toml', 'crates/Cargo.toml'],
    ['Cargo.?ock', 'Cargo.lock'],
    ['[Cc]argo.lock', 'Cargo.lock'],
    ['[!c]argo.lock', 'Cargo.lock'],
    ['[^c]argo.lock', 'Cargo.lock'],
    ['[A-Z]argo.*', 'Cargo.lock'],
    ['src[', 'src['],
    ['a|b*', 'a|bc'],
    ['(a+)+b', '(a+)+b'],
    ['{x}', '{x}'],
  ];
  const missed: [string, string][] = [
    ['*.toml', 'crates/core/Cargo.toml'],
    ['crates/*/Cargo.toml', 'crates/core/sub/Cargo.toml'],
    ['**/Cargo.toml', 'crates/core/Cargo.toml'],
    ['a?b', 'a/b'],
    ['[!C]argo.lock', 'Cargo.lock'],
    ['[^C]argo.lock', 'Cargo.lock'],
    ['src[', 'src'],
    ['[z-a]', 'a'],
    ['{Cargo.toml,Cargo.lock}', 'Cargo.lock'],
    ['!Cargo.lock', 'Cargo.lock'],
    ['!Cargo.lock', 'Cargo.toml'],
    ['a|b*', 'a'],
    ['+(a)', 'a'],
    ['Cargo.toml', 'Cargo.tomlx'],
  ];
  for (const [source, path] of covers) it(`COPY ${source} brings ${path}`, () => assert.strictEqual(sourceCovers(source, path), true));
  for (const [source, path] of missed) it(`COPY ${source} does not bring ${path}`, () => assert.strictEqual(sourceCovers(source, path), false));
});
