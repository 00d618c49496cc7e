"""The dispatch tables of the Python vector harness (test_vectors.py): area name -> handler. Each
handler mirrors the Rust handler in core/tests/vectors/area_<area>.rs through the bindings and sits
in areas_<core module>.py, named after the core module it exercises. An area missing from HANDLERS
is not exposed by the bindings yet and its cases count as skipped."""
import areas_albums
from areas_accounts_modern import check_key_exchange, check_key_signature, check_keys_container
from areas_attributes import check_attributes
from areas_base64 import check_base64
from areas_file import check_file_encrypt
from areas_hashcash import check_hashcash
from areas_kdf import check_kdf_v1, check_kdf_v2
from areas_link import check_link, check_password_link
from areas_metadata import (check_cloudraid, check_fingerprint, check_gps, check_media_attributes,
                            check_upload_checksum)
from areas_rsa import make_rsa_checker, make_rsa_tamper_checker
from areas_session import check_master_key_area
from areas_tlv import check_ccm

HANDLERS = {
    "base64": check_base64,
    "file_encrypt": check_file_encrypt,
    "kdf_v1": check_kdf_v1,
    "kdf_v2": check_kdf_v2,
    "master_key": check_master_key_area,
    "attributes": check_attributes,
    "links": check_link,
    "password_links": check_password_link,
    "hashcash": check_hashcash,
    "ccm": check_ccm,
    "keys_container": check_keys_container,
    "key_signature": check_key_signature,
    "key_exchange": check_key_exchange,
    "sets": areas_albums.check_sets,
    "user_attributes": areas_albums.check_user_attributes,
    "fingerprint": check_fingerprint,
    "media_attributes": check_media_attributes,
    "gps": check_gps,
    "upload_checksum": check_upload_checksum,
    "cloudraid": check_cloudraid,
}

# Areas whose files carry file-level inputs: the factory reads them once and returns the per-case
# check (a file-level failure fails every case of the file).
FILE_HANDLERS = {
    "rsa": make_rsa_checker,
    "rsa_tamper": make_rsa_tamper_checker,
}
