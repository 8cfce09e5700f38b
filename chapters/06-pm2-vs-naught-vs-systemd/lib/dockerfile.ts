/**
 * Reads a Dockerfile's structure: its instructions and build stages. No
 * docker engine runs on the machines this repository is tested on, so the
 * image is never built here; this only lets a test check what can be checked
 * without building (the stages, the paths it copies, USER, CMD...).
 *
 * It follows the Dockerfile reference for what the chapter's Dockerfile
 * uses: comment lines, parser directives, `\` line continuations, JSON (exec)
 * form and shell form arguments, flags such as --from=.
 */
export interface Instruction {
  /** Upper-cased: FROM, RUN, COPY... */
  keyword: string;
  /** Everything after the keyword, continuations joined. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

export interface Stage {
  /** The image it starts from. */
  base: string;
  /** The AS name, or null. */
  name: string | null;
  index: number;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  let pending: { keyword: string; parts: string[]; line: number } | null = null;
  let directivesAllowed = true;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) {
      // A parser directive (# syntax=...) counts only before anything else; either way it is not an instruction.
      if (!(directivesAllowed && /^#\s*\w+\s*=/.test(trimmed))) directivesAllowed = false;
      return;
    }
    if (trimmed === '') {
      directivesAllowed = false;
      return;
    }
    directivesAllowed = false;
    const continues = trimmed.endsWith('\\');
    const content = continues ? trimmed.slice(0, -1).trim() : trimmed;
    if (pending === null) {
      const match = /^([A-Za-z]+)(?:\s+(.*))?$/.exec(content);
      if (match === null) throw new Error(`line ${index + 1}: not an instruction: ${raw}`);
      pending = { keyword: (match[1] as string).toUpperCase(), parts: [match[2] ?? ''], line: index + 1 };
    } else {
      pending.parts.push(content);
    }
    if (!continues) {
      instructions.push({ keyword: pending.keyword, args: pending.parts.filter(Boolean).join(' '), line: pending.line });
      pending = null;
    }
  });
  if (pending !== null) throw new Error('the Dockerfile ends in the middle of a continued line');
  return instructions;
}

export function stagesOf(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (match === null) throw new Error(`line ${instruction.line}: unexpected FROM ${instruction.args}`);
      stages.push({ base: match[1] as string, name: match[2] ?? null, index: stages.length, instructions: [] });
    } else {
      const stage = stages[stages.length - 1];
      if (stage === undefined) {
        if (instruction.keyword === 'ARG') continue; // ARG may come before the first FROM
        throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      }
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** The JSON array of an exec-form instruction (CMD ["node", "server.js"]), or null for the shell form. */
export function execForm(args: string): string[] | null {
  if (!args.trim().startsWith('[')) return null;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error(`not an array of strings: ${args}`);
  return parsed as string[];
}

/** Splits off the leading --flag=value options of COPY, HEALTHCHECK and the like. */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args.trim();
  for (;;) {
    const match = /^--([\w-]+)=(\S+)\s+/.exec(rest);
    if (match === null) return { flags, rest };
    flags[match[1] as string] = match[2] as string;
    rest = rest.slice(match[0].length);
  }
}

/** ENV NAME=value NAME2=value2 (no quoting, as in the chapter's Dockerfile). */
export function envOf(instructions: Instruction[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const instruction of instructions.filter((i) => i.keyword === 'ENV')) {
    for (const assignment of instruction.args.split(/\s+/).filter(Boolean)) {
      const equals = assignment.indexOf('=');
      if (equals <= 0 || /["']/.test(assignment)) throw new Error(`line ${instruction.line}: unsupported ENV form: ${instruction.args}`);
      environment[assignment.slice(0, equals)] = assignment.slice(equals + 1);
    }
  }
  return environment;
}
