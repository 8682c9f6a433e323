//! Test-only decoder and query engine over the emitted files, mirroring
//! what `search.js` does. Tests go through the files rather than the
//! in-memory index so that they prove the files hold what the client needs.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::codec::{self, get_varint};
use super::tokenize::{Analyzer, for_each_word};

pub(crate) struct Term {
    pub name: String,
    pub df: u32,
    pub post: Vec<u8>,
    pub pos: Vec<u8>,
}

#[derive(Default)]
pub(crate) struct Entry {
    pub terms: Vec<Term>,
    pub ids: Vec<u32>,
}

pub(crate) struct Index {
    dir: PathBuf,
    pub meta: Value,
    pub n: u32,
}

fn slice(dir: &Path, sub: &str, file: u64, off: u64, len: u64) -> Vec<u8> {
    let bytes = fs::read(dir.join(format!("{sub}/{file}.bin"))).expect("pack file");
    bytes[off as usize..(off + len) as usize].to_vec()
}

/// Surface forms of a query text, as `surfaces` in search-text.js makes them.
pub(crate) fn surfaces(text: &str) -> Vec<String> {
    let mut analyzer = Analyzer::new("und");
    let mut out = Vec::new();
    for_each_word(text, |w| {
        if analyzer.load(w) {
            out.push(analyzer.surface().to_owned());
        }
    });
    out
}

impl Index {
    pub(crate) fn open(dir: &Path) -> Index {
        let meta: Value =
            serde_json::from_slice(&fs::read(dir.join("meta.json")).expect("meta")).expect("json");
        let n = meta["docs"].as_u64().expect("docs") as u32;
        // Every other file is in the folder meta.json names.
        let files = meta["files"].as_str().expect("files");
        Index {
            dir: dir.join(files),
            meta,
            n,
        }
    }

