// The app as naught's README asks (and as naught-core's manual, section 2.3,
// shows by hand): 'online' once listening, `server.close()` on 'shutdown'.
// Used under naught-core and under naught 1.6.0. No crash guard.
'use strict';
const { createApp, port } = require('./app');
const events = require('./events');

const server = createApp().listen(port(), '127.0.0.1', () => {
  events.online();
  if (process.send) process.send('online');
});

process.on('message', (message) => {
  if (message !== 'shutdown') return;
  server.close(() => process.exit(0));
  // Give open connections 10 s at most.
  setTimeout(() => process.exit(0), 10_000).unref();
});
