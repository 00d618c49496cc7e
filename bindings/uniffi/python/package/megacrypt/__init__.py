"""megacrypt: MEGA (mega.nz) client-side cryptography, a Rust core through uniffi.

Every name of the generated bindings (``megacrypt._ffi.megacrypt``) is available here: ``FileKey``,
``FileEncryptor``, ``PublicLink``, ``CryptoError``, ... The stream helpers are the sibling module
``megacrypt_io``.
"""
from ._ffi.megacrypt import *  # noqa: F401,F403
from ._ffi.megacrypt import __all__ as __all__  # noqa: F401
