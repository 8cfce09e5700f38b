/**
 * `make ch06` ends here: the figures of the README's comparison table,
 * measured on your machine by ../measure.ts (about a minute). Progress goes
 * to stderr; the JSON and then the markdown table to stdout.
 */
import { main } from '../measure';

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
