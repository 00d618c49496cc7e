"""TOTP (RFC 6238 Appendix B, transcribed from the RFC), password items, typed user attributes and
albums through the Python bindings. Expected values come from the RFC or from first principles;
the byte-exact album and attribute checks are in the vector harness (areas_albums.py)."""
import base64
import json

import pytest

import megacrypt

SEEDS = {
    megacrypt.TotpAlgorithm.SHA1: b"12345678901234567890",
    megacrypt.TotpAlgorithm.SHA256: b"12345678901234567890123456789012",
    megacrypt.TotpAlgorithm.SHA512: b"1234567890123456789012345678901234567890123456789012345678901234",
}

# RFC 6238 Appendix B: (time, SHA-1, SHA-256, SHA-512), 8 digits, 30-second period.
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]

ROWS = [
    (t, alg, code)
    for t, *codes in RFC6238
    for alg, code in zip(
        [megacrypt.TotpAlgorithm.SHA1, megacrypt.TotpAlgorithm.SHA256, megacrypt.TotpAlgorithm.SHA512], codes
    )
]


def test_rfc6238_has_18_rows():
    assert len(ROWS) == 18


@pytest.mark.parametrize("t,alg,code", ROWS)
def test_rfc6238_appendix_b(t, alg, code):
    seed = SEEDS[alg]
    # The secret as MEGA stores it: base32 (encoded here by Python's standard library).
    secret = base64.b32encode(seed).decode("ascii")
    totp = megacrypt.Totp(secret, alg, 8, 30)
    assert totp.code_at(t) == code
    assert megacrypt.Totp.from_secret(seed, alg, 8, 30).code_at(t) == code
    assert megacrypt.decode_base32(secret.lower().rstrip("=")) == seed
    assert megacrypt.encode_base32(seed) == secret


def test_totp_verify_window_and_digits():
    totp = megacrypt.Totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", megacrypt.TotpAlgorithm.SHA1, 8, 30)
    assert totp.verify("94287082", 59, 0)
    assert totp.verify("94287082", 59 + 30, 1)  # one period late: inside a window of 1
    assert not totp.verify("94287082", 59 + 30, 0)
    assert not totp.verify("94287082", 59 + 60, 1)  # two periods late: outside
    assert totp.verify("94287082", 59 + 60, 2)
    assert not totp.verify("94287083", 59, 1)  # a wrong digit
    assert not totp.verify("4287082", 59, 1)  # too short
    assert not totp.verify("094287082", 59, 1)  # too long
    with pytest.raises(megacrypt.CryptoError.ApiMisuse):
        totp.verify("94287082", 59, 101)
    assert totp.remaining_seconds(59) == 1
    assert (totp.algorithm(), totp.digits(), totp.period()) == (megacrypt.TotpAlgorithm.SHA1, 8, 30)
    # Six digits are the last six of the eight (RFC 4226 truncation modulo 10^digits).
    six = megacrypt.Totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", megacrypt.TotpAlgorithm.SHA1, 6, 30)
    assert six.code_at(59) == "287082"


def test_totp_parameters_are_validated():
    s = "GEZDGNBVGY3TQOJQ"
    for digits in (5, 11, 300):
        with pytest.raises(megacrypt.CryptoError.Malformed):
            megacrypt.Totp(s, megacrypt.TotpAlgorithm.SHA1, digits, 30)
    with pytest.raises(megacrypt.CryptoError.Malformed):
        megacrypt.Totp(s, megacrypt.TotpAlgorithm.SHA1, 6, 0)
    with pytest.raises(megacrypt.CryptoError.InvalidKey):
        megacrypt.Totp("====", megacrypt.TotpAlgorithm.SHA1, 6, 30)
    with pytest.raises(megacrypt.CryptoError.Malformed):
        megacrypt.Totp("GE1D", megacrypt.TotpAlgorithm.SHA1, 6, 30)


