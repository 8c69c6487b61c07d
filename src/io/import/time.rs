//! Timestamps in imported data, parsed by hand: RFC 3339
//! (`2024-03-31T14:05:09Z`, `2024-03-31 14:05:09.250+02:00`),
//! `YYYY-MM-DD HH:MM[:SS]` and `YYYY-MM-DD`.
//!
//! Three fixed shapes need no calendar library: a timestamp becomes whole
//! seconds since 1970-01-01 UTC. A time without an offset is taken as UTC
//! (event exports rarely say, and only differences between times matter
//! here); fractions of a second are dropped.

/// Seconds since the Unix epoch, UTC, or `None` when `text` is none of the three forms.
pub fn parse(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let date_len = 10;
    let (year, month, day) = date(b.get(..date_len)?)?;
    let days = days_from_civil(year, month, day);
    let rest = b.get(date_len..)?;
    let seconds = match rest.split_first() {
        None => 0,
        Some((b'T' | b't' | b' ', rest)) => clock(rest)?,
        Some(_) => return None,
    };
    Some(days * 86_400 + seconds)
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
}

/// `YYYY-MM-DD` with a real month and day.
fn date(b: &[u8]) -> Option<(i64, i64, i64)> {
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let year = digits(b.get(0..4)?)?;
    let month = digits(b.get(5..7)?)?;
    let day = digits(b.get(8..10)?)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some((year, month, day))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `HH:MM[:SS[.fff]][Z|±HH:MM]` -> seconds from midnight UTC (may leave the day).
fn clock(b: &[u8]) -> Option<i64> {
    let hour = digits(b.get(0..2)?)?;
    if b.get(2) != Some(&b':') {
        return None;
    }
    let minute = digits(b.get(3..5)?)?;
    let mut rest = b.get(5..)?;
    let mut second = 0;
    if let Some(after) = rest.strip_prefix(b":") {
        second = digits(after.get(0..2)?)?;
        rest = after.get(2..)?;
        if let Some(after) = rest.strip_prefix(b".") {
            let frac = after.iter().take_while(|c| c.is_ascii_digit()).count();
            if frac == 0 {
                return None;
            }
            rest = after.get(frac..)?;
        }
    }
    // 60 is a leap second; it counts as the last second of the minute.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let local = hour * 3600 + minute * 60 + second.min(59);
    let offset = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let hours = digits(&[*h1, *h2])?;
            let minutes = digits(&[*m1, *m2])?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'+' { offset } else { -offset }
        }
        _ => return None,
    };
    Some(local - offset)
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn the_three_forms_read_as_utc_seconds() {
        assert_eq!(parse("1970-01-01"), Some(0));
        assert_eq!(parse("1970-01-02 00:00"), Some(86_400));
        assert_eq!(parse("2024-03-31"), Some(1_711_843_200));
        assert_eq!(
            parse("2024-03-31 14:05"),
            Some(1_711_843_200 + 14 * 3600 + 5 * 60)
        );
        assert_eq!(
            parse("2024-03-31 14:05:09"),
            Some(1_711_843_200 + 14 * 3600 + 5 * 60 + 9)
        );
        assert_eq!(parse("2024-03-31T14:05:09Z"), parse("2024-03-31 14:05:09"));
        assert_eq!(
            parse("2024-03-31T16:05:09.250+02:00"),
            parse("2024-03-31T14:05:09Z")
        );
        assert_eq!(
            parse("2024-03-31t09:05:09-05:00"),
            parse("2024-03-31T14:05:09z")
        );
        assert_eq!(parse("  2024-02-29 "), Some(1_709_164_800));
        assert_eq!(parse("1969-12-31"), Some(-86_400));
    }

    #[test]
    fn impossible_or_other_forms_are_refused() {
        for bad in [
            "",
            "2024-13-01",
            "2023-02-29",
            "2024-04-31",
            "31/03/2024",
            "2024-03-31 25:00",
            "2024-03-31 12:60",
            "2024-03-31 12",
            "2024-03-31T12:00:00+2",
            "2024-03-31T12:00:00.Z",
            "2024-3-31",
            "yesterday",
            "2024-03-31X",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
