"""Area handlers `sets` and `user_attributes` for the Python vector harness, through the bindings.
They mirror core/tests/vectors/area_sets.rs and area_user_attributes.rs case by case (the same
fields read, the same verdicts)."""
import json

import megacrypt
from vectorlib import Mismatch, Skip, eq

b64e = megacrypt.base64_encode
b64d = megacrypt.base64_decode


def b64_id(s, n, what):
    """Checks that `s` is the MEGA base64 of exactly n bytes (a Set id, an Element id, a handle)."""
    if not isinstance(s, str) or len(s) != (4 * n + 2) // 3:
        raise Mismatch(f"{what}: {s!r} is not {n} bytes in base64")
    if len(b64d(s)) != n:
        raise Mismatch(f"{what}: {s!r} is not {n} bytes")
    return s


def records_tlv(obj, decode):
    """TLV bytes of a JSON object of records (values decoded by `decode`)."""
    if not isinstance(obj, dict):
        raise Mismatch("records is not an object")
    r = megacrypt.TlvRecords()
    for k, v in obj.items():
        if not isinstance(v, str):
            raise Mismatch("record value is not a string")
        r.insert(k, decode(v))
    return r.to_bytes()


def text_records(obj):
    return records_tlv(obj, lambda v: v.encode("utf-8"))


def hex_records(obj):
    return records_tlv(obj, bytes.fromhex)


# ------------------------------------------------------------------------------------------ sets
def set_key_of(c):
    return megacrypt.SetKey.from_bytes(c.hex("set_key_hex"))


def master_key_of(c):
    return megacrypt.MasterKey.from_bytes(c.hex("master_key_hex"))


def check_sets(c):
    c.info("what")
    kind = c.str("kind")
    handler = {
        "set_key": _set_key,
        "element_key": _element_key,
        "set_attributes": _set_attributes,
        "element_attributes": _element_attributes,
        "aesp_read": _aesp_read,
        "collection_link": _collection_link,
        "preview_node": _preview_node,
    }.get(kind)
    if handler is None:
        raise Skip(f"unknown sets kind {kind}")
    handler(c)


def _set_key(c):
    mk = master_key_of(c)
    sk = set_key_of(c)
    eq("rng_hex", c.str("rng_hex"), c.str("set_key_hex"))
    k = megacrypt.wrap_set_key(mk, sk)
    c.expect_hex("k_hex", k)
    c.expect_str("k_b64", b64e(k))
    eq("unwrap", sk.export_bytes(), megacrypt.unwrap_set_key(mk, k).export_bytes())
    ty = megacrypt.set_type_from_code(c.u64("type"))
    c.expect_str("asp_request", f'"a":"asp","k":"{b64e(k)}","t":{megacrypt.set_type_code(ty)}')


def _order_suffix(c):
    o = c.opt("order")
    if o is None:
        return ""
    if not isinstance(o, int) or isinstance(o, bool):
        raise Mismatch("order is not an integer")
    return f',"o":{o}'


def _element_key(c):
    sk = set_key_of(c)
    set_id = b64_id(c.str("set_id_b64"), 8, "set id")
    node = b64_id(c.str("node_handle_b64"), 6, "node handle")
    nk = c.hex("node_key_hex")
    ek = megacrypt.ElementKey.from_bytes(nk)
    k = megacrypt.wrap_element_key(sk, ek)
    c.expect_hex("k_hex", k)
    c.expect_str("k_b64", b64e(k))
    eq("unwrap", ek.export_bytes(), megacrypt.unwrap_element_key(sk, k).export_bytes())
    ecb = c.hex("ecb_k_hex")
    eq("ECB first block", ecb[:16].hex(), k[:16].hex())
    if ecb[16:] == k[16:]:
        raise Mismatch("ECB and CBC agree on the second block")
    try:
        wrong = megacrypt.unwrap_element_key(sk, ecb)
    except megacrypt.CryptoError:
        wrong = None
    if wrong is not None and wrong.export_bytes() == ek.export_bytes():
        raise Mismatch("an ECB-wrapped Element key unwrapped to the node key")
    c.expect_str(
        "aep_request",
        f'"a":"aep","s":"{set_id}","h":"{node}","k":"{b64e(k)}"{_order_suffix(c)}',
    )


