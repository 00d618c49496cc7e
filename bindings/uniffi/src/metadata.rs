//! File metadata (issue 14): the `c` fingerprint (sparse CRC plan and builders, encode/decode,
//! comparison, legacy variants, app-prefixed form), media attributes (`fa` types 8/9), location
//! attributes (`l`, `gp`), the upload checksum (`?d=`) and CloudRAID recombination. Conversions
//! and compositions come from `megacrypt_foreign::metadata`.

use std::sync::{Arc, Mutex};

use megacrypt::cloudraid as mraid;
use megacrypt::fingerprint as mfp;
use megacrypt::location as mloc;
use megacrypt::media as mmedia;
use megacrypt::upload_checksum as mup;
use megacrypt_foreign::metadata as fm;

use crate::bytes::Bytes;
use crate::error::{CryptoError, FfiResult};
use crate::keys::{FileKey, MasterKey};

fn lock<T>(cell: &Mutex<Option<T>>) -> FfiResult<std::sync::MutexGuard<'_, Option<T>>> {
    cell.lock().map_err(|_| CryptoError::poisoned())
}

fn with_live<T, R>(
    cell: &Mutex<Option<T>>,
    f: impl FnOnce(&mut T) -> FfiResult<R>,
) -> FfiResult<R> {
    match lock(cell)?.as_mut() {
        Some(inner) => f(inner),
        None => Err(CryptoError::already_finished()),
    }
}

fn take_live<T>(cell: &Mutex<Option<T>>) -> FfiResult<T> {
    lock(cell)?.take().ok_or_else(CryptoError::already_finished)
}

// ---------------------------------------------------------------------------------- fingerprint

/// A byte range of a file: `length` bytes from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct ByteRange {
    /// First byte.
    pub offset: u64,
    /// Number of bytes.
    pub length: u64,
}

impl From<(u64, u64)> for ByteRange {
    fn from((offset, length): (u64, u64)) -> Self {
        ByteRange { offset, length }
    }
}

/// The reads a sparse CRC needs for a file of a given size (sans-IO): read each range in order
/// and feed the bytes to `builder()`.
#[derive(Debug, uniffi::Object)]
pub struct SparsePlan(mfp::SparsePlan);

#[uniffi::export]
impl SparsePlan {
    /// The plan every fingerprint is written with.
    #[uniffi::constructor]
    pub fn new(size: u64) -> Arc<Self> {
        Arc::new(SparsePlan(mfp::SparsePlan::new(size)))
    }

    /// The file size the plan is for.
    pub fn size(&self) -> u64 {
        self.0.size()
    }

    /// The ranges to read, in the order their bytes are fed to the builder.
    pub fn ranges(&self) -> Vec<ByteRange> {
        self.0.ranges().map(|r| fm::byte_range(r).into()).collect()
    }

    /// Total number of bytes the ranges cover.
    pub fn total_length(&self) -> u64 {
        self.0.total_len()
    }

    /// A builder to feed the bytes of `ranges()` to.
    pub fn builder(&self) -> Arc<SparseCrcFromRanges> {
        Arc::new(SparseCrcFromRanges(Mutex::new(Some(self.0.builder()))))
    }
}

/// The legacy "FA" plan of old 32-bit clients (matching only, never writing); `None` when it
/// equals the correct plan (files of at most 33 818 704 bytes).
#[uniffi::export]
pub fn legacy_fa_plan(size: u64) -> Option<Arc<SparsePlan>> {
    mfp::SparsePlan::legacy_fa(size).map(|p| Arc::new(SparsePlan(p)))
}

/// The legacy "IA" plan of old 32-bit clients reading a forward-only stream (matching only);
/// `None` for files of at most 8192 bytes or when such a client read past the end.
#[uniffi::export]
pub fn legacy_ia_plan(size: u64) -> Option<Arc<SparsePlan>> {
    mfp::SparsePlan::legacy_ia(size).map(|p| Arc::new(SparsePlan(p)))
}

