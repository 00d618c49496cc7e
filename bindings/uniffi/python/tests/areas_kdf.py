"""Areas `kdf_v1` and `kdf_v2` (core `kdf`): mirror core/tests/vectors/area_kdf.rs through the
bindings."""
import megacrypt
from vectorlib import Mismatch, Skip, eq
from areas_session import check_master_key


def b64(b):
    return megacrypt.base64_encode(bytes(b))


def check_password_key_v1(c):
    pk = megacrypt.prepare_key_v1(c.str("password"))
    c.expect_hex("password_key_hex", pk.export_bytes())
    return pk


def utf16_units(s):
    return len(s.encode("utf-16-le")) // 2


def unicode_lower_utf8_hash(lower, pk):
    # megajs's convention (UTF-8 of the Unicode-lower-cased address) = the SDK encoding of an
    # already lower-cased input (as in the Rust handler).
    return b64(megacrypt.user_hash_v1(lower, pk, megacrypt.EmailEncoding.SDK))


def check_kdf_v1(c):
    kind = c.str("kind")
    if kind == "prepare_key":
        c.info("flags")
        password = c.str("password")
        c.expect_hex("password_utf8_hex", password.encode("utf-8"))
        units = utf16_units(password)
        eq("password_utf16_code_units", c.u64("password_utf16_code_units"), units)
        if c.has("sdk_code_units"):
            eq("sdk_code_units", c.u64("sdk_code_units"), units)
        packed = bytes(megacrypt.js_pack_password(password))
        packed += bytes(-len(packed) % 4)
        c.expect_hex("js_a32_input_hex", packed)
        official = megacrypt.prepare_key_v1(password)
        c.expect_hex("key_official_hex", official.export_bytes())
        utf8 = megacrypt.prepare_key_v1_bytes(password.encode("utf-8"))
        c.expect_hex("key_utf8_hex", utf8.export_bytes())
        try:
            latin1 = password.encode("latin-1")
        except UnicodeEncodeError:
            latin1 = None
        want = c.opt("key_latin1_hex")
        if want is not None and latin1 is not None:
            eq("key_latin1_hex", want, megacrypt.prepare_key_v1_bytes(latin1).export_bytes().hex())
        elif not (want is None and latin1 is None):
            raise Mismatch(f"key_latin1_hex: {want!r} vs latin1 encodable {latin1 is not None}")
        m = c.opt("megajs_login_key_hex")
        if m is not None:
            eq("megajs_login_key_hex", m, utf8.export_bytes().hex())
            eq("megajs_matches_official", c.bool("megajs_matches_official"), utf8 == official)
        if c.has("megapy_matches_official"):
            c.info("megapy_login_error")
            megapy = c.opt("megapy_login_key_hex")
            matches = megapy is not None and megapy == official.export_bytes().hex()
            eq("megapy_matches_official", c.bool("megapy_matches_official"), matches)
            if megapy is not None:
                eq("megapy_login_key_hex == key_latin1_hex", megapy, c.opt("key_latin1_hex"))
    elif kind == "stringhash":
        email = c.str("email")
        c.expect_str("email_lowercased", email.lower())
        if c.has("email_bytes"):
            eq("email_bytes", c.u64("email_bytes"), len(email.encode("utf-8")))
        pk = check_password_key_v1(c)
        web = megacrypt.user_hash_v1(email, pk, megacrypt.EmailEncoding.WEBCLIENT)
        sdk = megacrypt.user_hash_v1(email, pk, megacrypt.EmailEncoding.SDK)
        eq("webclient vs sdk encoding", web, sdk)
        c.expect_str("uh_b64", b64(web))
    elif kind == "stringhash_non_ascii":
        c.info("normative", "flags")
        email = c.str("email")
        lowered = c.str("email_lowercased")
        ascii_lower = "".join(ch.lower() if ch.isascii() else ch for ch in email)
        if lowered not in (email.lower(), ascii_lower):
            raise Mismatch(f"email_lowercased: {lowered!r}")
        if c.has("password"):
            pk = check_password_key_v1(c)
        else:
            pk = megacrypt.PasswordKey.from_bytes(c.hex("password_key_hex"))
        web = b64(megacrypt.user_hash_v1(email, pk, megacrypt.EmailEncoding.WEBCLIENT))
        sdk = b64(megacrypt.user_hash_v1(email, pk, megacrypt.EmailEncoding.SDK))
        utf8 = unicode_lower_utf8_hash(email.lower(), pk)
        if c.has("webclient_uh_b64"):
            c.expect_str("webclient_uh_b64", web)
            c.expect_str("megapy_uh_b64", web)
            c.expect_str("megajs_uh_b64", utf8)
        else:
            c.expect_str("uh_b64", sdk)
            c.expect_str("python_restatement_code_units_unicode_lowercase_uh_b64", web)
            c.expect_str("python_restatement_utf8_unicode_lowercase_uh_b64", utf8)
    elif kind == "login_v1":
        email = c.str("email")
        sent = c.str("email_sent")
        if sent != email.lower() and sent != email:
            raise Mismatch(f"email_sent {sent!r} is neither the address nor its lower case")
        pk = check_password_key_v1(c)
        c.expect_str("uh_b64", b64(megacrypt.user_hash_v1(sent, pk, None)))
        check_master_key(c, pk)
    else:
        raise Skip(f"unknown kdf_v1 kind {kind}")


def check_kdf_v2(c):
    kind = c.str("kind")
    if kind == "derive":
        password = c.str("password")
        c.expect_hex("password_utf8_hex", password.encode("utf-8"))
        eq("iterations", c.u64("iterations"), 100_000)
        salt = c.hex("salt_hex")
        c.expect_str("salt_b64", b64(salt))
        keys = megacrypt.derive_v2(password, salt)
        c.expect_hex("derived_key_hex", keys.password_key.export_bytes() + keys.auth_key.export_bytes())
        c.expect_hex("password_key_hex", keys.password_key.export_bytes())
        c.expect_hex("auth_key_hex", keys.auth_key.export_bytes())
        c.expect_str("uh_b64", keys.user_hash_b64)
        c.expect_hex("hashed_auth_key_hex", keys.hashed_auth_key)
    elif kind == "salt_from_client_random_value":
        salt = megacrypt.v2_salt(c.hex("client_random_value_hex"))
        c.expect_hex("salt_hex", salt)
        c.expect_str("salt_b64", b64(salt))
    elif kind == "login_v2":
        email = c.str("email")
        sent = c.str("email_sent")
        if sent != email.lower():
            raise Mismatch(f"email_sent {sent!r} is not the lower-cased address")
        keys = megacrypt.derive_v2_b64_salt(c.str("password"), c.str("salt_b64"))
        c.expect_hex("password_key_hex", keys.password_key.export_bytes())
        c.expect_str("uh_b64", keys.user_hash_b64)
        check_master_key(c, keys.password_key)
    else:
        raise Skip(f"unknown kdf_v2 kind {kind}")