    /// Where the index's file `rel` ("d/0.json") is.
    pub(crate) fn file(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Finds a surface via the chunk boundaries and decodes its entry.
    pub(crate) fn lookup(&self, key: &str) -> Entry {
        let bounds: Vec<&str> = self.meta["dict"]
            .as_array()
            .expect("dict")
            .iter()
            .map(|b| b.as_str().expect("str"))
            .collect();
        let chunk = bounds.iter().rposition(|b| *b <= key).unwrap_or(0);
        let Ok(bytes) = fs::read(self.dir.join(format!("t/{chunk}.bin"))) else {
            return Entry::default();
        };
        let mut at = 0;
        let v = |at: &mut usize| get_varint(&bytes, at).expect("varint");
        let nterms = v(&mut at);
        let mut terms = Vec::new();
        for _ in 0..nterms {
            let len = v(&mut at) as usize;
            let name = String::from_utf8(bytes[at..at + len].to_vec()).expect("utf8");
            at += len;
            let df = v(&mut at) as u32;
            let post = if v(&mut at) == 0 {
                let len = v(&mut at) as usize;
                at += len;
                bytes[at - len..at].to_vec()
            } else {
                let (f, o, l) = (v(&mut at), v(&mut at), v(&mut at));
                slice(&self.dir, "p", f, o, l)
            };
            let (f, o, l) = (v(&mut at), v(&mut at), v(&mut at));
            terms.push((name, df, post, (f, o, l)));
        }
        let nsurf = v(&mut at);
        let mut prev: Vec<u8> = Vec::new();
        for _ in 0..nsurf {
            let shared = v(&mut at) as usize;
            let len = v(&mut at) as usize;
            let mut surface = prev[..shared].to_vec();
            surface.extend_from_slice(&bytes[at..at + len]);
            at += len;
            let nt = v(&mut at);
            let locals: Vec<usize> = (0..nt).map(|_| v(&mut at) as usize).collect();
            let ni = v(&mut at);
            let mut ids = Vec::new();
            let mut doc = 0;
            for _ in 0..ni {
                doc += v(&mut at) as u32;
                ids.push(doc);
            }
            if surface == key.as_bytes() {
                let terms = locals
                    .iter()
                    .map(|&l| {
                        let (name, df, post, (f, o, len)) = &terms[l];
                        Term {
                            name: name.clone(),
                            df: *df,
                            post: post.clone(),
                            pos: slice(&self.dir, "x", *f, *o, *len),
                        }
                    })
                    .collect();
                return Entry { terms, ids };
            }
            prev = surface;
        }
        // Unseen inflection ("titles" when only "title" occurs): fall back
        // to the longest stem in the chunk that prefixes the word, as the
        // client does.
        let best = terms
            .iter()
            .enumerate()
            .filter(|(_, (name, ..))| {
                let extra = key.chars().count().saturating_sub(name.chars().count());
                name.chars().count() >= 3 && key.starts_with(name.as_str()) && extra <= 4
            })
            .max_by_key(|(_, (name, ..))| name.len());
        let terms = best
            .map(|(_, (name, df, post, (f, o, len)))| {
                vec![Term {
                    name: name.clone(),
                    df: *df,
                    post: post.clone(),
                    pos: slice(&self.dir, "x", *f, *o, *len),
                }]
            })
            .unwrap_or_default();
        Entry {
            terms,
            ids: Vec::new(),
        }
    }

    /// (doc, impact) pairs of a posting blob.
    pub(crate) fn postings(term: &Term) -> Vec<(u32, u8)> {
        let b = &term.post;
        let df = term.df as usize;
        let mut at = 1;
        let mut docs = Vec::new();
        if b[0] == 2 {
            let first = get_varint(b, &mut at).expect("first") as u32;
            let nbytes = get_varint(b, &mut at).expect("n") as usize;
            for i in 0..nbytes * 8 {
                if b[at + i / 8] & (1 << (i % 8)) != 0 {
                    docs.push(first + i as u32);
                }
            }
            at += nbytes;
        } else {
            let mut doc = 0;
            for i in 0..df {
                let d = get_varint(b, &mut at).expect("delta") as u32;
                doc = if i == 0 { d } else { doc + d };
                docs.push(doc);
            }
        }
        assert_eq!(docs.len(), df, "posting count matches df");
        docs.into_iter()
            .zip(b[at..at + df].iter().copied())
            .collect()
    }

    /// Positions per posting of a term, in posting order.
    pub(crate) fn positions(&self, term: &Term) -> Vec<Vec<u32>> {
        let pos_bits = self.meta["pos_bits"].as_u64().expect("pos_bits") as u32;
        let mut r = Bits {
            b: &term.pos,
            at: 0,
        };
        let mut out = Vec::new();
        for _ in 0..term.df {
            let mut zeros = 0;
            while r.read(1) == 0 {
                zeros += 1;
            }
            let count = (1 << zeros) | r.read(zeros);
            let k = codec::rice_k(pos_bits, count);
            let mut next = 0u64;
            let mut list = Vec::new();
            for _ in 0..count {
                let mut q = 0;
                while q < codec::RICE_ESCAPE && r.read(1) == 1 {
                    q += 1;
                }
                let gap = if q == codec::RICE_ESCAPE {
                    r.read(32)
                } else {
                    (q << k) | r.read(k)
                };
                let p = next + gap;
                list.push(p as u32);
                next = p + 1;
            }
            out.push(list);
            // Each posting is byte-aligned.
            r.at = r.at.div_ceil(8) * 8;
        }
        assert_eq!(r.at / 8, term.pos.len(), "positions blob fully consumed");
        out
    }

    /// Docs matching `q`, best first: all words required, quoted phrases
    /// verified by positions, id/number matches pinned first.
    pub(crate) fn query(&self, q: &str) -> Vec<u32> {
        let n = self.n as usize;
        let mut score = vec![0f32; n];
        let mut hits = vec![0usize; n];
        let parts: Vec<&str> = q.split('"').collect();
        let mut words = Vec::new();
        let mut phrases = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let s = surfaces(part);
            if i % 2 == 1 && s.len() > 1 {
                phrases.push(s.clone());
            }
            words.extend(s);
        }
        words.sort();
        words.dedup();
        // Per word: doc -> positions (union over the word's terms).
        let mut word_pos: Vec<std::collections::HashMap<u32, Vec<u32>>> = Vec::new();
        for w in &words {
            let entry = self.lookup(w);
            let mut best = vec![0f32; n];
            let mut pos_map = std::collections::HashMap::new();
            for term in &entry.terms {
                let df = term.df as f32;
                let idf = (1.0 + (self.n as f32 - df + 0.5) / (df + 0.5)).ln();
                let post = Self::postings(term);
                for ((doc, impact), positions) in post.iter().zip(self.positions(term)) {
                    let s = idf * 2.2 * f32::from(*impact) / 255.0;
                    best[*doc as usize] = best[*doc as usize].max(s);
                    pos_map
                        .entry(*doc)
                        .or_insert_with(Vec::new)
                        .extend(positions);
                }
            }
            for (d, s) in best.iter().enumerate() {
                if *s > 0.0 {
                    score[d] += s;
                    hits[d] += 1;
                }
            }
            word_pos.push(pos_map);
        }
        let mut docs: Vec<u32> = (0..self.n)
            .filter(|&d| !words.is_empty() && hits[d as usize] == words.len())
            .collect();
        docs.retain(|&d| {
            phrases.iter().all(|phrase| {
                let lists: Vec<&Vec<u32>> = phrase
                    .iter()
                    .map(|w| {
                        let i = words.iter().position(|x| x == w).expect("word");
                        &word_pos[i][&d]
                    })
                    .collect();
                lists[0].iter().any(|&p| {
                    lists
                        .iter()
                        .enumerate()
                        .all(|(k, l)| l.contains(&(p + k as u32)))
                })
            })
        });
        docs.sort_by(|a, b| {
            score[*b as usize]
                .total_cmp(&score[*a as usize])
                .then(b.cmp(a))
        });
        let key = q.trim().to_lowercase();
        if !key.contains(char::is_whitespace) && !key.is_empty() {
            let pinned = self.lookup(&key).ids;
            docs.retain(|d| !pinned.contains(d));
            let mut out = pinned;
            out.extend(docs);
            return out;
        }
        docs
    }

