"""Makes the generated module (``$MEGACRYPT_PY_GENERATED``, written by ../../test.sh next to the
cdylib), the helpers in ``python/`` and this folder importable."""
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATED = os.environ.get("MEGACRYPT_PY_GENERATED")
if not GENERATED:
    raise RuntimeError("set MEGACRYPT_PY_GENERATED to the folder holding megacrypt.py (run bindings/uniffi/test.sh)")
for p in (GENERATED, str(HERE.parent), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)
