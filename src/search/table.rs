//! An open-addressing hash table from short words to terms, the indexer's
//! hottest lookup.
//!
//! A word's key is its bytes (lowercased, for ASCII) and its length packed
//! into one `u128` (see `segment::for_each_word_keyed`), so a lookup is
//! one multiply and,
//! nearly always, one probe of one cache line, with no string compare.

/// One word: its key as two halves (so that a slot takes 24 bytes, not
/// the 32 a `u128` would align it to; `[0, 0]` marks an empty slot, a
/// real key carries its non-zero length) and its term in the worker's
/// cache.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: [u64; 2],
    term: u32,
}

fn halves(key: u128) -> [u64; 2] {
    [key as u64, (key >> 64) as u64]
}

#[derive(Default, Clone)]
pub(crate) struct WordTable {
    slots: Vec<Slot>,
    used: usize,
}

impl WordTable {
    fn index(&self, [lo, hi]: [u64; 2]) -> usize {
        let mixed =
            (lo ^ hi.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        // The top bits are the best mixed.
        let bits = self.slots.len().trailing_zeros();
        if bits == 0 {
            0
        } else {
            (mixed >> (64 - bits)) as usize
        }
    }

    /// The term of a word's key, if the table has it.
    #[inline]
    pub(crate) fn find(&self, key: u128) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let key = halves(key);
        let mask = self.slots.len() - 1;
        let mut i = self.index(key);
        loop {
            let slot = self.slots.get(i)?;
            if slot.key == key {
                return Some(slot.term);
            }
            if slot.key == [0, 0] {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Asks the CPU to start loading the slot where `key` would be.
    #[inline]
    pub(crate) fn prefetch(&self, key: u128) {
        super::prefetch::prefetch(self.slots.get(self.index(halves(key))));
    }

    /// Adds a word that [`find`](Self::find) did not find.
    pub(crate) fn insert(&mut self, key: u128, term: u32) {
        // At most half full, so probes stay short.
        if (self.used + 1) * 2 > self.slots.len() {
            self.grow();
        }
        self.place(Slot {
            key: halves(key),
            term,
        });
        self.used += 1;
    }

    fn place(&mut self, slot: Slot) {
        let mask = self.slots.len() - 1;
        let mut i = self.index(slot.key);
        while let Some(s) = self.slots.get_mut(i) {
            if s.key == [0, 0] {
                *s = slot;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old.into_iter().filter(|s| s.key != [0, 0]) {
            self.place(slot);
        }
    }
}
