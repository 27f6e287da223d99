import * as assert from 'assert';
import { assertDockerFix, dockerWorkspace, findingsOf, spans } from '../../helpers/dockerfile';

const ID = 'docker-nobody-user';
const found = (df: string) => findingsOf(dockerWorkspace(df), ID, 'Dockerfile');

describe(ID, () => {
  describe('flags', () => {
    it('USER nobody naming the data dir (seed 000 §15), with related info', () => {
      const f = found('FROM debian:12\nENV CHAT_DATA_DIR=/var/lib/chat\nVOLUME ["/data"]\nUSER nobody\nENTRYPOINT ["chat-server"]\n');
      assert.deepStrictEqual(spans(f), [[3, 0, 11]]);
      assert.match(f[0].message, /`\/var\/lib\/chat` \(ENV CHAT_DATA_DIR\), `\/data` \(VOLUME\)/);
      assert.deepStrictEqual(f[0].related.map((r) => r.range.start.line), [1, 2]);
      assert.strictEqual(f[0].severity, 'info');
    });
    it('uid 65534 and nobody:nogroup, without a data dir', () => {
      const f = found('FROM debian:12\nUSER 65534:65534\n');
      assert.strictEqual(f.length, 1);
      assert.doesNotMatch(f[0].message, /cannot write/);
      assert.strictEqual(found('FROM debian:12\nUSER nobody:nogroup\n').length, 1);
    });
  });
  describe('does not flag', () => {
    it('a dedicated user, nobody only in a builder stage, or a later USER', () => {
      assert.deepStrictEqual(found('FROM debian:12\nUSER 10001\n'), []);
      assert.deepStrictEqual(found('FROM rust:1 AS b\nUSER nobody\nFROM debian:12\nUSER app\n'), []);
      assert.deepStrictEqual(found('FROM debian:12\nUSER nobody\nRUN x\nUSER app\n'), []);
      assert.deepStrictEqual(found('FROM debian:12\nUSER nobodyelse\n'), []);
    });
  });
  describe('fix', () => {
    it('replaces USER nobody with a user owning the data dir', () => {
      const df = 'FROM debian:12\nENV CHAT_DATA_DIR=/var/lib/chat\nUSER nobody\nENTRYPOINT ["chat-server"]\n';
      assert.strictEqual(found(df)[0].fixes[0].preferred, false);
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'ENV', 'RUN', 'USER', 'ENTRYPOINT']);
      assert.strictEqual(after, 'FROM debian:12\nENV CHAT_DATA_DIR=/var/lib/chat\nRUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app && mkdir -p /var/lib/chat && chown 10001:10001 /var/lib/chat\nUSER 10001\nENTRYPOINT ["chat-server"]\n');
      // The new user is not root either.
      assert.deepStrictEqual(findingsOf(dockerWorkspace(after), 'docker-root-user'), []);
    });
    it('alpine: adduser; no fix on distroless', () => {
      const after = assertDockerFix(dockerWorkspace('FROM alpine:3.20\nUSER nobody\n'), ID, ['FROM', 'RUN', 'USER']);
      assert.match(after, /adduser -S -D -H -u 10001/);
      assert.deepStrictEqual(found('FROM gcr.io/distroless/cc-debian12\nUSER nobody\n')[0].fixes, []);
    });
  });
});
