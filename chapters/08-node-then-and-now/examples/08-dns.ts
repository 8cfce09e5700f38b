/**
 * dns.resolve4 and dns.reverse with events.Promise (2009) and dns/promises
 * (today), against a tiny DNS server started here on 127.0.0.1: no query
 * leaves the machine.
 */
import * as dnsNow from 'node:dns/promises';
import { section } from '../lib/sections';
import { startTinyDns } from '../lib/tiny-dns-server';
import * as dns from '../then/dns';
import * as sys from '../then/sys';

const ZONE = {
  a: { 'www.example.test': ['192.0.2.10', '192.0.2.11'] },
  ptr: { '10.2.0.192.in-addr.arpa': 'www.example.test' }, // 192.0.2.11 has no PTR record
};

// ---- 2009 ------------------------------------------------------------------
function then2009(done: () => void): void {
  const resolution = dns.resolve4('www.example.test');

  resolution.addCallback(function (addresses, ttl) {
    sys.puts('addresses: ' + JSON.stringify(addresses));
    sys.puts('ttl: ' + JSON.stringify(ttl));

    let pending = addresses.length;
    // The 2009 sample looped with `for (var i ...) { var a = addresses[i]; ... }`: every callback then
    // saw the LAST address, `var` being scoped to the function. forEach gives each callback its own `a`.
    addresses.forEach(function (a) {
      const reversing = dns.reverse(a);
      reversing.addCallback(function (domains) {
        sys.puts('reverse for ' + a + ': ' + JSON.stringify(domains));
        if (--pending === 0) unknown();
      });
      reversing.addErrback(function (code) {
        sys.puts('reverse for ' + a + ' failed: ' + code);
        if (--pending === 0) unknown();
      });
    });
  });

  resolution.addErrback(function (_code, msg) {
    sys.puts('error: ' + msg);
    done();
  });

  function unknown(): void {
    dns.resolve4('nowhere.example.test').addErrback(function (code) {
      sys.puts('nowhere.example.test: ' + code + (code === dns.NXDOMAIN ? ' (NXDOMAIN: no such name)' : ''));
      done();
    });
  }
}

// ---- today -----------------------------------------------------------------
async function now(server: string): Promise<void> {
  const resolver = new dnsNow.Resolver();
  resolver.setServers([server]);

  const records = await resolver.resolve4('www.example.test', { ttl: true });
  const addresses = records.map((record) => record.address);
  console.log(`addresses: ${JSON.stringify(addresses)}`);
  console.log(`ttl: ${JSON.stringify(Math.min(...records.map((record) => record.ttl)))}`);

  await Promise.all(
    addresses.map(async (a) => {
      try {
        console.log(`reverse for ${a}: ${JSON.stringify(await resolver.reverse(a))}`);
      } catch (error) {
        console.log(`reverse for ${a} failed: ${(error as NodeJS.ErrnoException).code}`);
      }
    }),
  );

  try {
    await resolver.resolve4('nowhere.example.test');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.log(`nowhere.example.test: ${code}${code === dnsNow.NOTFOUND ? ' (NXDOMAIN: no such name)' : ''}`);
  }
}

void (async () => {
  const tiny = await startTinyDns(ZONE);
  const server = `127.0.0.1:${tiny.port}`;
  try {
    section('then', 'dns.resolve4, dns.reverse, addCallback/addErrback (then/dns.ts)');
    dns.setServers([server]); // not 2009 API: 2009 asked the servers of /etc/resolv.conf
    await new Promise<void>((resolve) => then2009(resolve));
    section('now', 'dns/promises: new Resolver(), setServers, resolve4, reverse');
    await now(server);

    section('changed', 'lookup() is not resolve()');
    const { address, family } = await dnsNow.lookup('localhost', { family: 4 });
    console.log(`lookup('localhost') asks the system (getaddrinfo, /etc/hosts): ${address}, IPv${family}`);
  } finally {
    await tiny.close();
  }
})();
