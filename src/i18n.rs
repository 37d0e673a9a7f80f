//! The page's texts in its two languages. Every fixed text of the
//! interface is a [`Msg`]; [`Msg::text`] gives it in Spanish or English.
//! Texts with numbers are the functions below, so word order can differ by
//! language. The language itself, plurals and number notation are
//! `cartelera_core::lang`'s (shared with the charts and the CLI); platform
//! names are `Platform::display_name`.

use cartelera_core::genres::Genre;
use cartelera_core::{DurationType, Lang, Noun, ParamError, Platform, Query};
use cartelera_recommender::answer::{fallback_note, UNKNOWN_USER_RANKING};
use cartelera_recommender::page::{NO_RATINGS, SAME_RATINGS};

use crate::route::{RouteProblem, View};

macro_rules! messages {
    ($($name:ident => $es:literal, $en:literal;)*) => {
        /// The interface's fixed texts.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $(#[doc = $en] $name,)* }

        impl Msg {
            /// Every message (for the completeness test).
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// This text in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match self { $(Msg::$name => lang.pick($es, $en),)* }
            }
        }
    };
}

messages! {
    Tagline => "Los catálogos de Amazon Prime Video, Disney+, Hulu y Netflix, consultados en tu navegador.",
        "The Amazon Prime Video, Disney+, Hulu and Netflix catalogs, queried in your browser.";
    NavHome => "Inicio", "Home";
    NavSearch => "Buscar", "Search";
    NavQueries => "Consultas", "Queries";
    LanguageLabel => "Idioma", "Language";
    SkipToContent => "Saltar al contenido", "Skip to content";
    Loading => "Descargando el catálogo…", "Downloading the catalog…";
    Decoding => "Preparando el catálogo…", "Preparing the catalog…";
    LoadFailed => "No se pudo cargar el catálogo", "The catalog could not be loaded";
    LoadFailedHint => "Vuelve a cargar la página. Si el problema sigue, los archivos de datos del sitio faltan o están dañados: reconstrúyelos con «cargo xtask dist».",
        "Reload the page. If the problem persists, the site's data files are missing or damaged: rebuild them with `cargo xtask dist`.";
    Retry => "Reintentar", "Retry";
    LinkProblem => "Este enlace tiene un problema", "This link has a problem";
    BadParameter => "Parámetro no válido", "Invalid parameter";
    Run => "Consultar", "Run";
    Any => "Cualquiera", "Any";
    Platform => "Plataforma", "Platform";
    Year => "Año de estreno", "Release year";
    DurationType => "Unidad de duración", "Duration unit";
    Minutes => "Minutos (películas)", "Minutes (movies)";
    Seasons => "Temporadas (series)", "Seasons (shows)";
    Scored => "Puntuación mayor que", "Score above";
    QueryMaxDuration => "Título más largo", "Longest title";
    QueryMaxDurationHelp => "La película más larga (en minutos) o la serie con más temporadas, con filtros opcionales de año y plataforma.",
        "The longest movie (in minutes) or the show with the most seasons, optionally by year and platform.";
    QueryScoreCount => "Películas con buena puntuación", "Well-scored movies";
    QueryScoreCountHelp => "Cuántas películas de una plataforma y año tienen una puntuación media mayor que un umbral.",
        "How many movies of a platform and year have a mean score above a threshold.";
    QueryCountPlatform => "Títulos por plataforma", "Titles per platform";
    QueryCountPlatformHelp => "Cuántas películas y series tiene una plataforma.",
        "How many movies and shows a platform has.";
    QueryActor => "Actor más frecuente", "Most frequent actor";
    QueryActorHelp => "Quién aparece en más repartos de una plataforma en un año de estreno.",
        "Who appears in the most casts of a platform's titles released in a year.";
    AnsweredIn => "respondida en", "answered in";
    NoAnswer => "Sin respuesta", "No answer";
    Movies => "Películas", "Movies";
    Shows => "Series", "Shows";
    Total => "Total", "Total";
    ShowJson => "Respuesta JSON (la misma que la API)", "JSON answer (the same as the API's)";
    QueryName => "Nombre en la API", "Name in the API";
    SearchLabel => "Título, director o reparto", "Title, director or cast";
    SearchPlaceholder => "p. ej. the traitor", "e.g. the traitor";
    Type => "Tipo", "Type";
    Movie => "Película", "Movie";
    Show => "Serie", "Show";
    YearFrom => "Desde el año", "From year";
    YearTo => "Hasta el año", "To year";
    Genre => "Género", "Genre";
    AgeRating => "Clasificación por edad", "Age classification";
    ClearFilters => "Quitar filtros", "Clear filters";
    NoMatches => "Ningún título coincide con la búsqueda. Prueba con menos palabras o quita filtros.",
        "No title matches. Try fewer words or clear some filters.";
    Director => "Dirección", "Director";
    Cast => "Reparto", "Cast";
    Country => "País", "Country";
    DateAdded => "Añadido el", "Date added";
    Duration => "Duración", "Duration";
    Genres => "Géneros", "Genres";
    Description => "Sinopsis", "Description";
    DescriptionLoading => "Cargando la sinopsis…", "Loading the description…";
    DescriptionMissing => "Sin sinopsis.", "No description.";
    DescriptionFailed => "No se pudo cargar la sinopsis", "The description could not be loaded";
    Score => "Puntuación", "Score";
    NotRated => "Nadie la ha valorado todavía", "Nobody has rated it yet";
    TitleId => "Identificador", "Id";
    TitleHeading => "Título", "Title";
    TitleNotFound => "No hay ningún título con ese identificador.", "No title has that id.";
    MissingId => "Falta el parámetro `id` (p. ej. ?view=title&id=ns2186).", "Missing parameter `id` (e.g. ?view=title&id=ns2186).";
    Unknown => "desconocido", "unknown";
    NavEda => "Gráficos", "Charts";
    NavExplore => "Explorar", "Explore";
    NavAnalysis => "Análisis", "Analysis";
    Menu => "Menú", "Menu";
    MainNav => "Secciones", "Sections";
    HomeHeading => "Qué ver en Prime Video, Disney+, Hulu y Netflix", "What to watch on Prime Video, Disney+, Hulu and Netflix";
    HomeSearchLabel => "Busca una película, una serie o una persona", "Find a movie, a show or a person";
    BestByViewers => "Lo mejor valorado por espectadores reales", "Best rated by real viewers";
    BestByViewersHelp => "Según las valoraciones de MovieLens.", "From MovieLens viewers' ratings.";
    BestInCatalog => "Estrenos más recientes", "Newest releases";
    QuestionsHeading => "Preguntas al catálogo", "Ask the catalog";
    ApiHint => "API", "API";
    TechnicalDetails => "Detalles técnicos", "Technical details";
    ViewerLabel => "Espectador (número)", "Viewer (number)";
    ShowMoreRows => "Ver todo", "See all";
    EdaHelp => "Gráficos del catálogo, de la calidad de los datos y del modelo, calculados en tu navegador. Los filtros se aplican a los gráficos del catálogo.",
        "Charts of the catalog, of the data's quality and of the model, computed in your browser. The filters apply to the catalog charts.";
    ShowNumbers => "Ver los números", "Show the numbers";
    QualityUnavailable => "Faltan los gráficos de calidad de datos", "The data-quality charts are unavailable";
    ModelChartsUnavailable => "Faltan los gráficos del modelo", "The model charts are unavailable";
    NavRecommend => "Recomendar", "Recommend";
    RecommendHelp => "Los mejores títulos para un usuario según el modelo (sin los que ya valoró), junto a sus títulos mejor valorados.",
        "A user's best titles according to the model (leaving out those they rated), beside their own best-rated titles.";
    NavPredict => "Predecir", "Predict";
    PredictHelp => "La valoración que el modelo predice para un usuario y un título, y de qué se compone.",
        "The rating the model predicts for a user and a title, and what it is made of.";
    NavRate => "Valora tú", "Rate yourself";
    RateHelp => "Valora unos cuantos títulos y recibe recomendaciones al momento. Todo se calcula en tu navegador: tus valoraciones se guardan solo aquí.",
        "Rate a few titles and get recommendations at once. Everything is computed in your browser: your ratings are only kept here.";
    NavModel => "Modelo", "Model";
    ModelHelp => "Los dos modelos que usa esta página: cómo se entrenó cada uno y cómo de bueno es, según su archivo de factores.",
        "The two models this page uses: how each was trained and how good it is, from its factor file.";
    UserId => "Id de usuario", "User id";
    HowMany => "Cuántos títulos", "How many titles";
    TitlePicker => "Título (escribe y elige una sugerencia)", "Title (type and pick a suggestion)";
    Predicted => "predicción", "predicted";
    Rated => "valoró", "rated";
    Similarity => "similitud", "similarity";
    PopularInstead => "En su lugar, los títulos mejor puntuados (no personalizados):", "Instead, the best-scored titles (not personal):";
    MeanScore => "puntuación media", "mean score";
    FallbackNote => "Alternativa", "Fallback";
    ModelLoading => "Cargando el modelo…", "Loading the model…";
    ModelFailed => "No se pudo cargar el modelo", "The model could not be loaded";
    TheirBest => "Sus títulos mejor valorados", "Their best-rated titles";
    NoHistory => "El modelo no tiene valoraciones de este usuario.", "The model has no ratings from this user.";
    HowItAddsUp => "Cómo se compone", "How it adds up";
    GlobalMean => "Media global (μ)", "Global mean (μ)";
    UserBias => "Sesgo del usuario", "User bias";
    TitleBias => "Sesgo del título", "Title bias";
    TasteMatch => "Afinidad de gustos (qᵢ·pᵤ)", "Taste match (qᵢ·pᵤ)";
    Prediction => "Predicción (acotada a 0,5–5)", "Prediction (clipped to 0.5–5)";
    ActualRating => "Su valoración real", "Their actual rating";
    MoreLikeThis => "Parecidos", "More like this";
    NoSimilar => "El modelo no sabe nada de este título todavía.", "The model knows nothing about this title yet.";
    YourRatings => "Tus valoraciones", "Your ratings";
    YourRating => "Tu valoración", "Your rating";
    NotRatedByYou => "Sin valorar", "Not rated";
    FindToRate => "Busca un título para valorarlo", "Find a title to rate";
    StarterSet => "Los títulos más valorados por espectadores reales, de varios géneros y plataformas", "The titles real viewers rated most, across genres and platforms";
    AlsoOn => "también en", "also on";
    SyntheticRatings => "Valoraciones sintéticas", "Synthetic ratings";
    SyntheticRatingsHelp => "generadas para la demostración del proyecto, no dadas por espectadores", "generated for the project's demo, not given by viewers";
    NoViewerRatings => "Los espectadores de MovieLens no valoraron este título.", "MovieLens viewers did not rate this title.";
    BadSharedPicks => "Las valoraciones del enlace no son válidas", "The ratings in this link are not valid";
    TasteModelHeading => "Modelo de gustos reales (visitantes y «Parecidos»)", "Real-taste model (visitors and \"More like this\")";
    TasteModelHelp => "Aprendido de las valoraciones reales de MovieLens y del contenido de cada título (géneros, personas, países, palabras de la sinopsis), de modo que todo título tiene un vector aunque nadie lo haya valorado.",
        "Learned from MovieLens' real ratings and each title's content (genres, people, countries, words of the synopsis), so every title has a vector even when nobody rated it.";
    RatingsModelHeading => "Modelo de valoraciones (recomendaciones y predicciones por usuario)", "Ratings model (recommendations and predictions by user)";
    TasteEvaluation => "Evaluación sobre datos reales", "Evaluation on real data";
    TasteNoEvaluation => "Este archivo se entrenó sin evaluación («cartelera taste --no-eval»); «cartelera taste» la imprime y docs/recommender.md la recoge.",
        "This file was trained without the evaluation (`cartelera taste --no-eval`); `cartelera taste` prints it and docs/recommender.md keeps it.";
    EvalAccuracy => "(a) Precisión: RMSE/MAE sobre el 20 % reservado", "(a) Accuracy: RMSE/MAE on the held-out 20 %";
    EvalColdStart => "(b) Arranque en frío: títulos fuera del entrenamiento", "(b) Cold start: titles left out of training";
    EvalNewVisitor => "(c) Visitante nuevo: 5 valoraciones, aciertos en el top 10", "(c) New visitor: 5 ratings, hits in the top 10";
    CardModelName => "Modelo", "Model";
    CardLinkedMovies => "Películas de MovieLens enlazadas al catálogo", "MovieLens movies linked to the catalog";
    CardFeatures => "Rasgos de contenido", "Content features";
    CardRatings => "Valoraciones", "Ratings";
    ClearPicks => "Borrar mis valoraciones", "Clear my ratings";
    SharePicks => "Compartir mis valoraciones", "Share my picks";
    SharePicksLink => "Enlace con mis valoraciones (quien lo abra las verá)", "Link with my ratings (whoever opens it sees them)";
    SharedPicks => "Estás viendo valoraciones compartidas en el enlace; no se guardan salvo que lo pidas.", "You are viewing ratings shared in the link; they are not saved unless you ask.";
    KeepPicks => "Guardarlas como mías", "Keep them as mine";
    ForYou => "Para ti", "For you";
    OfflineUsers => "Usuarios disponibles sin conexión", "Users available offline";
    MakeAllOffline => "Descargar todos los usuarios", "Download every user";
    ModelChartsLink => "Gráficos del modelo (curva de aprendizaje, errores)", "Model charts (learning curve, errors)";
    CardSource => "Origen", "Source";
    CardFactors => "Factores", "Factors";
    CardEpochs => "Épocas", "Epochs";
    CardLearningRate => "Tasa de aprendizaje", "Learning rate";
    CardRegularisation => "Regularización", "Regularisation";
    CardTrainRatings => "Valoraciones de entrenamiento", "Training ratings";
    CardTestRatings => "Valoraciones de prueba", "Test ratings";
    CardUsers => "Usuarios", "Users";
    CardTitles => "Títulos", "Titles";
    CardRmse => "RMSE de prueba", "Test RMSE";
    CardMae => "MAE de prueba", "Test MAE";
    CardBaselineRmse => "RMSE solo con sesgos", "Biases-only RMSE";
    CardMeanRmse => "RMSE de la media global", "Global-mean RMSE";
    CardPrecision => "Precisión@10", "Precision@10";
    CardRecall => "Exhaustividad@10", "Recall@10";
    CardNdcg => "NDCG@10", "NDCG@10 ";
    CardFitSeconds => "Entrenamiento (s)", "Training (s)";
    CardHistoryRatings => "Valoraciones en los historiales", "Ratings in the viewers' histories";
    CardStorage => "Almacenamiento de los factores", "Factor storage";
    CardStorageCost => "Coste en RMSE del almacenamiento", "RMSE cost of the storage";
    OfflineReady => "Disponible sin conexión", "Available offline";
    Footer => "Datos: catálogos públicos de las plataformas; valoraciones sintéticas (ver data/README.md). Todo se calcula en tu navegador.",
        "Data: the platforms' public catalogs; synthetic ratings (see data/README.md). Everything is computed in your browser.";
    // pagedata: search, the work page, the watchlist.
    Platforms => "Plataformas", "Platforms";
    SortBy => "Ordenar por", "Sort by";
    SortRelevance => "Relevancia", "Relevance";
    SortYear => "Más recientes", "Newest";
    SortScore => "Mejor puntuados", "Highest score";
    SortLength => "Más largos", "Longest";
    MinScore => "Puntuación mínima", "Minimum score";
    AgeBandLabel => "Edad", "Age";
    ShowMore => "Mostrar más", "Show more";
    WhereToWatch => "Dónde verlo", "Where to watch";
    SearchOnPlatform => "Buscar en la plataforma (se abre en una pestaña nueva)", "Search on the platform (opens in a new tab)";
    AddToWatchlist => "Añadir a mi lista", "Add to my list";
    InWatchlist => "En mi lista (quitar)", "On my list (remove)";
    MarkSeen => "Marcar como vista", "Mark as seen";
    Seen => "Vista (desmarcar)", "Seen (unmark)";
    NavWatchlist => "Mi lista", "My list";
    WatchlistEmpty => "Tu lista está vacía: añade títulos desde su página.", "Your list is empty: add titles from their page.";
    SeenHeading => "Vistas", "Seen";
    ToWatch => "Para ver", "To watch";
    WatchlistExport => "Exportar (archivo JSON)", "Export (JSON file)";
    WatchlistImport => "Importar un archivo", "Import a file";
    WatchlistShare => "Enlace para compartir", "Link to share";
    WatchlistImportFailed => "No se pudo importar el archivo", "The file could not be imported";
    WatchlistShared => "Lista compartida", "Shared list";
    WatchlistKeep => "Guardar en mi lista", "Save to my list";
    WatchlistPrivacy => "Tu lista se guarda solo en este navegador.", "Your list is kept in this browser only.";
    WatchlistRemove => "Quitar", "Remove";
    SeenUnmark => "No la he visto", "Not seen";
    WatchlistGone => "ya no está en el catálogo", "no longer in the catalog";
    WatchlistImported => "Archivo importado: sus títulos se añadieron a tu lista.", "File imported: its titles were added to your list.";
    WatchlistShareHelp => "El enlace lleva tu lista para ver (no lo que has visto).", "The link carries your list to watch (not what you have seen).";
    WatchlistSharedHelp => "Alguien te ha pasado esta lista. Guárdala para unirla a la tuya.", "Someone shared this list with you. Save it to join it to yours.";
    WatchlistBadLink => "Este enlace de lista no es válido", "This list link is not valid";
    SeenEmpty => "Aún no has marcado nada como visto.", "You have not marked anything as seen yet.";
    SeenHelp => "Lo que marcas como visto sale de tus recomendaciones.", "What you mark as seen leaves your recommendations.";
    WatchlistFileHeading => "Copia y enlace", "Backup and link";
    Details => "Detalles técnicos", "Technical details";
    // Issue 16: a history brought from another service, which platform fits.
    NavImport => "Importar tu historial", "Import your history";
    ImportHelp => "Trae lo que has valorado o visto en IMDb, Letterboxd o Netflix. El archivo se lee en este navegador: nada sale de él, y nada se guarda hasta que lo confirmes.",
        "Bring what you have rated or watched on IMDb, Letterboxd or Netflix. The file is read in this browser: nothing leaves it, and nothing is kept until you confirm.";
    ImportWhere => "Dónde conseguir el archivo", "Where to get the file";
    ImportWhereImdb => "IMDb: «Tus valoraciones» → «Exportar» («ratings.csv»).", "IMDb: “Your ratings” → “Export” (ratings.csv).";
    ImportWhereLetterboxd => "Letterboxd: «Ajustes» → «Importar y exportar» → «Exportar tus datos»; elige el zip tal cual, o uno de sus archivos «ratings.csv», «watched.csv» o «diary.csv».",
        "Letterboxd: “Settings” → “Import & Export” → “Export your data”; choose the zip as it is, or its ratings.csv, watched.csv or diary.csv.";
    ImportWhereNetflix => "Netflix: «Cuenta» → «Actividad de visionado» → «Descargar todo» («NetflixViewingHistory.csv»).",
        "Netflix: “Account” → “Viewing activity” → “Download all” (NetflixViewingHistory.csv).";
    ImportWhereOwn => "Cartelera: tus valoraciones descargadas desde «Valora tú» (CSV) o el archivo de «Mi lista» (JSON).",
        "Cartelera: your ratings downloaded from “Rate yourself” (CSV) or the “My list” file (JSON).";
    ImportChoose => "Elegir un archivo", "Choose a file";
    ImportFailed => "No se pudo leer el archivo", "The file could not be read";
    ImportMatched => "Encontrados en el catálogo", "Found in the catalog";
    ImportAmbiguous => "Elige cuál es", "Choose which one";
    ImportUnmatched => "No encontrados", "Not found";
    ImportSkipped => "Filas omitidas", "Rows left out";
    ImportNoneOfThese => "Ninguno de estos", "None of these";
    ImportConfirm => "Usar este historial", "Use this history";
    ImportDiscard => "Descartar", "Discard";
    ImportNothing => "Nada de este archivo está en el catálogo: no hay nada que guardar.", "Nothing in this file is in the catalog: there is nothing to keep.";
    ImportListsDone => "Archivo de «Mi lista» importado: sus títulos se añadieron a tu lista.", "“My list” file imported: its titles were added to your list.";
    ImportSeeReco => "Ver tus recomendaciones", "See your recommendations";
    ImportImplicit => "Un título visto sin valoración cuenta como 3,5★, y más si lo viste varias veces (4★ de 2 a 4 veces, 4,5★ de 5 a 19, 5★ desde 20).",
        "A title seen but not rated counts as 3.5★, and more when watched several times (4★ for 2 to 4 times, 4.5★ for 5 to 19, 5★ from 20).";
    ImportInFile => "En el archivo", "In the file";
    ImportInCatalog => "En el catálogo", "In the catalog";
    ImportYourRating => "Tu valoración", "Your rating";
    NavFit => "Qué plataforma te conviene", "Which platform fits you";
    FitHelp => "A partir de tus valoraciones, hechas aquí o importadas: cuántas de tus 100 mejores recomendaciones tiene cada plataforma, cómo de buenas son para ti sus 20 mejores y cuánto de lo que ya has visto está en ella.",
        "From your ratings, made here or imported: how many of your top 100 recommendations each platform carries, how good its 20 best are for you, and how much of what you have already seen is on it.";
    FitEmpty => "Aún no hay nada en lo que basarse: valora unos títulos o importa tu historial.", "There is nothing to go on yet: rate a few titles or import your history.";
    FitShared => "Clasificación compartida", "A shared ranking";
    FitSharedHelp => "Este enlace lleva solo la clasificación y sus cifras, no el historial que la produjo.", "This link carries only the ranking and its figures, not the history behind it.";
    FitYours => "Calcula la tuya", "Work out yours";
    FitShare => "Enlace para compartir esta clasificación", "Link to share this ranking";
    FitShareHelp => "Lleva solo las cifras de cada plataforma: ni títulos ni valoraciones.", "It carries each platform's figures only: no titles, no ratings.";
    FitBadLink => "Este enlace de clasificación no es válido", "This ranking link is not valid";
    FitOutOf => "de tus 100 mejores", "of your top 100";
    RateExport => "Descargar mis valoraciones (CSV)", "Download my ratings (CSV)";
    RateImportLink => "¿Ya valoras en IMDb o Letterboxd, o ves Netflix? Importa tu historial.", "Already rating on IMDb or Letterboxd, or watching Netflix? Import your history.";
    NavTrain => "Entrena con tus datos", "Train on your data";
    TrainHelp => "Elige o suelta aquí un archivo de valoraciones (o una carpeta): el esquema del proyecto original (userId,rating,timestamp,movieId) o el de MovieLens (userId,movieId,rating,timestamp). La página lo revisa con las reglas del ETL, entrena el SVD con sesgos en segundo plano, lo compara con las referencias y lo guarda en este navegador. Nada sale de tu equipo.", "Choose or drop a ratings file (or a folder) here: the original project's schema (userId,rating,timestamp,movieId) or MovieLens' (userId,movieId,rating,timestamp). The page checks it with the ETL's rules, trains the biased SVD in the background, compares it with the baselines and keeps it in this browser. Nothing leaves your device.";
    TrainChooseFiles => "Elegir archivos", "Choose files";
    TrainChooseFolder => "Elegir una carpeta", "Choose a folder";
    TrainDrop => "o suéltalos aquí", "or drop them here";
    TrainFactors => "Factores (k)", "Factors (k)";
    TrainEpochs => "Épocas", "Epochs";
    TrainCancel => "Cancelar", "Cancel";
    TrainCancelled => "Entrenamiento cancelado: no se ha guardado nada nuevo.", "Training cancelled: nothing new was kept.";
    TrainFailed => "No se pudo entrenar con estos archivos", "Could not train on these files";
    TrainReading => "Leyendo y revisando los archivos…", "Reading and checking the files…";
    TrainScoring => "Evaluando contra las referencias…", "Scoring against the baselines…";
    TrainSaving => "Guardando el modelo…", "Saving the model…";
    TrainStarting => "Preparando el entrenamiento…", "Getting the training ready…";
    TrainQuarantine => "Revisión de los archivos (reglas del ETL)", "File check (the ETL's rules)";
    TrainFile => "Archivo", "File";
    TrainRowsRead => "Filas leídas", "Rows read";
    TrainRowsKept => "Conservadas", "Kept";
    TrainRowsQuarantined => "En cuarentena", "Quarantined";
    TrainReason => "Motivo", "Reason";
    TrainExample => "Primer ejemplo", "First example";
    TrainMetrics => "Tu modelo: error en las valoraciones reservadas", "Your model: error on the held-out ratings";
    TrainPredictor => "Método", "Predictor";
    TrainModelRow => "SVD con sesgos (este modelo)", "Biased SVD (this model)";
    TrainGlobalMean => "Media global", "Global mean";
    TrainBaselineOnly => "Solo sesgos (BaselineOnly)", "Biases only (BaselineOnly)";
    TrainUse => "Usa el modelo", "Use the model";
    TrainUser => "Usuario (userId)", "User (userId)";
    TrainItem => "Título (movieId)", "Title (movieId)";
    TrainRecommend => "Recomendar", "Recommend";
    TrainPredict => "Predecir", "Predict";
    TrainDownload => "Descargar el modelo (.zip)", "Download the model (.zip)";
    TrainForget => "Olvidar este modelo", "Forget this model";
    TrainKept => "Guardado en este navegador: sigue aquí en tu próxima visita, también sin conexión.", "Kept in this browser: it is here on your next visit, offline too.";
    TrainNotKept => "No se pudo guardar en este navegador (se usa solo en esta visita)", "Could not be kept in this browser (used for this visit only)";
    TrainStoredBroken => "El modelo guardado en este navegador no se puede leer; entrena uno nuevo", "The model kept in this browser cannot be read; train a new one";
    TrainSkipped => "Archivos dejados de lado (ni valoraciones ni títulos)", "Files left aside (neither ratings nor titles)";
    TrainPredicted => "Predicción", "Prediction";
}

