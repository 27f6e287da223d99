import { ruleTester } from '../../helpers/ruleTester';

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
      name: 'fix: inserts both probes on /health/live and /health/ready at the first containerPort (seed 004 shape), not preferred',
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
      fixes: ['(not preferred)'],
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
                              httpGet:
                                  path: /health/ready
                                  port: 3000
                              periodSeconds: 5
        ---
        kind: Service
        apiVersion: v1
      `,
      fixes: ['Add readinessProbe on /health/ready (port 3000) (not preferred)'],
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
