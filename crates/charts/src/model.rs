//! The recommender, from a factor file's card: its hyperparameters and
//! errors against the baselines, the learning curve, the test-size sweep
//! and the cross-validation folds, each drawn when the card has it.

use cartelera_core::eda::model_card::{ModelCard, SplitMetrics};

use crate::draw::{self, Kind, Plot, Series, XAxis};
use crate::{chart, Chart, Lang, Table};

pub(crate) fn charts(card: &ModelCard, lang: Lang) -> Vec<Chart> {
    let mut charts = Vec::new();
    if card.hyperparameters.is_some() || card.metrics.is_some() {
        charts.push(summary(card, lang));
    }
    if let Some(m) = card.metrics.as_ref().filter(|m| !m.epochs.is_empty()) {
        charts.push(learning_curve(m, lang));
    }
    if !card.sweep.is_empty() {
        charts.push(sweep(&card.sweep, lang));
    }
    if let Some(cv) = card.cv.as_ref().filter(|cv| !cv.folds.is_empty()) {
        charts.push(folds(cv, lang));
    }
    charts
}

fn opt(value: Option<f64>, decimals: usize, lang: Lang) -> String {
    value.map_or("–".to_string(), |v| lang.dec(v, decimals))
}

fn summary(card: &ModelCard, lang: Lang) -> Chart {
    let h = card.hyperparameters.clone().unwrap_or_default();
    let m = card.metrics.clone().unwrap_or_default();
    let base = m.baselines.clone().unwrap_or_default();
    let models = [
        ("SVD", m.rmse.zip(m.mae)),
        ("BaselineOnly", base.baseline_only.map(|e| (e.rmse, e.mae))),
        ("GlobalMean", base.global_mean.map(|e| (e.rmse, e.mae))),
    ];
    let shown: Vec<_> = models
        .iter()
        .filter_map(|(name, e)| e.map(|e| (*name, e)))
        .collect();
    let series = ["RMSE", "MAE"]
        .iter()
        .enumerate()
        .map(|(j, name)| Series {
            name: name.to_string(),
            color: draw::PALETTE[j],
            values: shown
                .iter()
                .map(|(_, (rmse, mae))| Some(if j == 0 { *rmse } else { *mae }))
                .collect(),
        })
        .collect();
    let x_label = lang.pick("Modelo", "Model").to_string();
    let y_label = lang
        .pick("Error de prueba (estrellas)", "Test error (stars)")
        .to_string();
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::Categories(shown.iter().map(|s| s.0.to_string()).collect()),
        series,
        y_format: &|y| lang.dec(y, 2),
        y_from_zero: true,
    };
    let int = |v: Option<u64>| v.map_or("–".to_string(), |v| lang.int(v));
    let rows: Vec<(String, String)> = vec![
        (
            lang.pick("Factores", "Factors").to_string(),
            int(h.n_factors),
        ),
        (lang.pick("Épocas", "Epochs").to_string(), int(h.n_epochs)),
        (
            lang.pick("Tasa de aprendizaje", "Learning rate")
                .to_string(),
            opt(h.lr_all, 4, lang),
        ),
        (
            lang.pick("Regularización", "Regularisation").to_string(),
            opt(h.reg_all, 4, lang),
        ),
        (
            lang.pick("Desv. típica inicial", "Initial factors' std")
                .to_string(),
            opt(h.init_std, 3, lang),
        ),
        (lang.pick("Semilla", "Seed").to_string(), int(h.seed)),
        (
            lang.pick("Tamaño de prueba", "Test size").to_string(),
            m.test_size.map_or("–".to_string(), |t| {
                format!("{} %", lang.dec(100.0 * t, 0))
            }),
        ),
        (
            lang.pick("Valoraciones de entrenamiento", "Training ratings")
                .to_string(),
            int(m.n_train),
        ),
        (
            lang.pick("Valoraciones de prueba", "Test ratings")
                .to_string(),
            int(m.n_test),
        ),
        ("RMSE".to_string(), opt(m.rmse, 4, lang)),
        ("MAE".to_string(), opt(m.mae, 4, lang)),
        ("Precision@10".to_string(), opt(m.precision_at_10, 4, lang)),
        ("Recall@10".to_string(), opt(m.recall_at_10, 4, lang)),
        ("NDCG@10".to_string(), opt(m.ndcg_at_10, 4, lang)),
        (
            lang.pick("Ajuste (s)", "Fit (s)").to_string(),
            opt(m.fit_seconds, 2, lang),
        ),
    ];
    let reading = match (m.rmse, base.baseline_only) {
        (Some(rmse), Some(b)) => match lang {
            Lang::En => format!(
                "SVD with {} factors and {} epochs: test RMSE {}, against {} for BaselineOnly.",
                int(h.n_factors),
                int(h.n_epochs),
                lang.dec(rmse, 4),
                lang.dec(b.rmse, 4)
            ),
            Lang::Es => format!(
                "SVD con {} factores y {} épocas: RMSE de prueba {}, frente a {} de BaselineOnly.",
                int(h.n_factors),
                int(h.n_epochs),
                lang.dec(rmse, 4),
                lang.dec(b.rmse, 4)
            ),
        },
        _ => lang
            .pick(
                "La ficha no registra métricas de prueba.",
                "The card records no test metrics.",
            )
            .to_string(),
    };
    let table = Table {
        headers: vec![
            lang.pick("Parámetro", "Parameter").to_string(),
            lang.pick("Valor", "Value").to_string(),
        ],
        rows: rows.into_iter().map(|(k, v)| vec![k, v]).collect(),
    };
    let title = lang
        .pick(
            "Hiperparámetros y errores de prueba",
            "Hyperparameters and test errors",
        )
        .to_string();
    chart(
        "model-summary",
        title,
        (x_label, y_label),
        reading,
        draw::xy(&plot, Kind::Bars),
        table,
    )
}