def _set_attributes(c):
    sk = set_key_of(c)
    new_set = c.str("path").startswith("create")
    existing = c.opt("existing_records")
    attrs = (
        megacrypt.SetAttributes.from_bytes(text_records(existing))
        if existing is not None
        else megacrypt.SetAttributes()
    )
    ids = c.opt("element_ids_b64")
    elements = [] if ids is None else [e if isinstance(e, str) else "" for e in ids]
    change = c.value("change")
    if "name" in change:
        n = change["name"]
        attrs = attrs.with_name(n if isinstance(n, str) else None)
    if "cover_b64" in change:
        cover = change["cover_b64"]
        attrs = attrs.with_cover(cover if isinstance(cover, str) else None)
    try:
        attrs.check_cover(new_set, elements)
        checked = None
    except megacrypt.CryptoError as e:
        checked = e
    if c.has("sdk_error"):
        c.info("sdk_error", "sdk_error_name", "rng_hex", "master_key_hex", "set_id_b64")
        eq("request_sent", False, c.bool("request_sent"))
        if not isinstance(checked, megacrypt.CryptoError.ApiMisuse):
            raise Mismatch(f"SDK refused with API_EARGS, megacrypt: {checked!r}")
        return
    if checked is not None:
        raise checked
    eq("records", text_records(c.value("records")).hex(), attrs.to_bytes().hex())
    rng = c.hex("rng_hex")
    if new_set:
        mk = master_key_of(c)
        eq("rng Set key", rng[:16].hex(), sk.export_bytes().hex())
        iv = c.hex("iv_hex")
        eq("rng IV", rng[16:].hex(), iv.hex())
        k_b64 = b64e(megacrypt.wrap_set_key(mk, sk))
        at = megacrypt.hazmat_seal_set_attributes_with_iv(sk, attrs, iv)
    elif c.opt("iv_drawn") is False:
        k_b64 = None
        at = megacrypt.hazmat_seal_set_attributes_with_iv(sk, attrs, rng)
    else:
        k_b64 = None
        iv = c.hex("iv_hex")
        eq("rng IV", rng.hex(), iv.hex())
        at = megacrypt.hazmat_seal_set_attributes_with_iv(sk, attrs, iv)
    if len(attrs.to_bytes()) == 0:
        eq("at of cleared attributes", 0, len(at))
    else:
        c.expect_hex("tlv_hex", attrs.to_bytes())
    c.expect_hex("at_hex", at)
    c.expect_str("at_b64", b64e(at))
    eq("reopened", attrs.to_bytes().hex(), megacrypt.open_set_attributes(sk, at).to_bytes().hex())
    if k_b64 is not None:
        request = f'"a":"asp","k":"{k_b64}","t":0,"at":"{b64e(at)}"'
    else:
        set_id = b64_id(c.str("set_id_b64"), 8, "set id")
        request = f'"a":"asp","id":"{set_id}","at":"{b64e(at)}"'
    c.expect_str("asp_request", request)


def _element_attributes(c):
    sk = set_key_of(c)
    set_id = b64_id(c.str("set_id_b64"), 8, "set id")
    node = b64_id(c.str("node_handle_b64"), 6, "node handle")
    nk = c.hex("node_key_hex")
    ek = megacrypt.ElementKey.from_bytes(nk)
    c.expect_hex("attr_key_hex", ek.attribute_key().export_bytes())
    attrs = megacrypt.ElementAttributes.from_bytes(text_records(c.value("records")))
    c.expect_hex("tlv_hex", attrs.to_bytes())
    at = megacrypt.hazmat_seal_element_attributes_with_iv(ek, attrs, c.hex("iv_hex"))
    c.expect_hex("at_hex", at)
    c.expect_str("at_b64", b64e(at))
    eq("reopened", attrs.to_bytes().hex(), megacrypt.open_element_attributes(ek, at).to_bytes().hex())
    first_half = megacrypt.ElementKey.from_bytes(nk[:16])
    try:
        megacrypt.open_element_attributes(first_half, at)
        opens = True
    except megacrypt.CryptoError:
        opens = False
    eq("opens_with_first_half_only", c.bool("opens_with_first_half_only"), opens)
    k = megacrypt.wrap_element_key(sk, ek)
    c.expect_str("k_b64", b64e(k))
    c.expect_str(
        "aep_request",
        f'"a":"aep","s":"{set_id}","h":"{node}","k":"{b64e(k)}"{_order_suffix(c)},"at":"{b64e(at)}"',
    )


class ReadSet:
    def __init__(self, key, ty, attrs):
        self.key, self.ty, self.attrs = key, ty, attrs


