// Test harness for the browser run: the same test()/assert surface as node:test + node:assert
// (the subset the suites use), results reported through the console to the Playwright driver.
const tests = [];
export const lang = 'js-browser';

export function test(name, fn) {
  tests.push({ name, fn });
}

function fail(message) {
  const e = new Error(message);
  e.name = 'AssertionError';
  throw e;
}
function show(v) {
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})[${Array.from(v.subarray(0, 16)).join(',')}${v.length > 16 ? ',…' : ''}]`;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
function deepEq(a, b) {
  if (Object.is(a, b)) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (a.constructor !== b.constructor || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEq(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && Object.getPrototypeOf(a) === Object.getPrototypeOf(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => deepEq(a[k], b[k]));
  }
  return false;
}
function matches(err, expected) {
  if (expected === undefined) return true;
  if (typeof expected === 'function' && expected.prototype !== undefined && err instanceof expected) return true;
  if (typeof expected === 'function' && expected.prototype === undefined) return expected(err) === true;
  if (expected instanceof RegExp) return expected.test(String(err?.message ?? err));
  if (typeof expected === 'object') return Object.entries(expected).every(([k, v]) => (v instanceof RegExp ? v.test(err?.[k]) : deepEq(err?.[k], v)));
  return false;
}

export const assert = {
  ok(v, msg) {
    if (!v) fail(msg ?? `expected truthy, got ${show(v)}`);
  },
  equal(a, b, msg) {
    if (!Object.is(a, b)) fail(msg ?? `expected ${show(b)}, got ${show(a)}`);
  },
  notEqual(a, b, msg) {
    if (Object.is(a, b)) fail(msg ?? `expected a value other than ${show(b)}`);
  },
  deepEqual(a, b, msg) {
    if (!deepEq(a, b)) fail(msg ?? `expected ${show(b)}, got ${show(a)}`);
  },
  notDeepEqual(a, b, msg) {
    if (deepEq(a, b)) fail(msg ?? `expected values to differ: ${show(a)}`);
  },
  match(s, re, msg) {
    if (!re.test(s)) fail(msg ?? `${show(s)} does not match ${re}`);
  },
  throws(fn, expected, msg) {
    try {
      fn();
    } catch (e) {
      if (!matches(e, expected)) fail(msg ?? `unexpected error ${e?.name}: ${e?.message} (code ${e?.code})`);
      return;
    }
    fail(msg ?? 'expected an exception');
  },
  async rejects(p, expected, msg) {
    try {
      await (typeof p === 'function' ? p() : p);
    } catch (e) {
      if (!matches(e, expected)) fail(msg ?? `unexpected rejection ${e?.name}: ${e?.message} (code ${e?.code})`);
      return;
    }
    fail(msg ?? 'expected a rejection');
  },
  fail,
};

export async function vectorFiles() {
  const list = await (await fetch('/vectors/index.json')).json();
  return Promise.all(
    list.map(async (p) => ({ path: p, text: await (await fetch(`/vectors/file?path=${encodeURIComponent(p)}`)).text() })),
  );
}

export async function readmeQuickstart() {
  const r = await fetch('/readme.md');
  if (!r.ok) return null;
  const m = /```js\n([\s\S]*?)```/.exec(await r.text());
  return m ? m[1] : null;
}

export async function runModule(source) {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    await import(url);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function runAll() {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const t0 = performance.now();
    try {
      await t.fn();
      passed++;
      console.log(`ok - ${t.name} (${(performance.now() - t0).toFixed(0)} ms)`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${t.name}: ${e?.name}: ${e?.message}\n${e?.stack ?? ''}`);
    }
  }
  return { passed, failed };
}
