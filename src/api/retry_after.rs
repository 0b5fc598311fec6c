//! Reading the `Retry-After` header: delay-seconds or an HTTP date (RFC 9110 §10.2.3).

use crate::flow::timing::Millis;

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

/// Parses the preferred HTTP date form, `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date_ms(value: &str) -> Option<Millis> {
    let (_weekday, rest) = value.split_once(", ")?;
    let mut parts = rest.split(' ');
    let day: u64 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let year: u64 = parts.next()?.parse().ok()?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let mut clock = time
        .split(':')
        .map(|n| n.parse::<u64>().ok().filter(|_| n.len() == 2));
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some()
        || !(1..=31).contains(&day)
        || !(1970..=9999).contains(&year)
        || h > 23
        || m > 59
        || s > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + h) * 60 + m) * 60_000 + s * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm),
/// for years from 1970 on.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
            // Regression: a huge year overflowed the arithmetic (a panic in debug).
            "Sun, 06 Nov 99999999999999 08:49:37 GMT",
            "Sun, 06 Nov 10000 08:49:37 GMT",
        ] {
            assert_eq!(seconds(bad, 0), None, "{bad:?}");
        }
    }
}
