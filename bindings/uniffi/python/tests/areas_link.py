"""Areas `links` and `password_links` (core `link`): mirror core/tests/vectors/area_links.rs
through the bindings."""
import megacrypt
from vectorlib import Mismatch, Skip, eq


def kind_name(k):
    return "file" if k == megacrypt.LinkKind.FILE else "folder"


def key_bytes(nk):
    return megacrypt.node_key_export_bytes(nk) if nk is not None else None


def child_handle(link):
    ch = link.child()
    return ch.handle if ch is not None else None


def check_link(c):
    c.info("what", "megapy_parse", "megapy_agrees", "flags")
    url = c.str("url")
    try:
        link = megacrypt.PublicLink.parse(url)
        err = None
    except (megacrypt.CryptoError.Malformed, megacrypt.CryptoError.Unsupported) as e:
        link, err = None, e
    if not c.bool("accepted"):
        c.info("megajs_error")
        if err is not None:
            return
        # As the Rust handler: MEGA's own clients read these; megajs does not.
        if link.key() is None:
            raise Skip("keyless new-format link: megajs rejects it, MEGA's SDK/webclient read it")
        if isinstance(link.child(), megacrypt.LinkChild.FOLDER):
            raise Skip("folder link with /folder/ child: megajs rejects it, MEGA's webclient writes it")
        raise Mismatch("accepted a link that the reference implementation rejects")
    if err is not None:
        raise Mismatch(f"parse: {err}")
    eq("type", c.str("type"), kind_name(link.kind()))
    c.expect_str("handle", link.public_handle())
    want_b64 = c.opt("key_b64")
    got = key_bytes(link.key())
    if want_b64 is not None and got is not None:
        eq("key_b64", want_b64, megacrypt.base64_encode(got))
        c.expect_hex("key_hex", got)
    elif want_b64 is None and got is None:
        if c.opt("key_hex") is not None:
            raise Mismatch("key_hex without key_b64")
    else:
        raise Mismatch(f"key: expected {want_b64!r}, got key present = {got is not None}")
    eq("child_handle", c.opt("child_handle"), child_handle(link))
    for again in (link.to_url(), link.to_legacy_url()):
        l2 = megacrypt.PublicLink.parse(again)
        eq("re-parse handle", link.public_handle(), l2.public_handle())
        eq("re-parse key", got, key_bytes(l2.key()))
        eq("re-parse child", child_handle(link), child_handle(l2))


def check_password_link(c):
    c.info("flags", "produced_by")
    password = c.str("password")
    used = c.hex("password_bytes_used_hex")
    if used != password.encode("utf-8") and used != password.strip().encode("utf-8"):
        raise Mismatch("password_bytes_used_hex is neither the password nor its trimmed form")
    used_s = used.decode("utf-8")
    salt = c.hex("salt_hex")
    c.expect_hex("derived_key_hex", megacrypt.derive_protected_link_key(used, salt))
    p_link = c.str("p_link")
    protected = megacrypt.ProtectedLink.parse(p_link)
    c.expect_hex("p_payload_hex", protected.to_payload())
    eq("p_link re-encoded", p_link, protected.to_url())
    eq("algorithm", c.u64("algorithm"), protected.algorithm())
    eq("type", c.str("type"), kind_name(protected.kind()))
    c.expect_str("public_handle", protected.public_handle())
    opened = protected.open(used_s)
    key = key_bytes(opened.key())
    if key is None:
        raise Mismatch("opened link has no key")
    c.expect_hex("key_hex", key)
    c.expect_str("key_b64", megacrypt.base64_encode(key))
    url = opened.to_url()
    c.expect_str("decrypted_link", url)
    if not url.startswith("https://mega.nz"):
        raise Mismatch("url prefix")
    c.expect_str("decrypted_link_path", url[len("https://mega.nz"):])
    if c.has("decrypted_link_legacy_format"):
        c.expect_str("decrypted_link_legacy_format", opened.to_legacy_url())
    wrong = c.opt("wrong_password")
    if wrong is None:
        wrong = used_s + "x"
    try:
        protected.open(wrong)
        rejected = False
    except megacrypt.CryptoError.Decrypt:
        rejected = True
    eq("wrong_password_rejected", c.bool("wrong_password_rejected"), rejected)
    if protected.algorithm() == 2:
        inp = c.opt("encryptlink_input")
        source = megacrypt.PublicLink.parse(inp) if inp is not None else opened
        made = megacrypt.ProtectedLink.hazmat_protect_with_salt(source, used_s, salt)
        eq("created link", p_link, made.to_url())
    elif c.has("encryptlink_input"):
        raise Mismatch("encryptlink_input given for a legacy-algorithm case")
