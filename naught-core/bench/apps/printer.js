// A worker that prints as fast as it can, for the log pipeline scenario.
// Once online, it writes BENCH_PRINT_BYTES bytes of numbered lines (28 to 173
// bytes each) to stdout in blocks of whole lines, then a last line
// "END <count>". The events file gets 'print-start' and 'print-end'. It exits
// on 'shutdown'.
'use strict';
const naught = require('naught-core');
const events = require('./events');

const total = Number(process.env.BENCH_PRINT_BYTES);
const BLOCK = 64 * 1024;

function print() {
  let seq = 0;
  let bytes = 0;
  events.record('print-start');
  while (bytes < total) {
    const lines = [];
    let size = 0;
    while (size < BLOCK && bytes + size < total) {
      const line = `line ${seq} ${'x'.repeat(20 + ((seq * 37) % 140))}\n`;
      lines.push(line);
      size += line.length;
      seq += 1;
    }
    // stdout is a pipe to the daemon: a synchronous write on Linux, so the pace is the reader's.
    process.stdout.write(lines.join(''));
    bytes += size;
  }
  process.stdout.write(`END ${seq}\n`);
  events.record('print-end', { lines: seq, bytes });
}

naught.onShutdown(() => process.exit(0));
naught.online();
events.online();
setImmediate(print);
setInterval(() => {}, 60_000);
