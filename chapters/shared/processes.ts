/** Process and port helpers shared by the chapters' tests and tools: naught-core's bench holds the one copy. */
export { freePort } from '../../naught-core/bench/processes';
