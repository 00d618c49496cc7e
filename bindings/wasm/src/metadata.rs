//! File metadata (issue 14): the `c` fingerprint, media attributes (`fa` types 8/9), location
//! attributes (`l`, `gp`), the upload checksum (`?d=`) and CloudRAID recombination.
//! Conversions and compositions come from `megacrypt_foreign::metadata`.
//!
//! Sizes and offsets are JavaScript numbers (safe integers); a modification time and a
//! Serialize64 value are `bigint`s (the SDK's signed 64-bit `m_time_t`, an unsigned 64-bit value).

use crate::bindgen::*;
use megacrypt::cloudraid as mraid;
use megacrypt::fingerprint as mfp;
use megacrypt::location as mloc;
use megacrypt::media as mmedia;
use megacrypt::upload_checksum as mup;
use megacrypt_foreign::arg;
use megacrypt_foreign::metadata as fm;

use crate::error::{JsResult, js};
use crate::keys::{FileKey, MasterKey};

fn size(n: f64) -> JsResult<u64> {
    js(arg::size(n))
}

// ---------------------------------------------------------------------------------- fingerprint

/// A byte range of a file: `length` bytes from `offset`.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct ByteRange {
    offset: u64,
    length: u64,
}

#[wasm_bindgen]
impl ByteRange {
    /// First byte.
    #[wasm_bindgen(getter)]
    pub fn offset(&self) -> f64 {
        arg::size_to_js(self.offset)
    }
    /// Number of bytes.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> f64 {
        arg::size_to_js(self.length)
    }
}

impl From<(u64, u64)> for ByteRange {
    fn from((offset, length): (u64, u64)) -> Self {
        ByteRange { offset, length }
    }
}

/// The reads a sparse CRC needs for a file of a given size (sans-IO): read each range in order
/// and feed the bytes to `builder()`.
#[wasm_bindgen]
pub struct SparsePlan(mfp::SparsePlan);

#[wasm_bindgen]
impl SparsePlan {
    /// The plan every fingerprint is written with.
    #[wasm_bindgen(constructor)]
    pub fn new(size: f64) -> JsResult<SparsePlan> {
        Ok(SparsePlan(mfp::SparsePlan::new(self::size(size)?)))
    }
    /// The file size the plan is for.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> f64 {
        arg::size_to_js(self.0.size())
    }
    /// The ranges to read, in the order their bytes are fed to the builder.
    pub fn ranges(&self) -> Vec<ByteRange> {
        self.0.ranges().map(|r| fm::byte_range(r).into()).collect()
    }
    /// Total number of bytes the ranges cover.
    #[wasm_bindgen(getter, js_name = totalLength)]
    pub fn total_length(&self) -> f64 {
        arg::size_to_js(self.0.total_len())
    }
    /// A builder to feed the bytes of `ranges()` to.
    pub fn builder(&self) -> SparseCrcFromRanges {
        SparseCrcFromRanges(self.0.builder())
    }
}

/// The legacy "FA" plan of old 32-bit clients (matching only); `undefined` when it equals the
/// correct plan.
#[wasm_bindgen(js_name = legacyFaPlan)]
pub fn legacy_fa_plan(size: f64) -> JsResult<Option<SparsePlan>> {
    Ok(mfp::SparsePlan::legacy_fa(self::size(size)?).map(SparsePlan))
}

/// The legacy "IA" plan of old 32-bit clients reading a forward-only stream (matching only);
/// `undefined` for files of at most 8192 bytes or when such a client read past the end.
#[wasm_bindgen(js_name = legacyIaPlan)]
pub fn legacy_ia_plan(size: f64) -> JsResult<Option<SparsePlan>> {
    Ok(mfp::SparsePlan::legacy_ia(self::size(size)?).map(SparsePlan))
}

/// Builds the 16-byte sparse CRC from the bytes of a plan's ranges, concatenated in plan order.
#[wasm_bindgen]
pub struct SparseCrcFromRanges(mfp::SparseCrcFromRanges);

#[wasm_bindgen]
impl SparseCrcFromRanges {
    /// Adds the next bytes (`SizeMismatch` past the plan's total).
    pub fn feed(&mut self, data: &[u8]) -> JsResult<()> {
        js(self.0.feed(data))
    }
    /// The 16-byte sparse CRC (`SizeMismatch` if bytes are missing). Consumes the builder.
    pub fn finish(self) -> JsResult<Vec<u8>> {
        Ok(js(self.0.finish())?.as_bytes().to_vec())
    }
}