/// The heading and the tab's name of a view: "Buscar" / "Search" (the
/// document title is this with " · Cartelera").
pub fn view_name(lang: Lang, view: View) -> &'static str {
    let msg = match view {
        View::Home => return "Cartelera",
        View::Query(kind) => match kind {
            cartelera_core::QueryKind::MaxDuration => Msg::QueryMaxDuration,
            cartelera_core::QueryKind::ScoreCount => Msg::QueryScoreCount,
            cartelera_core::QueryKind::CountPlatform => Msg::QueryCountPlatform,
            cartelera_core::QueryKind::Actor => Msg::QueryActor,
        },
        View::Search => Msg::NavSearch,
        View::Title => Msg::TitleHeading,
        View::Eda => Msg::NavEda,
        View::Recommend => Msg::NavRecommend,
        View::Predict => Msg::NavPredict,
        View::Similar => Msg::MoreLikeThis,
        View::Rate => Msg::NavRate,
        View::Watchlist => Msg::NavWatchlist,
        View::Import => Msg::NavImport,
        View::Fit => Msg::NavFit,
        View::Model => Msg::NavModel,
        View::Train => Msg::NavTrain,
    };
    msg.text(lang)
}

/// The tab's title: "Buscar · Cartelera"; a title's page names the title
/// ("Lupin · Cartelera"), the home is "Cartelera".
pub fn document_title(lang: Lang, view: View, subject: Option<&str>) -> String {
    match (view, subject) {
        (View::Home, _) => "Cartelera".to_string(),
        (_, Some(subject)) if !subject.trim().is_empty() => format!("{subject} · Cartelera"),
        _ => format!("{} · Cartelera", view_name(lang, view)),
    }
}

