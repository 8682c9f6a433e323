//! Related dispatches: those sharing the most terms.
//!
//! Scored by walking each term's dispatch list, so the work is the sum of
//! the squares of term frequencies, not all pairs of dispatches. Terms named
//! by more than [`MAX_TERM_FREQUENCY`] dispatches say little about
//! relatedness and would make that sum quadratic, so they are skipped;
//! rarer terms weigh more (an inverse-frequency weight).

use std::collections::HashMap;

use rayon::prelude::*;

use super::{Archive, DispatchId};

const MAX_TERM_FREQUENCY: usize = 500;
const RELATED: usize = 5;

pub fn compute(archive: &mut Archive) {
    let n = archive.dispatches.len().max(1) as f64;
    let related: Vec<Vec<DispatchId>> = (0..archive.dispatches.len())
        .into_par_iter()
        .map(|d| {
            let mut scores: HashMap<DispatchId, f64> = HashMap::new();
            for &t in archive.dispatches[d].terms.iter().flatten() {
                let members = &archive.terms[t].dispatches;
                if members.len() > MAX_TERM_FREQUENCY {
                    continue;
                }
                let weight = (n / members.len() as f64).ln() + 1.0;
                for &other in members {
                    if other != d {
                        *scores.entry(other).or_default() += weight;
                    }
                }
            }
            let mut ranked: Vec<(DispatchId, f64)> = scores.into_iter().collect();
            // Ties: the more recent first, then by position (date order).
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
            ranked.into_iter().take(RELATED).map(|(o, _)| o).collect()
        })
        .collect();
    for (d, r) in related.into_iter().enumerate() {
        archive.dispatches[d].related = r;
    }
}
