"""Area handlers for file metadata (issue 14): `fingerprint`, `media_attributes`, `gps`,
`upload_checksum` and `cloudraid`. Each mirrors its Rust handler in
core/tests/vectors/area_<area>.rs (area_media.rs for `media_attributes`), through the bindings."""
import hashlib
import io
import struct

import megacrypt
import megacrypt_io
from vectorlib import Mismatch, eq

M32 = 0xFFFFFFFF


def sha(b):
    return hashlib.sha256(b).hexdigest()


def lin_bytes(size, seed):
    """byte[i] = (i * 7 + seed) % 251 (period 251)."""
    period = bytes((i * 7 + seed) % 251 for i in range(251))
    return (period * (size // 251 + 1))[:size]


def _xs_step(x):
    x ^= (x << 13) & M32
    x ^= x >> 17
    x ^= (x << 5) & M32
    return x


def xs_bytes(size, seed):
    """The `xs` rule: xorshift32 from `seed`, one step per byte, byte = x & 0xFF.

    A byte-per-iteration loop takes minutes for the 92 MB case in CPython, so the sequence is cut
    into `lanes` runs of `steps` bytes, all stepped at once as 32-bit fields of one big integer.
    Run j starts at the state after j * steps steps: xorshift32 is linear over GF(2), so that state
    is a 32x32 bit-matrix power applied to the seed (tabulated per byte of the state)."""
    if size == 0:
        return b""
    lanes = 1
    while lanes < 65536 and lanes * 4096 < size:
        lanes *= 2
    steps = -(-size // lanes)
    # Columns of the matrix "advance by `steps` steps", as four 256-entry tables.
    cols = []
    for b in range(32):
        x = 1 << b
        for _ in range(steps):
            x = _xs_step(x)
        cols.append(x)
    tables = []
    for k in range(4):
        t = [0] * 256
        for v in range(256):
            acc = 0
            for bit in range(8):
                if v >> bit & 1:
                    acc ^= cols[8 * k + bit]
            t[v] = acc
        tables.append(t)
    starts = bytearray()
    s = seed & M32
    for _ in range(lanes):
        starts += s.to_bytes(4, "little")
        s = tables[0][s & 255] ^ tables[1][s >> 8 & 255] ^ tables[2][s >> 16 & 255] ^ tables[3][s >> 24]
    x = int.from_bytes(starts, "little")
    rep = int.from_bytes(b"\x01\x00\x00\x00" * lanes, "little")
    m13, m17, m5 = 0xFFFFE000 * rep, 0x00007FFF * rep, 0xFFFFFFE0 * rep
    out = bytearray(lanes * steps)
    for t in range(steps):
        x ^= (x << 13) & m13
        x ^= (x >> 17) & m17
        x ^= (x << 5) & m5
        out[t::steps] = x.to_bytes(4 * lanes, "little")[0::4]
    return bytes(out[:size])


def make_data(rule, seed, size):
    if rule == "lin":
        return lin_bytes(size, seed)
    if rule == "xs":
        return xs_bytes(size, seed)
    raise Mismatch(f"unknown data rule {rule}")


def i64_field(c, key):
    v = c.value(key)
    if not isinstance(v, int) or isinstance(v, bool):
        raise Mismatch(f"field {key} is not a signed integer")
    return v


def offsets(plan):
    return [r.offset for r in plan.ranges()]


def crc_via_ranges(plan, data):
    """The plan's ranges read from `data` and fed to the plan's builder (the sans-IO path)."""
    b = plan.builder()
    for r in plan.ranges():
        b.feed(data[r.offset:r.offset + r.length])
    return b.finish()


# ----------------------------------------------------------------------------------- fingerprint
def check_fingerprint(c):
    kind = c.str("kind")
    if kind == "generate":
        fingerprint_generate(c)
    elif kind == "serialize":
        crc = c.hex("crc_hex")
        mtime = i64_field(c, "mtime")
        fp = megacrypt.FileFingerprint(0, crc, mtime)
        c.expect_str("c_attribute", fp.to_c_attribute())
        back = megacrypt.FileFingerprint.parse(c.str("c_attribute"), 0)
        eq("crc round trip", crc, back.crc())
        eq("decoded_mtime", i64_field(c, "decoded_mtime"), back.mtime())
        c.info("note")
    elif kind == "decode":
        fingerprint_decode(c)
    elif kind == "serialize64":
        c.expect_hex("encoded_hex", megacrypt.serialize64_encode(c.u64("value")))
    elif kind == "unserialize64":
        data = c.hex("input_hex")[: c.u64("available_len")]
        try:
            r = megacrypt.serialize64_decode(data)
        except megacrypt.CryptoError:
            r = None
        eq("accepted", c.bool("accepted"), r is not None)
        if r is not None:
            eq("value", c.u64("value"), r.value)
            eq("consumed", c.u64("consumed"), r.consumed)
        else:
            eq("value", None, c.opt("value"))
            eq("consumed", None, c.opt("consumed"))
        c.info("what")
    elif kind == "app_prefix_decode":
        try:
            fp = megacrypt.FileFingerprint.parse_app_fingerprint(c.str("app_fingerprint"))
        except megacrypt.CryptoError:
            fp = None
        eq("accepted", c.bool("accepted"), fp is not None)
        if fp is not None:
            c.expect_str("c_attribute", fp.to_c_attribute())
            eq("size", c.u64("size"), fp.size())
        else:
            eq("c_attribute", None, c.opt("c_attribute"))
            eq("size", None, c.opt("size"))
    else:
        raise Mismatch(f"unknown kind {kind}")


def fingerprint_generate(c):
    size = c.u64("size")
    data = make_data(c.str("data_rule"), c.u64("data_seed"), size)
    crc = megacrypt.compute_sparse_crc(data)
    c.expect_hex("crc_hex", crc)
    c.expect_str("crc_b64", megacrypt.base64_encode(crc))
    # The same CRC from one sequential pass, fed in odd pieces, and from the plan's ranges.
    stream = megacrypt.SparseCrcFromStream(size)
    for pos in range(0, size, 65521):
        stream.update(data[pos:pos + 65521])
    eq("sequential builder", crc, stream.finish())
    plan = megacrypt.SparsePlan(size)
    eq("ranges builder", crc, crc_via_ranges(plan, data))
    fp = megacrypt.FileFingerprint(size, crc, i64_field(c, "mtime"))
    c.expect_str("c_attribute", fp.to_c_attribute())
    if size <= 2 << 20:
        # The stream helper computes the same fingerprint in its encryption pass.
        w = megacrypt_io.EncryptingWriter(io.BytesIO(), size=size, mtime=fp.mtime())
        w.write(data)
        w.close()
        c.expect_str("c_attribute", w.fingerprint.to_c_attribute())
    c.expect_str("app_fingerprint", fp.to_app_fingerprint())
    back = megacrypt.FileFingerprint.parse_app_fingerprint(fp.to_app_fingerprint())
    eq("app fingerprint parses back", (size, crc, fp.mtime()), (back.size(), back.crc(), back.mtime()))
    eq("parsed fingerprint matches", True, fp.matches(back))
    if not c.has("sparse_offsets"):
        return
    eq("sparse_offsets", c.value("sparse_offsets"), offsets(plan))
    legacy = c.value("legacy_offsets")
    fa = megacrypt.legacy_fa_plan(size)
    eq("legacy_fa_applicable", c.bool("legacy_fa_applicable"), fa is not None)
    if fa is not None:
        eq("legacy_offsets", legacy, offsets(fa))
        fa_crc = megacrypt.compute_sparse_crc_with(fa, data)
        eq("legacy FA via ranges", fa_crc, crc_via_ranges(fa, data))
        c.expect_hex("legacy_fa_hex", fa_crc)
        c.expect_str("legacy_fa_b64", megacrypt.base64_encode(fa_crc))
        eq("legacy_fa_equals_crc", c.bool("legacy_fa_equals_crc"), fa_crc == crc)
        lanes = [fa_crc[i:i + 4] == crc[i:i + 4] for i in range(0, 16, 4)]
        eq("legacy_lanes_equal_to_crc", [bool(v) for v in c.value("legacy_lanes_equal_to_crc")], lanes)
    else:
        # Not applicable: the 32-bit offsets equal the correct ones.
        eq("legacy_offsets", legacy, offsets(plan))
    ia = megacrypt.legacy_ia_plan(size)
    if ia is None:
        raise Mismatch("legacy IA plan missing")
    eq("legacy_ia_read_offsets", c.value("legacy_ia_read_offsets"), offsets(ia))
    ia_crc = megacrypt.compute_sparse_crc_with(ia, data)
    c.expect_hex("legacy_ia_hex", ia_crc)
    c.expect_str("legacy_ia_b64", megacrypt.base64_encode(ia_crc))


def fingerprint_decode(c):
    """The SDK's verdict is `accepted`; megacrypt refuses the lax spellings the SDK tolerates, so a
    refusal passes only if the input is not the canonical encoding of what the SDK read."""
    inp = c.str("c_attribute")
    c.info("what")
    try:
        ours = megacrypt.FileFingerprint.parse(inp, 0)
        err = None
    except megacrypt.CryptoError as e:
        ours, err = None, e
    if not c.bool("accepted"):
        if ours is not None:
            raise Mismatch(f"accepted what the SDK refuses: {ours.to_c_attribute()}")
        eq("error kind", "Malformed", type(err).__name__)
        return
    crc = c.hex("crc_hex")
    mtime = i64_field(c, "mtime")
    if ours is not None:
        eq("crc", crc, ours.crc())
        eq("mtime", mtime, ours.mtime())
    elif megacrypt.FileFingerprint(0, crc, mtime).to_c_attribute() == inp:
        raise Mismatch("refused the canonical encoding")


# ------------------------------------------------------------------------------ media_attributes
PROPS = ("width", "height", "fps", "playtime", "shortformat", "containerid", "videocodecid", "audiocodecid")


def props_from(v):
    return megacrypt.MediaProperties(
        width=v["width"], height=v["height"], fps=v["fps"], playtime=v["playtime"],
        shortformat=v["shortformat"], container_id=v["containerid"],
        video_codec_id=v["videocodecid"], audio_codec_id=v["audiocodecid"])


def sdk_default():
    """The SDK's answer when there is no (usable) type 8 entry."""
    return megacrypt.MediaProperties(width=0, height=0, fps=0, playtime=0, shortformat=254,
                                     container_id=0, video_codec_id=0, audio_codec_id=0)


def expect_media_decoded(c, key):
    want = props_from(c.value("decoded"))
    try:
        got = megacrypt.decode_media_attributes(c.str("node_fa_string"), key)
    except megacrypt.CryptoError as e:
        if want != sdk_default():
            raise
        # A truncated or garbled entry: the SDK reports "no information", megacrypt refuses it.
        eq("error kind", "Malformed", type(e).__name__)
        return
    if want == sdk_default():
        eq("decoded (no entry)", None, got)
        return
    eq("decoded", want, got)


def check_media_attributes(c):
    c.info("what", "note")
    kind = c.str("kind")
    if kind == "xxtea":
        key = megacrypt.MediaKey.from_bytes(c.hex("key_hex"))
        plain = c.hex("plaintext_hex")
        ct = megacrypt.xxtea_encrypt(key, plain)
        c.expect_hex("ciphertext_hex", ct)
        eq("decrypts back", plain, megacrypt.xxtea_decrypt(key, ct))
    elif kind == "encode":
        key = megacrypt.MediaKey.from_node_key(c.hex("node_key_hex"))
        props = props_from({k: c.value(k) for k in PROPS})
        c.expect_hex("type8_plain_hex", megacrypt.media_type8_plain(props))
        c.expect_str("fa_entries", megacrypt.encode_media_attributes(props, key))
        expect_media_decoded(c, key)
    elif kind == "decode":
        key = megacrypt.MediaKey.from_node_key(c.hex("node_key_hex"))
        expect_media_decoded(c, key)
    else:
        raise Mismatch(f"unknown kind {kind}")


# ------------------------------------------------------------------------------------------- gps
INVALID_COORDINATE = -200.0


def double(c, key):
    """A {value, hex} double; the hex form is exact and is the one compared."""
    v = c.value(key)
    exact = float.fromhex(v["hex"])
    if abs(exact - v["value"]) > abs(exact) * 1e-12:
        raise Mismatch(f"{key}: value and hex disagree")
    return exact


def bits(x):
    return struct.pack("<d", x).hex()


def expect_coords_decoded(c, got):
    lat = double(c, "decoded_latitude")
    lon = double(c, "decoded_longitude")
    glat, glon = (INVALID_COORDINATE, INVALID_COORDINATE) if got is None else (got.latitude, got.longitude)
    eq("decoded_latitude", bits(lat), bits(glat))
    eq("decoded_longitude", bits(lon), bits(glon))


def expect_updates(c, got):
    want = c.value("attr_updates")
    eq("attr_updates.l", want.get("l"), got.l)
    eq("attr_updates.gp", want.get("gp"), got.gp)


def master_key(c):
    return megacrypt.MasterKey.from_bytes(c.hex("master_key_hex"))


def usk(c):
    mk = master_key(c)
    u = c.opt("usk_b64")
    return None if u is None else megacrypt.UnshareableKey.from_usk_attribute(mk, u)


def check_gps(c):
    kind = c.str("kind")
    if kind in ("l", "gp"):
        lat, lon = double(c, "latitude"), double(c, "longitude")
        key = None
        if kind == "gp":
            key = usk(c)
            if key is None:
                raise Mismatch("usk missing")
            c.expect_hex("usk_key_hex", key.export_bytes())
        lat24, lon24 = megacrypt.coordinates_to_24bit(lat, lon)
        eq("lat24", c.u64("lat24"), lat24)
        eq("lon24", c.u64("lon24"), lon24)
        eq("sdk_error", 0, c.value("sdk_error"))
        l = megacrypt.encode_location_l(lat, lon)
        c.expect_str("l", l)
        if kind == "l":
            expect_updates(c, megacrypt.shareable_location_attributes(lat, lon))
            expect_coords_decoded(c, megacrypt.decode_location_l(l))
        else:
            c.expect_hex("gp_plain_hex", b"unshare/" + l.encode())
            gp = megacrypt.encode_location_gp(lat, lon, key)
            c.expect_str("gp", gp)
            expect_updates(c, megacrypt.unshareable_location_attributes(lat, lon, key))
            expect_coords_decoded(c, megacrypt.decode_location_gp(gp, key))
    elif kind == "encode_edge":
        gps_encode_edge(c)
    elif kind == "decode":
        attrs = c.value("attributes")
        key = usk(c)
        c.info("what")
        if not c.bool("file_node"):
            # The SDK reads coordinates of file nodes only; nodeCoordinates is for file nodes.
            expect_coords_decoded(c, None)
            return
        expect_coords_decoded(c, megacrypt.node_coordinates(attrs.get("l"), attrs.get("gp"), key))
    else:
        raise Mismatch(f"unknown kind {kind}")


def gps_encode_edge(c):
    lat, lon = double(c, "latitude"), double(c, "longitude")
    unshareable = c.bool("unshareable")
    key = usk(c)
    sdk_error = c.value("sdk_error")
    c.info("what", "sdk_error_name")
    both_invalid = lat == INVALID_COORDINATE and lon == INVALID_COORDINATE
    lat24, lon24 = c.value("lat24"), c.value("lon24")
    try:
        if both_invalid:
            attrs = megacrypt.cleared_location_attributes()
        elif unshareable:
            if key is None:
                # The SDK answers API_EKEY; without *~usk there is no UnshareableKey to pass.
                try:
                    megacrypt.UnshareableKey.from_usk_attribute(master_key(c), "")
                except megacrypt.CryptoError:
                    pass
                else:
                    raise Mismatch("no usk, no key: an empty *~usk was accepted")
                eq("sdk_error", -14, sdk_error)
                eq("attr_updates", {}, c.value("attr_updates"))
                return
            attrs = megacrypt.unshareable_location_attributes(lat, lon, key)
        else:
            attrs = megacrypt.shareable_location_attributes(lat, lon)
    except megacrypt.CryptoError as e:
        eq("error kind", "ApiMisuse", type(e).__name__)
        eq("sdk refuses too", True, sdk_error != 0)
        in_range = lambda v: 0 <= v < 1 << 24  # noqa: E731
        eq("SDK values out of range", False, in_range(lat24) and in_range(lon24))
        eq("attr_updates", {}, c.value("attr_updates"))
        return
    eq("sdk_error", 0, sdk_error)
    if not both_invalid:
        a, b = megacrypt.coordinates_to_24bit(lat, lon)
        eq("lat24", lat24, a)
        eq("lon24", lon24, b)
    expect_updates(c, attrs)


# ------------------------------------------------------------------------------- upload_checksum
def checksum_in_pieces(body, step):
    s = megacrypt.UploadChecksum()
    step = max(step, 1)
    for pos in range(0, len(body), step):
        s.update(body[pos:pos + step])
    return s


def check_upload_checksum(c):
    c.info("what")
    kind = c.str("kind")
    if kind == "crc":
        length = c.u64("body_len")
        if c.has("body_hex"):
            body = c.hex("body_hex")
        else:
            seed = c.u64("body_seed")
            body = lin_bytes(length, seed)
            eq("body_rule", f"byte[i] = (i * 7 + {seed}) % 251", c.str("body_rule"))
            eq("body_sha256", c.str("body_sha256"), sha(body))
        eq("body_len", length, len(body))
        whole = checksum_in_pieces(body, len(body))
        c.expect_hex("d_hex", whole.to_bytes())
        c.expect_str("d_b64", whole.to_b64())
        for step in (1, 5, 12, 13, 131072):
            eq(f"split feed {step}", whole.to_bytes(), checksum_in_pieces(body, step).to_bytes())
        eq("body_length", length, whole.body_length())
    elif kind == "upload_request":
        key = megacrypt.AesKey.from_bytes(c.hex("key_hex"))
        nonce = c.hex("nonce_hex")
        pos, npos = c.u64("pos"), c.u64("npos")
        seed = c.u64("plaintext_seed")
        c.info("plaintext_rule")
        body = bytearray(lin_bytes(npos - pos, seed))
        layout = megacrypt.ChunkLayout(npos)
        # AES-CTR does not involve the meta-MAC; the range "decryptor" encrypts plaintext at an
        # offset (CTR is its own inverse).
        ctr = megacrypt.UnauthenticatedRangeDecryptor(megacrypt.ContentKey.from_parts(key, nonce))
        chunks = []
        s = megacrypt.UploadChecksum()
        for ch in layout.chunks():
            frm = max(ch.offset, pos)
            to = ch.offset + ch.length
            if frm >= to:
                continue
            piece = ctr.decrypt_at_unverified(frm, bytes(body[frm - pos:to - pos]))
            body[frm - pos:to - pos] = piece
            s.update(piece)
            chunks.append([frm, to])
        eq("chunks", c.value("chunks"), chunks)
        eq("ciphertext_sha256", c.str("ciphertext_sha256"), sha(bytes(body)))
        if c.has("ciphertext_hex"):
            c.expect_hex("ciphertext_hex", body)
        c.expect_str("d_b64", s.to_b64())
        c.expect_str("url_suffix", s.url_suffix(pos))
    else:
        raise Mismatch(f"unknown kind {kind}")


# ------------------------------------------------------------------------------------- cloudraid
def raid_split(data):
    """Reference split, written from the layout description (MEGA's servers split; clients only
    recombine): sector k to part 1 + k mod 5, parity = XOR of each line's sectors zero-padded, as
    long as part 1."""
    parts = [bytearray() for _ in range(6)]
    for k in range(0, len(data), 16):
        parts[1 + (k // 16) % 5] += data[k:k + 16]
    for ln in range(0, len(data), 80):
        line = data[ln:ln + 80]
        x = bytearray(16)
        for s in range(0, len(line), 16):
            for i, b in enumerate(line[s:s + 16]):
                x[i] ^= b
        parts[0] += x[:min(len(line), 16)]
    return [bytes(p) for p in parts]


def recombine(parts, size, start, end, unused):
    """Recombines [start, end) without `unused`, feeding the parts in uneven pieces (scaled with
    the file size so that large files take few calls)."""
    r = megacrypt.Recombiner.with_range(size, start, end, unused)
    ranges = [r.part_range(p) for p in range(6)]
    cursors = [rg.offset if rg else 0 for rg in ranges]
    scale = max(1, size // 65536)
    out = bytearray()
    while True:
        progressed = False
        for p in range(6):
            rg = ranges[p]
            if rg is None:
                continue
            frm, to = cursors[p], rg.offset + rg.length
            if frm < to:
                n = min(to - frm, (37 + 11 * p) * scale)
                r.feed(p, parts[p][frm:frm + n])
                cursors[p] += n
                progressed = True
            out += r.drain()
        if not progressed:
            break
    out += r.drain()
    r.finish()
    return bytes(out)


def raid_data(c, size):
    if c.has("data_hex"):
        return c.hex("data_hex")
    seed = c.u64("data_seed")
    eq("data_rule", f"byte[i] = (i * 7 + {seed}) % 251", c.str("data_rule"))
    return lin_bytes(size, seed)


def check_cloudraid(c):
    size = c.u64("file_size")
    c.info("note")
    kind = c.str("kind")
    if kind == "part_sizes":
        eq("part_sizes", c.value("part_sizes"), megacrypt.cloudraid_part_sizes(size))
    elif kind == "split":
        data = raid_data(c, size)
        eq("data_sha256", c.str("data_sha256"), sha(data))
        eq("part_sizes", c.value("part_sizes"), megacrypt.cloudraid_part_sizes(size))
        parts = raid_split(data)
        if c.has("parts_hex"):
            eq("parts_hex", c.value("parts_hex"), [p.hex() for p in parts])
        eq("parts_sha256", c.value("parts_sha256"), [sha(p) for p in parts])
        recombined = c.value("sdk_recombined_sha256")
        recovered = c.value("sdk_recovered_part_sha256")
        for label, unused in (("none", 0), ("0", 0), ("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)):
            out = recombine(parts, size, 0, size, unused)
            eq(f"recombined without {label}", recombined[label], sha(out))
            if unused > 0:
                eq(f"recovered part {label}", recovered[label], sha(raid_split(out)[unused]))
        check_raid_requests(c, size)
    elif kind == "resume":
        data = raid_data(c, size)
        parts = raid_split(data)
        frm, to = c.u64("resume_pos"), c.u64("read_to_pos")
        rp = megacrypt.cloudraid_resume_point(frm)
        eq("part_start", c.u64("part_start"), rp.part_start)
        eq("skipped_bytes", c.u64("skipped_bytes"), rp.skipped_bytes)
        want = c.value("sdk_output_sha256")
        sizes = megacrypt.cloudraid_part_sizes(size)
        for label, unused in (("none", 0), ("2", 2)):
            r = megacrypt.Recombiner.with_range(size, frm, to, unused)
            for p in range(6):
                if p != unused:
                    eq("part range start", min(rp.part_start, sizes[p]), r.part_range(p).offset)
            out = recombine(parts, size, frm, to, unused)
            eq(f"output without {label}", want[label], sha(out))
    else:
        raise Mismatch(f"unknown kind {kind}")


def check_raid_requests(c, size):
    """sdk_requests: per missing part, the ranges the SDK asked for (`cP a-b`, `cP null a-b` for
    the unused part). Where it is a list, each used part's request must equal our part range; the
    large case only records request counts (informational)."""
    req = c.value("sdk_requests")
    if not isinstance(req, dict):
        raise Mismatch("sdk_requests is not an object")
    sizes = megacrypt.cloudraid_part_sizes(size)
    for label, lst in req.items():
        if not isinstance(lst, list):
            continue  # request counts only
        unused = 0 if label == "none" else int(label)
        r = megacrypt.Recombiner(size, unused)
        for entry in lst:
            words = entry.split(" ")
            part = int(words[0].removeprefix("c"))
            rest = words[1:]
            if rest and rest[0] == "null":
                if label != "none":
                    eq("unused part", unused, part)
                continue
            a, b = rest[0].split("-")
            want = (int(a), int(b))
            if label == "none" and part == 0:
                # With all six parts available the SDK also fetched parity; megacrypt needs five.
                eq("parity range", (0, sizes[0]), want)
                continue
            rg = r.part_range(part)
            eq(f"request {entry} ({label})", want, None if rg is None else (rg.offset, rg.offset + rg.length))
