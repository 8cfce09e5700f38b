'use strict';
// The chapter's Counter (examples/01-counter-class.ts) as plain JavaScript:
// naught-core starts workers with plain `node`, which runs no TypeScript.
const { EventEmitter } = require('node:events');

class Counter extends EventEmitter {
  #count;

  constructor(init = 0, options = {}) {
    super({ captureRejections: options.captureRejections });
    this.#count = init;
    this.step = options.step ?? 1;
    this.max = options.max ?? Infinity;
  }

  get count() {
    return this.#count;
  }

  increment() {
    const next = this.#count + this.step;
    if (next > this.max) {
      this.emit('error', new RangeError(`count ${next} would pass the limit of ${this.max}`));
      return this.#count;
    }
    this.#count = next;
    this.emit('incremented', next);
    return next;
  }
}

module.exports = { Counter };
