/* global __NAUGHT_CORE__, __RELEASE__ -- placeholders that run-demo.ts replaces */
// A sample server for the naught-core demo. The demo writes it into a
// temporary directory with the release number and the library path filled in.
const http = require('node:http');
const naught = require(__NAUGHT_CORE__);

const RELEASE = __RELEASE__;
const server = http.createServer((request, response) => {
  response.setHeader('content-type', 'text/plain');
  response.end(`Hello from release ${RELEASE} (worker ${naught.workerIndex()}, pid ${process.pid})\n`);
});

naught.handleShutdown(server); // on 'shutdown': finish every request, then exit
naught.guardCrashes(server); // on a crash: 'offline', finish, exit 1
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`release ${RELEASE} listening on 127.0.0.1:${process.env.PORT}`);
  naught.online();
});