fn learning_curve(m: &SplitMetrics, lang: Lang) -> Chart {
    let xs: Vec<f64> = m.epochs.iter().map(|e| e.epoch as f64).collect();
    let mut series = vec![Series {
        name: lang
            .pick("RMSE de entrenamiento", "Training RMSE")
            .to_string(),
        color: draw::PALETTE[0],
        values: m.epochs.iter().map(|e| Some(e.train_rmse)).collect(),
    }];
    if let Some(rmse) = m.rmse {
        series.push(Series {
            name: lang
                .pick("RMSE de prueba (modelo final)", "Test RMSE (final model)")
                .to_string(),
            color: draw::PALETTE[1],
            values: vec![Some(rmse); xs.len()],
        });
    }
    let (first, last) = (m.epochs[0], m.epochs[m.epochs.len() - 1]);
    let reading = match lang {
        Lang::En => format!(
            "Training RMSE fell from {} (epoch {}) to {} (epoch {}); test RMSE {}.",
            lang.dec(first.train_rmse, 4),
            first.epoch,
            lang.dec(last.train_rmse, 4),
            last.epoch,
            opt(m.rmse, 4, lang)
        ),
        Lang::Es => format!(
            "El RMSE de entrenamiento bajó de {} (época {}) a {} (época {}); RMSE de prueba {}.",
            lang.dec(first.train_rmse, 4),
            first.epoch,
            lang.dec(last.train_rmse, 4),
            last.epoch,
            opt(m.rmse, 4, lang)
        ),
    };
    let x_label = lang.pick("Época", "Epoch").to_string();
    let y_label = "RMSE".to_string();
    let table = Table {
        headers: vec![
            x_label.clone(),
            lang.pick("RMSE de entrenamiento", "Training RMSE")
                .to_string(),
            lang.pick("Segundos", "Seconds").to_string(),
        ],
        rows: m
            .epochs
            .iter()
            .map(|e| {
                vec![
                    e.epoch.to_string(),
                    lang.dec(e.train_rmse, 4),
                    lang.dec(e.elapsed_seconds, 2),
                ]
            })
            .collect(),
    };
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::whole_numbers(xs),
        series,
        y_format: &|y| lang.dec(y, 3),
        y_from_zero: false,
    };
    let title = lang
        .pick("Curva de aprendizaje", "Learning curve")
        .to_string();
    chart(
        "learning-curve",
        title,
        (x_label, y_label),
        reading,
        draw::xy(&plot, Kind::Lines),
        table,
    )
}

