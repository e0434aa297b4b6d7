//! The one fixed form of an RFC 3339 time read without jiff's general parser:
//! `YYYY-MM-DDTHH:MM:SS±HH:MM` or `YYYY-MM-DDTHH:MM:SSZ`, what `bulletin new` and most
//! tools write. jiff's ISO 8601 reader was most of the cost of reading a timeline entry's
//! heading; anything else (another form, a value out of range, a leap second, `-00:00`)
//! is left to it, so every reading and every error stays jiff's.

use jiff::Timestamp;

/// The instant `s` names if it is written in the fixed form with every field in range, as
/// `s.parse::<Timestamp>()` reads it; `None` for anything else.
pub(super) fn timestamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let offset = match b.len() {
        20 if b[19] == b'Z' => 0,
        25 => offset_seconds(&b[19..])?,
        _ => return None,
    };
    let shape = b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':';
    if !shape {
        return None;
    }
    let year = i64::from(two(b, 0)?) * 100 + i64::from(two(b, 2)?);
    let (month, day) = (two(b, 5)?, two(b, 8)?);
    let (hour, minute, second) = (two(b, 11)?, two(b, 14)?, two(b, 17)?);
    let fits = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 59;
    if !fits {
        return None;
    }
    let days = days_from_civil(year, i64::from(month), i64::from(day));
    let clock = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    Timestamp::from_second(days * 86_400 + clock - offset).ok()
}

/// `±HH:MM` as seconds east of UTC, hours up to 23 (`-00:00`, which RFC 3339 gives a
/// meaning of its own, is left to jiff).
fn offset_seconds(b: &[u8]) -> Option<i64> {
    let sign = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = (two(b, 1)?, two(b, 4)?);
    if b[3] != b':' || hours > 23 || minutes > 59 || (sign < 0 && hours == 0 && minutes == 0) {
        return None;
    }
    Some(sign * (i64::from(hours) * 3600 + i64::from(minutes) * 60))
}

/// The two ASCII digits at `at` as a number. The sum is computed only once both are digits
/// (`then`, not `then_some`): any other byte in the tens place would overflow a `u8`.
fn two(b: &[u8], at: usize) -> Option<u8> {
    let (tens, ones) = (b[at].wrapping_sub(b'0'), b[at + 1].wrapping_sub(b'0'));
    (tens <= 9 && ones <= 9).then(|| tens * 10 + ones)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every combination of odd and ordinary fields: the fixed reader takes only what jiff
    /// reads, and reads it as jiff does.
    #[test]
    fn the_fixed_form_reads_as_jiff_reads_it() {
        let dates = [
            "2022-06-24",
            "2024-02-29",
            "2023-02-29",
            "2000-02-29",
            "1900-02-29",
            "2023-04-31",
            "2023-12-31",
            "2023-13-01",
            "2023-00-10",
            "2023-01-00",
            "0000-01-01",
            "9999-12-31",
            "1970-01-01",
            "1969-12-31",
            "0400-03-01",
            "2023-1a-01",
            "2023/01/01",
        ];
        let clocks = [
            "T15:29:00",
            "T00:00:00",
            "T23:59:59",
            "T24:00:00",
            "T12:60:00",
            "T12:00:60",
            "t12:00:00",
            " 12:00:00",
            "T1:00:000",
            "T12:00:0x",
        ];
        let offsets = [
            "-04:00", "+08:00", "+05:30", "Z", "z", "+00:00", "-00:00", "+23:59", "-23:59",
            "+24:00", "+25:00", "+0530", "+05:60", "-04-00", "", "+08:00 ", "−04:00",
        ];
        let (mut taken, mut tried) = (0, 0);
        for date in dates {
            for clock in clocks {
                for offset in offsets {
                    let s = format!("{date}{clock}{offset}");
                    tried += 1;
                    if let Some(t) = timestamp(&s) {
                        taken += 1;
                        assert_eq!(s.parse::<Timestamp>().ok(), Some(t), "{s}");
                    }
                }
            }
        }
        assert!(taken > 150, "{taken} of {tried}");
        assert_eq!(
            timestamp("2022-06-24T15:29:00-04:00"),
            "2022-06-24T19:29:00Z".parse().ok()
        );
    }

    /// Every byte in every place of two valid times (one with `Z`, one with an offset):
    /// no panic (a letter in a tens place once overflowed the digit sum in debug builds),
    /// and whatever is taken reads as jiff reads it.
    #[test]
    fn every_byte_in_every_place_is_read_as_jiff_reads_it_or_left_to_it() {
        for valid in ["2023-03-29T15:29:00+08:00", "2023-03-29T15:29:00Z"] {
            for place in 0..valid.len() {
                for byte in 0..=u8::MAX {
                    let mut bytes = valid.as_bytes().to_vec();
                    bytes[place] = byte;
                    let Ok(s) = String::from_utf8(bytes) else {
                        continue;
                    };
                    if let Some(t) = timestamp(&s) {
                        assert_eq!(s.parse::<Timestamp>().ok(), Some(t), "{s}");
                    }
                }
            }
        }
    }

    /// Every day of two centuries (leap days, ends of months and of years, 1900 and 2000)
    /// at one of a few offsets, against jiff.
    #[test]
    fn every_day_of_two_centuries_agrees() {
        let mut date = jiff::civil::date(1899, 1, 1);
        let offsets = ["Z", "+14:00", "-12:30", "+05:45"];
        for i in 0.. {
            if date.year() > 2101 {
                break;
            }
            let offset = offsets[i % offsets.len()];
            let s = format!("{}T23:59:59{offset}", date.strftime("%Y-%m-%d"));
            assert_eq!(timestamp(&s), s.parse::<Timestamp>().ok(), "{s}");
            date = date.tomorrow().unwrap();
        }
    }
}
