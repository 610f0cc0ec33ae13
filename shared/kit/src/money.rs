//! Money: an amount is an integer count of its currency's minor unit with an ISO
//! 4217 code — never a float anywhere on the path (a request, a row, an answer, a
//! sum). XOF has no minor unit (1 = one franc); MAD and EUR have two (1 = one
//! centime, one cent).
//!
//! Amounts for donor reporting are converted to EUR with a dated rate table: the
//! XOF is pegged at 655.957 per euro (since 1999, built in); other currencies (MAD)
//! take the rates the programme's accounts use, configured with their dates. The
//! rule, written once here: EUR cents = amount × 100 / (10^minor digits × rate),
//! computed in integers and rounded to the nearest cent, halves away from zero.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The currencies the programme handles (ISO 4217).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Currency {
    /// West African CFA franc (Senegal, Mali, Côte d'Ivoire); no minor unit.
    #[serde(rename = "XOF")]
    Xof,
    /// Moroccan dirham; 2 minor digits (centimes).
    #[serde(rename = "MAD")]
    Mad,
    /// Euro; 2 minor digits (cents).
    #[serde(rename = "EUR")]
    Eur,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Currency::Xof => "XOF",
            Currency::Mad => "MAD",
            Currency::Eur => "EUR",
        }
    }

    pub fn parse(code: &str) -> Option<Currency> {
        [Currency::Xof, Currency::Mad, Currency::Eur].into_iter().find(|c| c.code() == code)
    }

    /// Digits after the decimal point in the currency's minor unit.
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::Xof => 0,
            Currency::Mad | Currency::Eur => 2,
        }
    }

    /// `amount` minor units written for a person, e.g. `1 250 000 XOF`, `12 500,50 MAD`.
    pub fn format(self, amount: i64) -> String {
        let digits = self.minor_digits();
        let unit = 10_i64.pow(digits);
        let (whole, cents) = (amount.abs() / unit, amount.abs() % unit);
        let mut grouped = String::new();
        for (i, c) in whole.to_string().chars().rev().enumerate() {
            if i > 0 && i % 3 == 0 {
                grouped.push('\u{202f}');
            }
            grouped.push(c);
        }
        let mut out: String = grouped.chars().rev().collect();
        if amount < 0 {
            out.insert(0, '-');
        }
        if digits > 0 {
            out.push_str(&format!(",{cents:0width$}", width = digits as usize));
        }
        format!("{out} {}", self.code())
    }
}

impl Currency {
    /// `amount` minor units in French words, as a contract writes it beside the
    /// figures: `un million deux cent cinquante mille francs CFA`,
    /// `douze mille cinq cents dirhams et cinquante centimes`.
    pub fn in_words_fr(self, amount: i64) -> String {
        let unit = 10_u64.pow(self.minor_digits());
        let (whole, cents) = (amount.unsigned_abs() / unit, amount.unsigned_abs() % unit);
        let (one, many) = match self {
            Currency::Xof => ("franc CFA", "francs CFA"),
            Currency::Mad => ("dirham", "dirhams"),
            Currency::Eur => ("euro", "euros"),
        };
        let noun = if whole > 1 { many } else { one };
        // « un million de francs », « deux millions d'euros »: de before the noun.
        let of = match (whole >= 1_000_000 && whole.is_multiple_of(1_000_000), noun.starts_with('e')) {
            (true, true) => " d'",
            (true, false) => " de ",
            _ => " ",
        };
        let mut out = format!("{}{}{noun}", number_fr(whole), of);
        if cents > 0 {
            let centimes = if cents > 1 { "centimes" } else { "centime" };
            out.push_str(&format!(" et {} {centimes}", number_fr(cents)));
        }
        if amount < 0 {
            out.insert_str(0, "moins ");
        }
        out
    }
}

/// A whole number in French words (traditional spelling: « vingt et un »,
/// « quatre-vingts », « deux cents », « mille » invariable).
pub fn number_fr(n: u64) -> String {
    if n == 0 {
        return "zéro".to_string();
    }
    let mut parts = Vec::new();
    for (size, one, many) in [(1_000_000_000, "un milliard", "milliards"), (1_000_000, "un million", "millions")] {
        let count = n / size % 1000;
        let count = if size == 1_000_000_000 { n / size } else { count };
        match count {
            0 => {}
            1 => parts.push(one.to_string()),
            c => parts.push(format!("{} {many}", number_fr(c))),
        }
    }
    match n / 1000 % 1000 {
        0 => {}
        1 => parts.push("mille".to_string()),
        // Before « mille », « cents » and « quatre-vingts » lose their s.
        k => parts.push(format!("{} mille", below_1000(k).trim_end_matches('s'))),
    }
    if !n.is_multiple_of(1000) {
        parts.push(below_1000(n % 1000));
    }
    parts.join(" ")
}

