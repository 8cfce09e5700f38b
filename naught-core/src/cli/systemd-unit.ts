/**
 * `naught systemd-unit [start options] server.js [script-options]`: prints a
 * systemd service unit that runs the server under naught in the foreground,
 * with the same options `naught start` would take, every path absolute.
 */
import * as path from 'node:path';
import { UsageError } from '../errors';
import { parseArgs, parseBoolean, parseTimeout, parseWorkerCount } from './args';
import { printText } from './output';
import { resolveStartOptions, START_OPTIONS } from './start-options';
import { escapeSpecifiers, formatCommandLine, formatEnvironment, rejectControlCharacters } from './systemd-quote';
import { packageVersion } from './version';

const UNIT_OPTIONS = ['description', 'user', 'deploy-timeout', 'stop-timeout'];
const ENVIRONMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const USER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

export function runSystemdUnit(argv: readonly string[]): number {
  const parsed = parseArgs('systemd-unit', argv, [...START_OPTIONS, ...UNIT_OPTIONS], { repeatable: ['env'] });
  const { options, lists } = parsed;
  if (options.has('daemon-mode') && parseBoolean('systemd-unit', 'daemon-mode', options.get('daemon-mode') as string)) {
    throw new UsageError('systemd-unit', 'the unit runs naught in the foreground: leave out --daemon-mode, or give false');
  }
  const workerCount = options.get('worker-count') ?? '1';
  parseWorkerCount('systemd-unit', workerCount, false);
  const deployTimeout = parseTimeout('systemd-unit', options.get('deploy-timeout') ?? 'none');
  const stopTimeout = parseTimeout('systemd-unit', options.get('stop-timeout') ?? 'none');
  const environment = lists.get('env') ?? [];
  for (const assignment of environment) {
    const name = assignment.slice(0, assignment.indexOf('='));
    if (!assignment.includes('=') || !ENVIRONMENT_NAME.test(name)) {
      throw new UsageError('systemd-unit', `--env must be NAME=VALUE with a variable name, not ${JSON.stringify(assignment)}`);
    }
  }
  const user = options.get('user');
  if (user !== undefined && !USER_NAME.test(user)) throw new UsageError('systemd-unit', `--user must be a user name, not ${JSON.stringify(user)}`);
  // Under systemd nothing else uses the unit's ipc file: one left by a killed run is stale, and may go.
  if (!options.has('remove-old-ipc')) options.set('remove-old-ipc', 'true');
  const { config, removeOldIpc } = resolveStartOptions('systemd-unit', parsed);
  const description = options.get('description') ?? `naught: ${config.script}`;
  rejectControlCharacters('--description', description);

  // The node running this command, and this very CLI: the unit runs what was used to write it.
  const naught = [process.execPath, path.join(__dirname, 'main.js')];
  const start = [
    ...naught, 'start', '--daemon-mode', 'false',
    '--worker-count', workerCount,
    '--ipc-file', config.ipcFile,
    '--pid-file', config.pidFile,
    '--log', config.log,
    '--stdout', config.stdout,
    '--stderr', config.stderr,
    '--max-log-size', String(config.maxLogSize),
    ...(config.maxLogFiles === null ? [] : ['--max-log-files', String(config.maxLogFiles)]),
    ...(config.logTimestamps ? ['--log-timestamps', 'true'] : []),
    '--cwd', config.cwd,
    '--remove-old-ipc', String(removeOldIpc),
    ...(config.nodeArgs.length === 0 ? [] : ['--node-args', config.nodeArgs.join(' ')]),
    config.script,
    ...config.scriptArgs,
  ];
  const deploy = [...naught, 'deploy', '--cwd', config.cwd, ...(deployTimeout === null ? [] : ['--timeout', String(deployTimeout)]), config.ipcFile];
  const stop = [...naught, 'stop', ...(stopTimeout === null ? [] : ['--timeout', String(stopTimeout)]), config.ipcFile];

  const lines = [
    `# A systemd unit for naught-core ${packageVersion()}, printed by \`naught systemd-unit\`.`,
    '# Save it as /etc/systemd/system/NAME.service, then: systemctl daemon-reload && systemctl enable --now NAME',
    '# `systemctl reload NAME` deploys and fails if the deploy fails; `systemctl stop NAME` stops gracefully.',
    '',
    '[Unit]',
    `Description=${escapeSpecifiers(description)}`,
    'After=network.target',
    '',
    '[Service]',
    'Type=simple',
    ...(user === undefined ? [] : [`User=${user}`]),
    `WorkingDirectory=${escapeSpecifiers(config.cwd)}`,
    ...environment.map(formatEnvironment),
    `ExecStart=${formatCommandLine(start)}`,
    `ExecReload=${formatCommandLine(deploy)}`,
    `ExecStop=${formatCommandLine(stop)}`,
    // Only naught gets SIGTERM: it stops the workers gracefully (the default would signal them all at once).
    'KillMode=mixed',
    'Restart=on-failure',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
  ];
  printText('stdout', `${lines.join('\n')}\n`);
  return 0;
}