/// Builds the 16-byte sparse CRC from the whole file fed sequentially, in any split (the
/// fingerprint from the same pass as encryption).
#[wasm_bindgen]
pub struct SparseCrcFromStream(mfp::SparseCrcFromStream);

#[wasm_bindgen]
impl SparseCrcFromStream {
    /// A builder for a file of `size` bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(size: f64) -> JsResult<SparseCrcFromStream> {
        Ok(SparseCrcFromStream(mfp::SparseCrcFromStream::new(
            self::size(size)?,
        )))
    }
    /// Adds the next bytes of the file (`SizeMismatch` past the announced size).
    pub fn update(&mut self, data: &[u8]) -> JsResult<()> {
        js(self.0.update(data))
    }
    /// Bytes fed so far.
    #[wasm_bindgen(getter)]
    pub fn position(&self) -> f64 {
        arg::size_to_js(self.0.position())
    }
    /// The 16-byte sparse CRC (`SizeMismatch` if the file was shorter). Consumes the builder.
    pub fn finish(self) -> JsResult<Vec<u8>> {
        Ok(js(self.0.finish())?.as_bytes().to_vec())
    }
}

/// The sparse CRC (16 bytes) of a file held whole in memory.
#[wasm_bindgen(js_name = computeSparseCrc)]
pub fn compute_sparse_crc(data: &[u8]) -> Vec<u8> {
    mfp::SparseCrc::compute(data).as_bytes().to_vec()
}

/// The sparse CRC of a file held whole in memory, read with `plan` (the legacy plans).
#[wasm_bindgen(js_name = computeSparseCrcWith)]
pub fn compute_sparse_crc_with(plan: &SparsePlan, data: &[u8]) -> JsResult<Vec<u8>> {
    Ok(js(mfp::SparseCrc::compute_with(&plan.0, data))?
        .as_bytes()
        .to_vec())
}

/// A file's fingerprint as MEGA compares it: size, 16-byte sparse CRC, modification time
/// (seconds since the Unix epoch, a `bigint`).
#[wasm_bindgen]
pub struct FileFingerprint(mfp::FileFingerprint);

#[wasm_bindgen]
impl FileFingerprint {
    /// Assembles a fingerprint (`Malformed` unless `crc` is 16 bytes).
    #[wasm_bindgen(constructor)]
    pub fn new(size: f64, crc: &[u8], mtime: i64) -> JsResult<FileFingerprint> {
        js(fm::file_fingerprint(self::size(size)?, crc, mtime)).map(FileFingerprint)
    }
    /// Parses a `c` attribute strictly (`Malformed` otherwise) of a file of `size` bytes.
    pub fn parse(c_attribute: &str, size: f64) -> JsResult<FileFingerprint> {
        js(mfp::FileFingerprint::from_c_attribute(
            c_attribute,
            self::size(size)?,
        ))
        .map(FileFingerprint)
    }
    /// Parses an app-prefixed fingerprint, strictly.
    #[wasm_bindgen(js_name = parseAppFingerprint)]
    pub fn parse_app_fingerprint(app_fingerprint: &str) -> JsResult<FileFingerprint> {
        js(mfp::FileFingerprint::from_app_fingerprint(app_fingerprint)).map(FileFingerprint)
    }
    /// The file size.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> f64 {
        arg::size_to_js(self.0.size)
    }
    /// The 16-byte sparse CRC.
    #[wasm_bindgen(getter)]
    pub fn crc(&self) -> Vec<u8> {
        self.0.crc.as_bytes().to_vec()
    }
    /// The modification time, seconds since the Unix epoch.
    #[wasm_bindgen(getter)]
    pub fn mtime(&self) -> i64 {
        self.0.mtime
    }
    /// The `c` node attribute.
    #[wasm_bindgen(js_name = toCAttribute)]
    pub fn to_c_attribute(&self) -> String {
        self.0.c_attribute()
    }
    /// The app-prefixed form (not a node attribute).
    #[wasm_bindgen(js_name = toAppFingerprint)]
    pub fn to_app_fingerprint(&self) -> String {
        self.0.app_fingerprint()
    }
    /// The SDK's equality: same size, same CRC, mtimes at most 2 s apart.
    pub fn matches(&self, other: &FileFingerprint) -> bool {
        self.0.matches(&other.0)
    }
}

