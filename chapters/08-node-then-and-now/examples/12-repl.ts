/**
 * A REPL inside a program: repl.start(prompt) and repl.scope (2009),
 * repl.start({ prompt, input, output }) and server.context (today). Both are
 * fed the same lines from a stream, and print the transcript.
 */
import { once } from 'node:events';
import * as repl from 'node:repl';
import { PassThrough } from 'node:stream';
import { section } from '../lib/sections';
import * as repl2009 from '../then/repl';
import * as sys from '../then/sys';

const PROMPT = 'simple server> ';
const INPUT = ['count * 2', '_ + 1', 'typeof require', 'count.toFixed(1)', 'missing'];

/** Feeds INPUT to a REPL reading `input`, ends the input (Control+D), returns what it printed. */
async function drive(server: repl.REPLServer, input: PassThrough, output: PassThrough): Promise<string> {
  let transcript = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (transcript += chunk));
  for (const line of INPUT) input.write(`${line}\n`);
  input.end();
  await once(server, 'exit');
  return transcript;
}

/** The transcript as a terminal shows it: each input line echoed after its prompt. */
function render(transcript: string): string {
  const [, ...answers] = transcript.split(PROMPT); // the REPL prints a prompt before each line it reads
  return answers.map((answer, i) => `${PROMPT}${INPUT[i] ?? '(end of input)'}\n${answer}`).join('').trimEnd();
}

async function then2009(): Promise<string> {
  const streams = { input: new PassThrough(), output: new PassThrough() };
  const count = 5;
  repl2009.scope.count = count; // 2009: expose a variable to the REPL
  const server = repl2009.start(PROMPT, streams); // 2009: repl.start("simple server> "), on stdin and stdout
  return drive(server, streams.input, streams.output);
}

async function now(): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  const server = repl.start({ prompt: PROMPT, input, output, terminal: false, useColors: false });
  server.context.count = 5; // today: the REPL's context object
  return drive(server, input, output);
}

void (async () => {
  section('then', 'repl.start(prompt), repl.scope (then/repl.ts)');
  sys.puts(render(await then2009()));
  section('now', 'repl.start({ prompt, input, output }), server.context');
  console.log(render(await now()));
})();
