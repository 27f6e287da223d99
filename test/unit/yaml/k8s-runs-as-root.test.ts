import { ruleTester } from '../../helpers/ruleTester';

ruleTester('k8s-runs-as-root', {
  path: 'k8s/d.yaml',
  invalid: [
    {
      name: 'no securityContext at all, on the container name (seed 004 deployment)',
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
        #             ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` sets no \`runAsNonRoot: true\`
                image: synctv:1.0
      `,
    },
    {
      name: 'runAsUser: 0, privileged, allowPrivilegeEscalation, on the value',
      code: `
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              securityContext:
                runAsUser: 0
        #                  ^ warning: \`runAsUser: 0\` in the pod securityContext of Deployment \`synctv\` runs it as root
              containers:
              - name: synctv
                image: synctv:1.0
                securityContext:
                  privileged: true
        #                     ^^^^ warning: \`privileged: true\` in the container \`synctv\`
                  allowPrivilegeEscalation: true
        #                                   ^^^^ warning: \`allowPrivilegeEscalation: true\` in the container \`synctv\`
      `,
    },
    {
      name: 'runAsNonRoot: false, on the value',
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
                image: synctv:1.0
                securityContext:
                  runAsNonRoot: false
        #                       ^^^^^ warning: \`runAsNonRoot: false\` in the container \`synctv\` of Deployment \`synctv\` allows running as root
      `,
    },
    {
      name: 'a privileged init container',
      code: `
        //- p.yaml
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext: {runAsNonRoot: true, runAsUser: 1000}
          initContainers:
          - name: i
            image: i:1
            securityContext: {privileged: true}
        #                                 ^^^^ warning: \`privileged: true\` in the init container \`i\` of Pod \`p\`
          containers:
          - {name: c, image: c:1}
      `,
    },
    {
      name: 'CronJobs',
      code: `
        //- c.yaml
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c}
        spec: {jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: c:1}]}}}}}
        #                                                                 ^ warning: The container \`c\` of CronJob \`c\` sets no \`runAsNonRoot: true\`
      `,
    },
  ],
  valid: [
    {
      name: 'runAsNonRoot: true at pod or container level; a non-zero runAsUser; init containers without settings',
      code: `
        //- a.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              securityContext:
                runAsNonRoot: true
              containers:
              - name: synctv
                image: synctv:1.0
        //- b.yaml
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
                securityContext:
                  runAsNonRoot: true
                  allowPrivilegeEscalation: false
                  privileged: false
        //- c.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              securityContext: {runAsUser: 10001}
              containers:
              - name: synctv
                image: synctv:1.0
        //- d.yaml
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext: {runAsNonRoot: true}
          initContainers: [{name: chown, image: busybox:1}]
          containers: [{name: c, image: c:1}]
        //- svc.yaml
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec: {ports: [{port: 80}]}
      `,
    },
    {
      name: 'pod securityContext shared through an anchor',
      code: `
        //- a.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: a}
        spec:
          template:
            spec:
              securityContext: &sc
                runAsNonRoot: true
              containers:
              - name: a
                image: a:1
                securityContext:
                  <<: *sc
                  readOnlyRootFilesystem: true
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
