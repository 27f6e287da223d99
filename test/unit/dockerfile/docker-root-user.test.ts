import * as assert from 'assert';
import { assertDockerFix, dockerWorkspace, findingsOf, spans } from '../../helpers/dockerfile';

const ID = 'docker-root-user';
const found = (df: string) => findingsOf(dockerWorkspace(df), ID, 'Dockerfile');
const USERADD = 'RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app';

describe(ID, () => {
  describe('flags', () => {
    it('a final stage without USER, on its FROM (seed 004: FROM rust:latest, no USER)', () => {
      const f = found('FROM rust:latest\nWORKDIR /app\nCOPY . .\nCMD ["./app"]\n');
      assert.deepStrictEqual(spans(f), [[0, 0, 16]]);
      assert.match(f[0].message, /never sets `USER`/);
      assert.strictEqual(f[0].severity, 'warning');
    });
    it('USER root / 0 / 0:0 as the last USER, on that USER', () => {
      assert.deepStrictEqual(spans(found('FROM debian:12\nUSER app\nUSER root\nCMD ["x"]\n')), [[2, 0, 9]]);
      assert.strictEqual(found('FROM debian:12\nUSER 0:0\n').length, 1);
    });
    it('a USER only in the builder stage does not carry over to an unrelated final stage', () => {
      assert.strictEqual(found('FROM rust:1 AS builder\nUSER builder\nFROM debian:12\nCMD ["x"]\n').length, 1);
    });
  });
  describe('does not flag', () => {
    it('a non-root USER (name, uid, uid:gid, variable), also inherited from a parent stage', () => {
      assert.deepStrictEqual(found('FROM debian:12\nUSER 1000:1000\nCMD ["x"]\n'), []);
      assert.deepStrictEqual(found('FROM debian:12\nUSER root\nRUN make\nUSER app\n'), []);
      assert.deepStrictEqual(found('FROM debian:12\nUSER ${APP_UID}\n'), []);
      assert.deepStrictEqual(found('FROM debian:12 AS base\nUSER app\nFROM base\nCMD ["x"]\n'), []);
    });
    it('dev containers and scratch artifact-export stages', () => {
      assert.deepStrictEqual(findingsOf(dockerWorkspace('', { '.devcontainer/Dockerfile': 'FROM rust:1.82\nRUN apt-get update\n' }), ID, '.devcontainer/Dockerfile'), []);
      assert.deepStrictEqual(found('FROM rust:1.82 AS build\nRUN cargo build --locked\nFROM scratch AS export\nCOPY --from=build /app/target/release/app /\n'), []);
    });
    it('non-root base images: distroless :nonroot, chainguard', () => {
      assert.deepStrictEqual(found('FROM gcr.io/distroless/cc-debian12:nonroot\nCMD ["x"]\n'), []);
      assert.deepStrictEqual(found('FROM cgr.dev/chainguard/static:latest\n'), []);
    });
  });
  describe('fix', () => {
    it('debian: useradd + USER 10001 before CMD, chowning the data dir', () => {
      const df = 'FROM debian:bookworm-slim\nENV APP_DATA_DIR=/var/lib/app\nCOPY app /usr/local/bin/app\nCMD ["app"]\n';
      assert.strictEqual(found(df)[0].fixes[0].preferred, false);
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'ENV', 'COPY', 'RUN', 'USER', 'CMD']);
      assert.strictEqual(after, `FROM debian:bookworm-slim\nENV APP_DATA_DIR=/var/lib/app\nCOPY app /usr/local/bin/app\n${USERADD} && mkdir -p /var/lib/app && chown 10001:10001 /var/lib/app\nUSER 10001\nCMD ["app"]\n`);
    });
    it('alpine: adduser -S, before ENTRYPOINT, after a USER root', () => {
      const df = 'FROM rust:1 AS b\nFROM alpine:3.20 AS runtime\nUSER root\nRUN apk add --no-cache ca-certificates\nENTRYPOINT ["app"]\nCMD ["--serve"]\n';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'FROM', 'USER', 'RUN', 'RUN', 'USER', 'ENTRYPOINT', 'CMD']);
      assert.match(after, /RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app -s \/sbin\/nologin app\nUSER 10001\nENTRYPOINT/);
    });
    it('scratch: only USER 10001, before the ENTRYPOINT', () => {
      const df = 'FROM rust:1 AS b\nFROM scratch\nCOPY --from=b /app /app\nENTRYPOINT ["/app"]';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'FROM', 'COPY', 'USER', 'ENTRYPOINT']);
      assert.strictEqual(after, 'FROM rust:1 AS b\nFROM scratch\nCOPY --from=b /app /app\nUSER 10001\nENTRYPOINT ["/app"]');
    });
    it('appends at the end when there is no CMD/ENTRYPOINT (no final newline)', () => {
      const df = 'FROM debian:12\nCOPY app /app';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'COPY', 'RUN', 'USER']);
      assert.match(after, /^FROM debian:12\nCOPY app \/app\nRUN groupadd .*\nUSER 10001\n$/);
    });
  });
});
