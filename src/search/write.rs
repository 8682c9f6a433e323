//! Serializing the inverted index: the sorted, front-coded dictionary
//! chunks (`t/<n>.bin`), packed posting lists (`p/<n>.bin`) and packed
//! position lists (`x/<n>.bin`).
//!
//! Files are cut by size so the browser fetches only what a query touches:
//! a dictionary chunk holds a contiguous range of surface forms (its first
//! surface is listed in `meta.json`), small posting lists live inline in
//! the chunk, bigger ones in pack files shared with their neighbours, and
//! very big ones alone. See the module doc of `search` for byte layouts,
//! and `postings.rs` for what a posting list holds.

use std::collections::BTreeMap;
use std::io;

use rayon::prelude::*;

use super::build::{Built, FxMap};
use super::codec::{put_bytes, put_varint};
use super::output::Output;
use super::postings::{Impacts, encode_postings};

const DICT_TARGET: usize = 32 * 1024;
/// Posting lists under this size share files of this size (the client
/// counts a completion's cost by it: `POST_PACK` in `search-index.js`).
const POST_PACK: usize = 32 * 1024;
const POS_PACK: usize = 64 * 1024;
/// Posting lists up to this size are stored inside the dictionary chunk,
/// saving a request for rare words.
const INLINE_MAX: usize = 256;

/// A dictionary key: its bytes, its word's terms (ascending) and the docs
/// its id pins.
type Key<'a> = (&'a [u8], &'a [u32], &'a [u32]);

/// Where a term's postings and positions ended up.
struct TermInfo {
    df: u32,
    inline: Option<Vec<u8>>,
    post: (u32, u32, u32),
    pos: (u32, u32, u32),
}

/// Concatenates blobs into files of about `target` bytes. A blob larger
/// than the target gets a file of its own.
struct Packer {
    dir: &'static str,
    target: usize,
    buf: Vec<u8>,
    current: u32,
    next: u32,
}

impl Packer {
    fn new(dir: &'static str, target: usize) -> Self {
        Packer {
            dir,
            target,
            buf: Vec::new(),
            current: 0,
            next: 0,
        }
    }

    fn add(&mut self, out: &mut Output, blob: &[u8]) -> io::Result<(u32, u32, u32)> {
        self.add_parts(out, &[blob])
    }

    /// Adds the concatenation of `parts` as one blob.
    fn add_parts(&mut self, out: &mut Output, parts: &[&[u8]]) -> io::Result<(u32, u32, u32)> {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if len >= self.target {
            let id = self.next;
            self.next += 1;
            out.write(&format!("{}/{id}.bin", self.dir), &parts.concat())?;
            return Ok((id, 0, len as u32));
        }
        if !self.buf.is_empty() && self.buf.len() + len > self.target {
            self.flush(out)?;
        }
        if self.buf.is_empty() {
            self.current = self.next;
            self.next += 1;
        }
        let offset = self.buf.len() as u32;
        for part in parts {
            self.buf.extend_from_slice(part);
        }
        Ok((self.current, offset, len as u32))
    }

