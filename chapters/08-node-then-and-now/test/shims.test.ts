/**
 * The other 2009 shims (then/*.ts), each against the real thing: files in a
 * temporary directory, child processes, sockets on 127.0.0.1, a DNS server
 * started here.
 */
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { startTinyDns, TinyDnsServer } from '../lib/tiny-dns-server';
import * as dns from '../then/dns';
import * as http2009 from '../then/http';
import * as posix from '../then/posix';
import { createChildProcess, mixin, process as process2009 } from '../then/process';
import querystring from '../then/querystring';
import * as repl2009 from '../then/repl';
import * as sys from '../then/sys';
import * as tcp from '../then/tcp';

/**
 * The 2009 ChildProcess's 'exit'. Not events.once(child, 'exit'): once() also
 * listens for 'error' and rejects on it, and this 'error' is 2009's stderr data.
 */
function exitOf(child: import('../then/process').ChildProcess): Promise<number> {
  return new Promise((resolve) => child.addListener('exit', resolve));
}

/** Resolves with the success arguments of an events.Promise, rejects with its error arguments. */
function settled<S extends unknown[], E extends unknown[]>(promise: { addCallback(f: (...values: S) => void): unknown; addErrback(f: (...values: E) => void): unknown }): Promise<S> {
  return new Promise((resolve, reject) => {
    promise.addCallback((...values) => resolve(values));
    promise.addErrback((...values) => reject(Object.assign(new Error('errback'), { values })));
  });
}

