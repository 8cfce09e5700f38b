/** `naught deploy [--worker-count N|0|auto] [--override-env true] [--timeout S] [--cwd DIR] [ipc-file]` */
import * as path from 'node:path';
import { parseArgs, parseBoolean, parseTimeout, parseWorkerCount, rejectExtraArguments } from './args';
import { connectOrExplain, isConnectFailure } from './connect';
import { DEFAULT_IPC_FILE } from './help';
import { currentEnvironment } from './environment';
import { printLine } from './output';
import { followEvents } from './wait-for-events';
import { requireDirectory } from './paths';

const BOOTUP_NEVER_SUCCEEDED = "Bootup never succeeded. Check stderr.log and usage of 'online' and 'shutdown' events.";
const DEPLOY_FAILED = "Deploy failed. Check stderr.log and usage of 'online' and 'shutdown' events.";

export async function runDeploy(argv: readonly string[]): Promise<number> {
  const { options, positional } = parseArgs('deploy', argv, ['worker-count', 'override-env', 'timeout', 'cwd']);
  const newWorkerCount = parseWorkerCount('deploy', options.get('worker-count') ?? '0', true);
  const overrideEnv = parseBoolean('deploy', 'override-env', options.get('override-env') ?? 'true');
  const timeout = parseTimeout('deploy', options.get('timeout') ?? 'none');
  const cwd = path.resolve(options.get('cwd') ?? '.');
  const [ipcFile = DEFAULT_IPC_FILE, ...extra] = positional;
  rejectExtraArguments('deploy', extra);
  requireDirectory('deploy', cwd);

  const connection = await connectOrExplain(ipcFile, 1);
  if (isConnectFailure(connection)) return connection.exitCode;

  let abortRequested = false;
  let newWorkersDestroyed = false;
  // Ctrl+C aborts the deploy with zero downtime; a second Ctrl+C leaves at once.
  process.once('SIGINT', () => {
    abortRequested = true;
    printLine('stderr', 'aborting deploy');
    connection.send({ action: 'NaughtDeployAbort' });
  });

  return followEvents(
    connection,
    {
      action: 'NaughtDeploy',
      newWorkerCount,
      environment: overrideEnv ? currentEnvironment() : {},
      timeout,
      cwd,
    },
    (event) => {
      switch (event.event) {
        case 'ErrorDeployInProgress':
          printLine('stderr', 'Deploy already in progress. Press Ctrl+C to abort.');
          return 'silent';
        case 'Shutdown':
          printLine('stderr', BOOTUP_NEVER_SUCCEEDED);
          return 1;
        case 'DeployFailed':
          printLine('stdout', DEPLOY_FAILED);
          return 1;
        case 'Ready':
          // naught 1.6.0 said "done" and exited 0 after an abort; an aborted deploy is not a success.
          if (abortRequested || newWorkersDestroyed) {
            printLine('stderr', 'deploy aborted');
            return 1;
          }
          printLine('stderr', 'done');
          return 0;
        case 'ErrorNoDeployInProgress':
          // our abort crossed the deploy's end: the Ready that ended it decides
          return 'silent';
        case 'DestroyNew':
          newWorkersDestroyed = true;
          return undefined;
        default:
          return undefined;
      }
    },
    () => {
      printLine('stderr', BOOTUP_NEVER_SUCCEEDED);
      return 1;
    },
  );
}

