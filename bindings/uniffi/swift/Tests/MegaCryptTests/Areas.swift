// The areas the Swift vector harness checks, by the `area` field of a vector file. Each handler
// mirrors core/tests/vectors/area_<area>.rs through the bindings and lives in Areas<Module>.swift,
// the module named as in the bindings and the Kotlin, Python and JavaScript harnesses (AreasKdf,
// AreasSession, AreasLink, AreasTlv, AreasMetadata…). To add an area: write its handler in its
// module's file and add one entry here. Areas missing here count as skipped.

let vectorAreas: [String: AreaHandler] = [
    "base64": perCase(checkBase64),
    "file_encrypt": perCase(checkFileEncrypt),
    "kdf_v1": perCase(checkKdfV1),
    "kdf_v2": perCase(checkKdfV2),
    "master_key": perCase(checkMasterKeyArea),
    "attributes": perCase(checkAttributes),
    "links": perCase(checkLink),
    "password_links": perCase(checkPasswordLink),
    "hashcash": perCase(checkHashcash),
    "ccm": perCase(checkCcm),
    "rsa": rsaHandler,
    "rsa_tamper": rsaTamperHandler,
    "fingerprint": perCase(checkFingerprint),
    "media_attributes": perCase(checkMediaAttributes),
    "gps": perCase(checkGps),
    "upload_checksum": perCase(checkUploadChecksum),
    "cloudraid": perCase(checkCloudraid),
    "sets": perCase(checkSets),
    "user_attributes": perCase(checkUserAttributes),
    "keys_container": perCase(checkKeysContainer),
    "key_signature": perCase(checkKeySignature),
    "key_exchange": perCase(checkKeyExchange),
]