def test_password_item_round_trip_keeps_unknown_fields():
    # `t` and `nd` as decimal text (read) come back as JSON integers (written).
    src = json.dumps({
        "pwd": "hunter2", "u": "alice", "url": "https://example.com", "n": "note",
        "totp": {"shse": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "t": "30", "alg": "sha1", "nd": "8"},
        "x": {"keep": 1},
    })
    item = megacrypt.PasswordItem.from_json(src)
    assert not item.is_credit_card()
    assert item.export_password() == "hunter2"
    assert (item.user_name(), item.url(), item.notes()) == ("alice", "https://example.com", "note")
    assert item.totp().to_totp().code_at(59) == "94287082"
    out = json.loads(item.to_json())
    assert out["totp"]["t"] == 30 and out["totp"]["nd"] == 8
    assert out["x"] == {"keep": 1}
    assert megacrypt.PasswordItem.from_json(item.to_json()) == item
    # Through node attributes (the `pwm` attribute).
    attrs = item.to_node_attributes(megacrypt.NodeAttributes.with_name("example.com"))
    assert megacrypt.PasswordItem.from_node_attributes(attrs) == item
    # Built from scratch.
    spec = megacrypt.TotpSpec("GEZDGNBVGY3TQOJQ", megacrypt.TotpAlgorithm.SHA256, 6, 60)
    made = megacrypt.PasswordItem.password("pw").with_user_name("bob").with_totp(spec)
    back = json.loads(made.to_json())
    assert back == {"pwd": "pw", "u": "bob", "totp": {"shse": "GEZDGNBVGY3TQOJQ", "t": 60, "alg": "sha256", "nd": 6}}
    assert made.without_totp().totp() is None
    card = megacrypt.PasswordItem.credit_card("4111111111111111").with_cvv("123").with_expiry("12/29").with_user_name("A B")
    assert json.loads(card.to_json()) == {"t": "c", "nu": "4111111111111111", "u": "A B", "cvv": "123", "exp": "12/29"}
    card = megacrypt.PasswordItem.from_json(card.to_json())
    assert card.is_credit_card()
    assert (card.export_card_number(), card.export_cvv(), card.expiry()) == ("4111111111111111", "123", "12/29")
    assert card.export_password() is None


@pytest.mark.parametrize("bad,code", [
    ('{"pwd":42}', "Malformed"),
    ("[]", "Malformed"),
    ("{}", "Malformed"),
    ("not json", "Malformed"),
    ('{"pwd":"x","u":[]}', "Malformed"),
    ('{"pwd":"x","totp":{"t":30}}', "Malformed"),
    ('{"pwd":"x","totp":{"shse":"GEZD","nd":5}}', "Malformed"),
    ('{"pwd":"x","totp":{"shse":"GEZD","t":1.5}}', "Malformed"),
    ('{"pwd":"x","totp":{"shse":"GEZD","alg":"md5"}}', "Unsupported"),
    ('{"t":"c"}', "Malformed"),
    ('{"t":"c","nu":"1","cvv":123}', "Malformed"),
    ('{"t":"z","pwd":"x"}', "Unsupported"),
])
def test_password_item_is_strict(bad, code):
    with pytest.raises(getattr(megacrypt.CryptoError, code)):
        megacrypt.PasswordItem.from_json(bad)


def test_password_item_fields_of_the_other_kind_are_misuse():
    with pytest.raises(megacrypt.CryptoError.ApiMisuse):
        megacrypt.PasswordItem.password("x").with_cvv("1")
    with pytest.raises(megacrypt.CryptoError.ApiMisuse):
        megacrypt.PasswordItem.credit_card("1").with_url("https://x")


