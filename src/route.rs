//! The page's address: every view and its parameters live in the query
//! string (`?view=get_actor&platform=disney&year=2018`), so a copied link
//! reproduces the view on any static host, under any sub-path, with no
//! server rewrite rules. Pure: parsed and written natively in tests.

use std::fmt;

use cartelera_core::{Lang, ParamError, QueryKind};
use cartelera_recommender::{
    PredictRequest, RecommendFilter, RecommendRequest, SimilarRequest, VisitorRequest,
};

/// The views of the page, named as in the URL's `view=` parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The landing page: the four queries and the way in to search.
    Home,
    /// One of the four catalog queries (`view=get_max_duration`, …: the
    /// core's query names).
    Query(QueryKind),
    /// Search and browse.
    Search,
    /// One title's details (`id=`).
    Title,
    /// Exploratory analysis: the charts (`platform=`, `type=`, `year_min=`, `year_max=`).
    Eda,
    /// A user's recommendations (`user=`, `n=`, `platform=`, `type=`, `genre=`).
    Recommend,
    /// One predicted rating (`user=`, `title=`).
    Predict,
    /// Titles like one (`id=`).
    Similar,
    /// A visitor rates titles and gets recommendations (`picks=` when shared).
    Rate,
    /// The visitor's watchlist and seen titles (`ids=` when shared).
    Watchlist,
    /// A viewing history from another service, read, matched and kept.
    Import,
    /// Which platform fits the visitor (`fit=`, `seen_count=` when shared).
    Fit,
    /// The model card.
    Model,
    /// The original's pipeline on the visitor's own ratings files: checked,
    /// trained in a worker, kept in the browser.
    Train,
}

/// The views that are not queries, after `home` and the queries in
/// [`View::ALL`].
const PAGES: [View; 12] = [
    View::Search,
    View::Title,
    View::Eda,
    View::Recommend,
    View::Predict,
    View::Similar,
    View::Rate,
    View::Watchlist,
    View::Import,
    View::Fit,
    View::Model,
    View::Train,
];

/// How many views there are: home, the queries and the other pages.
const N_VIEWS: usize = 1 + QueryKind::ALL.len() + PAGES.len();

impl View {
    /// Every view: home, the core's queries (in their order), then the rest.
    pub const ALL: [View; N_VIEWS] = {
        let mut all = [View::Home; N_VIEWS];
        let mut i = 0;
        while i < QueryKind::ALL.len() {
            all[1 + i] = View::Query(QueryKind::ALL[i]);
            i += 1;
        }
        let mut j = 0;
        while j < PAGES.len() {
            all[1 + QueryKind::ALL.len() + j] = PAGES[j];
            j += 1;
        }
        all
    };

    /// Every view name the URL accepts, in [`View::ALL`]'s order.
    pub const NAMES: [&'static str; N_VIEWS] = {
        let mut names = [""; N_VIEWS];
        let mut i = 0;
        while i < N_VIEWS {
            names[i] = View::ALL[i].name();
            i += 1;
        }
        names
    };

    /// The `view=` value.
    pub const fn name(self) -> &'static str {
        match self {
            View::Home => "home",
            View::Query(kind) => kind.name(),
            View::Search => "search",
            View::Title => "title",
            View::Eda => "eda",
            View::Recommend => "recommend",
            View::Predict => "predict",
            View::Similar => "similar",
            View::Rate => "rate",
            View::Watchlist => "watchlist",
            View::Import => "import",
            View::Fit => "fit",
            View::Model => "model",
            View::Train => "train",
        }
    }

    fn from_name(name: &str) -> Option<View> {
        if name.is_empty() {
            return Some(View::Home);
        }
        View::ALL.into_iter().find(|view| view.name() == name)
    }
}

/// A page address: the view, its parameters in URL order, and the
/// language when the URL sets one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// Which view.
    pub view: View,
    /// The view's parameters (everything but `view` and `lang`), decoded.
    pub params: Vec<(String, String)>,
    /// `lang=es|en`, when given and valid.
    pub lang: Option<Lang>,
    /// What was wrong with the address, if anything: the page shows it and
    /// falls back to the closest valid view.
    pub problem: Option<RouteProblem>,
}