/// The home's row of a platform's newest titles.
pub fn recently_added_on(lang: Lang, platform: Platform) -> String {
    let p = platform.display_name();
    lang.pick(
        format!("Recién llegado a {p}"),
        format!("Just added to {p}"),
    )
}

/// A canonical genre's name in `lang`.
pub fn genre_name(lang: Lang, genre: Genre) -> &'static str {
    lang.pick(genre.name_es(), genre.name_en())
}

/// A ratings-model user as a person: "Espectador 42" / "Viewer 42".
pub fn viewer(lang: Lang, id: &str) -> String {
    lang.pick(format!("Espectador {id}"), format!("Viewer {id}"))
}

/// A viewer's one-line taste: "Le gusta: drama, comedia y terror" /
/// "Likes drama, comedy and horror" (nothing when no genre is known).
pub fn taste_summary(lang: Lang, genres: &[Genre]) -> Option<String> {
    let names: Vec<String> = genres
        .iter()
        .map(|&g| genre_name(lang, g).to_lowercase())
        .collect();
    let list = match names.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), lang.pick("y", "and")),
    };
    Some(lang.pick(format!("Le gusta: {list}"), format!("Likes {list}")))
}

/// "Recomendado para Espectador 42".
pub fn recommended_for_viewer(lang: Lang, user: &str) -> String {
    let who = viewer(lang, user);
    lang.pick(
        format!("Recomendado para {who}"),
        format!("Recommended for {who}"),
    )
}

