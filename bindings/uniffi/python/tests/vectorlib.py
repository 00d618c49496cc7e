"""Known-answer vector machinery for the Python bindings, mirroring core/tests/vectors/common.rs.

A case counts as passed only if every field it carries was read (checked against megacrypt's
output) or declared informational with ``Case.info``; a field nobody looked at fails the case.
"""
import json
import os
from pathlib import Path


class Skip(Exception):
    """Raised by a check to count the case as skipped (documented reason)."""


class Mismatch(Exception):
    """Raised by a check when megacrypt's output differs from the vector."""


class Case:
    def __init__(self, raw):
        self.raw = raw
        self.used = set()

    def label(self, i):
        for k in ("what", "kind", "attack", "password", "url", "mode"):
            v = self.raw.get(k)
            if isinstance(v, str):
                return f"case {i} ({v})"
        return f"case {i} ()"

    def unchecked(self):
        return [k for k in self.raw if k not in self.used]

    def info(self, *keys):
        self.used.update(keys)

    def has(self, key):
        return self.raw.get(key) is not None

    def value(self, key):
        self.used.add(key)
        if key not in self.raw:
            raise Mismatch(f"missing field {key}")
        return self.raw[key]

    def opt(self, key):
        self.used.add(key)
        return self.raw.get(key)

    def str(self, key):
        v = self.value(key)
        if not isinstance(v, str):
            raise Mismatch(f"field {key} is not a string")
        return v

    def u64(self, key):
        v = self.value(key)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise Mismatch(f"field {key} is not an unsigned integer")
        return v

    def bool(self, key):
        v = self.value(key)
        if not isinstance(v, bool):
            raise Mismatch(f"field {key} is not a boolean")
        return v

    def hex(self, key):
        return bytes.fromhex(self.str(key))

    def expect_hex(self, key, actual):
        eq(key, self.str(key), bytes(actual).hex())

    def expect_str(self, key, actual):
        eq(key, self.str(key), actual)


def eq(what, want, got):
    if want != got:
        raise Mismatch(f"{what}: expected {want!r}, got {got!r}")


def expect_error(what, code, fn):
    """Runs fn and requires a CryptoError of category `code` (e.g. "MacMismatch")."""
    import megacrypt

    try:
        fn()
    except megacrypt.CryptoError as e:
        got = type(e).__name__
        if got != code:
            raise Mismatch(f"{what}: expected {code}, got {got}: {e}")
        return
    raise Mismatch(f"{what}: expected {code}, but the call succeeded")


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = []
        self.skipped = []

    def run_cases(self, file, check):
        for i, raw in enumerate(file.get("cases") or []):
            case = Case(raw)
            label = case.label(i)
            try:
                check(case)
            except Skip as s:
                self.skipped.append(str(s))
                continue
            except Exception as e:  # any other failure (including binding errors) fails the case
                self.failed.append(f"{label}: {type(e).__name__}: {e}")
                continue
            unchecked = case.unchecked()
            if unchecked:
                self.failed.append(f"{label}: fields never checked: {unchecked}")
            else:
                self.passed += 1

    def skip_all(self, file, reason):
        for _ in file.get("cases") or []:
            self.skipped.append(reason)


def vector_dirs():
    here = Path(__file__).resolve()
    default = here.parents[4] / "core" / "tests" / "data"
    dirs = [Path(os.environ.get("MEGACRYPT_VECTORS_DIR", default))]
    extra = os.environ.get("MEGACRYPT_EXTRA_VECTORS")
    if extra:
        dirs.append(Path(extra))
    return dirs


def vector_files():
    files = []
    for d in vector_dirs():
        files.extend(sorted(p for p in d.iterdir() if p.suffix == ".json"))
    return files


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)
