//! [`ChunkCipher`]: stateless per-chunk encryption and decryption for parallel, out-of-order and
//! resumed transfers.

use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroize;

use crate::error::{Error, Result};
use crate::file::engine::{self, Lane, Mode};
use crate::file::layout::{Chunk, ChunkLayout, schedule_len, schedule_start};
use crate::file::mac::ChunkMac;
use crate::keys::{ContentKey, FileKey};
use crate::parallelism::Parallelism;
use crate::primitives::{self, Aes};

/// Encrypts and decrypts whole chunks independently. `Send + Sync + Clone`, all methods take
/// `&self`: share one between threads or workers.
///
/// Each method returns the chunk's MAC; feed it to a
/// [`MetaMacAccumulator`](crate::file::MetaMacAccumulator) to get (upload) or check (download)
/// the meta-MAC. Decryption output is unverified until that check passes.
#[derive(Clone)]
pub struct ChunkCipher {
    aes: Aes,
    nonce: [u8; 8],
    parallel: bool,
}

impl fmt::Debug for ChunkCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChunkCipher(<redacted>)")
    }
}

impl ChunkCipher {
    /// A cipher for a file's content key (AES key and nonce).
    pub fn new(content_key: &ContentKey) -> Self {
        ChunkCipher {
            aes: primitives::aes(content_key.aes_key().as_bytes()),
            nonce: *content_key.nonce().as_bytes(),
            parallel: false,
        }
    }

    /// Where [`Self::encrypt_chunks`] and [`Self::decrypt_chunks_unverified`] run: several
    /// chunks at once on rayon's pool with [`Parallelism::ThreadPool`] (feature `parallel`; the
    /// calling thread without it). Same output either way.
    pub fn set_parallelism(&mut self, parallelism: Parallelism) {
        self.parallel = parallelism.uses_threads();
    }

    /// A cipher for a file key's content key and nonce.
    pub fn from_file_key(key: &FileKey) -> Self {
        Self::new(key.content_key())
    }

    /// Encrypts one chunk's plaintext in place and returns the chunk MAC (of the plaintext).
    /// `buf.len()` must equal `chunk.len`.
    pub fn encrypt_chunk(&self, chunk: Chunk, buf: &mut [u8]) -> Result<ChunkMac> {
        self.one(Mode::Encrypt, chunk, buf)
    }

    /// Decrypts one chunk's ciphertext in place and returns the MAC of the resulting plaintext.
    /// The plaintext is **unverified** until the file's meta-MAC has been checked.
    pub fn decrypt_chunk_unverified(&self, chunk: Chunk, buf: &mut [u8]) -> Result<ChunkMac> {
        self.one(Mode::Decrypt, chunk, buf)
    }

    /// The chunk MAC of plaintext that is already decrypted (nothing is modified).
    pub fn mac_chunk(&self, chunk: Chunk, plaintext: &[u8]) -> Result<ChunkMac> {
        let mut copy = zeroize::Zeroizing::new(plaintext.to_vec());
        self.one(Mode::MacOnly, chunk, &mut copy)
    }

    fn one(&self, mode: Mode, chunk: Chunk, buf: &mut [u8]) -> Result<ChunkMac> {
        check_chunk(&chunk)?;
        let macs = process_chunks(
            &self.aes,
            &self.nonce,
            mode,
            core::iter::once(chunk),
            buf,
            false,
        )?;
        macs.into_iter().next().ok_or(Error::misuse("no chunk"))
    }

    /// Encrypts a run of consecutive whole chunks in place. `buf` starts at the chunk boundary
    /// `offset` and ends at a chunk boundary or at the end of the file described by `layout`.
    /// Returns each chunk with its MAC, in file order. Several chunks are MACed side by side.
    pub fn encrypt_chunks(
        &self,
        layout: &ChunkLayout,
        offset: u64,
        buf: &mut [u8],
    ) -> Result<Vec<(Chunk, ChunkMac)>> {
        self.many(Mode::Encrypt, layout, offset, buf, self.parallel)
    }

    /// Decrypts a run of consecutive whole chunks in place (see [`Self::encrypt_chunks`]). The
    /// plaintext is **unverified**.
    pub fn decrypt_chunks_unverified(
        &self,
        layout: &ChunkLayout,
        offset: u64,
        buf: &mut [u8],
    ) -> Result<Vec<(Chunk, ChunkMac)>> {
        self.many(Mode::Decrypt, layout, offset, buf, self.parallel)
    }

