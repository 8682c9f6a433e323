//! A hint to the CPU to start loading memory that is about to be used.
//!
//! Tokenizing waits mostly on scattered loads (a word's table slot, its
//! term's counters), one per token, whose addresses are known a few
//! tokens ahead: asking for them early overlaps those waits.

/// Starts loading the cache line of `item`; does nothing else.
#[inline]
pub(crate) fn prefetch<T>(item: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = item {
        // SAFETY: a prefetch only hints the cache hierarchy; it never
        // faults or reads into the program, whatever the address.
        unsafe {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            _mm_prefetch::<_MM_HINT_T0>((item as *const T).cast());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = item;
}