/// The ratings model's size in words: "22.998 títulos · 2000 usuarios".
pub fn model_size(lang: Lang, titles: u64, users: u64) -> String {
    format!(
        "{} · {}",
        lang.count(titles, Noun::TITLE),
        lang.count(users, Noun::USER)
    )
}

/// "1 de 2 partes de los espectadores descargadas".
pub fn shards_ready(lang: Lang, ready: usize, total: usize) -> String {
    lang.pick(
        format!("{ready} de {total} partes descargadas"),
        format!("{ready} of {total} parts downloaded"),
    )
}

/// A recommender's fallback note in `lang`: the recommender writes them in
/// English (the CLI's and the API's text); the page says the known ones
/// in Spanish and shows any other as written.
pub fn fallback_text(lang: Lang, note: &str) -> String {
    if lang == Lang::En {
        return note.to_string();
    }
    let known = [
        (NO_RATINGS.to_string(), "aún no hay valoraciones: los títulos más populares por puntuación"),
        (
            SAME_RATINGS.to_string(),
            "todas tus valoraciones son iguales, lo que no dice nada de tus gustos: los títulos más populares por puntuación",
        ),
        (
            UNKNOWN_USER_RANKING.to_string(),
            "espectador desconocido: títulos ordenados por la media global y el sesgo de cada título",
        ),
        (
            fallback_note(false, true).unwrap_or_default(),
            "espectador desconocido: media global + sesgo del título",
        ),
        (
            fallback_note(true, false).unwrap_or_default(),
            "título desconocido: media global + sesgo del espectador",
        ),
        (
            fallback_note(false, false).unwrap_or_default(),
            "espectador y título desconocidos: media global",
        ),
    ];
    known
        .iter()
        .find(|(en, _)| en == note)
        .map_or_else(|| note.to_string(), |(_, es)| es.to_string())
}

