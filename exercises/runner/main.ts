/**
 * The exercises' command line:
 *   check N   run exercise N's checks against your file (make exercise N, npm run exercise -- N)
 *   progress  which exercises pass (make progress, npm run progress)
 *   verify    CI's proof: every reference solution passes, every starter fails (make test-exercises)
 */
import { findExercise, listExercises, UsageError } from './exercises';
import { formatCheckRun } from './report';
import { runChecks } from './run-checks';
import { showProgress } from './progress';
import { verifyAll } from './verify';

const USAGE = 'usage: make exercise N | make progress | make test-exercises  (runner: main.ts check N | progress | verify)';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check': {
      if (rest.length !== 1 || rest[0] === '') throw new UsageError(`give one exercise number, e.g. \`make exercise 3\` or \`npm run exercise -- 3\``);
      const run = await runChecks(findExercise(rest[0] as string), 'learner');
      console.log(formatCheckRun(run));
      return run.passed ? 0 : 1;
    }
    case 'progress':
      return showProgress(listExercises());
    case 'verify':
      return verifyAll(listExercises());
    default:
      throw new UsageError(USAGE);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`exercise: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
