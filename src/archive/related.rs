//! Related dispatches: those sharing the most terms.
//!
//! Scored by walking each term's dispatch list, so the work is the sum of
//! the squares of term frequencies, not all pairs of dispatches. Terms named
//! by more than [`MAX_TERM_FREQUENCY`] dispatches say little about
//! relatedness and would make that sum quadratic, so they are skipped;
//! rarer terms weigh more (an inverse-frequency weight).
//!
//! Memory stays at [`RELATED`] ids per dispatch: scores live in one dense
//! array per thread (reset through the list of the dispatches it touched),
//! and only the best few candidates are sorted and kept.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::{Archive, DispatchId};

const MAX_TERM_FREQUENCY: usize = 500;
const RELATED: usize = 5;

pub fn compute(archive: &mut Archive) {
    let members: Vec<&[DispatchId]> = archive
        .terms
        .iter()
        .map(|t| t.dispatches.as_slice())
        .collect();
    let terms: Vec<Vec<usize>> = archive
        .dispatches
        .iter()
        .map(|d| d.terms.iter().flatten().copied().collect())
        .collect();
    let related = rank(&terms, &members);
    for (d, r) in related.into_iter().enumerate() {
        if let Some(dispatch) = archive.dispatches.get_mut(d) {
            dispatch.related = r;
        }
    }
}

/// For each dispatch (its term ids in `terms`), the [`RELATED`] others
/// that share the most weight of terms, given each term's `members`.
fn rank(terms: &[Vec<usize>], members: &[&[DispatchId]]) -> Vec<Vec<DispatchId>> {
    let count = terms.len();
    let n = count.max(1) as f64;
    (0..count)
        .into_par_iter()
        .map_init(
            || (vec![0f64; count], Vec::new()),
            |(scores, touched), d| {
                for &t in terms.get(d).into_iter().flatten() {
                    let Some(members) = members.get(t) else {
                        continue;
                    };
                    if members.len() > MAX_TERM_FREQUENCY {
                        continue;
                    }
                    let weight = (n / members.len() as f64).ln() + 1.0;
                    for &other in members.iter() {
                        if other == d {
                            continue;
                        }
                        if let Some(score) = scores.get_mut(other) {
                            if *score == 0.0 {
                                touched.push(other);
                            }
                            *score += weight;
                        }
                    }
                }
                let mut ranked: Vec<(DispatchId, f64)> = touched
                    .drain(..)
                    .map(|o| (o, std::mem::take(&mut scores[o])))
                    .collect();
                // Ties: the more recent first, then by position (date
                // order); ids are unique, so the order is total.
                let order = |a: &(DispatchId, f64), b: &(DispatchId, f64)| -> Ordering {
                    b.1.total_cmp(&a.1).then(b.0.cmp(&a.0))
                };
                if ranked.len() > RELATED {
                    ranked.select_nth_unstable_by(RELATED, order);
                    ranked.truncate(RELATED);
                }
                ranked.sort_unstable_by(order);
                ranked.iter().map(|&(o, _)| o).collect()
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::rank;

    #[test]
    fn the_most_shared_and_rarest_terms_rank_first() {
        // Term 0 is shared by all four, term 1 by dispatches 0 and 2, term
        // 2 by 0 and 3, both rarer; dispatch 1 shares only the common one.
        let members: Vec<&[usize]> = vec![&[0, 1, 2, 3], &[0, 2], &[0, 3]];
        let terms = vec![vec![0, 1, 2], vec![0], vec![0, 1], vec![0, 2]];
        let related = rank(&terms, &members);
        // 2 and 3 tie on weight: the later (higher position) first.
        assert_eq!(related[0], vec![3, 2, 1]);
        assert_eq!(related[1], vec![3, 2, 0]);
        assert_eq!(related[2], vec![0, 3, 1]);
    }

    #[test]
    fn at_most_five_are_kept_and_nothing_more_is_held() {
        let all: Vec<usize> = (0..40).collect();
        let members: Vec<&[usize]> = vec![&all];
        let terms = vec![vec![0]; 40];
        let related = rank(&terms, &members);
        assert_eq!(related[0], vec![39, 38, 37, 36, 35]);
        assert_eq!(related[39], vec![38, 37, 36, 35, 34]);
        assert!(related.iter().all(|r| r.capacity() <= 5));
    }

    #[test]
    fn a_dispatch_sharing_nothing_has_none() {
        let members: Vec<&[usize]> = vec![&[0], &[1]];
        let related = rank(&[vec![0], vec![1]], &members);
        assert_eq!(related, vec![Vec::<usize>::new(), Vec::new()]);
    }
}
