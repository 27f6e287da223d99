import * as assert from 'assert';
import { assertDockerFix, dockerWorkspace, findingsOf, spans } from '../../helpers/dockerfile';

const ID = 'docker-apt-hygiene';
const found = (df: string) => findingsOf(dockerWorkspace(df), ID, 'Dockerfile');
const RECOMMENDS = 'Add `--no-install-recommends`';
const CLEANUP = 'Remove the apt lists in the same RUN';

describe(ID, () => {
  describe('flags', () => {
    it('both problems of the seed 004 style RUN, on `apt-get install`', () => {
      const f = found('FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y libpq-dev pkg-config\n');
      assert.deepStrictEqual(spans(f), [[2, 4, 19], [2, 4, 19]]);
      assert.match(f[0].message, /--no-install-recommends/);
      assert.match(f[1].message, /\/var\/lib\/apt\/lists/);
      assert.strictEqual(f[0].severity, 'info');
    });
    it('the seed 004 "required" Dockerfile: cleanup present, flag missing', () => {
      const df = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y \\\n    ca-certificates \\\n    libpq5 \\\n    && rm -rf /var/lib/apt/lists/*\n';
      const f = found(df);
      assert.strictEqual(f.length, 1);
      assert.match(f[0].message, /--no-install-recommends/);
    });
    it('apt install and apt-get -qq install', () => {
      assert.strictEqual(found('FROM debian:12\nRUN apt -y install curl && rm -rf /var/lib/apt/lists/*\n').length, 1);
      assert.strictEqual(found('FROM debian:12\nRUN apt-get -qq install curl && rm -rf /var/lib/apt/lists/*\n').length, 1);
    });
  });
  describe('does not flag', () => {
    it('a clean RUN, the APT::Install-Recommends option, apt-get update alone', () => {
      const df = [
        'FROM debian:12',
        'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
        'RUN apt-get update && apt-get -o APT::Install-Recommends=false install -y git && apt-get clean && rm -rf /var/lib/apt/lists/*',
        'RUN apt-get update',
        'RUN echo apt-get-install',
      ].join('\n');
      assert.deepStrictEqual(found(df), []);
    });
    it('missing cleanup in a builder stage or with an apt cache mount', () => {
      const df = [
        'FROM rust:1.82 AS builder',
        'RUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler',
        'FROM debian:12',
        'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl',
      ].join('\n');
      assert.deepStrictEqual(found(df), []);
    });
    it('but the cleanup is required in a stage the final image is built FROM', () => {
      assert.strictEqual(found('FROM debian:12 AS base\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nFROM base\nCMD ["x"]\n').length, 1);
    });
  });
  describe('fix', () => {
    it('adds --no-install-recommends after install', () => {
      const df = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'RUN'], 'Dockerfile', RECOMMENDS);
      assert.strictEqual(after, 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n');
    });
    it('appends the cleanup on a single line', () => {
      const df = 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nCMD ["x"]\n';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'RUN', 'CMD'], 'Dockerfile', CLEANUP);
      assert.strictEqual(after, 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCMD ["x"]\n');
    });
    it('appends the cleanup as a continued line, trailing-&& style', () => {
      const df = 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends libpq-dev pkg-config\nCMD ["x"]\n';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'RUN', 'CMD'], 'Dockerfile', CLEANUP);
      assert.strictEqual(after, 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends libpq-dev pkg-config && \\\n    rm -rf /var/lib/apt/lists/*\nCMD ["x"]\n');
    });
    it('appends the cleanup as a continued line, leading-&& style, keeping CRLF', () => {
      const df = 'FROM debian:12\r\nRUN apt-get update \\\r\n  && apt-get install -y --no-install-recommends curl\r\n';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'RUN'], 'Dockerfile', CLEANUP);
      assert.strictEqual(after, 'FROM debian:12\r\nRUN apt-get update \\\r\n  && apt-get install -y --no-install-recommends curl \\\r\n  && rm -rf /var/lib/apt/lists/*\r\n');
    });
    it('inserts the cleanup before a heredoc terminator', () => {
      const df = 'FROM debian:12\nRUN <<EOT\napt-get update\napt-get install -y --no-install-recommends curl\nEOT\nCMD ["x"]\n';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'RUN', 'CMD'], 'Dockerfile', CLEANUP);
      assert.strictEqual(after, 'FROM debian:12\nRUN <<EOT\napt-get update\napt-get install -y --no-install-recommends curl\nrm -rf /var/lib/apt/lists/*\nEOT\nCMD ["x"]\n');
    });
    it('chains after the first line when the heredoc is stdin of a command', () => {
      const df = 'FROM debian:12\nRUN apt-get install -y --no-install-recommends x <<EOT\ny\nEOT\nCMD ["x"]\n';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'RUN', 'CMD'], 'Dockerfile', CLEANUP);
      assert.strictEqual(after, 'FROM debian:12\nRUN apt-get install -y --no-install-recommends x <<EOT && rm -rf /var/lib/apt/lists/*\ny\nEOT\nCMD ["x"]\n');
    });
    it('respects a backtick escape directive and a trailing shell comment', () => {
      const df = '# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install -y --no-install-recommends curl # tools\n';
      const after = assertDockerFix(dockerWorkspace(df), ID, ['FROM', 'RUN'], 'Dockerfile', CLEANUP);
      assert.strictEqual(after, '# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install -y --no-install-recommends curl && `\n    rm -rf /var/lib/apt/lists/* # tools\n');
    });
  });
});