/// Builds the 16-byte sparse CRC from the bytes of a plan's ranges, concatenated in plan order,
/// fed in any split.
#[derive(uniffi::Object)]
pub struct SparseCrcFromRanges(Mutex<Option<mfp::SparseCrcFromRanges>>);

#[uniffi::export]
impl SparseCrcFromRanges {
    /// Adds the next bytes (`SizeMismatch` past the plan's total).
    pub fn feed(&self, data: &[u8]) -> FfiResult<()> {
        with_live(&self.0, |b| Ok(b.feed(data)?))
    }

    /// The 16-byte sparse CRC (`SizeMismatch` if bytes are missing). Consumes the builder.
    pub fn finish(&self) -> FfiResult<Vec<u8>> {
        Ok(take_live(&self.0)?.finish()?.as_bytes().to_vec())
    }
}

/// Builds the 16-byte sparse CRC from the whole file fed sequentially, in any split: a caller
/// that encrypts (or reads) the file anyway gets the fingerprint from the same pass.
#[derive(uniffi::Object)]
pub struct SparseCrcFromStream(Mutex<Option<mfp::SparseCrcFromStream>>);

#[uniffi::export]
impl SparseCrcFromStream {
    /// A builder for a file of `size` bytes.
    #[uniffi::constructor]
    pub fn new(size: u64) -> Arc<Self> {
        Arc::new(SparseCrcFromStream(Mutex::new(Some(
            mfp::SparseCrcFromStream::new(size),
        ))))
    }

    /// Adds the next bytes of the file (`SizeMismatch` past the announced size).
    pub fn update(&self, data: &[u8]) -> FfiResult<()> {
        with_live(&self.0, |b| Ok(b.update(data)?))
    }

    /// Bytes fed so far.
    pub fn position(&self) -> FfiResult<u64> {
        with_live(&self.0, |b| Ok(b.position()))
    }

    /// The 16-byte sparse CRC (`SizeMismatch` if the file was shorter than announced). Consumes
    /// the builder.
    pub fn finish(&self) -> FfiResult<Vec<u8>> {
        Ok(take_live(&self.0)?.finish()?.as_bytes().to_vec())
    }
}

/// The sparse CRC (16 bytes) of a file held whole in memory.
#[uniffi::export]
pub fn compute_sparse_crc(data: &[u8]) -> Vec<u8> {
    mfp::SparseCrc::compute(data).as_bytes().to_vec()
}

/// The sparse CRC of a file held whole in memory, read with `plan` (the legacy plans);
/// `SizeMismatch` if the plan is for another size.
#[uniffi::export]
pub fn compute_sparse_crc_with(plan: Arc<SparsePlan>, data: &[u8]) -> FfiResult<Vec<u8>> {
    Ok(mfp::SparseCrc::compute_with(&plan.0, data)?
        .as_bytes()
        .to_vec())
}

/// A file's fingerprint as MEGA compares it: size, 16-byte sparse CRC, modification time
/// (seconds since the Unix epoch).
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
pub struct FileFingerprint(mfp::FileFingerprint);