/// The SDK's Serialize64 encoding of `value` (a `bigint`, minimal encoding).
#[wasm_bindgen(js_name = serialize64Encode)]
pub fn serialize64_encode(value: u64) -> Vec<u8> {
    mfp::serialize64::encode(value)
}

/// A Serialize64 value (`bigint`) and how many input bytes it used.
#[wasm_bindgen]
pub struct Serialize64Value {
    value: u64,
    consumed: u32,
}

#[wasm_bindgen]
impl Serialize64Value {
    /// The value.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> u64 {
        self.value
    }
    /// Bytes used (count byte included).
    #[wasm_bindgen(getter)]
    pub fn consumed(&self) -> u32 {
        self.consumed
    }
}

/// Reads one Serialize64 value from the start of `input` as the SDK does (`Malformed` when the
/// count exceeds 8 or runs past the end).
#[wasm_bindgen(js_name = serialize64Decode)]
pub fn serialize64_decode(input: &[u8]) -> JsResult<Serialize64Value> {
    let (value, consumed) = js(fm::serialize64_decode(input))?;
    Ok(Serialize64Value { value, consumed })
}

// --------------------------------------------------------------------------------------- media

/// The XXTEA key of a file's media attributes (node key bytes 16..32).
#[wasm_bindgen]
pub struct MediaKey(mmedia::MediaKey);

#[wasm_bindgen]
impl MediaKey {
    /// From a packed 32-byte file node key (`InvalidKey` otherwise).
    #[wasm_bindgen(js_name = fromNodeKey)]
    pub fn from_node_key(node_key: &[u8]) -> JsResult<MediaKey> {
        js(mmedia::MediaKey::from_node_key(node_key)).map(MediaKey)
    }
    /// From a file key (its nonce and meta-MAC).
    #[wasm_bindgen(js_name = fromFileKey)]
    pub fn from_file_key(key: &FileKey) -> MediaKey {
        MediaKey(mmedia::MediaKey::from_file_key(&key.0))
    }
    /// From 16 raw bytes, read as four big-endian words (`InvalidKey` otherwise).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<MediaKey> {
        js(fm::media_key(bytes)).map(MediaKey)
    }
}

/// What media attributes say about a file.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct MediaProperties(mmedia::MediaProperties);

#[wasm_bindgen]
impl MediaProperties {
    /// Media properties from their eight fields (`ApiMisuse` when `shortformat` or `containerId`
    /// exceeds 255, or a codec id exceeds 65535).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        width: u32,
        height: u32,
        fps: u32,
        playtime: u32,
        shortformat: u32,
        container_id: u32,
        video_codec_id: u32,
        audio_codec_id: u32,
    ) -> JsResult<MediaProperties> {
        js(fm::media_properties(
            width,
            height,
            fps,
            playtime,
            shortformat,
            container_id,
            video_codec_id,
            audio_codec_id,
        ))
        .map(MediaProperties)
    }
    /// Width in pixels.
    #[wasm_bindgen(getter)]
    pub fn width(&self) -> u32 {
        self.0.width
    }
    /// Height in pixels.
    #[wasm_bindgen(getter)]
    pub fn height(&self) -> u32 {
        self.0.height
    }
    /// Frames per second.
    #[wasm_bindgen(getter)]
    pub fn fps(&self) -> u32 {
        self.0.fps
    }
    /// Duration in seconds.
    #[wasm_bindgen(getter)]
    pub fn playtime(&self) -> u32 {
        self.0.playtime
    }
    /// Short-format id.
    #[wasm_bindgen(getter)]
    pub fn shortformat(&self) -> u32 {
        u32::from(self.0.shortformat)
    }
    /// Container id.
    #[wasm_bindgen(getter, js_name = containerId)]
    pub fn container_id(&self) -> u32 {
        u32::from(self.0.container_id)
    }
    /// Video codec id.
    #[wasm_bindgen(getter, js_name = videoCodecId)]
    pub fn video_codec_id(&self) -> u32 {
        u32::from(self.0.video_codec_id)
    }
    /// Audio codec id.
    #[wasm_bindgen(getter, js_name = audioCodecId)]
    pub fn audio_codec_id(&self) -> u32 {
        u32::from(self.0.audio_codec_id)
    }
}