def _read_set(s, key):
    """What megacrypt reads from one Set of an `aesp` or `aft` answer; a Decrypt error is
    returned (the Set is dropped), any other error raised."""
    at = s.get("at")
    attrs = None
    if isinstance(at, str):
        try:
            attrs = megacrypt.open_set_attributes(key, b64d(at))
        except megacrypt.CryptoError as e:
            return e
    t = s.get("t")
    ty = None
    if isinstance(t, int) and not isinstance(t, bool) and t >= 0:
        ty = megacrypt.set_type_from_code(t)
    return ReadSet(key, ty, attrs)


def _code(ty):
    return None if ty is None else megacrypt.set_type_code(ty)


def _aesp_read(c):
    c.info("sdk_log")
    mk = master_key_of(c)
    aesp = json.loads(c.str("aesp_json"))
    kept, dropped = {}, []
    for s in aesp["s"]:
        sid = b64_id(s.get("id") or "", 8, "set id")
        key = megacrypt.unwrap_set_key(mk, b64d(s.get("k") or ""))
        r = _read_set(s, key)
        if isinstance(r, megacrypt.CryptoError.Decrypt):
            dropped.append(sid)
        elif isinstance(r, megacrypt.CryptoError):
            raise Mismatch(f"Set {sid}: unexpected error {r!r}")
        else:
            kept[sid] = r
    exported = {}
    for p in aesp.get("p") or []:
        exported[p.get("s") or ""] = b64_id(p.get("ph") or "", 6, "public handle")
    eq("dropped Sets", [v if isinstance(v, str) else "" for v in c.value("dropped_set_ids_b64")], dropped)
    want_sets = c.value("sdk_sets")
    eq("number of Sets", len(want_sets), len(kept))
    for w in want_sets:
        sid = w.get("id_b64") or ""
        r = kept.get(sid)
        if r is None:
            raise Mismatch(f"Set {sid} not kept")
        eq("Set key", w.get("set_key_hex") or "", r.key.export_bytes().hex())
        eq("type", w.get("type"), _code(r.ty))
        eq("has_attrs", w.get("has_attrs"), r.attrs is not None)
        eq("name", w.get("name") or "", (r.attrs.name() if r.attrs else None) or "")
        eq("cover", w.get("cover_b64"), r.attrs.cover() if r.attrs else None)
        eq("public handle", w.get("public_handle_b64"), exported.get(sid))
    want_elements = c.value("sdk_elements")
    n_kept = 0
    for e in aesp["e"]:
        eid = b64_id(e.get("id") or "", 8, "element id")
        s = kept.get(e.get("s") or "")
        if s is None:
            continue  # Elements of a dropped Set are dropped with it.
        n_kept += 1
        w = next((w for w in want_elements if w.get("id_b64") == eid), None)
        if w is None:
            raise Mismatch(f"Element {eid} kept by megacrypt, not by the SDK")
        ek = megacrypt.unwrap_element_key(s.key, b64d(e.get("k") or ""))
        eq("Element key", w.get("key_hex") or "", ek.export_bytes().hex())
        at = e.get("at")
        attrs = megacrypt.open_element_attributes(ek, b64d(at)) if isinstance(at, str) else None
        eq("has_attrs", w.get("has_attrs"), attrs is not None)
        eq("Element name", w.get("name") or "", (attrs.name() if attrs else None) or "")
        eq("order", w.get("order"), e.get("o"))
        eq("Set", w.get("set_b64"), e.get("s"))
        eq("node", w.get("node_handle_b64"), e.get("h"))
    eq("number of Elements", len(want_elements), n_kept)


HOSTS = {"https://mega.nz": megacrypt.LinkHost.MEGA_NZ, "https://mega.app": megacrypt.LinkHost.MEGA_APP}


