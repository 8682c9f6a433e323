//! Finding and expanding calls: what is a call, what is code, errors.

use super::*;

fn known() -> Vec<String> {
    vec!["post".into(), "figure".into()]
}

#[test]
fn inline_and_block_calls() {
    let text = "a {{ figure(src=\"/x.svg\", n=3, ok=true, r=1.5) }} b\n{% post(author=\"A\") %}\nHi *there*\n{% end %}\nc";
    let (out, calls, map, errors) = expand(text, &known());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        out.replace(super::super::tokens::TOKEN, "<>"),
        "a <>0X b\n\n\n<>1O\n\n\nHi *there*\n\n\n<>1C\n\n\nc"
    );
    assert_eq!(calls[0].args["n"], Arg::Int(3));
    assert_eq!(calls[0].args["ok"], Arg::Bool(true));
    assert_eq!(calls[0].args["r"], Arg::Float(1.5));
    assert!(!calls[0].block && calls[1].block);
    // The body and what follows map back to the file.
    let hi = out.find("Hi").unwrap();
    assert_eq!(&text[map.to_original(hi)..map.to_original(hi) + 2], "Hi");
    let c = out.rfind('c').unwrap();
    assert_eq!(&text[map.to_original(c)..], "c");
    assert_eq!(map.to_original(1), 1);
}

#[test]
fn block_calls_nest() {
    let text = "{% post(a=\"1\") %}out {% post(a=\"2\") %}in{% end %} after{% end %}";
    let (out, calls, _, errors) = expand(text, &known());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(calls.len(), 2);
    let mut at = 0;
    for w in ["0O", "out", "1O", "in", "1C", "after", "0C"] {
        let i = out[at..]
            .find(w)
            .unwrap_or_else(|| panic!("{w} after {at} in {out:?}"));
        at += i + w.len();
    }
}

#[test]
fn nesting_is_bounded() {
    let nest = |depth: usize| "{% post() %}a ".repeat(depth) + &"b {% end %}".repeat(depth);
    let (_, calls, _, errors) = expand(&nest(MAX_DEPTH), &known());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(calls.len(), MAX_DEPTH);
    // Call i closes with the (depth - i)th end from the text's end.
    let text = nest(MAX_DEPTH);
    for (i, call) in calls.iter().enumerate() {
        assert_eq!(call.span.end, text.len() - i * "b {% end %}".len());
    }
    // One level more is an error at the call that goes too deep, and
    // the levels inside it are not read.
    let (_, calls, _, errors) = expand(&nest(5000), &known());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("nested 33 calls deep"));
    assert_eq!(calls.len(), MAX_DEPTH);
}

#[test]
fn a_stray_end_is_text_with_a_warning() {
    let (out, calls, _, errors) = expand("a {% end %} b", &known());
    assert!(calls.is_empty() && out == "a {% end %} b");
    assert!(errors.len() == 1 && errors[0].left_as_text, "{errors:?}");
    // An unknown block's own end is not a stray.
    let (_, _, _, errors) = expand("{% tweet(a=1) %}x{% end %}", &known());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(!errors[0].left_as_text);
}

#[test]
fn prose_and_code_are_left_alone() {
    let text =
        "Use {{ braces }} and {{x}}.\n\n```\n{{ figure(src=\"a\") }}\n```\n`{{ post(a=\"b\") }}`\n";
    let (out, calls, _, errors) = expand(text, &known());
    assert!(calls.is_empty());
    assert!(errors.is_empty());
    assert_eq!(out, text);
}

#[test]
fn unknown_and_malformed_calls_are_errors() {
    let (_, _, _, errors) = expand("{{ tweet(id=\"1\") }}", &known());
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("unknown shortcode `tweet`"));
    let (_, _, _, errors) = expand("{{ figure(src=) }}", &known());
    assert!(errors[0].left_as_text, "{errors:?}");
    let (_, _, _, errors) = expand("{% post(a=\"b\") %} never closed", &known());
    assert!(errors[0].message.contains("closing"));
}