/// The `fa` entries to attach: `8*<B64>` and, when the short format is 0, `/9*<B64>`.
#[wasm_bindgen(js_name = encodeMediaAttributes)]
pub fn encode_media_attributes(props: &MediaProperties, key: &MediaKey) -> JsResult<String> {
    js(props.0.to_fa_entries(&key.0))
}

/// Reads the media properties from a node's `fa` string; `undefined` without a `:8*` entry,
/// `Malformed` for an entry that is not 11 base64 characters.
#[wasm_bindgen(js_name = decodeMediaAttributes)]
pub fn decode_media_attributes(fa: &str, key: &MediaKey) -> JsResult<Option<MediaProperties>> {
    Ok(js(mmedia::MediaProperties::from_fa_string(fa, &key.0))?.map(MediaProperties))
}

/// The 8 plaintext bytes of the type 8 attribute (before XXTEA).
#[wasm_bindgen(js_name = mediaType8Plain)]
pub fn media_type8_plain(props: &MediaProperties) -> Vec<u8> {
    props.0.type8_plain().to_vec()
}

/// The 8 plaintext bytes of the type 9 attribute (before XXTEA).
#[wasm_bindgen(js_name = mediaType9Plain)]
pub fn media_type9_plain(props: &MediaProperties) -> Vec<u8> {
    props.0.type9_plain().to_vec()
}

/// XXTEA encryption (little-endian words; a multiple of 4 bytes, at least 8: `ApiMisuse`).
#[wasm_bindgen(js_name = xxteaEncrypt)]
pub fn xxtea_encrypt(key: &MediaKey, data: &[u8]) -> JsResult<Vec<u8>> {
    let mut v = data.to_vec();
    js(mmedia::xxtea_encrypt(&mut v, &key.0))?;
    Ok(v)
}

/// XXTEA decryption.
#[wasm_bindgen(js_name = xxteaDecrypt)]
pub fn xxtea_decrypt(key: &MediaKey, data: &[u8]) -> JsResult<Vec<u8>> {
    let mut v = data.to_vec();
    js(mmedia::xxtea_decrypt(&mut v, &key.0))?;
    Ok(v)
}

// ------------------------------------------------------------------------------------ location

/// A latitude/longitude pair in degrees.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Coordinates(mloc::Coordinates);

#[wasm_bindgen]
impl Coordinates {
    /// Latitude.
    #[wasm_bindgen(getter)]
    pub fn latitude(&self) -> f64 {
        self.0.latitude
    }
    /// Longitude.
    #[wasm_bindgen(getter)]
    pub fn longitude(&self) -> f64 {
        self.0.longitude
    }
}

fn coords(latitude: f64, longitude: f64) -> mloc::Coordinates {
    mloc::Coordinates {
        latitude,
        longitude,
    }
}

/// The account's key for unshareable attributes (`*~usk` decrypted with the master key).
#[wasm_bindgen]
pub struct UnshareableKey(mloc::UnshareableKey);

#[wasm_bindgen]
impl UnshareableKey {
    /// Decrypts the `*~usk` attribute value (base64 of 16 bytes) with the master key.
    #[wasm_bindgen(js_name = fromUskAttribute)]
    pub fn from_usk_attribute(master_key: &MasterKey, usk_b64: &str) -> JsResult<UnshareableKey> {
        js(mloc::UnshareableKey::from_usk_attribute(
            &master_key.0,
            usk_b64,
        ))
        .map(UnshareableKey)
    }
    /// Wraps the 16 decrypted key bytes (`InvalidKey` otherwise).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<UnshareableKey> {
        js(fm::unshareable_key(bytes)).map(UnshareableKey)
    }
    /// The 16 key bytes. Secret.
    #[wasm_bindgen(js_name = exportBytes)]
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
}

/// The attribute values to send when setting a file's coordinates (empty string: remove).
#[wasm_bindgen]
pub struct LocationAttributes(mloc::LocationAttributes);

