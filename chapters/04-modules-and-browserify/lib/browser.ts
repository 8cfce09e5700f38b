/**
 * A tiny static server on 127.0.0.1 and a headless Chromium that opens a page
 * from it and reads what the page's code wrote into its elements.
 *
 * Chromium is Debian's /usr/bin/chromium, driven by playwright-core (which
 * never downloads a browser of its own). Every run gets a fresh profile
 * folder, removed afterwards.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumInstalled(): boolean {
  return fs.existsSync(CHROMIUM);
}

export const CHROMIUM_MISSING = [
  `Chromium is not installed (${CHROMIUM} is missing); the browser examples need it.`,
  'Install it as root from the repository root with:  make ensure-chromium',
  '(that runs: apt-get update && apt-get install -y --no-install-recommends chromium)',
].join('\n');

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the given files (URL path -> file on disk) on 127.0.0.1, on a free port. */
export async function serveFiles(files: Record<string, string>): Promise<StaticServer> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (req.method !== 'GET' || file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PageReading {
  browserVersion: string;
  userAgent: string;
  /** The text of each element asked for, by id. */
  text: Record<string, string>;
  /** Uncaught errors and console.error messages of the page. */
  errors: string[];
}

/**
 * Opens `url` in headless Chromium, waits until the page's #status element no
 * longer says "running", and returns the text of the elements `ids`.
 */
export async function readPage(url: string, ids: string[]): Promise<PageReading> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ch04-chromium-'));
  // launchPersistentContext, because playwright refuses a --user-data-dir in args: the profile folder is its first argument.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url, { timeout: 20_000 });
    // A string, evaluated in the page: this repository's TypeScript has no DOM types.
    await page.waitForFunction("document.getElementById('status').textContent !== 'running'", undefined, { timeout: 20_000 });
    const text: Record<string, string> = {};
    for (const id of ids) text[id] = (await page.locator(`#${id}`).textContent()) ?? '';
    const userAgent = String(await page.evaluate('navigator.userAgent'));
    return { browserVersion: context.browser()?.version() ?? 'unknown', userAgent, text, errors };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
