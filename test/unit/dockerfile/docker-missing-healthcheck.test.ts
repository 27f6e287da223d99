import * as assert from 'assert';
import { dockerWorkspace, findingsOf, spans } from '../../helpers/dockerfile';

const ID = 'docker-missing-healthcheck';
const found = (df: string) => findingsOf(dockerWorkspace(df), ID, 'Dockerfile');

describe(ID, () => {
  describe('flags', () => {
    it('EXPOSE without HEALTHCHECK in the final stage, on EXPOSE', () => {
      const f = found('FROM rust:1.82 AS builder\nHEALTHCHECK CMD true\nFROM debian:12\nEXPOSE 8080 50051\nCMD ["app"]\n');
      assert.deepStrictEqual(spans(f), [[3, 0, 17]]);
      assert.match(f[0].message, /`8080 50051`/);
      assert.strictEqual(f[0].severity, 'info');
    });
    it('several EXPOSE lines: reported once, on the first, naming every port', () => {
      const f = found('FROM debian:11-slim\nEXPOSE 6333\nEXPOSE 6334\nENTRYPOINT ["./qdrant"]\n');
      assert.deepStrictEqual(spans(f), [[1, 0, 11]]);
      assert.match(f[0].message, /`6333 6334`/);
    });
  });
  describe('does not flag', () => {
    it('a HEALTHCHECK (multi-line) or HEALTHCHECK NONE, also inherited from a parent stage', () => {
      assert.deepStrictEqual(found('FROM debian:12\nEXPOSE 8080\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -f http://localhost:8080/health/ready || exit 1\n'), []);
      assert.deepStrictEqual(found('FROM debian:12\nEXPOSE 8080\nHEALTHCHECK NONE\n'), []);
      assert.deepStrictEqual(found('FROM debian:12 AS base\nHEALTHCHECK CMD ["app", "--health"]\nFROM base\nEXPOSE 8080\n'), []);
    });
    it('a readiness-ignore-next-line suppression', () => {
      assert.deepStrictEqual(found('FROM debian:12\n# readiness-ignore-next-line docker-missing-healthcheck -- probed by Kubernetes\nEXPOSE 8080\n'), []);
    });
    it('no EXPOSE (a worker or a job), or EXPOSE only in a builder stage', () => {
      assert.deepStrictEqual(found('FROM debian:12\nCMD ["worker"]\n'), []);
      assert.deepStrictEqual(found('FROM rust:1 AS b\nEXPOSE 1\nFROM debian:12\nCMD ["x"]\n'), []);
    });
  });
});
