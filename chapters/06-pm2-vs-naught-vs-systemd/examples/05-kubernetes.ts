/**
 * The Kubernetes Deployment and Service of k8s/manifests.ts: validated
 * against Kubernetes' OpenAPI schemas with kubernetes-models (offline, no
 * cluster), read back for what stands for naught's 'online', 'shutdown' and
 * deploy, and the readiness probe's path asked of the real app.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { deployment, LABELS, PRE_STOP_SECONDS, service } from '../k8s/manifests';
import { renderManifests, YAML_FILE } from '../k8s/render';
import { CHAPTER_DIR, drainTimeoutMs, freePort, get, REPO_NODE_MODULES, startProcess, waitFor } from '../lib/processes';

export interface KubernetesDemo {
  valid: string[];
  rejected: Array<{ change: string; message: string }>;
  probePath: string;
  probeStatus: number;
  graceSeconds: number;
  preStopSeconds: number;
  drainSeconds: number;
  maxSurge: string | number | undefined;
  maxUnavailable: string | number | undefined;
  selectorMatches: boolean;
  targetPortIsContainerPort: boolean;
  yamlUpToDate: boolean;
}

/** Validates a changed copy of the Deployment; returns the validator's message, or null if it passed. */
function rejection(change: (copy: Record<string, unknown>) => void): string | null {
  const copy = JSON.parse(JSON.stringify(deployment)) as Record<string, unknown>;
  change(copy);
  try {
    new Deployment(copy as never).validate();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export async function kubernetesDemo(log: (line: string) => void = console.log): Promise<KubernetesDemo> {
  log('== k8s/manifests.ts, validated against the Kubernetes OpenAPI schemas (kubernetes-models, offline)');
  const valid: string[] = [];
  for (const manifest of [deployment, service]) {
    manifest.validate(); // throws when invalid
    valid.push(`${manifest.kind} ${manifest.metadata?.name}`);
    log(`${manifest.kind} ${manifest.metadata?.name}: valid`);
  }

  log('== the validator does catch mistakes (changed copies of the Deployment)');
  const rejected: Array<{ change: string; message: string }> = [];
  const cases: Array<[string, (copy: Record<string, unknown>) => void]> = [
    ['maxSurge: true', (copy) => ((copy.spec as { strategy: { rollingUpdate: { maxSurge: unknown } } }).strategy.rollingUpdate.maxSurge = true)],
    ['no selector', (copy) => delete (copy.spec as Record<string, unknown>).selector],
    ['replicas: "two"', (copy) => ((copy.spec as Record<string, unknown>).replicas = 'two')],
  ];
  for (const [change, apply] of cases) {
    const message = rejection(apply);
    if (message === null) throw new Error(`the validator accepted ${change}`);
    rejected.push({ change, message });
    log(`${change}: rejected: ${message.split(', ')[0]}`);
  }

  const spec = deployment.spec!;
  const pod = spec.template.spec!;
  const container = pod.containers[0]!;
  const probePath = container.readinessProbe?.httpGet?.path ?? '';
  const probePort = container.readinessProbe?.httpGet?.port;
  const containerPort = container.ports?.find((port) => port.name === probePort)?.containerPort;
  const graceSeconds = pod.terminationGracePeriodSeconds ?? 30;
  const drainSeconds = drainTimeoutMs() / 1000;
  const maxSurge = spec.strategy?.rollingUpdate?.maxSurge;
  const maxUnavailable = spec.strategy?.rollingUpdate?.maxUnavailable;
  const selectorMatches = Object.entries(service.spec?.selector ?? {}).every(([key, value]) => spec.template.metadata?.labels?.[key] === value);
  const targetPort = service.spec?.ports?.[0]?.targetPort;
  const targetPortIsContainerPort = container.ports?.some((port) => port.name === targetPort || port.containerPort === targetPort) ?? false;
  log('== what stands for what');
  log(`'online'   -> readinessProbe: GET ${probePath} on port ${String(probePort)} (${containerPort})`);
  log(`'shutdown' -> preStop: sleep ${PRE_STOP_SECONDS} s, then SIGTERM; terminationGracePeriodSeconds ${graceSeconds} >= ${PRE_STOP_SECONDS} + drain ${drainSeconds} s`);
  log(`deploy     -> RollingUpdate, maxSurge ${String(maxSurge)}, maxUnavailable ${String(maxUnavailable)}`);
  log(`workers    -> replicas ${spec.replicas}`);
  log(`Service ${service.metadata?.name}: port ${service.spec?.ports?.[0]?.port} -> targetPort ${String(targetPort)}; selector ${JSON.stringify(LABELS)} matches the pods: ${selectorMatches}`);

  // Ask the real app for the probe's path, as the kubelet would.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ch06-k8s-'));
  fs.copyFileSync(path.join(CHAPTER_DIR, 'deploy', 'server.js'), path.join(root, 'server.js'));
  fs.symlinkSync(REPO_NODE_MODULES, path.join(root, 'node_modules'), 'dir');
  const port = await freePort();
  const server = startProcess(process.execPath, ['server.js'], { cwd: root, env: { PATH: process.env.PATH, PORT: String(port) } });
  let probeStatus: number;
  try {
    probeStatus = await waitFor('the app to answer the probe', () => get(port, probePath, 1000).then((answer) => answer.status));
    log(`GET ${probePath} on the real app: ${probeStatus}`);
  } finally {
    server.kill('SIGTERM');
    await server.exited;
    fs.rmSync(root, { recursive: true, force: true });
  }

  const yamlUpToDate = fs.readFileSync(YAML_FILE, 'utf8') === renderManifests();
  log(`== k8s/hello.yaml written from these manifests: ${yamlUpToDate ? 'yes, up to date' : 'NO: run k8s/render.ts'}`);
  return {
    valid,
    rejected,
    probePath,
    probeStatus,
    graceSeconds,
    preStopSeconds: PRE_STOP_SECONDS,
    drainSeconds,
    maxSurge,
    maxUnavailable,
    selectorMatches,
    targetPortIsContainerPort,
    yamlUpToDate,
  };
}

if (require.main === module) {
  kubernetesDemo().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
