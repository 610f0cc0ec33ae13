//! Certificate rules: who earns one, and codes nobody can guess.

use crate::attendance::rules::weighted_percent;
use rand::RngCore;

/// Crockford's base32 alphabet: no I, L, O, U, so a code read aloud or typed from
/// paper is not mistaken.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// 100 random bits from a cryptographic generator (rand's thread generator,
/// ChaCha seeded by the OS), as `XXXXX-XXXXX-XXXXX-XXXXX`.
pub fn new_code() -> String {
    let mut bytes = [0u8; 13];
    rand::rng().fill_bytes(&mut bytes);
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | u128::from(b);
    }
    let chars: Vec<char> = (0..20).map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect();
    chars.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// Whether a code has the shape of one (checked before any lookup).
pub fn looks_like_code(code: &str) -> bool {
    code.len() == 23
        && code.split('-').count() == 4
        && code.split('-').all(|part| part.len() == 5 && part.bytes().all(|b| ALPHABET.contains(&b)))
}

/// A participant earns a certificate when not cancelled and their weighted
/// attendance reaches the training's threshold.
pub fn eligible(status: &str, marks: &[crate::attendance::AttendanceStatus], days: usize, threshold: i32) -> bool {
    !crate::participants::rules::is_cancelled(status) && weighted_percent(marks, days) >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attendance::AttendanceStatus::*;

    #[test]
    fn codes_are_well_formed_and_distinct() {
        let a = new_code();
        assert!(looks_like_code(&a), "{a}");
        assert_ne!(a, new_code());
        assert!(!looks_like_code("ABCDE-ABCDE-ABCDE-ABCDI"), "I is not in the alphabet");
        assert!(!looks_like_code("short"));
    }

    #[test]
    fn eligibility_follows_the_threshold_and_excludes_cancelled_enrolments() {
        let four_of_five = [Present, Present, Present, Present];
        assert!(eligible("confirmed", &four_of_five, 5, 80));
        assert!(!eligible("confirmed", &four_of_five, 5, 81));
        assert!(!eligible("cancelled", &[Present; 5], 5, 80));
    }
}
