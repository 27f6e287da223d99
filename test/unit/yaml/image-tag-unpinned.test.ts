import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { y } from '../../helpers/yaml';
import { unpinnedReason } from '../../../rules/yaml/image-tag-unpinned';

const ID = 'image-tag-unpinned';

describe(ID, () => {
  describe('flags', () => {
    it('compose images with no tag or :latest, on the value (seed 004 compose)', () => {
      const compose = y('services:', '  postgres:', '    image: postgres', '  redis:', '    image: "redis:latest"', '  app:', '    image: registry.local:5000/synctv');
      const found = findingsOf({ 'docker-compose.yml': compose }, ID);
      assert.deepStrictEqual(found.map((d) => [d.range.start.line, d.range.start.character]), [[2, 11], [4, 11], [6, 11]]);
      assert.match(found[0].message, /no tag/);
      assert.match(found[1].message, /:latest/);
      assert.strictEqual(found[0].severity, 'warning');
    });
    it('k8s containers and initContainers, in a multi-document file, CronJobs too', () => {
      const k8s = y(
        'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}', '---',
        'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: synctv', 'spec:', '  template:', '    spec:',
        '      initContainers:', '      - name: migrate', '        image: synctv-migrate', '      containers:', '      - name: synctv', '        image: synctv:latest', '---',
        'apiVersion: batch/v1', 'kind: CronJob', 'metadata: {name: j}', 'spec:', '  jobTemplate:', '    spec:', '      template:', '        spec:', '          containers:', '            - name: j', '              image: busybox',
      );
      const found = findingsOf({ 'k8s/all.yaml': k8s }, ID);
      assert.deepStrictEqual(found.map((d) => d.range.start.line), [13, 16, 28]);
      assert.match(found[1].message, /container `synctv` of Deployment `synctv`/);
    });
    it('an image shared through an anchor is reported once', () => {
      const compose = y('x-img: &img', '  image: app', 'services:', '  a:', '    <<: *img', '  b:', '    <<: *img');
      assert.strictEqual(findingsOf({ 'compose.yaml': compose }, ID).length, 1);
    });
  });
  describe('does not flag', () => {
    it('version tags, digests, registry ports with tags, variables', () => {
      const compose = y('services:', '  a:', '    image: postgres:16.4', '  b:', '    image: redis@sha256:0123456789abcdef', '  c:', '    image: localhost:5000/app:1.2', '  d:', '    image: ${REGISTRY}/app:${TAG:-dev}', '  e:', '    image: app:latest@sha256:abcd');
      assert.deepStrictEqual(findingsOf({ 'docker-compose.yml': compose }, ID), []);
    });
    it('a compose service that builds its image', () => {
      assert.deepStrictEqual(findingsOf({ 'docker-compose.yml': y('services:', '  app:', '    build: .', '    image: synctv:latest') }, ID), []);
    });
    it('image: keys outside compose services and k8s containers, Helm templates', () => {
      const files = {
        'config/app.yaml': y('image: nginx', 'services:', '  thing: 1'),
        '.github/workflows/ci.yml': y('jobs:', '  a:', '    container:', '      image: rust', '    steps: []'),
        'chart/templates/deploy.yaml': y('apiVersion: apps/v1', 'kind: Deployment', 'spec:', '  template:', '    spec:', '      containers:', '      - image: {{ .Values.image }}'),
      };
      assert.deepStrictEqual(findingsOf(files, ID), []);
    });
  });
  it('unpinnedReason', () => {
    assert.strictEqual(unpinnedReason('nginx'), 'no-tag');
    assert.strictEqual(unpinnedReason('ghcr.io/a/b:LATEST'), 'latest');
    assert.strictEqual(unpinnedReason('localhost:5000/b'), 'no-tag');
    assert.strictEqual(unpinnedReason('b:1@sha256:00'), undefined);
    assert.strictEqual(unpinnedReason('{{ .Values.image }}'), undefined);
  });
});
