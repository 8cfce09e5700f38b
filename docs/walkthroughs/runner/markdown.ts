/**
 * Reading the blocks: the fenced code blocks of a markdown file, and a shell
 * block's commands with the output the text gives each (the format is
 * docs/walkthroughs/README.md, "What a block holds").
 */
import * as fs from 'node:fs';
import { normalizeLines } from './match';

export interface FencedBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The first word of the info string (`sh`, `js`, ...). */
  language: string;
  /** The rest of the info string: `walkthrough`, `check myapp`, `no-check REASON`, ... */
  tags: string;
  body: string;
}

export interface WalkthroughStep {
  command: string;
  /** What the text says the command prints (normalized); null when the block shows no output at all (a list of commands). */
  expected: string[] | null;
}

export interface StepResult {
  command: string;
  output: string;
  exitCode: number;
}

/** Every fenced code block of a markdown file (``` or ~~~, longer fences enclosing shorter ones), with where it starts. */
export function readFencedBlocks(markdownPath: string): FencedBlock[] {
  const lines = fs.readFileSync(markdownPath, 'utf8').split('\n');
  const blocks: FencedBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*(\S*)\s*(.*)$/.exec(lines[index] as string);
    if (open === null) continue;
    const [, indent = '', fence = '', language = '', tags = ''] = open;
    const isClosing = (line: string): boolean => {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      return close !== null && (close[1] as string)[0] === fence[0] && (close[1] as string).length >= fence.length;
    };
    let end = index + 1;
    while (end < lines.length && !isClosing(lines[end] as string)) end += 1;
    const body = lines.slice(index + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()));
    blocks.push({ line: index + 1, language, tags: tags.trim(), body: body.join('\n') });
    index = end;
  }
  return blocks;
}

/** A shell block's commands and, for each, the lines the text says it prints. */
export function parseSession(body: string): WalkthroughStep[] {
  const lines = body.split('\n');
  if (!lines.some((line) => line.startsWith('$ '))) {
    return lines
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((command) => ({ command, expected: null }));
  }
  const steps: Array<{ command: string; expected: string[] }> = [];
  for (const line of lines) {
    const current = steps[steps.length - 1];
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] });
    else if (current !== undefined) current.expected.push(line);
    else if (line.trim() !== '') throw new Error(`output before the first command: ${line}`);
  }
  return steps.map((step) => ({ command: step.command, expected: normalizeLines(step.expected) }));
}
