//! Hand-rolled formatting for the hot CSV path (no `format!` per row).

/// "0.5", "1.0", … "5.0" indexed by rating × 2 (index 0 unused).
pub(crate) const RATING_TEXT: [&[u8; 3]; 11] = [
    b"0.0", b"0.5", b"1.0", b"1.5", b"2.0", b"2.5", b"3.0", b"3.5", b"4.0", b"4.5", b"5.0",
];

/// Appends the decimal digits of `v`.
#[inline]
pub(crate) fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Appends a signed integer.
#[inline]
pub(crate) fn push_i64(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    push_u64(buf, v.unsigned_abs());
}

/// Appends `x` with exactly `decimals` (≤ 9) decimals; "-0.0000" is written
/// "0.0000", and non-finite values (which the model never produces) as 0.
pub(crate) fn push_fixed(buf: &mut Vec<u8>, x: f64, decimals: u32) {
    let unit = 10u64.pow(decimals.min(9));
    let scaled = if x.is_finite() {
        (x * unit as f64).round() as i64
    } else {
        0
    };
    if scaled < 0 {
        buf.push(b'-');
    }
    let a = scaled.unsigned_abs();
    push_u64(buf, a / unit);
    if unit > 1 {
        buf.push(b'.');
        let frac = a % unit;
        let mut d = unit / 10;
        while d > 0 {
            buf.push(b'0' + (frac / d % 10) as u8);
            d /= 10;
        }
    }
}

/// Appends a CSV field, quoted only if it holds a comma, quote or newline.
pub(crate) fn push_csv_field(buf: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        buf.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                buf.push(b'"');
            }
            buf.push(b);
        }
        buf.push(b'"');
    } else {
        buf.extend_from_slice(s.as_bytes());
    }
}

/// A JSON string literal.
pub(crate) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut b = Vec::new();
        f(&mut b);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn integers_and_fixed_point() {
        assert_eq!(s(|b| push_u64(b, 0)), "0");
        assert_eq!(s(|b| push_u64(b, u64::MAX)), u64::MAX.to_string());
        assert_eq!(s(|b| push_i64(b, i64::MIN)), i64::MIN.to_string());
        assert_eq!(s(|b| push_i64(b, 1_640_995_199)), "1640995199");
        assert_eq!(s(|b| push_fixed(b, 1.23456, 4)), "1.2346");
        assert_eq!(s(|b| push_fixed(b, -0.00004, 4)), "0.0000");
        assert_eq!(s(|b| push_fixed(b, -2.5, 4)), "-2.5000");
        assert_eq!(s(|b| push_fixed(b, 0.0007, 4)), "0.0007");
        assert_eq!(s(|b| push_fixed(b, 0.0070449, 6)), "0.007045");
        assert_eq!(s(|b| push_fixed(b, 3.7, 0)), "4");
        assert_eq!(RATING_TEXT[7], b"3.5");
    }

    #[test]
    fn csv_and_json_escaping() {
        assert_eq!(s(|b| push_csv_field(b, "ns2186")), "ns2186");
        assert_eq!(s(|b| push_csv_field(b, "a,\"b\"")), "\"a,\"\"b\"\"\"");
        assert_eq!(json_string("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
