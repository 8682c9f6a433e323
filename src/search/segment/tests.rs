//! Segmenting agrees with UAX #29 (the browser's `Intl.Segmenter`).

use super::*;

fn reference(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    unicode_words(text, |w| out.push(w));
    out
}

#[test]
fn the_portable_classifier_agrees_with_the_vector_one() {
    // Every ASCII byte in every lane position, and mixed lanes.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for round in 0..2_000u32 {
        let mut lane = [0u8; 16];
        for (i, byte) in lane.iter_mut().enumerate() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *byte = if round < 128 {
                ((round as usize + i) % 128) as u8
            } else {
                (state % 128) as u8
            };
        }
        assert_eq!(lane_classes(lane), lane_classes_swar(lane), "{lane:?}");
    }
}

#[test]
fn simple_bytes_agrees_with_simple_char() {
    let mut run = String::new();
    for c in (0..0x3000).chain(0xFB50..0xFB60).filter_map(char::from_u32) {
        let one = c.to_string();
        assert_eq!(
            simple_bytes(one.as_bytes()),
            simple_char(c),
            "U+{:04X}",
            c as u32
        );
        // In a run, one char that is not simple spoils it.
        run.clear();
        run.push_str("a\u{0628}\u{200C}ж");
        run.push(c);
        run.push('9');
        assert_eq!(
            simple_bytes(run.as_bytes()),
            simple_char(c),
            "U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn simple_chars_join_and_edge_chars_break_as_the_segmenter_says() {
    for c in (0..0x3000).filter_map(char::from_u32) {
        if simple_char(c) {
            let word = format!("a{c}a");
            assert_eq!(reference(&word), [word.as_str()], "U+{:04X}", c as u32);
        }
        if edge_char(c) && !c.is_ascii_whitespace() {
            assert_eq!(reference(&format!("a{c}")), ["a"], "U+{:04X}", c as u32);
            assert_eq!(reference(&format!("{c}a")), ["a"], "U+{:04X}", c as u32);
        }
    }
}
