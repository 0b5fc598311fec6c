//! Random identifiers and secrets, drawn from the operating system's CSPRNG.

/// The URL-safe base64 alphabet: magic texts and tokens travel in URLs and JSON
/// unescaped.
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Fills a buffer with random bytes. devapi cannot work without randomness, so
/// a failing OS generator is a fatal error.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random generator failed");
    buf
}

/// A flow handle: 24 lowercase hex characters, like the contract's example
/// `646616daf9a276fa9a6446a1`.
pub fn state() -> String {
    random_bytes::<12>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `len` random URL-safe characters (6 bits of entropy each). 256 is a multiple
/// of 64, so masking a byte keeps the distribution uniform.
pub fn url_safe(len: usize) -> String {
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for b in random_bytes::<32>() {
            if out.len() == len {
                break;
            }
            out.push(URL_SAFE[usize::from(b & 63)] as char);
        }
    }
    out
}

/// The secret part of a magic link: 43 URL-safe characters (258 bits).
pub fn magictext() -> String {
    url_safe(43)
}

/// A 6-digit code, zero-padded, uniformly drawn (rejection sampling avoids the
/// bias of a plain modulo).
pub fn code() -> String {
    // The largest multiple of 1_000_000 that fits in u32.
    const LIMIT: u32 = u32::MAX - (u32::MAX % 1_000_000);
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>());
        if n < LIMIT {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// A uniformly drawn number in `0..n` (rejection sampling: bytes from the
/// largest multiple of `n` up are drawn again, so no value is favoured).
fn below(n: u8) -> u8 {
    let limit = 256 - (256 % u16::from(n));
    loop {
        let [b] = random_bytes::<1>();
        if u16::from(b) < limit {
            return b % n;
        }
    }
}

/// A number-matching code: two digits, `00` to `99`, uniformly drawn.
pub fn match_code() -> String {
    format!("{:02}", below(100))
}

/// The three numbers the confirm page offers for `code`: the code and two other
/// distinct two-digit numbers, the code at a random place among them.
pub fn match_options(code: &str) -> Vec<String> {
    let mut options = Vec::with_capacity(3);
    while options.len() < 2 {
        let decoy = match_code();
        if decoy != code && !options.contains(&decoy) {
            options.push(decoy);
        }
    }
    options.insert(usize::from(below(3)), code.to_owned());
    options
}

/// Whether a secret from a request equals the stored one, in a time that does
/// not depend on where they differ (only on the length, which is no secret: every
/// magic text has 43 characters). A plain `==` stops at the first differing byte,
/// which lets a patient attacker find a secret byte by byte from response times.
pub fn secret_eq(given: &str, stored: &str) -> bool {
    use subtle::ConstantTimeEq;
    given.as_bytes().ct_eq(stored.as_bytes()).into()
}

/// An opaque token shaped like the real service's PASETO tokens (`v4.local.…`);
/// clients must treat it as opaque, so random content is enough.
pub fn opaque_token() -> String {
    format!("v4.local.{}", url_safe(64))
}

/// How long issued access tokens live (the contract's example shows one hour).
pub const ACCESS_TOKEN_TTL_MS: u64 = 60 * 60 * 1000;

/// Fresh tokens for a sign-in completed at `now_ms`: a confirmed link or a
/// right code.
pub fn issue(now_ms: u64) -> crate::store::Tokens {
    crate::store::Tokens {
        access_token: opaque_token(),
        refresh_token: opaque_token(),
        expires_at_ms: now_ms.saturating_add(ACCESS_TOKEN_TTL_MS),
    }
}

/// A user identifier, `usr_` and 24 hex characters.
pub fn user_id() -> String {
    format!("usr_{}", state())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_is_24_lowercase_hex() {
        let s = state();
        assert_eq!(s.len(), 24);
        assert!(s
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(s, state());
    }

    #[test]
    fn magictext_is_url_safe_and_long() {
        let m = magictext();
        assert!(m.len() >= 32);
        assert!(m
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(url_safe(100).len(), 100);
    }

    #[test]
    fn code_has_six_digits() {
        for _ in 0..50 {
            let c = code();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn match_codes_are_two_digits_and_cover_the_range() {
        let mut seen = [false; 100];
        for _ in 0..5_000 {
            let c = match_code();
            assert_eq!(c.len(), 2, "{c}");
            seen[c.parse::<usize>().expect("digits")] = true;
        }
        // 5,000 draws miss a given number with probability (0.99)^5000 ≈ 1e-22.
        assert!(
            seen.iter().all(|&s| s),
            "every number from 00 to 99 is drawn"
        );
    }

    #[test]
    fn match_options_hold_the_code_once_among_distinct_numbers() {
        let mut places = [0u32; 3];
        for _ in 0..600 {
            let code = match_code();
            let options = match_options(&code);
            assert_eq!(options.len(), 3);
            assert!(options
                .iter()
                .all(|o| o.len() == 2 && o.parse::<u8>().is_ok()));
            assert!(
                options[0] != options[1] && options[1] != options[2] && options[0] != options[2]
            );
            let place = options
                .iter()
                .position(|o| *o == code)
                .expect("the code is offered");
            places[place] += 1;
        }
        // Each place gets about 200; far from 0 or 600 unless the order is fixed.
        assert!(places.iter().all(|&n| n > 100), "{places:?}");
    }

    #[test]
    fn secret_eq_compares() {
        let m = magictext();
        assert!(secret_eq(&m, &m.clone()));
        assert!(!secret_eq(&m, &magictext()));
        assert!(!secret_eq(&m, &m[1..]));
        assert!(!secret_eq("", "x"));
        assert!(secret_eq("", ""));
    }

    /// The time of a comparison does not tell where the strings differ: a
    /// difference in the first byte takes as long as one in the last. Long
    /// strings make an early exit stand out (a plain `==` answers the first case
    /// about a hundred times faster); medians of interleaved runs keep a busy
    /// machine's noise out.
    #[test]
    fn secret_eq_takes_as_long_wherever_the_difference_is() {
        use std::hint::black_box;
        use std::time::Instant;
        const LEN: usize = 1 << 18;
        let stored = "a".repeat(LEN);
        let first = format!("b{}", &stored[1..]);
        let last = format!("{}b", &stored[1..]);
        let time = |given: &str| {
            let started = Instant::now();
            black_box(secret_eq(black_box(given), black_box(&stored)));
            started.elapsed().as_nanos().max(1)
        };
        let (mut early, mut late) = (Vec::new(), Vec::new());
        for _ in 0..21 {
            early.push(time(&first));
            late.push(time(&last));
        }
        early.sort_unstable();
        late.sort_unstable();
        let (early, late) = (early[10], late[10]);
        assert!(
            late < early * 4,
            "a difference in the first byte took {early} ns, in the last {late} ns"
        );
    }

    #[test]
    fn tokens_are_prefixed_and_distinct() {
        let a = opaque_token();
        assert!(a.starts_with("v4.local."));
        assert_ne!(a, opaque_token());
        assert!(user_id().starts_with("usr_"));
        let issued = issue(1_000);
        assert_eq!(issued.expires_at_ms, 1_000 + ACCESS_TOKEN_TTL_MS);
        assert_ne!(issued.access_token, issued.refresh_token);
    }
}
