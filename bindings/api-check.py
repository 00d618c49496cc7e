#!/usr/bin/env python3
"""The exported API of both bindings as small, sorted listings, and the drift check between them.

    api-check.py swift  <MegaCrypt.swift>          listing of the uniffi API (Kotlin, Swift, Python)
    api-check.py dts    <megacrypt_wasm.d.ts>      listing of the wasm-bindgen API (JavaScript)
    api-check.py compare <uniffi.txt> <wasm.txt> <api-differences.txt>

A listing has one line per exported item, sorted:

    fn base64Encode(bytes: Data) -> String        a function
    type AesKey (object)                           a class, record, enum or error
    AesKey.exportB64() -> String                   a member: method, constructor (`new`), field

The uniffi listing is read from the generated Swift (one language is enough: uniffi gives every
language the same items; Swift's names are camelCase like JavaScript's). Both listings are
committed (`bindings/uniffi/api.txt`, `bindings/wasm/api.txt`) and each binding's test.sh fails
when its fresh listing differs from the committed one (`--update-api` rewrites it): a change of
the exported API shows up as a small reviewable diff.

`compare` matches the two listings by name, ignoring case and underscores and the kind of member
(a JavaScript getter matches a Kotlin method or a record field; `constructor` matches `init`; a
Swift `==` matches JavaScript's `equals`). Every item present on one side only must be listed in
`bindings/api-differences.txt` with its side and a reason; a listed difference that no longer
exists fails too, so the file stays exact. Exit status 1 on any mismatch.
"""
import re
import sys

SKIP_MEMBERS = {"free", "[Symbol.dispose]", "uniffiCloneHandle", "lift", "lower", "read", "write",
                "debugDescription", "description", "errorDescription", "hash"}


# wasm-bindgen's module loader (`--target web`), not part of the API.
WASM_LOADER = {"initSync", "default", "InitInput", "InitOutput", "SyncInitInput"}


def swift_listing(text):
    out = []
    depth = 0
    cls = None  # (name, kind) of the class/struct/enum opened at depth 0
    enum_cases = []
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        opens, closes = line.count("{"), line.count("}")
        if depth == 0:
            m = re.match(r"^open class (\w+): (\w+)Protocol\b", line)
            if m:
                cls = (m.group(1), "object")
                out.append(f"type {cls[0]} (object)")
            elif re.match(r"^public struct (\w+)\b.*\{", line) and not re.match(r"^public struct (FfiConverter|Uniffi)", line):
                cls = (re.match(r"^public struct (\w+)", line).group(1), "record")
                out.append(f"type {cls[0]} (record)")
            elif re.match(r"^public enum (\w+)", line) and not re.match(r"^public enum (FfiConverter|Uniffi)", line):
                m = re.match(r"^public enum (\w+)(: Swift\.Error)?", line)
                cls = (m.group(1), "error" if m.group(2) else "enum")
                enum_cases = []
            else:
                cls = ("", "other")
                m = re.match(r"^public func (\w+)\(([^)]*)\)\s*(throws)?\s*(?:->\s*(.*?))?\s*\{", line)
                if m and not m.group(1).startswith(("FfiConverter", "uniffi")):
                    out.append(f"fn {m.group(1)}({m.group(2)}){' throws' if m.group(3) else ''}"
                               f"{' -> ' + m.group(4) if m.group(4) else ''}")
        elif depth == 1 and cls is not None and cls[0]:
            name, kind = cls
            if kind in ("enum", "error"):
                m = re.match(r"^case `?(\w+)", stripped)
                if m:
                    enum_cases.append(m.group(1))
            elif kind == "record":
                m = re.match(r"^public (?:var|let) (\w+): (.*)$", stripped)
                if m:
                    out.append(f"{name}.{m.group(1)}: {m.group(2)}")
            else:
                m = re.match(r"^public convenience init\(([^)]*)\)\s*(throws)?", stripped)
                if m:
                    out.append(f"{name}.new({m.group(1)}){' throws' if m.group(2) else ''}")
                m = re.match(r"^(?:public static func|open func) `?(\w+|==)`? ?\(([^)]*)\)\s*(throws)?\s*(?:->\s*(.*?))?\s*\{", stripped)
                if m and m.group(1) not in SKIP_MEMBERS:
                    member = "equals" if m.group(1) == "==" else m.group(1)
                    out.append(f"{name}.{member}({m.group(2)}){' throws' if m.group(3) else ''}"
                               f"{' -> ' + m.group(4) if m.group(4) else ''}")
        depth += opens - closes
        if depth == 0 and cls is not None:
            if cls[1] in ("enum", "error") and cls[0]:
                out.append(f"type {cls[0]} ({cls[1]}: {', '.join(enum_cases)})")
            cls = None
    return sorted(set(out))


