//! Code colours that can be read: the syntect palettes darkened (or
//! lightened, in the dark one) until every colour has the contrast WCAG
//! 1.4.3 asks of text against the backgrounds code is shown on.
//!
//! The palettes were made for a white page (GitHub's) and for their own
//! dark blue; numbers (`#0086b3`) and comments (`#969896`) fall short of
//! 4.5:1 even there, and further on the default theme's tinted code
//! background. A colour that passes is kept as it is.

/// An sRGB colour.
pub type Rgb = [u8; 3];

/// WCAG 1.4.3 (AA): the contrast of normal-size text.
pub const MIN_CONTRAST: f64 = 4.5;

/// Rewrites every ` color: #rrggbb;` line of syntect's `css` (one
/// declaration a line, as `css_for_theme_with_class_style` writes them)
/// so that it reaches [`MIN_CONTRAST`] against what its text sits on,
/// mixing it towards `toward` (black on light backgrounds, white on dark
/// ones) only as far as needed. A rule without a background of its own,
/// or with one of the `backgrounds` (the palette's `.hl-code`), shows on
/// any of `backgrounds`; one with another background (an error, a diff
/// line) shows on that, and goes towards black or white, whichever
/// contrasts with it more.
pub fn legible(css: &str, backgrounds: &[Rgb], toward: Rgb) -> String {
    let mut out = String::with_capacity(css.len());
    for (line, colour) in colours(css) {
        let Some((fg, own)) = colour else {
            out.push_str(line);
            continue;
        };
        let (on, toward) = match own.filter(|bg| !backgrounds.contains(bg)) {
            Some(bg) => (vec![bg], extreme(bg)),
            None => (backgrounds.to_vec(), toward),
        };
        let [r, g, b] = readable(fg, &on, toward);
        out.push_str(&format!(" color: #{r:02x}{g:02x}{b:02x};\n"));
    }
    out
}

/// A colour a rule sets, and the rule's own background if it has one.
pub type Colour = (Rgb, Option<Rgb>);

/// The lines of `css`, each with the [`Colour`] it sets if it is a
/// ` color:` line.
pub fn colours(css: &str) -> Vec<(&str, Option<Colour>)> {
    let lines: Vec<&str> = css.split_inclusive('\n').collect();
    let mut own = None;
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if line.trim_end().ends_with('{') {
            // syntect writes a rule's background after its colour.
            own = lines[i + 1..]
                .iter()
                .take_while(|l| l.trim() != "}")
                .find_map(|l| hex(l.trim().strip_prefix("background-color:")?));
        }
        let colour = line.strip_prefix(" color:").and_then(hex);
        out.push((*line, colour.map(|fg| (fg, own))));
    }
    out
}

/// Black or white, whichever contrasts more with `bg`.
fn extreme(bg: Rgb) -> Rgb {
    if contrast([0; 3], bg) >= contrast([0xff; 3], bg) {
        [0; 3]
    } else {
        [0xff; 3]
    }
}

/// `fg`, or the first mix of it towards `toward` (in steps of 2%) that
/// reaches the contrast against every background.
fn readable(fg: Rgb, backgrounds: &[Rgb], toward: Rgb) -> Rgb {
    let passes = |c: Rgb| {
        backgrounds
            .iter()
            .all(|&bg| contrast(c, bg) >= MIN_CONTRAST)
    };
    (0..=50)
        .map(|step| mix(fg, toward, f64::from(step) / 50.0))
        .find(|&c| passes(c))
        .unwrap_or(toward)
}

fn mix(a: Rgb, b: Rgb, t: f64) -> Rgb {
    let channel = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    [
        channel(a[0], b[0]),
        channel(a[1], b[1]),
        channel(a[2], b[2]),
    ]
}

/// The WCAG contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG relative luminance.
fn luminance(c: Rgb) -> f64 {
    let linear = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2])
}

/// The colour of `#rrggbb;` (what follows a declaration's name).
pub fn hex(value: &str) -> Option<Rgb> {
    let digits = value
        .trim()
        .trim_end_matches(';')
        .trim()
        .strip_prefix('#')?;
    if digits.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: Rgb = [0xff, 0xff, 0xff];
    const BLACK: Rgb = [0, 0, 0];

    #[test]
    fn contrast_is_that_of_wcag() {
        assert!((contrast(WHITE, BLACK) - 21.0).abs() < 1e-9);
        // The probe's measure: GitHub's number colour on the theme's tint.
        let ratio = contrast([0x00, 0x86, 0xb3], [0xf1, 0xef, 0xe8]);
        assert!((ratio - 3.6).abs() < 0.05, "{ratio}");
    }

    #[test]
    fn only_colours_that_fall_short_change_and_backgrounds_stay() {
        let css = ".a {\n color: #0086b3;\n}\n.b {\n color: #183691;\n}\n\
                   .c {\n color: #969896;\n background-color: #ffecec;\n}\n";
        let out = legible(css, &[WHITE, [0xf1, 0xef, 0xe8]], BLACK);
        let colours: Vec<Rgb> = out
            .lines()
            .filter_map(|l| hex(l.strip_prefix(" color:")?))
            .collect();
        assert_eq!(colours.len(), 3, "{out}");
        assert_ne!(colours[0], [0x00, 0x86, 0xb3]);
        assert!(contrast(colours[0], [0xf1, 0xef, 0xe8]) >= MIN_CONTRAST);
        assert_eq!(colours[1], [0x18, 0x36, 0x91], "already legible: kept");
        assert!(contrast(colours[2], [0xff, 0xec, 0xec]) >= MIN_CONTRAST);
        assert!(out.contains(" background-color: #ffecec;\n"), "{out}");
    }

    #[test]
    fn a_colour_on_its_own_background_goes_the_way_that_contrasts() {
        // Dark text on a red error mark, in the dark palette: it darkens,
        // where the other colours there lighten.
        let css = ".hl-invalid {\n color: #2b303b;\n background-color: #bf616a;\n}\n";
        let out = legible(css, &[[0x2b, 0x30, 0x3b]], WHITE);
        let (_, colour) = colours(&out)[1];
        let (fg, own) = colour.unwrap();
        assert_eq!(own, Some([0xbf, 0x61, 0x6a]));
        assert!(
            fg[0] < 0x2b && contrast(fg, [0xbf, 0x61, 0x6a]) >= MIN_CONTRAST,
            "{out}"
        );
    }
}
