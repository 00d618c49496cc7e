// Shared machinery for the JS vector areas, mirroring core/tests/vectors/common.rs: a Case
// remembers which fields were read; a case passes only if every field was checked or declared
// informational.

export class Skip extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'Skip';
  }
}

export function skip(reason) {
  throw new Skip(reason);
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function unhex(s) {
  if (typeof s !== 'string' || s.length % 2 !== 0 || /[^0-9a-fA-F]/.test(s)) throw new Error(`bad hex ${s}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function eq(what, want, got) {
  const w = JSON.stringify(want instanceof Uint8Array ? hex(want) : want);
  const g = JSON.stringify(got instanceof Uint8Array ? hex(got) : got);
  if (w !== g) throw new Error(`${what}: expected ${w}, got ${g}`);
}

/** Expects `fn` to throw a CryptoError; returns its code. */
export function errCode(what, fn) {
  try {
    fn();
  } catch (e) {
    if (e?.name !== 'CryptoError' || typeof e.code !== 'string') throw new Error(`${what}: not a CryptoError: ${e}`);
    return e.code;
  }
  throw new Error(`${what}: expected an error`);
}

export async function errCodeAsync(what, fn) {
  try {
    await fn();
  } catch (e) {
    if (e?.name !== 'CryptoError' || typeof e.code !== 'string') throw new Error(`${what}: not a CryptoError: ${e}`);
    return e.code;
  }
  throw new Error(`${what}: expected an error`);
}

export function ok(what, fn) {
  try {
    return fn();
  } catch (e) {
    throw new Error(`${what}: unexpected error ${e?.code ?? ''} ${e?.message ?? e}`);
  }
}

export async function sha256Hex(bytes) {
  return hex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes)));
}

export class Case {
  constructor(raw) {
    this.raw = raw;
    this.used = new Set();
  }
  label(i) {
    const what = ['what', 'kind', 'attack', 'password', 'url', 'mode'].map((k) => this.raw[k]).find((v) => typeof v === 'string') ?? '';
    return `case ${i} (${what})`;
  }
  unchecked() {
    return Object.keys(this.raw).filter((k) => !this.used.has(k));
  }
  info(keys) {
    for (const k of keys) this.used.add(k);
  }
  has(key) {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }
  value(key) {
    this.used.add(key);
    if (!(key in this.raw)) throw new Error(`missing field ${key}`);
    return this.raw[key];
  }
  opt(key) {
    this.used.add(key);
    const v = this.raw[key];
    return v === null ? undefined : v;
  }
  str(key) {
    const v = this.value(key);
    if (typeof v !== 'string') throw new Error(`field ${key} is not a string`);
    return v;
  }
  num(key) {
    const v = this.value(key);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`field ${key} is not an unsigned integer`);
    return v;
  }
  bool(key) {
    const v = this.value(key);
    if (typeof v !== 'boolean') throw new Error(`field ${key} is not a boolean`);
    return v;
  }
  hex(key) {
    return unhex(this.str(key));
  }
  expectHex(key, actual) {
    eq(key, this.str(key), hex(actual));
  }
  expectStr(key, actual) {
    eq(key, this.str(key), actual);
  }
}

export class Tally {
  constructor() {
    this.passed = 0;
    this.failed = [];
    this.skipped = [];
  }
  skipAll(file, reason) {
    for (const _ of file.cases ?? []) this.skipped.push(reason);
  }
  async runCases(file, check) {
    const cases = Array.isArray(file.cases) ? file.cases : [];
    for (let i = 0; i < cases.length; i++) {
      const c = new Case(cases[i]);
      const label = c.label(i);
      try {
        await check(c, file);
        const un = c.unchecked();
        if (un.length === 0) this.passed++;
        else this.failed.push(`${label}: fields never checked: ${JSON.stringify(un)}`);
      } catch (e) {
        if (e instanceof Skip) this.skipped.push(e.message);
        else this.failed.push(`${label}: ${e?.message ?? e}`);
      }
    }
  }
  skipReasons() {
    const m = new Map();
    for (const s of this.skipped) m.set(s, (m.get(s) ?? 0) + 1);
    return m;
  }
}
