/**
 * The 2009 echo server, with the tcp module (then) and net (today): the
 * server greets, echoes what it receives, and says goodbye when the client
 * half-closes. A client of the same API drives it.
 */
import { once } from 'node:events';
import * as net from 'node:net';
import { section } from '../lib/sections';
import * as sys from '../then/sys';
import * as tcp from '../then/tcp';

function printTranscript(puts: (line: string) => void, transcript: string): void {
  for (const line of transcript.split('\r\n').filter((part) => part !== '')) puts(`client got: ${line}`);
}

// ---- 2009 ------------------------------------------------------------------
function then2009(done: () => void): void {
  const server = tcp.createServer(function (socket) {
    socket.setEncoding('utf8');
    socket.addListener('connect', function () {
      socket.send('hello\r\n');
    });
    socket.addListener('receive', function (data: string) {
      socket.send(data);
    });
    socket.addListener('eof', function () {
      socket.send('goodbye\r\n'); // the client only closed its half: we can still write
      socket.close();
    });
  });
  server.listen(0, '127.0.0.1', function () {
    const client = tcp.createConnection((server.address() as net.AddressInfo).port, '127.0.0.1');
    client.setEncoding('utf8');
    let transcript = '';
    client.addListener('receive', function (data: string) {
      transcript += data;
      if (transcript === 'hello\r\n') {
        client.send('ping\r\n');
        client.close(); // half-close: sends FIN, keeps reading
        sys.puts('client readyState after close(): ' + client.readyState);
      }
    });
    client.addListener('close', function (hadError: boolean) {
      printTranscript(sys.puts, transcript);
      sys.puts('closed, had_error: ' + hadError + ', readyState: ' + client.readyState);
      server.close();
      done();
    });
  });
}

// ---- today -----------------------------------------------------------------
async function now(): Promise<void> {
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.setEncoding('utf8');
    socket.write('hello\r\n'); // the listener runs once connected
    socket.on('data', (data: string) => socket.write(data));
    socket.on('end', () => socket.end('goodbye\r\n')); // 'end': the client's FIN; end() sends ours
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  const client = net.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1', allowHalfOpen: true });
  client.setEncoding('utf8');
  let transcript = '';
  client.on('data', (data: string) => {
    transcript += data;
    if (transcript === 'hello\r\n') {
      client.end('ping\r\n'); // write, then half-close
      console.log(`client readyState after close(): ${client.readyState}`);
    }
  });
  const [hadError] = (await once(client, 'close')) as [boolean];
  printTranscript((line) => console.log(line), transcript);
  console.log(`closed, had_error: ${hadError}, readyState: ${client.readyState}`);
  server.close();
}

void (async () => {
  section('then', "tcp.createServer, 'receive', 'eof', send, close (then/tcp.ts)");
  await new Promise<void>((resolve) => then2009(resolve));
  section('now', "net.createServer({ allowHalfOpen: true }), 'data', 'end', write, end");
  await now();
})();
