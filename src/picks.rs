//! A visitor's own ratings ("picks") as text: how they are kept in
//! localStorage and, when the visitor chooses to share them, in the
//! address (`picks=ns2186:4.5,hs1518:3`). Pure.

/// Parses `id:rating` pairs separated by commas. Entries that are not a
/// half step in 0.5–5 are skipped (a hand-edited link must not break the
/// page); a title given twice keeps its last rating.
pub fn parse_picks(text: &str) -> Vec<(String, f32)> {
    let mut picks: Vec<(String, f32)> = Vec::new();
    for entry in text.split(',') {
        let Some((id, rating)) = entry.trim().split_once(':') else {
            continue;
        };
        let id = id.trim();
        let Ok(rating) = rating.trim().parse::<f32>() else {
            continue;
        };
        let half_step = (rating * 2.0).fract() == 0.0;
        if id.is_empty() || !(0.5..=5.0).contains(&rating) || !half_step {
            continue;
        }
        picks.retain(|(old, _)| old != id);
        picks.push((id.to_string(), rating));
    }
    picks
}

/// The inverse of [`parse_picks`].
pub fn format_picks(picks: &[(String, f32)]) -> String {
    picks
        .iter()
        .map(|(id, r)| format!("{id}:{r}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `picks` with `id` rated `rating` (0 removes it).
pub fn with_pick(picks: &[(String, f32)], id: &str, rating: f32) -> Vec<(String, f32)> {
    let mut out: Vec<(String, f32)> = picks.iter().filter(|(p, _)| p != id).cloned().collect();
    if rating > 0.0 {
        out.push((id.to_string(), rating));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bad_entries_skipped() {
        let picks = parse_picks("ns1:4.5, hs2:3,bad,ds3:7,as4:2.3,ns1:5,:4, as5:0.5");
        assert_eq!(
            picks,
            vec![
                ("hs2".into(), 3.0),
                ("ns1".into(), 5.0),
                ("as5".into(), 0.5)
            ]
        );
        assert_eq!(format_picks(&picks), "hs2:3,ns1:5,as5:0.5");
        assert_eq!(parse_picks(&format_picks(&picks)), picks);
        assert!(parse_picks("").is_empty());
    }

    #[test]
    fn with_pick_sets_replaces_and_removes() {
        let picks = parse_picks("ns1:4");
        assert_eq!(
            format_picks(&with_pick(&picks, "hs2", 2.5)),
            "ns1:4,hs2:2.5"
        );
        assert_eq!(format_picks(&with_pick(&picks, "ns1", 1.0)), "ns1:1");
        assert!(with_pick(&picks, "ns1", 0.0).is_empty());
    }
}