/// What a parameter accepts, in Spanish: core writes it in English (the
/// CLI's and the API's text); the phrases the page can show are said here.
fn expected_es(expected: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        (
            "title:rating pairs separated by commas, ratings 0.5 to 5 in half steps",
            "pares título:valoración separados por comas, valoraciones de 0,5 a 5 en medios puntos",
        ),
        (
            "a release year between 1800 and 2100",
            "un año de estreno entre 1800 y 2100",
        ),
        ("a release year", "un año de estreno"),
        ("a number between 0 and 5", "un número entre 0 y 5"),
        ("a whole number from 1 to", "un número entero de 1 a"),
        ("a user id", "un número de espectador"),
        ("a title id", "el id de un título"),
        ("movie or tv show", "movie (película) o tv show (serie)"),
        ("min, season (or seasons)", "min, season (o seasons)"),
        ("such as 3.5", "p. ej. 3,5"),
        (", such as", ", p. ej."),
        (" such as", ", p. ej."),
        ("one of", "uno de"),
        ("(for ", "(para "),
    ];
    if expected == cartelera_history::FitSummary::EXPECTED {
        return "hasta cuatro entradas PLATAFORMA:MEJORES:ESTRELLAS:VISTOS separadas por comas, cada plataforma una vez, p. ej. netflix:66:4:12 (MEJORES como mucho 100, ESTRELLAS de 0 a 5, VISTOS como mucho seen_count)".into();
    }
    PHRASES
        .iter()
        .fold(expected.to_string(), |text, (en, es)| text.replace(en, es))
}

/// A parameter error as the page shows it: core's message in English, the
/// same facts in Spanish.
pub fn param_error(lang: Lang, e: &ParamError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    let clip = |s: &str| {
        cartelera_core::quote::clip(s, cartelera_core::quote::MAX_QUOTED_CHARS).into_owned()
    };
    let expected = expected_es(&e.expected);
    if e.missing {
        format!(
            "falta el parámetro `{}`: se espera {expected}",
            clip(&e.param)
        )
    } else if e.unknown {
        format!(
            "parámetro desconocido `{}`: se espera {expected}",
            clip(&e.value)
        )
    } else {
        format!(
            "valor {} no válido para el parámetro `{}`: se espera {expected}",
            cartelera_core::quote::quoted(&e.value),
            clip(&e.param)
        )
    }
}

/// A problem with the page's own address, in `lang`.
pub fn route_problem(lang: Lang, problem: &RouteProblem) -> String {
    match (lang, problem) {
        (Lang::En, p) => p.to_string(),
        (Lang::Es, RouteProblem::UnknownView(v)) => format!(
            "vista desconocida {v:?}: se espera una de {}",
            View::NAMES.join(", ")
        ),
        (Lang::Es, RouteProblem::UnknownLang(l)) => {
            format!("idioma desconocido {l:?}: se espera es o en")
        }
    }
}