#[wasm_bindgen]
impl LocationAttributes {
    /// New value of `l`.
    #[wasm_bindgen(getter)]
    pub fn l(&self) -> String {
        self.0.l.clone()
    }
    /// New value of `gp`.
    #[wasm_bindgen(getter)]
    pub fn gp(&self) -> String {
        self.0.gp.clone()
    }
}

/// The 24-bit values `[lat24, lon24]` that `l` stores (`ApiMisuse` out of range).
#[wasm_bindgen(js_name = coordinatesTo24bit)]
pub fn coordinates_to_24bit(latitude: f64, longitude: f64) -> JsResult<Vec<u32>> {
    let (a, b) = js(mloc::to_24bit(coords(latitude, longitude)))?;
    Ok(vec![a, b])
}

/// Encodes the shareable `l` attribute (8 characters).
#[wasm_bindgen(js_name = encodeLocationL)]
pub fn encode_location_l(latitude: f64, longitude: f64) -> JsResult<String> {
    js(mloc::encode_l(coords(latitude, longitude)))
}

/// Decodes an `l` attribute (exactly 8 base64 characters).
#[wasm_bindgen(js_name = decodeLocationL)]
pub fn decode_location_l(l: &str) -> JsResult<Coordinates> {
    js(mloc::decode_l(l)).map(Coordinates)
}

/// Encodes the unshareable `gp` attribute (22 characters).
#[wasm_bindgen(js_name = encodeLocationGp)]
pub fn encode_location_gp(latitude: f64, longitude: f64, key: &UnshareableKey) -> JsResult<String> {
    js(mloc::encode_gp(coords(latitude, longitude), &key.0))
}

/// Decrypts and decodes a `gp` attribute (`Decrypt` under another account's key).
#[wasm_bindgen(js_name = decodeLocationGp)]
pub fn decode_location_gp(gp: &str, key: &UnshareableKey) -> JsResult<Coordinates> {
    js(mloc::decode_gp(gp, &key.0)).map(Coordinates)
}

/// A file node's coordinates from a valid `l` (no `*~usk` key), else `undefined`.
#[wasm_bindgen(js_name = nodeCoordinates)]
pub fn node_coordinates(l: Option<String>, gp: Option<String>) -> Option<Coordinates> {
    mloc::node_coordinates(l.as_deref(), gp.as_deref(), None).map(Coordinates)
}

/// A file node's coordinates as the SDK resolves them: `gp` when it decrypts with `key`, else a
/// valid `l`, else `undefined`.
#[wasm_bindgen(js_name = nodeCoordinatesWithKey)]
pub fn node_coordinates_with_key(
    l: Option<String>,
    gp: Option<String>,
    key: &UnshareableKey,
) -> Option<Coordinates> {
    mloc::node_coordinates(l.as_deref(), gp.as_deref(), Some(&key.0)).map(Coordinates)
}

/// Shareable coordinates: `l` set, `gp` removed.
#[wasm_bindgen(js_name = shareableLocationAttributes)]
pub fn shareable_location_attributes(
    latitude: f64,
    longitude: f64,
) -> JsResult<LocationAttributes> {
    js(mloc::LocationAttributes::shareable(coords(
        latitude, longitude,
    )))
    .map(LocationAttributes)
}

/// Unshareable coordinates: `gp` set, `l` removed.
#[wasm_bindgen(js_name = unshareableLocationAttributes)]
pub fn unshareable_location_attributes(
    latitude: f64,
    longitude: f64,
    key: &UnshareableKey,
) -> JsResult<LocationAttributes> {
    js(mloc::LocationAttributes::unshareable(
        coords(latitude, longitude),
        &key.0,
    ))
    .map(LocationAttributes)
}

/// Both attributes removed.
#[wasm_bindgen(js_name = clearedLocationAttributes)]
pub fn cleared_location_attributes() -> LocationAttributes {
    LocationAttributes(mloc::LocationAttributes::clear())
}

// ----------------------------------------------------------------------------- upload checksum

/// The running `?d=` checksum of one upload request body; feed the body in any split.
#[wasm_bindgen]
pub struct UploadChecksum(mup::UploadChecksum);

