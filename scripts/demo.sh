#!/usr/bin/env bash
# The main job, end to end, on a fresh machine:
#   1. build the `megacrypt` CLI (release);
#   2. take a real file ($1) or create one (24 MiB of random bytes plus a 13-byte tail, so the last
#      MAC chunk ends with a partial AES block);
#   3. encrypt it with a fresh random key from the OS CSPRNG, print the MEGA node key and a link
#      template;
#   4. decrypt it back with that key, given as a link, and verify byte equality;
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
echo "node key (MEGA base64): $node_key"
echo "link template:          https://mega.nz/file/<HANDLE>#$node_key"
awk -v s="$start" -v e="$end" -v n="$size" 'BEGIN { t = e - s; if (t > 0) printf "encrypt: %.3f s (%.0f MB/s incl. I/O)\n", t, n / t / 1e6 }'

[ "$(wc -c < "$work/file.enc" | tr -d ' ')" = "$size" ] || { echo "demo: ciphertext size differs" >&2; exit 1; }
if cmp -s "$input" "$work/file.enc"; then echo "demo: ciphertext equals plaintext" >&2; exit 1; fi

echo "== decrypt and verify (key given as a link)"
"$cli" decrypt --key "https://mega.nz/file/AAAAAAAA#$node_key" "$work/file.enc" "$work/file.out"
cmp "$input" "$work/file.out"
echo "round trip: byte-identical ($size bytes)"

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
