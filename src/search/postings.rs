//! BM25 relevance folded into the posting lists: each doc's length
//! normalization, the one-byte impact of a (doc, weighted tf) posting, and
//! the encoding of a term's list (doc ids, then impacts) from the segments
//! the shards built.
//!
//! Scoring is settled here, at build time, because avgdl, k1 and b are
//! fixed once the index is written: the browser then needs only df and the
//! impacts, not a length for every doc in the collection.

use super::codec::{bitmap_form, bitmap_len, get_varint, put_varint, varint_len};

pub(crate) const K1: f32 = 1.2;
pub(crate) const B: f32 = 0.75;

/// Precomputed BM25 length normalization per doc: `k1 * (1 - b + b * dl / avgdl)`.
pub(crate) fn norms(doc_len: &[u32]) -> (Vec<f32>, f64) {
    let total: u64 = doc_len.iter().map(|&l| u64::from(l)).sum();
    let avg = if doc_len.is_empty() {
        1.0
    } else {
        (total as f64 / doc_len.len() as f64).max(1.0)
    };
    let norms = doc_len
        .iter()
        .map(|&l| K1 * (1.0 - B + B * (l as f32) / (avg as f32)))
        .collect();
    (norms, avg)
}

/// Weighted tfs below this get their impacts from a per-doc table.
const SMALL_TF: usize = 8;

/// The impact byte of a (doc, weighted tf) posting. Most postings have a
/// small tf, so their impacts are computed once per doc rather than with
/// a division per posting.
pub(crate) struct Impacts<'a> {
    norms: &'a [f32],
    small: Vec<[u8; SMALL_TF]>,
}

impl<'a> Impacts<'a> {
    pub(crate) fn new(norms: &'a [f32]) -> Self {
        let small = norms
            .iter()
            .map(|&norm| std::array::from_fn(|i| impact((i + 1) as f32, norm)))
            .collect();
        Impacts { norms, small }
    }

    #[inline]
    fn get(&self, doc: u32, tfw: u64) -> u8 {
        let small = (tfw as usize)
            .checked_sub(1)
            .and_then(|i| self.small.get(doc as usize)?.get(i));
        match small {
            Some(&impact) => impact,
            None => impact(
                tfw as f32,
                self.norms.get(doc as usize).copied().unwrap_or(K1),
            ),
        }
    }
}

/// The BM25 tf component `tf / (tf + norm)` quantized to 1..=255.
fn impact(tf: f32, norm: f32) -> u8 {
    (255.0 * tf / (tf + norm)).round().clamp(1.0, 255.0) as u8
}

/// Encodes one posting list: mode byte, doc ids (delta varints, mode 0, or
/// bitmap, mode 2, whichever is smaller), then one impact byte per doc.
/// `segments` are the term's (shard's first doc, shard posting bytes), in
/// doc order.
pub(crate) fn encode_postings(
    segments: &[(u32, &[u8])],
    lut: &Impacts<'_>,
    docs: &mut Vec<u32>,
    impacts: &mut Vec<u8>,
) -> Vec<u8> {
    docs.clear();
    impacts.clear();
    let mut doc = 0u32;
    let mut delta_bytes = 1;
    for &(base, post) in segments {
        let mut at = 0;
        let mut first = true;
        while at < post.len() {
            let (Some(delta), Some(tfw)) = (get_varint(post, &mut at), get_varint(post, &mut at))
            else {
                break;
            };
            // Each segment starts at its shard-local doc number.
            let next = if first {
                base.saturating_add(delta as u32)
            } else {
                doc.saturating_add(delta as u32)
            };
            first = false;
            delta_bytes += varint_len(u64::from(if docs.is_empty() { next } else { next - doc }));
            doc = next;
            docs.push(doc);
            impacts.push(lut.get(doc, tfw));
        }
    }
    let first = docs.first().copied().unwrap_or(0);
    let mut out = if bitmap_len(first, doc) < delta_bytes {
        bitmap_form(docs)
    } else {
        let mut out = Vec::with_capacity(delta_bytes + docs.len());
        out.push(0);
        let mut prev = 0;
        for (i, &d) in docs.iter().enumerate() {
            put_varint(
                &mut out,
                u64::from(if i == 0 { d } else { d.saturating_sub(prev) }),
            );
            prev = d;
        }
        out
    };
    out.extend_from_slice(impacts);
    out
}

#[cfg(test)]
mod tests {
    use super::super::reader::{Index, Term};
    use super::*;

    /// A shard's posting bytes: (local doc delta, weighted tf) pairs.
    fn shard(pairs: &[(u64, u64)]) -> Vec<u8> {
        let mut out = Vec::new();
        for &(delta, tfw) in pairs {
            put_varint(&mut out, delta);
            put_varint(&mut out, tfw);
        }
        out
    }

    /// The mode byte and the (doc, impact) pairs of the list of `df` docs
    /// made from `segments`, read back the way the index's reader does.
    fn encode(segments: &[(u32, &[u8])], df: u32, lut: &Impacts<'_>) -> (u8, Vec<(u32, u8)>) {
        let post = encode_postings(segments, lut, &mut vec![], &mut vec![]);
        let mode = post.first().copied().unwrap_or(u8::MAX);
        let term = Term {
            name: String::new(),
            df,
            post,
            pos: Vec::new(),
        };
        (mode, Index::postings(&term))
    }

    #[test]
    fn segments_are_rebased_and_sparse_lists_keep_deltas() {
        let (norms, _) = norms(&[100; 3000]);
        let lut = Impacts::new(&norms);
        // Docs 5 and 9 in a shard starting at 0; 2000 in one starting at 1990.
        let (a, b) = (shard(&[(5, 1), (4, 1)]), shard(&[(10, 1)]));
        let (mode, postings) = encode(&[(0, &a), (1990, &b)], 3, &lut);
        assert_eq!(mode, 0, "delta mode");
        let docs: Vec<u32> = postings.iter().map(|&(d, _)| d).collect();
        assert_eq!(docs, [5, 9, 2000]);
        // Same length, same tf: the same impact everywhere.
        let impact = lut.get(0, 1);
        assert!(impact > 0);
        assert!(postings.iter().all(|&(_, i)| i == impact));
    }

    #[test]
    fn dense_lists_become_bitmaps() {
        let (norms, _) = norms(&[100; 64]);
        let lut = Impacts::new(&norms);
        let all: Vec<(u64, u64)> = (0..64).map(|d| (u64::from(d != 0), 1)).collect();
        let post = shard(&all);
        let (mode, postings) = encode(&[(0, &post)], 64, &lut);
        assert_eq!(mode, 2, "bitmap mode");
        let docs: Vec<u32> = postings.iter().map(|&(d, _)| d).collect();
        assert_eq!(docs, (0..64).collect::<Vec<_>>());
    }

    #[test]
    fn impacts_grow_with_tf_and_shrink_with_length() {
        // Doc 0 is short, doc 1 long.
        let (norms, avg) = norms(&[50, 150]);
        assert_eq!(avg, 100.0);
        let lut = Impacts::new(&norms);
        assert!(
            lut.get(0, 2) > lut.get(0, 1),
            "more occurrences score higher"
        );
        assert!(lut.get(0, 1) > lut.get(1, 1), "a longer doc scores lower");
        // Past the per-doc table, the same formula.
        assert_eq!(lut.get(1, 40), impact(40.0, norms[1]));
        assert!(lut.get(1, 40) > lut.get(1, SMALL_TF as u64));
    }
}
