// Dev-only generator of core/tests/data/hashcash.json (area `hashcash`).
//
// The answers come from megajs 1.3.10's own solver (`generateHashcashToken`, not exported): the
// script drives megajs's public `API.request` with a mocked `fetch` that answers the first request
// with HTTP 402 and an `X-Hashcash` challenge, then records the `X-Hashcash` header megajs sends
// on its retry. Hash prefixes for the `verify` cases are computed with node:crypto.
//
// Usage: npm ci && node generate.mjs > ../../core/tests/data/hashcash.json
import { createHash } from 'node:crypto'
import { API } from 'megajs'

const TOKEN_REPEAT = 262144
const b64 = (buf) => Buffer.from(buf).toString('base64url')

// Deterministic 48-byte tokens: SHA-512(seed || i)[0..48].
function token (i) {
  return createHash('sha512').update(`megacrypt/hashcash/v1/${i}`).digest().subarray(0, 48)
}

function message (tok, nonce) {
  const buf = Buffer.alloc(4 + TOKEN_REPEAT * 48)
  nonce.copy(buf, 0)
  for (let i = 0; i < TOKEN_REPEAT; i++) tok.copy(buf, 4 + i * 48)
  return buf
}

function prefix (tok, nonce) {
  return createHash('sha256').update(message(tok, nonce)).digest().readUInt32BE(0)
}

// Asks megajs to solve one challenge through its API retry path.
async function megajsSolve (challenge) {
  let sent = null
  let calls = 0
  const fetch = async (url, opts) => {
    calls++
    if (calls === 1) {
      return new Response('-3', { status: 402, headers: { 'X-Hashcash': challenge } })
    }
    sent = opts.headers['X-Hashcash']
    return new Response('[0]', { status: 200, headers: { 'Content-Type': 'application/json' } })
  }
  const api = new API(false, { fetch, userAgent: null })
  await api.request({ a: 'ug' })
  api.close()
  return sent
}

const cases = []
const solveEasiness = [255, 255, 254, 250, 240, 224, 200, 192, 180]
for (const [i, easiness] of solveEasiness.entries()) {
  const tok = token(i)
  const challenge = `1:${easiness}:${1700000000 + i}:${b64(tok)}`
  const response = await megajsSolve(challenge)
  const [v, tokenStr, nonceStr] = response.split(':')
  if (v !== '1' || tokenStr !== b64(tok)) throw Error(`unexpected response ${response}`)
  const nonce = Buffer.from(nonceStr, 'base64url')
  cases.push({
    kind: 'solve',
    challenge,
    easiness,
    token_b64: b64(tok),
    response,
    nonce_hex: nonce.toString('hex'),
    nonce_counter: nonce.readUInt32LE(0),
    hash_prefix_hex: prefix(tok, nonce).toString(16).padStart(8, '0')
  })
}
// Verification cases: the first nonces in megajs's order for one token, valid or not at a given
// easiness (prefix from node:crypto, validity from the SDK/megajs threshold formula).
const vtok = token(100)
for (const [easiness, count] of [[255, 4], [128, 2], [0, 1]]) {
  for (let n = 0; n < count; n++) {
    const nonce = Buffer.alloc(4)
    nonce.writeUInt32LE(n, 0)
    const p = prefix(vtok, nonce)
    const threshold = (((easiness & 63) << 1) + 1) * 2 ** ((easiness >> 6) * 7 + 3)
    cases.push({
      kind: 'verify',
      easiness,
      token_b64: b64(vtok),
      nonce_hex: nonce.toString('hex'),
      hash_prefix_hex: p.toString(16).padStart(8, '0'),
      threshold,
      valid: p <= threshold
    })
  }
}

const out = {
  set: 'public',
  area: 'hashcash',
  source: {
    megajs: 'megajs 1.3.10 (npm): generateHashcashToken in dist/main.node-es.mjs, driven through API.request with a mocked fetch (HTTP 402 + X-Hashcash); SHA-256 by WebCrypto',
    'node:crypto': `node ${process.version} node:crypto SHA-256 (hash prefixes of the verify and solve cases)`,
    generator: 'tools/hashcash-vectors/generate.mjs (this repository)'
  },
  description: "MEGA API hashcash proof-of-work (docs/format/hashcash.md). Challenge header '1:<easiness>:<timestamp>:<token>' (token = 48 bytes, MEGA base64); the message is nonce (4 bytes) || token repeated 262144 times; a nonce solves the puzzle when the first 4 bytes of SHA-256(message), read big-endian, are <= threshold = (((e & 63) << 1) + 1) << ((e >> 6) * 7 + 3). kind=solve: megajs's answer ('response' = the X-Hashcash header it sent back, '1:<token>:<B64(nonce)>'); megajs tries nonces as a little-endian counter from 0 (nonce_counter) and returns the first that works, so an implementation with the same search order must find the same nonce. kind=verify: hash prefix of a given nonce and whether it solves the puzzle at that easiness.",
  conventions: 'Raw bytes are lowercase hex (*_hex); hash_prefix_hex is the first 4 digest bytes. Fields named *_b64 are MEGA base64: URL-safe alphabet (-_), no padding. threshold is a decimal integer.',
  cases
}
process.stdout.write(JSON.stringify(out, null, 2) + '\n')
