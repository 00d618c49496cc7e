#!/usr/bin/env python3
"""RSA keys with special properties for core/tests/rsa_behaviour.rs (issue 18, mutation testing).

Made outside megacrypt: primes from Python's standard library (Miller-Rabin, 40 rounds, over
`random.SystemRandom`) and, for the 8192-bit key, OpenSSL through `cryptography`; every derived
value (n, d, u = P1^-1 mod P2) with Python's `pow`. Each key is written as MEGA's private-key blob
(docs/format/rsa.md: MPI(P1) || MPI(P2) || MPI(d) || MPI(u), MPI = 2-byte big-endian bit count
+ big-endian magnitude) and the public key MPI(n) || MPI(e), in hex.

    python3 core/tests/support/rsa_test_keys.py > core/tests/support/rsa_test_keys.json

The output is random (new primes each run); the committed JSON is one run. What each key is
meant to show is in its "why" field and is checked again below (asserts) before it is written.
"""
import json
import math
import random
import sys

rng = random.SystemRandom()
SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p**0.5) + 1))]


def is_probable_prime(n, rounds=40):
    if n < 2:
        return False
    for p in SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = rng.randrange(2, n - 1)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def prime(bits, e):
    """A prime of exactly `bits` bits, top two bits set, with gcd(e, p - 1) = 1."""
    while True:
        p = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if math.gcd(e, p - 1) == 1 and is_probable_prime(p):
            return p


