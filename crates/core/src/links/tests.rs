use super::key::{front_article, partial_keys, title_key, word_set_key, MovieLensTitle};
use super::*;
use crate::model::tests::movie;
use crate::works::tests::film;

fn ml(movie_id: u32, title: &str, genres: &str) -> MovieLensMovie {
    MovieLensMovie {
        movie_id,
        title: title.to_string(),
        genres: genres.to_string(),
    }
}

/// Links of `movies` over `titles`, as (movieId, work id, rule).
fn linked(movies: &[MovieLensMovie], titles: &[Title]) -> (Vec<(u32, String, Rule)>, Matches) {
    let works = Works::group(titles);
    let matches = match_movies(movies, titles, &works);
    let links = matches
        .links
        .iter()
        .map(|l| (l.movie_id, works.all()[l.work].id.clone(), l.rule))
        .collect();
    (links, matches)
}

#[test]
fn keys_fold_case_accents_punctuation_and_ampersands() {
    assert_eq!(title_key("Amélie"), "amelie");
    assert_eq!(title_key("LES MISÉRABLES"), "les miserables");
    assert_eq!(title_key("Monsters, Inc."), "monsters inc");
    assert_eq!(
        title_key("Harry Potter & the Sorcerer’s Stone"),
        "harry potter and the sorcerers stone"
    );
    assert_eq!(
        title_key("Harry Potter and the Sorcerer's Stone"),
        "harry potter and the sorcerers stone"
    );
    assert_eq!(title_key("The Matrix"), "matrix");
    assert_eq!(title_key("Ocean's  Eleven"), "oceans eleven");
    assert_eq!(title_key("WALL·E"), "wall e");
    assert_eq!(title_key("Straße"), "strasse");
    assert_eq!(
        title_key("La La Land"),
        "la la land",
        "foreign articles stay"
    );
    assert_eq!(title_key("İstanbul"), "istanbul");
    assert_eq!(title_key("!!!"), "");
}

#[test]
fn trailing_articles_move_to_the_front_in_several_languages() {
    assert_eq!(front_article("Matrix, The"), "The Matrix");
    assert_eq!(front_article("Beautiful Mind, A"), "A Beautiful Mind");
    assert_eq!(front_article("Misérables, Les"), "Les Misérables");
    assert_eq!(front_article("Haine, La"), "La Haine");
    assert_eq!(
        front_article("Laberinto del fauno, El"),
        "El Laberinto del fauno"
    );
    assert_eq!(front_article("Postino, Il"), "Il Postino");
    assert_eq!(front_article("Untergang, Der"), "Der Untergang");
    assert_eq!(front_article("Welle, Die"), "Die Welle");
    assert_eq!(front_article("Boot, Das"), "Das Boot");
    assert_eq!(front_article("Avventura, L'"), "L'Avventura");
    assert_eq!(
        front_article("Monsters, Inc."),
        "Monsters, Inc.",
        "not an article"
    );
    assert_eq!(
        front_article("Good, the Bad and the Ugly, The"),
        "The Good, the Bad and the Ugly"
    );
}

#[test]
fn movielens_titles_split_into_names_and_year() {
    let t = MovieLensTitle::parse("Seven Samurai (Shichinin no samurai) (1954)");
    assert_eq!(t.main, "Seven Samurai");
    assert_eq!(t.alternatives, ["Shichinin no samurai"]);
    assert_eq!(t.year, Some(1954));
    let t = MovieLensTitle::parse("Léon: The Professional (a.k.a. The Professional) (Léon) (1994)");
    assert_eq!(t.main, "Léon: The Professional");
    assert_eq!(t.alternatives, ["The Professional", "Léon"]);
    let t =
        MovieLensTitle::parse("City of Lost Children, The (Cité des enfants perdus, La) (1995)");
    assert_eq!(t.main, "The City of Lost Children");
    assert_eq!(t.alternatives, ["La Cité des enfants perdus"]);
    let t = MovieLensTitle::parse("Babylon 5");
    assert_eq!((t.main.as_str(), t.year), ("Babylon 5", None));
    assert_eq!(
        MovieLensTitle::parse("Sherlock (2010-2012) ").year,
        Some(2010)
    );
    assert_eq!(MovieLensTitle::parse("Cosmos (1980–)").year, Some(1980));
    assert_eq!(
        MovieLensTitle::parse("(500) Days of Summer (2009)").main,
        "(500) Days of Summer"
    );
    assert_eq!(
        MovieLensTitle::parse("Tricks (Sztuczki) (2007)").alternatives,
        ["Sztuczki"]
    );
    let t = MovieLensTitle::parse("1984 (1984)");
    assert_eq!((t.main.as_str(), t.year), ("1984", Some(1984)));
    assert_eq!(
        word_set_key(&title_key("Star Wars: Episode IV - A New Hope")),
        word_set_key(&title_key("Star Wars: A New Hope (Episode IV)"))
    );
}

