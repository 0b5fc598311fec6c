//! Reading the `Retry-After` header: delay-seconds or an HTTP date (RFC 9110
//! §10.2.3), the date in any of the three forms recipients must accept (§5.6.7):
//! IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850 `Sunday, 06-Nov-94 08:49:37
//! GMT` and asctime `Sun Nov  6 08:49:37 1994`.
//!
//! The three forms are taken apart here into their fields; the calendar arithmetic
//! is the platform's: the browser's `Date.parse` of an ISO 8601 instant (whose
//! reading ECMAScript specifies exactly), or the `time` crate on the host. Host
//! tests check every form against the `httpdate` crate.
//! Why not `httpdate` in the widget too: it cost 3.3 KB brotli there, about ten
//! times this reader (BENCHMARKS.md, "Where the bytes went").

use crate::flow::timing::Millis;

/// Whole seconds to wait, from a `Retry-After` value, measured against `now`.
/// A date in the past means "now" (0); anything unreadable is `None`.
pub fn seconds(value: &str, now: Millis) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse().unwrap_or(u64::MAX));
    }
    let at = HttpDate::parse(value, now)?.epoch_ms()?;
    Some(at.saturating_sub(now).div_ceil(1000))
}

/// The fields of an HTTP date, checked to name a real instant (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpDate {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// An average Gregorian year, to place a two-digit year.
const YEAR_MS: u64 = 31_556_952_000;

impl HttpDate {
    /// Reads any of the three forms; `now` places RFC 850's two-digit year.
    pub fn parse(value: &str, now: Millis) -> Option<HttpDate> {
        let mut words = value.split(' ');
        let day_name = words.next()?;
        let (year, month, day, time) = if let Some(day_name) = day_name.strip_suffix(',') {
            if DAY_NAMES.contains(&day_name) {
                // IMF-fixdate: `06 Nov 1994 08:49:37 GMT`.
                let (day, month, year) = (words.next()?, words.next()?, words.next()?);
                (digits(year, 4)?, month, digits(day, 2)?, words.next()?)
            } else if LONG_DAY_NAMES.contains(&day_name) {
                // RFC 850: `06-Nov-94 08:49:37 GMT`.
                let mut date = words.next()?.split('-');
                let (day, month) = (digits(date.next()?, 2)?, date.next()?);
                let year = full_year(digits(date.next()?, 2)?, now);
                if date.next().is_some() {
                    return None;
                }
                (year, month, day, words.next()?)
            } else {
                return None;
            }
        } else {
            // asctime: `Nov  6 08:49:37 1994`, the day padded with a space.
            if !DAY_NAMES.contains(&day_name) {
                return None;
            }
            let month = words.next()?;
            let mut day = words.next()?;
            if day.is_empty() {
                day = words.next().filter(|d| d.len() == 1)?;
            }
            let (day, time) = (digits(day, day.len().max(1))?, words.next()?);
            let year = digits(words.next()?, 4)?;
            if words.next().is_some() {
                return None;
            }
            return HttpDate::checked(year, month, day, time);
        };
        if words.next()? != "GMT" || words.next().is_some() {
            return None;
        }
        HttpDate::checked(year, month, day, time)
    }

