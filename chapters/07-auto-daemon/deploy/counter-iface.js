'use strict';
// The auto-daemon's rpc interface: one count for every worker, kept in the daemon's memory.
let count = 0;

module.exports = function createCounter(server) {
  return {
    add(n, reply) {
      count += n;
      reply(null, count);
    },
    stats(reply) {
      // server.refs: the connections open right now (one per worker)
      reply(null, { pid: process.pid, clients: server.refs });
    },
  };
};
