"""File-like streaming helpers over the generated ``megacrypt`` bindings (no cryptography here:
every byte goes through the Rust core).

- ``EncryptingWriter(raw)``: a writable file object; ciphertext goes to ``raw``; ``close()`` (or
  ``finish()``) completes the MAC and makes ``file_key`` available. With ``size`` and ``mtime`` it
  also computes the ``c`` fingerprint in the same pass (the core's ``SparseCrcFromStream``):
  ``fingerprint`` is then a ``FileFingerprint``.
- ``DecryptingReader(raw, key, expected_size=None)``: a readable file object over ciphertext.
  Bytes read before the end are **unverified**; reaching the end checks the MAC and raises the
  ``CryptoError`` (``MacMismatch`` / ``SizeMismatch``) from that last read.
- ``encrypt_stream(src, dst)`` / ``decrypt_stream(src, dst, key)``: copy loops over the two;
  ``encrypt_stream_with_fingerprint(src, dst, size, mtime)`` returns ``(file_key, fingerprint)``.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Optional, Protocol

import megacrypt

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer


class BinarySource(Protocol):
    """What the helpers read from: any binary file object (``open(path, "rb")``, ``BytesIO``)."""

    def read(self, size: int = ..., /) -> bytes: ...


class BinarySink(Protocol):
    """What the helpers write to: any binary file object (``open(path, "wb")``, ``BytesIO``)."""

    def write(self, data: bytes, /) -> object: ...


PIECE_SIZE: int = megacrypt.preferred_feed_length()
"""Pieces handed to Rust: the core's preferred feed length (16 MiB, sixteen MEGA chunks whose MACs
the engine computes side by side)."""


class EncryptingWriter(io.RawIOBase):
    """Encrypts everything written and writes the ciphertext to ``raw``."""

    def __init__(
        self,
        raw: BinarySink,
        encryptor: Optional[megacrypt.FileEncryptor] = None,
        close_raw: bool = False,
        size: Optional[int] = None,
        mtime: Optional[int] = None,
    ) -> None:
        super().__init__()
        self._raw = raw
        self._enc = encryptor if encryptor is not None else megacrypt.FileEncryptor()
        self._key: Optional[megacrypt.FileKey] = None
        self._close_raw = close_raw
        if (size is None) != (mtime is None):
            raise ValueError("a fingerprint needs both size and mtime")
        self._size, self._mtime = size, mtime
        self._crc: Optional[megacrypt.SparseCrcFromStream] = (
            None if size is None else megacrypt.SparseCrcFromStream(size)
        )
        self._fingerprint: Optional[megacrypt.FileFingerprint] = None

    def writable(self) -> bool:
        return True

    def write(self, b: ReadableBuffer) -> int:
        if self._key is not None:
            raise ValueError("EncryptingWriter is finished")
        data = bytes(b)
        for pos in range(0, len(data), PIECE_SIZE):
            piece = data[pos:pos + PIECE_SIZE]
            if self._crc is not None:
                self._crc.update(piece)
            self._raw.write(self._enc.encrypt(piece))
        return len(data)

    def finish(self) -> megacrypt.FileKey:
        """Completes the encryption and returns the ``FileKey`` (idempotent; ``raw`` stays open)."""
        if self._key is None:
            crc, self._crc = self._crc, None
            if crc is not None:
                # SizeMismatch if a different number of bytes was written than announced.
                assert self._size is not None and self._mtime is not None  # set together with crc
                self._fingerprint = megacrypt.FileFingerprint(self._size, crc.finish(), self._mtime)
            self._key = self._enc.finish()
            flush = getattr(self._raw, "flush", None)
            if flush is not None:
                flush()
        return self._key

    @property
    def fingerprint(self) -> megacrypt.FileFingerprint:
        """The ``FileFingerprint`` (``c`` attribute), once finished, if ``size`` and ``mtime`` were given."""
        if self._fingerprint is None:
            raise ValueError("EncryptingWriter has no fingerprint (not finished, or no size/mtime)")
        return self._fingerprint

    @property
    def file_key(self) -> megacrypt.FileKey:
        if self._key is None:
            raise ValueError("EncryptingWriter is not finished yet")
        return self._key

    def close(self) -> None:
        if not self.closed:
            try:
                self.finish()
            finally:
                close = getattr(self._raw, "close", None)
                if self._close_raw and close is not None:
                    close()
        super().close()


class DecryptingReader(io.RawIOBase):
    """Decrypts ciphertext read from ``raw``; the MAC is verified when ``raw`` is exhausted."""

    def __init__(self, raw: BinarySource, key: megacrypt.FileKey, expected_size: Optional[int] = None) -> None:
        super().__init__()
        self._raw = raw
        self._dec = megacrypt.FileDecryptor(key)
        self._expected = expected_size
        self.verified_length: Optional[int] = None
        self._failure: Optional[megacrypt.CryptoError] = None

    def readable(self) -> bool:
        return True

    def readinto(self, b: WriteableBuffer) -> int:
        if self._failure is not None:
            raise self._failure
        if self.verified_length is not None:
            return 0
        want = min(len(b), PIECE_SIZE)
        if want == 0:
            return 0
        chunk = self._raw.read(want)
        if not chunk:
            try:
                if self._expected is None:
                    self.verified_length = self._dec.finish()
                else:
                    self.verified_length = self._dec.finish_with_size(self._expected)
            except megacrypt.CryptoError as e:
                self._failure = e
                raise
            return 0
        plain = self._dec.decrypt_unverified(bytes(chunk))
        n = len(plain)
        memoryview(b).cast("B")[:n] = plain
        return n


def _check_piece_size(piece_size: int) -> None:
    if piece_size <= 0:
        raise ValueError("piece_size must be positive")


def _encrypt_all(src: BinarySource, w: EncryptingWriter, piece_size: int) -> megacrypt.FileKey:
    """The copy loop of both ``encrypt_stream`` functions: ``src`` into ``w``, then finished."""
    while True:
        piece = src.read(piece_size)
        if not piece:
            break
        w.write(piece)
    return w.finish()


def encrypt_stream(src: BinarySource, dst: BinarySink, piece_size: int = PIECE_SIZE) -> megacrypt.FileKey:
    """Encrypts everything from the binary file ``src`` into ``dst``; returns the ``FileKey``."""
    _check_piece_size(piece_size)
    w = EncryptingWriter(dst)
    key = _encrypt_all(src, w, piece_size)
    w.close()
    return key


def encrypt_stream_with_fingerprint(
    src: BinarySource, dst: BinarySink, size: int, mtime: int, piece_size: int = PIECE_SIZE
) -> tuple[megacrypt.FileKey, megacrypt.FileFingerprint]:
    """Encrypts ``size`` bytes from ``src`` into ``dst`` and computes the ``c`` fingerprint in the
    same pass; returns ``(file_key, fingerprint)`` (``SizeMismatch`` if ``src`` held another size)."""
    _check_piece_size(piece_size)
    w = EncryptingWriter(dst, size=size, mtime=mtime)
    key = _encrypt_all(src, w, piece_size)
    fingerprint = w.fingerprint
    w.close()
    return key, fingerprint


def decrypt_stream(
    src: BinarySource,
    dst: BinarySink,
    key: megacrypt.FileKey,
    expected_size: Optional[int] = None,
    piece_size: int = PIECE_SIZE,
) -> int:
    """Decrypts ``src`` into ``dst`` and verifies it; returns the verified length. On a
    ``CryptoError`` the bytes already written to ``dst`` are unverified: discard them."""
    _check_piece_size(piece_size)
    r = DecryptingReader(src, key, expected_size)
    buf = bytearray(piece_size)
    while True:
        n = r.readinto(buf)
        if n == 0:
            break
        dst.write(bytes(buf[:n]))
    if r.verified_length is None:  # readinto returns 0 only at the verified end
        raise RuntimeError("the stream ended before its verification")
    return r.verified_length