def test_albums_round_trip_and_collection_links():
    mk = megacrypt.MasterKey.generate()
    sk = megacrypt.SetKey.generate()
    assert megacrypt.unwrap_set_key(mk, megacrypt.wrap_set_key(mk, sk)) == sk
    attrs = megacrypt.SetAttributes().with_name("Holiday")
    at = megacrypt.seal_set_attributes(sk, attrs)
    assert megacrypt.open_set_attributes(sk, at).name() == "Holiday"
    with pytest.raises(megacrypt.CryptoError.Decrypt):
        megacrypt.open_set_attributes(megacrypt.SetKey.generate(), at)
    assert megacrypt.seal_set_attributes(sk, attrs.with_name(None)) == b""
    with pytest.raises(megacrypt.CryptoError.ApiMisuse):
        attrs.with_cover("mAosGWFZxWA").check_cover(True, ["mAosGWFZxWA"])
    fk = megacrypt.FileKey.from_node_key(bytes(range(1, 33)))
    ek = megacrypt.ElementKey.from_file_key(fk)
    assert megacrypt.unwrap_element_key(sk, megacrypt.wrap_element_key(sk, ek)) == ek
    link = megacrypt.CollectionLink("QylglsXZ", sk)
    url = link.to_url()
    assert url == "https://mega.nz/collection/QylglsXZ#" + sk.export_b64()
    parsed = megacrypt.parse_link(url)
    assert isinstance(parsed, megacrypt.AnyLink.COLLECTION)
    assert parsed.link == link and parsed.link.kind() == megacrypt.LinkKind.COLLECTION
    assert link.to_url_on(megacrypt.LinkHost.MEGA_APP).startswith("https://mega.app/collection/")
    with pytest.raises(megacrypt.CryptoError.Malformed):
        megacrypt.CollectionLink.parse("https://mega.nz/collection/QylglsXZ!" + sk.export_b64())


def test_typed_user_attributes_round_trip_and_pass_unknown_records():
    mk = megacrypt.MasterKey.generate()
    cam = megacrypt.CameraUploadsFolders().with_primary("JGXrym5_")
    back = megacrypt.CameraUploadsFolders.open(mk, cam.seal(mk))
    assert back.primary() == "JGXrym5_" and back.secondary() is None
    recs = megacrypt.TlvRecords()
    recs.insert("h", bytes(6))
    recs.insert("zz", b"keep")
    cam = megacrypt.CameraUploadsFolders.from_bytes(recs.to_bytes())
    assert cam.to_bytes() == recs.to_bytes()
    bad = megacrypt.TlvRecords()
    bad.insert("h", bytes(5))
    with pytest.raises(megacrypt.CryptoError.Malformed):
        megacrypt.CameraUploadsFolders.from_bytes(bad.to_bytes())
    h = megacrypt.device_id_hash(b"device")
    names = megacrypt.DeviceNames().with_device(h, "laptop").with_drive("AQIDBAUGBwg", "usb")
    assert names.device(h) == "laptop" and names.drive("AQIDBAUGBwg") == "usb"
    with pytest.raises(megacrypt.CryptoError.ApiMisuse):
        names.with_drive("CAcGBQQDAgE", "laptop")
    aliases = megacrypt.ContactAliases().with_alias("AAAAAAAAAAA", "Mum")
    assert aliases.get("AAAAAAAAAAA") == "Mum" and aliases.keys() == ["AAAAAAAAAAA"]
    rp = megacrypt.RichPreviews().with_enabled(True).with_warning_count(3)
    assert megacrypt.RichPreviews.open(mk, rp.seal(mk)).warning_count() == 3
    geo = megacrypt.Geolocation().with_enabled(True)
    assert megacrypt.Geolocation.open(mk, geo.seal(mk)).enabled()
    ring = megacrypt.Keyring.from_parts(bytes([1]) * 32, bytes([2]) * 32)
    assert megacrypt.Keyring.open(mk, ring.seal(mk)).export_cu25519_private() == bytes([2]) * 32
    auth = megacrypt.LegacyAuthring.from_raw(bytes(29))
    assert megacrypt.LegacyAuthring.open(mk, auth.seal(mk)).raw() == bytes(29)
    assert auth.attribute_name() == "*!authring"
