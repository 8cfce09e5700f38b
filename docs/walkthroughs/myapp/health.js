'use strict';
// One line per worker, for a health page or a monitoring check.
const naught = require('naught-core');

naught.getStatusDetail().then((detail) => {
  for (const worker of detail.workers) {
    const mib = (worker.rssBytes / 1024 / 1024).toFixed(1);
    console.log(`worker ${worker.index}: pid ${worker.pid}, ${worker.state}, up ${worker.uptimeSeconds} s, ${worker.restarts} restarts, ${mib} MiB`);
  }
});
