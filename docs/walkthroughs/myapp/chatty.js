'use strict';
// Writes 100 lines of 49 bytes to stdout, then comes online.
for (let i = 1; i <= 100; i += 1) console.log(`line ${String(i).padStart(3)} ${'x'.repeat(39)}`);
process.send('online');
process.on('message', (message) => {
  if (message === 'shutdown') process.exit(0);
});
setInterval(() => {}, 1000);
