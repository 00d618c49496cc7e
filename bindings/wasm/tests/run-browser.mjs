// Runs the test suites in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// serves <install dir> (where the packed tarball is installed under node_modules/megacrypt and the
// suites under tests/) on 127.0.0.1, opens a page with an import map for 'megacrypt', and relays
// the page's console. Exit code 1 if any test failed.
//
// usage: node run-browser.mjs <install dir> <test file>... (env as for the Node run:
// MEGACRYPT_VECTOR_DIRS, MEGACRYPT_EXTRA_VECTORS, MEGACRYPT_README; CHROMIUM=/path/to/chromium)
import { createServer } from 'node:http';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [root, ...testFiles] = process.argv.slice(2);
if (!root || testFiles.length === 0) {
  console.error('usage: node run-browser.mjs <install dir> <test file>...');
  process.exit(2);
}
const installDir = path.resolve(root);
const vectorDirs = (process.env.MEGACRYPT_VECTOR_DIRS ?? '').split(path.delimiter).filter(Boolean);
if (process.env.MEGACRYPT_EXTRA_VECTORS) vectorDirs.push(process.env.MEGACRYPT_EXTRA_VECTORS);

const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.html': 'text/html',
  '.md': 'text/markdown',
};

async function vectorIndex() {
  const out = [];
  for (const dir of vectorDirs) {
    const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    for (const n of names) out.push(path.resolve(dir, n));
  }
  return out;
}

const page = `<!doctype html><meta charset="utf-8"><title>megacrypt tests</title>
<script type="importmap">{"imports":{"megacrypt":"/node_modules/megacrypt/js/browser.js"}}</script>
<script type="module">
import { runAll } from '/tests/harness.js';
const files = ${JSON.stringify(testFiles)};
try {
  for (const f of files) await import('/tests/' + f);
  window.__result = await runAll();
} catch (e) {
  console.log('not ok - loading the suites: ' + (e && e.stack || e));
  window.__result = { passed: 0, failed: 1 };
}
</script>`;

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://127.0.0.1');
    let body;
    let type = 'application/octet-stream';
    if (url.pathname === '/' || url.pathname === '/index.html') {
      body = page;
      type = TYPES['.html'];
    } else if (url.pathname === '/tests/harness.js') {
      body = await readFile(new URL('./harness-browser.js', import.meta.url));
      type = TYPES['.js'];
    } else if (url.pathname === '/vectors/index.json') {
      body = JSON.stringify(await vectorIndex());
      type = TYPES['.json'];
    } else if (url.pathname === '/vectors/file') {
      const p = url.searchParams.get('path');
      if (!(await vectorIndex()).includes(p)) throw Object.assign(new Error('not a vector file'), { status: 404 });
      body = await readFile(p);
      type = TYPES['.json'];
    } else if (url.pathname === '/readme.md' && process.env.MEGACRYPT_README) {
      body = await readFile(process.env.MEGACRYPT_README);
      type = TYPES['.md'];
    } else {
      const p = path.resolve(installDir, '.' + decodeURIComponent(url.pathname));
      if (!p.startsWith(installDir + path.sep)) throw Object.assign(new Error('outside root'), { status: 403 });
      body = await readFile(p);
      type = TYPES[path.extname(p)] ?? type;
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  } catch (e) {
    res.writeHead(e.status ?? 404, { 'content-type': 'text/plain' });
    res.end(String(e.message ?? e));
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const userDataDir = await mkdtemp(path.join(tmpdir(), 'megacrypt-chromium-'));
let exitCode = 1;
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const tab = context.pages()[0] ?? (await context.newPage());
  tab.on('console', (m) => console.log(m.text()));
  tab.on('pageerror', (e) => console.log(`page error: ${e.stack ?? e}`));
  await tab.goto(origin + '/');
  const timeout = Number(process.env.MEGACRYPT_BROWSER_TIMEOUT_MS ?? 600_000);
  await tab.waitForFunction(() => window.__result !== undefined && window.__result !== null, null, { timeout, polling: 250 });
  const result = await tab.evaluate(() => window.__result);
  console.log(`# browser (${await context.browser()?.version?.() ?? 'chromium'}): pass ${result.passed} fail ${result.failed}`);
  exitCode = result.failed === 0 && result.passed > 0 ? 0 : 1;
} catch (e) {
  console.error(`browser run failed: ${e.stack ?? e}`);
} finally {
  await context?.close().catch(() => {});
  server.close();
  await rm(userDataDir, { recursive: true, force: true });
}
process.exit(exitCode);
