/**
 * sys.puts, sys.print, sys.debug, sys.inspect (2009) and console.log,
 * process.stdout.write, console.error, util.inspect (today).
 */
import * as util from 'node:util';
import { section } from '../lib/sections';
import * as sys from '../then/sys';

const record = { name: 'ryan', languages: ['C', 'JavaScript'], year: 2009 };

section('then', 'sys.puts, sys.print, sys.debug, sys.inspect (then/sys.ts)');
sys.puts('Hello World');
sys.print('no newline here, ');
sys.puts('the newline comes with puts');
sys.puts(sys.inspect(record));
sys.debug('this goes to stderr'); // DEBUG: this goes to stderr (on stderr)

section('now', 'console.log, process.stdout.write, console.error, util.inspect');
console.log('Hello World');
process.stdout.write('no newline here, ');
console.log('the newline comes with puts');
console.log(util.inspect(record)); // console.log(record) alone does the same: it formats objects with util.inspect
console.error('DEBUG: this goes to stderr');

section('changed', "require('sys') today");
const todaysSys = process.getBuiltinModule('sys') as Record<string, unknown>; // prints a DEP0025 warning on stderr
console.log(`sys is util: ${todaysSys === process.getBuiltinModule('util')}`);
console.log(`typeof sys.puts: ${typeof todaysSys.puts}`);
console.log(`typeof sys.inspect: ${typeof todaysSys.inspect}`);
