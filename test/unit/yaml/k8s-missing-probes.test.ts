import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { y } from '../../helpers/yaml';

const ID = 'k8s-missing-probes';

/** The seed 004 deployment shape: `- name` flush under `containers:`. */
const deploy = (kind: string, ...container: string[]) => y(
  'apiVersion: apps/v1', `kind: ${kind}`, 'metadata:', '  name: synctv', 'spec:', '  template:', '    spec:', '      containers:',
  '      - name: synctv', ...container.map((l) => '        ' + l),
);

describe(ID, () => {
  describe('flags', () => {
    it('a Deployment container with neither probe, on its name', () => {
      const found = findingsOf({ 'k8s/deployment.yaml': deploy('Deployment', 'image: synctv:1.0', 'ports:', '- containerPort: 8080') }, ID);
      assert.deepStrictEqual(found.map((d) => [d.range.start.line, d.range.start.character]), [[8, 14]]);
      assert.match(found[0].message, /no `livenessProbe` and no `readinessProbe`/);
      assert.strictEqual(found[0].severity, 'error');
    });
    it('StatefulSet and DaemonSet containers missing one probe (a startupProbe does not count)', () => {
      const files = {
        'sts.yaml': deploy('StatefulSet', 'image: a:1', 'livenessProbe: {tcpSocket: {port: 1}}'),
        'ds.yaml': deploy('DaemonSet', 'image: a:1', 'readinessProbe: {exec: {command: [true]}}', 'startupProbe: {exec: {command: [true]}}'),
      };
      const found = findingsOf(files, ID);
      assert.deepStrictEqual(found.map((d) => d.message.match(/no `(\w+)`/)![1]).sort(), ['livenessProbe', 'readinessProbe']);
    });
    it('every container of a multi-container pod, each document of a multi-document file', () => {
      const two = y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: a}', 'spec:', '  template:', '    spec:', '      containers:', '        - {name: a, image: a:1}', '        - {name: b, image: b:1}', '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: c}', 'spec: {template: {spec: {containers: [{name: c, image: c:1}]}}}');
      assert.strictEqual(findingsOf({ 'two.yaml': two }, ID).length, 3);
    });
  });
  describe('does not flag', () => {
    it('both probes; Jobs, CronJobs and Pods; init containers; non-k8s YAML with a containers key', () => {
      const ok = deploy('Deployment', 'image: a:1', 'livenessProbe:', '  httpGet: {path: /health/live, port: 8080}', 'readinessProbe:', '  httpGet: {path: /health/ready, port: 8080}');
      const job = y('apiVersion: batch/v1', 'kind: Job', 'metadata: {name: j}', 'spec:', '  template:', '    spec:', '      containers:', '      - {name: j, image: j:1}');
      const init = y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: d}', 'spec:', '  template:', '    spec:', '      initContainers:', '      - {name: i, image: i:1}', '      containers:', '      - name: c', '        image: c:1', '        livenessProbe: {tcpSocket: {port: 1}}', '        readinessProbe: {tcpSocket: {port: 1}}');
      const other = y('spec:', '  template:', '    spec:', '      containers:', '      - name: x');
      assert.deepStrictEqual(findingsOf({ 'ok.yaml': ok, 'job.yaml': job, 'init.yaml': init, 'other.yaml': other }, ID), []);
    });
    it('kustomize patches: containers without image', () => {
      const patch = y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: synctv}', 'spec:', '  template:', '    spec:', '      containers:', '      - name: synctv', '        resources: {limits: {memory: 4Gi}}');
      assert.deepStrictEqual(findingsOf({ 'overlays/prod/patch.yaml': patch }, ID), []);
      assert.deepStrictEqual(findingsOf({ 'overlays/prod/patch.yaml': patch }, 'k8s-runs-as-root'), []);
      assert.deepStrictEqual(findingsOf({ 'overlays/prod/patch.yaml': patch.replace('{limits: {memory: 4Gi}}', '{}') }, 'k8s-missing-resources'), []);
    });
  });
  describe('fix', () => {
    it('inserts both probes on /health/live and /health/ready at the first containerPort (seed 004 shape)', () => {
      const text = deploy('Deployment', 'image: synctv:1.0', 'ports:', '- containerPort: 8080', '- containerPort: 50051');
      const after = assertFixWorks({ 'k8s/deployment.yaml': text }, ID, 'k8s/deployment.yaml');
      assert.strictEqual(after['k8s/deployment.yaml'], deploy('Deployment', 'image: synctv:1.0', 'ports:', '- containerPort: 8080', '- containerPort: 50051',
        'livenessProbe:', '  httpGet:', '    path: /health/live', '    port: 8080', '  initialDelaySeconds: 10', '  periodSeconds: 10',
        'readinessProbe:', '  httpGet:', '    path: /health/ready', '    port: 8080', '  periodSeconds: 5'));
      const fix = findingsOf({ 'k8s/deployment.yaml': text }, ID)[0].fixes[0];
      assert.strictEqual(fix.preferred, false);
    });
    it('inserts only the missing probe, with the file\'s 4-space unit, before the next document', () => {
      const text = y('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '    name: a', 'spec:', '    template:', '        spec:', '            containers:', '                - name: a', '                  image: a:1', '                  ports: [{containerPort: 3000}]', '                  livenessProbe:', '                      tcpSocket: {port: 3000}', '---', 'kind: Service', 'apiVersion: v1');
      const after = assertFixWorks({ 'a.yaml': text }, ID, 'a.yaml');
      assert.ok(after['a.yaml'].includes(y('                      tcpSocket: {port: 3000}', '                  readinessProbe:', '                      httpGet:', '                          path: /health/ready', '                          port: 3000', '                      periodSeconds: 5', '---')), after['a.yaml']);
    });
    it('no fix without a container port', () => {
      assert.deepStrictEqual(findingsOf({ 'a.yaml': deploy('Deployment', 'image: a:1') }, ID)[0].fixes, []);
    });
  });
});
