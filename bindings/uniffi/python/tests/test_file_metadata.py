"""docs/guide/file-metadata.md includes examples/file_metadata.py verbatim: checked and run here.
The stream helper's fingerprint is also checked against the vector files (areas_metadata.py)."""
import io
import runpy
from pathlib import Path

import megacrypt
import pytest
from megacrypt_io import EncryptingWriter, encrypt_stream_with_fingerprint

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "file_metadata.py"
GUIDE_PATH = Path("docs") / "guide" / "file-metadata.md"


def find_guide():
    """The guide in the nearest enclosing folder that has it: the repository root, or the consumer
    project that scripts/test-packages.sh builds around the copied tests."""
    for folder in HERE.parents:
        if (folder / GUIDE_PATH).is_file():
            return folder / GUIDE_PATH
    raise AssertionError(f"{GUIDE_PATH} not found above {HERE}")


def test_guide_contains_the_example_verbatim():
    assert EXAMPLE.read_text(encoding="utf-8").strip() in find_guide().read_text(encoding="utf-8")


def test_example_runs():
    runpy.run_path(str(EXAMPLE), run_name="__main__")


def test_writer_fingerprint_equals_the_one_shot_function_in_odd_pieces():
    data = bytes((i * 31 + 7) % 256 for i in range(70_001))
    w = EncryptingWriter(io.BytesIO(), size=len(data), mtime=-5)
    for pos in range(0, len(data), 4093):
        w.write(data[pos:pos + 4093])
    w.close()
    want = megacrypt.FileFingerprint(len(data), megacrypt.compute_sparse_crc(data), -5)
    assert w.fingerprint.to_c_attribute() == want.to_c_attribute()
    assert w.fingerprint.size() == len(data)


def test_writer_refuses_a_wrong_announced_size():
    with pytest.raises(megacrypt.CryptoError.SizeMismatch):
        encrypt_stream_with_fingerprint(io.BytesIO(b"abc"), io.BytesIO(), 4, 0)
    with pytest.raises(ValueError):
        EncryptingWriter(io.BytesIO(), size=3)