#[test]
fn exact_links_fold_articles_and_accents() {
    let titles = vec![
        film(
            "ns8415",
            "the matrix",
            1999,
            Some("lilly wachowski, lana wachowski"),
        ),
        film("as4012", "les misérables", 2020, Some("ladj ly")),
        film("ns2121", "les misérables", 2012, Some("tom hooper")),
        film("ds1153", "ratatouille", 2007, Some("brad bird")),
    ];
    let movies = [
        ml(2571, "Matrix, The (1999)", "Action|Sci-Fi|Thriller"),
        ml(97938, "Misérables, Les (2012)", "Drama|Musical"),
        ml(50872, "Ratatouille (2007)", "Animation|Children|Drama"),
    ];
    let (links, matches) = linked(&movies, &titles);
    assert_eq!(
        links,
        [
            (2571, "w-ns8415".into(), Rule::Exact),
            (97938, "w-ns2121".into(), Rule::Exact),
            (50872, "w-ds1153".into(), Rule::Exact),
        ]
    );
    assert!(matches.ambiguous.is_empty() && matches.rejected.is_empty());
}

#[test]
fn alternative_names_and_aka_link() {
    let titles = vec![
        film("ns1", "se7en", 1995, Some("david fincher")),
        film("ns2", "shichinin no samurai", 1954, Some("akira kurosawa")),
        film(
            "ds3",
            "star wars: a new hope (episode iv)",
            1977,
            Some("george lucas"),
        ),
        film(
            "ds4",
            "star wars: the empire strikes back (episode v)",
            1980,
            Some("irvin kershner"),
        ),
    ];
    let movies = [
        ml(47, "Seven (a.k.a. Se7en) (1995)", "Mystery|Thriller"),
        ml(
            2019,
            "Seven Samurai (Shichinin no samurai) (1954)",
            "Action|Adventure|Drama",
        ),
        ml(
            260,
            "Star Wars: Episode IV - A New Hope (1977)",
            "Action|Adventure|Sci-Fi",
        ),
        ml(
            1196,
            "Star Wars: The Empire Strikes Back (1980)",
            "Action|Adventure|Sci-Fi",
        ),
    ];
    let (links, _) = linked(&movies, &titles);
    assert_eq!(
        links,
        [
            (47, "w-ns1".into(), Rule::Alternative),
            (2019, "w-ns2".into(), Rule::Alternative),
            (260, "w-ds3".into(), Rule::WordOrder),
            (1196, "w-ds4".into(), Rule::Alternative),
        ]
    );
}

#[test]
fn one_film_on_two_platforms_is_one_link_to_both_rows() {
    let titles = vec![
        film(
            "as7042",
            "catch me if you can",
            2002,
            Some("steven spielberg"),
        ),
        film(
            "ns330",
            "catch me if you can",
            2002,
            Some("steven spielberg"),
        ),
    ];
    let (links, matches) = linked(
        &[ml(5989, "Catch Me If You Can (2002)", "Crime|Drama")],
        &titles,
    );
    assert_eq!(links, [(5989, "w-as7042".into(), Rule::Exact)]);
    assert!(matches.ambiguous.is_empty());
    let works = Works::group(&titles);
    assert_eq!(works.all()[matches.links[0].work].rows, [0, 1]);
}

#[test]
fn two_films_with_one_title_and_year_are_ambiguous_not_guessed() {
    let titles = vec![
        film("ns1", "the host", 2006, Some("bong joon ho")),
        film("as2", "the host", 2006, Some("somebody else")),
    ];
    let (links, matches) = linked(
        &[ml(
            48744,
            "Host, The (Gwoemul) (2006)",
            "Comedy|Drama|Horror",
        )],
        &titles,
    );
    assert!(links.is_empty());
    assert_eq!(matches.ambiguous.len(), 1);
    assert_eq!(matches.ambiguous[0].rule, Rule::Exact);
    let ids: Vec<&str> = matches.ambiguous[0]
        .candidates
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["ns1", "as2"]);
}

#[test]
fn a_leading_article_breaks_a_tie_between_two_films() {
    let titles = vec![
        film("as8659", "score", 2001, Some("andy de emmony")),
        film("ns8499", "the score", 2001, Some("frank oz")),
    ];
    let (links, matches) = linked(&[ml(4448, "Score, The (2001)", "Action|Drama")], &titles);
    assert_eq!(links, [(4448, "w-ns8499".into(), Rule::Exact)]);
    assert!(matches.ambiguous.is_empty());
}

