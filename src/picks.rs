//! A visitor's own ratings ("picks") as text: how they are kept in
//! localStorage and, when the visitor chooses to share them, in the
//! address (`picks=ns2186:4.5,hs1518:3`). Both are read with the
//! recommender's strict parser (the CLI's and the API's): a shared link's
//! problems are shown through [`crate::route::Route::visitor_request`].
//! Pure.

use cartelera_recommender::request::parse_picks;

/// The picks kept in localStorage. The page writes them itself
/// ([`format_picks`]), so a value the strict parser refuses (edited by
/// hand, or from an older page) starts the visitor afresh rather than
/// failing the view; nothing stored is no picks.
pub fn stored_picks(text: &str) -> Vec<(String, f32)> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    parse_picks(text).unwrap_or_default()
}

/// The picks as `id:rating` pairs separated by commas, what the strict
/// parser reads back.
pub fn format_picks(picks: &[(String, f32)]) -> String {
    picks
        .iter()
        .map(|(id, r)| format!("{id}:{r}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The picks as the CSV file the page offers for download, `id,rating`:
/// what `cartelera_history::read_history` reads back as Cartelera's own
/// format (on the import view, or `cartelera recommend --history`).
pub fn picks_csv(picks: &[(String, f32)]) -> String {
    let mut out = String::from("id,rating\n");
    for (id, rating) in picks {
        out.push_str(&format!("{id},{rating}\n"));
    }
    out
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
    fn stored_picks_round_trip_and_a_bad_value_starts_afresh() {
        let picks = vec![
            ("hs2".to_string(), 3.0),
            ("ns1".to_string(), 5.0),
            ("as5".to_string(), 0.5),
        ];
        assert_eq!(format_picks(&picks), "hs2:3,ns1:5,as5:0.5");
        assert_eq!(stored_picks(&format_picks(&picks)), picks);
        assert_eq!(stored_picks("ns1:4.5, hs2:3,ns1:5").len(), 2);
        assert!(stored_picks("").is_empty());
        // The old lenient reading kept the good entries of this; the
        // strict one refuses it whole, as the API does.
        assert!(stored_picks("ns1:4.5,bad,ds3:7").is_empty());
    }

    #[test]
    fn the_downloaded_ratings_read_back_as_the_page_s_own_history_format() {
        let picks = stored_picks("ns2186:4.5,hs1518:3,ds1:0.5");
        let csv = picks_csv(&picks);
        assert_eq!(csv, "id,rating\nns2186,4.5\nhs1518,3\nds1,0.5\n");
        let history = cartelera_history::read_history("cartelera-ratings.csv", csv.as_bytes())
            .expect("the history reader reads the page's file");
        assert_eq!(
            history.format,
            cartelera_history::HistoryFormat::CarteleraPicks
        );
        let read: Vec<(String, f32)> = history
            .entries
            .iter()
            .map(|e| (e.id.clone().expect("an id"), e.rating.expect("a rating")))
            .collect();
        assert_eq!(read, picks);
    }

    #[test]
    fn with_pick_sets_replaces_and_removes() {
        let picks = stored_picks("ns1:4");
        assert_eq!(
            format_picks(&with_pick(&picks, "hs2", 2.5)),
            "ns1:4,hs2:2.5"
        );
        assert_eq!(format_picks(&with_pick(&picks, "ns1", 1.0)), "ns1:1");
        assert!(with_pick(&picks, "ns1", 0.0).is_empty());
    }
}
