//! Median and worst of repeated measurements, and number formatting.

/// Repeated measurements of one quantity (milliseconds unless said otherwise).
#[derive(Clone, Debug)]
pub struct Runs(pub Vec<f64>);

impl Runs {
    /// The middle value (the mean of the two middle ones for an even count).
    pub fn median(&self) -> f64 {
        let mut sorted = self.0.clone();
        sorted.sort_by(f64::total_cmp);
        let middle = sorted.len() / 2;
        match sorted.len() {
            0 => f64::NAN,
            len if len % 2 == 1 => sorted[middle],
            _ => (sorted[middle - 1] + sorted[middle]) / 2.0,
        }
    }

    /// The largest value: for timings, the slowest run.
    pub fn worst(&self) -> f64 {
        self.0.iter().copied().fold(f64::NAN, f64::max)
    }

    /// Every value in run order, e.g. `412 · 398 · 405`.
    pub fn listing(&self) -> String {
        let values: Vec<String> = self.0.iter().map(|value| ms(*value)).collect();
        values.join(" · ")
    }
}

/// Milliseconds with one decimal below 100, whole above (`7.4`, `412`).
pub fn ms(value: f64) -> String {
    if value.abs() < 100.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    }
}

/// Bytes with thousands separators (`89,577`).
pub fn bytes(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if value < 0 {
        format!("−{out}")
    } else {
        out
    }
}

/// `a / b` as a ratio with two decimals (`0.42×`).
pub fn ratio(ours: f64, theirs: f64) -> String {
    format!("{:.2}×", ours / theirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_worst() {
        assert_eq!(Runs(vec![3.0, 1.0, 2.0]).median(), 2.0);
        assert_eq!(Runs(vec![4.0, 1.0, 2.0, 3.0]).median(), 2.5);
        assert_eq!(Runs(vec![4.0, 1.0, 2.0, 3.0]).worst(), 4.0);
    }

    #[test]
    fn formatting() {
        assert_eq!(bytes(89577), "89,577");
        assert_eq!(bytes(-1234567), "−1,234,567");
        assert_eq!(ms(7.44), "7.4");
        assert_eq!(ms(412.4), "412");
    }
}