fn below_1000(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let head = match (hundreds, rest) {
        (0, _) => return below_100(rest),
        (1, _) => "cent".to_string(),
        (h, 0) => format!("{} cents", below_100(h)),
        (h, _) => format!("{} cent", below_100(h)),
    };
    if rest == 0 {
        head
    } else {
        format!("{head} {}", below_100(rest))
    }
}

fn below_100(n: u64) -> String {
    const UNITS: [&str; 17] = [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
        "treize", "quatorze", "quinze", "seize",
    ];
    const TENS: [&str; 7] = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"];
    match n {
        0..=16 => UNITS[n as usize].to_string(),
        17..=19 => format!("dix-{}", UNITS[(n - 10) as usize]),
        20..=69 => match n % 10 {
            0 => TENS[(n / 10) as usize].to_string(),
            1 => format!("{} et un", TENS[(n / 10) as usize]),
            u => format!("{}-{}", TENS[(n / 10) as usize], UNITS[u as usize]),
        },
        71 => "soixante et onze".to_string(),
        70..=79 => format!("soixante-{}", below_100(n - 60)),
        80 => "quatre-vingts".to_string(),
        _ => format!("quatre-vingt-{}", below_100(n - 80)),
    }
}

/// A rate: how many units of a currency one euro buys from `from` on, written as
/// millionths (655.957 → 655_957_000) so that it stays an integer.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Rate {
    pub currency: Currency,
    pub from: NaiveDate,
    pub per_eur_millionths: i64,
}

/// The dated rates to the euro. The XOF peg is always there.
#[derive(Clone, Debug)]
pub struct EurRates(Vec<Rate>);

impl Default for EurRates {
    fn default() -> EurRates {
        EurRates::new(Vec::new())
    }
}

impl EurRates {
    /// The XOF peg, plus `rates` (e.g. the programme's monthly MAD rates).
    pub fn new(mut rates: Vec<Rate>) -> EurRates {
        let peg = NaiveDate::from_ymd_opt(1999, 1, 1).expect("a date");
        rates.push(Rate { currency: Currency::Xof, from: peg, per_eur_millionths: 655_957_000 });
        rates.sort_by_key(|r| (r.currency, r.from));
        EurRates(rates)
    }

    /// Rates written `MAD:2021-01-01:10.9546,MAD:2022-01-01:10.4713` (currency,
    /// first day, units per euro with up to six decimals) — `MODAL_EUR_RATES`.
    pub fn parse(text: &str) -> Result<EurRates, String> {
        let mut rates = Vec::new();
        for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let bad = || format!("rate '{item}': expected CURRENCY:YYYY-MM-DD:UNITS_PER_EUR");
            let mut parts = item.split(':');
            let (Some(code), Some(day), Some(value), None) = (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(bad());
            };
            let currency = Currency::parse(code.trim()).ok_or_else(bad)?;
            let from = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| bad())?;
            let per_eur_millionths = millionths(value.trim()).filter(|m| *m > 0).ok_or_else(bad)?;
            rates.push(Rate { currency, from, per_eur_millionths });
        }
        Ok(EurRates::new(rates))
    }

    /// The rate of `currency` on `day`: the latest one dated on or before it.
    pub fn rate(&self, currency: Currency, day: NaiveDate) -> Option<i64> {
        if currency == Currency::Eur {
            return Some(1_000_000);
        }
        self.0.iter().rev().find(|r| r.currency == currency && r.from <= day).map(|r| r.per_eur_millionths)
    }

    /// `amount` minor units of `currency` in euro cents on `day`; `None` without a
    /// rate for that day. Rounded to the nearest cent, halves away from zero.
    pub fn to_eur_cents(&self, amount: i64, currency: Currency, day: NaiveDate) -> Option<i64> {
        let rate = i128::from(self.rate(currency, day)?);
        // cents = amount × 100 × 10^6 / (10^digits × rate)
        let numerator = i128::from(amount) * 100 * 1_000_000;
        let denominator = 10_i128.pow(currency.minor_digits()) * rate;
        let (quotient, remainder) = (numerator / denominator, numerator % denominator);
        let rounded = if 2 * remainder.abs() >= denominator { quotient + numerator.signum() } else { quotient };
        i64::try_from(rounded).ok()
    }
}

