//! Check-digit algorithms from the identifiers' specifications. Each takes
//! the identifier without separators and says whether its check digit holds;
//! they are public so tests and callers can validate single values.

/// Luhn (ISO/IEC 7812-1) over ASCII digits; separators are ignored.
pub fn luhn_valid(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() < 2 {
        return false;
    }
    let mut sum = 0;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = *d;
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// IBAN mod-97 (ISO 13616 / ISO 7064 MOD 97-10); spaces are ignored, case
/// is not significant.
pub fn iban_valid(s: &str) -> bool {
    let compact: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 5 || !compact.iter().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let rotated = compact[4..].iter().chain(compact[..4].iter());
    let mut rem: u32 = 0;
    for c in rotated {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// ISO 7064 MOD 11,10 check digit over `digits` (the Steuer-ID and the
/// German USt-IdNr use it).
fn mod11_10(digits: &[u8]) -> u8 {
    let mut product: u32 = 10;
    for &d in digits {
        let mut sum = (u32::from(d) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = 11 - product;
    if check == 10 { 0 } else { check as u8 }
}

fn ascii_digits(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| c.to_digit(10).map(|d| d as u8)).collect()
}

/// German Steuerliche Identifikationsnummer (11 digits): first digit not 0,
/// in the first ten digits exactly one digit occurs twice or three times
/// (three times never as three neighbours) and the rest at most once, last
/// digit is the ISO 7064 MOD 11,10 check digit.
pub fn de_tax_id_valid(s: &str) -> bool {
    let Some(d) = ascii_digits(s) else {
        return false;
    };
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &x in &d[..10] {
        counts[usize::from(x)] += 1;
    }
    let multi: Vec<u8> = counts.iter().copied().filter(|&c| c > 1).collect();
    if multi.len() != 1 || multi[0] > 3 {
        return false;
    }
    if multi[0] == 3 && d[..10].windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return false;
    }
    mod11_10(&d[..10]) == d[10]
}

/// Only the Steuer-ID's MOD 11,10 check digit (11 digits, no leading zero),
/// without the digit-repetition rule.
pub fn de_tax_id_check_digit_valid(s: &str) -> bool {
    let Some(d) = ascii_digits(s) else {
        return false;
    };
    d.len() == 11 && d[0] != 0 && mod11_10(&d[..10]) == d[10]
}

/// German USt-IdNr body (9 digits after "DE"): MOD 11,10 over the first
/// eight digits.
pub fn de_vat_valid(s: &str) -> bool {
    let Some(d) = ascii_digits(s) else {
        return false;
    };
    d.len() == 9 && d[0] != 0 && mod11_10(&d[..8]) == d[8]
}

/// EAN-13 / GTIN-13 check digit (weights 1,3 from the left).
pub fn ean13_valid(s: &str) -> bool {
    let Some(d) = ascii_digits(s) else {
        return false;
    };
    if d.len() != 13 {
        return false;
    }
    let sum: u32 = d[..12]
        .iter()
        .enumerate()
        .map(|(i, &x)| u32::from(x) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    (10 - sum % 10) % 10 == u32::from(d[12])
}

/// ICAO 9303 check digit (weights 7,3,1; A=10 … Z=35; '<' = 0) of `s`.
pub fn icao_check_digit(s: &str) -> Option<u8> {
    let mut sum: u32 = 0;
    for (i, c) in s.chars().enumerate() {
        let v = match c {
            '<' => 0,
            c if c.is_ascii_digit() || c.is_ascii_uppercase() => c.to_digit(36)?,
            _ => return None,
        };
        sum += v * [7, 3, 1][i % 3];
    }
    Some((sum % 10) as u8)
}

/// Cross sum of a product, as the German check-digit rules use it.
fn cross_sum(mut v: u32) -> u32 {
    let mut s = 0;
    while v > 0 {
        s += v % 10;
        v /= 10;
    }
    s
}

/// Letter position as two digits (A = 01 … Z = 26).
fn letter_digits(c: char) -> Option<[u32; 2]> {
    let c = c.to_ascii_uppercase();
    if !c.is_ascii_uppercase() {
        return None;
    }
    let n = c as u32 - 'A' as u32 + 1;
    Some([n / 10, n % 10])
}

/// Krankenversichertennummer (KVNR, 10 chars): letter + 8 digits + check
/// digit. The letter becomes two digits, weights alternate 1,2, products
/// are cross-summed, sum mod 10.
pub fn kvnr_valid(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    if c.len() != 10 || !c[1..].iter().all(char::is_ascii_digit) {
        return false;
    }
    let Some(l) = letter_digits(c[0]) else {
        return false;
    };
    let mut digits: Vec<u32> = l.to_vec();
    digits.extend(c[1..9].iter().filter_map(|x| x.to_digit(10)));
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| cross_sum(d * if i % 2 == 0 { 1 } else { 2 }))
        .sum();
    c[9].to_digit(10) == Some(sum % 10)
}

/// Rentenversicherungsnummer (12 chars): area (2 digits), birth date DDMMYY,
/// initial letter, serial (2 digits), check digit. The letter becomes two
/// digits; weights 2,1,2,5,7,1,2,1,2,1,2,1; products cross-summed; mod 10.
pub fn rvnr_valid(s: &str) -> bool {
    let c: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    if c.len() != 12
        || !c[..8].iter().all(char::is_ascii_digit)
        || !c[9..].iter().all(char::is_ascii_digit)
    {
        return false;
    }
    let Some(l) = letter_digits(c[8]) else {
        return false;
    };
    let day = c[2].to_digit(10).unwrap_or(9) * 10 + c[3].to_digit(10).unwrap_or(9);
    let month = c[4].to_digit(10).unwrap_or(9) * 10 + c[5].to_digit(10).unwrap_or(9);
    // Days above 31 are not used here: the supplementary day ranges for
    // unknown birth dates are rare and would weaken the format check.
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return false;
    }
    let mut digits: Vec<u32> = c[..8].iter().filter_map(|x| x.to_digit(10)).collect();
    digits.extend(l);
    digits.extend(c[9..11].iter().filter_map(|x| x.to_digit(10)));
    const W: [u32; 12] = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1];
    let sum: u32 = digits.iter().zip(W).map(|(&d, w)| cross_sum(d * w)).sum();
    c[11].to_digit(10) == Some(sum % 10)
}