fn sweep(rows: &[SplitMetrics], lang: Lang) -> Chart {
    let mut rows: Vec<&SplitMetrics> = rows.iter().filter(|r| r.test_size.is_some()).collect();
    rows.sort_by(|a, b| {
        a.test_size
            .partial_cmp(&b.test_size)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let xs: Vec<f64> = rows
        .iter()
        .map(|r| 100.0 * r.test_size.unwrap_or(0.0))
        .collect();
    let baseline = |r: &SplitMetrics| {
        r.baselines
            .as_ref()
            .and_then(|b| b.baseline_only)
            .map(|e| e.rmse)
    };
    let series = vec![
        Series {
            name: "SVD".to_string(),
            color: draw::PALETTE[0],
            values: rows.iter().map(|r| r.rmse).collect(),
        },
        Series {
            name: "BaselineOnly".to_string(),
            color: draw::PALETTE[1],
            values: rows.iter().map(|r| baseline(r)).collect(),
        },
    ];
    let reading = match (rows.first(), rows.last()) {
        (Some(a), Some(b)) if rows.len() > 1 => match lang {
            Lang::En => format!(
                "Test RMSE is {} with {} % held out and {} with {} %.",
                opt(a.rmse, 4, lang),
                lang.dec(xs[0], 0),
                opt(b.rmse, 4, lang),
                lang.dec(xs[xs.len() - 1], 0)
            ),
            Lang::Es => format!(
                "El RMSE de prueba es {} reservando el {} % y {} con el {} %.",
                opt(a.rmse, 4, lang),
                lang.dec(xs[0], 0),
                opt(b.rmse, 4, lang),
                lang.dec(xs[xs.len() - 1], 0)
            ),
        },
        _ => lang
            .pick("Un solo tamaño de prueba.", "One test size only.")
            .to_string(),
    };
    let x_label = lang
        .pick("Tamaño de prueba (%)", "Test size (%)")
        .to_string();
    let y_label = lang.pick("RMSE de prueba", "Test RMSE").to_string();
    let table = Table {
        headers: vec![
            x_label.clone(),
            "SVD RMSE".to_string(),
            "SVD MAE".to_string(),
            "BaselineOnly RMSE".to_string(),
            lang.pick("Valoraciones de entrenamiento", "Training ratings")
                .to_string(),
        ],
        rows: rows
            .iter()
            .zip(&xs)
            .map(|(r, x)| {
                vec![
                    lang.dec(*x, 0),
                    opt(r.rmse, 4, lang),
                    opt(r.mae, 4, lang),
                    opt(baseline(r), 4, lang),
                    r.n_train.map_or("–".to_string(), |n| lang.int(n)),
                ]
            })
            .collect(),
    };
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::whole_numbers(xs),
        series,
        y_format: &|y| lang.dec(y, 3),
        y_from_zero: false,
    };
    let title = lang
        .pick("RMSE según el tamaño de prueba", "RMSE by test size")
        .to_string();
    chart(
        "rmse-by-test-size",
        title,
        (x_label, y_label),
        reading,
        draw::xy(&plot, Kind::Lines),
        table,
    )
}

fn folds(cv: &cartelera_core::eda::model_card::CvResult, lang: Lang) -> Chart {
    let series = vec![
        Series {
            name: "RMSE".to_string(),
            color: draw::PALETTE[0],
            values: cv.folds.iter().map(|f| Some(f.rmse)).collect(),
        },
        Series {
            name: "MAE".to_string(),
            color: draw::PALETTE[1],
            values: cv.folds.iter().map(|f| Some(f.mae)).collect(),
        },
    ];
    let (mean, std) = (opt(cv.rmse_mean, 4, lang), opt(cv.rmse_std, 4, lang));
    let reading = match lang {
        Lang::En => format!(
            "Cross-validated RMSE {mean} ± {std} over {} folds.",
            cv.folds.len()
        ),
        Lang::Es => format!(
            "RMSE de validación cruzada {mean} ± {std} en {} particiones.",
            cv.folds.len()
        ),
    };
    let x_label = lang.pick("Partición", "Fold").to_string();
    let y_label = lang
        .pick("Error de prueba (estrellas)", "Test error (stars)")
        .to_string();
    let table = Table {
        headers: vec![
            x_label.clone(),
            "RMSE".to_string(),
            "MAE".to_string(),
            lang.pick("Ajuste (s)", "Fit (s)").to_string(),
        ],
        rows: cv
            .folds
            .iter()
            .map(|f| {
                vec![
                    f.fold.to_string(),
                    lang.dec(f.rmse, 4),
                    lang.dec(f.mae, 4),
                    lang.dec(f.fit_seconds, 2),
                ]
            })
            .collect(),
    };
    let plot = Plot {
        x_desc: x_label.clone(),
        y_desc: y_label.clone(),
        x: XAxis::Categories(cv.folds.iter().map(|f| f.fold.to_string()).collect()),
        series,
        y_format: &|y| lang.dec(y, 2),
        y_from_zero: true,
    };
    let title = lang
        .pick(
            "Particiones de la validación cruzada",
            "Cross-validation folds",
        )
        .to_string();
    chart(
        "cv-folds",
        title,
        (x_label, y_label),
        reading,
        draw::xy(&plot, Kind::Bars),
        table,
    )
}
