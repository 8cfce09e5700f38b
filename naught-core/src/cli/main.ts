#!/usr/bin/env node
/**
 * The `naught` command. Each command lives in its own module, loaded only when
 * asked for, so that `naught status` does not pay for the daemon's code.
 */
import { CommandFailure, UsageError } from '../errors';
import { helpText, isCommandName, usageText, type CommandName } from './help';
import { exitAfterFlush, printLine, printText } from './output';

type CommandRunner = (argv: readonly string[]) => number | Promise<number>;

/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading: a synchronous require of one command's module keeps start-up short */
const COMMANDS: Record<CommandName, () => CommandRunner> = {
  start: () => (require('./start') as typeof import('./start')).runStart,
  stop: () => (require('./stop') as typeof import('./stop')).runStop,
  status: () => (require('./status') as typeof import('./status')).runStatus,
  deploy: () => (require('./deploy') as typeof import('./deploy')).runDeploy,
  'deploy-abort': () => (require('./deploy-abort') as typeof import('./deploy-abort')).runDeployAbort,
  version: () => (require('./version') as typeof import('./version')).runVersion,
  help: () => runHelp,
  logs: () => (require('./logs') as typeof import('./logs')).runLogs,
  'systemd-unit': () => (require('./systemd-unit') as typeof import('./systemd-unit')).runSystemdUnit,
};
/* eslint-enable @typescript-eslint/no-require-imports */

function runHelp(argv: readonly string[]): number {
  const [name] = argv;
  if (argv.length === 1 && isCommandName(name)) printLine('stdout', helpText(name));
  else printText('stderr', usageText());
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!isCommandName(name)) {
    printText('stderr', usageText());
    return 1;
  }
  try {
    const run = COMMANDS[name]();
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      printLine('stderr', `naught ${error.command}: ${error.message}`);
      printLine('stderr', helpText(error.command as CommandName));
      return 1;
    }
    if (error instanceof CommandFailure) {
      printLine('stderr', error.message);
      return error.exitCode;
    }
    printLine('stderr', `naught ${name}: ${(error as Error).message}`);
    return 1;
  }
}

void main(process.argv.slice(2)).then(exitAfterFlush);
