/** `naught start [options] server.js [script-options]` */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatStatusText, isNaughtEvent, type NaughtEvent } from '../events';
import { DEV_NULL, OWN_STREAM, type DaemonConfig } from '../daemon/config';
import { describeLeftoverEnd, endLeftoverGroup } from '../daemon/leftover-group';
import { pidOfPidFile } from '../daemon/stale-pid-file';
import type { StartFailure } from '../daemon/main';
import { connectToDaemon } from '../ipc/client';
import { IpcConnectError } from '../errors';
import { parseArgs } from './args';
import { staleIpcText } from './connect';
import { printEvent, printLine, printText } from './output';
import { resolveStartOptions, START_OPTIONS } from './start-options';

const CRASHED_AT_BOOT = 'The server crashed without booting. Check stderr.log.';
const DAEMON_EXIT_WAIT_MS = 5_000;

export async function runStart(argv: readonly string[]): Promise<number> {
  const start = resolveStartOptions('start', parseArgs('start', argv, START_OPTIONS));
  const { config, ipcFileAsGiven } = start;
  try {
    const connection = await connectToDaemon(ipcFileAsGiven);
    // Already running: say how it is doing, and fail.
    connection.close();
    return await reportRunning(ipcFileAsGiven);
  } catch (error) {
    if (!(error instanceof IpcConnectError)) throw error;
    if (error.kind === 'stale') {
      if (!start.removeOldIpc) {
        printText('stderr', staleIpcText(ipcFileAsGiven));
        return 1;
      }
      printText('stderr', `unable to connect to ipc-file \`${ipcFileAsGiven}\`\n\nremoving the ipc-file and attempting to continue\n`);
      fs.rmSync(config.ipcFile, { force: true });
    } else if (error.kind !== 'not-running') {
      printLine('stderr', error.message);
      return 1;
    }
  }
  // The pid file is about to be taken over: last chance to learn which dead daemon may have left workers behind.
  await endLeftoversOf(config, pidOfPidFile(config.pidFile));
  return config.foreground ? runInForeground(config, ipcFileAsGiven) : startDaemon(config, ipcFileAsGiven);
}

/**
 * Ends what is left of a dead daemon's process group (workers told 'shutdown'
 * before its death, which no longer follow it: leftover-group.ts), and says so
 * in the naught log only: the command's own output stays 1.6.0's.
 */
async function endLeftoversOf(config: DaemonConfig, deadDaemon: number | null): Promise<void> {
  if (deadDaemon === null) return;
  const ended = await endLeftoverGroup(deadDaemon);
  if (ended.length > 0) writeToNaughtLog(config, describeLeftoverEnd(deadDaemon, ended));
}

/** Appends a line to the naught log while no daemon writes it (before the boot, or after the daemon died). */
function writeToNaughtLog(config: DaemonConfig, line: string): void {
  if (config.log === DEV_NULL || (config.log === OWN_STREAM && !config.foreground)) return;
  if (config.log === OWN_STREAM) {
    process.stderr.write(`${line}\n`);
    return;
  }
  try {
    fs.mkdirSync(path.dirname(config.log), { recursive: true });
    fs.appendFileSync(config.log, `${line}\n`);
  } catch {
    // the daemon reports an unwritable log itself
  }
}

/** Prints the running server's status text on stdout; exit 1 (the start did not happen). */
async function reportRunning(ipcFile: string): Promise<number> {
  try {
    const connection = await connectToDaemon(ipcFile);
    return await new Promise<number>((resolve) => {
      connection.onEvent((event) => {
        if (event.event !== 'Status') return;
        printText('stdout', formatStatusText(event));
        connection.close();
        resolve(1);
      });
      connection.onClose(() => resolve(1));
      connection.send({ action: 'NaughtStatus' });
    });
  } catch (error) {
    printLine('stderr', (error as Error).message);
    return 1;
  }
}

