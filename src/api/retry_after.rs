//! Reading the `Retry-After` header: delay-seconds or an HTTP date (RFC 9110
//! §10.2.3), the date in any of the three forms recipients must accept
//! (IMF-fixdate, RFC 850, asctime; §5.6.7), read by the `httpdate` crate.

use crate::flow::timing::Millis;
use std::time::UNIX_EPOCH;

/// Whole seconds to wait, from a `Retry-After` value, measured against `now`.
/// A date in the past means "now" (0); anything unreadable is `None`.
pub fn seconds(value: &str, now: Millis) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse().unwrap_or(u64::MAX));
    }
    let at = http_date_ms(value)?;
    Some(at.saturating_sub(now).div_ceil(1000))
}

/// An HTTP date as epoch milliseconds.
fn http_date_ms(value: &str) -> Option<Millis> {
    let at = httpdate::parse_http_date(value).ok()?;
    let since_epoch = at.duration_since(UNIX_EPOCH).ok()?;
    Some(since_epoch.as_secs() * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_delay_seconds() {
        assert_eq!(seconds("120", 0), Some(120));
        assert_eq!(seconds(" 7 ", 0), Some(7));
        assert_eq!(seconds("0", 0), Some(0));
        assert_eq!(seconds("99999999999999999999999", 0), Some(u64::MAX));
    }

    #[test]
    fn reads_http_dates_against_the_clock() {
        // 1994-11-06T08:49:37Z is 784111777 s after the epoch.
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(http_date_ms(date), Some(784_111_777_000));
        assert_eq!(seconds(date, 784_111_777_000 - 42_000), Some(42));
        assert_eq!(seconds(date, 784_111_777_000 - 41_500), Some(42));
        assert_eq!(seconds(date, 784_111_777_000 + 5_000), Some(0));
        assert_eq!(http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date_ms("Tue, 29 Feb 2028 23:59:59 GMT"),
            Some(1_835_481_599_000)
        );
    }

    #[test]
    fn reads_all_three_date_forms_of_rfc_9110() {
        // The example of RFC 9110 §5.6.7, in each form.
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",  // IMF-fixdate
            "Sunday, 06-Nov-94 08:49:37 GMT", // obsolete RFC 850
            "Sun Nov  6 08:49:37 1994",       // obsolete asctime
        ] {
            assert_eq!(http_date_ms(form), Some(784_111_777_000), "{form:?}");
            assert_eq!(seconds(form, 784_111_777_000 - 9_000), Some(9), "{form:?}");
        }
    }

    #[test]
    fn refuses_garbage() {
        for bad in [
            "",
            "-5",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, 06 Nov 99999999999999 08:49:37 GMT",
            "Sun, 06 Nov 10000 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37",
            "Sun Nov 6 08:49:37",
        ] {
            assert_eq!(seconds(bad, 0), None, "{bad:?}");
        }
    }
}
