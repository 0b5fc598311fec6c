//! Checking an e-mail address before anything is sent.
//!
//! Deliberately close to what browsers accept for `<input type=email>`, plus
//! internationalised domains and local parts (people type `josé@exämple.de`), so the
//! widget never refuses an address the API would take. The API stays the final judge.

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

fn is_valid_local(local: &str) -> bool {
    let allowed = |c: char| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c);
    !local.is_empty()
        && local.chars().count() <= MAX_LOCAL_LEN
        && local.chars().all(allowed)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
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

    #[test]
    fn accepts_ordinary_and_international_addresses() {
        for ok in [
            "ana@example.com",
            "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie",
            "josé@exämple.de",
            "用户@例子.广告",
            "x@xn--bcher-kva.example",
            "a@b-c.io",
        ] {
            assert!(is_valid(ok), "refused {ok}");
        }
    }

    #[test]
    fn refuses_what_cannot_be_an_address() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana@@example.com",
            "ana@exa mple.com",
            "an a@example.com",
            ".ana@example.com",
            "ana.@example.com",
            "a..na@example.com",
            "ana@-example.com",
            "ana@example-.com",
            "ana@example..com",
            "ana@example.123",
            "ana@example.com.",
            "<ana@example.com>",
            "ana@exa_mple.com",
        ] {
            assert!(!is_valid(bad), "accepted {bad:?}");
        }
    }

    #[test]
    fn trims_pasted_padding_but_keeps_the_address() {
        assert_eq!(
            normalize(" \t\u{a0}\u{200b}ana@example.com\n ").as_deref(),
            Some("ana@example.com")
        );
        assert_eq!(normalize("   "), None);
    }

    #[test]
    fn enforces_the_length_limits() {
        let domain = format!(
            "{}.{}.{}.com",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(59)
        );
        let at_limit = format!("{}@{domain}", "l".repeat(MAX_LEN - domain.len() - 1));
        assert_eq!(at_limit.len(), MAX_LEN);
        assert!(is_valid(&at_limit));
        assert!(!is_valid(&format!("l{at_limit}")));
        assert!(!is_valid(&format!("{}@example.com", "l".repeat(65))));
        assert!(!is_valid(&format!("ana@{}.com", "d".repeat(64))));
    }
}
