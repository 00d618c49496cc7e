//! The fused, multi-lane CTR + CBC-MAC engine.
//!
//! A chunk's CBC-MAC is a serial chain: block `j + 1` cannot start before block `j` is encrypted.
//! Done block by block (as every MEGA client does) the AES unit idles most of the time. Chunks are
//! independent, so this engine runs the MAC chains of up to [`LANES`] chunks side by side and,
//! between the chain steps, produces the CTR keystream for the same bytes in batches of the AES
//! backend's native parallel width (8 blocks with AES-NI, 30 with VAES-256, 64 with VAES-512).
//!
//! Everything runs inside one `encrypt_with_backend` closure, so the whole loop is compiled for
//! (and inlined into) the backend that the `aes` crate selected at runtime: a portable build still
//! uses VAES when the CPU has it.

use cipher::array::Array;
use cipher::consts::U16;
use cipher::typenum::Unsigned;
use cipher::{
    BlockCipherEncBackend, BlockCipherEncClosure, BlockCipherEncrypt, BlockSizeUser, InOut,
    InOutBuf, ParBlocksSizeUser,
};

use zeroize::Zeroize;

use crate::primitives::Aes;

/// How many chunk MAC chains run side by side.
pub(crate) const LANES: usize = 16;
/// Blocks taken from each lane per round (the CTR batch of a round is `LANES * STRIPE` blocks).
const STRIPE: usize = 32;

type Block = Array<u8, U16>;

/// What the engine does to the bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// MAC the plaintext, then XOR the keystream (upload).
    Encrypt,
    /// XOR the keystream, then MAC the resulting plaintext (download).
    Decrypt,
    /// MAC only (verify plaintext that is already decrypted).
    MacOnly,
}

/// A run of whole 16-byte blocks inside one chunk.
pub(crate) struct Lane<'a> {
    /// The blocks, transformed in place.
    pub blocks: &'a mut [[u8; 16]],
    /// CTR block index of `blocks[0]` (byte offset / 16).
    pub counter: u64,
    /// CBC-MAC state: on input the chain value before `blocks[0]`, on output after the last block.
    pub mac: [u8; 16],
}

impl<'a> Lane<'a> {
    /// Moves the lane out, leaving an empty one (the rayon split moves lanes between threads).
    #[cfg(feature = "parallel")]
    pub(crate) fn take(&mut self) -> Lane<'a> {
        Lane {
            blocks: core::mem::take(&mut self.blocks),
            counter: self.counter,
            mac: self.mac,
        }
    }
}

/// The CTR counter block for block `index`: `nonce || BE64(index)`.
#[inline(always)]
pub(crate) fn counter_block(nonce_hi: u128, index: u64) -> [u8; 16] {
    (nonce_hi | u128::from(index)).to_be_bytes()
}

/// `nonce` as the high half of a 128-bit big-endian counter.
pub(crate) fn nonce_hi(nonce: &[u8; 8]) -> u128 {
    u128::from(u64::from_be_bytes(*nonce)) << 64
}

/// The CBC-MAC IV `nonce || nonce`.
pub(crate) fn mac_iv(nonce: &[u8; 8]) -> [u8; 16] {
    let n = u128::from(u64::from_be_bytes(*nonce));
    ((n << 64) | n).to_be_bytes()
}

#[inline(always)]
fn xor16(a: &mut [u8; 16], b: &[u8; 16]) {
    // Written out so LLVM's SLP vectorizer emits one vector XOR (a `u128` XOR would move the AES
    // state out to general-purpose registers and back; a byte loop is not always vectorized).
    let [
        a0,
        a1,
        a2,
        a3,
        a4,
        a5,
        a6,
        a7,
        a8,
        a9,
        a10,
        a11,
        a12,
        a13,
        a14,
        a15,
    ] = a;
    let [
        b0,
        b1,
        b2,
        b3,
        b4,
        b5,
        b6,
        b7,
        b8,
        b9,
        b10,
        b11,
        b12,
        b13,
        b14,
        b15,
    ] = b;
    *a0 ^= b0;
    *a1 ^= b1;
    *a2 ^= b2;
    *a3 ^= b3;
    *a4 ^= b4;
    *a5 ^= b5;
    *a6 ^= b6;
    *a7 ^= b7;
    *a8 ^= b8;
    *a9 ^= b9;
    *a10 ^= b10;
    *a11 ^= b11;
    *a12 ^= b12;
    *a13 ^= b13;
    *a14 ^= b14;
    *a15 ^= b15;
}

