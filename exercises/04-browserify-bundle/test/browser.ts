/**
 * The browser side of the checks: bundle a file with browserify's API, serve
 * a page with the bundle on 127.0.0.1, and open it in headless Chromium
 * (Debian's /usr/bin/chromium, driven by playwright-core, as chapter 4 does).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import browserify from 'browserify';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Bundle {
  source: Buffer;
  /** Every file browserify put in the bundle. */
  files: string[];
}

/**
 * Bundles `file` so that the page can `require(expose)` it: b.require() makes
 * browserify define a global `require` in the bundle for the names it exposes.
 */
export function bundleFile(file: string, expose: string): Promise<Bundle> {
  const bundler = browserify({ basedir: path.dirname(file) });
  bundler.require(file, { expose });
  const files: string[] = [];
  bundler.on('dep', (row: { file: string }) => files.push(row.file));
  return new Promise((resolve, reject) => {
    bundler.bundle((error: Error | null, source: Buffer) => (error ? reject(error) : resolve({ source, files })));
  });
}

export interface OpenPage {
  page: Page;
  url: string;
  /** Uncaught errors and console.error messages of the page, as they come. */
  errors: string[];
  close(): Promise<void>;
}

/** Serves a page that loads `bundle` and opens it in headless Chromium. */
export async function openPageWithBundle(bundle: Buffer): Promise<OpenPage> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}): install it as root with \`make ensure-chromium\``);
  const html = '<!doctype html>\n<meta charset="utf-8">\n<title>exercise 04</title>\n<link rel="icon" href="data:,">\n<script src="/bundle.js"></script>\n';
  const server = http.createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (req.url === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const closeServer = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await page.goto(url, { timeout: 20_000 });
    const opened = browser;
    return {
      page,
      url,
      errors,
      close: async () => {
        await opened.close();
        await closeServer();
      },
    };
  } catch (error) {
    await browser?.close();
    await closeServer();
    throw error;
  }
}
