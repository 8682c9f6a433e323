//! Byte-level encodings shared by every index file: LEB128 varints, base64
//! and the compact doc-set encoding used by facets.
//!
//! Hand-written rather than pulled from crates because each is a few lines
//! and the browser client has to decode exactly the same bytes.

/// Appends `v` as an unsigned LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads one varint at `*pos`, advancing it. `None` on truncated or
/// over-long input, so corrupt bytes can never panic a reader.
pub(crate) fn get_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0u32;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        if shift > 63 {
            return None;
        }
        v |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
}

/// Appends a byte string as varint length + bytes.
pub(crate) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard padded base64, decodable with the browser's `atob`.
pub(crate) fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Encodes an ascending doc-id list in whichever of three forms is smallest:
/// mode 0 = delta varints, mode 1 = runs (gap, length-1 pairs; tiny for the
/// year facet because docs arrive in date order), mode 2 = bitmap from the
/// first doc (dense series).
pub(crate) fn encode_doc_set(docs: &[u32]) -> Vec<u8> {
    let mut deltas = vec![0u8];
    let mut prev = 0u32;
    for (i, &d) in docs.iter().enumerate() {
        put_varint(
            &mut deltas,
            u64::from(if i == 0 { d } else { d.saturating_sub(prev) }),
        );
        prev = d;
    }

    let mut runs = vec![1u8];
    let mut i = 0;
    let mut end = 0u32; // one past the previous run
    while let Some(&start) = docs.get(i) {
        let mut len = 1usize;
        while docs.get(i + len).copied() == start.checked_add(len as u32) {
            len += 1;
        }
        put_varint(&mut runs, u64::from(start.saturating_sub(end)));
        put_varint(&mut runs, (len - 1) as u64);
        end = start.saturating_add(len as u32);
        i += len;
    }

    let bitmap = bitmap_form(docs);
    [deltas, runs, bitmap]
        .into_iter()
        .min_by_key(Vec::len)
        .unwrap_or_default()
}

/// Mode 2 of [`encode_doc_set`], also used inside posting lists: varint
/// first doc, varint byte count, then LSB-first bits relative to it.
pub(crate) fn bitmap_form(docs: &[u32]) -> Vec<u8> {
    let mut out = vec![2u8];
    let (Some(&first), Some(&last)) = (docs.first(), docs.last()) else {
        put_varint(&mut out, 0);
        put_varint(&mut out, 0);
        return out;
    };
    let nbytes = (last.saturating_sub(first) / 8 + 1) as usize;
    put_varint(&mut out, u64::from(first));
    put_varint(&mut out, nbytes as u64);
    let start = out.len();
    out.resize(start + nbytes, 0);
    for &d in docs {
        let off = d.saturating_sub(first) as usize;
        if let Some(byte) = out.get_mut(start + off / 8) {
            *byte |= 1 << (off % 8);
        }
    }
    out
}

/// Size the bitmap form of `n` docs spanning `first..=last` would take,
/// without building it.
pub(crate) fn bitmap_len(first: u32, last: u32) -> usize {
    let nbytes = ((last.saturating_sub(first)) / 8 + 1) as u64;
    1 + varint_len(u64::from(first)) + varint_len(nbytes) + nbytes as usize
}

pub(crate) fn varint_len(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

/// Escape for a Rice quotient this large: the gap follows as 32 raw bits,
/// so a corrupt or extreme gap never costs a run of thousands of bits.
pub(crate) const RICE_ESCAPE: u64 = 31;

/// Writes an LSB-first bit stream into whole bytes of a buffer that the
/// caller made room in: each write is one unconditional 8-byte store,
/// rather than a growing push, because every token's position goes
/// through here.
pub(crate) struct BitWriter<'a> {
    out: &'a mut [u8],
    /// Where the next whole byte goes.
    at: usize,
    acc: u64,
    used: u32,
}

impl<'a> BitWriter<'a> {
    /// A writer starting at `out[at]`. Each code takes at most 8 bytes,
    /// and `out` needs 8 bytes of room past the last one written.
    pub(crate) fn new(out: &'a mut [u8], at: usize) -> Self {
        BitWriter {
            out,
            at,
            acc: 0,
            used: 0,
        }
    }

    /// Appends the `count` (<= 56) low bits of `value`.
    #[inline]
    pub(crate) fn bits(&mut self, value: u64, count: u32) {
        debug_assert!(count <= 56);
        // Fewer than 8 bits are ever pending, so up to 56 more fit.
        self.acc |= (value & ((1u64 << count) - 1)) << self.used;
        self.used += count;
        // Store all eight bytes and keep only the whole ones (at most 7,
        // so the shift stays below 64).
        if let Some(dst) = self.out.get_mut(self.at..self.at + 8) {
            dst.copy_from_slice(&self.acc.to_le_bytes());
        }
        let whole = self.used >> 3;
        self.at += whole as usize;
        self.acc >>= whole << 3;
        self.used &= 7;
    }

    /// Elias gamma code of `v >= 1`: n zeros, a one, then the n bits below
    /// the leading one.
    #[inline]
    pub(crate) fn gamma(&mut self, v: u64) {
        // At most 31 bits keep every write within the 64-bit accumulator.
        let v = v.clamp(1, u64::from(u32::MAX >> 1));
        let n = 63 - v.leading_zeros();
        let low = v & ((1u64 << n) - 1);
        if 2 * n < 56 {
            // Zeros, the one, then the low bits: one write.
            self.bits((1u64 << n) | (low << (n + 1)), 2 * n + 1);
            return;
        }
        self.bits(0, n);
        self.bits(1, 1);
        self.bits(v, n);
    }

    /// Rice code of `v` with parameter `k`: quotient in unary (ones ended by
    /// a zero), then the `k` low bits.
    #[inline]
    pub(crate) fn rice(&mut self, v: u64, k: u32) {
        let q = v >> k;
        if q >= RICE_ESCAPE {
            self.bits(u64::MAX, RICE_ESCAPE as u32);
            self.bits(v, 32);
            return;
        }
        // q ones, a zero, then the k low bits: one write of at most
        // 30 + 1 + 24 bits (k is capped by `pos_bits`).
        let q = q as u32;
        if q + 1 + k <= 56 {
            let low = v & ((1u64 << k) - 1);
            self.bits(((1u64 << q) - 1) | (low << (q + 1)), q + 1 + k);
            return;
        }
        self.bits(u64::MAX, q);
        self.bits(0, 1);
        self.bits(v, k.min(56));
    }

    /// Pads to a byte boundary; returns where the next byte goes.
    pub(crate) fn finish(self) -> usize {
        self.at + usize::from(self.used > 0)
    }
}

/// The Rice parameter for the positions of a term occurring `count` times
/// in a doc: about log2 of the mean gap, from the archive-wide typical doc
/// length `2^pos_bits` (stored in meta.json so the client derives the same).
pub(crate) fn rice_k(pos_bits: u32, count: u64) -> u32 {
    pos_bits.saturating_sub(63 - count.max(1).leading_zeros())
}
