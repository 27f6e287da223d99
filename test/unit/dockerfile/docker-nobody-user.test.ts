import * as assert from 'assert';
import { RUST_REPO } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import { applyFix, findingsOf } from '../../helpers/workspace';

ruleTester('docker-nobody-user', {
  path: 'Dockerfile',
  files: RUST_REPO,
  invalid: [
    {
      name: 'USER nobody naming the data dir (seed 000 §15), with related info',
      code: `
        FROM debian:12
        ENV CHAT_DATA_DIR=/var/lib/chat
        VOLUME ["/data"]
        USER nobody
        #^^^^^^^^^^ info: \`/var/lib/chat\` (ENV CHAT_DATA_DIR), \`/data\` (VOLUME)
        ENTRYPOINT ["chat-server"]
      `,
      check: (found) => assert.deepStrictEqual(found[0].related.map((r) => r.range.start.line), [1, 2]),
    },
    {
      name: 'uid 65534:65534, without a data dir (the message names none)',
      code: `
        FROM debian:12
        USER 65534:65534
        #^^^^^^^^^^^^^^^ info
      `,
      check: (found) => assert.doesNotMatch(found[0].message, /cannot write/),
    },
    {
      name: 'nobody:nogroup',
      code: `
        FROM debian:12
        USER nobody:nogroup
        #^^^^^^^^^^^^^^^^^^ info
      `,
    },
    {
      name: 'fix: replaces USER nobody with a user owning the data dir (offered, not preferred; not root either)',
      code: `
        FROM debian:12
        ENV CHAT_DATA_DIR=/var/lib/chat
        USER nobody
        #^^^^^^^^^^ info
        ENTRYPOINT ["chat-server"]
      `,
      output: `
        FROM debian:12
        ENV CHAT_DATA_DIR=/var/lib/chat
        RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app && mkdir -p /var/lib/chat && chown 10001:10001 /var/lib/chat
        USER 10001
        ENTRYPOINT ["chat-server"]
      `,
      check: (found, files) => {
        assert.strictEqual(found[0].fixes[0].preferred, false);
        // The new user is not root either.
        assert.deepStrictEqual(findingsOf(applyFix(files, found[0].fixes[0]), 'docker-root-user'), []);
      },
    },
    {
      name: 'fix on alpine: adduser',
      code: `
        FROM alpine:3.20
        USER nobody
        #^^^^^^^^^^ info
      `,
      output: `
        FROM alpine:3.20
        RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app -s /sbin/nologin app
        USER 10001
      `,
    },
    {
      name: 'no fix on distroless (no shell to create a user)',
      code: `
        FROM gcr.io/distroless/cc-debian12
        USER nobody
        #^^^^^^^^^^ info
      `,
      fixes: [],
    },
  ],
  valid: [
    {
      name: 'a dedicated user',
      code: `
        FROM debian:12
        USER 10001
      `,
    },
    {
      name: 'nobody only in a builder stage',
      code: `
        FROM rust:1 AS b
        USER nobody
        FROM debian:12
        USER app
      `,
    },
    {
      name: 'a later USER',
      code: `
        FROM debian:12
        USER nobody
        RUN x
        USER app
      `,
    },
    {
      name: 'a user whose name starts with nobody',
      code: `
        FROM debian:12
        USER nobodyelse
      `,
    },
  ],
});
