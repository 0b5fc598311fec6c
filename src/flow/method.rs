//! The `method` attribute: what the e-mail carries (a link, a one-time code), and the
//! rules of a typed code.

/// The sign-in methods a widget offers, from the space-separated `method` attribute
/// (the first known word is the primary).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Methods {
    /// `link`: e-mail a magic link and poll until it is confirmed.
    #[default]
    Link,
    /// `code`: e-mail a one-time code and show a code field.
    Code,
    /// `link code`: a link, and the waiting step offers "Enter a code instead".
    LinkThenCode,
}

/// What one e-mail carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Channel {
    /// A magic link (`…/magic-link/…`).
    #[default]
    Link,
    /// A one-time code (`…/magic-otp/send`, `…/email-otp/…`).
    Code,
}

/// How many digits a sign-in code has.
pub const CODE_LENGTH: usize = 6;

impl Methods {
    /// Reads the attribute: unknown words are ignored, nothing known means `link`.
    /// `code link` is the code alone: the code's e-mail carries no link to offer.
    pub fn parse(attribute: Option<&str>) -> Methods {
        let words: Vec<&str> = attribute
            .unwrap_or_default()
            .split_ascii_whitespace()
            .filter(|word| matches!(*word, "link" | "code"))
            .collect();
        match words.as_slice() {
            ["code", ..] => Methods::Code,
            ["link", rest @ ..] if rest.contains(&"code") => Methods::LinkThenCode,
            _ => Methods::Link,
        }
    }

    /// What the form's Send (and "send a new one" after expiry) e-mails.
    pub fn primary(self) -> Channel {
        match self {
            Methods::Code => Channel::Code,
            Methods::Link | Methods::LinkThenCode => Channel::Link,
        }
    }

    /// Whether the waiting step offers "Enter a code instead".
    pub fn offers_code_instead(self) -> bool {
        self == Methods::LinkThenCode
    }
}

/// The code in what was typed or pasted ("123 456", "123-456", " 123456 "), when it
/// is exactly [`CODE_LENGTH`] digits; `None` otherwise.
pub fn normalize_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '–' | '.'))
        .collect();
    let digits = code.len() == CODE_LENGTH && code.bytes().all(|b| b.is_ascii_digit());
    digits.then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_known_word_is_the_primary() {
        let cases = [
            (None, Methods::Link),
            (Some(""), Methods::Link),
            (Some("link"), Methods::Link),
            (Some("code"), Methods::Code),
            (Some("link code"), Methods::LinkThenCode),
            (Some("  link\tsms code "), Methods::LinkThenCode),
            (Some("code link"), Methods::Code),
            (Some("passkey code"), Methods::Code),
            (Some("LINK CODE"), Methods::Link),
            (Some("nonsense"), Methods::Link),
        ];
        for (attribute, expected) in cases {
            assert_eq!(Methods::parse(attribute), expected, "{attribute:?}");
        }
        assert_eq!(Methods::LinkThenCode.primary(), Channel::Link);
        assert_eq!(Methods::Code.primary(), Channel::Code);
        assert!(Methods::LinkThenCode.offers_code_instead());
        assert!(!Methods::Code.offers_code_instead());
    }

    #[test]
    fn pasted_codes_lose_their_separators() {
        for typed in [
            "123456",
            "123 456",
            "123-456",
            " 12 34 56 ",
            "123\u{2011}456",
        ] {
            assert_eq!(
                normalize_code(typed).as_deref(),
                Some("123456"),
                "{typed:?}"
            );
        }
        for typed in [
            "",
            "12345",
            "1234567",
            "12345a",
            "١٢٣٤٥٦",
            "123_456",
            "+123456",
        ] {
            assert_eq!(normalize_code(typed), None, "{typed:?}");
        }
    }
}