#[uniffi::export]
impl FileFingerprint {
    /// Assembles a fingerprint (`Malformed` unless `crc` is 16 bytes).
    #[uniffi::constructor]
    pub fn new(size: u64, crc: &[u8], mtime: i64) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(FileFingerprint(fm::file_fingerprint(
            size, crc, mtime,
        )?)))
    }

    /// Parses a `c` attribute strictly (canonical base64 of 16 CRC bytes and one minimal
    /// Serialize64 mtime, nothing after; `Malformed` otherwise) of a file of `size` bytes.
    #[uniffi::constructor]
    pub fn parse(c_attribute: String, size: u64) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(FileFingerprint(
            mfp::FileFingerprint::from_c_attribute(&c_attribute, size)?,
        )))
    }

    /// Parses an app-prefixed fingerprint (`MegaApi::getFingerprint`), strictly.
    #[uniffi::constructor]
    pub fn parse_app_fingerprint(app_fingerprint: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(FileFingerprint(
            mfp::FileFingerprint::from_app_fingerprint(&app_fingerprint)?,
        )))
    }

    /// The file size.
    pub fn size(&self) -> u64 {
        self.0.size
    }

    /// The 16-byte sparse CRC.
    pub fn crc(&self) -> Vec<u8> {
        self.0.crc.as_bytes().to_vec()
    }

    /// The modification time, seconds since the Unix epoch.
    pub fn mtime(&self) -> i64 {
        self.0.mtime
    }

    /// The `c` node attribute: `B64(crc || Serialize64(mtime))`.
    pub fn to_c_attribute(&self) -> String {
        self.0.c_attribute()
    }

    /// The app-prefixed form (not a node attribute).
    pub fn to_app_fingerprint(&self) -> String {
        self.0.app_fingerprint()
    }

    /// The SDK's equality: same size, same CRC, mtimes at most 2 s apart.
    pub fn matches(&self, other: Arc<FileFingerprint>) -> bool {
        self.0.matches(&other.0)
    }
}

/// The SDK's Serialize64 encoding of `value` (minimal).
#[uniffi::export]
pub fn serialize64_encode(value: u64) -> Vec<u8> {
    mfp::serialize64::encode(value)
}

/// A Serialize64 value and how many input bytes it used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Serialize64Value {
    /// The value.
    pub value: u64,
    /// Bytes used (count byte included).
    pub consumed: u32,
}

/// Reads one Serialize64 value from the start of `input` as the SDK does (counts up to 8,
/// non-minimal forms accepted, what follows ignored; `Malformed` otherwise).
#[uniffi::export]
pub fn serialize64_decode(input: &[u8]) -> FfiResult<Serialize64Value> {
    let (value, consumed) = fm::serialize64_decode(input)?;
    Ok(Serialize64Value { value, consumed })
}

// --------------------------------------------------------------------------------------- media

/// The XXTEA key of a file's media attributes (node key bytes 16..32).
#[derive(Debug, uniffi::Object)]
pub struct MediaKey(mmedia::MediaKey);

#[uniffi::export]
impl MediaKey {
    /// From a packed 32-byte file node key (`InvalidKey` otherwise).
    #[uniffi::constructor]
    pub fn from_node_key(node_key: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(MediaKey(mmedia::MediaKey::from_node_key(
            node_key,
        )?)))
    }

    /// From a file key (its nonce and meta-MAC).
    #[uniffi::constructor]
    pub fn from_file_key(key: Arc<FileKey>) -> Arc<Self> {
        Arc::new(MediaKey(mmedia::MediaKey::from_file_key(&key.0)))
    }

    /// From 16 raw bytes, read as four big-endian words (`InvalidKey` otherwise).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(MediaKey(fm::media_key(bytes)?)))
    }
}

/// What media attributes say about a file (type 8: dimensions, fps, playtime, short format;
/// type 9, when the short format is 0: container and codec ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct MediaProperties {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Frames per second.
    pub fps: u32,
    /// Duration in seconds.
    pub playtime: u32,
    /// Short-format id (0..=255; 0 = container and codecs in type 9).
    pub shortformat: u32,
    /// Container id (0..=255).
    pub container_id: u32,
    /// Video codec id (12 bits stored).
    pub video_codec_id: u32,
    /// Audio codec id (12 bits stored).
    pub audio_codec_id: u32,
}

impl MediaProperties {
    fn to_core(self) -> FfiResult<mmedia::MediaProperties> {
        Ok(fm::media_properties(
            self.width,
            self.height,
            self.fps,
            self.playtime,
            self.shortformat,
            self.container_id,
            self.video_codec_id,
            self.audio_codec_id,
        )?)
    }

    fn from_core(p: mmedia::MediaProperties) -> Self {
        MediaProperties {
            width: p.width,
            height: p.height,
            fps: p.fps,
            playtime: p.playtime,
            shortformat: u32::from(p.shortformat),
            container_id: u32::from(p.container_id),
            video_codec_id: u32::from(p.video_codec_id),
            audio_codec_id: u32::from(p.audio_codec_id),
        }
    }
}

