import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { y } from '../../helpers/yaml';

const ID = 'k8s-missing-resources';

const deploy = (...container: string[]) => y(
  'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: synctv', 'spec:', '  template:', '    spec:', '      containers:',
  '        - name: synctv', ...(container[0]?.startsWith('image:') ? [] : ['          image: synctv:1.0']), ...container.map((l) => '          ' + l),
);

describe(ID, () => {
  describe('flags', () => {
    it('a container with no resources, on its name (seed 004 deployment)', () => {
      const found = findingsOf({ 'k8s/deployment.yaml': deploy('image: synctv:1.0') }, ID);
      assert.deepStrictEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), [[8, 16, 22]]);
      assert.match(found[0].message, /no `resources.requests` and no `resources.limits.memory`/);
    });
    it('requests without a memory limit, a cpu-only limit, empty requests', () => {
      assert.match(findingsOf({ 'a.yaml': deploy('resources:', '  requests: {cpu: 1, memory: 1Gi}') }, ID)[0].message, /no `resources.limits.memory`/);
      assert.strictEqual(findingsOf({ 'a.yaml': deploy('resources:', '  requests: {memory: 1Gi}', '  limits:', '    cpu: 2') }, ID).length, 1);
      assert.match(findingsOf({ 'a.yaml': deploy('resources:', '  requests: {}', '  limits: {memory: 1Gi}') }, ID)[0].message, /no `resources.requests`:/);
    });
    it('Jobs, CronJobs, StatefulSets, DaemonSets and Pods', () => {
      const pod = (kind: string, path: string[]) => {
        const lines = ['apiVersion: v1', `kind: ${kind}`, 'metadata: {name: x}'];
        let pad = '';
        for (const p of path) { lines.push(`${pad}${p}:`); pad += '  '; }
        lines.push(`${pad}containers:`, `${pad}- name: c`, `${pad}  image: c:1`);
        return y(...lines);
      };
      const files = {
        'job.yaml': pod('Job', ['spec', 'template', 'spec']),
        'cron.yaml': pod('CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']),
        'sts.yaml': pod('StatefulSet', ['spec', 'template', 'spec']),
        'ds.yaml': pod('DaemonSet', ['spec', 'template', 'spec']),
        'pod.yaml': pod('Pod', ['spec']),
      };
      assert.strictEqual(findingsOf(files, ID).length, 5);
    });
  });
  describe('does not flag', () => {
    it('requests plus a memory limit; init containers; non-workload kinds; Helm templates', () => {
      assert.deepStrictEqual(findingsOf({ 'a.yaml': deploy('resources:', '  requests:', '    cpu: 500m', '    memory: 512Mi', '  limits:', '    memory: 2Gi') }, ID), []);
      const init = y('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  initContainers:', '  - name: i', '    image: i:1', '  containers:', '  - name: c', '    image: c:1', '    resources: {requests: {cpu: 1}, limits: {memory: 1Gi}}');
      const svc = y('apiVersion: v1', 'kind: Service', 'spec:', '  containers:', '  - name: not-a-pod');
      const helm = y('apiVersion: apps/v1', 'kind: Deployment', 'spec:', '  template:', '    spec:', '      containers:', '      - name: {{ .Chart.Name }}');
      assert.deepStrictEqual(findingsOf({ 'init.yaml': init, 'svc.yaml': svc, 'chart/templates/d.yaml': helm }, ID), []);
    });
  });
  describe('fix', () => {
    it('inserts a whole resources block at the container\'s key column, keeping a trailing comment', () => {
      const text = deploy('image: synctv:1.0 # pinned', 'ports:', '  - containerPort: 8080') + y('---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: s}');
      const after = assertFixWorks({ 'k8s/d.yaml': text }, ID, 'k8s/d.yaml');
      assert.strictEqual(after['k8s/d.yaml'], deploy('image: synctv:1.0 # pinned', 'ports:', '  - containerPort: 8080', 'resources:', '  requests:', '    cpu: 100m', '    memory: 256Mi', '  limits:', '    memory: 512Mi') + y('---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: s}'));
      assert.strictEqual(findingsOf({ 'k8s/d.yaml': text }, ID)[0].fixes[0].preferred, false);
    });
    it('adds only the memory limit to an existing limits map', () => {
      const after = assertFixWorks({ 'a.yaml': deploy('resources:', '  requests:', '    cpu: 1', '  limits:', '    cpu: 2') }, ID, 'a.yaml');
      assert.strictEqual(after['a.yaml'], deploy('resources:', '  requests:', '    cpu: 1', '  limits:', '    cpu: 2', '    memory: 512Mi'));
    });
    it('adds requests and the memory limit to a resources map with only a cpu limit', () => {
      const after = assertFixWorks({ 'a.yaml': deploy('resources:', '  limits:', '    cpu: 2') }, ID, 'a.yaml');
      assert.strictEqual(after['a.yaml'], deploy('resources:', '  limits:', '    cpu: 2', '    memory: 512Mi', '  requests:', '    cpu: 100m', '    memory: 256Mi'));
    });
    it('no fix for flow-style resources or an empty requests map', () => {
      assert.deepStrictEqual(findingsOf({ 'a.yaml': deploy('resources: {limits: {cpu: 1}}') }, ID)[0].fixes, []);
      assert.deepStrictEqual(findingsOf({ 'a.yaml': deploy('resources:', '  requests: {}', '  limits:', '    memory: 1Gi') }, ID)[0].fixes, []);
    });
    it('adds requests to a resources map that only has a memory limit', () => {
      const after = assertFixWorks({ 'a.yaml': deploy('resources:', '  limits:', '    memory: 1Gi', 'env: []') }, ID, 'a.yaml');
      assert.strictEqual(after['a.yaml'], deploy('resources:', '  limits:', '    memory: 1Gi', '  requests:', '    cpu: 100m', '    memory: 256Mi', 'env: []'));
    });
  });
});