/// "Showing the first `shown` of `total` titles" (or all of them).
pub fn results_count(lang: Lang, shown: usize, total: usize) -> String {
    // Counts on the page are written without thousands separators.
    let titles = Noun::TITLE.form(lang, total as u64);
    if shown < total {
        lang.pick(
            format!("{total} {titles}; se muestran los {shown} primeros"),
            format!("{total} {titles}; showing the first {shown}"),
        )
    } else {
        format!("{total} {titles}")
    }
}

/// "MovieLens viewers: 3.9 ★ (215 ratings)": real viewers' mean (shrunk
/// towards the model's mean for few ratings) and how many there are.
pub fn viewers_rating(lang: Lang, mean: f64, count: u32) -> String {
    let n = lang.count(count.into(), Noun::RATING);
    let stars = crate::format::score(lang, mean);
    lang.pick(
        format!("Espectadores de MovieLens: {stars} ({n})"),
        format!("MovieLens viewers: {stars} ({n})"),
    )
}

/// "3 titles you have seen are left out".
pub fn seen_left_out(lang: Lang, n: usize) -> String {
    let titles = Noun::TITLE.form(lang, n as u64);
    match n {
        1 => lang.pick(
            format!("Se omite {n} {titles} que ya has visto."),
            format!("{n} {titles} you have seen is left out."),
        ),
        _ => lang.pick(
            format!("Se omiten {n} {titles} que ya has visto."),
            format!("{n} {titles} you have seen are left out."),
        ),
    }
}

/// "N ratings".
pub fn ratings_count(lang: Lang, n: u32) -> String {
    format!("{n} {}", Noun::RATING.form(lang, n.into()))
}

/// A length with its unit: "151 min", "3 temporadas".
pub fn duration(lang: Lang, length: u32, seasons: bool) -> String {
    if seasons {
        format!("{length} {}", Noun::SEASON.form(lang, length.into()))
    } else {
        format!("{length} min")
    }
}

/// Download progress: "1.2 of 1.4 MB" / "1,2 de 1,4 MB" (total unknown:
/// "1.2 MB").
pub fn progress(lang: Lang, received: u64, total: Option<u64>) -> String {
    let mb = |b: u64| lang.dec(b as f64 / 1e6, 1);
    match total {
        Some(t) => lang.pick(
            format!("{} de {} MB", mb(received), mb(t)),
            format!("{} of {} MB", mb(received), mb(t)),
        ),
        None => format!("{} MB", mb(received)),
    }
}

/// `get_score_count`'s answer as a sentence.
pub fn score_count_sentence(
    lang: Lang,
    count: u32,
    platform: Platform,
    year: i32,
    scored: f64,
) -> String {
    let (p, scored) = (platform.display_name(), lang.num(scored));
    lang.pick(
        format!(
            "{count} películas de {p} estrenadas en {year} tienen una puntuación media mayor que {scored}."
        ),
        format!("{count} movies of {p} released in {year} have a mean score above {scored}."),
    )
}

/// `get_actor`'s answer as a sentence (after the name).
pub fn actor_sentence(lang: Lang, count: u32, platform: Platform, year: i32) -> String {
    let p = platform.display_name();
    lang.pick(
        format!("aparece en {count} títulos de {p} estrenados en {year}."),
        format!("appears in {count} of {p}'s titles released in {year}."),
    )
}

/// Why a query found nothing, in terms of what was asked.
pub fn no_answer(lang: Lang, query: &Query) -> String {
    match *query {
        Query::MaxDuration {
            year,
            platform,
            duration_type,
        } => {
            let seasons = duration_type == Some(DurationType::Season);
            let (of, released) = lang.pick((" de ", " estrenada en "), (" of ", " released in "));
            let of = platform.map_or(String::new(), |p| format!("{of}{}", p.display_name()));
            let released = year.map_or(String::new(), |y| format!("{released}{y}"));
            match (lang, seasons) {
                (Lang::Es, false) => {
                    format!("ninguna película{of}{released} tiene duración en minutos.")
                }
                (Lang::Es, true) => {
                    format!("ninguna serie{of}{released} tiene número de temporadas.")
                }
                (Lang::En, false) => format!("no movie{of}{released} has a length in minutes."),
                (Lang::En, true) => format!("no show{of}{released} has a number of seasons."),
            }
        }
        Query::Actor { platform, year } => {
            let p = platform.display_name();
            lang.pick(
                format!("ningún título de {p} estrenado en {year} indica su reparto."),
                format!("none of {p}'s titles released in {year} lists its cast."),
            )
        }
        // The other two queries always answer (a count, possibly zero).
        Query::ScoreCount { .. } | Query::CountPlatform { .. } => String::new(),
    }
}

/// A history file's service and kind: "Valoraciones de IMDb" / "IMDb ratings".
pub fn history_format_name(lang: Lang, format: cartelera_history::HistoryFormat) -> &'static str {
    use cartelera_history::HistoryFormat as F;
    match format {
        F::ImdbRatings => lang.pick("Valoraciones de IMDb", "IMDb ratings"),
        F::LetterboxdRatings => lang.pick("Valoraciones de Letterboxd", "Letterboxd ratings"),
        F::LetterboxdWatched => lang.pick("Vistas en Letterboxd", "Letterboxd watched"),
        F::LetterboxdDiary => lang.pick("Diario de Letterboxd", "Letterboxd diary"),
        F::NetflixViewing => lang.pick(
            "Historial de visionado de Netflix",
            "Netflix viewing history",
        ),
        F::CarteleraPicks => lang.pick("Valoraciones de Cartelera", "Cartelera ratings"),
    }
}

/// A quarantine reason of the ETL's (`etl_report.json`'s key) in words.
pub fn quarantine_reason(lang: Lang, reason: &str) -> String {
    let words = match reason {
        "wrong_field_count" => lang.pick("número de campos incorrecto", "wrong number of fields"),
        "unterminated_quote" => lang.pick("comillas sin cerrar", "unterminated quote"),
        "bad_user_id" => lang.pick(
            "userId no es un número entero",
            "userId is not a whole number",
        ),
        "bad_rating" => lang.pick(
            "la valoración no es un número",
            "the rating is not a number",
        ),
        "rating_not_finite" => lang.pick("valoración no finita", "rating not finite"),
        "rating_out_of_range" => lang.pick("valoración fuera de 0,5–5", "rating outside 0.5–5"),
        "rating_not_half_step" => {
            lang.pick("valoración no en medios puntos", "rating not in half steps")
        }
        "bad_timestamp" => lang.pick(
            "timestamp no es un instante Unix",
            "timestamp is not Unix seconds",
        ),
        "unknown_title" => lang.pick(
            "movieId no está en el catálogo",
            "movieId not in the catalog",
        ),
        "bad_movie_id" => lang.pick(
            "movieId vacío o demasiado largo",
            "movieId empty or too long",
        ),
        other => return other.to_string(),
    };
    words.to_string()
}

