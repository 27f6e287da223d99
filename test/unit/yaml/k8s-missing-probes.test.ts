import * as assert from 'assert';
import { parse } from 'yaml';
import { manifest } from '../../helpers/fixtures';
import { ruleTester } from '../../helpers/ruleTester';
import { applyFix, type Files } from '../../helpers/workspace';
import type { Diagnostic } from '../../../server/src/core/engine/types';

/** An axum service routing /health/live and /health/ready, listening on 8080. */
const AXUM_8080: Files = {
  'Cargo.toml': manifest('axum = "0.7"\ntokio = { version = "1", features = ["full"] }'),
  'src/main.rs': [
    'use axum::{routing::get, Router};',
    '#[tokio::main]',
    'async fn main() {',
    '    let app = Router::new().route("/health/live", get(|| async { "ok" })).route("/health/ready", get(ready));',
    '    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();',
    '    axum::serve(listener, app).await.unwrap();',
    '}',
    'async fn ready(db: Db) -> StatusCode { db.ping().await }',
    '',
  ].join('\n'),
};
/** An actix service with `#[get("/livez")]` and `#[get("/readyz")]`, its port from configuration. */
const ACTIX_CONFIGURED: Files = {
  'Cargo.toml': manifest('actix-web = "4"'),
  'src/main.rs': '#[get("/livez")]\nasync fn livez() -> impl Responder { "ok" }\n#[get("/readyz")]\nasync fn readyz(db: Data<Db>) -> impl Responder { db.ping().await }\nfn main() {}\n',
};

/** The probes the first fix writes, as parsed YAML of the first container: the kind of each probe and its port. */
function probesAfterFix(files: Files, found: Diagnostic[]): Record<string, unknown> {
  const after = applyFix(files, found[0].fixes[0]);
  const doc = parse(after['k8s/deployment.yaml']) as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
  const c = doc.spec.template.spec.containers[0];
  return { livenessProbe: c.livenessProbe, readinessProbe: c.readinessProbe };
}
const DEPLOYMENT = (ports: string, extra = '') => `
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: svc
  spec:
    template:
      spec:
        containers:
        - name: svc
  #             ^^^ error: The container \`svc\` of Deployment \`svc\` has no \`livenessProbe\` and no \`readinessProbe\`
          image: svc:1.0
          ports:
${ports}${extra}`;