/// Runs `mode` over every lane. Lanes are independent; their order does not matter.
pub(crate) fn run(aes: &Aes, nonce: &[u8; 8], mode: Mode, lanes: &mut [Lane<'_>]) {
    aes.encrypt_with_backend(Job {
        nonce_hi: nonce_hi(nonce),
        mode,
        lanes,
    });
}

/// XORs the CTR keystream starting at block `counter` into whole blocks (no MAC).
pub(crate) fn ctr_blocks(aes: &Aes, nonce: &[u8; 8], counter: u64, blocks: &mut [[u8; 16]]) {
    aes.encrypt_with_backend(CtrJob {
        nonce_hi: nonce_hi(nonce),
        counter,
        blocks,
    });
}

struct Job<'j, 'a> {
    nonce_hi: u128,
    mode: Mode,
    lanes: &'j mut [Lane<'a>],
}

impl BlockSizeUser for Job<'_, '_> {
    type BlockSize = U16;
}

/// One lane slot of the engine: the lane it serves and the blocks it has not processed yet.
struct Slot<'a> {
    lane: usize,
    rest: &'a mut [[u8; 16]],
    counter: u64,
}

impl BlockCipherEncClosure for Job<'_, '_> {
    // Inlined into the backend's `#[target_feature]` entry point, so the whole loop is compiled
    // with the instruction set the backend was selected for.
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let Job {
            nonce_hi,
            mode,
            lanes,
        } = self;
        // Counter blocks go to `ctrs` and are encrypted into `ks`; writing them as whole blocks
        // of nonce and index lets the compiler vectorize the loop (as two 64-bit halves per
        // block it took a tenth of the engine's time).
        let nonce_be = ((nonce_hi >> 64) as u64).to_be_bytes();
        let mut ctrs = [Block::default(); LANES * STRIPE];
        let mut ks = [Block::default(); LANES * STRIPE];
        let mut state = [Block::default(); LANES];
        let mut slots: [Option<Slot<'_>>; LANES] = Default::default();
        // Lanes start longest first, each in the first slot that frees up (longest-processing-
        // time scheduling), so the slots run out of work at nearly the same time. In file order,
        // MEGA's ramp of growing chunks leaves a long tail in which a few slots work and the rest
        // idle: a third of the rounds of a 16 MiB file. Lanes are independent, so only the order
        // in which they start changes.
        let order = longest_first(lanes);
        // Software AES pays per block and is never padded: use every slot.
        let width = if batches_cheaply::<B>() {
            LANES
        } else {
            slot_count(
                order
                    .iter()
                    .map(|&i| lanes.get(i).map_or(0, |l| l.blocks.len())),
            )
        };
        let mut pending = order.into_iter();
        // Stands in for the blocks of idle slots, so that the MAC step can always run the
        // written-out 8- or 16-chain loop; what it computes for them is discarded.
        let filler = [[0u8; 16]; STRIPE];
        // Chain values gathered for one MAC step.
        let mut chains = [Block::default(); LANES];
        // How much of `ctrs` and `ks` any round filled, to wipe at the end.
        let mut used = 0;
        loop {
            // Refill empty slots.
            for (slot, st) in slots.iter_mut().zip(state.iter_mut()).take(width) {
                if slot.as_ref().is_none_or(|s| s.rest.is_empty()) {
                    if let Some(s) = slot.take()
                        && let Some(l) = lanes.get_mut(s.lane)
                    {
                        l.mac = st.0;
                    }
                    for i in pending.by_ref() {
                        let Some(lane) = lanes.get_mut(i) else {
                            continue;
                        };
                        if lane.blocks.is_empty() {
                            continue;
                        }
                        st.0 = lane.mac;
                        *slot = Some(Slot {
                            lane: i,
                            rest: core::mem::take(&mut lane.blocks),
                            counter: lane.counter,
                        });
                        break;
                    }
                }
            }
            if slots.iter().all(Option::is_none) {
                break;
            }
            // Carve this round's stripe from each active slot.
            let mut heads: [&mut [[u8; 16]]; LANES] = Default::default();
            let mut counters = [0u64; LANES];
            let mut longest = 0;
            for ((slot, head), ctr) in slots
                .iter_mut()
                .zip(heads.iter_mut())
                .zip(counters.iter_mut())
            {
                if let Some(s) = slot {
                    let n = s.rest.len().min(STRIPE);
                    let (h, r) = core::mem::take(&mut s.rest).split_at_mut(n);
                    *head = h;
                    s.rest = r;
                    *ctr = s.counter;
                    s.counter = s.counter.wrapping_add(n as u64);
                    longest = longest.max(n);
                }
            }
            // Keystream for every carved block, in backend-sized batches.
            if mode != Mode::MacOnly {
                let mut k = 0;
                for (head, ctr) in heads.iter().zip(counters.iter()) {
                    for (j, dst) in (0..head.len()).zip(ctrs.iter_mut().skip(k)) {
                        set_counter_block(dst, &nonce_be, ctr.wrapping_add(j as u64));
                    }
                    k += head.len();
                }
                if let (Some(input), Some(output)) = (ctrs.get(..k), ks.get_mut(..k)) {
                    keystream_batches(backend, input, output);
                }
                used = used.max(k);
                if mode == Mode::Decrypt {
                    xor_keystream(&mut heads, &ks);
                }
            }
            // The MAC chains, one block of every lane per step. The active lanes are gathered
            // (with their chain values) into the first rows; idle rows read `filler`.
            let mut rows: [&[[u8; 16]]; LANES] = [&[]; LANES];
            let mut from = [0usize; LANES];
            let mut active = 0;
            let mut uniform = true;
            for (i, (head, st)) in heads.iter().zip(state.iter()).enumerate() {
                if head.is_empty() {
                    continue;
                }
                uniform &= head.len() == longest;
                if let (Some(r), Some(f), Some(c)) = (
                    rows.get_mut(active),
                    from.get_mut(active),
                    chains.get_mut(active),
                ) {
                    *r = head;
                    *f = i;
                    *c = *st;
                }
                active += 1;
            }
            if uniform {
                let pad = filler.get(..longest).unwrap_or(&[]);
                for r in rows.iter_mut().skip(active) {
                    *r = pad;
                }
                if batches_cheaply::<B>() {
                    // Software AES pays for every block: no padding.
                    if let (Some(r), Some(c)) = (rows.get(..active), chains.get_mut(..active)) {
                        mac_lanes_batched(backend, r, c);
                    }
                } else if active > 8 {
                    mac_all_lanes(backend, &rows, &mut chains);
                } else {
                    mac_8_lanes(backend, &rows, &mut chains);
                }
            } else {
                mac_any_lanes(backend, &rows, &mut chains, longest);
            }
            for (&i, c) in from.iter().zip(chains.iter()).take(active) {
                if let Some(st) = state.get_mut(i) {
                    *st = *c;
                }
            }
            if mode == Mode::Encrypt {
                xor_keystream(&mut heads, &ks);
            }
        }
        // Keystream, counter blocks (they hold the nonce) and chain values stay on the stack
        // after return: wipe what was used, so a one-chunk call wipes about 1.3 KiB, not the
        // whole 17 KiB of buffers (measured: 4 KiB files 5-8 % slower, 64 KiB within noise).
        wipe(ks.get_mut(..used).unwrap_or_default());
        wipe(ctrs.get_mut(..used).unwrap_or_default());
        wipe(state.get_mut(..width).unwrap_or_default());
        wipe(chains.get_mut(..width).unwrap_or_default());
    }
}