/// Where a training run stands, in words ("Época 7 de 20 · RMSE de
/// entrenamiento 0,912").
pub fn train_progress(lang: Lang, progress: &cartelera_ingest::Progress) -> String {
    use cartelera_ingest::Progress;
    match *progress {
        Progress::Reading { .. } => Msg::TrainReading.text(lang).to_string(),
        Progress::Training {
            done,
            total,
            train_rmse,
        } => format!(
            "{} {} {} {} · {} {}",
            lang.pick("Época", "Epoch"),
            lang.int(done as u64),
            lang.pick("de", "of"),
            lang.int(total as u64),
            lang.pick("RMSE de entrenamiento", "training RMSE"),
            lang.dec(train_rmse, 3)
        ),
        Progress::Scoring => Msg::TrainScoring.text(lang).to_string(),
        Progress::Saving => Msg::TrainSaving.text(lang).to_string(),
    }
}

/// One line on what a run trained on and how long it took.
pub fn train_summary(lang: Lang, card: &cartelera_ingest::TrainingCard) -> String {
    let n = |x: usize| lang.int(x as u64);
    let seconds = lang.dec(card.read_seconds + card.fit_seconds, 1);
    match lang {
        Lang::Es => format!(
            "{} valoraciones de {} usuarios sobre {} títulos ({} para entrenar, {} reservadas); k = {}, {} épocas; leído y entrenado en {seconds} s.",
            n(card.n_ratings),
            lang.int(u64::from(card.n_users)),
            lang.int(u64::from(card.n_items)),
            n(card.n_train),
            n(card.n_test),
            card.options.n_factors,
            card.options.n_epochs
        ),
        Lang::En => format!(
            "{} ratings by {} users of {} titles ({} to train on, {} held out); k = {}, {} epochs; read and trained in {seconds} s.",
            n(card.n_ratings),
            lang.int(u64::from(card.n_users)),
            lang.int(u64::from(card.n_items)),
            n(card.n_train),
            n(card.n_test),
            card.options.n_factors,
            card.options.n_epochs
        ),
    }
}

/// One line on what matching a history found: "Valoraciones de IMDb: 11
/// encontrados, 1 por elegir, 1 no encontrado, 1 fila omitida".
pub fn import_summary(lang: Lang, report: &cartelera_history::MatchReport) -> String {
    let (m, a, u, s) = (
        report.matched.len(),
        report.ambiguous.len(),
        report.unmatched.len(),
        report.skipped.len(),
    );
    let plural = |n: usize, es: [&str; 2], en: [&str; 2]| {
        let [one, many] = lang.pick(es, en);
        format!("{} {}", lang.int(n as u64), if n == 1 { one } else { many })
    };
    let mut parts = vec![
        plural(m, ["encontrado", "encontrados"], ["found", "found"]),
        plural(a, ["por elegir", "por elegir"], ["to choose", "to choose"]),
        plural(
            u,
            ["no encontrado", "no encontrados"],
            ["not found", "not found"],
        ),
    ];
    if s > 0 {
        parts.push(plural(
            s,
            ["fila omitida", "filas omitidas"],
            ["row left out", "rows left out"],
        ));
    }
    format!(
        "{}: {}",
        history_format_name(lang, report.format),
        parts.join(", ")
    )
}

/// Why an entry of a history was not matched (`UnmatchedEntry::reason`).
pub fn unmatched_reason(lang: Lang, reason: &str) -> &'static str {
    match reason {
        "ambiguous" => lang.pick("varios títulos posibles", "several possible titles"),
        "year_too_far" => lang.pick(
            "hay un título con ese nombre, pero de otro año",
            "a title of that name, but from another year",
        ),
        "tv_show" => lang.pick(
            "hay una serie con ese nombre, no una película",
            "a show of that name, not a movie",
        ),
        "low_confidence" => lang.pick(
            "parecido, pero no lo bastante",
            "close, but not close enough",
        ),
        "work_taken" => lang.pick(
            "otra fila del archivo ya es ese título",
            "another row of the file is already that title",
        ),
        "unknown_id" => lang.pick(
            "ese id no está en el catálogo",
            "that id is not in the catalog",
        ),
        _ => lang.pick("no está en el catálogo", "not in the catalog"),
    }
}

/// A seen title's line in the match report: "visto 3 veces: cuenta como 4★".
pub fn seen_counts_as(lang: Lang, views: u32, stars: f32) -> String {
    let stars = lang.num(f64::from(stars));
    match views {
        0 | 1 => lang.pick(
            format!("visto: cuenta como {stars}★"),
            format!("seen: counts as {stars}★"),
        ),
        n => lang.pick(
            format!("visto {n} veces: cuenta como {stars}★"),
            format!("seen {n} times: counts as {stars}★"),
        ),
    }
}

/// What confirming a history kept: "Guardado: 11 valoraciones y 12 títulos
/// vistos." (and, past the limit, how many ratings were kept).
pub fn import_saved(lang: Lang, ratings: usize, seen: usize, left_out: usize) -> String {
    let r = lang.count(ratings as u64, Noun::RATING);
    let t = lang.count(seen as u64, Noun::TITLE);
    let kept = lang.pick(
        format!("Guardado: {r} y {t} vistos."),
        format!("Kept: {r} and {t} seen."),
    );
    if left_out == 0 {
        kept
    } else {
        let max = cartelera_recommender::VisitorRequest::MAX_PICKS;
        lang.pick(
            format!("{kept} Se guardan como mucho {max} valoraciones: {left_out} quedan fuera (las vistas sin valorar primero)."),
            format!("{kept} At most {max} ratings are kept: {left_out} are left out (seen-only ones first)."),
        )
    }
}

/// A candidate of an ambiguous entry: "Death Note (2006, serie)".
pub fn candidate_text(
    lang: Lang,
    name: &str,
    year: i32,
    kind: cartelera_core::TitleType,
) -> String {
    let kind = match kind {
        cartelera_core::TitleType::Movie => Noun::MOVIE.one(lang),
        cartelera_core::TitleType::TvShow => Noun::SHOW.one(lang),
    };
    format!("{name} ({year}, {kind})")
}

#[cfg(test)]
mod tests {
    use cartelera_core::QueryKind;

    use super::*;

