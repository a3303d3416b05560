//! Calendar dates without a clock: ISO `YYYY-MM-DD` only, proleptic Gregorian. "Today" is
//! always an input of the engine, never read from the system.

use std::fmt;

use crate::error::{Error, ErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD` (no time, no zone, no shorter forms).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let mut v = 0u32;
            for &c in b.get(r)? {
                if !c.is_ascii_digit() {
                    return None;
                }
                v = v * 10 + u32::from(c - b'0');
            }
            Some(v)
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        let month = u8::try_from(num(5..7)?).ok()?;
        let day = u8::try_from(num(8..10)?).ok()?;
        Date::new(year, month, day)
    }

    /// Parses, or returns a `DATE_INVALID` error at `path`.
    pub fn parse_at(s: &str, path: &str) -> Result<Date, Error> {
        Date::parse(s).ok_or_else(|| {
            Error::new(
                ErrorCode::DateInvalid,
                path,
                format!("'{s}' is not a calendar date in the form YYYY-MM-DD"),
            )
        })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `other - self` in days.
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }

    /// Whole years from `self` (a birth date, say) to `at`; negative when `at` is earlier.
    pub fn whole_years_until(self, at: Date) -> i64 {
        let mut years = i64::from(at.year) - i64::from(self.year);
        if (at.month, at.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }

    /// The same day `n` months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29).
    pub fn add_months(self, n: u32) -> Date {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(n);
        let year = i32::try_from(total.div_euclid(12))
            .unwrap_or(9999)
            .min(9999);
        let month = u8::try_from(total.rem_euclid(12) + 1).unwrap_or(12);
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        from_days(self.days_since_epoch() + n)
    }
}

fn from_days(z: i64) -> Date {
    // Inverse of days_from_civil (Hinnant's civil_from_days).
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year.clamp(1, 9999)).unwrap_or(9999),
        month: u8::try_from(month).unwrap_or(1),
        day: u8::try_from(day).unwrap_or(1),
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// 1970-01-01, only as a placeholder while a failed parse is reported.
impl Default for Date {
    fn default() -> Self {
        Date {
            year: 1970,
            month: 1,
            day: 1,
        }
    }
}

impl crate::json::FromJson for Date {
    fn from_json(
        v: crate::json::Json<'_>,
        at: crate::json::At<'_>,
    ) -> Result<Self, crate::json::Fail> {
        match v.as_str() {
            Some(s) => Date::parse(s).ok_or_else(|| {
                crate::json::fail(
                    at,
                    format!("'{s}' is not a calendar date in the form YYYY-MM-DD"),
                )
            }),
            None => Err(crate::json::expected(at, v, "a date YYYY-MM-DD")),
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "An ISO calendar date, YYYY-MM-DD"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_strict_iso() {
        assert!(Date::parse("2024-02-29").is_some());
        for bad in [
            "2023-02-29",
            "2024-2-01",
            "2024-13-01",
            "2024-00-10",
            "24-01-01",
            "2024-01-01T00:00",
            "２０２４-01-01",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Date::parse("2026-11-25").unwrap();
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        for n in [-40_000i64, -1, 0, 1, 365, 10_000] {
            assert_eq!(d.add_days(n).days_since_epoch() - d.days_since_epoch(), n);
        }
        assert_eq!(d.to_string(), "2026-11-25");
    }

    #[test]
    fn whole_years_respects_birthday() {
        let born = Date::parse("2000-11-26").unwrap();
        assert_eq!(
            born.whole_years_until(Date::parse("2026-11-25").unwrap()),
            25
        );
        assert_eq!(
            born.whole_years_until(Date::parse("2026-11-26").unwrap()),
            26
        );
        let leap = Date::parse("2004-02-29").unwrap();
        assert_eq!(
            leap.whole_years_until(Date::parse("2022-02-28").unwrap()),
            17
        );
        assert_eq!(
            leap.whole_years_until(Date::parse("2022-03-01").unwrap()),
            18
        );
    }

    #[test]
    fn add_months_clamps() {
        let d = Date::parse("2026-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2026-02-28");
        assert_eq!(d.add_months(12).to_string(), "2027-01-31");
    }
}