// Most fixtures are the seed 004 deployment shape: `- name` flush under `containers:`.
ruleTester('k8s-missing-probes', {
  path: 'k8s/deployment.yaml',
  invalid: [
    {
      name: 'a Deployment container with neither probe, on its name',
      code: `
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
        #             ^^^^^^ error: The container \`synctv\` of Deployment \`synctv\` has no \`livenessProbe\` and no \`readinessProbe\`
                image: synctv:1.0
                ports:
                - containerPort: 8080
      `,
    },
    {
      name: 'two containers and no readiness probe in the pod: both reported in the default profile; a sidecar beside a probed container is hygiene in the audit profile',
      files: { '.readiness.toml': 'profile = "audit"\n' },
      code: `
        //- a.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: a
        spec:
          template:
            spec:
              containers:
              - name: app
        #             ^^^ error: The container \`app\` of Deployment \`a\` has no \`livenessProbe\` and no \`readinessProbe\`: Kubernetes
                image: app:1.0
              - name: cache
        #             ^^^^^ error: The container \`cache\` of Deployment \`a\` has no \`livenessProbe\` and no \`readinessProbe\`: Kubernetes
                image: redis:7
        //- b.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: b
        spec:
          template:
            spec:
              containers:
              - name: app
                image: app:1.0
                livenessProbe: {tcpSocket: {port: 80}}
                readinessProbe: {tcpSocket: {port: 80}}
              - name: cache
        #             ^^^^^ error: [hygiene] The container \`cache\` of Deployment \`b\` has no \`livenessProbe\` and no \`readinessProbe\`; another container of the pod
                image: redis:7
      `,
    },
    {
      name: 'StatefulSet and DaemonSet containers missing one probe (a startupProbe does not count)',
      code: `
        //- sts.yaml
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
        #             ^^^^^^ error: The container \`synctv\` of StatefulSet \`synctv\` has no \`readinessProbe\`
                image: a:1
                livenessProbe: {tcpSocket: {port: 1}}
        //- ds.yaml
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
        #             ^^^^^^ error: The container \`synctv\` of DaemonSet \`synctv\` has no \`livenessProbe\`
                image: a:1
                readinessProbe: {exec: {command: [true]}}
                startupProbe: {exec: {command: [true]}}
      `,
    },
    {
      name: 'every container of a multi-container pod, each document of a multi-document file',
      code: `
        //- two.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: a}
        spec:
          template:
            spec:
              containers:
                - {name: a, image: a:1}
        #                ^ error: The container \`a\` of Deployment \`a\` has no \`livenessProbe\` and no \`readinessProbe\`
                - {name: b, image: b:1}
        #                ^ error: The container \`b\` of Deployment \`a\` has no \`livenessProbe\` and no \`readinessProbe\`
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: c}
        spec: {template: {spec: {containers: [{name: c, image: c:1}]}}}
        #                                            ^ error: The container \`c\` of Deployment \`c\` has no \`livenessProbe\` and no \`readinessProbe\`
      `,
    },
    {
      name: 'fix: httpGet probes on the health routes the workspace serves on that port (axum binds 0.0.0.0:8080), not preferred',
      files: AXUM_8080,
      code: `
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
        #             ^^^^^^ error: The container \`synctv\` of Deployment \`synctv\` has no \`livenessProbe\` and no \`readinessProbe\`
                image: synctv:1.0
                ports:
                - containerPort: 8080
                - containerPort: 50051
      `,
      output: `
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
                image: synctv:1.0
                ports:
                - containerPort: 8080
                - containerPort: 50051
                livenessProbe:
                  httpGet:
                    path: /health/live
                    port: 8080
                  initialDelaySeconds: 10
                  periodSeconds: 10
                readinessProbe:
                  httpGet:
                    path: /health/ready
                    port: 8080
                  periodSeconds: 5
      `,
      fixes: ['Add httpGet livenessProbe on /health/live and readinessProbe on /health/ready (port 8080: `svc` listens on port 8080 and serves `/health/live` and `/health/ready` with axum (src/main.rs)) (not preferred)'],
    },
    {
      name: 'fix: tcpSocket on the first port when the workspace serves no HTTP health route (a raw TCP/UDP service), seed 004 shape',
      code: `
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
        #             ^^^^^^ error: The container \`synctv\` of Deployment \`synctv\` has no \`livenessProbe\` and no \`readinessProbe\`
                image: synctv:1.0
                ports:
                - containerPort: 21116
                  protocol: TCP
      `,
      output: `
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
                image: synctv:1.0
                ports:
                - containerPort: 21116
                  protocol: TCP
                livenessProbe:
                  tcpSocket:
                    port: 21116
                  initialDelaySeconds: 10
                  periodSeconds: 10
                readinessProbe:
                  tcpSocket:
                    port: 21116
                  periodSeconds: 5
      `,
      fixes: ['Add tcpSocket livenessProbe and readinessProbe on port 21116 (the workspace serves no HTTP health route) (not preferred)'],
    },
    {
      name: 'fix: health routes exist but not on this port (the gRPC port listed first is skipped for the HTTP one the code binds)',
      files: AXUM_8080,
      code: DEPLOYMENT('          - containerPort: 50051\n          - containerPort: 8080'),
      check: (found, files) => assert.deepStrictEqual(probesAfterFix(files, found), {
        livenessProbe: { httpGet: { path: '/health/live', port: 8080 }, initialDelaySeconds: 10, periodSeconds: 10 },
        readinessProbe: { httpGet: { path: '/health/ready', port: 8080 }, periodSeconds: 5 },
      }),
    },
    {
      name: 'fix: health routes exist but the code binds another port: tcpSocket, and the title says why',
      files: AXUM_8080,
      code: DEPLOYMENT('          - containerPort: 6379'),
      fixes: ['Add tcpSocket livenessProbe and readinessProbe on port 6379 (no HTTP health route of the workspace is shown to be served on port 6379) (not preferred)'],
      check: (found, files) => assert.deepStrictEqual(probesAfterFix(files, found), {
        livenessProbe: { tcpSocket: { port: 6379 }, initialDelaySeconds: 10, periodSeconds: 10 },
        readinessProbe: { tcpSocket: { port: 6379 }, periodSeconds: 5 },
      }),
    },
    {
      name: 'fix: the port is named http (port from configuration): httpGet with liveness on /livez, readiness on /readyz (route attributes)',
      files: ACTIX_CONFIGURED,
      code: DEPLOYMENT('          - name: http\n            containerPort: 3000'),
      check: (found, files) => {
        assert.match(found[0].fixes[0].title, /^Add httpGet livenessProbe on \/livez and readinessProbe on \/readyz \(port 3000: port 3000 is named `http`/);
        assert.deepStrictEqual(probesAfterFix(files, found), {
          livenessProbe: { httpGet: { path: '/livez', port: 3000 }, initialDelaySeconds: 10, periodSeconds: 10 },
          readinessProbe: { httpGet: { path: '/readyz', port: 3000 }, periodSeconds: 5 },
        });
      },
    },
    {
      name: 'fix: the container\'s env puts HTTP on the port (HTTP_PORT)',
      files: ACTIX_CONFIGURED,
      code: DEPLOYMENT('          - containerPort: 9000', '\n          env:\n          - name: HTTP_PORT\n            value: "9000"'),
      check: (found, files) => assert.deepStrictEqual((probesAfterFix(files, found).readinessProbe as { httpGet: unknown }).httpGet, { path: '/readyz', port: 9000 }),
    },
    {
      name: 'fix: a port named grpc and an env for another listener do not make HTTP',
      files: ACTIX_CONFIGURED,
      code: DEPLOYMENT('          - name: grpc\n            containerPort: 9000', '\n          env:\n          - name: METRICS_ADDR\n            value: "0.0.0.0:9000"'),
      fixes: ['Add tcpSocket livenessProbe and readinessProbe on port 9000 (no HTTP health route of the workspace is shown to be served on port 9000) (not preferred)'],
    },
    {
      name: 'fix: inserts only the missing probe, with the file\'s 4-space unit, before the next document',
      code: `
        //- a.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
            name: a
        spec:
            template:
                spec:
                    containers:
                        - name: a
        #                       ^ error: The container \`a\` of Deployment \`a\` has no \`readinessProbe\`
                          image: a:1
                          ports: [{containerPort: 3000}]
                          livenessProbe:
                              tcpSocket: {port: 3000}
        ---
        kind: Service
        apiVersion: v1
      `,
      output: `
        //- a.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
            name: a
        spec:
            template:
                spec:
                    containers:
                        - name: a
                          image: a:1
                          ports: [{containerPort: 3000}]
                          livenessProbe:
                              tcpSocket: {port: 3000}
                          readinessProbe:
                              tcpSocket:
                                  port: 3000
                              periodSeconds: 5
        ---
        kind: Service
        apiVersion: v1
      `,
      fixes: ['Add tcpSocket readinessProbe on port 3000 (the workspace serves no HTTP health route) (not preferred)'],
    },
    {
      name: 'no fix without a container port',
      code: `
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
        #             ^^^^^^ error: The container \`synctv\` of Deployment \`synctv\` has no \`livenessProbe\` and no \`readinessProbe\`
                image: a:1
      `,
      fixes: [],
    },
  ],
  valid: [
    {
      name: 'default profile: a bundled database sidecar beside the app container whose readiness probe gates the pod',
      code: `
        //- k8s/atuin.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: atuin
        spec:
          template:
            spec:
              containers:
                - name: atuin
                  image: ghcr.io/atuinsh/atuin:18
                  livenessProbe:
                    httpGet: {path: /healthz, port: 8888}
                  readinessProbe:
                    tcpSocket: {port: 8888}
                - name: postgresql
                  image: postgres:14
                  ports:
                    - containerPort: 5432
      `,
    },
    {
      name: 'both probes; Jobs, CronJobs and Pods; init containers; non-k8s YAML with a containers key',
      code: `
        //- ok.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
              - name: synctv
                image: a:1
                livenessProbe:
                  httpGet: {path: /health/live, port: 8080}
                readinessProbe:
                  httpGet: {path: /health/ready, port: 8080}
        //- job.yaml
        apiVersion: batch/v1
        kind: Job
        metadata: {name: j}
        spec:
          template:
            spec:
              containers:
              - {name: j, image: j:1}
        //- init.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          template:
            spec:
              initContainers:
              - {name: i, image: i:1}
              containers:
              - name: c
                image: c:1
                livenessProbe: {tcpSocket: {port: 1}}
                readinessProbe: {tcpSocket: {port: 1}}
        //- other.yaml
        spec:
          template:
            spec:
              containers:
              - name: x
      `,
    },
    {
      name: 'kustomize patches: containers without image',
      code: `
        //- overlays/prod/patch.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: synctv}
        spec:
          template:
            spec:
              containers:
              - name: synctv
                resources: {limits: {memory: 4Gi}}
      `,
    },
  ],
});
