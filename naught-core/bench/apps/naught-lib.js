// The app under naught-core with its worker library: handleShutdown drains on
// 'shutdown' (keep-alive safe); with BENCH_GUARD=1, guardCrashes turns an
// uncaught exception into 'offline', a handover and a drain.
'use strict';
const naught = require('naught-core');
const { createApp, port } = require('./app');
const events = require('./events');

const server = createApp().listen(port(), '127.0.0.1', () => {
  events.online();
  naught.online();
});
naught.handleShutdown(server);
if (process.env.BENCH_GUARD === '1') {
  // The crash request never gets an answer; its client gives up after 2 s, so the drain ends by then.
  naught.guardCrashes(server, { log: (error) => console.error(`guard caught: ${error.message}`) });
}
