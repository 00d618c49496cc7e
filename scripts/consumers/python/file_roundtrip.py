"""The Python consumer of the wheel (scripts/test-packages.sh runs it in a fresh virtual environment
where the wheel from dist/ is the only megacrypt): encrypt a file on disk with the stream helpers,
make its link, open the link as the recipient would, decrypt and verify; a flipped ciphertext bit
must be refused. `mypy --strict` checks this file against the installed package's type hints."""
import sys
import tempfile
from pathlib import Path

import megacrypt
import megacrypt_io


def upload(plain: Path, encrypted: Path) -> str:
    with plain.open("rb") as src, encrypted.open("wb") as dst:
        key: megacrypt.FileKey = megacrypt_io.encrypt_stream(src, dst)
    return megacrypt.PublicLink.file("xUIkknuH", key).to_url()


def download(url: str, encrypted: Path, out: Path, size: int) -> int:
    key = megacrypt.PublicLink.parse(url).file_key()
    if key is None:
        raise ValueError("not a file link")
    with encrypted.open("rb") as src, out.open("wb") as dst:
        verified: int = megacrypt_io.decrypt_stream(src, dst, key, expected_size=size)
    return verified


def main() -> None:
    data = bytes((i * 31) % 251 for i in range(3 * 1024 * 1024 + 7))
    with tempfile.TemporaryDirectory() as d:
        plain, enc, out = Path(d, "plain.bin"), Path(d, "plain.bin.enc"), Path(d, "out.bin")
        plain.write_bytes(data)
        url = upload(plain, enc)
        assert url.startswith("https://mega.nz/file/xUIkknuH#")
        assert enc.read_bytes() != data
        assert download(url, enc, out, len(data)) == len(data)
        assert out.read_bytes() == data

        tampered = bytearray(enc.read_bytes())
        tampered[1_000_000] ^= 1
        enc.write_bytes(bytes(tampered))
        try:
            download(url, enc, out, len(data))
        except megacrypt.CryptoError as e:
            # `except megacrypt.CryptoError.MacMismatch` works at run time, but uniffi attaches the
            # variants to the class dynamically and type checkers do not see them (docs/packaging.md).
            assert type(e).__name__ == "MacMismatch", repr(e)
        else:
            raise AssertionError("a tampered file was accepted")
    print(f"file round trip through the link: ok ({len(data)} bytes; megacrypt from {Path(megacrypt.__file__).parent})")


if __name__ == "__main__":
    main()
    sys.exit(0)