def mpi(x, nbytes=None):
    mag = x.to_bytes(max(1, (x.bit_length() + 7) // 8), "big")
    if nbytes is not None:
        mag = mag.rjust(nbytes, b"\0")
    return (len(mag) * 8).to_bytes(2, "big") + mag


def hx(x):
    """Minimal big-endian bytes of x, in hex (an even number of digits)."""
    return x.to_bytes((x.bit_length() + 7) // 8, "big").hex()


def lcm(a, b):
    return a * b // math.gcd(a, b)


def d_with_bits(p1, p2, e, want_bits):
    """The d ≡ e^-1 (mod lcm(p1-1, p2-1)) below n = p1*p2 with exactly `want_bits` bits, if any."""
    lam = lcm(p1 - 1, p2 - 1)
    d = pow(e, -1, lam)
    n = p1 * p2
    while d < n:
        if d.bit_length() == want_bits:
            return d
        if d.bit_length() > want_bits:
            return None
        d += lam
    return None


def entry(why, p1, p2, d, e, accepted, u=None):
    n = p1 * p2
    if u is None:
        u = pow(p1, -1, p2)
    assert (d * e) % (p1 - 1) == 1 and (d * e) % (p2 - 1) == 1 and 0 < d < n
    plain = mpi(p1) + mpi(p2) + mpi(d) + mpi(u)
    return {
        "why": why,
        "accepted": accepted,
        "e": e,
        "bits": {"p1": p1.bit_length(), "p2": p2.bit_length(), "d": d.bit_length(),
                 "u": u.bit_length(), "n": n.bit_length()},
        "n_hex": hx(n),
        "pubk_hex": (mpi(n) + mpi(e)).hex(),
        "privk_plain_hex": plain.hex(),
        "pqd_hex": (mpi(p1) + mpi(p2) + mpi(d)).hex(),
    }


def small_key(b1, b2, e, ok):
    """Primes of b1 and b2 bits with d, u satisfying ok(d_bits, u, d)."""
    for _ in range(10000):
        p1, p2 = prime(b1, e), prime(b2, e)
        u = pow(p1, -1, p2)
        for want in range(b1 + b2 - 3, b1 + b2 + 1):
            d = d_with_bits(p1, p2, e, want)
            if d is not None and ok(d.bit_length(), u):
                return p1, p2, d
    raise SystemExit("no key found")


def main():
    e = 17
    keys = {}
    # The smallest sizes MEGA's clients accept: bits(P1), bits(P2), bits(u) > 1000, bits(d) > 2000.
    p1, p2, d = small_key(1001, 1001, e, lambda db, u: db == 2001 and u.bit_length() == 1001)
    keys["smallest_accepted"] = entry(
        "P1, P2, u of 1001 bits and d of 2001 bits: one bit above every minimum, accepted",
        p1, p2, d, e, True)
    p1, p2, d = small_key(1001, 1001, e, lambda db, u: db == 2000 and u.bit_length() == 1001)
    keys["d_of_2000_bits"] = entry("d of exactly 2000 bits (the minimum is > 2000): refused",
                                   p1, p2, d, e, False)
    # P2 of 1001 bits keeps the primes balanced (each fits in ceil(bits(n)/2), which the `rsa`
    # crate requires), so only the size check refuses it.
    p1, p2, d = small_key(1000, 1001, e, lambda db, u: db > 2000 and u.bit_length() > 1000)
    keys["p1_of_1000_bits"] = entry("P1 of exactly 1000 bits (the minimum is > 1000), all else "
                                    "above the minimums: refused", p1, p2, d, e, False)
    p1, p2, d = small_key(1001, 1001, e, lambda db, u: db > 2000 and u.bit_length() == 1000)
    keys["u_of_1000_bits"] = entry("u of exactly 1000 bits (the minimum is > 1000), all else above "
                                   "the minimums: refused", p1, p2, d, e, False)
    # A composite "prime": P1 = r1*r2. Everything else is consistent (d*e = 1 mod P1-1 and P2-1,
    # u = P1^-1 mod P2, sizes), so only a primality test refuses it when no public key is pinned.
    while True:
        r1, r2 = prime(512, e), prime(512, e)
        c = r1 * r2
        if c.bit_length() != 1024 or math.gcd(e, c - 1) != 1:
            continue
        p2 = prime(1024, e)
        d = pow(e, -1, lcm(c - 1, p2 - 1))
        u = pow(c, -1, p2)
        if d.bit_length() > 2000 and u.bit_length() > 1000:
            break
    keys["composite_p1"] = entry("P1 = r1*r2 (two 512-bit primes), consistent otherwise: refused "
                                 "without a pinned public key", c, p2, d, e, False)
    keys["composite_p1"]["r1_hex"] = hx(r1)
    # The largest sizes: P1, P2, u of 4096 bits, d of 8192 bits (n of 8192 bits), e = 65537.
    from cryptography.hazmat.primitives.asymmetric import rsa

    while True:
        k = rsa.generate_private_key(public_exponent=65537, key_size=8192).private_numbers()
        for a, b in ((k.p, k.q), (k.q, k.p)):
            if pow(a, -1, b).bit_length() != 4096:
                continue
            d = d_with_bits(a, b, 65537, 8192)
            if d is not None and a.bit_length() == b.bit_length() == 4096:
                keys["largest_accepted"] = entry(
                    "P1, P2, u of 4096 bits, d and n of 8192 bits (OpenSSL primes): the largest "
                    "key accepted", a, b, d, 65537, True)
                break
        if "largest_accepted" in keys:
            break
    # A ciphertext shorter than the modulus: RSA-encrypt (raw, MEGA's padding: payload || random
    # bytes up to K - 2 bytes) a 32-byte payload to the key of data/rsa_sdk.json until c has at
    # most K - 1 bytes; MPI(c) with the exact bit count, as the SDK writes ciphertexts.
    import base64
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "data", "rsa_sdk.json")) as f:
        sdk = json.load(f)["key"]
    n, e_sdk = int(sdk["n_hex"], 16), sdk["e"]
    k_len = (n.bit_length() + 7) // 8
    payload = bytes(range(1, 33))
    while True:
        m = int.from_bytes(payload + bytes(rng.getrandbits(8) for _ in range(k_len - 2 - 32)), "big")
        c = pow(m, e_sdk, n)
        if c.bit_length() <= 8 * (k_len - 1):
            break
    cb = c.to_bytes((c.bit_length() + 7) // 8, "big")
    ct = c.bit_length().to_bytes(2, "big") + cb
    keys["short_ciphertext"] = {
        "why": "an RSA ciphertext to the rsa_sdk.json key whose magnitude is shorter than K bytes",
        "payload_hex": payload.hex(),
        "magnitude_len": len(cb),
        "ct_b64": base64.urlsafe_b64encode(ct).rstrip(b"=").decode(),
    }
    out = {
        "description": __doc__.strip().splitlines()[0],
        "generator": "core/tests/support/rsa_test_keys.py",
        "keys": keys,
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