#[test]
fn a_missing_article_lowers_confidence_and_a_taken_work_is_rejected() {
    let titles = vec![
        film("ns5893", "circle", 2015, Some("aaron hann")),
        Title {
            listed_in: Some("horror movies".into()),
            ..film("as8351", "the descent", 2006, Some("neil marshall"))
        },
    ];
    let movies = [
        ml(172547, "The Circle (2016)", "Drama|Sci-Fi|Thriller"),
        ml(
            40732,
            "Descent, The (2005)",
            "Adventure|Drama|Horror|Thriller",
        ),
        ml(58287, "The Descent (2007)", "Drama"),
    ];
    let (links, matches) = linked(&movies, &titles);
    assert_eq!(links, [(40732, "w-as8351".into(), Rule::YearOff)]);
    assert_eq!(matches.links[0].confidence, Rule::YearOff.confidence());
    let rejected: Vec<(u32, RejectReason)> = matches
        .rejected
        .iter()
        .map(|r| (r.movie_id, r.reason))
        .collect();
    assert_eq!(
        rejected,
        [
            (172547, RejectReason::LowConfidence),
            (58287, RejectReason::WorkTaken)
        ]
    );
    // With the year right, the missing article only lowers the confidence.
    let titles = vec![film("as1817", "lords of salem", 2012, None)];
    let (_, matches) = linked(&[ml(1, "Lords of Salem, The (2012)", "Horror")], &titles);
    let expected = Rule::Exact.confidence() - ARTICLE_MISMATCH;
    assert!((matches.links[0].confidence - expected).abs() < 1e-9);
}

#[test]
fn numerals_and_partial_names() {
    assert_eq!(
        title_key("Death Wish V: The Face of Death"),
        title_key("Death Wish 5: The Face of Death")
    );
    assert_eq!(title_key("I, Robot"), "i robot", "i is not a numeral");
    assert_eq!(
        partial_keys("Aladdin: The Return of Jafar"),
        ["return of jafar"]
    );
    assert_eq!(partial_keys("Digimon: The Movie"), Vec::<String>::new());
    assert_eq!(
        partial_keys("Dr. Seuss' The Cat in the Hat"),
        ["cat in the hat"]
    );
    assert_eq!(
        partial_keys("Tim Burton's The Nightmare Before Christmas"),
        ["nightmare before christmas"]
    );
    assert_eq!(
        partial_keys("Charlotte's Web"),
        Vec::<String>::new(),
        "one word left"
    );
    assert_eq!(
        partial_keys("Teenage Mutant Ninja Turtles: The Movie"),
        ["teenage mutant ninja turtles"]
    );
    let titles = vec![
        film("ds721", "aladdin: the return of jafar", 1994, None),
        film(
            "ns8161",
            "teenage mutant ninja turtles: the movie",
            1990,
            None,
        ),
        film("ds1223", "stitch! the movie", 2003, None),
        film("ns6640", "dr. seuss' the cat in the hat", 2003, None),
    ];
    let movies = [
        ml(
            2092,
            "Return of Jafar, The (1994)",
            "Adventure|Animation|Children",
        ),
        ml(
            2139,
            "Teenage Mutant Ninja Turtles (1990)",
            "Action|Children|Comedy",
        ),
        ml(5481, "Jackass: The Movie (2002)", "Comedy|Documentary"),
        ml(7045, "Cat in the Hat, The (2003)", "Children|Comedy"),
    ];
    let (links, matches) = linked(&movies, &titles);
    assert_eq!(
        links,
        [
            (2092, "w-ds721".into(), Rule::PartialName),
            (2139, "w-ns8161".into(), Rule::PartialName),
            (7045, "w-ns6640".into(), Rule::PartialName),
        ]
    );
    assert!(matches.ambiguous.is_empty());
}

#[test]
fn remakes_and_years_pick_the_right_film_or_reject() {
    let titles = vec![
        film("ns1", "the lion king", 1994, Some("roger allers")),
        film("ds2", "the lion king", 2019, Some("jon favreau")),
        film("ns3", "little women", 2020, Some("greta gerwig")),
        film("ns4", "total recall", 1990, Some("paul verhoeven")),
    ];
    let movies = [
        ml(
            364,
            "Lion King, The (1994)",
            "Adventure|Animation|Children|Drama|Musical",
        ),
        ml(
            201588,
            "The Lion King (2019)",
            "Adventure|Animation|Children",
        ),
        ml(207830, "Little Women (2019)", "Drama|Romance"),
        ml(95875, "Total Recall (2012)", "Action|Sci-Fi|Thriller"),
    ];
    let (links, matches) = linked(&movies, &titles);
    assert_eq!(
        links,
        [
            (364, "w-ns1".into(), Rule::Exact),
            (201588, "w-ds2".into(), Rule::Exact),
            (207830, "w-ns3".into(), Rule::YearOff),
        ]
    );
    assert_eq!(matches.links[2].confidence, Rule::YearOff.confidence());
    assert_eq!(matches.rejected.len(), 1);
    assert_eq!(matches.rejected[0].movie_id, 95875);
    assert_eq!(matches.rejected[0].reason, RejectReason::YearTooFar);
    assert_eq!(matches.rejected[0].candidates[0].id, "ns4");
}

