// The app under bare `node`: one process, nothing in front of it.
'use strict';
const { createApp, port } = require('./app');
const events = require('./events');

const server = createApp().listen(port(), '127.0.0.1', () => events.online());
process.on('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