    /// Checks decrypted plaintext that covers whole chunks (from the chunk boundary `offset` to a
    /// chunk boundary or the end of the file) against chunk MACs the application recorded earlier
    /// (for example during a verified full download), in constant time per chunk. For media
    /// streaming: verify each chunk before playing it.
    ///
    /// Chunk MACs are only as trustworthy as their source: the file key authenticates the meta-MAC,
    /// not individual chunk MACs.
    pub fn verify_chunks(
        &self,
        layout: &ChunkLayout,
        offset: u64,
        plaintext: &[u8],
        expected: &[ChunkMac],
    ) -> Result<()> {
        let mut copy = zeroize::Zeroizing::new(plaintext.to_vec());
        let got = self.many(Mode::MacOnly, layout, offset, &mut copy, self.parallel)?;
        if got.len() != expected.len() {
            return Err(Error::misuse(
                "number of expected chunk MACs does not match the range",
            ));
        }
        let mut ok = true;
        for ((_, g), e) in got.iter().zip(expected) {
            ok &= g == e;
        }
        if ok {
            Ok(())
        } else {
            Err(Error::mac_mismatch(
                "chunk content does not match its recorded MAC",
            ))
        }
    }

    fn many(
        &self,
        mode: Mode,
        layout: &ChunkLayout,
        offset: u64,
        buf: &mut [u8],
        parallel: bool,
    ) -> Result<Vec<(Chunk, ChunkMac)>> {
        let chunks = chunks_covering(layout, offset, buf.len() as u64)?;
        let macs = process_chunks(
            &self.aes,
            &self.nonce,
            mode,
            chunks.iter().copied(),
            buf,
            parallel,
        )?;
        Ok(chunks.into_iter().zip(macs).collect())
    }
}

/// The chunks of `layout` exactly covering `[offset, offset + len)`.
pub(crate) fn chunks_covering(layout: &ChunkLayout, offset: u64, len: u64) -> Result<Vec<Chunk>> {
    let end = offset
        .checked_add(len)
        .ok_or(Error::misuse("range overflows"))?;
    if end > layout.file_size() {
        return Err(Error::misuse("range extends past the end of the file"));
    }
    let mut v = Vec::new();
    let mut pos = offset;
    while pos < end {
        let c = layout
            .chunk_at(pos)
            .ok_or(Error::misuse("range outside the file"))?;
        if c.offset != pos {
            return Err(Error::misuse("range does not start on a chunk boundary"));
        }
        if c.end() > end {
            return Err(Error::misuse("range does not end on a chunk boundary"));
        }
        pos = c.end();
        v.push(c);
    }
    Ok(v)
}

/// Rejects a chunk that is not a chunk of MEGA's schedule (without knowing the file size).
fn check_chunk(c: &Chunk) -> Result<()> {
    let k = u64::from(c.index);
    if c.len == 0 || schedule_start(k) != c.offset || u64::from(c.len) > schedule_len(k) {
        return Err(Error::misuse("not a chunk of MEGA's chunk schedule"));
    }
    Ok(())
}

/// Runs `mode` over consecutive whole chunks laid out back to back in `buf`; returns their MACs.
pub(crate) fn process_chunks(
    aes: &Aes,
    nonce: &[u8; 8],
    mode: Mode,
    chunks: impl Iterator<Item = Chunk>,
    buf: &mut [u8],
    parallel: bool,
) -> Result<Vec<ChunkMac>> {
    let iv = engine::mac_iv(nonce);
    let mut lanes = Vec::new();
    let mut tails: Vec<(u64, &mut [u8])> = Vec::new();
    let mut rest = buf;
    for c in chunks {
        let (this, r) = core::mem::take(&mut rest)
            .split_at_mut_checked(c.len as usize)
            .ok_or(Error::misuse(
                "buffer length does not match the chunk lengths",
            ))?;
        rest = r;
        let (blocks, tail) = this.as_chunks_mut::<16>();
        let counter = c.offset / 16;
        tails.push((counter + blocks.len() as u64, tail));
        lanes.push(Lane {
            blocks,
            counter,
            mac: iv,
        });
    }
    if !rest.is_empty() {
        return Err(Error::misuse(
            "buffer length does not match the chunk lengths",
        ));
    }
    run_lanes(aes, nonce, mode, &mut lanes, parallel);
    let nonce_hi = engine::nonce_hi(nonce);
    Ok(lanes
        .iter_mut()
        .zip(tails)
        .map(|(lane, (counter, tail))| {
            finish_tail(aes, nonce_hi, mode, counter, tail, &mut lane.mac);
            ChunkMac::from_bytes(lane.mac)
        })
        .collect())
}

