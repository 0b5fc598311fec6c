//! Test helpers that read the copies of the public lists kept outside the Rust code
//! (the README, the loader, the TypeScript declarations), so a test can compare each
//! with its one definition.

/// The README, as the tests read it.
pub const README: &str = include_str!("../README.md");
/// The loader, `loader/magic-link-login.js`.
pub const LOADER: &str = include_str!("../loader/magic-link-login.js");
/// The TypeScript declarations, `loader/magic-link-login.d.ts`.
pub const DTS: &str = include_str!("../loader/magic-link-login.d.ts");

/// The text after the first `start` and before the first `end` that follows it.
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let Some((_, after)) = text.split_once(start) else {
        panic!("{start:?} not found");
    };
    let Some((inside, _)) = after.split_once(end) else {
        panic!("{end:?} not found after {start:?}");
    };
    inside
}

/// The `code spans` of Markdown `text`, in order.
pub fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The `'single-quoted'` strings of JS or TS `text`, in order.
pub fn quoted(text: &str) -> Vec<&str> {
    text.split('\'').skip(1).step_by(2).collect()
}

/// The members of TypeScript union `export type {name} = 'a' | 'b' …;`.
pub fn ts_union<'a>(dts: &'a str, name: &str) -> Vec<&'a str> {
    quoted(between(dts, &format!("export type {name} ="), ";"))
}

/// The property names of TypeScript `export interface {name} { … }`, in order.
pub fn ts_properties<'a>(dts: &'a str, name: &str) -> Vec<&'a str> {
    between(dts, &format!("export interface {name} {{\n"), "\n}")
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("/*") && !line.starts_with('*'))
        .filter(|line| !line.starts_with("//"))
        .filter_map(|line| line.split_once(':'))
        .map(|(name, _)| name.trim_end_matches('?'))
        .collect()
}

/// `kebab-case` in camelCase: `client-id` → `clientId`.
pub fn camel(kebab: &str) -> String {
    let mut words = kebab.split('-');
    let mut camel = words.next().unwrap_or_default().to_owned();
    for word in words {
        let mut chars = word.chars();
        camel.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        camel.push_str(chars.as_str());
    }
    camel
}

#[test]
fn helpers_read_what_they_say() {
    assert_eq!(between("a [b] c [d]", "[", "]"), "b");
    assert_eq!(backticked("x `a`, `b` and `c`."), ["a", "b", "c"]);
    assert_eq!(quoted("['a', 'b-c']"), ["a", "b-c"]);
    let dts = "export type T =\n  | 'x'\n  | 'y';\nexport interface I {\n  /** A. */\n  a?: string;\n  b: number;\n}\n";
    assert_eq!(ts_union(dts, "T"), ["x", "y"]);
    assert_eq!(ts_properties(dts, "I"), ["a", "b"]);
    assert_eq!(camel("client-id"), "clientId");
    assert_eq!(camel("lang"), "lang");
}
