import * as assert from 'assert';
import { assertFixWorks, findingsOf } from '../../helpers/workspace';
import { y } from '../../helpers/yaml';

const ID = 'literal-secret-in-env';

const deployment = (env: string[], indent = '        ') => y(
  'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: synctv', 'spec:', '  template:', '    spec:', '      containers:',
  '      - name: synctv', '        image: synctv:1.0', '        env:', ...env.map((l) => indent + l),
);

describe(ID, () => {
  describe('flags', () => {
    it('compose map and list forms (seed 004: JWT_SECRET, POSTGRES_PASSWORD), on the value', () => {
      const compose = y('services:', '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_USER: synctv', '      POSTGRES_PASSWORD: synctv',
        '  app:', '    image: app:1', '    environment:', '      - RUST_LOG=info', '      - JWT_SECRET=super-secret-jwt-key', '      - "API_KEY=abc123"');
      const found = findingsOf({ 'docker-compose.yml': compose }, ID);
      assert.deepStrictEqual(found.map((d) => [d.range.start.line, d.range.start.character]), [[5, 25], [10, 8], [11, 8]]);
      assert.match(found[0].message, /`POSTGRES_PASSWORD` in compose service `db`/);
      assert.strictEqual(found[0].severity, 'error');
    });
    it('k8s env value in containers and initContainers; numbers count as literals', () => {
      const found = findingsOf({ 'k8s/d.yaml': deployment(['- name: SYNCTV__JWT_SECRET', '  value: "change-me"', '- name: DB_PASSWORD', '  value: 1234']) }, ID);
      assert.deepStrictEqual(found.map((d) => d.range.start.line), [12, 14]);
      assert.match(found[0].message, /container `synctv` of Deployment `synctv`/);
    });
    it('compose environment merged from an anchor, once', () => {
      const compose = y('x-env: &env', '  REDIS_PASSWORD: hunter2', 'services:', '  a:', '    image: a:1', '    environment:', '      <<: *env', '  b:', '    image: b:1', '    environment: *env');
      assert.deepStrictEqual(findingsOf({ 'compose.yaml': compose }, ID).map((d) => d.range.start.line), [1]);
    });
  });
  describe('does not flag', () => {
    it('interpolation, $(VAR), secretKeyRef, *_FILE, /run/secrets paths, empty and pass-through values, non-secret names', () => {
      const compose = y('services:', '  app:', '    image: a:1', '    environment:',
        '      JWT_SECRET: ${JWT_SECRET}', '      DB_PASSWORD: "${DB_PASSWORD:?set it}"', '      API_TOKEN: $API_TOKEN', '      POSTGRES_PASSWORD_FILE: /run/secrets/db',
        '      SESSION_SECRET: ""', '      TOKEN_TTL: 3600', '      PASSWORD_MIN_LENGTH: 12', '      SECRET_KEY:',
        '  b:', '    image: b:1', '    environment:', '      - JWT_SECRET', '      - SMTP_PASSWORD=${SMTP_PASSWORD}');
      assert.deepStrictEqual(findingsOf({ 'docker-compose.yml': compose }, ID), []);
      const k8s = deployment(['- name: JWT_SECRET', '  valueFrom:', '    secretKeyRef: {name: s, key: k}', '- name: API_KEY', '  value: $(OTHER_VAR)', '- name: TOKEN_FILE', '  value: /var/run/secrets/token', '- name: RUST_LOG', '  value: info']);
      assert.deepStrictEqual(findingsOf({ 'k8s/d.yaml': k8s }, ID), []);
    });
    it('env-looking keys in workflows and other YAML', () => {
      const wf = y('on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    env:', '      API_TOKEN: abc', '    steps: []');
      assert.deepStrictEqual(findingsOf({ '.github/workflows/ci.yml': wf, 'config.yaml': y('environment:', '  PASSWORD: x') }, ID), []);
    });
    it('extra names only when configured', () => {
      const compose = y('services:', '  a:', '    image: a:1', '    environment:', '      LICENSE_PIN: 1234');
      assert.deepStrictEqual(findingsOf({ 'docker-compose.yml': compose }, ID), []);
      assert.strictEqual(findingsOf({ 'docker-compose.yml': compose, '.readiness.toml': '[rules.literal-secret-in-env]\nnames = ["pin"]\n' }, ID).length, 1);
    });
  });
  describe('fix', () => {
    it('compose map form → "${NAME:?set NAME}", comment kept', () => {
      const compose = y('services:', '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: synctv # dev only');
      const after = assertFixWorks({ 'docker-compose.yml': compose }, ID, 'docker-compose.yml');
      assert.strictEqual(after['docker-compose.yml'], y('services:', '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}" # dev only'));
      assert.strictEqual(findingsOf({ 'docker-compose.yml': compose }, ID)[0].fixes[0].preferred, false);
    });
    it('compose list form → "NAME=${NAME:?set NAME}"', () => {
      const compose = y('services:', '  app:', '    image: a:1', '    environment:', '    - JWT_SECRET=super-secret-jwt-key', '    - RUST_LOG=info');
      const after = assertFixWorks({ 'docker-compose.yml': compose }, ID, 'docker-compose.yml');
      assert.strictEqual(after['docker-compose.yml'], y('services:', '  app:', '    image: a:1', '    environment:', '    - "JWT_SECRET=${JWT_SECRET:?set JWT_SECRET}"', '    - RUST_LOG=info'));
    });
    it('k8s value → valueFrom.secretKeyRef at the key column, in a multi-document file', () => {
      const text = y('apiVersion: v1', 'kind: Service', 'metadata: {name: s}', '---') + deployment(['- name: SYNCTV__JWT_SECRET', '  value: "change-me-in-production"', '- name: RUST_LOG', '  value: info']);
      const after = assertFixWorks({ 'k8s/d.yaml': text }, ID, 'k8s/d.yaml');
      assert.ok(after['k8s/d.yaml'].includes(y(
        '        - name: SYNCTV__JWT_SECRET',
        '          valueFrom:',
        '            secretKeyRef:',
        '              name: synctv-secrets',
        '              key: synctv-jwt-secret',
        '        - name: RUST_LOG',
      )), after['k8s/d.yaml']);
      assert.ok(after['k8s/d.yaml'].startsWith('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: apps/v1\n'));
    });
    it('k8s with 4-space indentation keeps the unit', () => {
      const text = y('apiVersion: v1', 'kind: Pod', 'metadata:', '    name: p', 'spec:', '    containers:', '        - name: c', '          image: c:1', '          env:', '              - name: API_KEY', '                value: abc');
      const after = assertFixWorks({ 'pod.yaml': text }, ID, 'pod.yaml');
      assert.ok(after['pod.yaml'].endsWith(y('              - name: API_KEY', '                valueFrom:', '                    secretKeyRef:', '                        name: p-secrets', '                        key: api-key')), after['pod.yaml']);
    });
  });
});
