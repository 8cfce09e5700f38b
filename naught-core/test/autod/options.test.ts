// Typed options: wrong types are refused at the call, before anything is
// spawned; booleans reach the daemon as booleans; the 107-byte socket path
// limit is checked up front. The @ts-expect-error lines are checked by the
// repository's typecheck: the compiler refuses those calls too.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { autod, AutodOptionsError, connectAutod, listenAutod, type AutodOptions } from '../../src/autod';
import { decodeDaemonConfig, resolveAutodOptions } from '../../src/autod/options';
import { daemonConfig } from '../../src/autod/spawn-daemon';
import { COUNTER, type CounterApi } from './support';

const base = { rpcfile: COUNTER, sockfile: '/tmp/autod-options-test.sock', methods: ['add'] };

function refused(options: unknown, option: string, message: RegExp): void {
  assert.throws(
    () => autod(options as AutodOptions),
    (error: unknown) => {
      assert.ok(error instanceof AutodOptionsError, String(error));
      assert.equal(error.option, option);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('auto-daemon: typed options', () => {
  it('refuses a string where a boolean belongs, "false" included', () => {
    refused({ ...base, exit: 'false' }, 'exit', /must be true or false, not the string "false"/);
    refused({ ...base, autoclose: 'yes' }, 'autoclose', /must be true or false/);
    refused({ ...base, debug: 1 }, 'debug', /not number/);
  });

  it('refuses missing or malformed required options', () => {
    refused({ sockfile: base.sockfile, methods: ['add'] }, 'rpcfile', /is required/);
    refused({ rpcfile: COUNTER, methods: ['add'] }, 'sockfile', /is required/);
    refused({ rpcfile: COUNTER, sockfile: base.sockfile }, 'methods', /is required/);
    refused({ ...base, methods: ['add', 'add:s'] }, 'methods', /lists a method twice/);
    refused({ ...base, methods: ['no spaces'] }, 'methods', /not a method name/);
    refused({ ...base, args: ['ok', 2] }, 'args', /array of strings/);
    refused({ ...base, autocloseDelayMs: -1 }, 'autocloseDelayMs', /milliseconds/);
    refused({ ...base, env: 'PATH=/bin' }, 'env', /must be an object/);
  });

  it('refuses a socket path longer than 107 bytes before spawning anything', () => {
    const long = path.join('/tmp', 'd'.repeat(100), 'counter.sock');
    refused({ ...base, sockfile: long }, 'sockfile', /is 118 bytes long; a unix socket path can have at most 107/);
    assert.throws(() => listenAutod(() => ({}), { sockfile: long }), AutodOptionsError);
    assert.throws(() => void connectAutod({ sockfile: long, methods: [] }), AutodOptionsError);
  });

  it('resolves defaults, and the daemon receives booleans as booleans', () => {
    const resolved = resolveAutodOptions({ ...base, sockfile: 'relative.sock', exit: false });
    assert.equal(resolved.sockfile, path.resolve('relative.sock'), 'paths are made absolute where the client runs');
    assert.equal(resolved.pidfile, `${path.resolve('relative.sock')}.pid`);
    assert.equal(resolved.autoclose, false);
    assert.equal(resolved.exit, false);
    assert.equal(resolved.autocloseDelayMs, 1000);
    assert.equal(resolved.execPath, process.execPath);
    assert.deepEqual(resolved.execArgv, process.execArgv, 'like fork(): the daemon gets this process its node options');
    const argument = JSON.stringify(daemonConfig(resolved));
    const decoded = decodeDaemonConfig(argument);
    assert.equal(decoded.exit, false);
    assert.equal(typeof decoded.exit, 'boolean');
    assert.equal(decoded.autoclose, false);
  });

  it('the methods list is checked by the compiler against the interface type', () => {
    const typed: AutodOptions<CounterApi> = { rpcfile: COUNTER, sockfile: base.sockfile, methods: ['add', 'get', 'tail:s'] };
    assert.ok(typed);
    // @ts-expect-error -- `nope` is not a method of CounterApi
    const unknownMethod: AutodOptions<CounterApi> = { ...typed, methods: ['nope'] };
    // @ts-expect-error -- `tail` returns a stream: it must be listed as 'tail:s'
    const streamWithoutSuffix: AutodOptions<CounterApi> = { ...typed, methods: ['tail'] };
    // @ts-expect-error -- `add` is not a stream method
    const plainWithSuffix: AutodOptions<CounterApi> = { ...typed, methods: ['add:s'] };
    // @ts-expect-error -- exit is a boolean
    const stringExit: AutodOptions<CounterApi> = { ...typed, exit: 'false' };
    assert.ok(unknownMethod && streamWithoutSuffix && plainWithSuffix && stringExit);
  });
});
