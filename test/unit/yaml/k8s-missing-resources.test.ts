import { ruleTester } from '../../helpers/ruleTester';

ruleTester('k8s-missing-resources', {
  path: 'k8s/deployment.yaml',
  invalid: [
    {
      name: 'a container with no resources, on its name (seed 004 deployment)',
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
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.requests\` and no \`resources.limits.memory\`
                  image: synctv:1.0
      `,
    },
    {
      name: 'requests without a memory limit, a cpu-only limit, empty requests',
      code: `
        //- a.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
                - name: synctv
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.limits.memory\`
                  image: synctv:1.0
                  resources:
                    requests: {cpu: 1, memory: 1Gi}
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
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.limits.memory\`
                  image: synctv:1.0
                  resources:
                    requests: {memory: 1Gi}
                    limits:
                      cpu: 2
        //- c.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
                - name: synctv
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.requests\`:
                  image: synctv:1.0
                  resources:
                    requests: {}
                    limits: {memory: 1Gi}
      `,
    },
    {
      name: 'Jobs, CronJobs, StatefulSets, DaemonSets and Pods',
      code: `
        //- job.yaml
        apiVersion: v1
        kind: Job
        metadata: {name: x}
        spec:
          template:
            spec:
              containers:
              - name: c
        #             ^ warning: The container \`c\` of Job \`x\` has no \`resources.requests\` and no \`resources.limits.memory\`
                image: c:1
        //- cron.yaml
        apiVersion: v1
        kind: CronJob
        metadata: {name: x}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                  - name: c
        #                 ^ warning: The container \`c\` of CronJob \`x\` has no \`resources.requests\` and no \`resources.limits.memory\`
                    image: c:1
        //- sts.yaml
        apiVersion: v1
        kind: StatefulSet
        metadata: {name: x}
        spec:
          template:
            spec:
              containers:
              - name: c
        #             ^ warning: The container \`c\` of StatefulSet \`x\` has no \`resources.requests\` and no \`resources.limits.memory\`
                image: c:1
        //- ds.yaml
        apiVersion: v1
        kind: DaemonSet
        metadata: {name: x}
        spec:
          template:
            spec:
              containers:
              - name: c
        #             ^ warning: The container \`c\` of DaemonSet \`x\` has no \`resources.requests\` and no \`resources.limits.memory\`
                image: c:1
        //- pod.yaml
        apiVersion: v1
        kind: Pod
        metadata: {name: x}
        spec:
          containers:
          - name: c
        #         ^ warning: The container \`c\` of Pod \`x\` has no \`resources.requests\` and no \`resources.limits.memory\`
            image: c:1
      `,
    },
    {
      name: 'fix: inserts a whole resources block at the container\'s key column, keeping a trailing comment (not preferred)',
      code: `
        //- k8s/d.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
                - name: synctv
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.requests\` and no \`resources.limits.memory\`
                  image: synctv:1.0 # pinned
                  ports:
                    - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: s}
      `,
      output: `
        //- k8s/d.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: synctv
        spec:
          template:
            spec:
              containers:
                - name: synctv
                  image: synctv:1.0 # pinned
                  ports:
                    - containerPort: 8080
                  resources:
                    requests:
                      cpu: 100m
                      memory: 256Mi
                    limits:
                      memory: 512Mi
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: s}
      `,
      fixes: ['(not preferred)'],
    },
    {
      name: 'fix: adds only the memory limit to an existing limits map',
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
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.limits.memory\`
                  image: synctv:1.0
                  resources:
                    requests:
                      cpu: 1
                    limits:
                      cpu: 2
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
                  resources:
                    requests:
                      cpu: 1
                    limits:
                      cpu: 2
                      memory: 512Mi
      `,
    },
    {
      name: 'fix: adds requests and the memory limit to a resources map with only a cpu limit',
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
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.requests\` and no \`resources.limits.memory\`
                  image: synctv:1.0
                  resources:
                    limits:
                      cpu: 2
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
                  resources:
                    limits:
                      cpu: 2
                      memory: 512Mi
                    requests:
                      cpu: 100m
                      memory: 256Mi
      `,
    },
    {
      name: 'fix: adds requests to a resources map that only has a memory limit',
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
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.requests\`:
                  image: synctv:1.0
                  resources:
                    limits:
                      memory: 1Gi
                  env: []
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
                  resources:
                    limits:
                      memory: 1Gi
                    requests:
                      cpu: 100m
                      memory: 256Mi
                  env: []
      `,
    },
    {
      name: 'no fix for flow-style resources',
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
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.requests\` and no \`resources.limits.memory\`
                  image: synctv:1.0
                  resources: {limits: {cpu: 1}}
      `,
      fixes: [],
    },
    {
      name: 'no fix for an empty requests map',
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
        #               ^^^^^^ warning: The container \`synctv\` of Deployment \`synctv\` has no \`resources.requests\`:
                  image: synctv:1.0
                  resources:
                    requests: {}
                    limits:
                      memory: 1Gi
      `,
      fixes: [],
    },
  ],
  valid: [
    {
      name: 'requests plus a memory limit',
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
                  resources:
                    requests:
                      cpu: 500m
                      memory: 512Mi
                    limits:
                      memory: 2Gi
      `,
    },
    {
      name: 'init containers; non-workload kinds; Helm templates',
      code: `
        //- init.yaml
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          initContainers:
          - name: i
            image: i:1
          containers:
          - name: c
            image: c:1
            resources: {requests: {cpu: 1}, limits: {memory: 1Gi}}
        //- svc.yaml
        apiVersion: v1
        kind: Service
        spec:
          containers:
          - name: not-a-pod
        //- chart/templates/d.yaml
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
              - name: {{ .Chart.Name }}
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
                resources: {}
      `,
    },
  ],
});
