import * as assert from 'assert';
import { analyze, applyFix, findingsOf, syntaxErrors, type Files } from '../../helpers/workspace';
import { pkg } from '../../helpers/toml';
import { combinePreferredFixes } from '../../../server/src/engine/fixes';
import { atWordBoundary, renameVariants } from '../../../rules/workspace/stale-name';

const ID = 'stale-name';
const CONFIG = '[rename]\nquicproquo = "quicprochat"\nQPQ_ = "QPC_"\n';
const files = (): Files => ({
  '.readiness.toml': CONFIG,
  'Cargo.toml': '[workspace]\nmembers = ["crates/quicproquo-server"]\n',
  'crates/quicproquo-server/Cargo.toml': pkg('quicproquo-server', 'quicproquo-core = { path = "../quicproquo-core" }'),
  'crates/quicproquo-server/src/main.rs': 'use quicproquo_core::QuicproquoClient;\nfn main() {\n    let dir = std::env::var("QPQ_DATA_DIR").unwrap_or_default();\n    println!("QUICPROQUO server in {dir}");\n}\n',
  'Dockerfile': 'FROM debian:bookworm-slim\nENV QPQ_DATA_DIR=/var/lib/quicproquo\nCMD ["quicproquo-server"]\n',
  '.env': 'QPQ_AUTH_TOKEN_FILE=/run/secrets/qpq\n',
  'deploy/k8s.yaml': 'metadata:\n  name: quicproquo\n',
});

describe(ID, () => {
  it('case variants in every file kind, each on the occurrence', () => {
    const found = findingsOf(files(), ID);
    const texts = found.map((d) => `${d.path}:${d.range.start.line}:${d.range.start.character}`);
    assert.ok(texts.includes('crates/quicproquo-server/src/main.rs:0:4'), texts.join('\n'));
    const byPath = (p: string) => found.filter((d) => d.path === p).map((d) => d.fixes[0].title);
    assert.deepStrictEqual(byPath('crates/quicproquo-server/src/main.rs'), [
      'Rename `quicproquo` to `quicprochat`', 'Rename `Quicproquo` to `Quicprochat`', 'Rename `QPQ_` to `QPC_`', 'Rename `QUICPROQUO` to `QUICPROCHAT`',
    ]);
    assert.deepStrictEqual(byPath('Dockerfile'), ['Rename `QPQ_` to `QPC_`', 'Rename `quicproquo` to `quicprochat`', 'Rename `quicproquo` to `quicprochat`']);
    assert.deepStrictEqual(byPath('.env'), ['Rename `QPQ_` to `QPC_`']);
    assert.strictEqual(byPath('deploy/k8s.yaml').length, 1);
    assert.strictEqual(found[0].severity, 'info');
  });
  it('fix-all (the union of preferred fixes) renames every occurrence in every file and leaves nothing', () => {
    const { results } = analyze(files());
    const diags = [...results.values()].flat().filter((d) => d.ruleId === ID);
    const combined = combinePreferredFixes(diags);
    const after = applyFix(files(), { title: 'all', preferred: true, edits: combined.edits });
    assert.strictEqual(after['crates/quicproquo-server/src/main.rs'], 'use quicprochat_core::QuicprochatClient;\nfn main() {\n    let dir = std::env::var("QPC_DATA_DIR").unwrap_or_default();\n    println!("QUICPROCHAT server in {dir}");\n}\n');
    assert.strictEqual(after['Dockerfile'], 'FROM debian:bookworm-slim\nENV QPC_DATA_DIR=/var/lib/quicprochat\nCMD ["quicprochat-server"]\n');
    assert.deepStrictEqual(syntaxErrors('crates/quicproquo-server/Cargo.toml', after['crates/quicproquo-server/Cargo.toml']), []);
    assert.deepStrictEqual(findingsOf(after, ID), []);
  });
  it('"Rename all in workspace" on each finding covers every occurrence in every file', () => {
    const found = findingsOf(files(), ID);
    const all = found[0].fixes.find((f) => f.title.startsWith('Rename all in workspace'))!;
    assert.ok(all && !all.preferred);
    assert.strictEqual(all.edits.length, found.length);
    assert.strictEqual(new Set(all.edits.map((e) => e.path)).size, new Set(found.map((d) => d.path)).size);
    assert.deepStrictEqual(findingsOf(applyFix(files(), all), ID), []);
  });
  it('whole identifiers only: not inside unrelated words', () => {
    const f: Files = { '.readiness.toml': '[rename]\nqpq = "qpc"\nchat = "talk"\n', 'Cargo.toml': pkg('svc', ''), 'src/lib.rs': 'const A: &str = "qpqx xqpq chatter wechat";\nfn qpq_send() {}\nstruct QpqConn;\nfn chat() {}\n' };
    const found = findingsOf(f, ID);
    assert.deepStrictEqual(found.map((d) => d.fixes[0].title), ['Rename `qpq` to `qpc`', 'Rename `Qpq` to `Qpc`', 'Rename `chat` to `talk`']);
    assert.strictEqual(atWordBoundary('myQuicproquoClient', 2, 'Quicproquo'), true);
    assert.strictEqual(atWordBoundary('XQPQ_DIR', 1, 'QPQ_'), false);
    assert.deepStrictEqual(renameVariants({ QPQ_: 'QPC_' }).map((v) => `${v.from}>${v.to}`).sort(), ['QPQ_>QPC_', 'Qpq_>Qpc_', 'qpq_>qpc_']);
  });
  it('off until [rename] is configured', () => {
    const f = files();
    delete f['.readiness.toml'];
    assert.deepStrictEqual(findingsOf(f, ID), []);
  });
});