/// Zeroizes blocks with writes the compiler may not remove.
#[inline(always)]
fn wipe(blocks: &mut [Block]) {
    for b in blocks {
        b.0.zeroize();
    }
}

/// Indices of `lanes`, longest first (file order among equal lengths): the order in which the
/// engine starts lanes in its slots and the rayon path deals them to threads.
pub(crate) fn longest_first(lanes: &[Lane<'_>]) -> alloc::vec::Vec<usize> {
    let mut order: alloc::vec::Vec<usize> = (0..lanes.len()).collect();
    order.sort_by_key(|&i| core::cmp::Reverse(lanes.get(i).map_or(0, |l| l.blocks.len())));
    order
}

/// Cost of an 8-chain MAC step, in percent of a 16-chain step. Eight chains already keep the AES
/// unit mostly busy: 1 MiB lanes, one thread, 2-vCPU AMD EPYC with VAES: 8 lanes 5.1-5.4 GiB/s,
/// 16 lanes 6.0 GiB/s, so an 8-chain step costs 0.53-0.57 of a 16-chain one.
const EIGHT_CHAIN_COST_PERCENT: u64 = 56;

/// How many slots (8 or 16) to run lanes of these lengths (in blocks, longest first) in.
///
/// The engine starts each lane in the first slot that frees up; this replays that schedule for
/// both widths and compares their cost. Every step in which more than 8 slots work costs one
/// 16-chain step (idle slots are padded); steps with at most 8 cost an 8-chain step. A few long
/// lanes (a 16 MiB file split between two threads: 8-12 lanes of up to 1 MiB) are cheaper in 8
/// slots, many lanes in 16.
pub(crate) fn slot_count(lens_desc: impl Iterator<Item = usize>) -> usize {
    let mut ends16 = [0u64; LANES];
    let mut ends8 = [0u64; 8];
    for len in lens_desc {
        for ends in [&mut ends16[..], &mut ends8[..]] {
            if let Some(first_free) = ends.iter_mut().min_by_key(|e| **e) {
                *first_free = first_free.saturating_add(len as u64);
            }
        }
    }
    ends16.sort_unstable();
    let mut cost16 = 0u128;
    let mut prev = 0;
    for (finished, &end) in ends16.iter().enumerate() {
        let step_cost = if LANES - finished > 8 {
            100
        } else {
            EIGHT_CHAIN_COST_PERCENT
        };
        cost16 += u128::from(end - prev) * u128::from(step_cost);
        prev = end;
    }
    let cost8 =
        u128::from(ends8.iter().copied().max().unwrap_or(0)) * u128::from(EIGHT_CHAIN_COST_PERCENT);
    if cost8 <= cost16 { 8 } else { LANES }
}

/// Writes the counter block `nonce || BE64(index)`.
#[inline(always)]
fn set_counter_block(block: &mut Block, nonce: &[u8; 8], index: u64) {
    if let Some((high, low)) = block.0.split_first_chunk_mut::<8>() {
        *high = *nonce;
        if let Some(low) = low.first_chunk_mut::<8>() {
            *low = index.to_be_bytes();
        }
    }
}

/// Encrypts the counter blocks `input` into `output` (same length) in the backend's batches.
#[inline(always)]
fn keystream_batches<B: BlockCipherEncBackend<BlockSize = U16>>(
    backend: &B,
    input: &[Block],
    output: &mut [Block],
) {
    let (par_in, tail_in) = Array::<Block, B::ParBlocksSize>::slice_as_chunks(input);
    let (par_out, tail_out) = Array::<Block, B::ParBlocksSize>::slice_as_chunks_mut(output);
    for (i, o) in par_in.iter().zip(par_out.iter_mut()) {
        backend.encrypt_par_blocks(InOut::from((i, o)));
    }
    if let Ok(tail) = InOutBuf::new(tail_in, tail_out) {
        backend.encrypt_tail_blocks(tail);
    }
}

/// Whether the backend encrypts a small batch of blocks for the price of one: the software
/// (fixsliced) AES of targets without AES instructions, WebAssembly among them, works on 2 or 4
/// blocks at once, so a single-block call wastes half or three quarters of its work. Hardware
/// backends (one block per instruction, batches of 8 to 64) are better served by the written-out
/// single-block chains below, which the compiler interleaves. Decided at compile time.
#[inline(always)]
fn batches_cheaply<B: ParBlocksSizeUser>() -> bool {
    let n = B::ParBlocksSize::USIZE;
    n > 1 && n <= 4
}

/// Lanes of equal length on a software backend: each step XORs one block into every chain
/// value and encrypts the chain values in the backend's batches.
#[inline(always)]
fn mac_lanes_batched<B: BlockCipherEncBackend<BlockSize = U16>>(
    backend: &B,
    heads: &[&[[u8; 16]]],
    state: &mut [Block],
) {
    let steps = heads.first().map_or(0, |h| h.len());
    for j in 0..steps {
        for (head, st) in heads.iter().zip(state.iter_mut()) {
            if let Some(b) = head.get(j) {
                xor16(&mut st.0, b);
            }
        }
        let (par, tail) = Array::<Block, B::ParBlocksSize>::slice_as_chunks_mut(state);
        for p in par {
            backend.encrypt_par_blocks_inplace(p);
        }
        backend.encrypt_tail_blocks_inplace(tail);
    }
}

/// The common case: all lanes active with the same number of blocks. Written out so the chain
/// values stay in registers and the sixteen AES chains interleave (enough independent work to
/// hide the AES latency).
#[inline(always)]
fn mac_all_lanes<B: BlockCipherEncBackend<BlockSize = U16>>(
    backend: &B,
    heads: &[&[[u8; 16]]; LANES],
    state: &mut [Block; LANES],
) {
    let [
        h0,
        h1,
        h2,
        h3,
        h4,
        h5,
        h6,
        h7,
        h8,
        h9,
        h10,
        h11,
        h12,
        h13,
        h14,
        h15,
    ] = heads;
    // Local copies of the chain values, written back at the end: through `state` itself the
    // compiler kept every chain value in memory between steps.
    let mut local = *state;
    let [
        s0,
        s1,
        s2,
        s3,
        s4,
        s5,
        s6,
        s7,
        s8,
        s9,
        s10,
        s11,
        s12,
        s13,
        s14,
        s15,
    ] = &mut local;
    let lo = h0.iter().zip(h1.iter()).zip(h2.iter()).zip(h3.iter());
    let lo = lo
        .zip(h4.iter())
        .zip(h5.iter())
        .zip(h6.iter())
        .zip(h7.iter());
    let hi = h8.iter().zip(h9.iter()).zip(h10.iter()).zip(h11.iter());
    let hi = hi
        .zip(h12.iter())
        .zip(h13.iter())
        .zip(h14.iter())
        .zip(h15.iter());
    for (l, h) in lo.zip(hi) {
        let (((((((b0, b1), b2), b3), b4), b5), b6), b7) = l;
        let (((((((b8, b9), b10), b11), b12), b13), b14), b15) = h;
        xor16(&mut s0.0, b0);
        xor16(&mut s1.0, b1);
        xor16(&mut s2.0, b2);
        xor16(&mut s3.0, b3);
        xor16(&mut s4.0, b4);
        xor16(&mut s5.0, b5);
        xor16(&mut s6.0, b6);
        xor16(&mut s7.0, b7);
        xor16(&mut s8.0, b8);
        xor16(&mut s9.0, b9);
        xor16(&mut s10.0, b10);
        xor16(&mut s11.0, b11);
        xor16(&mut s12.0, b12);
        xor16(&mut s13.0, b13);
        xor16(&mut s14.0, b14);
        xor16(&mut s15.0, b15);
        backend.encrypt_block_inplace(s0);
        backend.encrypt_block_inplace(s1);
        backend.encrypt_block_inplace(s2);
        backend.encrypt_block_inplace(s3);
        backend.encrypt_block_inplace(s4);
        backend.encrypt_block_inplace(s5);
        backend.encrypt_block_inplace(s6);
        backend.encrypt_block_inplace(s7);
        backend.encrypt_block_inplace(s8);
        backend.encrypt_block_inplace(s9);
        backend.encrypt_block_inplace(s10);
        backend.encrypt_block_inplace(s11);
        backend.encrypt_block_inplace(s12);
        backend.encrypt_block_inplace(s13);
        backend.encrypt_block_inplace(s14);
        backend.encrypt_block_inplace(s15);
    }
    *state = local;
}

/// Eight lanes active with the same number of blocks, the other slots empty (8 MiB feeds, or
/// one thread's half of a 16 MiB feed).
#[inline(always)]
fn mac_8_lanes<B: BlockCipherEncBackend<BlockSize = U16>>(
    backend: &B,
    heads: &[&[[u8; 16]]],
    state: &mut [Block],
) {
    let (Some([h0, h1, h2, h3, h4, h5, h6, h7]), Some(state)) =
        (heads.first_chunk::<8>(), state.first_chunk_mut::<8>())
    else {
        return;
    };
    // Local copies, as in `mac_all_lanes`.
    let mut local = *state;
    let [s0, s1, s2, s3, s4, s5, s6, s7] = &mut local;
    let rows = h0.iter().zip(h1.iter()).zip(h2.iter()).zip(h3.iter());
    let rows = rows
        .zip(h4.iter())
        .zip(h5.iter())
        .zip(h6.iter())
        .zip(h7.iter());
    for (((((((b0, b1), b2), b3), b4), b5), b6), b7) in rows {
        xor16(&mut s0.0, b0);
        xor16(&mut s1.0, b1);
        xor16(&mut s2.0, b2);
        xor16(&mut s3.0, b3);
        xor16(&mut s4.0, b4);
        xor16(&mut s5.0, b5);
        xor16(&mut s6.0, b6);
        xor16(&mut s7.0, b7);
        backend.encrypt_block_inplace(s0);
        backend.encrypt_block_inplace(s1);
        backend.encrypt_block_inplace(s2);
        backend.encrypt_block_inplace(s3);
        backend.encrypt_block_inplace(s4);
        backend.encrypt_block_inplace(s5);
        backend.encrypt_block_inplace(s6);
        backend.encrypt_block_inplace(s7);
    }
    *state = local;
}

/// Lanes of different lengths (the ramp chunks, the last chunks of a buffer).
#[inline(always)]
fn mac_any_lanes<B: BlockCipherEncBackend<BlockSize = U16>>(
    backend: &B,
    heads: &[&[[u8; 16]]; LANES],
    state: &mut [Block; LANES],
    longest: usize,
) {
    for j in 0..longest {
        for (head, st) in heads.iter().zip(state.iter_mut()) {
            if let Some(b) = head.get(j) {
                xor16(&mut st.0, b);
            }
        }
        for (head, st) in heads.iter().zip(state.iter_mut()) {
            if j < head.len() {
                backend.encrypt_block_inplace(st);
            }
        }
    }
}

#[inline(always)]
fn xor_keystream(heads: &mut [&mut [[u8; 16]]; LANES], ks: &[Block; LANES * STRIPE]) {
    let mut k = ks.iter();
    for head in heads.iter_mut() {
        for (b, s) in head.iter_mut().zip(k.by_ref()) {
            xor16(b, &s.0);
        }
    }
}

struct CtrJob<'a> {
    nonce_hi: u128,
    counter: u64,
    blocks: &'a mut [[u8; 16]],
}

