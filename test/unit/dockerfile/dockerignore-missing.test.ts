import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { dockerWorkspace, spans } from '../../helpers/dockerfile';

const ID = 'dockerignore-missing';
const COPY_ALL = 'FROM rust:1.82 AS builder\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --locked\n';

describe(ID, () => {
  describe('flags', () => {
    it('COPY . . with no .dockerignore, on the COPY', () => {
      const f = findingsOf(dockerWorkspace(COPY_ALL), ID, 'Dockerfile');
      assert.deepStrictEqual(spans(f), [[2, 0, 8]]);
      assert.match(f[0].message, /`COPY \.` copies the whole build context/);
      assert.strictEqual(f[0].severity, 'warning');
    });
    it('ADD ./ /src, COPY --chown=app ./ ., a Dockerfile in a subdirectory with its own context', () => {
      assert.strictEqual(findingsOf(dockerWorkspace('FROM debian:12\nADD ./ /src\n'), ID).length, 1);
      assert.strictEqual(findingsOf(dockerWorkspace('FROM debian:12\nCOPY --chown=app ./ .\n'), ID).length, 1);
      const files = { 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n', 'tools/web/Dockerfile': 'FROM node:20\nCOPY . .\n', 'tools/web/package.json': '{}', '.dockerignore': 'target/\n' };
      const f = findingsOf(files, ID, 'tools/web/Dockerfile');
      assert.strictEqual(f.length, 1);
      assert.strictEqual(f[0].fixes[0].creates![0].path, 'tools/web/.dockerignore');
    });
  });
  describe('does not flag', () => {
    it('a .dockerignore in the context, or <Dockerfile>.dockerignore', () => {
      assert.deepStrictEqual(findingsOf(dockerWorkspace(COPY_ALL, { '.dockerignore': 'target/\n' }), ID), []);
      assert.deepStrictEqual(findingsOf(dockerWorkspace(COPY_ALL, { 'Dockerfile.dockerignore': 'target/\n' }), ID), []);
    });
    it('a docker/Dockerfile built from the root context, with the root .dockerignore', () => {
      const files = { 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n', 'Cargo.lock': '', 'src/main.rs': '', 'docker/Dockerfile': 'FROM rust:1\nCOPY Cargo.toml Cargo.lock ./\nCOPY . .\n', '.dockerignore': 'target/\n' };
      assert.deepStrictEqual(findingsOf(files, ID), []);
    });
    it('COPY of named paths, COPY --from=builder . .', () => {
      assert.deepStrictEqual(findingsOf(dockerWorkspace('FROM rust:1\nCOPY src src\nCOPY Cargo.toml ./\nFROM debian:12\nCOPY --from=0 /app .\n'), ID), []);
    });
  });
  describe('fix', () => {
    it('creates .dockerignore (preferred)', () => {
      const files = dockerWorkspace(COPY_ALL);
      assert.strictEqual(findingsOf(files, ID)[0].fixes[0].preferred, true);
      const after = assertFixWorks(files, ID, 'Dockerfile');
      assert.strictEqual(after['.dockerignore'], 'target/\n.git/\n.env*\ndata/\n*.pem\n*.key\n');
      assert.strictEqual(after['Dockerfile'], COPY_ALL);
    });
    it('creates it at the root for docker/Dockerfile built from the root context', () => {
      const files = { 'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n', 'src/main.rs': '', 'docker/Dockerfile': 'FROM rust:1\nCOPY Cargo.toml ./\nCOPY . .\n' };
      const after = assertFixWorks(files, ID, 'docker/Dockerfile');
      assert.ok('.dockerignore' in after);
    });
    it('is not preferred when the Dockerfile copies data/ or a key', () => {
      const f = findingsOf(dockerWorkspace('FROM debian:12\nCOPY . .\nCOPY data/seed.db /seed.db\n'), ID);
      assert.strictEqual(f[0].fixes[0].preferred, false);
    });
  });
});
