// Runs naught in the foreground as a child and follows its events.
const { fork } = require('node:child_process');
const naughtCli = require.resolve('naught-core/dist/cli/main.js');
const child = fork(naughtCli, ['start', '--daemon-mode', 'false', '--worker-count', '2', 'server.js']);
child.on('message', (message) => {
  console.log(JSON.stringify(message));
  if (message.event === 'Ready' && message.waitingFor === null) child.kill('SIGTERM');
});
child.on('exit', (code) => console.log(`naught exited with code ${code}`));
