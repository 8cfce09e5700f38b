// What a bench worker tells the bench, as JSON lines appended to the file named
// by BENCH_EVENTS (nothing when it is unset): 'online' when it starts serving,
// with its own boot time, and 'crash' just before a crash on purpose. Each
// line is one small O_APPEND write, so lines of several workers never mix.
'use strict';
const fs = require('node:fs');

/** Milliseconds since 1970 with sub-millisecond precision, comparable across processes. */
function now() {
  return performance.timeOrigin + performance.now();
}

function record(type, extra) {
  const file = process.env.BENCH_EVENTS;
  if (!file) return;
  fs.appendFileSync(file, JSON.stringify({ type, pid: process.pid, t: now(), ...extra }) + '\n');
}

/** The worker serves: bootMs is its own boot time (process start to listening). */
function online() {
  record('online', { bootMs: process.uptime() * 1000 });
}

module.exports = { now, record, online };
