//! What asked for a sign-in, in words: the browser and system named by a
//! `User-Agent` header, and how long ago.
//!
//! The confirm page shows this so that a person can tell a sign-in they started
//! from one someone else started with their address. Only names from the fixed
//! lists below and a major version (at most four digits) ever reach the page:
//! the header itself is chosen by whoever sent the request, so it is never
//! echoed.

/// Browser families, most specific first: every Chromium-based browser also
/// says `Chrome/`, and Chrome also says `Safari/`. Each entry is the token that
/// names it and the name shown.
const BROWSERS: &[(&str, &str)] = &[
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("YaBrowser/", "Yandex Browser"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("HeadlessChrome/", "Chrome (headless)"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("curl/", "curl"),
    ("Wget/", "Wget"),
];

/// Systems, most specific first (Android says `Linux`, iOS says `like Mac OS X`).
const SYSTEMS: &[(&str, &str)] = &[
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPod", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
];

/// Longest version number shown, in digits.
const MAX_VERSION_DIGITS: usize = 4;

/// "Firefox 128 on Windows", "Safari 17 on iOS", "an unknown browser on Linux",
/// "an unknown browser".
pub fn describe(user_agent: Option<&str>) -> String {
    let ua = user_agent.unwrap_or_default();
    let browser = browser(ua).unwrap_or_else(|| "an unknown browser".to_owned());
    match SYSTEMS.iter().find(|(token, _)| ua.contains(token)) {
        Some((_, system)) => format!("{browser} on {system}"),
        None => browser,
    }
}

fn browser(ua: &str) -> Option<String> {
    if let Some((token, name)) = BROWSERS.iter().find(|(token, _)| ua.contains(token)) {
        return Some(with_version(name, version_after(ua, token)));
    }
    // Safari names its version in `Version/`, its `Safari/` being a build number.
    if ua.contains("Safari/") && ua.contains("AppleWebKit/") {
        return Some(with_version("Safari", version_after(ua, "Version/")));
    }
    None
}

fn with_version(name: &str, version: Option<&str>) -> String {
    match version {
        Some(version) => format!("{name} {version}"),
        None => name.to_owned(),
    }
}

/// The major version right after `token`: its leading digits, if there are
/// one to [`MAX_VERSION_DIGITS`] of them.
fn version_after<'a>(ua: &'a str, token: &str) -> Option<&'a str> {
    let rest = &ua[ua.find(token)? + token.len()..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=MAX_VERSION_DIGITS)
        .contains(&digits)
        .then(|| &rest[..digits])
}

/// How long ago `then_ms` was at `now_ms`, in words: "less than a minute ago",
/// "1 minute ago", "2 minutes ago", "3 hours ago", "2 days ago".
pub fn ago(then_ms: u64, now_ms: u64) -> String {
    let seconds = now_ms.saturating_sub(then_ms) / 1000;
    let (n, unit) = match seconds {
        0..60 => return "less than a minute ago".to_owned(),
        60..3_600 => (seconds / 60, "minute"),
        3_600..86_400 => (seconds / 3_600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    let plural = if n == 1 { "" } else { "s" };
    format!("{n} {unit}{plural} ago")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_common_families() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/126.0.0.0 Safari/537.36",
                "Chrome 126 on Windows",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
                "Edge 126 on Windows",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
                "Safari 17 on macOS",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari 17 on iOS",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
                "Chrome 126 on iOS",
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like \
                 Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15",
                "Firefox 127 on iPadOS",
            ),
            (
                "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox 128 on Linux",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) \
                 SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
                "Samsung Internet 25 on Android",
            ),
            (
                "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/126.0.0.0 Mobile Safari/537.36",
                "Chrome 126 on Android",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0",
                "Opera 111 on Windows",
            ),
            (
                "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/126.0.0.0 Safari/537.36",
                "Chrome 126 on ChromeOS",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 HeadlessChrome/130.0.6723.116 Safari/537.36",
                "Chrome (headless) 130 on Linux",
            ),
            ("curl/8.5.0", "curl 8"),
        ];
        for (ua, expected) in cases {
            assert_eq!(describe(Some(ua)), expected, "{ua}");
        }
    }

    #[test]
    fn never_echoes_what_it_does_not_know() {
        assert_eq!(describe(None), "an unknown browser");
        assert_eq!(describe(Some("")), "an unknown browser");
        assert_eq!(
            describe(Some("<script>alert(1)</script> on Linux")),
            "an unknown browser on Linux"
        );
        // A version that is not a short number is left out.
        assert_eq!(describe(Some("Firefox/<b>")), "Firefox");
        assert_eq!(describe(Some("Firefox/123456789")), "Firefox");
        assert_eq!(describe(Some("Firefox/\u{202e}1")), "Firefox");
    }

    #[test]
    fn says_how_long_ago() {
        let now = 10_000_000;
        assert_eq!(ago(now, now), "less than a minute ago");
        assert_eq!(ago(now - 59_999, now), "less than a minute ago");
        assert_eq!(ago(now - 60_000, now), "1 minute ago");
        assert_eq!(ago(now - 150_000, now), "2 minutes ago");
        assert_eq!(ago(now - 3_600_000, now), "1 hour ago");
        assert_eq!(ago(now - 7_300_000, now), "2 hours ago");
        assert_eq!(ago(0, 3 * 86_400_000), "3 days ago");
        // A clock that went back is "now", not a panic.
        assert_eq!(ago(now + 5_000, now), "less than a minute ago");
    }
}
