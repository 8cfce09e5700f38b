// The app as pm2's documentation asks for cluster mode with wait_ready:
// process.send('ready') once listening, and a graceful exit on SIGINT (the
// signal `pm2 reload` and `pm2 stop` send) with `server.close()`.
'use strict';
const { createApp, port } = require('./app');
const events = require('./events');

const server = createApp().listen(port(), '127.0.0.1', () => {
  events.online();
  if (process.send) process.send('ready');
});

process.on('SIGINT', () => {
  server.close((error) => process.exit(error ? 1 : 0));
});
