// The dispatch tables of the Kotlin vector harness (VectorsTest.kt): area name -> handler. Each
// handler mirrors core/tests/vectors/area_<area>.rs through the bindings and sits in
// Areas<CoreModule>.kt, named after the core module it exercises. Areas missing from the tables are
// not exposed yet and count as skipped.
package megacrypt

import org.json.JSONObject

val AREAS: Map<String, (Case) -> Unit> = mapOf(
    "base64" to ::checkBase64,
    "file_encrypt" to ::checkFileEncrypt,
    "kdf_v1" to ::checkKdfV1,
    "kdf_v2" to ::checkKdfV2,
    "master_key" to ::checkMasterKeyArea,
    "attributes" to ::checkAttributes,
    "links" to ::checkLink,
    "password_links" to ::checkPasswordLink,
    "hashcash" to ::checkHashcash,
    "ccm" to ::checkCcm,
    "keys_container" to ::checkKeysContainer,
    "key_signature" to ::checkKeySignature,
    "key_exchange" to ::checkKeyExchange,
    "sets" to ::checkSets,
    "user_attributes" to ::checkUserAttributes,
    "fingerprint" to ::checkFingerprint,
    "media_attributes" to ::checkMediaAttributes,
    "gps" to ::checkGps,
    "upload_checksum" to ::checkUploadChecksum,
    "cloudraid" to ::checkCloudraid,
)

/** Areas whose files carry file-level inputs: the factory reads them once per file. */
val FILE_AREAS: Map<String, (JSONObject) -> (Case) -> Unit> = mapOf(
    "rsa" to ::rsaChecker,
    "rsa_tamper" to ::rsaTamperChecker,
)
