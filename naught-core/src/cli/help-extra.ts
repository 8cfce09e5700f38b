/**
 * Help of naught-core's own commands. They are shown by `naught help logs`
 * and the like, and after a usage error of these commands, but never in the
 * usage text of a missing or unknown command, which stays naught 1.6.0's.
 */
import { DEFAULT_IPC_FILE } from './defaults';

export type ExtraCommandName = 'logs' | 'systemd-unit';

export const EXTRA_HELP: Record<ExtraCommandName, (cwd: string) => string> = {
  logs: () =>
    [
      'naught logs [options] [ipc-file]',
      '',
      '    Prints the last lines of a log of the server which created `ipc-file`,',
      '    reaching back into the rotated (gzipped) files when the live file holds',
      '    fewer lines. With `--follow`, keeps printing lines as they are written,',
      '    across rotations, until Ctrl+C.',
      '',
      '    `--stdout` (the default), `--stderr` or `--log` (the events) chooses the',
      '    log. The running server tells where its logs are; when it is not',
      "    running, `naught start`'s default paths in the current directory are",
      '    read. `--file PATH` reads the log at PATH instead.',
      '',
      `    Uses \`${DEFAULT_IPC_FILE}\` by default.`,
      '',
      '    Available options and their defaults:',
      '',
      '        --stdout | --stderr | --log',
      '        --file none',
      '        -n, --lines 10',
      '        -f, --follow',
    ].join('\n'),
  'systemd-unit': (cwd) =>
    [
      'naught systemd-unit [options] server.js [script-options]',
      '',
      '    Prints a systemd service unit which runs server.js under naught in the',
      '    foreground (`--daemon-mode false`), to be saved as',
      '    /etc/systemd/system/NAME.service.',
      '',
      '    Takes the options of `naught start`, with every path made absolute',
      '    against the current directory, and the options below. `--env` may be',
      '    given more than once; `--user` sets the user the server runs as;',
      '    `--deploy-timeout` and `--stop-timeout` are the `--timeout` of the',
      '    deploy and the stop.',
      '',
      '    `systemctl start` runs `naught start --daemon-mode false`,',
      '    `systemctl reload` runs `naught deploy` and waits for its result,',
      '    `systemctl stop` runs `naught stop`.',
      '',
      '    Available options and their defaults:',
      '',
      "        --description 'naught: SCRIPT' (the script's absolute path)",
      '        --user none',
      '        --env NAME=VALUE',
      '        --deploy-timeout none',
      '        --stop-timeout none',
      '        --remove-old-ipc true',
      `        --cwd ${cwd}`,
      '        (and the other options of `naught start`)',
    ].join('\n'),
};
