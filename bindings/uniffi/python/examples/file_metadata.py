import io

import megacrypt
from megacrypt_io import encrypt_stream_with_fingerprint

# Upload: encrypt and fingerprint in one pass; the `c` attribute carries the mtime.
plaintext = bytes(range(100))
key, fp = encrypt_stream_with_fingerprint(io.BytesIO(plaintext), io.BytesIO(), len(plaintext), 1_700_000_000)
assert fp.to_c_attribute() == "2IDUDIExcicOatw3dZqBIQQA8VNl"  # docs/format/fingerprint.md
assert fp.crc() == megacrypt.compute_sparse_crc(plaintext)

# Sync: parse a node's `c` strictly and compare as the SDK does (mtime within 2 s).
node = megacrypt.FileFingerprint.parse("2IDUDIExcicOatw3dZqBIQQA8VNl", 100)
local = megacrypt.FileFingerprint(100, fp.crc(), 1_700_000_002)
assert node.matches(local)

# Large files: read only the planned ranges (sans-IO), feed them to the plan's builder.
plan = megacrypt.SparsePlan(len(plaintext))
builder = plan.builder()
for r in plan.ranges():
    builder.feed(plaintext[r.offset : r.offset + r.length])
assert builder.finish() == fp.crc()

# Media attributes (fa types 8 and 9), under the node key.
media_key = megacrypt.MediaKey.from_node_key(bytes(range(32)))
props = megacrypt.MediaProperties(width=1920, height=1080, fps=30, playtime=125, shortformat=1,
                                  container_id=0, video_codec_id=0, audio_codec_id=0)
assert megacrypt.encode_media_attributes(props, media_key) == "8*84HFaf1djdQ"
assert megacrypt.decode_media_attributes("470:8*84HFaf1djdQ", media_key) == props

# Location: the shareable `l` attribute.
assert megacrypt.encode_location_l(51.5007, -0.1246) == "1D7JUel_"
where = megacrypt.decode_location_l("1D7JUel_")
assert abs(where.latitude - 51.5007) < 1e-5

# The upload request checksum: POST to <upload URL> + url_suffix(start).
checksum = megacrypt.UploadChecksum()
checksum.update(b"\xbc")
assert checksum.url_suffix(0) == "/0?d=vAAAAAAAAAAAAAAA"

# CloudRAID: six parts; recombine five (here without part 1, rebuilt from parity).
data = bytes(range(20))
parity = bytes(a ^ b for a, b in zip(data[:16], data[16:] + bytes(12)))[:16]
assert megacrypt.cloudraid_part_sizes(1000) == [208, 208, 208, 200, 192, 192]
raid = megacrypt.Recombiner(20, 1)
raid.feed(0, parity)
raid.feed(2, data[16:])
assert raid.drain() == data
raid.finish()
