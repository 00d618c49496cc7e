#!/usr/bin/env bash
# The main job, end to end, on a fresh machine:
#   1. build the `megacrypt` CLI (release);
#   2. take a real file ($1) or create one (24 MiB of random bytes plus a 13-byte tail, so the last
#      MAC chunk ends with a partial AES block);
#   3. encrypt it with a fresh random key from the OS CSPRNG and print what MEGA needs for an
#      upload: the node key, a link template, the `c` fingerprint (sparse CRC + mtime, computed in
#      the same pass) and the encrypted node attributes (name and `c`);
#   4. decrypt it back with that key, given as a link, verify the MAC, the fingerprint and byte
#      equality, and check that the output got the input's mtime back from the fingerprint;
#   5. check that a one-bit change in the ciphertext is refused and leaves no output file.
# Any failure exits non-zero.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "== building the CLI (cargo build --release --bin megacrypt)"
cargo build --release --quiet --bin megacrypt
target_dir="${CARGO_TARGET_DIR:-$root/target}"
cli="$target_dir/release/megacrypt"
[ -x "$cli" ] || { echo "demo: CLI not found at $cli" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/megacrypt-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
    input="$1"
    [ -f "$input" ] || { echo "demo: $input is not a regular file" >&2; exit 1; }
else
    input="$work/sample.bin"
    head -c $((24 * 1024 * 1024)) /dev/urandom > "$input"
    printf 'Hello, MEGA!\n' >> "$input"
fi
size=$(wc -c < "$input" | tr -d ' ')
echo "== input: $input ($size bytes)"

echo "== encrypt (fresh random key)"
start=$(date +%s.%N)
out="$("$cli" encrypt "$input" "$work/file.enc")"
end=$(date +%s.%N)
printf '%s\n' "$out"
node_key="$(printf '%s\n' "$out" | tail -n 1)"
[ "${#node_key}" -eq 43 ] || { echo "demo: expected a 43-character node key, got '$node_key'" >&2; exit 1; }
fingerprint="$(printf '%s\n' "$out" | sed -n 's/^fingerprint (c attribute, mtime [0-9-]*): //p')"
[ -n "$fingerprint" ] || { echo "demo: no fingerprint line in the encrypt output" >&2; exit 1; }
echo "node key (MEGA base64): $node_key"
echo "fingerprint (c):        $fingerprint"
echo "link template:          https://mega.nz/file/<HANDLE>#$node_key"
awk -v s="$start" -v e="$end" -v n="$size" 'BEGIN { t = e - s; if (t > 0) printf "encrypt: %.3f s (%.0f MB/s incl. I/O)\n", t, n / t / 1e6 }'

[ "$(wc -c < "$work/file.enc" | tr -d ' ')" = "$size" ] || { echo "demo: ciphertext size differs" >&2; exit 1; }
if cmp -s "$input" "$work/file.enc"; then echo "demo: ciphertext equals plaintext" >&2; exit 1; fi

echo "== decrypt and verify (key given as a link)"
"$cli" decrypt --key "https://mega.nz/file/AAAAAAAA#$node_key" --fingerprint "$fingerprint" "$work/file.enc" "$work/file.out"
cmp "$input" "$work/file.out"
echo "round trip: byte-identical ($size bytes)"
[ "$(stat -c %Y "$input")" = "$(stat -c %Y "$work/file.out")" ] || { echo "demo: the output did not get the input's mtime" >&2; exit 1; }
echo "mtime restored from the fingerprint: $(stat -c %Y "$work/file.out")"

echo "== fingerprint check: a c attribute of other content is refused"
first=${fingerprint:0:1}; other=A; [ "$first" = A ] && other=B
set +e
"$cli" decrypt --key "$node_key" --fingerprint "$other${fingerprint:1}" "$work/file.enc" "$work/fp.out"
rc=$?
set -e
if [ "$rc" -ne 3 ] || [ -e "$work/fp.out" ]; then echo "demo: a wrong fingerprint was not refused (exit $rc)" >&2; exit 1; fi
echo "wrong fingerprint refused (exit $rc), no output file"

echo "== tamper check: flip one bit in the ciphertext"
if [ "$size" -gt 0 ]; then
    cp "$work/file.enc" "$work/bad.enc"
    pos=$((size / 2))
    byte=$(dd if="$work/bad.enc" bs=1 skip="$pos" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
    printf "$(printf '\\%03o' $(( (byte ^ 1) & 255 )))" | dd of="$work/bad.enc" bs=1 seek="$pos" conv=notrunc 2>/dev/null
    set +e
    "$cli" decrypt --key "$node_key" "$work/bad.enc" "$work/bad.out"
    rc=$?
    set -e
    if [ "$rc" -eq 0 ]; then echo "demo: tampered file was accepted" >&2; exit 1; fi
    if [ -e "$work/bad.out" ]; then echo "demo: output left behind after a failed verification" >&2; exit 1; fi
    if ls -a "$work" | grep -q 'megacrypt-partial'; then echo "demo: temporary file left behind" >&2; exit 1; fi
    echo "tampered copy refused (exit $rc), no output file"
fi
echo "== demo OK"
