import { defineDocumentRule } from '../../server/src/core/engine/rule';
import { isStageReference, resolveImage, imageRepository, stagesOf, unstableDistribution } from '../shared/dockerfile';

/** Tags a publisher keeps repointing: release channels, and `edge`/`rolling` outside the distributions `unstableDistribution` knows. */
const MOVING_WORDS = new Set(['stable', 'beta', 'nightly', 'edge', 'rolling', 'canary', 'dev', 'develop', 'main', 'master', 'mainline', 'current', 'lts']);

/**
 * Why a tag other than `latest` moves, or undefined when it names a version: a release channel
 * (`rust:stable`, `caddy:edge`, `nightly-bookworm`) or a bare major (`alpine:3`, `rust:1-slim`).
 * A tag with a dotted version anywhere (`nginx:edge-1.27`, `rust:1.82-slim`) is pinned enough.
 */
function movingTag(tag: string): string | undefined {
  const words = tag.toLowerCase().split('-');
  if (words.some((w) => /\d+\.\d+/.test(w))) return undefined;
  const channel = words.find((w) => MOVING_WORDS.has(w));
  if (channel) return `the \`${channel}\` channel follows new releases`;
  const major = words.find((w) => /^v?\d+$/.test(w));
  if (major && major === words[0]) return `a bare major version follows every minor and patch release of ${major.replace(/^v/, '')}.x`;
  return undefined;
}

export const rule = defineDocumentRule({
  meta: {
    id: 'docker-base-image-unpinned',
    title: 'Base image not pinned',
    priority: 'P1',
    area: 'Supply chain',
    nonTest: false,
    action: 'Pin every `FROM` to a version tag (better: a digest)',
    docs: {
      lang: 'dockerfile',
      what: 'Flags a `FROM` whose image has no tag or the tag `latest` (and no `@sha256:` digest), or whose tag names an unstable, continuously changing distribution branch (Debian `sid`/`unstable`/`experimental`/`testing`, Ubuntu `devel`, Alpine `edge`, Fedora `rawhide`: `debian:sid-slim`). `ARG` defaults declared before the first `FROM` are resolved (also defaults built from earlier `ARG`s), so `FROM rust:${RUST_VERSION}` with `ARG RUST_VERSION=1.82` is pinned while `ARG RUNTIME=debian:sid-slim` + `FROM ${RUNTIME}` and `ARG BASE=debian` + `FROM $BASE` are not. References to earlier build stages and `scratch` are not images and are never flagged.',
      why: '`latest` (or no tag, which means `latest`) is whatever the registry serves on the day of the build: two builds of the same commit produce different images, a new major version of the base (a new Debian, a new Rust) arrives without review, and a rollback rebuild does not give back the old image. An unstable branch such as `sid` changes daily and breaks without notice (library transitions, removed packages), even with a digest it receives no security support.',
      example: 'FROM rust:latest AS builder\n# …\nFROM debian',
      useInstead: 'FROM rust:1.82-bookworm AS builder\n# …\nFROM debian:bookworm-slim@sha256:<digest>',
      fixSafety: 'No quick-fix: the right version is a decision (the toolchain the project tests with, the distribution release it links against).',
      notes: 'A `FROM` whose image comes from an `ARG` without a default cannot be judged and is not flagged. A moving tag other than `latest` — a release channel (`rust:stable`, `rust:nightly`, `caddy:edge`, `rolling`, `beta`) or a bare major (`alpine:3`, `rust:1`, `rust:1-slim-bookworm`) — is hygiene: reported in the audit profile only. Codename tags such as `debian:bookworm-slim` and tags with a dotted version (`rust:1.82-slim`, `nginx:edge-1.27`) are accepted; pin a digest where reproducibility matters. An unstable branch is flagged even with a digest (the digest pins a snapshot of a branch nobody supports).',
    },
  },
  fileKinds: ['dockerfile'],
  check(ctx) {
    const df = ctx.doc.dockerfile;
    const stages = stagesOf(df);
    for (const stage of stages) {
      if (isStageReference(df, stages, stage)) continue;
      const image = resolveImage(df, stage.from);
      if (!image || imageRepository(image.name) === 'scratch') continue;
      const range = stage.from.getImageRange() ?? stage.from.getRange();
      const shown = image.usedArgs ? `\`${image.written}\` (= \`${image.resolved}\`)` : `\`${image.written}\``;
      const unstable = unstableDistribution(image);
      if (unstable) {
        ctx.report(range, `Base image ${shown} is built on \`${unstable}\`, an unstable distribution branch: it changes daily, breaks without notice and gets no security support. Use a stable release (\`debian:bookworm-slim\`, \`alpine:3.20\`).`);
        continue;
      }
      if (image.digest) continue;
      const moving = image.tag ? movingTag(image.tag) : undefined;
      if (moving) {
        ctx.report(range, `Base image ${shown} uses the moving tag \`${image.tag}\` (${moving}): its publisher repoints it, so builds of the same commit may get different images. Pin a full version tag or a digest.`, { tier: 'hygiene' });
        continue;
      }
      if (image.tag && image.tag.toLowerCase() !== 'latest') continue;
      const what = image.tag ? 'uses the `latest` tag' : 'has no tag (so `latest`)';
      ctx.report(range, `Base image ${shown} ${what}: every build may pull a different image, so builds are not reproducible and new versions arrive unreviewed. Pin a version tag or a digest.`);
    }
  },
});
