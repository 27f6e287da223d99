import * as assert from 'assert';
import { dockerWorkspace, findingsOf, spans } from '../../helpers/dockerfile';

const ID = 'docker-base-image-unpinned';
const found = (df: string) => findingsOf(dockerWorkspace(df), ID, 'Dockerfile');

describe(ID, () => {
  describe('flags', () => {
    it('`:latest` and a missing tag, on the image', () => {
      const f = found('FROM rust:latest AS builder\nRUN true\nFROM debian\nCMD ["x"]\n');
      assert.deepStrictEqual(spans(f), [[0, 5, 16], [2, 5, 11]]);
      assert.match(f[0].message, /`rust:latest` uses the `latest` tag/);
      assert.match(f[1].message, /has no tag/);
      assert.strictEqual(f[0].severity, 'warning');
    });
    it('an image coming from an ARG default, naming the resolved value', () => {
      const f = found('ARG BASE=debian\nFROM $BASE\n');
      assert.strictEqual(f.length, 1);
      assert.match(f[0].message, /`\$BASE` \(= `debian`\)/);
      assert.strictEqual(found('ARG TAG=latest\nFROM rust:${TAG}\n').length, 1);
    });
    it('registry images and lower-case keywords, --platform flags', () => {
      assert.strictEqual(found('from --platform=$BUILDPLATFORM ghcr.io/org/base\n').length, 1);
      assert.strictEqual(found('FROM localhost:5000/app\n').length, 1);
    });
  });
  describe('does not flag', () => {
    it('tags, digests, stage references and scratch', () => {
      const df = [
        'ARG RUST_VERSION=1.82',
        'FROM rust:${RUST_VERSION}-bookworm AS builder',
        'FROM builder AS tester',
        'FROM debian@sha256:0123456789abcdef',
        'FROM localhost:5000/app:1.2',
        'FROM scratch',
        'COPY --from=builder /x /x',
      ].join('\n');
      assert.deepStrictEqual(found(df), []);
    });
    it('an image from an ARG without default (cannot be judged)', () => {
      assert.deepStrictEqual(found('ARG BASE\nFROM ${BASE}\n'), []);
    });
  });
});
