/* global console */
// Fails before any line runs: Node cannot see an export named `add` in computed.cjs.
import { add } from './computed.cjs';

console.log(add(1, 3));