#[test]
fn common_slips_in_a_call_are_named() {
    let help = |text: &str| {
        let (_, _, _, errors) = expand(text, &known());
        assert!(errors.len() == 1 && errors[0].left_as_text, "{errors:?}");
        errors[0].help.clone().unwrap_or_default()
    };
    assert!(help("{{ figure(src=“/a.svg”) }}").contains("`“` is a typographic quote"));
    assert!(help("{{ figure(src=\"/a\", alt=Map) }}").contains("`\"Map\"`"));
    assert!(help("{{ figure(src=\"/a\" alt=\"M\") }}").contains("commas: `, alt=`"));
    assert!(help("{{ figure(src=\"/a\", w=100 h=5) }}").contains("commas: `, h=`"));
    assert!(help("{{ figure(alt='Map' w=1) }}").contains("commas: `, w=`"));
    assert!(help("{{ figure(src=\"/a\", alt=\"Map”) }}").contains("typographic `”`"));
    let apostrophe = help("{{ figure(src='/a', alt='The director's map') }}");
    assert!(apostrophe.contains("`director's`"), "{apostrophe}");
}

/// A no-break space pasted where a call needs a plain one (after `{{`,
/// after a comma) is named: the call is left as text.
#[test]
fn a_no_break_space_in_a_call_is_named() {
    let said = |text: &str| {
        let (_, calls, _, errors) = expand(text, &known());
        assert!(calls.is_empty(), "{calls:?}");
        assert!(errors.len() == 1 && errors[0].left_as_text, "{errors:?}");
        (
            errors[0].message.clone(),
            errors[0].help.clone().unwrap_or_default(),
        )
    };
    let (message, help) = said("{{\u{A0}figure(src=\"/a\") }}");
    assert!(
        message.contains("the space after `{{` is a no-break space, U+00A0"),
        "{message}"
    );
    assert_eq!(help, "type a plain space after `{{`");
    let (message, _) = said("{{ figure(src=\"/a\",\u{A0}alt=\"b\") }}");
    assert!(
        message.contains("a no-break space, U+00A0, stands where a plain space goes"),
        "{message}"
    );
    // Prose with a no-break space after braces is not a call.
    let (_, _, _, errors) = expand("{{\u{A0}not a call }}", &known());
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_backtick_or_a_fence_in_an_argument_opens_no_code() {
    let calls_in = |text: &str| {
        let (_, calls, _, errors) = expand(text, &known());
        assert!(errors.is_empty(), "{errors:?} in {text:?}");
        calls.len()
    };
    // Two calls a line each, the first with a backtick in its caption.
    let two =
        "{{ figure(caption=\"The harbour`s map\") }}\n{{ figure(caption=\"Ships in `2024`\") }}\n";
    assert_eq!(calls_in(two), 2);
    // A block's end is not swallowed by a span the argument would open.
    let block = "{% post(author=\"Ann `Lee\") %}\nPost text.\n{% end %}\nSee `code` here.\n";
    assert_eq!(calls_in(block), 1);
    // A call written in code stays code, whatever an earlier call holds.
    let shown = "Map {{ figure(caption=\"`\") }}\nwrite `{{ figure(alt=\"b\") }}` to show one.\n";
    assert_eq!(calls_in(shown), 1);
    // A `~~~` line inside an argument is no fence.
    let fence = "{{ figure(caption=\"x\n~~~\ny\") }}\n\n{{ figure(caption=\"z\") }}\n";
    assert_eq!(calls_in(fence), 2);
}

#[test]
fn a_call_left_open_at_its_line_end_is_said_there() {
    let text = "Text {{ figure(alt=\"b\")\nNext line.\n";
    let (_, calls, _, errors) = expand(text, &known());
    assert!(calls.is_empty());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("`}}` does not close it"));
    assert_eq!(errors[0].span.start, text.find('\n').unwrap());
}

