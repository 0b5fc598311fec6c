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

/// Returns the trimmed address if it is acceptable, `None` otherwise. Trimmed is
/// what pasting adds: white space, and zero-width spaces and byte-order marks.
pub fn validate(input: &str) -> Option<&str> {
    let padding = |c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}');
    let email = input.trim_matches(padding);
    if email.chars().count() > MAX_TOTAL {
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
    use super::validate;

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
