// An ES module with top-level await: its evaluation is asynchronous.
export const ready = await Promise.resolve('ready');
