//! Uptime figures in integers: what a stretch of time measured, and its percentage as printed.

use crate::model::ComponentStatus;

/// The whole, in the millionths that weights and uptime are counted in. Time is counted in
/// milliseconds and weights in millionths (0.3 is 300 000), so down time and uptime are exact
/// integers and a percentage is rounded once, in decimal, when it is printed: 10 % is 10, not
/// the 9.9999 a binary fraction rounds down to.
pub(crate) const WHOLE: u64 = 1_000_000;

/// What one stretch of time looked like for a component.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// Weighted milliseconds down, in millionths (a full millisecond down is [`WHOLE`]).
    pub down: u64,
    /// Milliseconds measured: the stretch minus maintenance.
    pub measured: u64,
    pub degraded: bool,
    pub maintenance: bool,
    /// The worst status the component had at any instant of the stretch, maintenance
    /// included (operational when nothing touched it): what a day's bar is coloured by.
    pub worst: ComponentStatus,
    /// Milliseconds in each status, indexed by [`ComponentStatus`] in its order (best first):
    /// at each instant the worst status shown, as the bar is coloured; what a day's card
    /// lists ("Partial outage 2 h 10 min").
    pub per_status: [u64; 5],
}

impl Default for Measured {
    /// Nothing measured, nothing down.
    fn default() -> Self {
        Measured {
            down: 0,
            measured: 0,
            degraded: false,
            maintenance: false,
            worst: ComponentStatus::Operational,
            per_status: [0; 5],
        }
    }
}

impl Measured {
    /// The uptime in millionths, rounded down so that a bad millisecond never shows as 100 %;
    /// [`WHOLE`] when nothing was measured (a day entirely under maintenance).
    pub(crate) fn millionths(&self) -> u64 {
        if self.measured == 0 {
            return WHOLE;
        }
        let whole = u128::from(self.measured) * u128::from(WHOLE);
        let up = whole.saturating_sub(u128::from(self.down));
        // up ÷ (measured × WHOLE) is the ratio; in millionths that is up ÷ measured.
        u64::try_from(up / u128::from(self.measured)).unwrap_or(WHOLE)
    }

    /// The weighted down time in tenths of a second, rounded to the nearest.
    pub(crate) fn down_tenths(&self) -> u64 {
        const TENTH: u64 = 100 * WHOLE;
        (self.down + TENTH / 2) / TENTH
    }

    /// The milliseconds spent in `status` (see [`Measured::per_status`]).
    pub(crate) fn time_in(&self, status: ComponentStatus) -> u64 {
        self.per_status[status as usize]
    }

    /// The measured time in seconds, rounded to the nearest.
    pub(crate) fn measured_seconds(&self) -> u64 {
        (self.measured + 500) / 1000
    }
}

/// An uptime in millionths as a percentage with `decimals` decimals (at most 4), rounded
/// down, in decimal: 1 000 000 is "100", 100 000 is "10.00" with two decimals. Every printed
/// uptime goes through here.
pub(crate) fn percent(millionths: u64, decimals: u32) -> String {
    let decimals = decimals.min(4);
    // 10 000 millionths are 1 %.
    let unit = 10u64.pow(4 - decimals);
    let scaled = millionths.min(WHOLE) / unit;
    if decimals == 0 {
        return scaled.to_string();
    }
    let scale = 10u64.pow(decimals);
    let (int, frac) = (scaled / scale, scaled % scale);
    format!("{int}.{frac:0width$}", width = decimals as usize)
}

/// A share in millionths (a weight) as a percentage, exactly, without trailing zeros:
/// 300 000 is "30", 125 000 is "12.5", 1 000 is "0.1" (the legend says what is counted).
pub(crate) fn share_percent(millionths: u64) -> String {
    let text = percent(millionths, 4);
    match text.split_once('.') {
        Some((int, frac)) => match frac.trim_end_matches('0') {
            "" => int.to_string(),
            frac => format!("{int}.{frac}"),
        },
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_rounded_down_in_decimal() {
        // A tenth of a day up: exactly 10 %, which floating point gives as 9.9999…
        let m = Measured {
            down: 9 * 8_640_000 * WHOLE,
            measured: 86_400_000,
            ..Measured::default()
        };
        assert_eq!(m.millionths(), 100_000);
        assert_eq!(percent(m.millionths(), 4), "10.0000");
        assert_eq!(percent(m.millionths(), 2), "10.00");
        assert_eq!(percent(999_999, 2), "99.99");
        assert_eq!(percent(WHOLE, 0), "100");
        assert_eq!(percent(WHOLE, 2), "100.00");
        assert_eq!(percent(881_818, 4), "88.1818");
        assert_eq!(share_percent(300_000), "30");
        assert_eq!(share_percent(125_000), "12.5");
        assert_eq!(share_percent(1_000), "0.1");
        assert_eq!(share_percent(0), "0");
    }
}
