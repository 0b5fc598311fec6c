//! Minifies `style/widget.css` into `OUT_DIR`, where `include_str!` picks it up:
//! the widget carries its styles inside the wasm, so every byte counts.

use std::{env, fs, path::Path};

fn main() {
    let source = "style/widget.css";
    println!("cargo:rerun-if-changed={source}");
    let css = fs::read_to_string(source).expect("style/widget.css");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("widget.min.css");
    fs::write(out, minify_css(&css)).expect("write minified CSS");
}

/// Drops comments and the white space CSS does not need. Conservative: spaces
/// inside values (`calc(a * b)`, font lists) and selectors stay single spaces.
fn minify_css(css: &str) -> String {
    let mut without_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    without_comments.push_str(rest);
    let collapsed = without_comments
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let chars: Vec<char> = collapsed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let tight = |c: Option<&char>| matches!(c, Some('{' | '}' | ';' | ','));
        if c == ' '
            && (tight(chars.get(i + 1))
                || tight(out.chars().last().as_ref())
                || out.ends_with(':') && !out.ends_with("::"))
        {
            continue;
        }
        out.push(c);
    }
    out.replace(";}", "}")
}
