/**
 * Records the order in which four kinds of callbacks run: code that runs now,
 * process.nextTick, a resolved promise, and setTimeout(0). Shared by Node
 * (examples/05-browser.ts) and the page (browser/page.ts), where `process`
 * is browserify's stand-in.
 */
export function observeOrder(): Promise<string[]> {
  const order: string[] = [];
  return new Promise((resolve) => {
    process.nextTick(() => order.push('nextTick'));
    void Promise.resolve().then(() => order.push('promise'));
    setTimeout(() => {
      order.push('setTimeout');
      resolve(order);
    }, 0);
    order.push('sync');
  });
}
