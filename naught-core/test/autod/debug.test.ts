// `debug`: the daemon's stdout and stderr reach the client that spawned it,
// for as long as that client runs; once it has gone, the daemon's writes into
// the closed pipes must not crash it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { isAlive, waitFor } from '../helpers/naught';
import { COUNTER, assertLibraryBuilt, startClient, useAutodSandbox, waitForExit } from './support';

describe('auto-daemon: debug forwarding', function () {
  this.timeout(30_000);
  const ctx = useAutodSandbox();
  before(assertLibraryBuilt);

  it("forwards the daemon's stdout and stderr to the client while it runs, and survives the client's exit", async () => {
    const options = { rpcfile: COUNTER, sockfile: ctx.sockfile, methods: ['log', 'close'], cwd: ctx.sandbox.dir, debug: true };
    const client = startClient({ options, calls: [['log', 'hello']], hold: true }, ctx.sandbox.dir, { AUTOD_TEST_SAY: 'loading' });
    ctx.track(client.child.pid);
    await waitFor(() => client.stdout.includes('holding\n'), 15_000, 'the client to make its call');
    await waitFor(() => client.stdout.includes('daemon log: hello\n') && client.stderr.includes('daemon error log: hello\n'), 10_000, "the daemon's output in the client's").catch(() => {
      throw new Error(`not forwarded\nstdout: ${client.stdout}\nstderr: ${client.stderr}`);
    });
    assert.ok(client.stdout.includes('stdout: loading\n'), 'what the interface module printed while loading is there too');
    assert.ok(client.stderr.includes('stderr: loading\n'));
    const daemon = Number(fs.readFileSync(`${ctx.sockfile}.pid`, 'utf8'));
    ctx.track(daemon);
    // node's stdio pipes are unix socket pairs
    assert.match(fs.readlinkSync(`/proc/${daemon}/fd/1`), /^socket:/, "the daemon's stdout is connected to the client");

    client.child.stdin?.end(); // the client disconnects and exits
    const done = await client.done;
    assert.equal(done.code, 0);

    // The daemon now writes into pipes nobody reads: it must carry on.
    const later = await startClient({ options: { ...options, debug: false }, calls: [['log', 'after'], ['log', 'again']] }, ctx.sandbox.dir).done;
    assert.equal(later.code, 0, JSON.stringify(later.summary));
    assert.deepEqual(later.summary.results, [2, 3]);
    assert.equal(later.summary.daemonPid, daemon);
    assert.ok(isAlive(daemon), 'the daemon survived writing into closed pipes');

    const close = await startClient({ options: { ...options, debug: false }, calls: [['close']] }, ctx.sandbox.dir).done;
    assert.deepEqual(close.summary.results, ['closing']);
    await waitForExit(daemon, 'the daemon to exit after close()');
  });
});