/// The `fa` entries to attach: `8*<B64>` and, when the short format is 0, `/9*<B64>`.
#[uniffi::export]
pub fn encode_media_attributes(props: MediaProperties, key: Arc<MediaKey>) -> FfiResult<String> {
    Ok(props.to_core()?.to_fa_entries(&key.0)?)
}

/// Reads the media properties from a node's `fa` string; `None` without a `:8*` entry,
/// `Malformed` for an entry that is not 11 base64 characters. Large values come back coarse.
#[uniffi::export]
pub fn decode_media_attributes(
    fa: String,
    key: Arc<MediaKey>,
) -> FfiResult<Option<MediaProperties>> {
    Ok(mmedia::MediaProperties::from_fa_string(&fa, &key.0)?.map(MediaProperties::from_core))
}

/// The 8 plaintext bytes of the type 8 attribute (before XXTEA).
#[uniffi::export]
pub fn media_type8_plain(props: MediaProperties) -> FfiResult<Vec<u8>> {
    Ok(props.to_core()?.type8_plain().to_vec())
}

/// The 8 plaintext bytes of the type 9 attribute (before XXTEA).
#[uniffi::export]
pub fn media_type9_plain(props: MediaProperties) -> FfiResult<Vec<u8>> {
    Ok(props.to_core()?.type9_plain().to_vec())
}

/// XXTEA encryption (little-endian words; a multiple of 4 bytes, at least 8: `ApiMisuse`).
#[uniffi::export]
pub fn xxtea_encrypt(key: Arc<MediaKey>, data: &[u8]) -> FfiResult<Vec<u8>> {
    let mut v = data.to_vec();
    mmedia::xxtea_encrypt(&mut v, &key.0)?;
    Ok(v)
}

/// XXTEA decryption (same layout as `xxteaEncrypt`).
#[uniffi::export]
pub fn xxtea_decrypt(key: Arc<MediaKey>, data: &[u8]) -> FfiResult<Vec<u8>> {
    let mut v = data.to_vec();
    mmedia::xxtea_decrypt(&mut v, &key.0)?;
    Ok(v)
}

// ------------------------------------------------------------------------------------ location

/// A latitude/longitude pair in degrees.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct Coordinates {
    /// Latitude, −90 ..= 90.
    pub latitude: f64,
    /// Longitude, −180 ..= 180.
    pub longitude: f64,
}

impl From<mloc::Coordinates> for Coordinates {
    fn from(c: mloc::Coordinates) -> Self {
        Coordinates {
            latitude: c.latitude,
            longitude: c.longitude,
        }
    }
}

fn coords(latitude: f64, longitude: f64) -> mloc::Coordinates {
    mloc::Coordinates {
        latitude,
        longitude,
    }
}

/// The account's key for unshareable attributes (`*~usk` decrypted with the master key).
#[derive(Debug, uniffi::Object)]
pub struct UnshareableKey(mloc::UnshareableKey);

#[uniffi::export]
impl UnshareableKey {
    /// Decrypts the `*~usk` attribute value (base64 of 16 bytes) with the master key.
    #[uniffi::constructor]
    pub fn from_usk_attribute(master_key: Arc<MasterKey>, usk_b64: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(UnshareableKey(
            mloc::UnshareableKey::from_usk_attribute(&master_key.0, &usk_b64)?,
        )))
    }

    /// Wraps the 16 decrypted key bytes (`InvalidKey` otherwise).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(UnshareableKey(fm::unshareable_key(bytes)?)))
    }

    /// The 16 key bytes. Secret.
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
}

/// The attribute values to send when setting a file's coordinates (empty string: remove).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LocationAttributes {
    /// New value of `l`.
    pub l: String,
    /// New value of `gp`.
    pub gp: String,
}

