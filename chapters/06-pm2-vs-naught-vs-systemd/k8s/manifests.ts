/**
 * The app on Kubernetes: a Deployment of two pods running the image of
 * docker/Dockerfile, and a Service in front of them. Written in TypeScript
 * with kubernetes-models, so that tsc checks every field name and type as you
 * type, and `validate()` checks the objects against Kubernetes' OpenAPI
 * schemas (bundled in the package: no cluster needed). render.ts writes them
 * to hello.yaml for `kubectl apply -f`.
 *
 * What naught-core does on one machine, Kubernetes does across machines:
 *   'online'          -> the readiness probe: a pod gets traffic once /healthz answers
 *   'shutdown'        -> preStop, then SIGTERM: server.js drains (handleShutdown)
 *   deploy            -> a rolling update with maxSurge 100% and maxUnavailable 0:
 *                        every new pod ready before an old one goes
 *   resuscitation     -> restartPolicy Always (the default): a crashed container is restarted
 *   --worker-count 2  -> replicas: 2
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';

export const LABELS = { 'app.kubernetes.io/name': 'hello' };
/** Seconds between the start of a pod's termination and its SIGTERM: time for the endpoints to drop it. */
export const PRE_STOP_SECONDS = 5;

export const deployment = new Deployment({
  metadata: { name: 'hello', labels: LABELS },
  spec: {
    replicas: 2,
    selector: { matchLabels: LABELS },
    strategy: {
      type: 'RollingUpdate',
      // naught's deploy: start as many new pods as there are (100%), take
      // none away before the new ones are ready (0).
      rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 },
    },
    revisionHistoryLimit: 5,
    template: {
      metadata: { labels: LABELS },
      spec: {
        // preStop (5 s) + the drain (8 s at most, DRAIN_TIMEOUT_MS) must fit; then SIGKILL.
        terminationGracePeriodSeconds: 20,
        securityContext: {
          // The image's USER is "node"; a numeric uid lets the kubelet check it is not root.
          runAsNonRoot: true,
          runAsUser: 1000,
          runAsGroup: 1000,
        },
        containers: [
          {
            name: 'hello',
            image: 'registry.example.com/hello:v1',
            ports: [{ name: 'http', containerPort: 8080 }],
            // 'online': no traffic until /healthz answers, and none while it fails
            // (a draining pod has closed its listener).
            readinessProbe: {
              httpGet: { path: '/healthz', port: 'http' },
              periodSeconds: 2,
              failureThreshold: 2,
            },
            // A hung process is restarted. Slow on purpose: a crash needs no probe
            // (the container exits and is restarted), and a drain must not be cut short.
            livenessProbe: {
              httpGet: { path: '/healthz', port: 'http' },
              periodSeconds: 10,
              failureThreshold: 3,
            },
            lifecycle: {
              // 'shutdown', first half: keep serving while the Service's endpoints
              // and the proxies stop sending new connections here. SIGTERM follows.
              preStop: { sleep: { seconds: PRE_STOP_SECONDS } },
            },
            resources: {
              requests: { cpu: '250m', memory: '96Mi' },
              limits: { memory: '256Mi' },
            },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
    },
  },
});

export const service = new Service({
  metadata: { name: 'hello', labels: LABELS },
  spec: {
    selector: LABELS,
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  },
});

export const manifests = [deployment, service];