impl BlockSizeUser for CtrJob<'_> {
    type BlockSize = U16;
}

impl BlockCipherEncClosure for CtrJob<'_> {
    #[inline(always)]
    fn call<B: BlockCipherEncBackend<BlockSize = U16>>(self, backend: &B) {
        let mut ks = [Block::default(); STRIPE];
        let mut ctr = self.counter;
        for part in self.blocks.chunks_mut(STRIPE) {
            let Some(used) = ks.get_mut(..part.len()) else {
                return;
            };
            for (j, dst) in used.iter_mut().enumerate() {
                dst.0 = counter_block(self.nonce_hi, ctr.wrapping_add(j as u64));
            }
            let (par, tail) = Array::<Block, B::ParBlocksSize>::slice_as_chunks_mut(used);
            for p in par {
                backend.encrypt_par_blocks_inplace(p);
            }
            backend.encrypt_tail_blocks_inplace(tail);
            for (b, s) in part.iter_mut().zip(used.iter()) {
                xor16(b, &s.0);
            }
            ctr = ctr.wrapping_add(part.len() as u64);
        }
        wipe(&mut ks);
    }
}

#[cfg(test)]
mod tests {
    use super::slot_count;

    /// Blocks in `k` × 128 KiB.
    fn kib128(k: usize) -> usize {
        k * 8192
    }