/// A part of the address the page could not use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteProblem {
    /// `view=` names no view.
    UnknownView(String),
    /// `lang=` is neither `es` nor `en`.
    UnknownLang(String),
}

impl fmt::Display for RouteProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteProblem::UnknownView(v) => write!(
                f,
                "unknown view {v:?}: expected one of {}",
                View::NAMES.join(", ")
            ),
            RouteProblem::UnknownLang(l) => write!(f, "unknown language {l:?}: expected es or en"),
        }
    }
}

impl Route {
    /// The route of a view with parameters.
    pub fn new(view: View, params: Vec<(String, String)>) -> Route {
        Route {
            view,
            params,
            lang: None,
            problem: None,
        }
    }

    /// Parses `location.search` (with or without the leading `?`). Never
    /// fails: an unknown view becomes [`View::Home`] with the problem noted.
    pub fn parse(search: &str) -> Route {
        let query = search.strip_prefix('?').unwrap_or(search);
        let mut route = Route::new(View::Home, Vec::new());
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "view" => match View::from_name(value.trim()) {
                    Some(view) => route.view = view,
                    None => {
                        route.view = View::Home;
                        route.problem = Some(RouteProblem::UnknownView(value.into_owned()));
                    }
                },
                "lang" => match Lang::from_code(&value) {
                    Some(lang) => route.lang = Some(lang),
                    None => route.problem = Some(RouteProblem::UnknownLang(value.into_owned())),
                },
                _ => route.params.push((key.into_owned(), value.into_owned())),
            }
        }
        route
    }

    /// The address as a query string starting with `?` (empty parameters
    /// left out, `view` first, `lang` last): what the page pushes to history.
    pub fn to_search(&self) -> String {
        let mut out = form_urlencoded::Serializer::for_suffix(String::from("?"), 1);
        if self.view != View::Home || self.lang.is_none() {
            out.append_pair("view", self.view.name());
        }
        for (key, value) in &self.params {
            if !value.trim().is_empty() {
                out.append_pair(key, value);
            }
        }
        if let Some(lang) = self.lang {
            out.append_pair("lang", lang.code());
        }
        out.finish()
    }

    /// The last value of parameter `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The parameters as borrowed pairs, for the core's parsers.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The recommend view's request (`user`, `n`, `platform`, `type`,
    /// `genre`), parsed by the recommender's parser, the one the CLI and the
    /// API call: the same address gives the same request or the same error.
    pub fn recommend_request(&self) -> Result<RecommendRequest, ParamError> {
        RecommendRequest::parse(self.pairs())
    }

    /// The predict view's request (`user`, `title`), parsed by the
    /// recommender's parser (the CLI's and the API's).
    pub fn predict_request(&self) -> Result<PredictRequest, ParamError> {
        PredictRequest::parse(self.pairs())
    }

    /// The visitor view's shared request (`picks`, `n`, `platform`,
    /// `type`, `genre`), parsed by the recommender's strict parser (the
    /// CLI's `recommend --picks` and the API's `/recommend?picks=`): a bad
    /// entry is the same error, never dropped. `None` when the address
    /// carries no picks (the visitor's stored ones are used).
    pub fn visitor_request(&self) -> Option<Result<VisitorRequest, ParamError>> {
        self.get("picks")
            .filter(|p| !p.trim().is_empty())
            .map(|_| VisitorRequest::parse(self.pairs()))
    }

    /// The similar titles' request (`id`, `n`) of the similar view and
    /// the title page, parsed by the recommender's parser (the CLI's
    /// `similar` and the API's `/similar`).
    pub fn similar_request(&self) -> Result<SimilarRequest, ParamError> {
        SimilarRequest::parse(self.pairs())
    }

    /// The recommendation filter (`platform`, `type`, `genre`) of a view
    /// that keeps other parameters beside it (the visitor's `picks`).
    pub fn recommend_filter(&self) -> Result<RecommendFilter, ParamError> {
        RecommendFilter::parse(self.pairs())
    }

    /// The same route with parameter `key` set to `value` (replacing any
    /// earlier value; an empty value removes it).
    pub fn with_param(&self, key: &str, value: &str) -> Route {
        let mut route = self.clone();
        route.params.retain(|(k, _)| k != key);
        if !value.is_empty() {
            route.params.push((key.to_string(), value.to_string()));
        }
        route
    }

    /// The same route in another language.
    pub fn with_lang(&self, lang: Lang) -> Route {
        Route {
            lang: Some(lang),
            problem: None,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_examples_parse() {
        let r = Route::parse("?view=get_max_duration&platform=hulu&year=2019&duration_type=min");
        assert_eq!(r.view, View::Query(QueryKind::MaxDuration));
        assert_eq!(r.get("platform"), Some("hulu"));
        assert_eq!(r.get("year"), Some("2019"));
        assert_eq!(r.problem, None);
        let r = Route::parse("?view=title&id=ns2186");
        assert_eq!((r.view, r.get("id")), (View::Title, Some("ns2186")));
        let r = Route::parse("view=search&q=the+traitor%21&lang=es");
        assert_eq!(r.view, View::Search);
        assert_eq!(r.get("q"), Some("the traitor!"));
        assert_eq!(r.lang, Some(Lang::Es));
    }

    #[test]
    fn round_trips_through_the_query_string() {
        for search in [
            "?view=get_actor&platform=disney&year=2018",
            "?view=search&q=caf%C3%A9+%26+co&genre=dramas&lang=en",
            "?view=title&id=ns2186&lang=es",
            "?view=home",
        ] {
            let route = Route::parse(search);
            assert_eq!(route.to_search(), search);
            assert_eq!(Route::parse(&route.to_search()), route);
        }
    }

    #[test]
    fn empty_and_home_addresses() {
        let r = Route::parse("");
        assert_eq!((r.view, r.params.len(), r.lang), (View::Home, 0, None));
        assert_eq!(Route::parse("?").view, View::Home);
        assert_eq!(Route::parse("?lang=en").to_search(), "?lang=en");
    }

    #[test]
    fn bad_views_and_languages_are_reported_not_fatal() {
        let r = Route::parse("?view=get_everything&year=2019");
        assert_eq!(r.view, View::Home);
        assert_eq!(
            r.problem,
            Some(RouteProblem::UnknownView("get_everything".into()))
        );
        assert!(r.problem.unwrap().to_string().contains("get_actor"));
        let r = Route::parse("?view=search&lang=fr");
        assert_eq!((r.view, r.lang), (View::Search, None));
        assert_eq!(r.problem, Some(RouteProblem::UnknownLang("fr".into())));
    }

    #[test]
    fn empty_values_are_dropped_when_written() {
        let r = Route::new(
            View::Search,
            vec![("q".into(), "".into()), ("platform".into(), "hulu".into())],
        );
        assert_eq!(r.to_search(), "?view=search&platform=hulu");
    }

    #[test]
    fn with_param_replaces_or_removes() {
        let r = Route::parse("?view=search&q=a&platform=hulu");
        assert_eq!(
            r.with_param("q", "b").to_search(),
            "?view=search&platform=hulu&q=b"
        );
        assert_eq!(r.with_param("platform", "").to_search(), "?view=search&q=a");
    }

    #[test]
    fn recommend_requests_parse_like_the_api() {
        let r = Route::parse("?view=recommend&user=1&n=7&platform=netflix&type=movie&genre=Dramas")
            .recommend_request()
            .unwrap();
        assert_eq!((r.user.as_str(), r.n), ("1", 7));
        assert_eq!(r.filter.genre.as_deref(), Some("dramas"));
        // Out of range is refused, not clamped; a bad platform is an error.
        for (search, param) in [
            ("?view=recommend&user=1&n=0", "n"),
            ("?view=recommend&user=1&n=1001", "n"),
            ("?view=recommend&user=1&platform=hbo", "platform"),
            ("?view=recommend&user=", "user"),
        ] {
            let e = Route::parse(search).recommend_request().unwrap_err();
            assert_eq!(e.param, param, "{search}: {e}");
        }
        let r = Route::parse("?view=recommend&user=1&n=1000&lang=es").recommend_request();
        assert_eq!(
            r.unwrap().n,
            1000,
            "view and lang are the page's, not the request's"
        );
    }

    #[test]
    fn predict_requests_and_filters() {
        let p = Route::parse("?view=predict&user=1&title=ns2186").predict_request();
        assert_eq!(p.unwrap().title, "ns2186");
        let e = Route::parse("?view=predict&user=1&title=ns1&n=3")
            .predict_request()
            .unwrap_err();
        assert!(e.unknown && e.value == "n", "{e}");
        let f = Route::parse("?view=rate&picks=ns1:5&platform=hulu").recommend_filter();
        assert_eq!(f.unwrap().platform, Some(cartelera_core::Platform::Hulu));
        assert!(Route::parse("?view=rate&platform=hbo")
            .recommend_filter()
            .is_err());
    }

    #[test]
    fn visitor_requests_parse_strictly_like_the_api() {
        let r = Route::parse("?view=rate&picks=ds1378:5,ns1284:1&n=7&platform=disney&lang=en")
            .visitor_request()
            .unwrap()
            .unwrap();
        assert_eq!(
            r.picks,
            vec![("ds1378".to_string(), 5.0), ("ns1284".to_string(), 1.0)]
        );
        assert_eq!(r.n, 7);
        assert_eq!(r.filter.platform, Some(cartelera_core::Platform::Disney));
        // No picks in the address: the stored ones are used.
        assert!(Route::parse("?view=rate").visitor_request().is_none());
        assert!(Route::parse("?view=rate&picks=")
            .visitor_request()
            .is_none());
        // A bad entry is refused with the API's message, naming it.
        for (search, bad) in [
            ("?view=rate&picks=ds1378:5,ns1284:7", "ns1284:7"),
            ("?view=rate&picks=ds1378:5,oops", "oops"),
            ("?view=rate&picks=ds1378:2.3", "ds1378:2.3"),
        ] {
            let e = Route::parse(search).visitor_request().unwrap().unwrap_err();
            assert_eq!(e.param, "picks", "{search}: {e}");
            assert!(e.to_string().contains(bad), "{search}: {e}");
            let api = VisitorRequest::parse(
                Route::parse(search)
                    .params
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            )
            .unwrap_err();
            assert_eq!(e.to_string(), api.to_string());
        }
        let e = Route::parse("?view=rate&picks=ds1:5&n=0")
            .visitor_request()
            .unwrap()
            .unwrap_err();
        assert_eq!(e.param, "n", "{e}");
    }

    #[test]
    fn similar_requests_come_from_the_title_and_similar_views() {
        let r = Route::parse("?view=similar&id=ds1378&n=5")
            .similar_request()
            .unwrap();
        assert_eq!((r.id.as_str(), r.n), ("ds1378", 5));
        let r = Route::parse("?view=title&id=ds1378&lang=es")
            .similar_request()
            .unwrap();
        assert_eq!(
            (r.id.as_str(), r.n),
            ("ds1378", RecommendRequest::DEFAULT_N)
        );
        let e = Route::parse("?view=similar&id=ds1&n=x")
            .similar_request()
            .unwrap_err();
        assert_eq!(e.param, "n", "{e}");
        let e = Route::parse("?view=similar").similar_request().unwrap_err();
        assert!(e.missing && e.param == "id", "{e}");
    }

    #[test]
    fn last_repeat_wins() {
        assert_eq!(Route::parse("?year=1&year=2").get("year"), Some("2"));
    }
}