    fn flush(&mut self, out: &mut Output) -> io::Result<()> {
        if !self.buf.is_empty() {
            out.write(&format!("{}/{}.bin", self.dir, self.current), &self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// One dictionary chunk being filled.
#[derive(Default)]
struct Chunk {
    terms: Vec<u32>,
    local: FxMap<u32, u32>,
    term_bytes: Vec<u8>,
    surfaces: Vec<u8>,
    count: u64,
    prev: Vec<u8>,
    first: Option<String>,
}

impl Chunk {
    fn size(&self) -> usize {
        self.term_bytes.len() + self.surfaces.len()
    }

    /// Chunk layout: varint T, T term records, varint S, S surface records.
    fn finish(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.size() + 10);
        put_varint(&mut out, self.terms.len() as u64);
        out.extend_from_slice(&self.term_bytes);
        put_varint(&mut out, self.count);
        out.extend_from_slice(&self.surfaces);
        out
    }
}

/// Writes dictionary chunks, posting packs and position packs. Returns the
/// first surface of each chunk, for `meta.json`.
pub(crate) fn write_dictionary(
    built: &Built,
    ids: &BTreeMap<String, Vec<u32>>,
    norms: &[f32],
    out: &mut Output,
) -> io::Result<Vec<String>> {
    let mut names: Vec<&str> = vec![""; built.terms()];
    for (term, &id) in &built.term_ids {
        if let Some(slot) = names.get_mut(id as usize) {
            *slot = term;
        }
    }
    let keys = sorted_keys(built, ids);
    let order = first_use_order(&keys, built.terms());
    let infos = pack_terms(built, &order, norms, out)?;
    let mut chunk = Chunk::default();
    let mut boundaries = Vec::new();
    let mut locals = Vec::new();

    for (key, terms, docs) in keys {
        locals.clear();
        for &id in terms {
            if let Some(&l) = chunk.local.get(&id) {
                locals.push(l);
                continue;
            }
            let Some(Some(info)) = infos.get(id as usize) else {
                continue;
            };
            let l = chunk.terms.len() as u32;
            chunk.terms.push(id);
            chunk.local.insert(id, l);
            encode_term(
                &mut chunk.term_bytes,
                names.get(id as usize).copied().unwrap_or(""),
                info,
            );
            locals.push(l);
        }

        // Front coding: bytes shared with the previous surface, then the rest.
        let shared = chunk
            .prev
            .iter()
            .zip(key)
            .take_while(|(a, b)| a == b)
            .count();
        put_varint(&mut chunk.surfaces, shared as u64);
        put_bytes(&mut chunk.surfaces, key.get(shared..).unwrap_or_default());
        put_varint(&mut chunk.surfaces, locals.len() as u64);
        for &l in &locals {
            put_varint(&mut chunk.surfaces, u64::from(l));
        }
        put_varint(&mut chunk.surfaces, docs.len() as u64);
        let mut prev = 0;
        for &d in docs {
            put_varint(&mut chunk.surfaces, u64::from(d.saturating_sub(prev)));
            prev = d;
        }
        chunk.count += 1;
        chunk.prev.clear();
        chunk.prev.extend_from_slice(key);
        if chunk.first.is_none() {
            chunk.first = Some(String::from_utf8_lossy(key).into_owned());
        }
        if chunk.size() >= DICT_TARGET {
            flush_chunk(&mut chunk, &mut boundaries, out)?;
        }
    }
    flush_chunk(&mut chunk, &mut boundaries, out)?;
    Ok(boundaries)
}

/// Word surfaces and id keys as one sorted key space (byte order); a
/// number like "8631" can be both, and is one key.
fn sorted_keys<'a>(built: &'a Built, ids: &'a BTreeMap<String, Vec<u32>>) -> Vec<Key<'a>> {
    let mut words: Vec<(&[u8], &[u32])> = built
        .surfaces
        .iter()
        .map(|(surface, terms)| (surface.as_bytes(), terms.as_slice()))
        .collect();
    words.sort_unstable_by_key(|&(surface, _)| surface);
    let mut keys = Vec::with_capacity(words.len() + ids.len());
    let mut words = words.into_iter().peekable();
    let mut ids = ids
        .iter()
        .map(|(key, docs)| (key.as_bytes(), docs.as_slice()))
        .peekable();
    loop {
        let key = match (words.peek(), ids.peek()) {
            (Some(&(w, terms)), Some(&(i, docs))) => match w.cmp(i) {
                std::cmp::Ordering::Less => (w, terms, &[][..]),
                std::cmp::Ordering::Greater => (i, &[][..], docs),
                std::cmp::Ordering::Equal => (w, terms, docs),
            },
            (Some(&(w, terms)), None) => (w, terms, &[][..]),
            (None, Some(&(i, docs))) => (i, &[][..], docs),
            (None, None) => break,
        };
        if words.peek().is_some_and(|&(w, _)| w == key.0) {
            words.next();
        }
        if ids.peek().is_some_and(|&(i, _)| i == key.0) {
            ids.next();
        }
        keys.push(key);
    }
    keys
}

/// Term ids in the order the dictionary first names them (keys in order,
/// each key's terms ascending): their postings and positions are packed
/// in that order, so that neighbours in the dictionary share pack files.
fn first_use_order(keys: &[Key<'_>], terms: usize) -> Vec<u32> {
    let mut seen = vec![false; terms];
    let mut order = Vec::with_capacity(terms);
    for &(_, word_terms, _) in keys {
        for &id in word_terms {
            if let Some(s) = seen.get_mut(id as usize)
                && !*s
            {
                *s = true;
                order.push(id);
            }
        }
    }
    order
}

/// Terms whose postings are encoded together (see [`encode_batch`]).
const ENCODE_BATCH: usize = 16;

/// What an encoding job reuses from batch to batch.
#[derive(Default)]
struct Scratch<'a> {
    /// The batch's lists as (shard base, bytes), term after term, and
    /// where each term's lists end.
    parts: Vec<(u32, &'a [u8])>,
    ends: Vec<usize>,
    docs: Vec<u32>,
    impacts: Vec<u8>,
}

/// Encodes the posting lists of the terms `batch`.
///
/// The shards' bytes were written long before and are out of the CPU's
/// caches, so reaching a term's lists costs two cache misses per shard (its
/// offsets, then its bytes). Every list of the batch is located and its
/// first byte read before any is decoded: those loads do not depend on
/// each other, so their misses overlap, where decoding term by term waits
/// for them one after the other.
fn encode_batch<'a>(
    built: &'a Built,
    batch: &[u32],
    lut: &Impacts<'_>,
    scratch: &mut Scratch<'a>,
) -> Vec<Vec<u8>> {
    let Scratch {
        parts,
        ends,
        docs,
        impacts,
    } = scratch;
    parts.clear();
    ends.clear();
    for &id in batch {
        for &(shard, local) in built.segments(id) {
            if let Some(s) = built.shards.get(shard as usize) {
                parts.push((s.base, s.postings(local)));
            }
        }
        ends.push(parts.len());
    }
    touch(parts.iter().map(|&(_, p)| p));
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let segments = parts.get(start..end).unwrap_or_default();
            start = end;
            encode_postings(segments, lut, docs, impacts)
        })
        .collect()
}

/// Reads the first byte of each of `parts`, all before any is used: the
/// loads do not depend on each other, so their cache misses overlap.
fn touch<'a>(parts: impl Iterator<Item = &'a [u8]>) {
    let first = parts.fold(0u8, |acc, p| acc ^ p.first().copied().unwrap_or(0));
    std::hint::black_box(first);
}