impl From<mloc::LocationAttributes> for LocationAttributes {
    fn from(a: mloc::LocationAttributes) -> Self {
        LocationAttributes { l: a.l, gp: a.gp }
    }
}

/// The 24-bit values `[lat24, lon24]` that `l` stores (`ApiMisuse` out of range).
#[uniffi::export]
pub fn coordinates_to_24bit(latitude: f64, longitude: f64) -> FfiResult<Vec<u32>> {
    let (a, b) = mloc::to_24bit(coords(latitude, longitude))?;
    Ok(vec![a, b])
}

/// Encodes the shareable `l` attribute (8 characters).
#[uniffi::export]
pub fn encode_location_l(latitude: f64, longitude: f64) -> FfiResult<String> {
    Ok(mloc::encode_l(coords(latitude, longitude))?)
}

/// Decodes an `l` attribute (exactly 8 base64 characters, `Malformed` otherwise).
#[uniffi::export]
pub fn decode_location_l(l: String) -> FfiResult<Coordinates> {
    Ok(mloc::decode_l(&l)?.into())
}

/// Encodes the unshareable `gp` attribute (22 characters).
#[uniffi::export]
pub fn encode_location_gp(
    latitude: f64,
    longitude: f64,
    key: Arc<UnshareableKey>,
) -> FfiResult<String> {
    Ok(mloc::encode_gp(coords(latitude, longitude), &key.0)?)
}

/// Decrypts and decodes a `gp` attribute (`Decrypt` under another account's key).
#[uniffi::export]
pub fn decode_location_gp(gp: String, key: Arc<UnshareableKey>) -> FfiResult<Coordinates> {
    Ok(mloc::decode_gp(&gp, &key.0)?.into())
}

/// A file node's coordinates as the SDK resolves them: `gp` when it decrypts with `key`, else
/// a valid `l`, else `None`.
#[uniffi::export]
pub fn node_coordinates(
    l: Option<String>,
    gp: Option<String>,
    key: Option<Arc<UnshareableKey>>,
) -> Option<Coordinates> {
    mloc::node_coordinates(l.as_deref(), gp.as_deref(), key.as_ref().map(|k| &k.0)).map(Into::into)
}

/// Shareable coordinates: `l` set, `gp` removed.
#[uniffi::export]
pub fn shareable_location_attributes(
    latitude: f64,
    longitude: f64,
) -> FfiResult<LocationAttributes> {
    Ok(mloc::LocationAttributes::shareable(coords(latitude, longitude))?.into())
}

/// Unshareable coordinates: `gp` set, `l` removed.
#[uniffi::export]
pub fn unshareable_location_attributes(
    latitude: f64,
    longitude: f64,
    key: Arc<UnshareableKey>,
) -> FfiResult<LocationAttributes> {
    Ok(mloc::LocationAttributes::unshareable(coords(latitude, longitude), &key.0)?.into())
}

/// Both attributes removed.
#[uniffi::export]
pub fn cleared_location_attributes() -> LocationAttributes {
    mloc::LocationAttributes::clear().into()
}

// ----------------------------------------------------------------------------- upload checksum

/// The running `?d=` checksum of one upload request body; feed the body in any split.
#[derive(uniffi::Object)]
pub struct UploadChecksum(Mutex<mup::UploadChecksum>);

#[uniffi::export]
impl UploadChecksum {
    /// The checksum of an empty body.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(UploadChecksum(Mutex::new(mup::UploadChecksum::new())))
    }

    /// Adds the next bytes of the body.
    pub fn update(&self, data: &[u8]) -> FfiResult<()> {
        self.0
            .lock()
            .map_err(|_| CryptoError::poisoned())?
            .update(data);
        Ok(())
    }

    /// Body bytes fed so far.
    pub fn body_length(&self) -> FfiResult<u64> {
        Ok(self.get()?.body_len())
    }

    /// The 12 checksum bytes.
    pub fn to_bytes(&self) -> FfiResult<Vec<u8>> {
        Ok(self.get()?.to_bytes().to_vec())
    }

    /// MEGA base64 of the checksum (16 characters), the `d` query value.
    pub fn to_b64(&self) -> FfiResult<String> {
        Ok(self.get()?.to_b64())
    }

    /// `/<start>?d=<B64>`: the suffix of the upload URL for a body starting at file offset `start`.
    pub fn url_suffix(&self, start: u64) -> FfiResult<String> {
        Ok(self.get()?.url_suffix(start))
    }
}

