/**
 * Requests a client sends to the daemon. The action names are naught 1.6.0's,
 * so the daemon still understands a 1.6.0 client; NaughtStatusDetail is the
 * one naught-core added (a 1.6.0 daemon answers it with UnrecognizedMessage).
 */

export interface StatusRequest {
  action: 'NaughtStatus';
}

/**
 * naught-core's own: the status with each worker, the daemon's memory and the
 * log paths. Answered with one StatusDetail message, to the asker only, and
 * not logged in the naught log.
 */
export interface StatusDetailRequest {
  action: 'NaughtStatusDetail';
}

export interface DeployRequest {
  action: 'NaughtDeploy';
  /** 0 keeps the current worker count. */
  newWorkerCount: number;
  /** Merged over the environment the server was started with. */
  environment: Record<string, string>;
  /** Seconds, or null for no timeout. */
  timeout: number | null;
  /** The new workers' working directory, or null to keep it. */
  cwd: string | null;
}

export interface DeployAbortRequest {
  action: 'NaughtDeployAbort';
}

export interface ShutdownRequest {
  action: 'NaughtShutdown';
  /** Seconds, or null to wait as long as it takes. */
  timeout: number | null;
}

export type NaughtRequest = StatusRequest | StatusDetailRequest | DeployRequest | DeployAbortRequest | ShutdownRequest;

function isTimeout(value: unknown): value is number | null | undefined {
  return value === null || value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((entry) => typeof entry === 'string');
}

/**
 * Validates a decoded frame. Anything that is not a well-formed request is
 * answered with `UnrecognizedMessage`, never trusted.
 */
export function parseRequest(value: unknown): NaughtRequest | null {
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  switch (message.action) {
    case 'NaughtStatus':
      return { action: 'NaughtStatus' };
    case 'NaughtStatusDetail':
      return { action: 'NaughtStatusDetail' };
    case 'NaughtDeployAbort':
      return { action: 'NaughtDeployAbort' };
    case 'NaughtShutdown':
      if (!isTimeout(message.timeout)) return null;
      return { action: 'NaughtShutdown', timeout: message.timeout ?? null };
    case 'NaughtDeploy': {
      const count = message.newWorkerCount ?? 0;
      const environment = message.environment ?? {};
      const cwd = message.cwd ?? null;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return null;
      if (!isStringRecord(environment) || !isTimeout(message.timeout)) return null;
      if (cwd !== null && typeof cwd !== 'string') return null;
      return { action: 'NaughtDeploy', newWorkerCount: count, environment, timeout: message.timeout ?? null, cwd };
    }
    default:
      return null;
  }
}