async function listening(server: http.Server | import('node:net').Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('chapter 8: the other 2009 shims', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch08-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('posix (then/posix.ts)', () => {
    it('writes, reads and lists files through events.Promises, on the worker thread', async () => {
      const file = path.join(dir, 'f.txt');
      const [fd] = await settled(posix.open(file, process2009.O_WRONLY | process2009.O_CREAT, 0o600));
      const [written] = await settled(posix.write(fd, 'héllo'));
      assert.equal(written, 6); // bytes, not characters
      await settled(posix.close(fd));
      assert.equal(fs.readFileSync(file, 'utf8'), 'héllo');
      const [readFd] = await settled(posix.open(file, process2009.O_RDONLY));
      assert.deepEqual(await settled(posix.read(readFd, 3, 0, 'latin1')), ['hÃ©', 3]); // one character per byte
      await settled(posix.close(readFd));
      await settled(posix.mkdir(path.join(dir, 'sub'), 0o755));
      const [names] = await settled(posix.readdir(dir));
      assert.deepEqual([...names].sort(), ['f.txt', 'sub']);
      const [stats] = await settled(posix.stat(path.join(dir, 'sub')));
      assert.equal(stats.isDirectory(), true);
      assert.ok(stats.mtime instanceof Date);
    });

    it('reports errors to the errback as an Error with the errno code (2009 passed no arguments)', async () => {
      const error = await new Promise<posix.PosixError>((resolve) => posix.unlink(path.join(dir, 'missing')).addErrback(resolve));
      assert.equal(error.code, 'ENOENT');
      assert.throws(() => posix.rmdir(path.join(dir, 'missing')).wait(), { code: 'ENOENT' });
    });

    it('wait() and callbacks can be mixed: operations run in the order they were issued', () => {
      const file = path.join(dir, 'order');
      fs.writeFileSync(file, 'x');
      const renamed = posix.rename(file, `${file}-2`);
      const stat = posix.stat(`${file}-2`); // issued after the rename: the one worker runs it after
      assert.equal(stat.wait().size, 1); // so the rename is done...
      assert.equal(renamed.hasFired, null); // ...but its callbacks wait for the event loop: wait() delivers only its own promise
      assert.equal(posix.cat(`${file}-2`).wait(), 'x');
      return settled(renamed);
    });
  });

  describe('sys (then/sys.ts)', () => {
    it('exec: (stdout, stderr) on success, (exit code, stdout, stderr) on failure', async () => {
      assert.deepEqual(await settled(sys.exec('printf out; printf err >&2')), ['out', 'err']);
      const failure = await new Promise<unknown[]>((resolve) => sys.exec('printf partial; exit 7').addErrback((...values) => resolve(values)));
      assert.deepEqual(failure, [7, 'partial', '']);
    });

    it('inspect is util.inspect', () => {
      assert.equal(sys.inspect({ a: [1, 2] }), '{ a: [ 1, 2 ] }');
    });
  });

  describe('process (then/process.ts)', () => {
    it("createChildProcess: 'output' chunks then null, stdin through write/close, 'exit' last", async () => {
      const child = createChildProcess('cat');
      const events: string[] = [];
      child.addListener('output', (data: string | null) => events.push(data === null ? 'output null' : `output ${JSON.stringify(data)}`));
      child.write('one\n');
      child.close();
      assert.equal(await exitOf(child), 0);
      assert.equal(events.at(-1), 'output null');
      assert.equal(events.slice(0, -1).map((event) => JSON.parse(event.slice(7)) as string).join(''), 'one\n');
    });

    it("stderr comes as 'error' events (strings); with no listener it does not throw, as today's 'error' would", async () => {
      const quiet = createChildProcess('sh', ['-c', 'echo oops >&2; exit 2']);
      assert.equal(await exitOf(quiet), 2);
      const heard = createChildProcess('sh', ['-c', 'echo oops >&2']);
      let stderr = '';
      heard.addListener('error', (data: string | null) => (stderr += data ?? ''));
      await exitOf(heard);
      assert.equal(stderr, 'oops\n');
    });

    it("today's events.once(child, 'exit') trips over 2009's 'error' event: it rejects with the stderr text", async () => {
      const child = createChildProcess('sh', ['-c', 'echo oops >&2']);
      await assert.rejects(once(child, 'exit'), (reason) => reason === 'oops\n');
      await exitOf(child);
    });

    it("a command that cannot start: the reason goes to the 'error' listeners, then 'exit' with -2 (ENOENT)", async () => {
      const child = createChildProcess('no-such-command-ch08');
      let stderr = '';
      child.addListener('error', (data: string | null) => (stderr += data ?? ''));
      child.write('nobody reads this\n');
      assert.equal(await exitOf(child), -2);
      assert.match(stderr, /spawn no-such-command-ch08 ENOENT/);
    });

    it('passes the environment it is given, and reports a killed child as 128 + the signal', async () => {
      const child = createChildProcess('sh', ['-c', 'printf "$GREETING"'], { ...process.env, GREETING: 'hi from env' });
      let output = '';
      child.addListener('output', (data: string | null) => (output += data ?? ''));
      await exitOf(child);
      assert.equal(output, 'hi from env');
      const sleeper = createChildProcess('sleep', ['30']);
      assert.ok(typeof sleeper.pid === 'number');
      sleeper.kill('SIGKILL');
      assert.equal(await exitOf(sleeper), 128 + 9);
    });

    it('mixin: shallow shares, deep copies (arrays too), undefined is skipped, inherited properties are copied', () => {
      const source = { list: [1, { deep: true }], nested: { a: 1 }, skipped: undefined as number | undefined };
      const shallow = mixin({ skipped: 5 }, source);
      assert.equal(shallow.nested, source.nested);
      assert.equal(shallow.skipped, 5);
      const deep = mixin(true, {}, source);
      assert.notEqual(deep.nested, source.nested);
      assert.deepEqual(deep.list, [1, { deep: true }]);
      assert.ok(Array.isArray(deep.list) && deep.list !== source.list && deep.list[1] !== source.list[1]);
      const inheriting = Object.create({ fromProto: 'yes' }) as { fromProto: string };
      assert.equal(mixin({}, inheriting).fromProto, 'yes');
    });

    it('mixin with one object extends the global object', () => {
      const name = `ch08_mixin_${process.pid}`;
      try {
        mixin({ [name]: 42 });
        assert.equal((globalThis as unknown as Record<string, unknown>)[name], 42);
      } finally {
        delete (globalThis as unknown as Record<string, unknown>)[name];
      }
    });
  });

  describe('http (then/http.ts)', () => {
    it("server: 'body' chunks and 'complete'; sendHeader, sendBody, finish; chunked like 2009", async () => {
      const server = http2009.createServer((request, response) => {
        let body = '';
        request.setBodyEncoding('utf8');
        request.addListener('body', (chunk: string) => (body += chunk));
        request.addListener('complete', () => {
          response.sendHeader(201, { 'Content-Type': 'text/plain', 'X-Method': request.method });
          response.sendBody(`got ${body}`, 'utf8');
          response.sendBody('!', 'utf8');
          response.finish();
        });
      });
      const port = await listening(server);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'PUT', body: 'döner' });
        assert.equal(response.status, 201);
        assert.equal(response.headers.get('x-method'), 'PUT');
        assert.equal(response.headers.get('transfer-encoding'), 'chunked');
        assert.equal(await response.text(), 'got döner!');
      } finally {
        server.close();
      }
    });

    it('sendBody before sendHeader, or sendHeader twice, throws; the default "ascii" encoding mangles non-ASCII text', async () => {
      const errors: string[] = [];
      const server = http2009.createServer((_request, response) => {
        try {
          response.sendBody('x');
        } catch (error) {
          errors.push((error as Error).message);
        }
        response.sendHeader(200, {});
        try {
          response.sendHeader(200, {});
        } catch (error) {
          errors.push((error as Error).message);
        }
        response.sendBody('café'); // 'ascii': one byte per character, é becomes 0xE9, not UTF-8
        response.finish();
      });
      const port = await listening(server);
      try {
        const bytes = Buffer.from(await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer());
        assert.deepEqual([...bytes], [0x63, 0x61, 0x66, 0xe9]);
        assert.deepEqual(errors, ['sendBody() must be called after sendHeader()', 'sendHeader() must only be called once on a message']);
      } finally {
        server.close();
      }
    });

    it("client: createClient, request(method, path, headers), sendBody, finish(listener), 'body' and 'complete'", async () => {
      const server = http.createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        req.on('end', () => res.writeHead(200, { 'X-Got': `${req.method} ${req.url} ${body}` }).end('answer'));
      });
      const port = await listening(server);
      try {
        const client = http2009.createClient(port, '127.0.0.1');
        const request = client.request('POST', '/path', { 'Content-Length': 4 });
        request.sendBody('ping');
        let body = '';
        const response = await new Promise<http2009.ClientResponse>((resolve) =>
          request.finish((response) => {
            // listen for the body inside the response callback: a tick later, part of it may be gone
            response.addListener('body', (chunk: string) => (body += chunk));
            response.addListener('complete', () => resolve(response));
          }),
        );
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers['x-got'], 'POST /path ping');
        assert.equal(response.client, client);
        assert.equal(body, 'answer');
      } finally {
        server.close();
      }
    });
  });

  describe('tcp (then/tcp.ts)', () => {
    it("readyState goes opening -> open -> readOnly -> closed; 'eof' on the peer's FIN; remoteAddress", async () => {
      const serverSide: string[] = [];
      const server = tcp.createServer((connection) => {
        connection.addListener('connect', () => serverSide.push(`connect from ${connection.remoteAddress}, ${connection.readyState}`));
        connection.addListener('eof', () => {
          serverSide.push(`eof, ${connection.readyState}`);
          connection.send('bye');
          connection.close();
        });
      });
      const port = await listening(server);
      try {
        const client = tcp.createConnection(port, '127.0.0.1');
        assert.equal(client.readyState, 'opening');
        await once(client, 'connect');
        assert.equal(client.readyState, 'open');
        let received = '';
        client.addListener('receive', (data: string) => (received += data));
        client.close();
        assert.equal(client.readyState, 'readOnly');
        const [hadError] = (await once(client, 'close')) as [boolean];
        assert.equal(hadError, false);
        assert.equal(client.readyState, 'closed');
        assert.equal(received, 'bye');
        assert.deepEqual(serverSide, ['connect from 127.0.0.1, open', 'eof, writeOnly']);
      } finally {
        server.close();
      }
    });

    it("a refused connection: no 'connect', and 'close' with had_error = true", async () => {
      const server = tcp.createServer(() => undefined);
      const port = await listening(server);
      server.close();
      await once(server, 'close');
      const client = tcp.createConnection(port, '127.0.0.1');
      let connected = false;
      client.addListener('connect', () => (connected = true));
      assert.deepEqual(await once(client, 'close'), [true]);
      assert.equal(connected, false);
    });
  });

  describe('dns (then/dns.ts) against a tiny DNS server on 127.0.0.1', () => {
    let tiny: TinyDnsServer;
    before(async () => {
      tiny = await startTinyDns(
        { a: { 'host.example.test': ['192.0.2.1', '192.0.2.2'] }, ptr: { '1.2.0.192.in-addr.arpa': 'host.example.test' } },
        { ttl: 120 },
      );
      dns.setServers([`127.0.0.1:${tiny.port}`]);
    });
    after(() => tiny.close());

    it('resolve4: (addresses, ttl, cname); reverse: (domains); the server saw the A and PTR questions', async () => {
      const [addresses, ttl, cname] = await settled(dns.resolve4('host.example.test'));
      assert.deepEqual(addresses, ['192.0.2.1', '192.0.2.2']);
      assert.equal(ttl, 120);
      assert.equal(cname, 'host.example.test');
      const [domains] = await settled(dns.reverse('192.0.2.1'));
      assert.deepEqual(domains, ['host.example.test']);
      assert.deepEqual(await settled(dns.resolve('1.2.0.192.in-addr.arpa', 'PTR')), [['host.example.test'], undefined, '1.2.0.192.in-addr.arpa']);
      assert.ok(tiny.questions.includes('A host.example.test'));
      assert.ok(tiny.questions.includes('PTR 1.2.0.192.in-addr.arpa'));
    });

    it('errbacks get (code, msg): NXDOMAIN for an unknown name, NODATA for a known name without that type', async () => {
      const nx = await new Promise<string[]>((resolve) => dns.resolve4('nope.example.test').addErrback((code, msg) => resolve([code, msg])));
      assert.equal(nx[0], dns.NXDOMAIN);
      assert.match(nx[1] as string, /ENOTFOUND nope\.example\.test/);
      const nodata = await new Promise<string>((resolve) => dns.resolve6('host.example.test').addErrback((code) => resolve(code)));
      assert.equal(nodata, dns.NODATA);
    });
  });

  describe('querystring (then/querystring.ts)', () => {
    it('stringifies and parses nested objects and arrays as 2009 did, and round-trips', () => {
      const object = { foo: 'bar', baz: { quux: 'asdf', oof: 'rab' }, boo: [1, 2, 3] };
      const text = querystring.stringify(object);
      assert.equal(text, 'foo=bar&baz%5Bquux%5D=asdf&baz%5Boof%5D=rab&boo%5B%5D=1&boo%5B%5D=2&boo%5B%5D=3');
      assert.deepEqual(querystring.parse(text), { foo: 'bar', baz: { quux: 'asdf', oof: 'rab' }, boo: ['1', '2', '3'] });
      assert.deepEqual(querystring.parse('a=1&a=2&q=node+js&s=a%20b'), { a: ['1', '2'], q: 'node js', s: 'a b' });
      assert.equal(querystring.stringify({ a: 'x' }, ';', ':'), 'a:x');
    });

    it('escape can be replaced, as in 2009; "__proto__[x]" does not pollute Object.prototype', () => {
      const original = querystring.escape;
      try {
        querystring.escape = (text: string) => text.toUpperCase();
        assert.equal(querystring.stringify({ a: 'b' }), 'A=B');
      } finally {
        querystring.escape = original;
      }
      const parsed = querystring.parse('__proto__%5Bpolluted%5D=yes&ok=1');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.deepEqual(parsed, { ok: '1' });
    });
  });

  describe('repl (then/repl.ts)', () => {
    it('start(prompt) sees repl.scope, evaluates the lines it reads, and closes at the end of input', async () => {
      const input = new PassThrough();
      const output = new PassThrough();
      let transcript = '';
      output.setEncoding('utf8').on('data', (chunk: string) => (transcript += chunk));
      repl2009.scope.answer = 42;
      const server = repl2009.start('> ', { input, output });
      input.end('answer + 1\n_ * 2\n');
      await once(server, 'exit');
      assert.equal(transcript, '> 43\n> 86\n> ');
    });
  });
});
