//! E-mail address validation.
//!
//! Deliberately simpler than RFC 5321/5322: it accepts what people type as an
//! address (including internationalised domains and local parts) and rejects
//! what is clearly not one. The real service's exact rules are undocumented. The
//! widget (`src/flow/email.rs`) gives the same verdicts: both are checked against
//! `tests/email-cases.json`.

/// Longest address accepted, in characters (RFC 5321's path limit less the
/// angle brackets).
const MAX_TOTAL: usize = 254;
/// Longest local part (RFC 5321).
const MAX_LOCAL: usize = 64;
/// Longest domain label (RFC 1035).
const MAX_LABEL: usize = 63;

/// Characters never allowed in an unquoted local part. Quoted local parts are
/// not supported: nobody signs in with one.
const LOCAL_FORBIDDEN: &[char] = &['"', '(', ')', ',', ':', ';', '<', '>', '[', '\\', ']'];

/// The format characters (Unicode general category Cf, as of Unicode 15.1):
/// invisible, and some reorder the text around them (U+202E RIGHT-TO-LEFT
/// OVERRIDE makes `ana\u{202e}moc.live@x.co` read as another address). No
/// address needs one, so none is accepted, in the local part or the domain.
const FORMAT_CHARACTERS: &[(char, char)] = &[
    ('\u{00ad}', '\u{00ad}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061c}', '\u{061c}'),
    ('\u{06dd}', '\u{06dd}'),
    ('\u{070f}', '\u{070f}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08e2}', '\u{08e2}'),
    ('\u{180e}', '\u{180e}'),
    ('\u{200b}', '\u{200f}'),
    ('\u{202a}', '\u{202e}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206f}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{fff9}', '\u{fffb}'),
    ('\u{110bd}', '\u{110bd}'),
    ('\u{110cd}', '\u{110cd}'),
    ('\u{13430}', '\u{1343f}'),
    ('\u{1bca0}', '\u{1bca3}'),
    ('\u{1d173}', '\u{1d17a}'),
    ('\u{e0001}', '\u{e0001}'),
    ('\u{e0020}', '\u{e007f}'),
];

/// Whether `c` is a format character (category Cf).
fn is_format(c: char) -> bool {
    FORMAT_CHARACTERS
        .iter()
        .any(|&(first, last)| (first..=last).contains(&c))
}

/// Returns the trimmed address if it is acceptable, `None` otherwise. Trimmed is
/// what pasting adds: white space, and zero-width spaces and byte-order marks.
/// Any other format character, or one of those inside, refuses the address.
pub fn validate(input: &str) -> Option<&str> {
    let padding = |c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}');
    let email = input.trim_matches(padding);
    if email.chars().count() > MAX_TOTAL || email.chars().any(is_format) {
        return None;
    }
    let (local, domain) = email.split_once('@')?;
    if domain.contains('@') || !valid_local(local) || !valid_domain(domain) {
        return None;
    }
    Some(email)
}

fn valid_local(local: &str) -> bool {
    !local.is_empty()
        && local.chars().count() <= MAX_LOCAL
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !LOCAL_FORBIDDEN.contains(&c))
}

/// At least two labels, the last not all digits (`a@1.2.3.4` is no domain).
fn valid_domain(domain: &str) -> bool {
    let top_level = domain.rsplit('.').next().unwrap_or_default();
    domain.contains('.')
        && domain.split('.').all(valid_label)
        && !top_level.bytes().all(|b| b.is_ascii_digit())
}

/// A label: letters (any script, for IDNs), digits and inner hyphens.
fn valid_label(label: &str) -> bool {
    !label.is_empty()
        && label.chars().count() <= MAX_LABEL
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::{is_format, validate, FORMAT_CHARACTERS};

    #[test]
    fn format_characters_are_category_cf() {
        for c in [
            '\u{ad}',
            '\u{200b}',
            '\u{200d}',
            '\u{200e}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{2060}',
            '\u{feff}',
            '\u{61c}',
            '\u{e0001}',
            '\u{e007f}',
            '\u{1343f}',
        ] {
            assert!(is_format(c), "U+{:04X}", c as u32);
        }
        // Neighbours that are not Cf: ordinary and combining letters, spaces,
        // controls (handled elsewhere), private use.
        for c in [
            'a',
            'é',
            '\u{301}',
            '\u{200a}',
            '\u{2010}',
            '\u{2028}',
            '\u{2065}',
            '\u{202f}',
            '\u{fffc}',
            '\u{e0000}',
            '\u{e0080}',
            '\u{e000}',
            '\u{1f600}',
            '\u{0606}',
        ] {
            assert!(!is_format(c), "U+{:04X}", c as u32);
        }
        assert!(
            FORMAT_CHARACTERS.windows(2).all(|w| w[0].1 < w[1].0),
            "sorted, disjoint"
        );
        // Unicode 15.1 has 170 of them.
        let count: u32 = FORMAT_CHARACTERS
            .iter()
            .map(|&(a, b)| b as u32 - a as u32 + 1)
            .sum();
        assert_eq!(count, 170);
    }

    #[test]
    fn refuses_format_characters_anywhere_but_trims_paste_padding() {
        assert_eq!(validate("a\u{202e}b@example.com"), None);
        assert_eq!(validate("ab@exa\u{200d}mple.com"), None);
        assert_eq!(validate("ab@example.com\u{2066}"), None);
        assert_eq!(
            validate("\u{feff}ab@example.com\u{200b}"),
            Some("ab@example.com")
        );
    }

    /// One case of `tests/email-cases.json`, the table the widget is checked against
    /// too (`src/flow/email.rs`).
    #[derive(serde::Deserialize)]
    struct Case {
        address: String,
        accepted: Option<String>,
        refused: Option<String>,
    }

    #[derive(serde::Deserialize)]
    struct Table {
        cases: Vec<Case>,
    }

    #[test]
    fn gives_the_widgets_verdicts() {
        let text = include_str!("../../tests/email-cases.json");
        let table: Table = serde_json::from_str(text).unwrap();
        assert!(table.cases.len() > 50);
        for case in &table.cases {
            let address = &case.address;
            assert!(
                case.accepted.is_some() != case.refused.is_some(),
                "{address:?}: accepted or refused"
            );
            let why = case.refused.as_deref().unwrap_or("accepted");
            assert_eq!(
                validate(address),
                case.accepted.as_deref(),
                "{address:?} ({why})"
            );
        }
    }
}