/// Runs the engine over independent lanes, on several threads if asked and worthwhile.
pub(crate) fn run_lanes(
    aes: &Aes,
    nonce: &[u8; 8],
    mode: Mode,
    lanes: &mut [Lane<'_>],
    parallel: bool,
) {
    #[cfg(feature = "parallel")]
    if parallel {
        return run_lanes_parallel(aes, nonce, mode, lanes);
    }
    let _ = parallel;
    engine::run(aes, nonce, mode, lanes);
}

#[cfg(feature = "parallel")]
fn run_lanes_parallel(aes: &Aes, nonce: &[u8; 8], mode: Mode, lanes: &mut [Lane<'_>]) {
    use rayon::prelude::*;
    // One group of lanes per thread. Below 1 MiB per group, threads cost more than they save.
    const MIN_GROUP_BLOCKS: usize = 1 << 16;
    let total: usize = lanes.iter().map(|l| l.blocks.len()).sum();
    let groups = rayon::current_num_threads()
        .min(total / MIN_GROUP_BLOCKS)
        .min(lanes.len());
    if groups < 2 {
        return engine::run(aes, nonce, mode, lanes);
    }
    // Deal the lanes to the groups longest first, each to the group with the fewest blocks so
    // far, so that the groups are equal in work and each gets its share of the long lanes (in
    // file order, the group holding MEGA's ramp of short chunks would finish last).
    let mut order = engine::longest_first(lanes);
    let len_of = |i: usize| lanes.get(i).map_or(0, |l| l.blocks.len());
    let mut load = alloc::vec![0usize; groups];
    let mut group_of = alloc::vec![0usize; lanes.len()];
    for &i in &order {
        if let (Some((g, least)), Some(slot)) = (
            load.iter_mut().enumerate().min_by_key(|(_, l)| **l),
            group_of.get_mut(i),
        ) {
            *least += len_of(i);
            *slot = g;
        }
    }
    // Move the lanes into one vector, group after group (file order inside a group), run the
    // groups on the pool, and move them back.
    order.sort_by_key(|&i| (group_of.get(i).copied().unwrap_or(0), i));
    let mut grouped: Vec<Lane<'_>> = order
        .iter()
        .filter_map(|&i| lanes.get_mut(i).map(Lane::take))
        .collect();
    let mut parts: Vec<&mut [Lane<'_>]> = Vec::with_capacity(groups);
    let mut rest = grouped.as_mut_slice();
    for g in 0..groups {
        let n = group_of.iter().filter(|&&x| x == g).count().min(rest.len());
        let (part, r) = core::mem::take(&mut rest).split_at_mut(n);
        parts.push(part);
        rest = r;
    }
    parts
        .into_par_iter()
        .for_each(|part| engine::run(aes, nonce, mode, part));
    for (&i, lane) in order.iter().zip(grouped) {
        if let Some(l) = lanes.get_mut(i) {
            *l = lane;
        }
    }
}

/// Completes a chunk whose length is not a multiple of 16: CTR over the last partial block and
/// the zero-padded final MAC step (docs/format/files.md#chunk-mac).
pub(crate) fn finish_tail(
    aes: &Aes,
    nonce_hi: u128,
    mode: Mode,
    counter: u64,
    tail: &mut [u8],
    mac: &mut [u8; 16],
) {
    if tail.is_empty() {
        return;
    }
    let mut block = [0u8; 16];
    if mode != Mode::MacOnly {
        let mut ks = zeroize::Zeroizing::new(engine::counter_block(nonce_hi, counter));
        primitives::encrypt_block(aes, &mut ks);
        if mode == Mode::Encrypt {
            copy_prefix(&mut block, tail);
        }
        primitives::xor_in_place(tail, &*ks);
        if mode == Mode::Decrypt {
            copy_prefix(&mut block, tail);
        }
    } else {
        copy_prefix(&mut block, tail);
    }
    primitives::xor_in_place(mac, &block);
    primitives::encrypt_block(aes, mac);
    block.zeroize();
}

pub(crate) fn copy_prefix(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}