#[test]
fn exact_year_beats_a_remake_one_year_off() {
    let titles = vec![
        film("ns1", "carrie", 2013, Some("kimberly peirce")),
        film("as1", "carrie", 2002, Some("david carson")),
        film("hs1", "carrie", 2012, Some("nobody")),
    ];
    let (links, _) = linked(&[ml(104908, "Carrie (2013)", "Drama|Horror")], &titles);
    assert_eq!(links, [(104908, "w-ns1".into(), Rule::Exact)]);
}

#[test]
fn shows_are_never_linked_but_reported() {
    let mut show = movie("ns9", "sherlock", 2010);
    show.kind = TitleType::TvShow;
    let (links, matches) = linked(&[ml(1, "Sherlock (2010)", "Crime")], &[show]);
    assert!(links.is_empty());
    assert_eq!(matches.rejected[0].reason, RejectReason::TvShow);
}

#[test]
fn contradicting_genres_lower_the_confidence_and_missing_years_are_counted() {
    let mut doc = film("ns1", "inside out", 2015, None);
    doc.listed_in = Some("documentaries".into());
    let mut pixar = film("ds1", "up", 2009, None);
    pixar.listed_in = Some("animation, family".into());
    let movies = [
        ml(
            134853,
            "Inside Out (2015)",
            "Adventure|Animation|Children|Comedy|Drama|Fantasy",
        ),
        ml(68954, "Up (2009)", "Adventure|Animation|Children|Drama"),
        ml(171495, "Cosmos", "(no genres listed)"),
    ];
    let (_, matches) = linked(&movies, &[doc, pixar]);
    let confidence: Vec<f64> = matches.links.iter().map(|l| l.confidence).collect();
    assert_eq!(confidence, [1.0 - GENRE_DISAGREEMENT, 1.0]);
    assert_eq!(matches.without_year, [171495]);
}

#[test]
fn the_report_counts_coverage_per_platform() {
    let titles = vec![
        film(
            "as7042",
            "catch me if you can",
            2002,
            Some("steven spielberg"),
        ),
        film(
            "ns330",
            "catch me if you can",
            2002,
            Some("steven spielberg"),
        ),
        film("ds890", "finding nemo", 2003, Some("andrew stanton")),
        film("hs1", "unlinked", 2003, None),
    ];
    let movies = [
        ml(5989, "Catch Me If You Can (2002)", "Crime|Drama"),
        ml(
            6377,
            "Finding Nemo (2003)",
            "Adventure|Animation|Children|Comedy",
        ),
        ml(7, "Nothing Here (2000)", "Drama"),
    ];
    let works = Works::group(&titles);
    let matches = match_movies(&movies, &titles, &works);
    let ratings = [(1, 5989), (2, 5989), (2, 6377), (3, 7)];
    let report = LinksReport::build(&movies, &titles, &works, &matches, &ratings);
    assert_eq!(report.overall.movielens_movies, 2);
    assert_eq!(report.overall.linked_titles, 3);
    assert_eq!(report.overall.linked_works, 2);
    assert_eq!((report.overall.ratings, report.overall.users), (3, 2));
    let netflix = &report.platforms[&crate::model::Platform::Netflix];
    assert_eq!(
        (
            netflix.movielens_movies,
            netflix.linked_titles,
            netflix.ratings
        ),
        (1, 1, 2)
    );
    let hulu = &report.platforms[&crate::model::Platform::Hulu];
    assert_eq!((hulu.linked_titles, hulu.catalog_movies), (0, 1));
    assert_eq!(report.links_by_rule[&Rule::Exact], 2);
    assert_eq!(report.catalog_works, 3);
    let json = serde_json::to_value(&report).unwrap_or_default();
    assert_eq!(json["platforms"]["disney"]["linked_titles"], 1);
    assert_eq!(json["links_by_rule"]["exact"], 2);
    assert!(
        report.summary().contains("2 of 3 MovieLens movies"),
        "{}",
        report.summary()
    );
}
