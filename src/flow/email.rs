//! Checking an e-mail address before anything is sent.
//!
//! Deliberately close to what browsers accept for `<input type=email>`, plus
//! internationalised domains and local parts (people type `josé@exämple.de`), so the
//! widget never refuses an address the API would take. The API stays the final judge;
//! devapi gives the same verdicts, both checked against `tests/email-cases.json`.

/// Longest address SMTP can carry (RFC 5321, in characters here: IDN addresses are
/// counted as the person sees them).
pub const MAX_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;
const MAX_LABEL_LEN: usize = 63;

/// Trims what pasting adds (spaces, tabs, line breaks, no-break and zero-width
/// spaces) and returns the address if it is valid.
pub fn normalize(input: &str) -> Option<String> {
    let is_padding = |c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}');
    let address = input.trim_matches(is_padding);
    is_valid(address).then(|| address.to_owned())
}

/// Whether `address` (already trimmed) looks deliverable.
pub fn is_valid(address: &str) -> bool {
    if address.chars().count() > MAX_LEN {
        return false;
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    is_valid_local(local) && is_valid_domain(domain)
}

/// RFC 5322's dot-atom in ASCII; beyond ASCII anything but spaces, controls and
/// the characters that reorder or hide text (RFC 6531), so combining marks pass: a
/// decomposed "é", Devanagari's virama.
fn is_valid_local(local: &str) -> bool {
    let allowed = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c)
        } else {
            !c.is_whitespace() && !c.is_control() && !reorders_or_hides_text(c)
        }
    };
    !local.is_empty()
        && local.chars().count() <= MAX_LOCAL_LEN
        && local.chars().all(allowed)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

/// The format characters that reorder or hide text: bidirectional controls,
/// zero-width characters, the soft hyphen, invisible operators and tag characters.
/// An address holding one could read as another (on the waiting step, on a confirm
/// page); devapi refuses every format character (category Cf).
fn reorders_or_hides_text(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

fn is_valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.chars().count() <= MAX_LABEL_LEN
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let top_level_ok = labels
        .last()
        .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    labels.len() >= 2 && labels.iter().all(label_ok) && top_level_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Json;
    use serde::Deserialize;

    /// One case of `tests/email-cases.json`, the table devapi is checked against too.
    #[derive(Deserialize)]
    struct Case {
        address: String,
        accepted: Option<String>,
        refused: Option<String>,
    }

    #[derive(Deserialize)]
    struct Table {
        cases: Vec<Case>,
    }

    #[test]
    fn gives_the_shared_tables_verdicts() {
        let text = include_str!("../../tests/email-cases.json");
        let table: Table = Json::parse(text).and_then(|json| json.read()).unwrap();
        assert!(table.cases.len() > 50);
        for case in table.cases {
            let address = &case.address;
            assert!(
                case.accepted.is_some() != case.refused.is_some(),
                "{address:?}: accepted or refused"
            );
            let why = case.refused.as_deref().unwrap_or("accepted");
            assert_eq!(normalize(address), case.accepted, "{address:?} ({why})");
        }
    }

    #[test]
    fn the_length_limits_are_in_characters() {
        let local = "é".repeat(MAX_LOCAL_LEN);
        assert!(is_valid(&format!("{local}@example.com")));
        assert!(!is_valid(&format!("{local}é@example.com")));
    }
}
