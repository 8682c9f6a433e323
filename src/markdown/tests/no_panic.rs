//! No body makes rendering panic: the scanners slice the text by byte
//! offsets they compute, and a text that ends, or turns non-ASCII, right
//! after a delimiter has crashed builds before. Every short sequence of
//! tricky pieces, and many longer ones, is rendered whole.

use super::render_str;

/// Delimiters of calls, ends, code and notes, and what may follow them:
/// nothing, a space, a line or paragraph break, a multi-byte char.
const PIECES: &[&str] = &[
    "{%",
    "%}",
    "{{",
    "}}",
    "{{%",
    "%}}",
    "{{<",
    ">}}",
    "{% end %}",
    "end",
    "post(",
    "a=\"",
    "\"",
    ")",
    "(",
    "`",
    "```\n",
    "[^",
    "]",
    "]:",
    "<",
    ">",
    "/",
    "=",
    ",",
    " ",
    "\n",
    "\n\n",
    "é",
    "ف",
    "—",
    "x",
    "\\",
    "\r\n",
    "#",
    "*",
    "|",
    "- ",
    "> ",
    "@sd-1",
    "@/",
    "[x](",
    "![",
    "<!--",
    "-->",
    "<pre>",
    "<<<<<<< a",
    "=======",
    ">>>>>>> b",
    "---\n",
    "&#",
    ";",
    "\t",
    "1. ",
    "\u{200C}",
    "\u{202E}",
    "\u{201C}",
    "}",
];

#[test]
fn every_short_sequence_renders() {
    for a in PIECES {
        for b in PIECES {
            for c in PIECES {
                let text = [*a, *b, *c].concat();
                render_str(&text);
                render_str(&format!("Words {text}"));
            }
        }
    }
}

#[test]
fn longer_mixes_render() {
    // A fixed xorshift sequence: the same texts on every run.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..6000 {
        let len = 4 + next() % 12;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        render_str(&text);
    }
}
