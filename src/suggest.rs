//! "Did you mean …?": the candidate a misspelt word most likely meant.
//!
//! Every broken reference of an archive asks this of all its terms, its
//! headings or its keys, so one question must cost little per candidate:
//! an archive moved from another tool may have thousands of broken
//! references among tens of thousands of terms. Only candidates two
//! edits away or closer are of use, so the distance is computed in a
//! band of that width, and given up as soon as a row exceeds it.

/// The candidate that `word` is most likely a typo of ("sumary" for
/// "summary"): at most two edits away by Damerau-Levenshtein
/// (transpositions counted, as typos make them), and fewer than the
/// candidate's length; the first in order among the nearest.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let want: Vec<char> = word.chars().collect();
    let want_counts = counts(&want);
    let mut have = Vec::new();
    let mut rows = Rows::default();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // Two edits change a length by at most 8 bytes.
        if c.len().abs_diff(word.len()) > 8 {
            continue;
        }
        have.clear();
        have.extend(c.chars());
        // An edit changes the letters' counts by two at most (a
        // substitution: one less, one more): a candidate whose counts are
        // further apart is too many edits away to measure.
        let mut apart = want_counts;
        for &ch in &have {
            apart[bucket(ch)] -= 1;
        }
        if apart
            .iter()
            .map(|d| d.unsigned_abs() as usize)
            .sum::<usize>()
            > 2 * MAX_EDITS
        {
            continue;
        }
        // The alignment distance equals Damerau-Levenshtein's up to two
        // edits, but for a swap with a letter put between (`ca` for
        // `abc`): two edits, which the alignment counts as three.
        let d = match within(&want, &have, MAX_EDITS, &mut rows) {
            Some(d) => d,
            None if swapped_around_one(&want, &have) => 2,
            None => continue,
        };
        if d < c.len() && best.is_none_or(|b| (d, c) < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether `a` and `b` differ only by two letters swapped with a third
/// put between them (`ca` and `abc`, `summya` and `summary`), or taken
/// out: two edits to Damerau-Levenshtein, three to the alignment.
fn swapped_around_one(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return false;
    }
    let before = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    let after = short[before..]
        .iter()
        .rev()
        .zip(long[before..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (s, l) = (
        &short[before..short.len() - after],
        &long[before..long.len() - after],
    );
    matches!((s, l), ([p, q], [q2, _, p2]) if p == p2 && q == q2)
}

/// How many edits away a suggestion may be.
const MAX_EDITS: usize = 2;

/// How many of a word's letters fall in each of 128 buckets (letters that
/// share one only make counts closer, so the bound stays a bound).
fn counts(word: &[char]) -> [i32; 128] {
    let mut counts = [0; 128];
    for &ch in word {
        counts[bucket(ch)] += 1;
    }
    counts
}

fn bucket(ch: char) -> usize {
    ch as usize % 128
}

/// The rows of the table, kept from one candidate to the next.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    last: Vec<usize>,
    this: Vec<usize>,
}

/// The optimal string alignment distance of `a` and `b` (insertions,
/// deletions, substitutions and transpositions of neighbours), if it is
/// at most `k`.
fn within(a: &[char], b: &[char], k: usize, rows: &mut Rows) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return None;
    }
    // Values above `k` are all `far`: what lies outside the band is.
    let far = k + 1;
    let Rows { before, last, this } = rows;
    for row in [&mut *before, &mut *last, &mut *this] {
        row.clear();
        row.resize(m + 1, far);
    }
    for (j, cell) in last.iter_mut().enumerate().take(k + 1) {
        *cell = j;
    }
    for i in 1..=n {
        // Only the band is computed; the cells beside it, which this row
        // and the next read, are out of reach (the rest is never read).
        let (lo, hi) = (i.saturating_sub(k), (i + k).min(m));
        this[lo.saturating_sub(1)] = far;
        if let Some(cell) = this.get_mut(hi + 1) {
            *cell = far;
        }
        if lo == 0 {
            this[0] = i;
        }
        let mut least = if lo == 0 { this[0] } else { far };
        for j in lo.max(1)..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (last[j] + 1).min(this[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            this[j] = d.min(far);
            least = least.min(this[j]);
        }
        if least > k {
            return None;
        }
        std::mem::swap(before, last);
        std::mem::swap(last, this);
    }
    Some(last[m]).filter(|&d| d <= k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banded_distance_is_the_full_one_up_to_two() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "summary",
            "sumary",
            "summray",
            "smmary",
            "sumaryy",
            "people",
            "poeple",
            "peopel",
            "persian",
            "پرسش",
            "پرسشی",
            "ایران",
            "ابران",
            "Ørsted",
            "orsted",
            "sd-8631",
            "sd-8613",
            "sd-863",
        ];
        let mut rows = Rows::default();
        for a in words {
            for b in words {
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let full = strsim::osa_distance(a, b);
                let banded = within(&ac, &bc, 2, &mut rows);
                assert_eq!(banded, (full <= 2).then_some(full), "{a} / {b}");
            }
        }
    }

    #[test]
    fn the_nearest_is_damerau_levenshtein_s() {
        // A swap with an edit beside it: two edits, three for the
        // alignment distance.
        assert_eq!(nearest("ca", ["abc"]), Some("abc"));
        assert_eq!(nearest("summya", ["summary"]), Some("summary"));
        let words = [
            "timeline",
            "series",
            "summary",
            "hasan-ovrahani",
            "taxonomies",
        ];
        for typo in [
            "timiene",
            "seers",
            "hasan-ovrhani",
            "taxonomisze",
            "sumamry",
            "tmieline",
        ] {
            let full = words
                .iter()
                .map(|w| (strsim::damerau_levenshtein(typo, w), *w))
                .filter(|&(d, w)| d <= 2 && d < w.len())
                .min()
                .map(|(_, w)| w);
            assert_eq!(nearest(typo, words), full, "{typo}");
        }
    }

    /// Every word one or two edits from the candidates (a small alphabet,
    /// so that edits meet and overlap) gets the suggestion full
    /// Damerau-Levenshtein gives.
    #[test]
    fn the_nearest_matches_the_full_distance_on_all_small_edits() {
        let candidates = ["summary", "series", "abca", "ایران", "ca", "bacab"];
        let alphabet = ['a', 'b', 'c', 'r', 'ی'];
        let edits = |w: &str| -> Vec<String> {
            let cs: Vec<char> = w.chars().collect();
            let mut out = Vec::new();
            for i in 0..=cs.len() {
                for &x in &alphabet {
                    let mut v = cs.clone();
                    v.insert(i, x);
                    out.push(v.into_iter().collect());
                    if i < cs.len() {
                        let mut v = cs.clone();
                        v[i] = x;
                        out.push(v.into_iter().collect());
                    }
                }
                if i < cs.len() {
                    let mut v = cs.clone();
                    v.remove(i);
                    out.push(v.into_iter().collect());
                }
                if i + 1 < cs.len() {
                    let mut v = cs.clone();
                    v.swap(i, i + 1);
                    out.push(v.into_iter().collect());
                }
            }
            out
        };
        for c in candidates {
            for once in edits(c) {
                for typo in std::iter::once(once.clone()).chain(edits(&once)) {
                    let full = candidates
                        .iter()
                        .map(|w| (strsim::damerau_levenshtein(&typo, w), *w))
                        .filter(|&(d, w)| d <= 2 && d < w.len())
                        .min()
                        .map(|(_, w)| w);
                    assert_eq!(nearest(&typo, candidates), full, "{typo}");
                }
            }
        }
    }

    #[test]
    fn the_nearest_is_the_closest_then_the_first() {
        let keys = ["summary", "title", "series", "sumary-x"];
        assert_eq!(nearest("sumary", keys), Some("summary"));
        assert_eq!(nearest("seires", keys), Some("series"));
        assert_eq!(nearest("zzz", keys), None);
        assert_eq!(nearest("ab", ["ba", "ac"]), Some("ac"));
    }
}