def dts_listing(text):
    out = []
    cls = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("*", "/*", "//")):
            continue
        m = re.match(r"^export class (\w+) \{", line)
        if m:
            cls = m.group(1)
            out.append(f"type {cls} (object)")
            continue
        if cls is not None:
            if line == "}":
                cls = None
                continue
            if line.startswith("private constructor"):
                continue
            m = re.match(r"^constructor\((.*)\);$", line)
            if m:
                out.append(f"{cls}.new({m.group(1)})")
                continue
            m = re.match(r"^(?:static )?(?:get |set )?(\w+|\[Symbol\.dispose\])\((.*)\)(?::\s*(.*))?;$", line)
            if m and m.group(1) not in SKIP_MEMBERS:
                out.append(f"{cls}.{m.group(1)}({m.group(2)})" + (f" -> {m.group(3)}" if m.group(3) else ""))
                continue
            m = re.match(r"^(?:readonly )?(\w+)\??: (.*);$", line)
            if m:
                out.append(f"{cls}.{m.group(1)}: {m.group(2)}")
            continue
        m = re.match(r"^export function (\w+)\((.*)\)(?::\s*(.*))?;$", line)
        if m and not m.group(1).startswith("__") and m.group(1) not in WASM_LOADER:
            out.append(f"fn {m.group(1)}({m.group(2)})" + (f" -> {m.group(3)}" if m.group(3) else ""))
            continue
        m = re.match(r"^export (?:type|enum|interface) (\w+)", line)
        if m and m.group(1) not in WASM_LOADER:
            out.append(f"type {m.group(1)} (type)")
    return sorted(set(out))


def norm(s):
    return s.replace("_", "").lower()


def key(item):
    """The comparison key of a listing line: `fn name`, `type name` or `type.member`."""
    if item.startswith("fn "):
        return "fn " + norm(re.match(r"fn (\w+)", item).group(1))
    if item.startswith("type "):
        return "type " + norm(re.match(r"type (\w+)", item).group(1))
    m = re.match(r"(\w+)\.(\w+)", item)
    return norm(m.group(1)) + "." + norm(m.group(2))


def read_listing(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def compare(uniffi_path, wasm_path, differences_path):
    uniffi = {key(i): i for i in read_listing(uniffi_path)}
    wasm = {key(i): i for i in read_listing(wasm_path)}
    allowed = {}
    with open(differences_path, encoding="utf-8") as f:
        for n, l in enumerate(f, 1):
            body = l.split("#", 1)[0].strip()
            if not body:
                continue
            m = re.match(r"^(uniffi-only|wasm-only)\s+(.+)$", body)
            if not m:
                print(f"{differences_path}:{n}: expected 'uniffi-only <item>' or 'wasm-only <item>'")
                return 1
            allowed[(m.group(1), key(m.group(2).strip()))] = n
    problems = []
    for side, mine, other in (("uniffi-only", uniffi, wasm), ("wasm-only", wasm, uniffi)):
        for k in sorted(set(mine) - set(other)):
            # A member of a type that exists on one side only is covered by that type's entry.
            owner = "type " + k.split(".", 1)[0] if "." in k and not k.startswith(("fn ", "type ")) else None
            if (side, k) in allowed or (owner and (side, owner) in allowed):
                allowed.pop((side, k), None)
                continue
            problems.append(f"{side} {mine[k]}")
    stale = [f"{differences_path}:{n}: '{s} {k}' is not a difference any more"
             for (s, k), n in allowed.items()
             if not ((s == "uniffi-only" and k in uniffi and k not in wasm)
                     or (s == "wasm-only" and k in wasm and k not in uniffi))]
    if problems:
        print("The two bindings' APIs differ where bindings/api-differences.txt does not say so.")
        print("Give both the same item (the naming rule is in bindings/README.md), or list it there")
        print("with the reason it must differ:")
        for p in problems:
            print("  " + p)
    for s in stale:
        print(s)
    if problems or stale:
        return 1
    print(f"api-check: {len(uniffi)} uniffi and {len(wasm)} wasm items; every difference is listed")
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] in ("swift", "dts"):
        with open(argv[2], encoding="utf-8") as f:
            text = f.read()
        listing = swift_listing(text) if argv[1] == "swift" else dts_listing(text)
        sys.stdout.write("".join(l + "\n" for l in listing))
        return 0
    if len(argv) == 5 and argv[1] == "compare":
        return compare(argv[2], argv[3], argv[4])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