    #[test]
    fn viewers_ratings_read_as_the_issue_writes_them() {
        assert_eq!(
            viewers_rating(Lang::En, 3.94, 215),
            "MovieLens viewers: 3.9 ★ (215 ratings)"
        );
        assert_eq!(
            viewers_rating(Lang::Es, 3.94, 215),
            "Espectadores de MovieLens: 3,9 ★ (215 valoraciones)"
        );
        assert_eq!(
            viewers_rating(Lang::En, 4.0, 1),
            "MovieLens viewers: 4.0 ★ (1 rating)"
        );
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        for &msg in Msg::ALL {
            for lang in Lang::ALL {
                assert!(
                    !msg.text(lang).trim().is_empty(),
                    "{msg:?} empty in {lang:?}"
                );
            }
            // A Spanish text identical to the English one is a forgotten translation,
            // except for words that are the same in both.
            if !matches!(msg, Msg::Total | Msg::ApiHint) {
                assert_ne!(
                    msg.text(Lang::Es),
                    msg.text(Lang::En),
                    "{msg:?} untranslated"
                );
            }
        }
    }

    #[test]
    fn browser_languages_pick_the_first_supported() {
        assert_eq!(Lang::from_browser(["es-MX", "en-US"]), Lang::Es);
        assert_eq!(Lang::from_browser(["fr-FR", "en-GB", "es"]), Lang::En);
        assert_eq!(Lang::from_browser(["de", "ES"]), Lang::Es);
        assert_eq!(Lang::from_browser(["de"]), Lang::En);
        assert_eq!(Lang::from_browser([]), Lang::En);
    }

    #[test]
    fn no_answer_says_what_was_asked() {
        let q = Query::parse_kind(
            QueryKind::MaxDuration,
            [("year", "1850"), ("platform", "hulu")],
        )
        .unwrap();
        assert_eq!(
            no_answer(Lang::En, &q),
            "no movie of Hulu released in 1850 has a length in minutes."
        );
        let q = Query::parse_kind(QueryKind::Actor, [("platform", "disney"), ("year", "1900")])
            .unwrap();
        assert_eq!(
            no_answer(Lang::Es, &q),
            "ningún título de Disney+ estrenado en 1900 indica su reparto."
        );
    }

    #[test]
    fn document_titles_name_the_view() {
        assert_eq!(
            document_title(Lang::Es, View::Search, None),
            "Buscar · Cartelera"
        );
        assert_eq!(document_title(Lang::En, View::Home, None), "Cartelera");
        assert_eq!(
            document_title(Lang::En, View::Title, Some("Lupin")),
            "Lupin · Cartelera"
        );
        for view in View::ALL {
            for lang in Lang::ALL {
                assert!(document_title(lang, view, None).ends_with("Cartelera"));
            }
        }
    }

    #[test]
    fn viewers_are_people_with_a_taste() {
        assert_eq!(viewer(Lang::Es, "42"), "Espectador 42");
        assert_eq!(
            taste_summary(Lang::Es, &[Genre::Drama, Genre::Comedy, Genre::Horror]).as_deref(),
            Some("Le gusta: drama, comedia y terror")
        );
        assert_eq!(
            taste_summary(Lang::En, &[Genre::Drama]).as_deref(),
            Some("Likes drama")
        );
        assert_eq!(taste_summary(Lang::En, &[]), None);
    }

    #[test]
    fn fallbacks_and_errors_are_said_in_spanish() {
        assert_eq!(
            fallback_text(Lang::Es, NO_RATINGS),
            "aún no hay valoraciones: los títulos más populares por puntuación"
        );
        assert_eq!(fallback_text(Lang::En, NO_RATINGS), NO_RATINGS);
        let unknown_title = fallback_note(true, false).unwrap();
        assert!(fallback_text(Lang::Es, &unknown_title).starts_with("título desconocido"));
        let e = Query::parse_kind(
            QueryKind::ScoreCount,
            [("platform", "netflix"), ("year", "2020")],
        )
        .unwrap_err();
        let es = param_error(Lang::Es, &e);
        assert!(es.starts_with("falta el parámetro `scored`"), "{es}");
        assert!(!es.contains("expected") && !es.contains("between"), "{es}");
        let e = Query::parse_kind(QueryKind::Actor, [("platform", "hbo"), ("year", "2020")])
            .unwrap_err();
        let es = param_error(Lang::Es, &e);
        assert_eq!(
            es,
            "valor \"hbo\" no válido para el parámetro `platform`: se espera uno de amazon, disney, hulu, netflix"
        );
        assert_eq!(param_error(Lang::En, &e), e.to_string());
    }

    #[test]
    fn model_sizes_use_the_language_notation() {
        assert_eq!(
            model_size(Lang::Es, 22998, 2000),
            "22.998 títulos · 2.000 usuarios"
        );
        assert_eq!(model_size(Lang::En, 1, 1), "1 title · 1 user");
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(
            results_count(Lang::En, 50, 120),
            "120 titles; showing the first 50"
        );
        assert_eq!(results_count(Lang::Es, 1, 1), "1 título");
        assert_eq!(ratings_count(Lang::En, 1), "1 rating");
        assert_eq!(duration(Lang::Es, 2, true), "2 temporadas");
        assert_eq!(duration(Lang::En, 151, false), "151 min");
        assert_eq!(
            progress(Lang::En, 1_200_000, Some(2_900_000)),
            "1.2 of 2.9 MB"
        );
    }

    #[test]
    fn a_match_report_is_summed_up_with_plurals_in_both_languages() {
        let report = cartelera_history::MatchReport {
            file: "ratings.csv".into(),
            format: cartelera_history::HistoryFormat::ImdbRatings,
            matched: Vec::new(),
            ambiguous: Vec::new(),
            unmatched: Vec::new(),
            skipped: vec![(3, "an episode".into())],
        };
        assert_eq!(
            import_summary(Lang::Es, &report),
            "Valoraciones de IMDb: 0 encontrados, 0 por elegir, 0 no encontrados, 1 fila omitida"
        );
        assert_eq!(
            import_summary(Lang::En, &report),
            "IMDb ratings: 0 found, 0 to choose, 0 not found, 1 row left out"
        );
        assert_eq!(seen_counts_as(Lang::Es, 1, 3.5), "visto: cuenta como 3,5★");
        assert_eq!(
            seen_counts_as(Lang::En, 12, 4.5),
            "seen 12 times: counts as 4.5★"
        );
        assert_eq!(
            import_saved(Lang::Es, 1, 2, 0),
            "Guardado: 1 valoración y 2 títulos vistos."
        );
        assert!(import_saved(Lang::En, 500, 700, 200).contains("200 are left out"));
        // Every reason the matcher gives has its own words.
        for reason in [
            "ambiguous",
            "not_in_catalog",
            "year_too_far",
            "tv_show",
            "low_confidence",
            "work_taken",
            "unknown_id",
        ] {
            for lang in [Lang::Es, Lang::En] {
                assert!(!unmatched_reason(lang, reason).is_empty());
            }
        }
        assert_ne!(
            unmatched_reason(Lang::Es, "tv_show"),
            unmatched_reason(Lang::Es, "not_in_catalog")
        );
    }
}
