import * as assert from 'assert';
import { findingsOf } from '../../helpers/workspace';
import { RUST_REPO } from '../../helpers/fixtures';
import { parseDocument } from '../../../server/src/core/parsers/document';
import type { YamlDocumentFile } from '../../../server/src/core/parsers/document';
import { mapEntries, mapPath, parseYaml, scalarString } from '../../../server/src/core/parsers/yaml';
import { appendToMap, appendToSeq, isComposeFile, k8sObjects, layoutOf, parseActionRef } from '../../../rules/shared/yamlKinds';
import { applyEdits } from '../../../server/src/core/engine/fixes';
import { yamlRules } from '../../../rules/yaml';

const file = (path: string, text: string) => parseDocument(path, 'yaml', text, 1) as YamlDocumentFile;
/** Joins lines with `\n` and ends with one. */
const y = (...lines: string[]): string => lines.join('\n') + '\n';

describe('YAML parsing and shared helpers', () => {
  it('Helm templates are skipped; GitHub expressions and {{ }} inside string values (metadata-action patterns) are data', () => {
    const isTemplated = (text: string) => parseYaml(text).templated;
    assert.strictEqual(isTemplated('image: {{ .Values.image }}\n'), true);
    assert.strictEqual(isTemplated('{{- if .Values.x }}\na: 1\n{{- end }}\n'), true);
    assert.strictEqual(isTemplated('token: ${{ secrets.GITHUB_TOKEN }}\nif: ${{ always() }}\n'), false);
    assert.strictEqual(isTemplated("run: docker inspect --format '{{.State.Health.Status}}' db\n"), false);
    assert.strictEqual(isTemplated('x: "{{ quoted }}" # {{ comment }}\n'), false);
    assert.strictEqual(isTemplated('  labels:\n    {{- include "x.labels" . | nindent 4 }}\n'), true);
    assert.strictEqual(isTemplated('#{{ commented out }}\na: 1\n'), false);
    // docker/metadata-action tag patterns in a block scalar: the release workflow is read, not skipped.
    assert.strictEqual(isTemplated(y('jobs:', '  r:', '    steps:', '      - uses: docker/metadata-action@v5', '        with:', '          tags: |', '            type=semver,pattern={{version}}', '            type=semver,pattern={{major}}.{{minor}}')), false);
    assert.strictEqual(isTemplated('tags: type=semver,pattern={{version}}\n'), false);
    assert.strictEqual(file('.github/workflows/ci.yml', 'on: push\njobs:\n  a:\n    if: ${{ github.event_name }}\n').yaml.documents.length, 1);
  });
  it('merge keys and aliases: own keys win, merged entries are marked', () => {
    const f = file('a.yaml', y('base: &b', '  x: 1', '  y: 2', 'm:', '  <<: *b', '  y: 3'));
    const doc = f.yaml.documents[0];
    const entries = mapEntries(doc, mapPath(doc, doc.contents, 'm'));
    assert.deepStrictEqual(entries.map((e) => [e.key, scalarString(doc, e.value), e.merged]), [['y', '3', false], ['x', '1', true]]);
  });
  it('classifies compose by name or services:, k8s by apiVersion+kind (List items too)', () => {
    assert.strictEqual(isComposeFile(file('deploy/compose.prod.yaml', 'services: {}\n')), true);
    assert.strictEqual(isComposeFile(file('stack.yml', y('services:', '  web:', '    image: nginx:1'))), true);
    assert.strictEqual(isComposeFile(file('app.yml', y('services:', '  timeout: 3'))), false);
    const list = file('l.yaml', y('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: apps/v1', '  kind: Deployment', '  metadata: {name: a}', '---', 'kind: Secret'));
    assert.deepStrictEqual(k8sObjects(list).map((o) => [o.kind, o.name]), [['Deployment', 'a']]);
  });
  it('layout: unit and sequence style are read from the file', () => {
    assert.deepStrictEqual(layoutOf(file('a.yaml', y('a:', '    b:', '        c: 1', '    l:', '    - 1'))), { unit: 4, seqIndented: false });
    assert.deepStrictEqual(layoutOf(file('a.yaml', y('a:', '  b: 1', '  l:', '    - 1'))), { unit: 2, seqIndented: true });
  });
  it('appends after block scalars, with CRLF line ends and without a final newline', () => {
    const text = 'a:\r\n  run: |\r\n    x\r\n    y\r\n\r\nb: 1';
    const f = file('a.yaml', text);
    const doc = f.yaml.documents[0];
    const edit = appendToMap(f, mapPath(doc, doc.contents, 'a'), ['z: 2'])!;
    assert.strictEqual(applyEdits(text, [edit]), 'a:\r\n  run: |\r\n    x\r\n    y\r\n  z: 2\r\n\r\nb: 1');
    const seqText = 'l:\n  - a: 1\n    b: 2';
    const s = file('s.yaml', seqText);
    const seqEdit = appendToSeq(s, mapPath(s.yaml.documents[0], s.yaml.documents[0].contents, 'l'), ['a: 3', 'b: 4'])!;
    assert.strictEqual(applyEdits(seqText, [seqEdit]), 'l:\n  - a: 1\n    b: 2\n  - a: 3\n    b: 4');
  });
  it('action references', () => {
    assert.deepStrictEqual(parseActionRef('github/codeql-action/init@v3'), { owner: 'github', repo: 'github/codeql-action', path: 'init', ref: 'v3' });
    assert.strictEqual(parseActionRef('./.github/actions/x'), undefined);
    assert.strictEqual(parseActionRef('docker://rust:1'), undefined);
  });
  it('every YAML rule documents itself with valid YAML examples', () => {
    assert.strictEqual(yamlRules.length, 9);
    for (const r of yamlRules) {
      for (const k of ['example', 'useInstead'] as const) {
        assert.deepStrictEqual(parseYaml(r.meta.docs[k].replace(/…/g, 'x')).errors, [], `${r.meta.id} ${k}`);
      }
      assert.strictEqual(r.meta.docs.lang, 'yaml');
    }
  });
  it('suppression comments work in YAML', () => {
    const wf = y('on: push', '# readiness-ignore-next-line ci-missing-check -- runs through justfile', 'jobs:', '  a:', '    runs-on: x', '    steps:', '    - run: just ci && cargo build');
    assert.deepStrictEqual(findingsOf({ ...RUST_REPO, '.github/workflows/ci.yml': wf }, 'ci-missing-check'), []);
    const compose = y('services:', '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: dev # readiness-ignore-line literal-secret-in-env -- local only');
    assert.deepStrictEqual(findingsOf({ 'docker-compose.yml': compose }, 'literal-secret-in-env'), []);
  });
});