/// `10.9546` as 10_954_600 millionths, read as text (never through a float).
fn millionths(decimal: &str) -> Option<i64> {
    let (whole, fraction) = decimal.split_once('.').unwrap_or((decimal, ""));
    if whole.is_empty() || fraction.len() > 6 || !(whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit())) {
        return None;
    }
    let padded = format!("{fraction:0<6}");
    whole.parse::<i64>().ok()?.checked_mul(1_000_000)?.checked_add(padded.parse::<i64>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn amounts_are_written_in_french_words_as_a_contract_writes_them() {
        assert_eq!(Currency::Xof.in_words_fr(1_250_000), "un million deux cent cinquante mille francs CFA");
        assert_eq!(Currency::Xof.in_words_fr(3_000_000), "trois millions de francs CFA");
        assert_eq!(Currency::Eur.in_words_fr(200_000_000), "deux millions d'euros");
        assert_eq!(Currency::Mad.in_words_fr(1_250_050), "douze mille cinq cents dirhams et cinquante centimes");
        assert_eq!(Currency::Xof.in_words_fr(1), "un franc CFA");
        assert_eq!(number_fr(71), "soixante et onze");
        assert_eq!(number_fr(80), "quatre-vingts");
        assert_eq!(number_fr(81), "quatre-vingt-un");
        assert_eq!(number_fr(97), "quatre-vingt-dix-sept");
        assert_eq!(number_fr(21), "vingt et un");
        assert_eq!(number_fr(200_000), "deux cent mille");
        assert_eq!(number_fr(80_000), "quatre-vingt mille");
        assert_eq!(number_fr(1_001), "mille un");
        assert_eq!(number_fr(2_000_000_000), "deux milliards");
    }

    #[test]
    fn configured_rates_are_read_as_decimal_text_and_apply_from_their_day() {
        let rates = EurRates::parse("MAD:2021-01-01:10.9546, MAD:2022-01-01:10.5").unwrap();
        assert_eq!(rates.rate(Currency::Mad, day(2021, 6, 1)), Some(10_954_600));
        assert_eq!(rates.rate(Currency::Mad, day(2022, 6, 1)), Some(10_500_000));
        assert_eq!(rates.rate(Currency::Mad, day(2020, 6, 1)), None, "no rate before the first");
        // 1 095,46 MAD (109 546 centimes) at 10.9546 is exactly 100 EUR.
        assert_eq!(rates.to_eur_cents(109_546, Currency::Mad, day(2021, 6, 1)), Some(10_000));
        assert!(EurRates::parse("MAD:2021-01-01:1e3").is_err());
        assert!(EurRates::parse("USD:2021-01-01:1.1").is_err());
        assert!(EurRates::parse("MAD:2021-01-01:0").is_err());
    }

    #[test]
    fn xof_converts_at_the_peg_to_the_nearest_cent() {
        let rates = EurRates::default();
        // 655 957 XOF is exactly 1 000 EUR.
        assert_eq!(rates.to_eur_cents(655_957, Currency::Xof, day(2021, 8, 2)), Some(100_000));
        // 1 XOF = 0.152449… cents → 0 cents; 4 XOF = 0.6098 cents → 1 cent.
        assert_eq!(rates.to_eur_cents(1, Currency::Xof, day(2021, 8, 2)), Some(0));
        assert_eq!(rates.to_eur_cents(4, Currency::Xof, day(2021, 8, 2)), Some(1));
        assert_eq!(rates.to_eur_cents(-4, Currency::Xof, day(2021, 8, 2)), Some(-1));
        assert_eq!(rates.to_eur_cents(10_000_000, Currency::Xof, day(2021, 8, 2)), Some(1_524_490));
    }

    #[test]
    fn mad_takes_the_rate_in_force_on_the_day_and_none_before_the_first() {
        let rates = EurRates::new(vec![
            Rate { currency: Currency::Mad, from: day(2021, 7, 1), per_eur_millionths: 10_600_000 },
            Rate { currency: Currency::Mad, from: day(2021, 8, 1), per_eur_millionths: 10_650_000 },
        ]);
        assert_eq!(rates.to_eur_cents(1_060_000, Currency::Mad, day(2021, 7, 15)), Some(100_000));
        assert_eq!(rates.to_eur_cents(1_065_000, Currency::Mad, day(2021, 8, 15)), Some(100_000));
        assert_eq!(rates.to_eur_cents(1_000, Currency::Mad, day(2021, 6, 30)), None);
        assert_eq!(rates.to_eur_cents(12_345, Currency::Eur, day(2000, 1, 1)), Some(12_345));
    }

    #[test]
    fn amounts_are_written_in_the_currencys_own_unit() {
        assert_eq!(Currency::Xof.format(1_250_000), "1\u{202f}250\u{202f}000 XOF");
        assert_eq!(Currency::Mad.format(1_250_050), "12\u{202f}500,50 MAD");
        assert_eq!(Currency::Eur.format(-5), "-0,05 EUR");
    }
}
