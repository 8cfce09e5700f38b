// Ten `naught start --remove-old-ipc true` racing over the stale socket of a daemon killed with SIGKILL (a
// supervisor and an operator restarting a crashed server at once): exactly one daemon, no orphan from the others.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { collect, descendantsOf, httpGet, isAlive, processesWithCwdUnder, spawnNaught, useSandbox, waitFor } from '../test/helpers/naught';
import { bootLines, text } from '../test/helpers/expected-output';
import { daemonPid, describeProcesses, waitForDeath } from '../test/helpers/processes';
import { byNumber, listeningSocketOwners, STATUS_TEXT } from '../test/helpers/fixes-helpers';
import { recordOutcome } from './helpers/record';
import { assertDaemonServes, startServer, stopClean } from './helpers/fb-daemon';

const WORKERS = 2;
const RACERS = 10;

describe('racing starts over a stale socket', function () {
  this.timeout(120_000);
  const ctx = useSandbox();

  it(`${RACERS} concurrent starts with --remove-old-ipc true after a SIGKILL: one daemon, ${RACERS - 1} report it, nothing orphaned`, async () => {
    ctx.sandbox.useFixture('fix-http.js');
    const env = { PORT: String(ctx.port) };
    const killed = await startServer(ctx.sandbox, WORKERS, env);
    const killedWorkers = descendantsOf(killed);
    process.kill(killed, 'SIGKILL');
    await waitForDeath([killed, ...killedWorkers], 'the killed daemon and its workers to go');
    assert.ok(fs.lstatSync(ctx.sandbox.path('naught.ipc')).isSocket(), 'the killed daemon left its socket behind');

    const racers = Array.from({ length: RACERS }, () =>
      spawnNaught(['start', '--remove-old-ipc', 'true', '--worker-count', String(WORKERS), 'server.js'], { cwd: ctx.sandbox.dir, env }),
    );
    const results = await Promise.all(racers.map((child) => collect(child, 90_000, ['start'])));
    const daemon = daemonPid(ctx.sandbox);

    const removing = `unable to connect to ipc-file \`naught.ipc\`\n\nremoving the ipc-file and attempting to continue\n`;
    assert.ok(results.some((result) => result.stderr.startsWith(removing)), 'a racer found the stale socket and removed it');
    const winners = results.filter((result) => result.code === 0);
    assert.equal(winners.length, 1, `exactly one start wins:\n${JSON.stringify(results, null, 1)}`);
    // The winner either removed the stale socket itself, or arrived just after another racer had
    // removed it (and lost the race to listen): then it found nothing stale and simply booted.
    const winnerStderr = winners[0]?.stderr.startsWith(removing) === true ? removing + text(...bootLines(WORKERS)) : text(...bootLines(WORKERS));
    assert.deepStrictEqual(winners[0], { stdout: `workers online: ${WORKERS}\n`, stderr: winnerStderr, code: 0, signal: null });
    const losers = results.filter((result) => result !== winners[0]);
    for (const loser of losers) {
      assert.equal(loser.code, 1, JSON.stringify(loser));
      assert.match(loser.stdout, STATUS_TEXT, `a loser prints the running server's status: ${JSON.stringify(loser)}`);
      // A loser may also have seen the stale socket before the winner replaced it.
      assert.ok(loser.stderr === '' || loser.stderr === removing, `a loser's stderr: ${JSON.stringify(loser.stderr)}`);
    }

    assert.ok(isAlive(daemon), `the pid file names ${daemon}, which runs`);
    assert.deepStrictEqual(listeningSocketOwners(ctx.sandbox.path('naught.ipc')), [daemon], 'the daemon named by the pid file owns the socket');
    const expected = (): string => JSON.stringify([daemon, ...descendantsOf(daemon)].sort(byNumber));
    await waitFor(() => JSON.stringify(processesWithCwdUnder(ctx.sandbox.dir).sort(byNumber)) === expected(), 10_000, 'only the winner and its workers').catch(() => {
      throw new Error(`processes in the sandbox:\n${describeProcesses(processesWithCwdUnder(ctx.sandbox.dir))}\nexpected ${expected()}`);
    });
    assert.equal(descendantsOf(daemon).length, WORKERS);
    assert.ok(descendantsOf(daemon).includes(Number((await httpGet(ctx.port, '/pid')).body)), 'the winner’s workers serve');
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'race',
      fault: `${RACERS} concurrent start --remove-old-ipc true`,
      point: 'stale socket after SIGKILL of the daemon',
      outcome: `1 daemon; ${losers.length} print the status text, exit 1; pid file and socket owner agree`,
      orphans: 0,
      figures: { racers: RACERS, winners: winners.length, losersThatSawStale: losers.filter((loser) => loser.stderr !== '').length },
    });
  });
});