#[test]
fn a_call_written_in_code_is_text_whose_backticks_count() {
    // A call shown in code is text: its argument's backtick ends the span
    // as CommonMark reads it, and what it then puts in code stays code.
    let calls = |text: &str| expand(text, &known()).1.len();
    assert_eq!(
        calls("Write `{{ figure(c=\"`\") }}` then {{ figure(id=27) }} and `x`.\n"),
        0
    );
    // A fence showing a call with a `~~~` line in it: the fence that line
    // opens holds the call after it.
    assert_eq!(
        calls("~~~\n{{ figure(c=\"a\n~~~\nb\") }}\n~~~\n\n{{ figure(id=2) }}\n"),
        0
    );
    // Calls apart from code are calls, backticks in arguments or not.
    assert_eq!(
        calls("{{ figure(c=\"`\") }}\n\n`{{ figure(id=1) }}`\n\n{{ figure(id=2) }}\n"),
        2
    );
}

#[test]
fn calls_settle_where_code_and_calls_agree() {
    // Call 1 is in a span; with it text, call 2 is outside code (and a
    // call, its backtick blanked), which puts call 3 in the next span.
    let text = "A `{{ figure(id=1, c=\"`\") }} {{ figure(id=2, c=\"`\") }} `z {{ figure(id=3) }} `w` end.\n";
    let (out, calls, _, errors) = expand(text, &known());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(calls.len(), 1, "{out:?}");
    assert_eq!(calls[0].args["id"], Arg::Int(2));
    // What the renderer then reads agrees: the token is outside code,
    // and call 3 is in it.
    let mut in_code = Vec::new();
    for event in pulldown_cmark::Parser::new(&out) {
        if let pulldown_cmark::Event::Code(c) = event {
            in_code.push(c.to_string());
        }
    }
    assert!(in_code.iter().all(|c| !c.contains('\u{1C}')), "{in_code:?}");
    assert!(
        in_code.iter().any(|c| c.contains("figure(id=3)")),
        "{in_code:?}"
    );
}

#[test]
fn a_block_call_named_end_something_is_closed_by_its_end() {
    let known = vec!["endnote".to_string()];
    let (_, calls, _, errors) = expand("{% endnote(n=1) %}\nText.\n{% end %}\n", &known);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(calls.len() == 1 && calls[0].block);
}

#[test]
fn foreign_closing_tags_are_said_only_for_known_shortcodes() {
    let said = |text: &str| -> Vec<String> {
        expand(text, &known())
            .3
            .into_iter()
            .map(|e| e.message)
            .collect()
    };
    assert_eq!(
        said("x {% endpost %} y"),
        ["`{% endpost %}` is not annals' closing tag; it is published as written"]
    );
    // Liquid's logic is named as Jekyll's; other words are prose.
    assert_eq!(
        said("{% endif %}"),
        ["Jekyll's tag `{% endif %}` is not annals' syntax; it is published as written"]
    );
    assert!(said("{% ending %} and {% end-of-year %}").is_empty());
}

#[test]
fn digits_a_number_would_change_are_told_to_be_quoted() {
    for (value, shown) in [
        ("007", "7"),
        ("-0042", "-42"),
        ("12345678901234567890", "1.2345678901234567e19"),
        ("00.5", "0.5"),
        ("1e3", "1000.0"),
        ("1.10", "1.1"),
        ("1.", "1.0"),
        ("+5", "5"),
    ] {
        let text = format!("a {{{{ figure(n={value}) }}}} b");
        let (_, calls, _, errors) = expand(&text, &known());
        assert!(calls.is_empty());
        let error = &errors[0];
        assert!(error.message.contains(&format!("`{value}`")), "{error:?}");
        assert!(
            error.message.contains(&format!("shown as `{shown}`")),
            "{error:?}"
        );
        assert!(error.left_as_text);
    }
    let (_, calls, _, errors) = expand(
        "{{ figure(a=0, b=-7, c=0.5, d=9223372036854775807, e=2.0) }}",
        &known(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(calls[0].args["a"], Arg::Int(0));
    assert_eq!(calls[0].args["c"], Arg::Float(0.5));
}
