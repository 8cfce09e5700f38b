// The callback-order experiment as the main module of a plain CommonJS
// program. 03-callback-order.ts runs it with `node` in fresh processes;
// run it yourself with: node chapters/01-event-loop/examples/order-main-module.js
'use strict';
const fs = require('node:fs');

const order = [];
fs.readFile(__filename, () => order.push('io'));
setImmediate(() => order.push('immediate'));
setTimeout(() => order.push('timeout'), 0);
Promise.resolve().then(() => order.push('promise'));
process.nextTick(() => order.push('nextTick'));
order.push('sync');

process.on('exit', () => console.log(order.join(' ')));