    /// A facet file: (value, name, docs) per facet value.
    pub(crate) fn facet(&self, key: &str) -> Vec<(String, String, Vec<u32>)> {
        let file = self.meta["facets"]
            .as_array()
            .expect("facets")
            .iter()
            .find(|f| f["key"] == key)
            .expect("facet")["file"]
            .as_str()
            .expect("file")
            .to_owned();
        let json: Value =
            serde_json::from_slice(&fs::read(self.dir.join(file)).expect("facet file"))
                .expect("json");
        json["terms"]
            .as_array()
            .expect("terms")
            .iter()
            .map(|t| {
                let docs = decode_doc_set(&unbase64(t["docs"].as_str().expect("docs")));
                assert_eq!(docs.len() as u64, t["count"].as_u64().expect("count"));
                (
                    t["value"].as_str().expect("v").to_owned(),
                    t["name"].as_str().expect("n").to_owned(),
                    docs,
                )
            })
            .collect()
    }
}

struct Bits<'a> {
    b: &'a [u8],
    at: usize,
}

impl Bits<'_> {
    fn read(&mut self, n: u32) -> u64 {
        let mut v = 0u64;
        for i in 0..n {
            v |= u64::from((self.b[self.at / 8] >> (self.at % 8)) & 1) << i;
            self.at += 1;
        }
        v
    }
}

fn unbase64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let vals: Vec<u32> = s
        .bytes()
        .filter(|&b| b != b'=')
        .map(|b| A.iter().position(|&a| a == b).expect("b64") as u32)
        .collect();
    let mut out = Vec::new();
    for c in vals.chunks(4) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, v)| n | (v << (18 - 6 * i)));
        for i in 0..c.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

pub(crate) fn decode_doc_set(b: &[u8]) -> Vec<u32> {
    let mut at = 1;
    let mut docs = Vec::new();
    match b[0] {
        0 => {
            let mut d = 0;
            while at < b.len() {
                let v = get_varint(b, &mut at).expect("v") as u32;
                d = if docs.is_empty() { v } else { d + v };
                docs.push(d);
            }
        }
        1 => {
            let mut end = 0;
            while at < b.len() {
                let start = end + get_varint(b, &mut at).expect("gap") as u32;
                let len = get_varint(b, &mut at).expect("len") as u32 + 1;
                docs.extend(start..start + len);
                end = start + len;
            }
        }
        _ => {
            let first = get_varint(b, &mut at).expect("first") as u32;
            let nbytes = get_varint(b, &mut at).expect("n") as usize;
            for i in 0..nbytes * 8 {
                if b[at + i / 8] & (1 << (i % 8)) != 0 {
                    docs.push(first + i as u32);
                }
            }
        }
    }
    docs
}
