import {
  FileFingerprint, MediaKey, MediaProperties, Recombiner, SparsePlan, UploadChecksum,
  cloudraidPartSizes, computeSparseCrc, decodeLocationL, decodeMediaAttributes,
  encodeLocationL, encodeMediaAttributes, encryptBytes,
} from 'megacrypt';

export async function fileMetadataExample() {
  const check = (ok, what) => { if (!ok) throw new Error(what); };

  // Upload: encrypt and fingerprint in one pass; the `c` attribute carries the mtime.
  const plaintext = Uint8Array.from({ length: 100 }, (_, i) => i);
  const { ciphertext, key, fingerprint } = await encryptBytes(plaintext, { mtime: 1_700_000_000 });
  check(fingerprint.toCAttribute() === '2IDUDIExcicOatw3dZqBIQQA8VNl', 'c'); // docs/format/fingerprint.md
  check(fingerprint.crc.join() === computeSparseCrc(plaintext).join(), 'crc');

  // Sync: parse a node's `c` strictly and compare as the SDK does (mtime within 2 s; a bigint).
  const node = FileFingerprint.parse('2IDUDIExcicOatw3dZqBIQQA8VNl', 100);
  check(node.matches(new FileFingerprint(100, fingerprint.crc, 1_700_000_002n)), 'matches');

  // Large files: read only the planned ranges (sans-IO), feed them to the plan's builder.
  const plan = new SparsePlan(plaintext.length);
  const builder = plan.builder();
  for (const r of plan.ranges()) builder.feed(plaintext.subarray(r.offset, r.offset + r.length));
  check(builder.finish().join() === fingerprint.crc.join(), 'ranges');

  // Media attributes (fa types 8 and 9), under the node key.
  const mediaKey = MediaKey.fromNodeKey(Uint8Array.from({ length: 32 }, (_, i) => i));
  const props = new MediaProperties(1920, 1080, 30, 125, 1, 0, 0, 0); // width, height, fps, playtime, shortformat, container, video, audio
  check(encodeMediaAttributes(props, mediaKey) === '8*84HFaf1djdQ', 'fa');
  check(decodeMediaAttributes('470:8*84HFaf1djdQ', mediaKey).width === 1920, 'decoded');

  // Location: the shareable `l` attribute.
  check(encodeLocationL(51.5007, -0.1246) === '1D7JUel_', 'l');
  check(Math.abs(decodeLocationL('1D7JUel_').latitude - 51.5007) < 1e-5, 'latitude');

  // The upload request checksum: POST to <upload URL> + urlSuffix(start).
  const checksum = new UploadChecksum();
  checksum.update(Uint8Array.of(0xbc));
  check(checksum.urlSuffix(0) === '/0?d=vAAAAAAAAAAAAAAA', 'd');

  // CloudRAID: recombine five of the six parts (here without part 1, rebuilt from parity).
  check(cloudraidPartSizes(1000).join() === '208,208,208,200,192,192', 'part sizes');
  const data = Uint8Array.from({ length: 20 }, (_, i) => i);
  const parity = data.slice(0, 16).map((b, i) => b ^ (i < 4 ? data[16 + i] : 0));
  const raid = new Recombiner(20, 1);
  raid.feed(0, parity);
  raid.feed(2, data.subarray(16));
  check(raid.drain().join() === data.join(), 'recombined');
  raid.finish();
  return { ciphertext, key };
}
