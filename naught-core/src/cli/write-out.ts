/** Writing a command's output to stdout with backpressure: a slow reader (a pager, a pipe) slows the command, not its memory. */

let guarded = false;

/** Resolves once `data` has been written to stdout; rejects if stdout is closed (EPIPE: `naught logs -f | head`). */
export function writeOut(data: Buffer): Promise<void> {
  if (!guarded) {
    // The failure is reported to the write's callback; without a listener it would also be thrown as an 'error' event.
    process.stdout.on('error', () => undefined);
    guarded = true;
  }
  if (data.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    process.stdout.write(data, (error) => (error ? reject(error) : resolve()));
  });
}
