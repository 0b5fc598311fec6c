//! E-mail address validation.
//!
//! Deliberately simpler than RFC 5321/5322: it accepts what people type as an
//! address (including internationalised domains and local parts) and rejects
//! what is clearly not one. The real service's exact rules are undocumented.

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

/// Returns the trimmed address if it is acceptable, `None` otherwise.
pub fn validate(input: &str) -> Option<&str> {
    let email = input.trim();
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

fn valid_domain(domain: &str) -> bool {
    domain.contains('.') && domain.split('.').all(valid_label)
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

    #[test]
    fn accepts_ordinary_and_international_addresses() {
        for ok in [
            "a@b.co",
            "  user.name+tag@example.com ",
            "x@sub-domain.example.org",
            "jörg@bücher.de",
            "用户@例子.广告",
            "o'neil@xn--bcher-kva.example",
        ] {
            assert!(validate(ok).is_some(), "{ok} should be valid");
        }
        assert_eq!(validate("  a@b.co\n"), Some("a@b.co"));
    }

    #[test]
    fn rejects_malformed_addresses() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long_total = format!("a@{}.com", "b.".repeat(130));
        for bad in [
            "",
            "   ",
            "plainaddress",
            "@example.com",
            "a@",
            "a@localhost",
            "a@@b.co",
            "a@b@c.co",
            "a b@c.co",
            "a@b c.co",
            "a@b..co",
            "a@.b.co",
            "a@b.co.",
            "a@-b.co",
            "a@b-.co",
            "a@b_c.co",
            ".a@b.co",
            "a.@b.co",
            "a..b@c.co",
            "a<b@c.co",
            "<script>@x.co",
            long_local.as_str(),
            long_total.as_str(),
        ] {
            assert!(validate(bad).is_none(), "{bad:?} should be invalid");
        }
    }
}
