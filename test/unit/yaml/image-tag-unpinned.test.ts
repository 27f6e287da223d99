import * as assert from 'assert';
import { ruleTester } from '../../helpers/ruleTester';
import { unpinnedReason } from '../../../rules/yaml/image-tag-unpinned';

ruleTester('image-tag-unpinned', {
  path: 'docker-compose.yml',
  invalid: [
    {
      name: 'compose images with no tag or :latest, on the value (seed 004 compose)',
      code: `
        services:
          postgres:
            image: postgres
        #          ^^^^^^^^ warning: \`image: postgres\` in compose service \`postgres\` has no tag
          redis:
            image: "redis:latest"
        #          ^^^^^^^^^^^^^^ warning: \`image: redis:latest\` in compose service \`redis\` uses \`:latest\`
          app:
            image: registry.local:5000/synctv
        #          ^^^^^^^^^^^^^^^^^^^^^^^^^^ warning: \`image: registry.local:5000/synctv\` in compose service \`app\` has no tag
      `,
    },
    {
      name: 'k8s containers and initContainers, in a multi-document file, CronJobs too',
      code: `
        //- k8s/all.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              initContainers:
              - name: migrate
                image: synctv-migrate
        #              ^^^^^^^^^^^^^^ warning: in the init container \`migrate\` of Deployment \`synctv\` has no tag
              containers:
              - name: synctv
                image: synctv:latest
        #              ^^^^^^^^^^^^^ warning: in the container \`synctv\` of Deployment \`synctv\` uses \`:latest\`
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: j}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: j
                      image: busybox
        #                    ^^^^^^^ warning: in the container \`j\` of CronJob \`j\`
      `,
    },
    {
      name: 'an image shared through an anchor is reported once',
      code: `
        //- compose.yaml
        x-img: &img
          image: app
        #        ^^^ warning: \`image: app\` in compose service \`a\` has no tag
        services:
          a:
            <<: *img
          b:
            <<: *img
      `,
    },
  ],
  valid: [
    {
      name: 'version tags, digests, registry ports with tags, variables',
      code: `
        services:
          a:
            image: postgres:16.4
          b:
            image: redis@sha256:0123456789abcdef
          c:
            image: localhost:5000/app:1.2
          d:
            image: \${REGISTRY}/app:\${TAG:-dev}
          e:
            image: app:latest@sha256:abcd
      `,
    },
    {
      name: 'a compose service that builds its image',
      code: `
        services:
          app:
            build: .
            image: synctv:latest
      `,
    },
    {
      name: 'image: keys outside compose services and k8s containers, Helm templates',
      code: `
        //- config/app.yaml
        image: nginx
        services:
          thing: 1
        //- .github/workflows/ci.yml
        jobs:
          a:
            container:
              image: rust
            steps: []
        //- chart/templates/deploy.yaml
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
              - image: {{ .Values.image }}
      `,
    },
  ],
});

// Not about findings: the classifier the rule is built on.
describe('image-tag-unpinned unpinnedReason', () => {
  it('reads a missing tag, :latest, digests and templates', () => {
    assert.strictEqual(unpinnedReason('nginx'), 'no-tag');
    assert.strictEqual(unpinnedReason('ghcr.io/a/b:LATEST'), 'latest');
    assert.strictEqual(unpinnedReason('localhost:5000/b'), 'no-tag');
    assert.strictEqual(unpinnedReason('b:1@sha256:00'), undefined);
    assert.strictEqual(unpinnedReason('{{ .Values.image }}'), undefined);
  });
});