/** Spawns the detached daemon and reports its boot, event by event, until the workers are online. */
function startDaemon(config: DaemonConfig, ipcFile: string): Promise<number> {
  const entry = path.join(__dirname, '..', 'daemon', 'main.js');
  const child = spawn(process.execPath, [entry, JSON.stringify(config)], {
    cwd: config.cwd,
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return new Promise<number>((resolve) => {
    let settled = false;
    const settle = (code: number | Promise<number>): void => {
      if (settled) return;
      settled = true;
      // Only now: while the boot runs, the child's handle keeps this command alive until its 'exit' is
      // heard. Unreferenced from the start, a daemon killed mid-boot let the command end with 0, silently.
      child.unref();
      if (child.connected) child.disconnect();
      child.removeAllListeners();
      resolve(code);
    };
    child.on('message', (message: unknown) => {
      const failure = message as Partial<StartFailure>;
      if (failure.event === 'Error') {
        printLine('stderr', `unable to start daemon: ${String((failure as { value: unknown }).value)}`);
        return settle(1);
      }
      if (failure.event === 'AlreadyRunning') return settle(reportRunning(ipcFile));
      if (!isNaughtEvent(message)) return;
      const outcome = startOutcome(message);
      if (outcome === undefined) return;
      if (message.event !== 'Shutdown') return settle(outcome);
      // The boot failed and the daemon is finishing: leave only once it has exited, so nothing outlives this command.
      const timer = setTimeout(() => settle(outcome), DAEMON_EXIT_WAIT_MS);
      child.removeAllListeners('exit');
      child.once('exit', () => {
        clearTimeout(timer);
        settle(outcome);
      });
    });
    child.once('error', (error) => {
      printLine('stderr', `unable to start daemon: ${error.message}`);
      settle(1);
    });
    child.once('exit', (code, signal) => {
      printLine('stderr', `unable to start daemon: it exited with ${signal ?? `code ${code}`} before the workers were online`);
      settle(removeFilesOfDeadDaemon(config, child.pid).then(() => endLeftoversOf(config, child.pid ?? null)).then(() => 1));
    });
  });
}

/**
 * A daemon killed during the boot (SIGKILL, the OOM killer) could not remove
 * its socket and pid file; a failed start leaves neither behind. The pid file
 * goes only if it names that daemon, the socket only if nobody answers on it
 * (another start may have taken the path meanwhile).
 */
async function removeFilesOfDeadDaemon(config: DaemonConfig, daemonPid: number | undefined): Promise<void> {
  try {
    if (daemonPid !== undefined && Number(fs.readFileSync(config.pidFile, 'utf8').trim()) === daemonPid) fs.unlinkSync(config.pidFile);
  } catch {
    // no pid file, or not ours
  }
  try {
    (await connectToDaemon(config.ipcFile)).close();
  } catch (error) {
    if (error instanceof IpcConnectError && error.kind === 'stale' && fs.lstatSync(config.ipcFile, { throwIfNoEntry: false })?.isSocket() === true) {
      fs.rmSync(config.ipcFile, { force: true });
    }
  }
}

/** Turns a boot event into the start command's result (undefined: keep going). */
function startOutcome(event: NaughtEvent): number | undefined {
  switch (event.event) {
    case 'Ready':
      printText('stdout', formatStatusText(event));
      return 0;
    case 'Shutdown':
      printLine('stderr', CRASHED_AT_BOOT);
      return 1;
    default:
      printEvent(event);
      return undefined;
  }
}

/** `--daemon-mode false`: this process is the daemon; it returns when the server has stopped. */
async function runInForeground(config: DaemonConfig, ipcFile: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only the foreground start needs the daemon's code
  const { AlreadyRunningError, parentChannel, runDaemon } = require('../daemon/daemon') as typeof import('../daemon/daemon');
  try {
    return await runDaemon(config, parentChannel());
  } catch (error) {
    if (error instanceof AlreadyRunningError) return reportRunning(ipcFile);
    printLine('stderr', `unable to start daemon: ${(error as Error).message}`);
    return 1;
  }
}

