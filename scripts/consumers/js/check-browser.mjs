// Opens the page that vite or webpack built (dist/ of the consumer project, served on 127.0.0.1)
// in headless Chromium (playwright-core, Debian's /usr/bin/chromium) and waits for the bundled
// quickstart to report. usage: node check-browser.mjs <built dir>   (CHROMIUM=/path/to/chromium)
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(process.argv[2] ?? 'dist');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const served = [];
const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const p = path.resolve(root, '.' + decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
  try {
    if (!p.startsWith(root + path.sep)) throw new Error('outside root');
    const body = await readFile(p);
    served.push(path.relative(root, p));
    res.writeHead(200, { 'content-type': TYPES[path.extname(p)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const userDataDir = await mkdtemp(path.join(tmpdir(), 'megacrypt-consumer-chromium-'));
let ok = false;
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const tab = context.pages()[0] ?? (await context.newPage());
  tab.on('console', (m) => console.log(`page: ${m.text()}`));
  // An uncaught error in the page fails the check at once (the quickstart would never report).
  const pageError = new Promise((_, reject) => tab.on('pageerror', reject));
  pageError.catch(() => {}); // handled by the race below, even if it rejects during goto()
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await Promise.race([
    tab.waitForFunction(() => window.__quickstart !== undefined, null, { timeout: 60_000, polling: 100 }),
    pageError,
  ]);
  const result = await tab.evaluate(() => window.__quickstart);
  console.log(`browser quickstart: ${result}`);
  console.log(`served: ${served.join(' ')}`);
  ok = result === 'ok' && served.some((f) => f.endsWith('.wasm'));
} catch (e) {
  console.log(`browser run failed: ${e.stack ?? e}`);
} finally {
  await context?.close().catch(() => {});
  server.close();
  await rm(userDataDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
