/**
 * naught-core's public face. For servers: announce online, go offline, handle
 * shutdown with a keep-alive-safe drain, guard against crashes. For programs:
 * a typed client for a running daemon. Only what is exported here is public.
 */
export * from './worker';
export { getStatus, getStatusDetail, deploy, stop, abortDeploy, type ClientOptions, type DeployOptions, type StopOptions } from './client';
export { IpcConnectError, DeployFailedError, DaemonResponseError, type IpcConnectFailure } from './errors';
export { formatEventLine, formatStatusText, type NaughtEvent, type EventName, type WaitingFor, type WorkerCounts } from './events';
export type { StatusDetail, WorkerDetail, PendingRestartDetail } from './status-detail';
export * from './autod';