    fn checked(year: u32, month: &str, day: u32, time: &str) -> Option<HttpDate> {
        let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
        let mut clock = time.split(':');
        let (hour, minute, second) = (
            digits(clock.next()?, 2)?,
            digits(clock.next()?, 2)?,
            digits(clock.next()?, 2)?,
        );
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let month_days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let valid = clock.next().is_none()
            && year >= 1970
            && (1..=month_days).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60;
        valid.then_some(HttpDate {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// The instant as epoch milliseconds.
    pub fn epoch_ms(self) -> Option<Millis> {
        #[cfg(target_arch = "wasm32")]
        return {
            let iso = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                self.year, self.month, self.day, self.hour, self.minute, self.second
            );
            let ms = js_sys::Date::parse(&iso);
            (ms.is_finite() && ms >= 0.0).then_some(ms as Millis)
        };
        #[cfg(not(target_arch = "wasm32"))]
        return host_epoch_ms(self);
    }
}

/// The host's calendar: the `time` crate.
#[cfg(not(target_arch = "wasm32"))]
fn host_epoch_ms(date: HttpDate) -> Option<Millis> {
    let month = time::Month::try_from(date.month as u8).ok()?;
    let day = time::Date::from_calendar_date(date.year as i32, month, date.day as u8).ok()?;
    let instant = day
        .with_hms(date.hour as u8, date.minute as u8, date.second as u8)
        .ok()?
        .assume_utc();
    u64::try_from(instant.unix_timestamp())
        .ok()
        .map(|s| s * 1000)
}

/// `text` as a number of exactly `len` ASCII digits.
fn digits(text: &str, len: usize) -> Option<u32> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// RFC 9110: a two-digit year more than 50 years in the future is the most recent
/// past year with those digits.
fn full_year(two_digits: u32, now: Millis) -> u32 {
    let this_year = 1970 + (now / YEAR_MS) as u32;
    let mut year = this_year - this_year % 100 + two_digits;
    if year > this_year + 50 {
        year -= 100;
    }
    year
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 2026-12-01T00:00:00Z, as a "now" for two-digit years.
    const NOW: Millis = 1_796_083_200_000;

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
        assert_eq!(seconds(date, 784_111_777_000 - 42_000), Some(42));
        assert_eq!(seconds(date, 784_111_777_000 - 41_500), Some(42));
        assert_eq!(seconds(date, 784_111_777_000 + 5_000), Some(0));
        let epoch = HttpDate::parse("Thu, 01 Jan 1970 00:00:00 GMT", NOW).unwrap();
        assert_eq!(epoch.epoch_ms(), Some(0));
        let leap = HttpDate::parse("Tue, 29 Feb 2028 23:59:59 GMT", NOW).unwrap();
        assert_eq!(leap.epoch_ms(), Some(1_835_481_599_000));
    }

    #[test]
    fn reads_all_three_date_forms_of_rfc_9110() {
        // The example of RFC 9110 §5.6.7, in each form.
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",  // IMF-fixdate
            "Sunday, 06-Nov-94 08:49:37 GMT", // obsolete RFC 850
            "Sun Nov  6 08:49:37 1994",       // obsolete asctime
        ] {
            let date = HttpDate::parse(form, NOW);
            assert_eq!(
                date.and_then(HttpDate::epoch_ms),
                Some(784_111_777_000),
                "{form:?}"
            );
            assert_eq!(seconds(form, 784_111_777_000 - 9_000), Some(9), "{form:?}");
        }
        let two_digit_day = HttpDate::parse("Wed Nov 16 08:49:37 1994", NOW).unwrap();
        assert_eq!(two_digit_day.day, 16);
    }

    #[test]
    fn a_two_digit_year_is_at_most_fifty_years_ahead() {
        let year = |text: &str| HttpDate::parse(text, NOW).unwrap().year;
        assert_eq!(year("Sunday, 06-Nov-94 08:49:37 GMT"), 1994);
        assert_eq!(year("Saturday, 06-Nov-27 08:49:37 GMT"), 2027);
        assert_eq!(year("Thursday, 06-Nov-70 08:49:37 GMT"), 2070);
        assert_eq!(year("Saturday, 06-Nov-77 08:49:37 GMT"), 1977);
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
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Tue, 29 Feb 2022 08:49:37 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:60 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, 06 Nov 99999999999999 08:49:37 GMT",
            "Sun, 06 Nov 10000 08:49:37 GMT",
            "Fun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun, 06-Nov-94 08:49:37 GMT",
            "Sun Nov 6 08:49:37",
            "Sun Nov   6 08:49:37 1994",
            "Sun Nov 06 08:49:37 1994 GMT",
        ] {
            assert_eq!(seconds(bad, 0), None, "{bad:?}");
        }
    }

    /// The same instant in the three forms, written from its epoch seconds.
    fn three_forms(epoch_s: u64) -> [String; 3] {
        let imf = httpdate::fmt_http_date(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(epoch_s),
        );
        // `Sun, 06 Nov 1994 08:49:37 GMT`
        let (day_name, day, month, year, time) = (
            &imf[0..3],
            &imf[5..7],
            &imf[8..11],
            &imf[12..16],
            &imf[17..25],
        );
        let long = LONG_DAY_NAMES[DAY_NAMES.iter().position(|d| *d == day_name).unwrap()];
        let rfc850 = format!("{long}, {day}-{month}-{} {time} GMT", &year[2..]);
        let padded = format!("{:>2}", day.trim_start_matches('0'));
        let asctime = format!("{day_name} {month} {padded} {time} {year}");
        [imf, rfc850, asctime]
    }

    proptest! {
        #[test]
        fn agrees_with_httpdate_on_every_form(epoch_s in 0u64..253_402_300_799) {
            // "Now" within fifty years after the date, so RFC 850 names its century.
            let now = (epoch_s + 10 * 365 * 86_400) * 1000;
            for form in three_forms(epoch_s) {
                let reference = httpdate::parse_http_date(&form).ok()
                    .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_millis() as Millis);
                let ours = HttpDate::parse(&form, now).and_then(HttpDate::epoch_ms);
                prop_assert_eq!(ours, Some(epoch_s * 1000), "{}", form);
                // httpdate's own (fixed) two-digit rule can differ far from 1970–2069.
                if !form.contains('-') || (1970..2070).contains(&(1970 + epoch_s / 31_556_952)) {
                    prop_assert_eq!(reference, ours, "{}", form);
                }
            }
        }
    }
}