def _collection_link(c):
    op = c.str("op")
    if op == "build":
        host = HOSTS.get(c.str("host"))
        if host is None:
            raise Mismatch(f"unknown host {c.str('host')}")
        h = c.hex("public_handle_hex")
        if len(h) != 6:
            raise Mismatch("public_handle_hex: expected 6 bytes")
        c.expect_str("public_handle_b64", b64e(h))
        link = megacrypt.CollectionLink(b64e(h), set_key_of(c))
        c.expect_str("url", link.to_url_on(host))
        c.expect_str("legacy_format_url", "")  # there is no legacy form of a collection link
        back = megacrypt.CollectionLink.parse(link.to_url_on(host))
        eq("re-parse host", host, back.host())
        eq("re-parse", link.to_url(), back.to_url())
    elif op == "parse":
        c.info("sdk_error", "sdk_error_name")
        url = c.str("url")
        strict = c.bool("strict_parse_accepts")
        sdk = c.bool("accepted")
        try:
            link, err = megacrypt.CollectionLink.parse(url), None
        except megacrypt.CryptoError as e:
            link, err = None, e
        if link is not None and strict:
            eq("SDK accepts", True, sdk)
            c.expect_str("public_handle_b64", link.public_handle())
            c.expect_hex("set_key_hex", link.set_key().export_bytes())
            any_link = megacrypt.parse_link(url)
            if not isinstance(any_link, megacrypt.AnyLink.COLLECTION):
                raise Mismatch(f"parse_link gave {any_link!r}")
            eq("parse_link", link, any_link.link)
        elif link is None and not strict:
            if not isinstance(err, megacrypt.CryptoError.Malformed):
                raise Mismatch(f"error kind: expected Malformed, got {err!r}")
            c.info("public_handle_b64", "set_key_hex")
        elif link is not None:
            raise Mismatch("accepted a link outside the written form")
        else:
            raise Mismatch(f"refused the written form: {err!r}")
    else:
        raise Skip(f"unknown collection_link op {op}")


def json_token(s):
    """The JSON string token of a name without its quotes (what the SDK keeps)."""
    return json.dumps(s, ensure_ascii=False)[1:-1]


def _preview_node(c):
    op = c.str("op")
    if op == "node_attributes":
        ek = megacrypt.ElementKey.from_bytes(c.hex("element_key_hex"))
        c.expect_hex("attr_key_hex", ek.attribute_key().export_bytes())
        try:
            a, err = megacrypt.open_preview_node_attributes_b64(ek, c.str("at_b64")), None
        except megacrypt.CryptoError as e:
            a, err = None, e
        if not c.bool("sdk_ok"):
            if not isinstance(err, megacrypt.CryptoError.Decrypt):
                raise Mismatch(f"wrong key: expected Decrypt, got {err!r}")
            return
        if err is not None:
            raise err
        c.expect_str("attr_json", a.json())
        name = a.name()
        if name is None:
            raise Mismatch("no name")
        c.expect_str("json_name", name)
        c.expect_str("sdk_name", json_token(name))
        fp = a.get_string("c")
        if fp is None:
            raise Mismatch("no c")
        c.expect_str("sdk_fingerprint", fp)
    elif op == "aft":
        _aft(c)
    else:
        raise Skip(f"unknown preview_node op {op}")


def _aft(c):
    c.info("aft_request")
    link = megacrypt.CollectionLink.parse(c.str("link"))
    aft = json.loads(c.str("aft_json"))
    s = aft["s"]
    eq("public handle", s.get("ph"), link.public_handle())
    r = _read_set(s, link.set_key())
    if isinstance(r, megacrypt.CryptoError):
        raise r
    w = c.value("sdk_set")
    eq("Set id", w.get("id_b64"), s.get("id"))
    eq("Set key", w.get("set_key_hex") or "", r.key.export_bytes().hex())
    if r.attrs is None:
        raise Mismatch("public Set without attributes")
    eq("Set name", w.get("name"), r.attrs.name())
    eq("cover", w.get("cover_b64"), r.attrs.cover())
    eq("public handle", w.get("public_handle_b64"), s.get("ph"))
    nodes = aft["n"]
    want = c.value("sdk_elements")
    n_kept = 0
    for e in aft["e"]:
        node = next((n for n in nodes if n.get("h") == e.get("h")), None)
        if node is None:
            continue  # an Element without node metadata is dropped from the preview
        n_kept += 1
        eid = e.get("id") or ""
        w = next((w for w in want if w.get("id_b64") == eid), None)
        if w is None:
            raise Mismatch(f"Element {eid} kept by megacrypt, not by the SDK")
        ek = megacrypt.unwrap_element_key(r.key, b64d(e.get("k") or ""))
        eq("Element key", w.get("key_hex") or "", ek.export_bytes().hex())
        ea = megacrypt.open_element_attributes(ek, b64d(e.get("at") or ""))
        eq("Element name", w.get("name"), ea.name())
        eq("order", w.get("order"), e.get("o"))
        eq("node handle", w.get("node_handle_b64"), e.get("h"))
        na = megacrypt.open_preview_node_attributes_b64(ek, node.get("at") or "")
        wn = w.get("node") or {}
        eq("node name (SDK keeps escapes)", wn.get("name") or "", json_token(na.name() or ""))
        eq("fingerprint", wn.get("fingerprint"), na.get_string("c"))
        eq("size", wn.get("size"), node.get("s"))
        eq("ts", wn.get("ts"), node.get("ts"))
        eq("fa", wn.get("fa"), node.get("fa"))
        eq("owner", wn.get("owner_b64"), node.get("u"))
    eq("number of Elements", len(want), n_kept)