impl UploadChecksum {
    fn get(&self) -> FfiResult<mup::UploadChecksum> {
        Ok(*self.0.lock().map_err(|_| CryptoError::poisoned())?)
    }
}

// ----------------------------------------------------------------------------------- cloudraid

/// The sizes of the six CloudRAID parts (0 = parity, 1..=5 data) of a file.
#[uniffi::export]
pub fn cloudraid_part_sizes(file_size: u64) -> Vec<u64> {
    fm::raid_part_sizes(file_size)
}

/// Where to restart a CloudRAID download at a file offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct ResumePoint {
    /// Offset in each part to read from.
    pub part_start: u64,
    /// Recombined bytes to drop before the offset.
    pub skipped_bytes: u64,
}

/// The resume point for file offset `pos`.
#[uniffi::export]
pub fn cloudraid_resume_point(pos: u64) -> ResumePoint {
    let r = mraid::resume_point(pos);
    ResumePoint {
        part_start: r.part_start,
        skipped_bytes: r.skipped_bytes,
    }
}

/// Turns five of the six CloudRAID parts back into the file's ciphertext, streaming: feed part
/// bytes as they arrive (in order within a part, any interleaving) and drain the output. The
/// part left out is rebuilt from parity when it is a data part.
#[derive(uniffi::Object)]
pub struct Recombiner(Mutex<Option<mraid::Recombiner>>);

impl Recombiner {
    fn wrap(r: mraid::Recombiner) -> Arc<Self> {
        Arc::new(Recombiner(Mutex::new(Some(r))))
    }
}

#[uniffi::export]
impl Recombiner {
    /// The whole file of `file_size` bytes without part `unused_part` (0..=5).
    #[uniffi::constructor]
    pub fn new(file_size: u64, unused_part: u32) -> FfiResult<Arc<Self>> {
        let p = fm::raid_part(unused_part)?;
        Ok(Self::wrap(mraid::Recombiner::new(file_size, p)?))
    }

    /// Only file bytes `[start, end)` (a resumed or ranged download).
    #[uniffi::constructor]
    pub fn with_range(
        file_size: u64,
        start: u64,
        end: u64,
        unused_part: u32,
    ) -> FfiResult<Arc<Self>> {
        let p = fm::raid_part(unused_part)?;
        Ok(Self::wrap(mraid::Recombiner::with_range(
            file_size, start, end, p,
        )?))
    }

    /// The range of `part` to download; `None` for the unused part.
    pub fn part_range(&self, part: u32) -> FfiResult<Option<ByteRange>> {
        with_live(&self.0, |r| {
            Ok(fm::raid_part_range(r, part)?.map(Into::into))
        })
    }

    /// Adds the next bytes of `part` (`Malformed` beyond its range).
    pub fn feed(&self, part: u32, data: &[u8]) -> FfiResult<()> {
        let p = fm::raid_part(part)?;
        with_live(&self.0, |r| Ok(r.feed(p, data)?))
    }

    /// The recombined bytes available so far (possibly empty).
    pub fn drain(&self) -> FfiResult<Bytes> {
        with_live(&self.0, |r| Bytes::copy_of(&fm::raid_drain(r)))
    }

    /// Bytes produced so far.
    pub fn produced(&self) -> FfiResult<u64> {
        with_live(&self.0, |r| Ok(r.produced()))
    }

    /// Checks that the whole range was produced (`SizeMismatch`). Consumes the recombiner.
    pub fn finish(&self) -> FfiResult<()> {
        Ok(take_live(&self.0)?.finish()?)
    }
}
