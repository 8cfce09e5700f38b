'use strict';
// Comes online, then ignores both 'shutdown' and SIGTERM.
process.on('SIGTERM', () => console.log('SIGTERM ignored'));
setInterval(() => {}, 1000);
process.send('online');