# ------------------------------------------------------------------------------- user_attributes
def check_user_attributes(c):
    c.info("what")
    kind = c.str("kind")
    if kind == "device_id_hash":
        dev = c.hex("statsid_hex")
        eq("statsid_text", c.str("statsid_text").encode("utf-8"), dev)
        c.expect_str("device_id_hash", megacrypt.device_id_hash(dev))
    elif kind == "tlv_attribute":
        _tlv_attribute(c)
    else:
        raise Skip(f"unknown user_attributes kind {kind}")


def _existing(c, mk, cls):
    blob = c.opt("existing_container_b64")
    if not isinstance(blob, str):
        return cls()
    blob = b64d(blob)
    opened = megacrypt.open_container(megacrypt.AesKey.from_bytes(mk.export_bytes()), blob)
    eq("existing records", hex_records(c.value("existing_records_hex")).hex(), opened.records.to_bytes().hex())
    return cls.open(mk, blob)


def _text(v):
    try:
        return v.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Mismatch(str(e))


def _handle(v):
    if len(v) != 6:
        raise Mismatch("handle is not 6 bytes")
    return b64e(v)


TYPES = {
    "*!cam": megacrypt.CameraUploadsFolders,
    "*!cf": megacrypt.ChatFilesFolder,
    "*!>alias": megacrypt.ContactAliases,
    "*!dn": megacrypt.DeviceNames,
}


def _tlv_attribute(c):
    mk = master_key_of(c)
    values = {}
    app = c.value("app_values_b64")
    if not isinstance(app, dict):
        raise Mismatch("app_values_b64")
    for k in sorted(app):  # the Rust handler iterates a BTreeMap: sorted by key
        values[k] = b64d(app[k])
    attribute = c.str("attribute")
    cls = TYPES.get(attribute)
    if cls is None:
        raise Skip(f"no typed attribute {attribute}")
    eq("name", cls().attribute_name(), attribute)
    typed = _existing(c, mk, cls)
    error = None
    if attribute == "*!cam":
        if "h" in values:
            typed = typed.with_primary(_handle(values["h"]))
        if "sh" in values:
            typed = typed.with_secondary(_handle(values["sh"]))
    elif attribute == "*!cf":
        if "h" not in values:
            raise Mismatch("no h")
        typed = typed.with_folder(_handle(values["h"]))
    elif attribute == "*!>alias":
        for k, v in values.items():
            typed = typed.with_alias(k, _text(v))
    else:  # *!dn: as the Rust handler, the verdict is the last call's
        for k, v in values.items():
            try:
                if len(k) == 11:  # setDriveName: the app passes the 8-byte drive id
                    typed = typed.with_drive(k, _text(v))
                else:
                    typed = typed.with_device(k, _text(v))
                error = None
            except megacrypt.CryptoError as e:
                error = e
    sdk_error = c.opt("sdk_error")
    if not (isinstance(sdk_error, int) and not isinstance(sdk_error, bool) and sdk_error == 0):
        c.info("sdk_error_name")
        eq("container_b64", None, c.value("container_b64"))
        if not isinstance(error, megacrypt.CryptoError.ApiMisuse):
            raise Mismatch(f"SDK refused (API_EEXIST), megacrypt: {error!r}")
        return
    if error is not None:
        raise error
    tlv = typed.to_bytes()
    eq("records", hex_records(c.value("records_hex")).hex(), tlv.hex())
    c.expect_hex("tlv_hex", tlv)
    blob = typed.hazmat_seal_with_iv(mk, c.hex("iv_hex"))
    c.expect_hex("container_hex", blob)
    c.expect_str("container_b64", b64e(blob))
    eq("reopened", tlv.hex(), cls.open(mk, blob).to_bytes().hex())