    #[test]
    fn sixteen_equal_lanes_fill_sixteen_slots() {
        // 16 slots: one 16-chain pass; 8 slots: two 8-chain passes (2 × 0.56 > 1).
        assert_eq!(slot_count([kib128(8); 16].into_iter()), 16);
        assert_eq!(slot_count([kib128(8); 64].into_iter()), 16);
    }

    #[test]
    fn eight_or_fewer_lanes_use_eight_slots() {
        assert_eq!(slot_count([kib128(8); 8].into_iter()), 8);
        assert_eq!(slot_count([kib128(8); 3].into_iter()), 8);
        assert_eq!(slot_count(core::iter::empty()), 8);
    }

    #[test]
    fn ten_equal_lanes_stay_in_sixteen_slots() {
        // 16 slots: one padded 16-chain pass (cost 1); 8 slots: two passes (cost 1.12).
        assert_eq!(slot_count([kib128(8); 10].into_iter()), 16);
    }

    #[test]
    fn half_of_a_16_mib_file_runs_in_eight_slots() {
        // The first 8.5 MiB of a file: the ramp 128 KiB … 1 MiB and four 1 MiB chunks, 12 lanes.
        // 16 slots: more than 8 lanes work for the first 512 KiB of each, the last 512 KiB run
        // with at most 8: 32768 × 100 + 32768 × 56 (blocks × cost). 8 slots: the ramp pairs up
        // (128 + 896, 256 + 768, 384 + 640, 512 + 1024 …) and every slot ends at 1152 KiB:
        // 73728 × 56, which is cheaper.
        let mut lens: alloc::vec::Vec<usize> = (1..=8).map(kib128).chain([kib128(8); 4]).collect();
        lens.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(slot_count(lens.into_iter()), 8);
    }
}
