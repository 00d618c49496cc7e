"""Python side of the FFI cost benchmark (bench.sh): FileEncryptor.encrypt / FileDecryptor
.decrypt_unverified on 1 MiB `bytes`. Prints `BENCH lang=python path=<path> mib=<n> ns_per_mib=<t>`."""
import sys
import time

import megacrypt

MIB = 1 << 20


def report(path, mib, fn):
    for _ in range(8):
        fn()
    start = time.perf_counter_ns()
    for _ in range(mib):
        fn()
    ns = (time.perf_counter_ns() - start) / mib
    print(f"BENCH lang=python path={path} mib={mib} ns_per_mib={ns:.0f}")


def main():
    mib = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    key = megacrypt.ContentKey.from_bytes(bytes([7] * 16 + [9] * 8))
    data = bytes([0x5A]) * MIB
    enc = megacrypt.FileEncryptor.with_key(key)
    report("encrypt_1mib_bytes", mib, lambda: enc.encrypt(data))
    dec = megacrypt.FileDecryptor(megacrypt.FileKey.from_parts(key, bytes(8)))
    report("decrypt_unverified_1mib_bytes", mib, lambda: dec.decrypt_unverified(data))


if __name__ == "__main__":
    main()
