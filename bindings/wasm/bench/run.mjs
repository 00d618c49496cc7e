// Benchmark: 64 MiB encrypted and decrypted+verified with megajs and megacrypt, in Node and in
// headless Chromium, side by side in one run. Needs the package built (../build.sh) and the dev
// dependencies installed (npm ci).
//   node bindings/wasm/bench/run.mjs [MiB]
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const size = Number(process.argv[2] ?? 64) * 1024 * 1024;
const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (s) => console.log(s);

log(`megacrypt benchmark: ${size / 1048576} MiB, Node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}`);

// --- Node -----------------------------------------------------------------------------------
{
  const mc = await import('../js/node.js');
  const megajs = await import('megajs');
  const { runBench } = await import('./bench-core.js');
  log('Node:');
  await runBench(mc, megajs, size, log);
}

// --- Chromium -------------------------------------------------------------------------------
{
  const { chromium } = await import('playwright-core');
  const page = `<!doctype html><meta charset="utf-8">
<script type="importmap">{"imports":{"megacrypt":"/js/browser.js","megajs":"/node_modules/megajs/dist/main.browser-es.mjs"}}</script>
<script type="module">
import * as mc from 'megacrypt';
import * as megajs from 'megajs';
import { runBench } from '/bench/bench-core.js';
try {
  await runBench(mc, megajs, ${size}, (s) => console.log(s));
  window.__done = 'ok';
} catch (e) {
  console.log('bench failed: ' + (e && e.stack || e));
  window.__done = 'failed';
}
</script>`;
  const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer(async (req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    if (u.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(page);
    }
    const p = path.resolve(pkgDir, '.' + decodeURIComponent(u.pathname));
    if (!p.startsWith(pkgDir + path.sep)) {
      res.writeHead(403);
      return res.end();
    }
    try {
      const body = await readFile(p);
      res.writeHead(200, { 'content-type': types[path.extname(p)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'megacrypt-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    log(`Chromium ${context.browser()?.version() ?? ''} (headless):`);
    tab.on('console', (m) => log(m.text()));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction(() => window.__done, null, { timeout: 900_000, polling: 500 });
    if ((await tab.evaluate(() => window.__done)) !== 'ok') process.exitCode = 1;
  } finally {
    await context.close();
    server.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}