#[wasm_bindgen]
impl UploadChecksum {
    /// The checksum of an empty body.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> UploadChecksum {
        UploadChecksum(mup::UploadChecksum::new())
    }
    /// Adds the next bytes of the body.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }
    /// Body bytes fed so far.
    #[wasm_bindgen(getter, js_name = bodyLength)]
    pub fn body_length(&self) -> f64 {
        arg::size_to_js(self.0.body_len())
    }
    /// The 12 checksum bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }
    /// MEGA base64 of the checksum (16 characters), the `d` query value.
    #[wasm_bindgen(js_name = toB64)]
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// `/<start>?d=<B64>`: the suffix of the upload URL for a body starting at file offset `start`.
    #[wasm_bindgen(js_name = urlSuffix)]
    pub fn url_suffix(&self, start: f64) -> JsResult<String> {
        Ok(self.0.url_suffix(size(start)?))
    }
}

// ----------------------------------------------------------------------------------- cloudraid

/// The sizes of the six CloudRAID parts (0 = parity, 1..=5 data) of a file.
#[wasm_bindgen(js_name = cloudraidPartSizes)]
pub fn cloudraid_part_sizes(file_size: f64) -> JsResult<Vec<f64>> {
    Ok(fm::raid_part_sizes(size(file_size)?)
        .into_iter()
        .map(arg::size_to_js)
        .collect())
}

/// Where to restart a CloudRAID download at a file offset.
#[wasm_bindgen]
pub struct ResumePoint(mraid::ResumePoint);

#[wasm_bindgen]
impl ResumePoint {
    /// Offset in each part to read from.
    #[wasm_bindgen(getter, js_name = partStart)]
    pub fn part_start(&self) -> f64 {
        arg::size_to_js(self.0.part_start)
    }
    /// Recombined bytes to drop before the offset.
    #[wasm_bindgen(getter, js_name = skippedBytes)]
    pub fn skipped_bytes(&self) -> f64 {
        arg::size_to_js(self.0.skipped_bytes)
    }
}

/// The resume point for file offset `pos`.
#[wasm_bindgen(js_name = cloudraidResumePoint)]
pub fn cloudraid_resume_point(pos: f64) -> JsResult<ResumePoint> {
    Ok(ResumePoint(mraid::resume_point(size(pos)?)))
}

/// Turns five of the six CloudRAID parts back into the file's ciphertext, streaming. The part
/// left out is rebuilt from parity when it is a data part.
#[wasm_bindgen]
pub struct Recombiner(mraid::Recombiner);

#[wasm_bindgen]
impl Recombiner {
    /// The whole file of `fileSize` bytes without part `unusedPart` (0..=5).
    #[wasm_bindgen(constructor)]
    pub fn new(file_size: f64, unused_part: u32) -> JsResult<Recombiner> {
        let p = js(fm::raid_part(unused_part))?;
        js(mraid::Recombiner::new(size(file_size)?, p)).map(Recombiner)
    }
    /// Only file bytes `[start, end)` (a resumed or ranged download).
    #[wasm_bindgen(js_name = withRange)]
    pub fn with_range(
        file_size: f64,
        start: f64,
        end: f64,
        unused_part: u32,
    ) -> JsResult<Recombiner> {
        let p = js(fm::raid_part(unused_part))?;
        js(mraid::Recombiner::with_range(
            size(file_size)?,
            size(start)?,
            size(end)?,
            p,
        ))
        .map(Recombiner)
    }
    /// The range of `part` to download; `undefined` for the unused part.
    #[wasm_bindgen(js_name = partRange)]
    pub fn part_range(&self, part: u32) -> JsResult<Option<ByteRange>> {
        Ok(js(fm::raid_part_range(&self.0, part))?.map(Into::into))
    }
    /// Adds the next bytes of `part` (`Malformed` beyond its range).
    pub fn feed(&mut self, part: u32, data: &[u8]) -> JsResult<()> {
        let p = js(fm::raid_part(part))?;
        js(self.0.feed(p, data))
    }
    /// The recombined bytes available so far (possibly empty).
    pub fn drain(&mut self) -> Vec<u8> {
        fm::raid_drain(&mut self.0)
    }
    /// Bytes produced so far.
    #[wasm_bindgen(getter)]
    pub fn produced(&self) -> f64 {
        arg::size_to_js(self.0.produced())
    }
    /// Checks that the whole range was produced (`SizeMismatch`). Consumes the recombiner.
    pub fn finish(self) -> JsResult<()> {
        js(self.0.finish())
    }
}
