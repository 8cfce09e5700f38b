/**
 * A child process for example 04: one way an 'error' event can go, chosen by
 * the first argument. The modes without an 'error' listener crash this process
 * on purpose, which is why it lives outside examples/*.ts (make ch02 runs those).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Counter } from '../01-counter-class';

const mode = process.argv[2];

function countTo3(counter: Counter): void {
  counter.on('incremented', (count: number) => console.log(`incremented to ${count}`));
  counter.increment();
  counter.increment();
  counter.increment(); // past max: 'error'
  console.log(`still running, count is ${counter.count}`);
}

async function saveSlowly(count: number): Promise<void> {
  await sleep(1); // pretend to write the count somewhere
  throw new Error(`could not save count ${count}`);
}

switch (mode) {
  case 'unhandled-error': {
    countTo3(new Counter(0, { max: 2 })); // no 'error' listener: emit() throws the RangeError
    break;
  }
  case 'unhandled-value': {
    const counter = new Counter(0);
    counter.emit('error', 'limit reached'); // not an Error object: Node wraps it in ERR_UNHANDLED_ERROR
    console.log('never printed');
    break;
  }
  case 'handled': {
    const counter = new Counter(0, { max: 2 });
    counter.on('error', (error: Error) => console.log(`'error' listener: ${error.name}: ${error.message}`));
    countTo3(counter);
    break;
  }
  case 'async-listener': {
    const counter = new Counter(0);
    counter.on('error', (error: Error) => console.log(`'error' listener: ${error.message}`)); // not enough:
    // The repository's lint rule flags an async listener for this very reason; this mode shows what it prevents.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the mistake on display
    counter.on('incremented', saveSlowly); // the rejected promise is not an 'error' event, it is an unhandled rejection
    counter.increment();
    break;
  }
  case 'captured': {
    const counter = new Counter(0, { captureRejections: true });
    counter.on('error', (error: Error) => console.log(`'error' listener: ${error.message}`));
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- captureRejections handles the promise
    counter.on('incremented', saveSlowly); // captureRejections: a rejection becomes an 'error' event
    counter.increment();
    break;
  }
  default:
    console.error(`unknown mode ${mode}`);
    process.exitCode = 2;
}
