import * as assert from 'assert';
import { dockerWorkspace, findingsOf, spans } from '../../helpers/dockerfile';

const ID = 'docker-toolchain-in-runtime';
const found = (df: string) => findingsOf(dockerWorkspace(df), ID, 'Dockerfile');

describe(ID, () => {
  describe('flags', () => {
    it('a single-stage rust image (seed 004 style)', () => {
      const f = found('FROM rust:latest\nWORKDIR /app\nCOPY . .\nRUN cargo build --release --locked\nCMD ["./target/release/app"]\n');
      assert.deepStrictEqual(spans(f), [[0, 5, 16]]);
      assert.match(f[0].message, /`rust:latest`.*Rust compiler/);
      assert.strictEqual(f[0].severity, 'warning');
    });
    it('a final stage built FROM a rust builder stage, and docker.io/library/rust via ARG', () => {
      assert.strictEqual(found('FROM rust:1.82 AS builder\nRUN true\nFROM builder\nCMD ["x"]\n').length, 1);
      assert.strictEqual(found('ARG IMG=docker.io/library/rust:1.82-slim\nFROM ${IMG}\n').length, 1);
    });
  });
  describe('does not flag', () => {
    it('rust only in the builder stage', () => {
      assert.deepStrictEqual(found('FROM rust:1.82 AS builder\nRUN cargo build --locked\nFROM debian:bookworm-slim\nCOPY --from=builder /a /a\n'), []);
    });
    it('look-alike images (rustdesk, trust)', () => {
      assert.deepStrictEqual(found('FROM rustdesk/rustdesk-server:1\n'), []);
      assert.deepStrictEqual(found('FROM myorg/rust-runtime:1\n'), []);
    });
  });
});
