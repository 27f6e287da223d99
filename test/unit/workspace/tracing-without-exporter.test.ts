import * as assert from 'assert';
import { findingsOf, type Files } from '../../helpers/workspace';
import { pkg } from '../../helpers/toml';

const ID = 'tracing-without-exporter';
const root = (deps: string) => `[workspace]\nmembers = ["crates/*"]\n\n[workspace.dependencies]\n${deps}\n`;
const ws = (rootDeps: string, serverDeps: string, extra: Files = {}): Files => ({
  'Cargo.toml': root(rootDeps),
  'crates/server/Cargo.toml': pkg('server', serverDeps),
  'crates/server/src/main.rs': 'fn main() {}\n',
  ...extra,
});

describe(ID, () => {
  it('a binary using tracing with no exporter: on `tracing` in [workspace.dependencies], related to the member', () => {
    const files = ws('tracing = "0.1"\ntracing-subscriber = "0.3"', 'tracing = { workspace = true }');
    const found = findingsOf(files, ID);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].path, 'Cargo.toml');
    assert.deepStrictEqual([found[0].range.start.line, found[0].range.start.character, found[0].range.end.character], [4, 0, 7]);
    assert.match(found[0].message, /server uses tracing/);
    assert.strictEqual(found[0].related[0].path, 'crates/server/Cargo.toml');
    assert.strictEqual(found[0].severity, 'info');
  });
  it('tracing declared only in the member: on the first line of the root Cargo.toml', () => {
    const found = findingsOf(ws('serde = "1"', 'tracing = "0.1"'), ID);
    assert.strictEqual(found[0].range.start.line, 0);
  });
  it('not with opentelemetry-otlp / tracing-opentelemetry anywhere, a configured exporter, or a library-only workspace', () => {
    assert.deepStrictEqual(findingsOf(ws('tracing = "0.1"\nopentelemetry-otlp = "0.27"', 'tracing = { workspace = true }'), ID), []);
    assert.deepStrictEqual(findingsOf(ws('tracing = "0.1"', 'tracing = "0.1"\ntracing-opentelemetry = "0.28"'), ID), []);
    assert.deepStrictEqual(findingsOf(ws('tracing = "0.1"', 'tracing = "0.1"\nsentry-tracing = "0.34"', { '.readiness.toml': '[rules.tracing-without-exporter]\nexporters = ["sentry-tracing"]\n' }), ID), []);
    const lib: Files = { 'Cargo.toml': pkg('lib', 'tracing = "0.1"'), 'src/lib.rs': '' };
    assert.deepStrictEqual(findingsOf(lib, ID), []);
    assert.deepStrictEqual(findingsOf(ws('serde = "1"', 'serde = "1"'), ID), []);
  });
});