/// Encodes every term's postings and positions and packs them in `order`;
/// returns where each term's went.
///
/// Postings are encoded first, in parallel and in term id order: ids
/// follow first use in doc order, which is the order of each shard's
/// bytes too, so the shards are read front to back rather than at the
/// random offsets that dictionary order would give. The encoded lists are
/// held until packed (smaller than the shards they come from).
fn pack_terms(
    built: &Built,
    order: &[u32],
    norms: &[f32],
    out: &mut Output,
) -> io::Result<Vec<Option<TermInfo>>> {
    let mut infos: Vec<Option<TermInfo>> = Vec::new();
    infos.resize_with(built.terms(), || None);
    let lut = Impacts::new(norms);
    let mut posts = Packer::new("p", POST_PACK);
    let mut positions = Packer::new("x", POS_PACK);
    let ids: Vec<u32> = (0..built.terms() as u32).collect();
    let mut encoded: Vec<Vec<u8>> = ids
        .par_chunks(ENCODE_BATCH)
        // Each rayon job reuses its scratch lists.
        .map_init(Scratch::default, |scratch, batch| {
            encode_batch(built, batch, &lut, scratch)
        })
        .flat_map_iter(Vec::into_iter)
        .collect();
    // A term's positions are its shards' position bytes, as they are.
    // As for encoding (see `encode_batch`), a batch's parts are located
    // and touched before any is copied, so that their cache misses overlap.
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut ends = Vec::new();
    for batch in order.chunks(ENCODE_BATCH) {
        parts.clear();
        ends.clear();
        for &id in batch {
            for &(shard, local) in built.segments(id) {
                if let Some(s) = built.shards.get(shard as usize) {
                    parts.push(s.positions(local));
                }
            }
            ends.push(parts.len());
        }
        touch(parts.iter().copied());
        let mut start = 0;
        for (&id, &end) in batch.iter().zip(&ends) {
            let term_parts = parts.get(start..end).unwrap_or_default();
            start = end;
            let Some(blob) = encoded.get_mut(id as usize).map(std::mem::take) else {
                continue;
            };
            let pos = positions.add_parts(out, term_parts)?;
            let (inline, post) = if blob.len() <= INLINE_MAX {
                (Some(blob), (0, 0, 0))
            } else {
                (None, posts.add(out, &blob)?)
            };
            let df = built.df.get(id as usize).copied().unwrap_or(0);
            if let Some(slot) = infos.get_mut(id as usize) {
                *slot = Some(TermInfo {
                    df,
                    inline,
                    post,
                    pos,
                });
            }
        }
    }
    posts.flush(out)?;
    positions.flush(out)?;
    Ok(infos)
}

/// Term record: varint name length + UTF-8 name (the stem, which the client
/// uses to highlight inflected forms), df, postings (kind 0: inline bytes;
/// kind 1: file, offset, length) and positions (file, offset, length).
fn encode_term(out: &mut Vec<u8>, name: &str, info: &TermInfo) {
    put_bytes(out, name.as_bytes());
    put_varint(out, u64::from(info.df));
    match &info.inline {
        Some(blob) => {
            put_varint(out, 0);
            put_bytes(out, blob);
        }
        None => {
            put_varint(out, 1);
            for v in [info.post.0, info.post.1, info.post.2] {
                put_varint(out, u64::from(v));
            }
        }
    }
    for v in [info.pos.0, info.pos.1, info.pos.2] {
        put_varint(out, u64::from(v));
    }
}

fn flush_chunk(
    chunk: &mut Chunk,
    boundaries: &mut Vec<String>,
    out: &mut Output,
) -> io::Result<()> {
    if let Some(first) = chunk.first.take() {
        out.write(&format!("t/{}.bin", boundaries.len()), &chunk.finish())?;
        boundaries.push(first);
    }
    *chunk = Chunk::default();
    Ok(())
}
