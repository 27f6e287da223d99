/**
 * Dockerfile rules are one pass each (#13.13): on a 20,000-line Dockerfile every rule together
 * costs a small multiple of parsing it. Before, `docker-cargo-unlocked` looked back over the
 * stage for each RUN (8–12 s here against a parse of a few hundred ms).
 */
import * as assert from 'assert';
import { createEngine } from '../../../rules';
import { Analyzer } from '../../../server/src/core/engine/analyzer';
import { WorkspaceModel } from '../../../server/src/core/engine/workspace';
import { parseDocument } from '../../../server/src/core/parsers/document';
import { writeWorkspace } from '../../helpers/workspace';

/** A long multi-stage Dockerfile touching what every Dockerfile rule reads. */
function longDockerfile(lines: number): string {
  const out = ['ARG RUST=1.79', 'FROM rust:${RUST} AS build', 'WORKDIR /app', 'COPY Cargo.toml ./'] // no Cargo.lock copied: the worst case for looking back;
  const kinds = [
    (i: number) => `COPY src/${i} ./src/${i}`,
    () => 'RUN cargo build --release',
    (i: number) => `ENV API_TOKEN_${i}=value${i}`,
    () => 'RUN apt-get update && apt-get install -y curl',
    (i: number) => `EXPOSE ${1000 + (i % 1000)}`,
    (i: number) => `ARG OPTION_${i}=on`,
    () => 'RUN cargo install tool \\\n  --path tools/x',
    (i: number) => `COPY ["a${i}", "b"]`,
    () => 'USER nobody',
    (i: number) => `ADD extra${i} /extra`,
  ];
  for (let i = 0; out.length < lines; i++) {
    if (i % 2000 === 1999) out.push(`FROM build AS stage${i}`);
    else out.push(kinds[i % kinds.length](i));
  }
  out.push('FROM debian:bookworm-slim', 'COPY --from=build /app/target/release/server /usr/local/bin/server', 'CMD ["server"]');
  return out.join('\n') + '\n';
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

describe('Dockerfile rules are linear (#13.13)', function () {
  this.timeout(120000);
  it('a 20,000-line Dockerfile: all rules together within a small multiple of its parse', () => {
    const text = longDockerfile(20000);
    const root = writeWorkspace({
      'Dockerfile': text,
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n',
      'Cargo.lock': 'version = 3\n',
      'docker-compose.yml': 'services:\n  app:\n    build: .\n',
    });
    // Parse alone, warmed up, the faster of two.
    parseDocument('Dockerfile', 'dockerfile', text, 1);
    const parses: number[] = [];
    for (let i = 0; i < 2; i++) { const t0 = process.hrtime.bigint(); parseDocument('Dockerfile', 'dockerfile', text, 1); parses.push(ms(t0)); }
    const parse = Math.min(...parses);

    const engine = createEngine();
    const model = new WorkspaceModel(root, { knownRules: engine.knownIds });
    const analyzer = new Analyzer(engine, model);
    model.document('Dockerfile'); // parsed once, cached
    const t0 = process.hrtime.bigint();
    const diagnostics = analyzer.analyzeFile('Dockerfile');
    const rules = ms(t0);
    assert.ok(diagnostics.some((d) => d.ruleId === 'docker-cargo-unlocked'), 'the rules did run');
    assert.ok(rules < 4 * parse + 200, `rules ${rules.toFixed(0)} ms, parse ${parse.toFixed(0)} ms`);
  });
});
