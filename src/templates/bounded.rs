//! Rendering with a bound on what one template writes: a loop that never
//! ends, or one nested in another over large ranges, would otherwise grow
//! the output until the machine runs out of memory, with no line to point
//! at. Tera writes as it goes, so a writer that refuses past the bound
//! stops the template there.

use std::io::{self, Write};

use tera::{Context, Tera};

/// Most a page's template may write: far above any real page (the
/// biggest dispatch pages are a few MB), far below what exhausts memory.
pub(super) const MAX_PAGE: usize = 128 << 20;
/// Most a shortcode's template may write: three times the 32 MB a
/// call's body may hold (a template may show its body twice; a body
/// doubled by nested calls is told as such, at the call).
pub(super) const MAX_SHORTCODE: usize = 96 << 20;

/// Why a bounded render gave no text.
pub(super) enum Failure {
    Tera(tera::Error),
    /// It wrote more than the bound, in MB.
    TooBig(usize),
}

/// Renders `name` as `Tera::render` does, refusing past `limit` bytes.
pub(super) fn render(
    tera: &Tera,
    name: &str,
    context: &Context,
    limit: usize,
) -> Result<String, Failure> {
    let mut out = Bounded {
        bytes: Vec::new(),
        limit,
        over: false,
    };
    let rendered = tera.render_to(name, context, &mut out);
    if out.over {
        return Err(Failure::TooBig(limit >> 20));
    }
    rendered.map_err(Failure::Tera)?;
    String::from_utf8(out.bytes).map_err(|e| Failure::Tera(tera::Error::message(e.to_string())))
}

/// The help for a template that wrote too much.
pub(super) fn too_big_help() -> &'static str {
    "look for a loop that does not end, loops nested over large ranges \
     (`range(end=...)`), or a value that grows as a loop goes"
}

struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
    over: bool,
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len().saturating_add(buf.len()) > self.limit {
            self.over = true;
            return Err(io::Error::other("the template wrote too much"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_stopped_at_its_bound() {
        let mut tera = Tera::default();
        tera.add_raw_template("ok.html", "{{ x }}!").unwrap();
        tera.add_raw_template(
            "loop.html",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}0123456789{% endfor %}{% endfor %}",
        )
        .unwrap();
        let mut c = Context::new();
        c.insert("x", "a");
        assert!(matches!(render(&tera, "ok.html", &c, 10), Ok(s) if s == "a!"));
        assert!(matches!(
            render(&tera, "loop.html", &c, 1 << 20),
            Err(Failure::TooBig(1))
        ));
    }
}
