/**
 * The programmatic face of naught-core: what the CLI does, as promises, for
 * scripts and tools (a deploy pipeline, a health page). Every function talks
 * to the daemon over its ipc socket and rejects with a typed error:
 * IpcConnectError (not running, stale, permission), DeployFailedError or
 * DaemonResponseError.
 */
import { DaemonResponseError, DeployFailedError } from './errors';
import type { NaughtEvent } from './events';
import { connectToDaemon, type IpcConnection } from './ipc/client';
import type { NaughtRequest } from './ipc/protocol';
import { requestStatusDetail } from './ipc/status-detail-request';
import type { StatusDetail } from './status-detail';

export interface ClientOptions {
  /** Path of the daemon's socket; default `naught.ipc` in the current directory. */
  ipcFile?: string;
  /** Sees every event the request produces, in order. */
  onEvent?: (event: NaughtEvent) => void;
}

export interface DeployOptions extends ClientOptions {
  /** 0 (default) keeps the current count. */
  workerCount?: number;
  /** Merged over the environment the server was started with. */
  environment?: Record<string, string>;
  /** Seconds before the deploy is abandoned (old workers keep serving). */
  timeoutSeconds?: number;
  /** The new workers' working directory; default: keep the current one. */
  cwd?: string;
  /** Aborting the signal aborts the deploy with zero downtime. */
  signal?: AbortSignal;
}

export interface StopOptions extends ClientOptions {
  /** Seconds to wait for graceful exits before workers are killed. */
  timeoutSeconds?: number;
}

const DEFAULT_IPC_FILE = 'naught.ipc';

/** Resolves with the `Status` event: counts and what the server is waiting for. */
export async function getStatus(options: ClientOptions = {}): Promise<NaughtEvent> {
  return request<NaughtEvent>(options, { action: 'NaughtStatus' }, (event) => (event.event === 'Status' ? { value: event } : undefined));
}

/**
 * Resolves with the detailed status: every worker (pid, state, uptime,
 * restarts, memory), the daemon's pid and memory, what is under way, and
 * the log paths. Rejects with DaemonResponseError from a daemon that does
 * not know the request (naught 1.6.0).
 */
export async function getStatusDetail(options: Pick<ClientOptions, 'ipcFile'> = {}): Promise<StatusDetail> {
  return requestStatusDetail(await connectToDaemon(options.ipcFile ?? DEFAULT_IPC_FILE));
}

/** Deploys new workers; resolves with the final `Ready` event once every old worker is gone. */
export async function deploy(options: DeployOptions = {}): Promise<NaughtEvent> {
  const events: NaughtEvent[] = [];
  let aborted = false;
  return request<NaughtEvent>(
    options,
    {
      action: 'NaughtDeploy',
      newWorkerCount: options.workerCount ?? 0,
      environment: options.environment ?? {},
      timeout: options.timeoutSeconds ?? null,
      cwd: options.cwd ?? null,
    },
    (event) => {
      events.push(event);
      switch (event.event) {
        case 'DestroyNew':
          aborted = true;
          return undefined;
        case 'Ready':
          return aborted ? { error: new DeployFailedError('aborted', events) } : { value: event };
        case 'DeployFailed':
          return { error: new DeployFailedError('failed', events) };
        case 'Shutdown':
          return { error: new DeployFailedError('server-stopped', events) };
        default:
          return undefined;
      }
    },
    (connection) => {
      if (options.signal === undefined) return;
      const abort = (): void => {
        aborted = true;
        connection.send({ action: 'NaughtDeployAbort' });
      };
      if (options.signal.aborted) abort();
      else options.signal.addEventListener('abort', abort, { once: true });
    },
    () => new DeployFailedError('connection-lost', events),
  );
}

/** Stops the server; resolves once the daemon has shut down. */
export async function stop(options: StopOptions = {}): Promise<void> {
  await request<undefined>(options, { action: 'NaughtShutdown', timeout: options.timeoutSeconds ?? null }, (event) =>
    event.event === 'Shutdown' ? { value: undefined } : undefined,
  );
}

/** Aborts a deploy in progress; resolves true if one was aborted, false if none was in progress. */
export async function abortDeploy(options: ClientOptions = {}): Promise<boolean> {
  return request<boolean>(options, { action: 'NaughtDeployAbort' }, (event) => {
    if (event.event === 'ErrorNoDeployInProgress') return { value: false };
    if (event.event === 'Ready' || event.event === 'DeployFailed') return { value: true };
    if (event.event === 'Shutdown') return { error: new DaemonResponseError('the server shut down during the abort', event) };
    return undefined;
  });
}

type Outcome<T> = { value: T } | { error: Error } | undefined;

async function request<T>(
  options: ClientOptions,
  message: NaughtRequest,
  decide: (event: NaughtEvent) => Outcome<T>,
  onConnected?: (connection: IpcConnection) => void,
  onLost: () => Error = () => new DaemonResponseError('the daemon closed the connection before answering', null),
): Promise<T> {
  const connection = await connectToDaemon(options.ipcFile ?? DEFAULT_IPC_FILE);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: NonNullable<Outcome<T>>): void => {
      if (settled) return;
      settled = true;
      connection.close();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value);
    };
    connection.onEvent((event) => {
      if (settled) return;
      options.onEvent?.(event);
      const outcome = decide(event);
      if (outcome !== undefined) settle(outcome);
    });
    connection.onClose(() => settle({ error: onLost() }));
    connection.send(message);
    // After the request: an abort sent first would find no deploy to abort.
    onConnected?.(connection);
  });
}
