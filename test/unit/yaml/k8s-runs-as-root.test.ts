import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { y } from '../../helpers/yaml';

const ID = 'k8s-runs-as-root';

const pod = (podLines: string[], container: string[], kind = 'Deployment') => y(
  'apiVersion: apps/v1', `kind: ${kind}`, 'metadata:', '  name: synctv', 'spec:', '  template:', '    spec:', ...podLines.map((l) => '      ' + l), '      containers:',
  '      - name: synctv', '        image: synctv:1.0', ...container.map((l) => '        ' + l),
);

describe(ID, () => {
  describe('flags', () => {
    it('no securityContext at all, on the container name (seed 004 deployment)', () => {
      const found = findingsOf({ 'k8s/d.yaml': pod([], []) }, ID);
      assert.deepStrictEqual(found.map((d) => [d.range.start.line, d.range.start.character]), [[8, 14]]);
      assert.match(found[0].message, /runAsNonRoot: true/);
      assert.strictEqual(found[0].severity, 'warning');
    });
    it('runAsUser: 0, runAsNonRoot: false, privileged, allowPrivilegeEscalation, on the value', () => {
      const found = findingsOf({ 'k8s/d.yaml': pod(['securityContext:', '  runAsUser: 0'], ['securityContext:', '  privileged: true', '  allowPrivilegeEscalation: true']) }, ID);
      assert.deepStrictEqual(found.map((d) => d.message.split(' ')[0]), ['`runAsUser:', '`privileged:', '`allowPrivilegeEscalation:']);
      assert.deepStrictEqual(found.map((d) => d.range.start.line), [8, 13, 14]);
      const f2 = findingsOf({ 'k8s/d.yaml': pod([], ['securityContext:', '  runAsNonRoot: false']) }, ID);
      assert.deepStrictEqual(f2.map((d) => d.range.start.line), [11]);
    });
    it('a privileged init container; CronJobs and Pods', () => {
      const init = y('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  securityContext: {runAsNonRoot: true, runAsUser: 1000}', '  initContainers:', '  - name: i', '    image: i:1', '    securityContext: {privileged: true}', '  containers:', '  - {name: c, image: c:1}');
      assert.deepStrictEqual(findingsOf({ 'p.yaml': init }, ID).map((d) => d.range.start.line), [8]);
      const cron = y('apiVersion: batch/v1', 'kind: CronJob', 'metadata: {name: c}', 'spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: c:1}]}}}}}');
      assert.strictEqual(findingsOf({ 'c.yaml': cron }, ID).length, 1);
    });
  });
  describe('does not flag', () => {
    it('runAsNonRoot: true at pod or container level; a non-zero runAsUser; init containers without settings', () => {
      const files = {
        'a.yaml': pod(['securityContext:', '  runAsNonRoot: true'], []),
        'b.yaml': pod([], ['securityContext:', '  runAsNonRoot: true', '  allowPrivilegeEscalation: false', '  privileged: false']),
        'c.yaml': pod(['securityContext: {runAsUser: 10001}'], []),
        'd.yaml': y('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  securityContext: {runAsNonRoot: true}', '  initContainers: [{name: chown, image: busybox:1}]', '  containers: [{name: c, image: c:1}]'),
        'svc.yaml': y('apiVersion: v1', 'kind: Service', 'metadata: {name: s}', 'spec: {ports: [{port: 80}]}'),
      };
      assert.deepStrictEqual(findingsOf(files, ID), []);
    });
    it('pod securityContext shared through an anchor', () => {
      const text = y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: a}', 'spec:', '  template:', '    spec:', '      securityContext: &sc', '        runAsNonRoot: true', '      containers:', '      - name: a', '        image: a:1', '        securityContext:', '          <<: *sc', '          readOnlyRootFilesystem: true');
      assert.deepStrictEqual(findingsOf({ 'a.yaml': text }, ID), []);
    });
  });
});
